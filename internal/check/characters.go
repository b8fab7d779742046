package check

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/printable"
	"github.com/opcc-tools/s55/internal/response"
)

// maxCharErrors caps the unprintable characters reported per file.
const maxCharErrors = 20

// characters reports every character that reaches the documents and that
// they cannot print (printable.Problem): emoji and other characters beyond
// U+FFFF, and those the embedded fonts have no glyph for. The data files
// are checked as decoded, value by value, so that an escape such as
// "\u4E2D" is caught where it was typed; their comments and keys are never
// printed, and neither are the fields that name files or choose from a
// list. The letter is Markdown and is checked as written.
func (c *checker) characters() {
	c.values(c.f.Source)
	if s := c.f.OfficeSource; s != nil {
		c.values(s)
	}
	for _, b := range c.f.Letters {
		c.markdown(b.File, b.Data)
	}
}

// values checks the printed text values of a data file.
func (c *checker) values(src *response.Source) {
	n := 0
	for _, t := range src.Scalars() {
		if !printed(t.Path) {
			continue
		}
		printable.Problems(t.Value, printable.Problem, func(off int, r rune, why string) {
			if n++; n <= maxCharErrors {
				p := src.PosAt(t.Path, off)
				c.unprintable(src.File, p.Line, p.Col, t.Path, r, why)
			}
		})
	}
	c.more(src.File, n)
}

// printed reports whether the value at path, in a response or an office
// profile, reaches a document. The office's languages are tags, its
// templates and signature file and the letter's body name files (one a
// language), and an item's kind, status and standard sentence, like the
// report's scope, are chosen from lists that check holds them to.
func printed(path string) bool {
	p := strings.TrimPrefix(path, "office.")
	switch {
	case p == "language", p == "templates", p == "signature.file", p == "report.scope",
		p == "letter.body", strings.HasPrefix(p, "letter.body."), strings.HasPrefix(p, "languages["):
		return false
	}
	if strings.HasPrefix(p, "appendices[") {
		switch p[strings.LastIndexByte(p, '.')+1:] {
		case "kind", "status", "standard":
			return false
		}
	}
	return true
}

// markdown checks the letter's Markdown as written, line by line, its
// lines ending as diag.Lines says: at "\n", "\r\n" or a lone "\r".
func (c *checker) markdown(file string, data []byte) {
	n := 0
	line, col := 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		i += size
		col++
		switch {
		case r == '\r' && i < len(data) && data[i] == '\n':
			continue // the "\n" ends the line
		case r == '\n', r == '\r':
			line, col = line+1, 0
			continue
		case r == utf8.RuneError && size == 1:
			if n++; n <= maxCharErrors {
				c.diags = append(c.diags, diag.Diagnostic{File: file, Line: line, Col: col, Severity: diag.Error,
					Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02X); save the letter as UTF-8", data[i-1])})
			}
			continue
		}
		if why := printable.Problem(r); why != "" {
			if n++; n <= maxCharErrors {
				c.unprintable(file, line, col, "", r, why)
			}
		}
	}
	c.more(file, n)
}

func (c *checker) unprintable(file string, line, col int, path string, r rune, why string) {
	c.diags = append(c.diags, diag.Diagnostic{File: file, Line: line, Col: col, Severity: diag.Error, Path: path,
		Msg: fmt.Sprintf("character %s cannot be printed: %s", printable.Describe(r), why)})
}

// more says how many unprintable characters of a file went unreported.
func (c *checker) more(file string, n int) {
	if n > maxCharErrors {
		c.diags = append(c.diags, diag.Diagnostic{File: file, Severity: diag.Error,
			Msg: fmt.Sprintf("%d more characters cannot be printed", n-maxCharErrors)})
	}
}
