// Package markdown turns the Markdown that people write (the letter's body,
// the report's text, the force's responses) into blocks of the document tree.
// It holds the project's one goldmark constructor: CommonMark with bare URLs
// made links, and raw HTML never passed through.
package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/opcc-tools/s55/internal/document"
)

// md is the one configured goldmark. Only its parser is used: the renderers
// are s55's own and read the document tree.
var md = goldmark.New(goldmark.WithExtensions(extension.Linkify))

// Options tune Parse.
type Options struct {
	// HeadingLevel is the level a Markdown "#" heading takes in the
	// document; deeper headings follow it. Zero means 2.
	HeadingLevel int
	// IDPrefix starts the ids given to headings, which are numbered in
	// order ("letter-h1", "letter-h2" ...), since goldmark's automatic ids
	// drop letters outside ASCII.
	IDPrefix string
}

// Parse converts Markdown source into document blocks.
func Parse(src []byte, opt Options) []document.Block {
	if opt.HeadingLevel == 0 {
		opt.HeadingLevel = 2
	}
	doc := md.Parser().Parse(text.NewReader(src))
	c := converter{src: src, opt: opt}
	return c.blocks(doc)
}

type converter struct {
	src      []byte
	opt      Options
	headings int
}

func (c *converter) blocks(parent ast.Node) []document.Block {
	var out []document.Block
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		out = append(out, c.block(n)...)
	}
	return out
}

func (c *converter) block(n ast.Node) []document.Block {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return []document.Block{&document.Paragraph{Spans: c.inlines(n, document.Span{})}}
	case *ast.Heading:
		c.headings++
		return []document.Block{&document.Heading{
			Level: min(6, c.opt.HeadingLevel+n.Level-1),
			ID:    c.opt.IDPrefix + "h" + strconv.Itoa(c.headings),
			Spans: c.inlines(n, document.Span{}),
		}}
	case *ast.List:
		l := &document.List{Ordered: n.IsOrdered()}
		num := n.Start
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			label := "•"
			if l.Ordered {
				label = strconv.Itoa(num) + string(n.Marker)
				num++
			}
			l.Items = append(l.Items, &document.ListItem{Label: label, Blocks: c.blocks(it)})
		}
		return []document.Block{l}
	case *ast.Blockquote:
		return []document.Block{&document.Group{Class: "quote", Blocks: c.blocks(n)}}
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
		// Code and raw HTML have no place in a letter: their text is kept
		// as plain lines so that no words are lost.
		var spans []document.Span
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			line := strings.TrimRight(string(seg.Value(c.src)), "\r\n")
			if len(spans) > 0 {
				spans = append(spans, document.Span{Break: true})
			}
			spans = append(spans, document.Span{Text: line})
		}
		if h, ok := n.(*ast.HTMLBlock); ok && h.HasClosure() {
			spans = append(spans, document.Span{Break: true}, document.Span{Text: strings.TrimRight(string(h.ClosureLine.Value(c.src)), "\r\n")})
		}
		if len(spans) == 0 {
			return nil
		}
		return []document.Block{&document.Paragraph{Spans: spans}}
	case *ast.ThematicBreak:
		return nil
	}
	return c.blocks(n)
}

// inlines flattens the inline children of n into spans, each carrying the
// style it inherits.
func (c *converter) inlines(n ast.Node, style document.Span) []document.Span {
	var out []document.Span
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		out = append(out, c.inline(ch, style)...)
	}
	return merge(out)
}

func (c *converter) inline(n ast.Node, style document.Span) []document.Span {
	with := func(t string) document.Span {
		s := style
		s.Text = t
		return s
	}
	switch n := n.(type) {
	case *ast.Text:
		out := []document.Span{with(string(n.Segment.Value(c.src)))}
		switch {
		case n.HardLineBreak():
			out = append(out, document.Span{Break: true})
		case n.SoftLineBreak():
			out = append(out, with(" "))
		}
		return out
	case *ast.String:
		return []document.Span{with(string(n.Value))}
	case *ast.CodeSpan:
		return []document.Span{with(string(nodeText(n, c.src)))}
	case *ast.Emphasis:
		s := style
		if n.Level >= 2 {
			s.Bold = true
		} else {
			s.Italic = true
		}
		return c.inlines(n, s)
	case *ast.Link:
		s := style
		s.Href = string(n.Destination)
		return c.inlines(n, s)
	case *ast.AutoLink:
		s := style
		s.Href = string(n.URL(c.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(s.Href, "mailto:") {
			s.Href = "mailto:" + s.Href
		}
		s.Text = string(n.Label(c.src))
		return []document.Span{s}
	case *ast.Image:
		// A picture inside text cannot be placed in a letter; its
		// description stands in for it.
		return c.inlines(n, style)
	case *ast.RawHTML:
		var b strings.Builder
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			b.Write(seg.Value(c.src))
		}
		return []document.Span{with(b.String())}
	}
	return c.inlines(n, style)
}

// nodeText returns the source text of n's inline children.
func nodeText(n ast.Node, src []byte) []byte {
	var b []byte
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if t, ok := ch.(*ast.Text); ok {
			b = append(b, t.Segment.Value(src)...)
		} else {
			b = append(b, nodeText(ch, src)...)
		}
	}
	return b
}

// merge joins neighbouring spans of the same style and drops empty ones.
func merge(spans []document.Span) []document.Span {
	out := spans[:0]
	for _, s := range spans {
		if !s.Break && s.Text == "" {
			continue
		}
		if k := len(out) - 1; k >= 0 && !s.Break && !out[k].Break &&
			out[k].Bold == s.Bold && out[k].Italic == s.Italic && out[k].Href == s.Href {
			out[k].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}
