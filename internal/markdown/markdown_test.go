package markdown

import (
	"reflect"
	"testing"

	"github.com/opcc-tools/s55/internal/document"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []document.Block
	}{
		{"paragraphs", "One\nline.\n\nTwo.", []document.Block{
			&document.Paragraph{Spans: []document.Span{{Text: "One line."}}},
			&document.Paragraph{Spans: []document.Span{{Text: "Two."}}},
		}},
		{"emphasis", "A **bold** and *italic* word.", []document.Block{
			&document.Paragraph{Spans: []document.Span{{Text: "A "}, {Text: "bold", Bold: true}, {Text: " and "}, {Text: "italic", Italic: true}, {Text: " word."}}},
		}},
		{"link", "See [the report](https://example.org/r) now.", []document.Block{
			&document.Paragraph{Spans: []document.Span{{Text: "See "}, {Text: "the report", Href: "https://example.org/r"}, {Text: " now."}}},
		}},
		{"bare link", "At https://example.org/x today.", []document.Block{
			&document.Paragraph{Spans: []document.Span{{Text: "At "}, {Text: "https://example.org/x", Href: "https://example.org/x"}, {Text: " today."}}},
		}},
		{"hard break", "Line one  \nLine two", []document.Block{
			&document.Paragraph{Spans: []document.Span{{Text: "Line one"}, {Break: true}, {Text: "Line two"}}},
		}},
		{"lists", "- a\n- b\n\n3. c\n4. d", []document.Block{
			&document.List{Items: []*document.ListItem{
				{Label: "•", Blocks: []document.Block{&document.Paragraph{Spans: []document.Span{{Text: "a"}}}}},
				{Label: "•", Blocks: []document.Block{&document.Paragraph{Spans: []document.Span{{Text: "b"}}}}},
			}},
			&document.List{Ordered: true, Items: []*document.ListItem{
				{Label: "3.", Blocks: []document.Block{&document.Paragraph{Spans: []document.Span{{Text: "c"}}}}},
				{Label: "4.", Blocks: []document.Block{&document.Paragraph{Spans: []document.Span{{Text: "d"}}}}},
			}},
		}},
		{"heading", "# Ŵyneb", []document.Block{
			&document.Heading{Level: 2, ID: "x-h1", Spans: []document.Span{{Text: "Ŵyneb"}}},
		}},
		{"raw html is text", "A <b>tag</b>.\n\n<div>block</div>", []document.Block{
			&document.Paragraph{Spans: []document.Span{{Text: "A <b>tag</b>."}}},
			&document.Paragraph{Spans: []document.Span{{Text: "<div>block</div>"}}},
		}},
		{"inline numbering stays in its paragraph", "include: 1) one; 2) two.", []document.Block{
			&document.Paragraph{Spans: []document.Span{{Text: "include: 1) one; 2) two."}}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Parse([]byte(tc.src), Options{IDPrefix: "x-"})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q):\n got %s\nwant %s", tc.src, dump(got), dump(tc.want))
			}
		})
	}
}

func dump(bs []document.Block) string {
	var s string
	document.Walk(bs, func(b document.Block) {
		switch b := b.(type) {
		case *document.Paragraph:
			s += "P" + spans(b.Spans) + " "
		case *document.Heading:
			s += "H" + spans(b.Spans) + " "
		case *document.List:
			s += "L "
		}
	})
	return s
}

func spans(ss []document.Span) string {
	s := "["
	for _, x := range ss {
		style := ""
		if x.Bold {
			style += "B"
		}
		if x.Italic {
			style += "I"
		}
		s += "{" + x.Text + "|" + style + "|" + x.Href + "}"
	}
	return s + "]"
}
