package check

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/printable"
)

// maxCharErrors caps the unprintable characters reported per file.
const maxCharErrors = 20

// characters reports every character of the data files and the letter that
// the PDF cannot print: those outside the Basic Multilingual Plane (emoji)
// and those the embedded fonts have no glyph for. Full-line YAML comments are
// not printed and are skipped.
func (c *checker) characters() {
	c.scan(c.f.Source.File, c.f.Source.Data, true)
	if s := c.f.OfficeSource; s != nil {
		c.scan(s.File, s.Data, true)
	}
	if c.f.BodyFile != "" {
		c.scan(c.f.BodyFile, c.f.Body, false)
	}
}

func (c *checker) scan(file string, data []byte, yaml bool) {
	n := 0
	for i, line := range bytes.Split(data, []byte("\n")) {
		if yaml && bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("#")) {
			continue
		}
		col := 0
		for len(line) > 0 {
			r, size := utf8.DecodeRune(line)
			line = line[size:]
			col++
			if r < 0x80 || printable.Problem(r) == "" {
				continue
			}
			n++
			if n > maxCharErrors {
				continue
			}
			why := printable.Problem(r)
			c.diags = append(c.diags, diag.Diagnostic{File: file, Line: i + 1, Col: col, Severity: diag.Error,
				Msg: fmt.Sprintf("character %q (U+%04X) cannot be printed: %s", r, r, why)})
		}
	}
	if n > maxCharErrors {
		c.diags = append(c.diags, diag.Diagnostic{File: file, Severity: diag.Error,
			Msg: fmt.Sprintf("%d more characters cannot be printed", n-maxCharErrors)})
	}
}
