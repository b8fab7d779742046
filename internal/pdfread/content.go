package pdfread

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/opcc-tools/s55/internal/pdfsyntax"
)

// Op is one operator of a content stream with its operands, as plain
// values (see the package comment).
type Op struct {
	Name string
	Args []any
}

// Operators splits a content stream into its operators. Operands are
// parsed by pdfcpu's object parser. Inline images (BI ... ID ... EI) are
// kept as one operator "BI" with no operands.
func Operators(content []byte) ([]Op, error) {
	var ops []Op
	var args []any
	f := &File{}
	s := string(content)
	i := 0
	for {
		i = pdfsyntax.SkipWhite(s, i)
		if i >= len(s) {
			if len(args) > 0 {
				return ops, fmt.Errorf("content ends with operands and no operator")
			}
			return ops, nil
		}
		c := s[i]
		if c == '/' || c == '(' || c == '<' || c == '[' || c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9') {
			rest := s[i:]
			if c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.' {
				// A number alone: pdfcpu reads "1 0 R" as a reference,
				// which content streams never hold.
				j := i
				for j < len(s) && pdfsyntax.IsRegular(s[j]) {
					j++
				}
				rest = s[i:j]
			}
			before := len(rest)
			o, err := model.ParseObject(&rest)
			if err != nil || o == nil {
				return ops, fmt.Errorf("content at byte %d: cannot read an operand: %v", i, err)
			}
			if c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.' {
				i += before
			} else {
				i = len(s) - len(rest)
			}
			args = append(args, f.convert(o))
			continue
		}
		if c == ']' || c == '>' || c == ')' || c == '{' || c == '}' {
			return ops, fmt.Errorf("content at byte %d: unexpected %q", i, c)
		}
		j := i
		for j < len(s) && pdfsyntax.IsRegular(s[j]) {
			j++
		}
		kw := s[i:j]
		i = j
		switch kw {
		case "true", "false":
			args = append(args, kw == "true")
			continue
		case "null":
			args = append(args, nil)
			continue
		case "BI":
			// Skip to the EI that follows the image data.
			for k := i; k+2 <= len(s); k++ {
				if s[k:k+2] == "EI" && pdfsyntax.IsWhite(s[k-1]) && (k+2 == len(s) || !pdfsyntax.IsRegular(s[k+2])) {
					i = k + 2
					break
				}
			}
			ops = append(ops, Op{Name: "BI"})
			args = nil
			continue
		}
		ops = append(ops, Op{Name: kw, Args: args})
		args = nil
	}
}
