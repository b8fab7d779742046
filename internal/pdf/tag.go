package pdf

import (
	"strconv"

	"github.com/jung-kurt/gofpdf"

	"github.com/opcc-tools/s55/internal/pdffinish"
)

// structType is a standard structure type of PDF 1.7 (ISO 32000-1, 14.8.4):
// the vocabulary of the structure tree. The layout names every element with
// one of these, and the tree writes them as they are.
type structType string

// The structure types s55 writes.
const (
	sDocument   structType = "Document"
	sPart       structType = "Part"
	sDiv        structType = "Div"
	sP          structType = "P"
	sL          structType = "L"
	sLI         structType = "LI"
	sLbl        structType = "Lbl"
	sLBody      structType = "LBody"
	sFigure     structType = "Figure"
	sLink       structType = "Link"
	sSpan       structType = "Span"
	sCode       structType = "Code"
	sBlockQuote structType = "BlockQuote"
	sTable      structType = "Table"
	sTHead      structType = "THead"
	sTBody      structType = "TBody"
	sTR         structType = "TR"
	sTH         structType = "TH"
	sTD         structType = "TD"
)

// headingTypes are H1 to H6 by level.
var headingTypes = [maxHeadings + 1]structType{"", "H1", "H2", "H3", "H4", "H5", "H6"}

// headingType returns the structure type of a heading of level, clamped
// to 1-6.
func headingType(level int) structType { return headingTypes[min(max(level, 1), maxHeadings)] }

// isHeading reports H1 to H6.
func (s structType) isHeading() bool {
	return len(s) == 2 && s[0] == 'H' && s[1] >= '1' && s[1] <= '6'
}

// elem is an element of the document's logical structure. An element split
// across pages appears on each with the same id.
type elem struct {
	id   int
	kind structType
	// lang is the element's language, when it differs from its parent's.
	lang string
	// alt is a Figure's text alternative.
	alt string
	// numbering is an L's list numbering, such as "Decimal" or "Disc".
	numbering string
	// scope is a TH's scope: "Column".
	scope string
	// href is a Link's target.
	href string
}

// tagger receives the logical structure of the content as the drawing pass
// writes it: each element's content is drawn between begin and end, with
// mark called right before anything is painted, and page furniture (the
// footer, a link's underline, a rule) inside artifact. Link annotations go
// through link. Implementations write marked-content operators with
// RawWriteStr, which is only safe while a page is open, and the drawing
// pass calls them only then. An element split across pages is ended at the
// foot of one page and begun again, with the same id, on the next. The
// tagger of the PDFs s55 writes is tagged.
type tagger interface {
	begin(e elem)
	end()
	mark()
	artifact(props string, draw func())
	// link records an annotation over x, y, w, h on the current page for
	// the Link element id, to uri or, when dest is set, to a place in the
	// document.
	link(id int, x, y, w, h float64, uri string, dest *anchor, text string)
}

// tagged is the tagger of a tagged PDF (PDF/UA): it wraps the content of
// each element in a marked-content sequence with its own MCID (/P <</MCID 3>>
// BDC ... EMC), the page furniture in /Artifact sequences, and records the
// structure tree, the owner of every MCID and the link annotations for the
// finisher (internal/pdffinish), which writes them.
//
// Marked-content sequences are opened lazily, by mark, right before
// something is painted, and closed when an element begins or ends: so they
// never nest, an element that draws nothing gets none, and text that
// follows a link inside a paragraph gets a new sequence of the paragraph.
type tagged struct {
	pdf *gofpdf.Fpdf
	// tree is the structure recorded for the finisher.
	tree  pdffinish.Tree
	stack []*pdffinish.Node
	byID  map[int]*pdffinish.Node
	// open says whether a marked-content sequence is open; inArtifact,
	// whether an artifact is being drawn.
	open, inArtifact bool
	buf              []byte
}

func newTagged(f *gofpdf.Fpdf) *tagged {
	return &tagged{pdf: f, tree: pdffinish.Tree{Root: &pdffinish.Node{Kind: string(sDocument)}}, byID: make(map[int]*pdffinish.Node)}
}

func (t *tagged) begin(e elem) {
	t.close()
	n := t.byID[e.id]
	if n == nil {
		parent := t.tree.Root
		if len(t.stack) > 0 {
			parent = t.stack[len(t.stack)-1]
		}
		n = &pdffinish.Node{Kind: string(e.kind), Lang: e.lang, Alt: e.alt, Numbering: e.numbering, Scope: e.scope, Parent: parent}
		parent.Kids = append(parent.Kids, pdffinish.Kid{Node: n})
		t.byID[e.id] = n
	}
	t.stack = append(t.stack, n)
}

func (t *tagged) end() {
	t.close()
	if len(t.stack) > 0 {
		t.stack = t.stack[:len(t.stack)-1]
	}
}

// close ends the open marked-content sequence, if any.
func (t *tagged) close() {
	if t.open {
		t.pdf.RawWriteStr("EMC")
		t.open = false
	}
}

// mark opens a marked-content sequence for the innermost open element,
// unless one is open: it comes right before anything is painted.
func (t *tagged) mark() {
	if t.open || t.inArtifact {
		return
	}
	if len(t.stack) == 0 {
		// Content outside every element cannot happen in a layout; should
		// it, it belongs to the document.
		t.stack = append(t.stack, t.tree.Root)
	}
	n := t.stack[len(t.stack)-1]
	page := t.pdf.PageNo() - 1
	for len(t.tree.Owners) <= page {
		t.tree.Owners = append(t.tree.Owners, nil)
	}
	mcid := len(t.tree.Owners[page])
	t.tree.Owners[page] = append(t.tree.Owners[page], n)
	n.Kids = append(n.Kids, pdffinish.Kid{Page: page, MCID: mcid})
	b := append(t.buf[:0], '/')
	b = append(b, n.Kind...)
	b = append(b, " <</MCID "...)
	b = strconv.AppendInt(b, int64(mcid), 10)
	b = append(b, ">> BDC"...)
	t.buf = b
	t.pdf.RawWriteStr(string(b))
	t.open = true
}

// Artifact properties: page furniture (the footer, a table's header
// repeated on the page it continues on), and what only lays out the page
// (a link's underline, a rule).
const (
	footerArtifact     = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
	paginationArtifact = "/Artifact <</Type /Pagination>> BDC"
	layoutArtifact     = "/Artifact <</Type /Layout>> BDC"
)

func (t *tagged) artifact(props string, draw func()) {
	t.close()
	t.pdf.RawWriteStr(props)
	t.inArtifact = true
	draw()
	t.inArtifact = false
	t.pdf.RawWriteStr("EMC")
}

// link records a link annotation over the rectangle x, y, w, h (millimetres
// from the top left) of the current page, belonging to the Link element id,
// whose text grows by text.
func (t *tagged) link(id int, x, y, w, h float64, uri string, dest *anchor, text string) {
	n := t.byID[id]
	if n == nil {
		return
	}
	n.Text += text
	const k = 72 / 25.4
	a := pdffinish.Annotation{
		Page: t.pdf.PageNo() - 1,
		X1:   x * k, Y1: (pageHeight - y) * k, X2: (x + w) * k, Y2: (pageHeight - y - h) * k,
		URI: uri, Link: n,
	}
	if dest != nil {
		// A place in the document: the page, and the top of what the link
		// goes to, in points from the bottom.
		a.Dest = &pdffinish.Dest{Page: dest.page, Top: (pageHeight - dest.y) * 72 / 25.4}
	}
	t.tree.Annots = append(t.tree.Annots, a)
	n.Kids = append(n.Kids, pdffinish.Kid{Annot: len(t.tree.Annots)})
}

// finish closes what is open and returns the structure recorded, each
// Link's text on one line, for the finisher.
func (t *tagged) finish() *pdffinish.Tree {
	t.close()
	t.stack = t.stack[:0]
	for _, a := range t.tree.Annots {
		a.Link.Text = oneLine(a.Link.Text)
	}
	return &t.tree
}
