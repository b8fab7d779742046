// Package compose turns a loaded response folder and a theme into document
// trees: the letter, each appendix, and the whole response as published. It
// is the only place where data meets the phrase book; the renderers receive
// finished trees.
package compose

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/markdown"
	"github.com/opcc-tools/s55/internal/printable"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// Set is every document of one response.
type Set struct {
	// Letter is the PCC's letter alone.
	Letter *document.Document
	// Appendices holds each appendix alone, Appendix 1 first.
	Appendices []*document.Document
	// Response is the letter followed by its appendices, as published.
	Response *document.Document
}

// SignatureWidth is the printed width of a signature whose data gives none,
// in millimetres.
const SignatureWidth = 50

// view is what the phrase book's letter phrases see.
type view struct {
	Report    response.Report
	Letter    response.Letter
	Office    response.Office
	Recipient response.Recipient
	CC        []string
}

// appendixView adds an appendix's number and title.
type appendixView struct {
	view
	Number int
	Title  string
}

// itemView is what item phrases see: the item with the force.
type itemView struct {
	response.Item
	Force response.Force
}

type composer struct {
	f     *response.Folder
	th    *theme.Theme
	v     view
	err   error
	meta  document.Document
	pages func(page, pages int) string
}

// Build composes every document of the folder f with the theme th. Errors
// come from the phrase book (a phrase that fails to execute) and name it.
func Build(f *response.Folder, th *theme.Theme) (*Set, error) {
	c := &composer{f: f, th: th, v: view{
		Report:    f.Response.Report,
		Letter:    f.Response.Letter,
		Office:    f.Office,
		Recipient: f.Recipient,
		CC:        f.CC,
	}}
	c.pages = func(page, pages int) string {
		s, err := th.Phrase("page", struct{ Page, Pages int }{page, pages})
		if err != nil {
			return strconv.Itoa(page)
		}
		return s
	}
	// The page phrase runs inside the renderers; try it once here so a
	// broken one is reported instead of printing bare numbers.
	if _, err := th.Phrase("page", struct{ Page, Pages int }{1, 1}); err != nil {
		return nil, err
	}
	c.meta = document.Document{
		Lang:      f.Office.Language,
		Author:    f.Office.PCC.Name + ", " + f.Office.PCC.Title,
		Subject:   c.phrase("document_subject", c.v),
		Keywords:  splitList(c.phrase("keywords", c.v)),
		Date:      f.Response.Letter.Date,
		PageLabel: c.pages,
	}

	letter := c.letter()
	set := &Set{}
	set.Letter = c.document(c.phrase("letter_title", c.v), letter)
	resp := []*document.Part{letter}
	for i := range f.Response.Appendices {
		alone := c.appendix(i, 1)
		set.Appendices = append(set.Appendices, c.document(alone.Outline, alone))
		resp = append(resp, c.appendix(i, 2))
	}
	set.Response = c.document(set.Letter.Title, resp...)
	if c.err != nil {
		return nil, c.err
	}
	for _, d := range append([]*document.Document{set.Letter, set.Response}, set.Appendices...) {
		normalize(d)
	}
	return set, nil
}

func (c *composer) document(title string, parts ...*document.Part) *document.Document {
	d := c.meta
	d.Title = title
	d.Parts = parts
	return &d
}

// phrase executes a phrase, keeping the first error.
func (c *composer) phrase(name string, data any) string {
	s, err := c.th.Phrase(name, data)
	if err != nil && c.err == nil {
		c.err = err
	}
	return s
}

func (c *composer) date(t time.Time) string {
	s, err := c.th.Date(t)
	if err != nil && c.err == nil {
		c.err = err
	}
	return s
}

func (c *composer) letter() *document.Part {
	f, o := c.f, c.f.Office
	p := &document.Part{Kind: document.Letter, ID: "letter", Outline: c.phrase("letter_outline", c.v)}
	add := func(b ...document.Block) { p.Blocks = append(p.Blocks, b...) }

	if len(o.Letterhead) > 0 {
		add(&document.Paragraph{Class: document.Letterhead, Spans: lines(o.Letterhead)})
	}
	r := f.Recipient
	var to []string
	for _, s := range append([]string{r.Name, r.Role}, r.Address...) {
		if strings.TrimSpace(s) != "" {
			to = append(to, s)
		}
	}
	add(&document.Paragraph{Class: document.Recipient, Spans: lines(to)})
	add(&document.Paragraph{Class: document.Dated, Spans: plain(c.date(f.Response.Letter.Date))})
	salutation := r.Salutation
	if salutation == "" {
		salutation = c.phrase("salutation", c.v)
	}
	add(&document.Paragraph{Class: document.Salutation, Spans: plain(salutation)})
	subject := f.Response.Letter.Subject
	if subject == "" {
		subject = c.phrase("subject", c.v)
	}
	add(&document.Heading{Level: 1, ID: "subject", Spans: plain(subject)})
	add(markdown.Parse(f.Body, markdown.Options{HeadingLevel: 2, IDPrefix: "letter-"})...)

	signOff := o.SignOff
	if signOff == "" {
		signOff = c.phrase("sign_off", c.v)
	}
	sig := &document.Group{Class: document.Signature}
	sig.Blocks = append(sig.Blocks, &document.Paragraph{Class: document.Closing, Spans: plain(signOff)})
	if img := f.Signature; img != nil {
		w := o.Signature.Width
		if w <= 0 {
			w = SignatureWidth
		}
		sig.Blocks = append(sig.Blocks, &document.Image{
			Class: document.Signature, Data: img.Data, Type: img.Type, Alt: o.Signature.Alt,
			Width: w, Height: w * float64(img.Height) / float64(img.Width),
		})
	}
	sig.Blocks = append(sig.Blocks, &document.Paragraph{Class: document.Signatory, Spans: []document.Span{
		{Text: o.PCC.Name, Bold: true}, {Break: true}, {Text: o.PCC.Title},
	}})
	add(sig)

	if len(f.CC) > 0 {
		add(&document.Paragraph{Class: document.Copies, Spans: plain(c.phrase("cc", c.v))})
	}
	for i, a := range f.Response.Appendices {
		add(&document.Paragraph{Class: document.Enclosure, Spans: plain(c.phrase("enclosure", appendixView{c.v, i + 1, a.Title}))})
	}
	return p
}

// appendix builds appendix i (0-based) with its heading at level.
func (c *composer) appendix(i, level int) *document.Part {
	a := c.f.Response.Appendices[i]
	av := appendixView{c.v, i + 1, a.Title}
	id := "appendix-" + strconv.Itoa(i+1)
	p := &document.Part{Kind: document.Appendix, ID: id, Outline: c.phrase("appendix_title", av)}
	p.Blocks = append(p.Blocks, &document.Heading{Level: level, ID: id + "-title", Spans: []document.Span{
		{Text: c.phrase("appendix_label", av)}, {Break: true}, {Text: a.Title},
	}})
	p.Blocks = append(p.Blocks, markdown.Parse([]byte(a.Introduction), markdown.Options{HeadingLevel: level + 1, IDPrefix: id + "-intro-"})...)
	if len(a.Items) > 0 {
		p.Blocks = append(p.Blocks, c.items(a.Items, i, level+1))
	}
	return p
}

var idKinds = map[string]string{
	response.Recommendation:     "rec",
	response.CauseOfConcern:     "coc",
	response.AreaForImprovement: "afi",
}

// ItemID is the stable anchor of an item in the documents: "rec-1",
// "coc-2", "afi-3", prefixed "a2-" and so on in appendices after the first.
// appendix counts from 0.
func ItemID(appendix int, kind string, number int) string {
	prefix := ""
	if appendix > 0 {
		prefix = fmt.Sprintf("a%d-", appendix+1)
	}
	return prefix + idKinds[kind] + "-" + strconv.Itoa(number)
}

func (c *composer) items(items []response.Item, appendix, level int) *document.List {
	l := &document.List{Ordered: true, Class: document.Item}
	for n, it := range items {
		iv := itemView{it, c.f.Office.Force}
		li := &document.ListItem{
			ID:      ItemID(appendix, it.Kind, it.Number),
			Label:   strconv.Itoa(n+1) + ".",
			Outline: c.phrase(it.Kind+"_outline", iv),
		}
		li.Blocks = labelled(c.phrase(it.Kind, iv), markdown.Parse([]byte(it.Text), markdown.Options{HeadingLevel: level, IDPrefix: li.ID + "-"}))
		if len(it.Items) > 0 {
			li.Blocks = append(li.Blocks, c.items(it.Items, appendix, level))
		}
		var answer []document.Block
		if strings.TrimSpace(it.Response) != "" {
			answer = markdown.Parse([]byte(it.Response), markdown.Options{HeadingLevel: level, IDPrefix: li.ID + "-response-"})
		} else if len(it.Items) == 0 {
			name := it.Standard
			if name == "" {
				name = "other-bodies"
			}
			s, err := c.th.Standard(name, iv)
			if err != nil && c.err == nil {
				c.err = err
			}
			answer = []document.Block{&document.Paragraph{Spans: plain(s)}}
		}
		if answer != nil {
			li.Blocks = append(li.Blocks, labelled(c.phrase("force_response", iv), answer)...)
		}
		if strings.TrimSpace(it.Comment) != "" {
			li.Blocks = append(li.Blocks, labelled(c.phrase("pcc_comment", iv),
				markdown.Parse([]byte(it.Comment), markdown.Options{HeadingLevel: level, IDPrefix: li.ID + "-comment-"}))...)
		}
		l.Items = append(l.Items, li)
	}
	return l
}

// labelled starts blocks with a bold label: inside the first paragraph when
// there is one, else as a paragraph of its own.
func labelled(label string, blocks []document.Block) []document.Block {
	lead := document.Span{Text: label, Bold: true}
	if len(blocks) > 0 {
		if p, ok := blocks[0].(*document.Paragraph); ok && p.Class == document.Body {
			p.Spans = append([]document.Span{lead, {Text: " "}}, p.Spans...)
			return blocks
		}
	}
	return append([]document.Block{&document.Paragraph{Spans: []document.Span{lead}}}, blocks...)
}

func plain(s string) []document.Span {
	return []document.Span{{Text: s}}
}

// lines makes one span a line, with breaks between them.
func lines(ls []string) []document.Span {
	var out []document.Span
	for i, l := range ls {
		if i > 0 {
			out = append(out, document.Span{Break: true})
		}
		out = append(out, document.Span{Text: l})
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// normalize puts every text of d into NFC and removes invisible characters,
// so both renderers print the same characters.
func normalize(d *document.Document) {
	clean := func(spans []document.Span) {
		for i := range spans {
			spans[i].Text = printable.Clean(spans[i].Text)
		}
	}
	d.Title = printable.Clean(d.Title)
	for _, p := range d.Parts {
		p.Outline = printable.Clean(p.Outline)
		document.Walk(p.Blocks, func(b document.Block) {
			switch b := b.(type) {
			case *document.Heading:
				clean(b.Spans)
			case *document.Paragraph:
				clean(b.Spans)
			case *document.Image:
				b.Alt = printable.Clean(b.Alt)
			case *document.List:
				for _, it := range b.Items {
					it.Outline = printable.Clean(it.Outline)
				}
			}
		})
	}
}
