package pdffinish

// Tree is the logical structure of a typeset document, as the drawing pass
// recorded it: the elements in reading order under the Document, the
// element that owns each marked-content sequence of each page, and the
// link annotations.
type Tree struct {
	// Root is the Document element.
	Root *Node
	// Owners lists, for each page, the element that owns each MCID: the
	// marked-content sequence /MCID n of page i is Owners[i][n]'s.
	Owners [][]*Node
	// Annots are the link annotations, in the order drawn.
	Annots []Annotation
}

// Node is an element of the structure tree.
type Node struct {
	// Kind is the element's standard structure type (ISO 32000-1, 14.8.4),
	// such as "P", "H2" or "Figure".
	Kind string
	// Lang is the element's language, when it differs from its parent's;
	// Alt a Figure's text alternative; Numbering an L's list numbering
	// ("Decimal", "Disc" ...); Scope a TH's scope ("Column").
	Lang, Alt, Numbering, Scope string
	// Parent is the element above, nil for the root.
	Parent *Node
	// Kids is the element's content in order.
	Kids []Kid
	// Text is a Link's text, on one line: its annotations' description.
	Text string
	// ref is the element's object number, given when it is written.
	ref int
}

// Kid is one item of an element's content: a child element (Node), a
// link annotation (Annot, an index+1 into Tree.Annots), or else the
// marked-content sequence MCID on page Page (by index).
type Kid struct {
	Node  *Node
	Page  int
	MCID  int
	Annot int
}

// Annotation is a link annotation drawn on a page: its rectangle in PDF
// points from the bottom left, and either a URI or a place in the
// document.
type Annotation struct {
	// Page is the page's index.
	Page int
	// X1, Y1, X2, Y2 are the rectangle's corners.
	X1, Y1, X2, Y2 float64
	// URI is the link's target outside the document, when Dest is nil.
	URI string
	// Dest is the place in the document the link goes to.
	Dest *Dest
	// Link is the Link element the annotation belongs to.
	Link *Node
	// structParent and ref are set when the annotation is written.
	structParent, ref int
}

// Dest is a place in the document: a page, by index, and the height on
// it, in points from the bottom.
type Dest struct {
	Page int
	Top  float64
}

// prune removes the elements below n that hold no content (a Part's
// anchor, an empty label), so that every element in the tree leads to
// something on a page, and reports whether n is empty.
func prune(n *Node) bool {
	kept := n.Kids[:0]
	for _, k := range n.Kids {
		if k.Node != nil && prune(k.Node) {
			continue
		}
		kept = append(kept, k)
	}
	n.Kids = kept
	return len(kept) == 0
}
