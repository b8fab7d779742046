package build_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/markdown"
	"github.com/opcc-tools/s55/internal/pdf"
	"github.com/opcc-tools/s55/internal/printable"
	"github.com/opcc-tools/s55/internal/theme"
)

// FuzzMarkdown renders arbitrary Markdown through both renderers: neither
// may panic, the HTML renderer may not fail, and the PDF renderer may fail
// only on text it cannot print (which s55 check reports first).
func FuzzMarkdown(f *testing.F) {
	for _, seed := range []string{
		"Plain text.",
		"# Heading\n\nA **bold** and *italic* [link](https://example.org).\n\n- one\n- two\n  1. nested\n",
		"Force response: 1) first; 2) second.\n\n> quoted\n\n```\ncode\n```\n",
		"<script>alert(1)</script>\n\n<b>raw</b> html",
		"Welsh: ŵ ŷ Ŵ Ŷ; £100 – “quotes” — dash\u00ad soft",
		"averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutspaces",
		"line  \nbreak\\\nagain",
		"emoji 😀",
		"[a](javascript:alert(1)) <https://example.org> mail@example.org",
		strings.Repeat("- item\n", 200),
		"A [Croeso i *Gymru*]{lang=cy} [a [b] c]{lang=\"en-GB\"} [x](https://example.org){lang=cy} x]{lang=cy} {lang=_}",
		"::: {lang=cy}\nParagraff.\n\n::: {lang=en-GB}\n> quote\n:::\n\n```\n:::\n```\n:::\n\n::: {lang=cy}\nopen",
		"[one\ntwo]{lang=cy}\n[*a*_b_]{lang=cy_x} [ ]{lang=cy}[]{lang=cy}",
	} {
		f.Add(seed)
	}
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 20000 {
			return
		}
		blocks := markdown.Parse([]byte(src), markdown.Options{HeadingLevel: 2, IDPrefix: "f-"}).Blocks
		doc := &document.Document{
			Lang: "en-GB", Title: "Fuzz",
			PageLabel: func(p, n int) string { return "Page" },
			Parts: []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter", Blocks: append(
				[]document.Block{&document.Heading{Level: 1, ID: "h", Spans: []document.Span{{Text: "Title"}}}}, blocks...)}},
		}
		if err := htmldoc.Render(io.Discard, doc, th); err != nil {
			t.Errorf("html: %v", err)
		}
		var b bytes.Buffer
		if err := pdf.Render(&b, doc); err != nil && publishable(src) {
			t.Errorf("pdf: %v", err)
		}
	})
}

// publishable reports whether every character of s may be printed.
func publishable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r >= 0x80 && printable.Problem(r) != "" || r < 0x20 && r != '\n' && r != '\t' && r != '\r' {
			return false
		}
	}
	return true
}
