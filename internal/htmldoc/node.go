package htmldoc

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/theme"
)

// The document's body: every decision of how a node of the tree becomes
// HTML is made here, one function per kind of node, as goldmark's HTML
// renderer registers one per kind of node. A kind of block the renderer
// does not know is an error, never a silence, so a kind added to the tree
// cannot be left out of the page.

// escaper escapes text and quoted attribute values with the table
// html/template escapes them with (its htmlEscaper and attrEscaper), so
// that the body and the frame around it, which html/template writes,
// escape alike.
var escaper = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

// writer writes the body of one document. Writes to w are not checked one
// by one: a bufio.Writer keeps its first error, and Flush returns it.
type writer struct {
	w  *bufio.Writer
	th *theme.Theme
	// err is the first error of a node that could not be rendered.
	err error
}

func (r *writer) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// raw writes markup as it is.
func (r *writer) raw(s string) { r.w.WriteString(s) }

// text writes s escaped.
func (r *writer) text(s string) { escaper.WriteString(r.w, s) }

// attr writes the attribute name="value", the value escaped.
func (r *writer) attr(name, value string) {
	r.w.WriteByte(' ')
	r.w.WriteString(name)
	r.w.WriteString(`="`)
	r.text(value)
	r.w.WriteByte('"')
}

// optional writes the attribute name="value" unless value is empty: a
// block in the language around it carries no lang, body text no class.
func (r *writer) optional(name, value string) {
	if value != "" {
		r.attr(name, value)
	}
}

// open writes the start tag of an element with its class and its
// language, each when it has one, and then end: ">", or ">\n" before
// blocks.
func (r *writer) open(tag, class, lang, end string) {
	r.w.WriteByte('<')
	r.raw(tag)
	r.optional("class", class)
	r.optional("lang", lang)
	r.raw(end)
}

// close writes the end tag of an element and a line end.
func (r *writer) close(tag string) {
	r.raw("</")
	r.raw(tag)
	r.raw(">\n")
}

// document writes the document's root element, of class "s55-document":
// the links to its editions and beside it, then its parts.
func (r *writer) document(doc *document.Document) {
	r.raw("<div class=\"s55-document\">\n")
	r.editions(doc.Editions)
	r.related(doc.Related)
	r.raw("<main>\n")
	for _, p := range doc.Parts {
		if p != nil {
			r.part(p)
		}
	}
	r.raw("</main>\n</div>\n")
}

// editions writes, for a document in several languages, a link to each
// language's text, in that language.
func (r *writer) editions(eds []document.Edition) {
	if len(eds) == 0 {
		return
	}
	r.raw(`<p class="editions">`)
	for _, e := range eds {
		r.raw(`<a`)
		r.attr("href", "#"+url.PathEscape(e.ID))
		r.attr("lang", e.Lang)
		r.raw(">")
		r.text(e.Link)
		r.raw("</a>\n")
	}
	r.raw("</p>\n")
}

// related writes the links beside the document (its twin in another
// format, the report it answers) as navigation.
func (r *writer) related(links []document.Related) {
	if len(links) == 0 {
		return
	}
	label, err := r.th.Phrase("related_label", nil)
	if err != nil {
		r.fail(err)
	}
	r.raw(`<nav class="related"`)
	r.attr("aria-label", label)
	r.raw(">\n")
	for _, l := range links {
		r.raw("<a")
		r.href(l.Href)
		r.optional("type", l.Type)
		r.optional("hreflang", l.Hreflang)
		r.optional("lang", l.Lang)
		r.raw(">")
		r.text(l.Text)
		r.raw("</a>\n")
	}
	r.raw("</nav>\n")
}

// href writes a link of the tree: the link policy passed it when the tree
// was composed, in the one spelling that html/template's URL normaliser
// leaves as it is, so it is only escaped as an attribute.
func (r *writer) href(h string) { r.attr("href", h) }

// part writes a letter or an appendix as a section, a landmark named by
// its outline entry.
func (r *writer) part(p *document.Part) {
	r.raw(`<section class="part `)
	r.text(string(p.Kind))
	r.raw(`"`)
	r.attr("id", p.ID)
	r.attr("aria-label", p.Outline)
	r.optional("lang", p.Lang)
	r.raw(">\n")
	r.blocks(p.Blocks)
	r.close("section")
}

func (r *writer) blocks(bs []document.Block) {
	for _, b := range bs {
		r.block(b)
	}
}

// block writes b with the function of its kind. A nil block is nothing
// to write, as it is nothing to print.
func (r *writer) block(b document.Block) {
	switch b := b.(type) {
	case *document.Heading:
		unlessNil(b, r.heading)
	case *document.Paragraph:
		unlessNil(b, r.paragraph)
	case *document.List:
		unlessNil(b, r.list)
	case *document.Image:
		unlessNil(b, r.image)
	case *document.Group:
		unlessNil(b, r.group)
	case *document.Quote:
		unlessNil(b, r.quote)
	case *document.CodeBlock:
		unlessNil(b, r.code)
	case *document.Rule:
		r.raw("<hr>\n")
	case *document.Table:
		unlessNil(b, r.table)
	case *document.Space:
		unlessNil(b, r.space)
	case nil:
	default:
		r.fail(fmt.Errorf("htmldoc: no HTML for a block of kind %T", b))
	}
}

// unlessNil calls write with b, unless b is nil.
func unlessNil[T any](b *T, write func(*T)) {
	if b != nil {
		write(b)
	}
}

// headingTags are the elements of headings by level: a level outside 1
// to 6 is clamped, as the PDF clamps it.
var headingTags = [...]string{1: "h1", 2: "h2", 3: "h3", 4: "h4", 5: "h5", 6: "h6"}

// heading writes h1 to h6, with the heading's anchor.
func (r *writer) heading(h *document.Heading) {
	tag := headingTags[min(max(h.Level, 1), 6)]
	r.w.WriteByte('<')
	r.raw(tag)
	r.attr("id", h.ID)
	r.optional("lang", h.Lang)
	r.raw(">")
	r.spans(h.Spans)
	r.close(tag)
}

// paragraph writes p, its class naming the letter's furniture (the
// letterhead, the date, the salutation ...) or an item's answer.
func (r *writer) paragraph(p *document.Paragraph) {
	r.open("p", string(p.Class), p.Lang, ">")
	r.spans(p.Spans)
	r.close("p")
}

// list writes ol or ul. An ordered list's items carry the numbers they
// print (value), an appendix's items their anchors ("rec-1"); the browser
// draws the markers, so the items' labels are not written.
func (r *writer) list(l *document.List) {
	tag := "ul"
	if l.Ordered {
		tag = "ol"
	}
	r.open(tag, string(l.Class), l.Lang, ">\n")
	for _, it := range l.Items {
		if it == nil {
			continue
		}
		r.raw("<li")
		r.optional("id", it.ID)
		if l.Ordered {
			r.attr("value", strconv.Itoa(it.Value))
		}
		r.raw(">\n")
		r.blocks(it.Blocks)
		r.close("li")
	}
	r.close(tag)
}

// image writes a picture as a data URI, so the page needs no other file,
// at its print size; a decorative one has an empty text alternative.
func (r *writer) image(img *document.Image) {
	r.raw(`<p class="picture`)
	if img.Class != "" {
		r.raw(" ")
		r.text(string(img.Class))
	}
	r.raw(`"><img src="data:image/`)
	r.text(img.Type)
	r.raw(";base64,")
	r.text(base64.StdEncoding.EncodeToString(img.Data))
	alt := img.Alt
	if img.Decorative {
		alt = ""
	}
	r.raw(`"`)
	r.attr("alt", alt)
	r.attr("width", px(img.Width))
	r.attr("height", px(img.Height))
	r.raw("></p>\n")
}

// px converts millimetres to whole CSS pixels (96 to the inch).
func px(mm float64) string {
	return strconv.Itoa(int(mm*96/25.4 + 0.5))
}

// group writes blocks kept together as one element: a signature, the
// signatories of a joint letter and each signer.
func (r *writer) group(g *document.Group) {
	r.open("div", string(g.Class), g.Lang, ">\n")
	r.blocks(g.Blocks)
	r.close("div")
}

// quote writes a block quotation.
func (r *writer) quote(q *document.Quote) {
	r.open("blockquote", "", q.Lang, ">\n")
	r.blocks(q.Blocks)
	r.close("blockquote")
}

// code writes a code block with its lines and spaces kept.
func (r *writer) code(c *document.CodeBlock) {
	r.raw("<pre><code>")
	for i, l := range c.Lines {
		if i > 0 {
			r.raw("\n")
		}
		r.text(l)
	}
	r.raw("</code></pre>\n")
}

// space writes the room left to sign by hand: an element the stylesheet
// sizes for print.
func (r *writer) space(s *document.Space) {
	r.raw(`<div class="space`)
	if s.Class != "" {
		r.raw(" ")
		r.text(string(s.Class))
	}
	r.raw("\"></div>\n")
}

// table writes a table in a box of its own that scrolls when the table is
// wider than the screen, a region named by the table's label so that a
// keyboard can reach and scroll it.
func (r *writer) table(t *document.Table) {
	label := t.Label
	if label == "" {
		// A tree made elsewhere than compose gets the theme's label.
		var err error
		label, err = r.th.Phrase("table_label", struct{ Columns string }{r.th.AndList(t.Columns())})
		if err != nil {
			r.fail(err)
		}
	}
	r.raw(`<div class="table" role="region"`)
	r.attr("aria-label", label)
	r.raw(` tabindex="0">` + "\n")
	r.open("table", "", t.Lang, ">\n")
	if len(t.Head) > 0 {
		r.raw("<thead>\n")
		r.rows(t.Head, t.Align, `th scope="col"`, "th")
		r.close("thead")
	}
	if len(t.Body) > 0 {
		r.raw("<tbody>\n")
		r.rows(t.Body, t.Align, "td", "td")
		r.close("tbody")
	}
	r.raw("</table>\n</div>\n")
}

// rows writes rows of cells opened with open and closed with tag, each
// cell of an aligned column with its alignment's class.
func (r *writer) rows(rows [][]document.Cell, align []document.Align, open, tag string) {
	for _, row := range rows {
		r.raw("<tr>")
		for i, c := range row {
			class := ""
			if i < len(align) {
				class = alignClass(align[i])
			}
			r.open(open, class, "", ">")
			r.spans(c.Spans)
			r.raw("</")
			r.raw(tag)
			r.raw(">")
		}
		r.close("tr")
	}
}

// alignClass names a column's alignment as a class, or "".
func alignClass(a document.Align) string {
	switch a {
	case document.AlignLeft:
		return "align-left"
	case document.AlignCenter:
		return "align-center"
	case document.AlignRight:
		return "align-right"
	}
	return ""
}

func (r *writer) spans(spans []document.Span) {
	for i := range spans {
		r.span(&spans[i])
	}
}

// span writes a run of text in its style: a line break, or the text inside
// the elements of its link, its language, bold, italic and code, in that
// order from the outside in.
func (r *writer) span(s *document.Span) {
	if s.Break {
		r.raw("<br>\n")
		return
	}
	if s.Href != "" {
		r.raw("<a")
		r.href(s.Href)
		r.raw(">")
	}
	if s.Lang != "" {
		r.raw("<span")
		r.attr("lang", s.Lang)
		r.raw(">")
	}
	marks := [...]struct {
		on          bool
		open, close string
	}{{s.Bold, "<strong>", "</strong>"}, {s.Italic, "<em>", "</em>"}, {s.Code, "<code>", "</code>"}}
	for _, m := range marks {
		if m.on {
			r.raw(m.open)
		}
	}
	r.text(s.Text)
	for i := len(marks) - 1; i >= 0; i-- {
		if marks[i].on {
			r.raw(marks[i].close)
		}
	}
	if s.Lang != "" {
		r.raw("</span>")
	}
	if s.Href != "" {
		r.raw("</a>")
	}
}
