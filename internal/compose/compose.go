// Package compose turns a loaded response folder and a theme into document
// trees: the letter, each appendix, and the whole response as published. It
// is the only place where data meets the phrase book, and where the
// policies every document shares are applied once: each piece of Markdown
// is parsed here and its problems reported at the place the officer typed
// them, links pass the link policy, text is cleaned. The renderers receive
// finished trees and trust them.
package compose

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/addressee"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/link"
	"github.com/opcc-tools/s55/internal/markdown"
	"github.com/opcc-tools/s55/internal/printable"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// Set is every document of one response.
type Set struct {
	// Letter is the PCC's letter alone.
	Letter *document.Document
	// Appendices holds each appendix alone, Appendix 1 first.
	Appendices []*document.Document
	// Response is the letter followed by its appendices, as published. In
	// an office of several languages it is the bilingual response: the
	// whole response in each language, one after the other, in the
	// office's order; Letter and Appendices are then nil, and each
	// language's own documents are in Editions.
	Response *document.Document
	// Editions holds, in an office of several languages, each language's
	// documents, in the office's order; nil in an office of one.
	Editions []*Edition

	outputs []Output
}

// Edition is the documents of a response in one language of an office of
// several.
type Edition struct {
	Lang string
	// Letter, Appendices and Response are as a Set's are in an office of
	// one language.
	Letter     *document.Document
	Appendices []*document.Document
	Response   *document.Document
}

// Output is a document with the name of its files and the theme its HTML
// page is made with.
type Output struct {
	// Name is the files' name without the extension: "letter",
	// "appendix-1", "response"; in an office of several languages
	// "letter.cy", "appendix-1.en" ... and "response", the bilingual one.
	Name  string
	Doc   *document.Document
	Theme *theme.Theme
	// Base is what the document is, as the name of its files in an
	// office of one language: published.Letter, published.Appendix(i)
	// or published.Response.
	Base string
	// Appendix numbers an appendix's document from 1; 0 for the others.
	Appendix int
	// Langs are the languages the document is in: one, or, for the
	// bilingual response, every language of the office, in its order.
	Langs []string
}

// Outputs lists every document of the set with its files, in the order a
// build writes them: the letter, each appendix, the response; in an office
// of several languages, each language's in turn, then the bilingual
// response.
func (s *Set) Outputs() []Output { return slices.Clone(s.outputs) }

// Print sizes of the pictures the data names, in millimetres: the width
// of a signature and of a logo whose data gives none, and the height of
// the space left to sign by hand (signature: none).
const (
	SignatureWidth = 50
	LogoWidth      = 40
	SignSpace      = 20
)

// composer composes the documents of one language.
type composer struct {
	f    *response.Folder
	th   *theme.Theme
	lang string
	// suffix marks the files of this language in an office of several
	// ("cy" in letter.cy.pdf); "" in an office of one.
	suffix string
	// v is what the phrase book's letter phrases see, in this language.
	v     map[string]any
	err   error
	meta  document.Document
	pages func(page, pages int) string
	diags diag.List
	// anchors are the links to places in the documents, confirmed once
	// every id is known.
	anchors []anchor
	// who says whom each item is addressed to.
	who *addressee.Classifier
	// corr is the correction the documents say they are; nil for none.
	corr *published.Correction
	// read holds each Markdown field as read, by file and field path.
	read map[string]readField
}

// readField is a Markdown field's text and the tree read from it.
type readField struct {
	text   []byte
	parsed *markdown.Parsed
}

// anchor is a link to a place in the document, with where it was written.
type anchor struct {
	piece response.Markdown
	off   int
	id    string
}

// Build composes every document of the folder f with the themes of its
// languages (themes[i] for f.Languages[i]), and returns every problem found
// on the way: in the Markdown (raw HTML, refused links, footnotes,
// pictures, headings that skip a level, drafting notes, language marks), in
// the report's address, and in the phrase book (a phrase that fails to
// execute). The set is nil when the list holds an error.
//
// In an office of several languages each language's documents are
// composed as an office of that language alone would have them, each part
// marked with its language, and the bilingual response holds them all,
// one language after the other (see bilingual).
func Build(f *response.Folder, themes ...*theme.Theme) (*Set, diag.List) {
	return Corrected(f, nil, themes...)
}

// Corrected is Build for a revision that supersedes another: the letter
// and each appendix print, from the phrase book's corrected phrase, the
// day and reason of the correction and the day of the response it
// replaces. A nil correction composes as Build does.
func Corrected(f *response.Folder, corr *published.Correction, themes ...*theme.Theme) (*Set, diag.List) {
	langs := f.Languages
	if len(langs) == 0 {
		langs = []string{f.Office.Language}
	}
	if len(themes) != len(langs) {
		return nil, diag.List{{Severity: diag.Error, Msg: fmt.Sprintf("compose: %d themes for the languages %s", len(themes), strings.Join(langs, ", "))}}
	}
	suffixes := make([]string, len(langs))
	if len(langs) > 1 {
		suffixes = published.Suffixes(langs)
	}
	who := addressee.New(f, themes)
	var cs []*composer
	for i, lang := range langs {
		c, err := newComposer(f, themes[i], lang, suffixes[i])
		if err != nil {
			return nil, diag.List{diag.As(err, "")}
		}
		c.who, c.corr = who, corr
		cs = append(cs, c)
	}
	set := &Set{}
	var all []*document.Document
	report := cs[0].reportLink()
	for _, c := range cs {
		e := c.edition(report, cs)
		docs := append([]*document.Document{e.Letter, e.Response}, e.Appendices...)
		c.confirmAnchors(docs)
		all = append(all, docs...)
		set.Editions = append(set.Editions, e)
		set.outputs = append(set.outputs, outputs(e, c.suffix, c.th)...)
	}
	if len(cs) == 1 {
		e := set.Editions[0]
		set.Letter, set.Appendices, set.Response, set.Editions = e.Letter, e.Appendices, e.Response, nil
	} else {
		set.Response = bilingual(cs, report)
		all = append(all, set.Response)
		set.outputs = append(set.outputs, Output{Name: published.Response, Doc: set.Response, Theme: theme.Joined(themes), Base: published.Response, Langs: slices.Clone(langs)})
	}
	var diags diag.List
	for _, c := range cs {
		if c.err != nil {
			c.diags = append(c.diags, diag.As(c.err, ""))
		}
		diags = append(diags, c.diags...)
	}
	diags = unique(diags)
	if diags.Errors() > 0 {
		return nil, diags
	}
	for _, d := range all {
		normalize(d)
	}
	return set, diags
}

// outputs names the documents of one language's edition, their files
// marked with suffix ("letter.cy") in an office of several languages.
func outputs(e *Edition, suffix string, th *theme.Theme) []Output {
	langs := []string{e.Lang}
	out := []Output{{Name: published.Name(published.Letter, suffix), Doc: e.Letter, Theme: th, Base: published.Letter, Langs: langs}}
	for i, a := range e.Appendices {
		out = append(out, Output{Name: published.Name(published.Appendix(i), suffix), Doc: a, Theme: th, Base: published.Appendix(i), Appendix: i + 1, Langs: langs})
	}
	return append(out, Output{Name: published.Name(published.Response, suffix), Doc: e.Response, Theme: th, Base: published.Response, Langs: langs})
}

func newComposer(f *response.Folder, th *theme.Theme, lang, suffix string) (*composer, error) {
	c := &composer{f: f, th: th, lang: lang, suffix: suffix, v: map[string]any{
		"Report":    response.View(f.Response.Report, lang),
		"Letter":    response.View(f.Response.Letter, lang),
		"Office":    response.View(f.Office, lang),
		"Recipient": response.View(f.Recipient, lang),
		"CC":        response.Strings(f.CC, lang),
	}}
	c.pages = pageLabel(th)
	// The page phrase runs inside the renderers; try it once here so a
	// broken one is reported instead of printing bare numbers.
	if _, err := th.Phrase("page", struct{ Page, Pages int }{1, 1}); err != nil {
		return nil, err
	}
	c.meta = document.Document{
		Lang:      lang,
		Author:    f.Office.PCC.Name.In(lang) + ", " + f.Office.PCC.Title.Line(lang),
		Subject:   c.phrase("document_subject", c.v),
		Keywords:  splitList(c.phrase("keywords", c.v)),
		Date:      f.Response.Letter.Date,
		PageLabel: c.pages,
	}
	return c, nil
}

// pageLabel is the page phrase of th, or the bare number should it fail.
func pageLabel(th *theme.Theme) func(page, pages int) string {
	return func(page, pages int) string {
		s, err := th.Phrase("page", struct{ Page, Pages int }{page, pages})
		if err != nil {
			return strconv.Itoa(page)
		}
		return s
	}
}

// edition composes the letter, each appendix and the response in the
// composer's language. In an office of several languages, every part
// carries its language (so that a page pasted into a web site of another
// language keeps it) and each document links its twins in the office's
// other languages.
func (c *composer) edition(report string, all []*composer) *Edition {
	e := &Edition{Lang: c.lang}
	related := func(base string) []document.Related {
		out := c.related(published.Name(base, c.suffix), report)
		for _, o := range all {
			if o != c {
				out = append(out, document.Related{Rel: "alternate", Href: published.Name(base, o.suffix) + published.HTML,
					Text: o.phrase("edition_link", o.v), Lang: o.lang, Hreflang: o.lang})
			}
		}
		return out
	}
	letter := c.letter()
	e.Letter = c.document(c.phrase("letter_title", c.v), letter)
	e.Letter.Related = related(published.Letter)
	resp := []*document.Part{letter}
	for i := range c.f.Response.Appendices {
		alone := c.appendix(i, 1)
		a := c.document(alone.Outline, alone)
		a.Related = related(published.Appendix(i))
		e.Appendices = append(e.Appendices, a)
		resp = append(resp, c.appendix(i, 2))
	}
	e.Response = c.document(e.Letter.Title, resp...)
	e.Response.Related = related(published.Response)
	if len(all) > 1 {
		for _, d := range append([]*document.Document{e.Letter, e.Response}, e.Appendices...) {
			for _, p := range d.Parts {
				p.Lang = c.lang
			}
		}
	}
	return e
}

// bilingual composes the bilingual response of an office of several
// languages: the whole response in each language, one after the other, in
// the office's order.
//
// Of the layouts of the Welsh Language Commissioner's Bilingual Design
// Guide (2014: parallel columns, block by block, parallel pages, top and
// bottom, back to back, tilt and turn) this is the consecutive one, the
// guide's choice for longer documents: a formal letter and its appendix
// of many recommendations read as continuous texts. Each language's part
// is whole, so a screen reader, the PDF's reading order (PDF/UA) and the
// HTML's follow one language from its first word to its last and switch
// once; blocks in alternating languages would switch at every paragraph
// and break the letter's and the appendix's own order (a heading keeps
// with what follows it, the signature with the closing). Both languages
// are set in the same type and size, each with its own outline; the
// first language, printed first, is the office's choice. The document's
// title, bookmarks and metadata name both languages; its /Lang and lang
// are the first, every part carries its own.
func bilingual(cs []*composer, report string) *document.Document {
	first := cs[0]
	d := first.meta
	d.Parts = nil
	var titles, subjects, authors []string
	keywords := []string{}
	for i, c := range cs {
		title := c.phrase("letter_title", c.v)
		titles, subjects, authors = append(titles, title), append(subjects, c.meta.Subject), append(authors, c.meta.Author)
		for _, k := range c.meta.Keywords {
			if !slices.Contains(keywords, k) {
				keywords = append(keywords, k)
			}
		}
		parts := []*document.Part{c.letter()}
		for a := range c.f.Response.Appendices {
			parts = append(parts, c.appendix(a, 2))
		}
		prefix := ""
		if i > 0 {
			// The first language keeps the ids of a response in one
			// language (the tracker links rec-4); the others' are marked.
			prefix = c.suffix + "-"
		}
		for _, p := range parts {
			p.Lang = c.lang
		}
		prefixIDs(parts, prefix)
		d.Parts = append(d.Parts, parts...)
		d.Editions = append(d.Editions, document.Edition{Lang: c.lang, Title: title, Link: c.phrase("edition_link", c.v), ID: parts[0].ID})
		for _, r := range c.related(published.Response, report) {
			if c.lang != first.lang {
				r.Lang = c.lang
			}
			d.Related = append(d.Related, r)
		}
	}
	d.Title = first.join(titles)
	d.Subject = first.join(subjects)
	d.Author = first.join(authors)
	d.Keywords = keywords
	d.PageLabel = func(page, pages int) string {
		labels := make([]string, len(cs))
		for i, c := range cs {
			labels[i] = c.pages(page, pages)
		}
		return first.join(labels)
	}
	return &d
}

// join sets texts that say the same in each language side by side with
// the phrase book's "joined"; texts that are the same in every language
// (a name) stand once.
func (c *composer) join(texts []string) string {
	if !slices.ContainsFunc(texts, func(s string) bool { return s != texts[0] }) {
		return texts[0]
	}
	s, err := c.th.Join(texts)
	if err != nil && c.err == nil {
		c.err = err
	}
	return s
}

// prefixIDs puts prefix before every id of parts, and before the target
// of every link to a place in them.
func prefixIDs(parts []*document.Part, prefix string) {
	if prefix == "" {
		return
	}
	for _, p := range parts {
		p.ID = prefix + p.ID
		document.Walk(p.Blocks, func(b document.Block) {
			switch b := b.(type) {
			case *document.Heading:
				if b.ID != "" {
					b.ID = prefix + b.ID
				}
			case *document.List:
				for _, it := range b.Items {
					if it.ID != "" {
						it.ID = prefix + it.ID
					}
				}
			}
		})
		eachSpans(p.Blocks, func(spans []document.Span) {
			for i := range spans {
				if h := spans[i].Href; strings.HasPrefix(h, "#") {
					spans[i].Href = "#" + prefix + h[1:]
				}
			}
		})
	}
}

// unique drops repeated diagnostics: an appendix is composed twice, alone
// and in the response, and its problems are the same both times.
func unique(l diag.List) diag.List {
	seen := map[diag.Diagnostic]bool{}
	var out diag.List
	for _, d := range l {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	out.Sort()
	return out
}

// parse converts a piece of Markdown whose first heading takes level, and
// keeps its problems and anchors.
func (c *composer) parse(m response.Markdown, level int, idPrefix string) []document.Block {
	if len(m.Text) == 0 {
		return nil
	}
	// An appendix is composed twice, alone and in the response, with its
	// headings a level apart: each field is read once and converted for
	// each place.
	key := m.File + "\x00" + m.Path
	read, ok := c.read[key]
	if !ok || !bytes.Equal(read.text, m.Text) {
		read = readField{m.Text, markdown.Read(m.Text, c.f.Office.Typography)}
		if c.read == nil {
			c.read = map[string]readField{}
		}
		c.read[key] = read
	}
	r := read.parsed.Convert(markdown.Options{
		HeadingLevel: level, IDPrefix: idPrefix, Typographer: c.f.Office.Typography, Image: c.image,
	})
	for _, p := range r.Problems {
		c.diags = append(c.diags, m.Diag(p.Off, p.Severity, p.Msg))
	}
	for _, a := range r.Anchors {
		c.anchors = append(c.anchors, anchor{m, a.Off, a.ID})
	}
	document.Walk(r.Blocks, func(b document.Block) {
		if t, ok := b.(*document.Table); ok {
			t.Label = c.phrase("table_label", struct{ Columns string }{c.th.AndList(t.Columns())})
		}
	})
	return r.Blocks
}

// printWidth is the widest a picture prints, in millimetres: the text
// column of an A4 page.
const printWidth = 160

// image reads a picture the Markdown names (response.Folder.Picture),
// where the Markdown is parsed.
func (c *composer) image(dest string) (*document.Image, string) {
	pic := c.f.Picture(dest)
	img := pic.Image
	if img == nil {
		return nil, pic.Problem
	}
	// Pixels at 96 to the inch, as a browser shows them, no wider than
	// the page's text.
	w := float64(img.Width) * 25.4 / 96
	h := float64(img.Height) * 25.4 / 96
	if w > printWidth {
		w, h = printWidth, h*printWidth/w
	}
	return &document.Image{Data: img.Data, Type: img.Type, Width: w, Height: h}, ""
}

// confirmAnchors reports links to places that no document has, and
// unlinks them, so that the tree never carries a link to nowhere.
func (c *composer) confirmAnchors(docs []*document.Document) {
	if len(c.anchors) == 0 {
		return
	}
	ids := map[string]bool{}
	for _, d := range docs {
		for _, p := range d.Parts {
			ids[p.ID] = true
			document.Walk(p.Blocks, func(b document.Block) {
				switch b := b.(type) {
				case *document.Heading:
					ids[b.ID] = true
				case *document.List:
					for _, it := range b.Items {
						if it.ID != "" {
							ids[it.ID] = true
						}
					}
				}
			})
		}
	}
	missing := map[string]bool{}
	for _, a := range c.anchors {
		if !ids[a.id] {
			missing["#"+a.id] = true
			known := slices.Sorted(func(yield func(string) bool) {
				for id := range ids {
					if !yield(id) {
						return
					}
				}
			})
			msg := fmt.Sprintf("the link goes to #%s, which is no place in the documents", a.id)
			if s := diag.Suggest(a.id, known); s != "" {
				msg += fmt.Sprintf(" (did you mean #%s?)", s)
			}
			c.diags = append(c.diags, a.piece.Diag(a.off, diag.Error, msg))
		}
	}
	for _, d := range docs {
		for _, p := range d.Parts {
			eachSpans(p.Blocks, func(spans []document.Span) {
				for i := range spans {
					if missing[spans[i].Href] {
						spans[i].Href = ""
					}
				}
			})
		}
	}
}

// reportLink returns the report's address as the link policy spells it,
// or "" when there is none or it is refused (an error at report.url).
func (c *composer) reportLink() string {
	u := strings.TrimSpace(c.f.Response.Report.URL)
	if u == "" {
		return ""
	}
	h, err := link.Canonical(u)
	if err == nil && strings.HasPrefix(h, "#") {
		err = errors.New("the report's address must be a web address, such as https://hmicfrs.justiceinspectorates.gov.uk/publications/peel-assessment")
	}
	if err != nil {
		p := c.f.Source.At("report.url")
		c.diags = append(c.diags, diag.Diagnostic{File: c.f.Source.File, Line: p.Line, Col: p.Col, Severity: diag.Error, Path: "report.url",
			Msg: strings.TrimPrefix(err.Error(), link.ErrRefused.Error()+": ")})
		return ""
	}
	return h
}

// related lists what a document's page links beside its text: the same
// document as a PDF, and the report it answers.
func (c *composer) related(file, report string) []document.Related {
	out := []document.Related{{Rel: "alternate", Type: "application/pdf", Href: file + published.PDF, Text: c.phrase("related_pdf", c.v)}}
	if report != "" {
		out = append(out, document.Related{Rel: "report", Href: report, Text: c.phrase("related_report", c.v)})
	}
	return out
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

// in returns a text of the data in the composer's language.
func (c *composer) in(t response.Text) string { return t.In(c.lang) }

// field returns the Markdown of a field of response.yaml in the composer's
// language.
func (c *composer) field(path string, t response.Text) response.Markdown {
	return c.f.Field(path, t, c.lang)
}

func (c *composer) letter() *document.Part {
	f, o := c.f, c.f.Office
	p := &document.Part{Kind: document.Letter, ID: "letter", Outline: c.phrase("letter_outline", c.v)}
	add := func(b ...document.Block) { p.Blocks = append(p.Blocks, b...) }

	if img := f.Logo; img != nil {
		add(c.picture(document.Logo, img, o.Logo, LogoWidth))
	}
	if len(o.Letterhead) > 0 {
		add(&document.Paragraph{Class: document.Letterhead, Spans: lines(response.Strings(o.Letterhead, c.lang))})
	}
	if d := f.Delivery.Line(c.lang); d != "" {
		add(&document.Paragraph{Class: document.Delivery, Spans: plain(d)})
	}
	r := f.Recipient
	var to []string
	for _, s := range append([]string{c.in(r.Name), c.in(r.Role)}, response.Strings(r.Address, c.lang)...) {
		if strings.TrimSpace(s) != "" {
			to = append(to, s)
		}
	}
	add(&document.Paragraph{Class: document.Recipient, Spans: lines(to)})
	if ref := f.Reference.Line(c.lang); ref != "" {
		add(&document.Paragraph{Class: document.Reference, Spans: plain(c.phrase("reference", ref))})
	}
	add(&document.Paragraph{Class: document.Dated, Spans: plain(c.date(f.Response.Letter.Date))})
	add(c.corrected()...)
	salutation := c.in(r.Salutation)
	if salutation == "" {
		salutation = c.phrase("salutation", c.v)
	}
	add(&document.Paragraph{Class: document.Salutation, Spans: plain(salutation)})
	subject := c.in(f.Response.Letter.Subject)
	if subject == "" {
		subject = c.phrase("subject", c.v)
	}
	add(&document.Heading{Level: 1, ID: "subject", Spans: plain(subject)})
	add(c.parse(f.Letter(c.lang), 2, "letter-")...)

	signOff := c.in(o.SignOff)
	if signOff == "" {
		signOff = c.phrase("sign_off", c.v)
	}
	sig := &document.Group{Class: document.Signature}
	sig.Blocks = append(sig.Blocks, &document.Paragraph{Class: document.Closing, Spans: plain(signOff)})
	if len(f.Signers) == 1 {
		sig.Blocks = append(sig.Blocks, c.signer(f.Signers[0])...)
	} else {
		all := &document.Group{Class: document.Signatories}
		for _, s := range f.Signers {
			all.Blocks = append(all.Blocks, &document.Group{Class: document.Signer, Blocks: c.signer(s)})
		}
		sig.Blocks = append(sig.Blocks, all)
	}
	add(sig)

	if len(f.CC) > 0 {
		add(&document.Paragraph{Class: document.Copies, Spans: plain(c.phrase("cc", c.v))})
	}
	for i := range f.Response.Appendices {
		add(&document.Paragraph{Class: document.Enclosure, Spans: plain(c.phrase("enclosure", c.appendixView(i)))})
	}
	return p
}

// corrected is the line that says the documents are a correction, or
// nothing when they are not one.
func (c *composer) corrected() []document.Block {
	if c.corr == nil {
		return nil
	}
	v := struct{ Day, Reason, Replaces string }{c.date(c.corr.Day), c.corr.Why(), c.date(c.corr.Replaces)}
	return []document.Block{&document.Paragraph{Class: document.Corrected, Spans: plain(c.phrase("corrected", v))}}
}

// signer returns the blocks of one who signs: the signature, or a space
// to sign by hand (signature: none), then the name in bold and the title,
// a line for each of its lines.
func (c *composer) signer(s response.Signer) []document.Block {
	var out []document.Block
	switch {
	case s.Image != nil:
		out = append(out, c.picture(document.Signature, s.Image, s.Signature, SignatureWidth))
	case s.Blank():
		out = append(out, &document.Space{Height: SignSpace})
	}
	spans := []document.Span{{Text: s.Name.Line(c.lang), Bold: true}}
	for _, l := range s.Title.Lines(c.lang) {
		spans = append(spans, document.Span{Break: true}, document.Span{Text: l})
	}
	return append(out, &document.Paragraph{Class: document.Signatory, Spans: spans})
}

// picture returns an image the data names (a signature, the logo) as the
// documents print it, of class class: at its width, or width when the
// data gives none. A logo whose text alternative is "" is decoration.
func (c *composer) picture(class document.Class, img *response.Image, pic *response.Picture, width float64) *document.Image {
	w := pic.Width
	if w <= 0 {
		w = width
	}
	alt := c.in(pic.Alt)
	return &document.Image{
		Class: class, Data: img.Data, Type: img.Type, Alt: alt, Decorative: class == document.Logo && strings.TrimSpace(alt) == "",
		Width: w, Height: w * float64(img.Height) / float64(img.Width),
	}
}

// appendixView is what appendix phrases see: the letter's data with the
// appendix's .Number and .Title.
func (c *composer) appendixView(i int) map[string]any {
	v := maps.Clone(c.v)
	v["Number"], v["Title"] = i+1, c.in(c.f.Response.Appendices[i].Title)
	return v
}

// itemView is what item phrases see: the item with .Force.
func (c *composer) itemView(it response.Item) map[string]any {
	v := response.View(it, c.lang).(map[string]any)
	v["Force"] = response.View(c.f.Office.Force, c.lang)
	return v
}

// appendix builds appendix i (0-based) with its heading at level.
func (c *composer) appendix(i, level int) *document.Part {
	a := c.f.Response.Appendices[i]
	av := c.appendixView(i)
	id := "appendix-" + strconv.Itoa(i+1)
	p := &document.Part{Kind: document.Appendix, ID: id, Outline: c.phrase("appendix_title", av)}
	p.Blocks = append(p.Blocks, &document.Heading{Level: level, ID: id + "-title", Spans: []document.Span{
		{Text: c.phrase("appendix_label", av)}, {Break: true}, {Text: c.in(a.Title)},
	}})
	if level == 1 {
		// An appendix published alone says it is corrected; in the
		// response, the letter above it says so.
		p.Blocks = append(p.Blocks, c.corrected()...)
	}
	path := fmt.Sprintf("appendices[%d]", i)
	p.Blocks = append(p.Blocks, c.parse(c.field(path+".introduction", a.Introduction), level+1, id+"-intro-")...)
	kinds := Kinds(a.Items)
	switch {
	case len(kinds) > 1:
		// Each kind is a section of its own, in the order the report
		// first gives them; the recommendations under a cause of
		// concern stay under it.
		for _, k := range kinds {
			title := c.phrase(k+"_section", c.v)
			p.Blocks = append(p.Blocks,
				&document.Heading{Level: level + 1, ID: id + "-" + idKinds[k], Outline: title, Spans: plain(title)},
				c.items(path, a.Items, i, level+2, k))
		}
	case len(a.Items) > 0:
		p.Blocks = append(p.Blocks, c.items(path, a.Items, i, level+1, ""))
	}
	return p
}

// Kinds returns the kinds of the items of an appendix, in the order the
// items first give them; the items under a cause of concern are its own.
func Kinds(items []response.Item) []string {
	var out []string
	for _, it := range items {
		if !slices.Contains(out, it.Kind) {
			out = append(out, it.Kind)
		}
	}
	return out
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

// items lists the items of an appendix (or of a cause of concern) at
// path, those of kind alone when kind is not ""; their Markdown's headings
// start at level. Each item prints its own number, under a cause of
// concern too.
func (c *composer) items(path string, items []response.Item, appendix, level int, kind string) *document.List {
	l := &document.List{Ordered: true, Class: document.Item}
	for n, it := range items {
		if kind != "" && it.Kind != kind {
			continue
		}
		p := fmt.Sprintf("%s.items[%d]", path, n)
		iv := c.itemView(it)
		li := &document.ListItem{
			ID:      ItemID(appendix, it.Kind, it.Number),
			Value:   it.Number,
			Label:   strconv.Itoa(it.Number) + ".",
			Outline: c.phrase(it.Kind+"_outline", iv),
		}
		li.Blocks = labelled(c.phrase(it.Kind, iv), document.Body, ownNumber(c.parse(c.field(p+".text", it.Text), level, li.ID+"-")))
		if len(it.Items) > 0 {
			li.Blocks = append(li.Blocks, c.items(p, it.Items, appendix, level, ""))
		}
		if it.Position != "" {
			li.Blocks = append(li.Blocks, c.position(p, it, iv, level, li.ID)...)
		}
		var answer []document.Block
		if strings.TrimSpace(c.in(it.Response)) != "" {
			answer = c.parse(c.field(p+".response", it.Response), level, li.ID+"-response-")
		} else if len(it.Items) == 0 && c.who.Item(it).OtherOnly() {
			// Only an item addressed to other bodies alone takes the
			// standard sentence; an item the force or the office must
			// answer and does not is check's error, and prints no answer.
			name := it.Standard
			if name == "" {
				name = "other-bodies"
			}
			// A sentence the phrase book lacks is check's error, reported
			// at the item's standard field; the item then has no answer.
			if c.th.HasStandard(name) {
				s, err := c.th.Standard(name, iv)
				if err != nil && c.err == nil {
					c.err = err
				}
				answer = []document.Block{&document.Paragraph{Spans: plain(s)}}
			}
		}
		if answer != nil {
			li.Blocks = append(li.Blocks, labelled(c.phrase("force_response", iv), document.Answer, answer)...)
		}
		if strings.TrimSpace(c.in(it.OfficeResponse)) != "" {
			li.Blocks = append(li.Blocks, labelled(c.phrase("office_response", iv), document.Answer,
				c.parse(c.field(p+".office_response", it.OfficeResponse), level, li.ID+"-office-"))...)
		}
		if strings.TrimSpace(c.in(it.Comment)) != "" {
			li.Blocks = append(li.Blocks, labelled(c.phrase("pcc_comment", iv), document.Answer,
				c.parse(c.field(p+".comment", it.Comment), level, li.ID+"-comment-"))...)
		}
		l.Items = append(l.Items, li)
	}
	return l
}

// position prints the position an item takes, from the phrase book
// ("Position: Partly accepted"), with its reason when one is given
// ("Reason: ..."), before the item's answers.
func (c *composer) position(p string, it response.Item, iv map[string]any, level int, id string) []document.Block {
	out := []document.Block{&document.Paragraph{Class: document.Answer, Spans: []document.Span{
		{Text: c.phrase("position", iv), Bold: true}, {Text: " "}, {Text: c.phrase("position_"+it.Position, iv)},
	}}}
	if strings.TrimSpace(c.in(it.PositionReason)) != "" {
		out = append(out, labelled(c.phrase("position_reason", iv), document.Answer,
			c.parse(c.field(p+".position_reason", it.PositionReason), level, id+"-reason-"))...)
	}
	return out
}

// ownNumber drops the marker of a report's text pasted with its number
// ("4. Immediately, police forces ..."), which Markdown reads as a list of
// one item: the item prints its own number, and a second one, the same or
// not, would contradict it.
func ownNumber(blocks []document.Block) []document.Block {
	if l, ok := firstBlock(blocks).(*document.List); ok && l.Ordered && len(l.Items) == 1 {
		return append(append([]document.Block{}, l.Items[0].Blocks...), blocks[1:]...)
	}
	return blocks
}

func firstBlock(blocks []document.Block) document.Block {
	if len(blocks) == 0 {
		return nil
	}
	return blocks[0]
}

// labelled starts blocks with a bold label: inside the first paragraph when
// there is one, which then takes the class class, else as a paragraph of
// its own of class Label.
func labelled(label string, class document.Class, blocks []document.Block) []document.Block {
	lead := document.Span{Text: label, Bold: true}
	if len(blocks) > 0 {
		if p, ok := blocks[0].(*document.Paragraph); ok && p.Class == document.Body {
			p.Spans = append([]document.Span{lead, {Text: " "}}, p.Spans...)
			p.Class = class
			return blocks
		}
	}
	return append([]document.Block{&document.Paragraph{Class: document.Label, Spans: []document.Span{lead}}}, blocks...)
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

// eachSpans calls fn with every run of spans in blocks: of headings,
// paragraphs and table cells.
func eachSpans(blocks []document.Block, fn func([]document.Span)) {
	document.Walk(blocks, func(b document.Block) {
		switch b := b.(type) {
		case *document.Heading:
			fn(b.Spans)
		case *document.Paragraph:
			fn(b.Spans)
		case *document.Table:
			for _, rows := range [][][]document.Cell{b.Head, b.Body} {
				for _, row := range rows {
					for _, cell := range row {
						fn(cell.Spans)
					}
				}
			}
		}
	})
}

// normalize puts every text of d into NFC and removes invisible characters,
// so both renderers print the same characters. It is the one place text is
// cleaned; the renderers trust the tree.
func normalize(d *document.Document) {
	clean := printable.Clean
	d.Title, d.Author, d.Subject = clean(d.Title), clean(d.Author), clean(d.Subject)
	for i := range d.Editions {
		d.Editions[i].Title, d.Editions[i].Link = clean(d.Editions[i].Title), clean(d.Editions[i].Link)
	}
	for i := range d.Keywords {
		d.Keywords[i] = clean(d.Keywords[i])
	}
	for i := range d.Related {
		d.Related[i].Text = clean(d.Related[i].Text)
	}
	for _, p := range d.Parts {
		p.Outline = clean(p.Outline)
		eachSpans(p.Blocks, func(spans []document.Span) {
			for i := range spans {
				spans[i].Text = clean(spans[i].Text)
			}
		})
		document.Walk(p.Blocks, func(b document.Block) {
			switch b := b.(type) {
			case *document.Image:
				b.Alt = clean(b.Alt)
			case *document.CodeBlock:
				for i := range b.Lines {
					b.Lines[i] = clean(b.Lines[i])
				}
			case *document.Table:
				b.Label = clean(b.Label)
			case *document.List:
				for _, it := range b.Items {
					it.Outline = clean(it.Outline)
					it.Label = clean(it.Label)
				}
			}
		})
	}
}
