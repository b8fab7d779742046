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
		if startsOperand(c) {
			o, next, err := operand(s, i)
			if err != nil {
				return ops, err
			}
			args, i = append(args, o), next
			continue
		}
		if c == ']' || c == '>' || c == ')' || c == '{' || c == '}' {
			return ops, fmt.Errorf("content at byte %d: unexpected %q", i, c)
		}
		kw := s[i:regularEnd(s, i)]
		i += len(kw)
		switch kw {
		case "true", "false":
			args = append(args, kw == "true")
			continue
		case "null":
			args = append(args, nil)
			continue
		case "BI":
			i = inlineImageEnd(s, i)
			ops = append(ops, Op{Name: "BI"})
			args = nil
			continue
		}
		ops = append(ops, Op{Name: kw, Args: args})
		args = nil
	}
}

// startsOperand reports a byte that starts an operand: a name, a string, an
// array, a dictionary or a number.
func startsOperand(c byte) bool {
	return c == '/' || c == '(' || c == '<' || c == '[' || isNumberStart(c)
}

func isNumberStart(c byte) bool { return c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.' }

// regularEnd returns the end of the run of regular characters at s[i].
func regularEnd(s string, i int) int {
	for i < len(s) && pdfsyntax.IsRegular(s[i]) {
		i++
	}
	return i
}

// operand reads the operand at s[i] with pdfcpu's object parser and
// returns it as a plain value with the index after it.
func operand(s string, i int) (any, int, error) {
	rest := s[i:]
	number := isNumberStart(s[i])
	if number {
		// A number alone: pdfcpu reads "1 0 R" as a reference, which
		// content streams never hold.
		rest = s[i:regularEnd(s, i)]
	}
	before := len(rest)
	o, err := model.ParseObject(&rest)
	if err != nil || o == nil {
		return nil, i, fmt.Errorf("content at byte %d: cannot read an operand: %v", i, err)
	}
	if number {
		i += before
	} else {
		i = len(s) - len(rest)
	}
	return (&File{}).convert(o), i, nil
}

// inlineImageEnd returns the index after the EI that ends the inline
// image whose BI ends at s[i], or i when there is none.
func inlineImageEnd(s string, i int) int {
	for k := i; k+2 <= len(s); k++ {
		if s[k:k+2] == "EI" && pdfsyntax.IsWhite(s[k-1]) && (k+2 == len(s) || !pdfsyntax.IsRegular(s[k+2])) {
			return k + 2
		}
	}
	return i
}
