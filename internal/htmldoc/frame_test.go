package htmldoc_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/theme"
)

// officeTheme loads the English theme with page as the office's page
// template.
func officeTheme(t *testing.T, page string) *theme.Theme {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, theme.PageFile), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	th, diags := theme.Load(dir, "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return th
}

// TestFrameMustPlaceBody: an office's frame that would drop the document,
// repeat it, or put it where the page does not show it is refused by
// Check, at the line and column of its {{.Body}} (or of the "page"
// template that lacks one), with a message that says what to do. A frame
// that places it once in the page's body passes, whatever it puts around
// it.
func TestFrameMustPlaceBody(t *testing.T) {
	const head = `{{define "page"}}<!DOCTYPE html><html lang="{{.Doc.Lang}}"><head><title>{{.Doc.Title}}</title></head><body>`
	const foot = `</body></html>{{end}}`
	for _, c := range []struct {
		name, body string
		// line and col are where the error is, -1 for the column of
		// the first .Body of line 1; want is in its message.
		line, col int
		want      string
	}{
		{"placed", `<header>Office</header>{{.Body}}<footer>{{.Doc.Author}}</footer>`, 0, 0, ""},
		{"placed with trimmed spaces", "<main>\n{{- .Body -}}\n</main>", 0, 0, ""},
		{"placed with $", `<div>{{$.Body}}</div>`, 0, 0, ""},
		{"inside an open dialog", `<dialog open>{{.Body}}</dialog>`, 0, 0, ""},
		{"in a table, where the browser moves it out", `<table><tr><td>x</td></tr>{{.Body}}</table>`, 0, 0, ""},
		{"dropped", `<p>Nothing here</p>`, 1, 18, "does not place the document: write {{.Body}}"},
		{"repeated", "{{.Body}}\n<hr>{{.Body}}", 2, 7, "names .Body a second time"},
		{"repeated in another template", "{{.Body}}{{template \"x\" .}}" + foot + "\n{{define \"x\"}}{{.Body}}{{end}}" + `{{define "unused"}}`, 2, 17, "a second time"},
		{"in if", "{{if .Doc.Title}}\n  {{.Body}}{{end}}", 2, 5, "inside {{if}}"},
		{"in else", "{{if .Doc.Title}}x{{else}}{{.Body}}{{end}}", 1, -1, "inside {{if}}"},
		{"in range", "{{range .Doc.Parts}}{{$.Body}}{{end}}", 1, -1, "inside {{if}}, {{range}}"},
		{"in with", "{{with .Doc}}{{$.Body}}{{end}}", 1, -1, "{{with}}"},
		{"in a template of its own", "{{template \"main\" .}}" + foot + "\n{{define \"main\"}}<main>{{.Body}}</main>{{end}}" + `{{define "unused"}}`, 2, 26, "a template of its own"},
		{"piped", `{{.Body | printf "%s"}}`, 1, -1, "as an action of its own"},
		{"an argument", `{{printf "%s" .Body}}`, 1, -1, "as an action of its own"},
		{"in a variable", `{{$b := .Body}}{{$b}}`, 1, -1, "as an action of its own"},
		{"in an attribute", `<div title="{{.Body}}"></div>`, 1, -1, "where the page does not show HTML"},
		{"in a comment", `<!-- {{.Body}} -->`, 1, -1, "does not show HTML"},
		{"in a script", `<script>var x = {{.Body}};</script>`, 1, -1, "does not show HTML"},
		{"in a style", `<style>{{.Body}}</style>`, 1, -1, "does not show HTML"},
		{"in a textarea", `<textarea>{{.Body}}</textarea>`, 1, -1, "does not show HTML"},
		{"in a title", `<title>{{.Body}}</title>`, 1, -1, "does not show HTML"},
		{"in a template element", `<template>{{.Body}}</template>`, 1, -1, "inside <template>"},
		{"in a hidden element", `<div><section hidden><p>{{.Body}}</p></section></div>`, 1, -1, "inside <section hidden>"},
		{"in a closed dialog", `<dialog>{{.Body}}</dialog>`, 1, -1, "inside <dialog>"},
		{"writing the blocks itself", "{{range .Doc.Parts}}{{range .Blocks}}{{if eq (kind .) \"paragraph\"}}<p>{{end}}{{end}}{{end}}", 1, 154, "writes the document's blocks itself, with kind"},
		{"in noscript", `<noscript>{{.Body}}</noscript>`, 1, -1, "does not read HTML"},
		{"in an iframe", `<iframe>{{.Body}}</iframe>`, 1, -1, "does not read HTML"},
	} {
		t.Run(c.name, func(t *testing.T) {
			th := officeTheme(t, head+c.body+foot)
			if c.col == -1 {
				c.col = len(head) + strings.Index(c.body, ".Body") + 1
			}
			err := htmldoc.Check(th)
			if c.want == "" && c.line == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var d diag.Diagnostic
			if !errors.As(err, &d) {
				t.Fatalf("%v, want a diagnostic", err)
			}
			if d.File != th.PageFile || d.Line != c.line || (c.col != 0 && d.Col != c.col) || !strings.Contains(d.Msg, c.want) {
				t.Errorf("%v\nwant %s:%d:%d: ... %s", err, th.PageFile, c.line, c.col, c.want)
			}
			// The page is not rendered either.
			var b bytes.Buffer
			if err := htmldoc.Render(&b, &document.Document{Lang: "en-GB", Title: "T"}, th); err == nil || b.Len() > 0 {
				t.Errorf("rendered %d bytes (%v) with a frame Check refuses", b.Len(), err)
			}
		})
	}
}
