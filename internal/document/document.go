// Package document defines the document tree that both renderers walk.
//
// A response becomes one Document: its parts (the letter, each appendix) hold
// blocks (headings, paragraphs, lists, images, groups) and the blocks hold
// spans of styled text. The HTML and PDF renderers read the same tree, so the
// words they print cannot drift apart. The tree carries meaning and a style
// class, never layout: page size, fonts and spacing belong to the renderers.
package document

import (
	"strings"
	"time"
)

// Document is one output document: the letter, an appendix, or the whole
// response as published.
type Document struct {
	// Lang is the BCP 47 language tag of the text, such as "en-GB".
	Lang string
	// Title is the document title (HTML <title>, PDF Title).
	Title string
	// Author names who issues the document (PDF Author, HTML meta author).
	Author string
	// Subject summarises the document (PDF Subject, HTML meta description).
	Subject string
	// Keywords are search terms (PDF Keywords, HTML meta keywords).
	Keywords []string
	// Date is the date the document carries; renderers use it wherever a
	// format wants a timestamp, so the same inputs give the same bytes.
	Date time.Time
	// PageLabel gives the page number as printed at the foot of a page, such
	// as "Page 2 of 5"; nil prints no page numbers.
	PageLabel func(page, pages int) string
	// Parts are the document's parts in reading order.
	Parts []*Part
	// Attachments are files a format that can carry them (PDF) embeds,
	// such as the source data the document was built from.
	Attachments []Attachment
	// Related are links that stand beside the document rather than in its
	// text, such as the document's PDF twin and the report it answers. The
	// HTML page shows them as navigation; print has no use for them.
	Related []Related
	// Editions are, in a document that holds the same text in several
	// languages one after the other (a bilingual response), each
	// language's text, in the order printed; nil for a document in one
	// language.
	Editions []Edition
}

// Edition is one language's text in a document of several: its title,
// where it starts, and the words of a link to it, in its own language.
type Edition struct {
	// Lang is its BCP 47 tag; its parts carry it too.
	Lang string
	// Title is the document's title in this language (the PDF's XMP
	// dc:title holds one for each language).
	Title string
	// Link names a link to it: "Darllen yn Gymraeg", "Read in English".
	Link string
	// ID is the id of its first part.
	ID string
}

// Related is a link beside a document: its text and where it goes.
type Related struct {
	// Rel says what the link is: "alternate" for the same document in
	// another format or language, "report" for the report the document
	// answers.
	Rel  string
	Text string
	Href string
	// Type is the media type of the target, such as "application/pdf",
	// or "" for a web page.
	Type string
	// Lang is the language of Text when it is not the document's.
	Lang string
	// Hreflang is the language of the target, for the same document in
	// another language.
	Hreflang string
}

// Attachment is a file carried inside a document.
type Attachment struct {
	// Name is the file name, such as "source.zip".
	Name string
	// MIME is the media type, such as "application/zip".
	MIME        string
	Description string
	Data        []byte
}

// PartKind says what a part is.
type PartKind string

// The kinds of part.
const (
	Letter   PartKind = "letter"
	Appendix PartKind = "appendix"
)

// Part is a letter or an appendix. Every part but the first starts a new page
// in print.
type Part struct {
	Kind PartKind
	// ID is the part's stable anchor, such as "letter" or "appendix-1".
	ID string
	// Outline is the part's entry in the PDF outline and HTML landmarks.
	Outline string
	// Lang is the part's language when it differs from the document's,
	// as in a bilingual response; "" means the document's.
	Lang string
	// Blocks are the part's content in reading order.
	Blocks []Block
}

// Block is a node of the tree at block level: *Heading, *Paragraph, *List,
// *Image, *Group, *Quote, *CodeBlock, *Table, *Rule or *Space.
//
// Blocks and spans with a Lang field carry a BCP 47 tag when their text is
// in a language other than the one around them ("" means the same), so that
// each renderer can mark it (lang in HTML, /Lang in PDF).
type Block interface {
	isBlock()
}

// Heading is a section heading. Level 1 is the document's single top heading.
type Heading struct {
	Level int
	// ID is the heading's stable anchor.
	ID   string
	Lang string
	// Outline, when set, gives the heading its own PDF bookmark, under
	// its part's, and the list items with outlines after it nest under
	// it: the sections of an appendix by kind.
	Outline string
	Spans   []Span
}

// Paragraph is a run of text. Spans holding only a line break split it into
// lines without paragraph spacing (an address, a letterhead).
type Paragraph struct {
	// Class is a style hint shared by both renderers: "" for body text, or one
	// of the Class constants.
	Class Class
	Lang  string
	Spans []Span
}

// Class names a style of paragraph or group.
type Class string

// The classes the renderers know. Unknown classes render as body text.
const (
	Body       Class = ""
	Letterhead Class = "letterhead"
	Recipient  Class = "recipient"
	Dated      Class = "date"
	Salutation Class = "salutation"
	Closing    Class = "closing"
	Signatory  Class = "signatory"
	Copies     Class = "copies"
	Enclosure  Class = "enclosure"
	Intro      Class = "intro"
	Signature  Class = "signature" // a group: closing, image, name and role kept together
	// Signatories is a group of the Signer groups of a letter signed by
	// several: side by side where they fit, else one below another.
	Signatories Class = "signatories"
	// Signer is the group of one signatory of several: the signature
	// (or the space to sign) and the name and title below it.
	Signer Class = "signer"
	// Logo is the picture at the head of a letter, aligned with the
	// letterhead lines.
	Logo Class = "logo"
	// Reference is the letter's reference line ("Our ref: ..."), and
	// Delivery the line saying how it goes ("By email").
	Reference Class = "reference"
	Delivery  Class = "delivery"
	Item      Class = "item" // a list item of an appendix
	// Answer is the first paragraph of an item's answer (the force's
	// response, the PCC's comment), which opens with its label in bold:
	// print keeps an item's text with the start of its answer.
	Answer Class = "answer"
	// Label is a paragraph holding only a label ("Force response:"),
	// when the answer opens with something other than a paragraph: print
	// never ends a page with it.
	Label Class = "label"
	// Corrected is the line of a correction, below the letter's date and
	// an appendix's heading: "Corrected on DATE: REASON. This replaces
	// the response issued on DATE."
	Corrected Class = "corrected"
)

// List is an ordered or bulleted list.
type List struct {
	Ordered bool
	Class   Class
	Lang    string
	Items   []*ListItem
}

// ListItem is one entry of a list.
type ListItem struct {
	// ID is the item's stable anchor, such as "rec-1"; empty for plain
	// Markdown lists.
	ID string
	// Value is the number of an item of an ordered list, as printed (HTML
	// <li value>); items of an appendix carry their own number.
	Value int
	// Label is the marker as printed: "1.", "•"; "" prints none.
	Label string
	// Outline, when set, gives the item its own PDF bookmark.
	Outline string
	Blocks  []Block
}

// Image is a picture with its text alternative.
type Image struct {
	Class Class
	// Data holds the PNG or JPEG bytes.
	Data []byte
	// Type is "png" or "jpeg".
	Type string
	// Alt is the text alternative, always set unless Decorative.
	Alt string
	// Decorative marks a picture that says nothing the text beside it
	// does not (a logo above letterhead lines that name the office):
	// print draws it as an artifact, the HTML gives it an empty alt.
	Decorative bool
	// Width and Height are the intended print size in millimetres.
	Width, Height float64
}

// Group keeps blocks together: on one page in print, in one element in HTML.
type Group struct {
	Class  Class
	Lang   string
	Blocks []Block
}

// Quote is a block quotation: words quoted from someone else, set apart
// from the writer's own.
type Quote struct {
	Lang   string
	Blocks []Block
}

// CodeBlock is preformatted text, set in a monospaced face with its lines
// and spaces kept; tabs are already expanded to spaces.
type CodeBlock struct {
	// Info is the fenced block's info string, such as "yaml"; "" for none.
	Info string
	// Lines are the block's lines, without line ends.
	Lines []string
}

// Rule is a thematic break between sections.
type Rule struct{}

// Space is room left blank on paper: the space to sign a letter by hand.
// Print leaves Height millimetres; a screen shows little or nothing.
type Space struct {
	Class  Class
	Height float64
}

// Align is the alignment of a table column.
type Align int

// The alignments of a table column.
const (
	AlignNone Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

// Table is a table of rows and columns. Head holds the header rows, whose
// cells head their columns; a renderer repeats them after a page break.
type Table struct {
	Lang string
	// Label names the table for a screen reader where the HTML page
	// scrolls it in a box of its own ("Table: Area and Grade"), in the
	// table's language.
	Label string
	// Align holds each column's alignment; every row has len(Align) cells.
	Align []Align
	Head  [][]Cell
	Body  [][]Cell
}

// Columns returns the texts of the table's first header row, the empty
// ones left out: what its columns hold.
func (t *Table) Columns() []string {
	var out []string
	if len(t.Head) > 0 {
		for _, c := range t.Head[0] {
			if s := strings.TrimSpace(Text(c.Spans)); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// Cell is one cell of a table.
type Cell struct {
	Spans []Span
}

func (*Heading) isBlock()   {}
func (*Paragraph) isBlock() {}
func (*List) isBlock()      {}
func (*Image) isBlock()     {}
func (*Group) isBlock()     {}
func (*Quote) isBlock()     {}
func (*CodeBlock) isBlock() {}
func (*Rule) isBlock()      {}
func (*Table) isBlock()     {}
func (*Space) isBlock()     {}

// Span is a run of text in one style. A span whose Break is set is a line
// break and has no text.
type Span struct {
	Text   string
	Bold   bool
	Italic bool
	// Code sets the span in a monospaced face (a code span).
	Code bool
	// Href, when set, makes the span part of a link. It has passed the link
	// policy when the tree was composed; renderers use it as it is.
	Href string
	// Lang is the span's language when it differs from its block's.
	Lang  string
	Break bool
}

// Text returns the plain text of spans, with line breaks as newlines.
func Text(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Break {
			b.WriteByte('\n')
			continue
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

// Walk calls fn for every block in depth-first reading order, entering groups
// and list items after their parent.
func Walk(blocks []Block, fn func(b Block)) {
	for _, b := range blocks {
		fn(b)
		switch b := b.(type) {
		case *Group:
			Walk(b.Blocks, fn)
		case *Quote:
			Walk(b.Blocks, fn)
		case *List:
			for _, it := range b.Items {
				Walk(it.Blocks, fn)
			}
		}
	}
}
