// Package pdf renders a document tree as an A4 PDF.
//
// Layout runs in two passes. The first measures every block into lines with
// the metrics of the embedded fonts and paginates them with the rules of a
// formal letter: each part starts a page; a heading, and a label standing
// alone, keep the first two lines that follow them; a paragraph split
// across pages leaves at least two lines on each side; a list label keeps
// the first two lines of its item, and an item's first lines the start of
// its answer; a signature group (closing, signature, name and role) is
// never split and takes the last two lines of the letter with it; a table
// row moves whole unless it is taller than a page, and the header rows
// start each page the table continues on. The second pass draws, and since
// the page count is known by then every page carries its exact label
// ("Page 2 of 5").
//
// Text is set in Liberation Sans (metric-compatible with Arial), code in
// Liberation Mono, embedded and subset, so any character up to U+FFFF in
// the fonts prints and extracts as itself. The renderer prints the tree's
// text as it is: which characters may be published, and how text is
// normalised, is decided once when the tree is composed. The same document
// gives the same bytes: dates come from the document, never the clock.
//
// Every PDF is tagged (PDF/UA-1) and archival (PDF/A-3b). The drawing pass
// wraps each element's content in marked content and the page furniture in
// artifacts (tag.go, where the structure types are named) and records the
// structure tree; the finisher (internal/pdffinish) then writes that tree,
// the language of every element in another, the XMP metadata, the sRGB
// output intent, exact font maps and the document's attachments as
// associated files into gofpdf's output. gofpdf itself is used as it is.
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

	"github.com/jung-kurt/gofpdf"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/pdffinish"
)

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
	f, lay, m, err := build(doc)
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
	out, err := pdffinish.Finish(raw.Bytes(), pdffinish.Input{Tree: t.finish(), Meta: m, FontNames: postScriptNames, Attachments: doc.Attachments})
	if err != nil {
		return fmt.Errorf("pdf: unexpected output from the PDF library: %w", err)
	}
	_, err = w.Write(out)
	return err
}

// docMeta returns the metadata of doc as both the information dictionary
// and the XMP packet carry it.
func docMeta(doc *document.Document) (*pdffinish.Meta, error) {
	m := &pdffinish.Meta{Creator: producer, Producer: producer, Date: docDate(doc)}
	for _, f := range []struct {
		to   *string
		name string
		text string
	}{
		{&m.Lang, "language", doc.Lang},
		{&m.Title, "title", doc.Title},
		{&m.Author, "author", doc.Author},
		{&m.Subject, "subject", doc.Subject},
		{&m.Keywords, "keywords", strings.Join(doc.Keywords, ", ")},
	} {
		text, err := metaText(f.text)
		if err != nil {
			return nil, fmt.Errorf("pdf: document %s: %w", f.name, err)
		}
		*f.to = text
	}
	for _, e := range doc.Editions {
		title, err := metaText(e.Title)
		if err != nil {
			return nil, fmt.Errorf("pdf: document title in %s: %w", e.Lang, err)
		}
		m.Titles = append(m.Titles, pdffinish.LangText{Lang: e.Lang, Text: title})
		m.Langs = append(m.Langs, e.Lang)
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
	_, lay, _, err := build(doc)
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

// build creates the gofpdf document with its settings and metadata and
// runs the layout pass with its metrics, which register the fonts the
// document sets text in.
func build(doc *document.Document) (*gofpdf.Fpdf, *layout, *pdffinish.Meta, error) {
	if doc == nil {
		return nil, nil, nil, errors.New("pdf: no document")
	}
	m, err := docMeta(doc)
	if err != nil {
		return nil, nil, nil, err
	}
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetAutoPageBreak(false, marginBottom)
	f.SetMargins(marginLeft, marginTop, marginRight)
	// The finisher compresses the pages, with one compressor for all.
	f.SetCompression(false)
	f.SetCatalogSort(true)
	f.SetCreationDate(m.Date)
	f.SetModificationDate(m.Date)
	f.SetCreator(producer, false)
	f.SetProducer(producer, false)
	for _, e := range []struct {
		set  func(string, bool)
		text string
	}{{f.SetTitle, m.Title}, {f.SetAuthor, m.Author}, {f.SetSubject, m.Subject}, {f.SetKeywords, m.Keywords}} {
		if e.text != "" {
			e.set(e.text, true)
		}
	}
	metrics := newMetrics(f)
	if err := f.Error(); err != nil {
		return nil, nil, nil, fmt.Errorf("pdf: fonts: %w", err)
	}
	lay, err := layoutDocument(doc, metrics)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("pdf: %w", err)
	}
	metrics.flush()
	if err := f.Error(); err != nil {
		return nil, nil, nil, fmt.Errorf("pdf: %w", err)
	}
	return f, lay, m, nil
}
