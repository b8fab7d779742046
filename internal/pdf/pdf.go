// Package pdf renders a document tree as an A4 PDF.
//
// Layout runs in two passes. The first measures every block into lines with
// the metrics of the embedded fonts and paginates them with the rules of a
// formal letter: each part starts a page; a heading keeps the first two
// lines that follow it; a paragraph split across pages leaves at least two
// lines on each side; a list label keeps the first two lines of its item; a
// signature group (closing, signature, name and role) is never split. The
// second pass draws, and since the page count is known by then every page
// carries its exact label ("Page 2 of 5").
//
// Text is set in Liberation Sans (metric-compatible with Arial), embedded
// and subset, so any character up to U+FFFF in the font prints and extracts
// as itself. The same document gives the same bytes: dates come from the
// document, never the clock.
//
// Every PDF is tagged (PDF/UA-1) and archival (PDF/A-3b). The drawing pass
// wraps each element's content in marked content and the page furniture in
// artifacts (tag.go); a post-processing pass then appends one incremental
// update to gofpdf's output with the structure tree, the language, the XMP
// metadata, the sRGB output intent, exact font maps and the document's
// attachments as associated files (finish.go). gofpdf itself is used as
// it is.
//
// This is the only package that imports gofpdf.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/jung-kurt/gofpdf"

	"github.com/opcc-tools/s55/internal/document"
)

// fontFamily is the family name the fonts are registered under.
const fontFamily = "LiberationSans"

// producer names the program in the PDF's Creator and Producer.
const producer = "s55"

// fallbackDate stands in for a document without a date: gofpdf would use
// the clock, and the output must not depend on it.
var fallbackDate = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// Render lays out doc and writes it as PDF to w. Nothing is written unless
// the whole document could be produced; text that the PDF cannot encode
// fails with an error wrapping ErrUnsupportedText. Calls may run
// concurrently: each has its own gofpdf document.
func Render(w io.Writer, doc *document.Document) (err error) {
	defer guard(&err)
	f, lay, err := build(doc)
	if err != nil {
		return err
	}
	t := newTagged(f)
	d := &drawer{pdf: f, t: t}
	if err := d.draw(lay); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	// Close before Output: Output writes whatever Close produced even when
	// Close failed half-way.
	f.Close()
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	var raw bytes.Buffer
	if err := f.Output(&raw); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	m, err := docMeta(doc)
	if err != nil {
		return err
	}
	out, err := finish(raw.Bytes(), t, m, doc.Attachments)
	if err != nil {
		return fmt.Errorf("pdf: unexpected output from the PDF library: %w", err)
	}
	_, err = w.Write(out)
	return err
}

// docMeta returns the metadata of doc as both the information dictionary
// and the XMP packet carry it.
func docMeta(doc *document.Document) (*meta, error) {
	m := &meta{creator: producer, producer: producer, date: docDate(doc)}
	for _, f := range []struct {
		to   *string
		name string
		text string
	}{
		{&m.lang, "language", doc.Lang},
		{&m.title, "title", doc.Title},
		{&m.author, "author", doc.Author},
		{&m.subject, "subject", doc.Subject},
		{&m.keywords, "keywords", strings.Join(doc.Keywords, ", ")},
	} {
		text, err := cleanText(f.text)
		if err != nil {
			return nil, fmt.Errorf("pdf: document %s: %w", f.name, err)
		}
		*f.to = oneLine(text)
	}
	return m, nil
}

// docDate is the date the PDF carries: the document's, never the clock.
func docDate(doc *document.Document) time.Time {
	if doc.Date.IsZero() {
		return fallbackDate
	}
	return doc.Date
}

// PageCount lays out doc and reports how many pages it takes (no drawing).
func PageCount(doc *document.Document) (n int, err error) {
	defer guard(&err)
	_, lay, err := build(doc)
	if err != nil {
		return 0, err
	}
	return len(lay.pages), nil
}

// guard turns a panic inside gofpdf into an error: gofpdf indexes its
// input without checking in places (malformed images, for one), and user
// data must never crash the program.
func guard(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("pdf: internal error in the PDF library: %v", r)
	}
}

// build creates the gofpdf document with its settings and fonts and runs
// the layout pass with its metrics.
func build(doc *document.Document) (*gofpdf.Fpdf, *layout, error) {
	if doc == nil {
		return nil, nil, errors.New("pdf: no document")
	}
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetAutoPageBreak(false, marginBottom)
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetCompression(true)
	f.SetCatalogSort(true)
	date := docDate(doc)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetCreator(producer, false)
	f.SetProducer(producer, false)
	meta := []struct {
		set  func(string, bool)
		name string
		text string
	}{
		{f.SetTitle, "title", doc.Title},
		{f.SetAuthor, "author", doc.Author},
		{f.SetSubject, "subject", doc.Subject},
		{f.SetKeywords, "keywords", strings.Join(doc.Keywords, ", ")},
	}
	for _, m := range meta {
		text, err := cleanText(m.text)
		if err != nil {
			return nil, nil, fmt.Errorf("pdf: document %s: %w", m.name, err)
		}
		if text = oneLine(text); text != "" {
			m.set(text, true)
		}
	}
	for _, s := range stylesUsed(doc) {
		// gofpdf pads font tables in place while subsetting, writing into
		// the slice it was given: each document gets its own copy, so
		// concurrent renders do not share (and race on) the embedded bytes.
		f.AddUTF8FontFromBytes(fontFamily, s, bytes.Clone(fontData[s]))
	}
	if err := f.Error(); err != nil {
		return nil, nil, fmt.Errorf("pdf: fonts: %w", err)
	}
	lay, err := layoutDocument(doc, &fpdfMetrics{pdf: f})
	if err != nil {
		return nil, nil, fmt.Errorf("pdf: %w", err)
	}
	if err := f.Error(); err != nil {
		return nil, nil, fmt.Errorf("pdf: %w", err)
	}
	return f, lay, nil
}

// fontData holds the TrueType fonts by gofpdf style.
var fontData = map[string][]byte{
	"":   liberationsansregular.TTF,
	"B":  liberationsansbold.TTF,
	"I":  liberationsansitalic.TTF,
	"BI": liberationsansbolditalic.TTF,
}

// stylesUsed lists the font styles doc needs, regular always. Each font
// registered costs about 2 ms to parse and 2 ms to subset and embed even
// when unused, so only these are registered.
func stylesUsed(doc *document.Document) []string {
	used := map[string]bool{"": true}
	for _, p := range doc.Parts {
		if p == nil {
			continue
		}
		document.Walk(p.Blocks, func(b document.Block) {
			switch b := b.(type) {
			case *document.Heading:
				if b != nil {
					for _, s := range b.Spans {
						used[fontStyle(document.Span{Bold: true, Italic: s.Italic})] = true
					}
				}
			case *document.Paragraph:
				if b != nil {
					for _, s := range b.Spans {
						used[fontStyle(s)] = true
					}
				}
			}
		})
	}
	var styles []string
	for _, s := range []string{"", "B", "I", "BI"} {
		if used[s] {
			styles = append(styles, s)
		}
	}
	return styles
}

// fpdfMetrics measures text with the fonts registered in a gofpdf document.
type fpdfMetrics struct {
	pdf   *gofpdf.Fpdf
	style string
	size  float64
}

func (m *fpdfMetrics) width(s, style string, size float64) float64 {
	if style != m.style || size != m.size || m.size == 0 {
		m.pdf.SetFont(fontFamily, style, size)
		m.style, m.size = style, size
	}
	return m.pdf.GetStringWidth(s)
}

// fontStyle reports a span's font style as gofpdf spells it: "", "B", "I"
// or "BI".
func fontStyle(s document.Span) string {
	switch {
	case s.Bold && s.Italic:
		return "BI"
	case s.Bold:
		return "B"
	case s.Italic:
		return "I"
	}
	return ""
}
