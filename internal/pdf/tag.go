package pdf

import (
	"strconv"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// node is an element of the structure tree that the tagged drawing pass
// builds: the Document at the root, then the elements of the layout (Part,
// H1, P, L, LI, Lbl, LBody, Figure, Div, Link) in reading order.
type node struct {
	kind string
	// alt is a Figure's text alternative; numbering is an L's ListNumbering.
	alt, numbering string
	parent         *node
	kids           []kid
	// text is a Link's text, gathered from its runs for the annotation's
	// description.
	text strings.Builder
	// ref is the node's object number, given when it is written.
	ref int
}

// kid is one item of an element's content, in order: a child element, a
// marked-content sequence on a page, or a link annotation.
type kid struct {
	node  *node
	page  int // index of the page of a marked-content sequence
	mcid  int
	annot int // index+1 into the annotations, or 0
}

// annotation is a link annotation drawn on a page, in PDF points.
type annotation struct {
	page              int
	x1, y1, x2, y2    float64
	uri               string
	link              *node
	structParent, ref int // set when written
}

// tagged is the tagger of a tagged PDF (PDF/UA): it wraps the content of
// each element in a marked-content sequence with its own MCID (/P <</MCID 3>>
// BDC ... EMC), the page furniture in /Artifact sequences, and records the
// structure tree, the owner of every MCID and the link annotations for the
// post-processing pass, which writes them.
//
// Marked-content sequences are opened lazily, by mark, right before
// something is painted, and closed when an element begins or ends: so they
// never nest, an element that draws nothing gets none, and text that
// follows a link inside a paragraph gets a new sequence of the paragraph.
type tagged struct {
	pdf   *gofpdf.Fpdf
	root  *node
	stack []*node
	byID  map[int]*node
	// owners lists, for each page, the element that owns each MCID.
	owners [][]*node
	annots []annotation
	// open says whether a marked-content sequence is open; inArtifact,
	// whether an artifact is being drawn.
	open, inArtifact bool
	buf              []byte
}

func newTagged(f *gofpdf.Fpdf) *tagged {
	return &tagged{pdf: f, root: &node{kind: "Document"}, byID: make(map[int]*node)}
}

func (t *tagged) begin(e elem) {
	t.close()
	n := t.byID[e.id]
	if n == nil {
		parent := t.root
		if len(t.stack) > 0 {
			parent = t.stack[len(t.stack)-1]
		}
		n = &node{kind: e.kind, alt: e.alt, numbering: e.numbering, parent: parent}
		parent.kids = append(parent.kids, kid{node: n})
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
		t.stack = append(t.stack, t.root)
	}
	n := t.stack[len(t.stack)-1]
	page := t.pdf.PageNo() - 1
	for len(t.owners) <= page {
		t.owners = append(t.owners, nil)
	}
	mcid := len(t.owners[page])
	t.owners[page] = append(t.owners[page], n)
	n.kids = append(n.kids, kid{page: page, mcid: mcid})
	b := append(t.buf[:0], '/')
	b = append(b, n.kind...)
	b = append(b, " <</MCID "...)
	b = strconv.AppendInt(b, int64(mcid), 10)
	b = append(b, ">> BDC"...)
	t.buf = b
	t.pdf.RawWriteStr(string(b))
	t.open = true
}

// Artifact properties: page furniture, and a link's underline.
const (
	footerArtifact    = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
	underlineArtifact = "/Artifact <</Type /Layout>> BDC"
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
// from the top left) of the current page, belonging to the innermost open
// element, a Link, whose text grows by text.
func (t *tagged) link(x, y, w, h float64, uri, text string) {
	if len(t.stack) == 0 {
		return
	}
	n := t.stack[len(t.stack)-1]
	n.text.WriteString(text)
	const k = 72 / 25.4
	t.annots = append(t.annots, annotation{
		page: t.pdf.PageNo() - 1,
		x1:   x * k, y1: (pageHeight - y) * k, x2: (x + w) * k, y2: (pageHeight - y - h) * k,
		uri: uri, link: n,
	})
	n.kids = append(n.kids, kid{annot: len(t.annots)})
}

// finishTree closes what is open and drops the elements that hold no
// content (a Part anchor, an empty label), so that every element in the
// tree leads to something on a page.
func (t *tagged) finishTree() {
	t.close()
	t.stack = t.stack[:0]
	prune(t.root)
}

// prune removes the empty elements below n and reports whether n is empty.
func prune(n *node) bool {
	kept := n.kids[:0]
	for _, k := range n.kids {
		if k.node != nil && prune(k.node) {
			continue
		}
		kept = append(kept, k)
	}
	n.kids = kept
	return len(kept) == 0
}
