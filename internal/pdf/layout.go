package pdf

import (
	"fmt"
	"slices"
	"strings"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/printable"
)

// Page geometry, in millimetres unless the name says points.
const (
	pageWidth    = 210.0 // A4 portrait
	pageHeight   = 297.0
	marginLeft   = 25.0
	marginRight  = 25.0
	marginTop    = 20.0
	marginBottom = 25.0
	bodyTop      = marginTop
	bodyBottom   = pageHeight - marginBottom
	bodyHeight   = bodyBottom - bodyTop
	textLeft     = marginLeft
	textRight    = pageWidth - marginRight
	textWidth    = textRight - textLeft

	footerBaseline = pageHeight - 13 // inside the bottom margin
	footerSize     = 9.0             // points

	bodySize    = 11.0 // points
	codeSize    = 10.0 // points, Liberation Mono in code blocks
	leading     = 1.35 // line height in ems
	paraSpace   = 4.0  // space after a paragraph
	listIndent  = 8.0  // from a list item's label to its content
	labelGap    = 2.0  // least space between a label and its content
	maxHang     = 20.0 // widest indent a hanging label may ask; a wider label takes its own line
	quoteIndent = 7.0  // from a quote's rule to its content
	quoteBar    = 0.8  // width of a quote's rule
	markerSpace = 3.0  // kept at the right of a code block for the mark of a wrapped line
	minMeasure  = 40.0 // narrowest column that nesting may leave for text
	maxNesting  = 6    // lists and quotes nested deeper indent no further
	mmPerPoint  = 25.4 / 72
	fitEpsilon  = 1e-6 // slack when comparing lengths
	maxHeadings = 6
)

// Liberation Sans vertical metrics (hhea ascender and descender over
// units per em), which place the baseline inside the line box, and its
// underline (post table), which places a link's rule.
const (
	fontAscent         = 1854.0 / 2048
	fontDescent        = 434.0 / 2048
	underlinePosition  = 217.0 / 2048 // below the baseline
	underlineThickness = 150.0 / 2048
)

// metrics measures text with the fonts the PDF will embed.
type metrics interface {
	// width reports the advance width in millimetres of s set in face f
	// at size points.
	width(s string, f face, size float64) float64
}

// layout is the outcome of the layout pass: every page with the lines,
// images and footer it holds, positioned and ready to draw.
type layout struct {
	pages []*page
	// paths holds the inline elements (Span, Link, Code) a run of text is
	// inside, outermost first, by the id a seg gives; paths[0] is none.
	paths [][]elem
	// anchors gives the page and position of each id that an in-document
	// link ("#rec-1") may go to.
	anchors map[string]anchor
}

// anchor is a place in the layout: a page, by index, and a height on it.
type anchor struct {
	page int
	y    float64
}

// page is one page of a layout.
type page struct {
	// boxes are the page's content in reading order.
	boxes []*box
	// footer is the page label, or nil; page furniture, not content.
	footer *box
	// decor are the rules drawn beside the content as artifacts: the
	// rule at the left of a quote, from its first to its last box here.
	decor []rule
}

// box is the unit of pagination: a line of text, an image, a band of a
// table's row, a rule, or a zero-height anchor (the start of a part, a
// list label that shares its line with the item's first line).
type box struct {
	// open lists the elements that start with this box, innermost first
	// (each is added as it is wrapped, inner elements before outer ones);
	// close counts the elements that end after it.
	open  []elem
	close int
	// marks are bookmarks to this box's position.
	marks []mark
	// anchors are the ids (of a part, a heading, a list item) whose
	// position this box gives to in-document links.
	anchors []string

	// before and after are the spaces wanted above and below the box; the
	// gap between two boxes is the larger of the two, and no gap is left at
	// the top of a page.
	before, after float64
	// h is the height of the box; zero for anchors and labels.
	h float64
	// keep forbids a page break after the box.
	keep bool
	// newPage forces a page break before the box (a part starts).
	newPage bool
	// label marks a list label, drawn on the baseline of the next box.
	label bool
	// artifact marks a copy of a table's header rows at the top of a page
	// the table continues on: drawn as page furniture, not as content.
	artifact bool

	line *line
	img  *picture
	band *band
	// cols are the boxes of blocks set side by side (the signatories of
	// a joint letter), one list a column, each box placed from the top of
	// this one.
	cols [][]*box
	// rules are lines drawn as artifacts, placed from the box's top left:
	// a thematic break, a table's rules, the mark of a wrapped code line.
	rules []rule
	// quotes are the rules of the quotes the box is inside.
	quotes []quoteRule
	// head holds the boxes of the header rows of the table whose body
	// this box belongs to: a page that starts with this box repeats them.
	head []*box

	// block identifies the element (heading, paragraph, code block, image)
	// the box belongs to; kind is its type; index and count place a line
	// in its block.
	block        int
	kind         structType
	index, count int

	// y is the top of the box on its page, set by pagination.
	y float64
}

// mark is a bookmark anchored at the top of a box.
type mark struct {
	text  string
	level int
}

// line is a line of text.
type line struct {
	// base is the baseline's distance below the top of the box.
	base float64
	segs []seg
}

// seg is a run of text in one face and one set of inline elements, drawn
// with one operator.
type seg struct {
	// x is the left edge; adv is the advance width of text; w is the width
	// without trailing spaces (what a link underline and annotation cover).
	x, w, adv float64
	text      string
	face      face
	size      float64
	// href is the link the run belongs to, or "".
	href string
	// path is the run's inline elements: an index into layout.paths.
	path int
}

// picture is an image placed on the page.
type picture struct {
	x, w, h float64
	data    []byte
	// typ is gofpdf's name for the image type: "png" or "jpg".
	typ string
	alt string
	// decorative marks a picture drawn as an artifact: it says nothing
	// the text beside it does not.
	decorative bool
}

// rule is a filled rectangle from (x1, y1) to (x2, y2): a line, drawn as
// an artifact.
type rule struct {
	x1, y1, x2, y2 float64
}

// quoteRule is the rule at the left of a quote: its quote's id and where
// it stands.
type quoteRule struct {
	id int
	x  float64
}

// pstyle is how a class of paragraph is set.
type pstyle struct {
	size          float64 // points
	before, after float64
	align         document.Align
	bold          bool // every span bold (headings, table headers)
}

func paragraphStyle(c document.Class) pstyle {
	switch c {
	case document.Letterhead:
		return pstyle{size: footerSize, after: 8, align: document.AlignRight}
	case document.Closing:
		return pstyle{size: bodySize, after: 3}
	}
	return pstyle{size: bodySize, after: paraSpace}
}

func headingStyle(level int) pstyle {
	switch level {
	case 1:
		return pstyle{size: 12, before: 8, after: 3, bold: true}
	case 2:
		return pstyle{size: 12, before: 7, after: 3, bold: true}
	case 3:
		return pstyle{size: 11, before: 6, after: 2, bold: true}
	}
	return pstyle{size: 11, before: 5, after: 2, bold: true}
}

// lineHeight is the height of a line of text set at size points.
func lineHeight(size float64) float64 { return leading * size * mmPerPoint }

// baseline is the baseline's distance below the top of a line at size
// points: half the leading, then the ascent.
func baseline(size float64) float64 {
	return ((leading-fontAscent-fontDescent)/2 + fontAscent) * size * mmPerPoint
}

// layouter runs the measuring pass: it turns blocks into boxes.
type layouter struct {
	m     metrics
	boxes []*box
	ids   int
	err   error
	// marked says whether the current part has a bookmark, so that item
	// bookmarks nest under it; sectioned, whether a heading with a
	// bookmark of its own (a kind's section) opened since, so that item
	// bookmarks nest under that.
	marked, sectioned bool
	// outlined counts the list items with bookmarks being laid out, so
	// that the bookmark of an item inside another (a recommendation under
	// a cause of concern) nests under that item's.
	outlined int
	// keeps are the boxes that keep with the lines after them (a heading,
	// a label), glued once the part is measured.
	keeps []keepNext
	// signature is set inside a signature group.
	signature bool
	// partAt is the index of the box that starts the current part.
	partAt int
	// scratch is where setLines and breakLines work.
	scratch scratch
	// spaces caches the width of a space by font, and space the one
	// asked last.
	spaces map[fontKey]float64
	space  struct {
		fontKey
		w float64
	}
	// lang is the language in effect: an element whose language differs
	// carries its own.
	lang string
	// lists holds the left edge and width of each list level; quotes
	// counts the quotes open, and bars are their rules.
	lists  []span
	quotes int
	bars   []quoteRule
	// paths are the inline paths by id (layout.paths).
	paths [][]elem
	// targets are the ids in the document an in-document link may go to.
	targets map[string]bool
}

// keepNext asks box to stay on the page of the n lines that follow it.
type keepNext struct{ box, n int }

// span is a horizontal extent: a left edge and a width.
type span struct{ x, w float64 }

// fontKey names a font at a size.
type fontKey struct {
	face face
	size float64
}

// layoutDocument measures doc into lines with m, paginates them and adds
// the page labels: the whole layout pass, with no drawing.
func layoutDocument(doc *document.Document, m metrics) (*layout, error) {
	l := &layouter{m: m, lang: doc.Lang, paths: [][]elem{nil}, targets: targets(doc)}
	for _, p := range doc.Parts {
		if p != nil {
			l.part(p)
		}
	}
	if l.err != nil {
		return nil, l.err
	}
	lay := &layout{pages: paginate(l.boxes), paths: l.paths, anchors: map[string]anchor{}}
	if len(lay.pages) == 0 {
		lay.pages = []*page{{}}
	}
	for i, pg := range lay.pages {
		pg.decor = quoteRules(pg)
		for _, b := range pg.boxes {
			for _, id := range b.anchors {
				if _, ok := lay.anchors[id]; !ok {
					lay.anchors[id] = anchor{page: i, y: b.y}
				}
			}
		}
	}
	if doc.PageLabel != nil {
		total := len(lay.pages)
		for i, pg := range lay.pages {
			text := oneLine(l.check(doc.PageLabel(i+1, total)))
			if l.err != nil {
				return nil, fmt.Errorf("page label: %w", l.err)
			}
			if text == "" {
				continue
			}
			w := m.width(text, regular, footerSize)
			pg.footer = &box{
				y:    footerBaseline - baseline(footerSize),
				h:    lineHeight(footerSize),
				line: &line{base: baseline(footerSize), segs: []seg{{x: textRight - w, w: w, adv: w, text: text, size: footerSize}}},
			}
		}
	}
	return lay, nil
}

// targets returns the ids an in-document link may go to: those of the
// parts, headings and list items of doc.
func targets(doc *document.Document) map[string]bool {
	ids := map[string]bool{}
	for _, p := range doc.Parts {
		if p == nil {
			continue
		}
		ids[p.ID] = true
		document.Walk(p.Blocks, func(b document.Block) {
			switch b := b.(type) {
			case *document.Heading:
				if b != nil {
					ids[b.ID] = true
				}
			case *document.List:
				if b != nil {
					for _, it := range b.Items {
						if it != nil {
							ids[it.ID] = true
						}
					}
				}
			}
		})
	}
	delete(ids, "")
	return ids
}

func (l *layouter) id() int {
	l.ids++
	return l.ids
}

// check returns s when the PDF can encode it, recording the first error
// (and returning "") when it cannot.
func (l *layouter) check(s string) string {
	if l.err != nil {
		return ""
	}
	if err := encodable(s); err != nil {
		l.err = err
		return ""
	}
	return s
}

// enter makes lang the language in effect, and returns the language an
// element in it must carry: "" when lang is the one in effect already.
// The caller restores l.lang when the element ends.
func (l *layouter) enter(lang string) string {
	if lang == "" || lang == l.lang {
		return ""
	}
	l.lang = lang
	return lang
}

// spaceWidth returns the width of a space, measured once per font.
func (l *layouter) spaceWidth(f face, size float64) float64 {
	k := fontKey{f, size}
	if k == l.space.fontKey {
		return l.space.w
	}
	w, ok := l.spaces[k]
	if !ok {
		w = l.m.width(" ", f, size)
		if l.spaces == nil {
			l.spaces = make(map[fontKey]float64)
		}
		l.spaces[k] = w
	}
	l.space.fontKey, l.space.w = k, w
	return w
}

// add appends a box, inside the quotes open.
func (l *layouter) add(b *box) {
	b.quotes = l.bars
	l.boxes = append(l.boxes, b)
}

// wrap makes the boxes from start on the content of a new element e, given
// an id.
func (l *layouter) wrap(start int, e elem) {
	if start >= len(l.boxes) {
		return
	}
	e.id = l.id()
	first, last := l.boxes[start], l.boxes[len(l.boxes)-1]
	first.open = append(first.open, e)
	last.close++
}

// glue keeps box i on the page of the next n boxes of non-zero height that
// follow it, up to box limit.
func (l *layouter) glue(i, n, limit int) {
	for k := i; k < limit && n > 0; k++ {
		l.boxes[k].keep = true
		if l.boxes[k+1].h > 0 {
			n--
		}
	}
}

// glueBack keeps box i on the page of the n boxes of non-zero height
// before it, from box floor on.
func (l *layouter) glueBack(i, n, floor int) {
	for k := i - 1; k >= floor && n > 0; k-- {
		l.boxes[k].keep = true
		if l.boxes[k].h > 0 {
			n--
		}
	}
}

// nth returns the index of the n-th box of non-zero height from box i
// on, before box end, or the last such box when there are fewer; -1
// when there is none.
func (l *layouter) nth(i, end, n int) int {
	found := -1
	for k := i; k < end && n > 0; k++ {
		if l.boxes[k].h > 0 {
			found = k
			n--
		}
	}
	return found
}

func (l *layouter) part(p *document.Part) {
	start := len(l.boxes)
	l.partAt = start
	outer := l.lang
	lang := l.enter(p.Lang)
	if p.Lang != "" {
		// A part that names its language carries it, the document's too:
		// each language's part of a bilingual response says which it is.
		lang = p.Lang
	}
	anchor := &box{newPage: true, keep: true, kind: sPart}
	if p.ID != "" {
		anchor.anchors = []string{p.ID}
	}
	l.marked, l.sectioned = false, false
	if o := oneLine(l.check(p.Outline)); o != "" {
		anchor.marks = []mark{{text: o, level: 0}}
		l.marked = true
	}
	l.add(anchor)
	l.blocks(p.Blocks, textLeft, textWidth)
	for _, k := range l.keeps {
		l.glue(k.box, k.n, len(l.boxes)-1)
	}
	l.keeps = l.keeps[:0]
	l.wrap(start, elem{kind: sPart, lang: lang})
	l.lang = outer
}

func (l *layouter) blocks(bs []document.Block, x, w float64) {
	for i, b := range bs {
		if l.err != nil {
			return
		}
		if i > 0 && furniture(b) && (furniture(bs[i-1]) || isSignature(bs[i-1])) && len(l.boxes) > 0 {
			// The copy list and the enclosures stay on the signature's
			// page: a page never holds them alone.
			l.boxes[len(l.boxes)-1].keep = true
		}
		l.block(b, x, w)
		// An address given as one paragraph per line stays set solid.
		if p, ok := b.(*document.Paragraph); ok && p != nil && (p.Class == document.Recipient || p.Class == document.Letterhead) && i+1 < len(bs) {
			if next, ok := bs[i+1].(*document.Paragraph); ok && next != nil && next.Class == p.Class && len(l.boxes) > 0 {
				l.boxes[len(l.boxes)-1].after = 0
			}
		}
	}
}

func (l *layouter) block(b document.Block, x, w float64) {
	switch b := b.(type) {
	case *document.Heading:
		if b != nil {
			l.heading(b, x, w)
		}
	case *document.Paragraph:
		if b != nil {
			l.paragraph(b, x, w)
		}
	case *document.List:
		if b != nil {
			l.list(b, x, w)
		}
	case *document.Image:
		if b != nil {
			l.image(b, x, w)
		}
	case *document.Group:
		if b != nil {
			l.group(b, x, w)
		}
	case *document.Quote:
		if b != nil {
			l.quote(b, x, w)
		}
	case *document.CodeBlock:
		if b != nil {
			l.code(b, x, w)
		}
	case *document.Rule:
		if b != nil {
			l.rule(x, w)
		}
	case *document.Table:
		if b != nil {
			l.table(b, x, w)
		}
	case *document.Space:
		if b != nil && b.Height > 0 {
			l.add(&box{h: min(b.Height, bodyHeight), after: 3})
		}
	}
}

// furniture reports a paragraph of the letter's furniture after the
// signature: the copy list or an enclosure.
func furniture(b document.Block) bool {
	p, ok := b.(*document.Paragraph)
	return ok && p != nil && (p.Class == document.Copies || p.Class == document.Enclosure)
}

// isSignature reports the group of the letter's signature.
func isSignature(b document.Block) bool {
	g, ok := b.(*document.Group)
	return ok && g != nil && g.Class == document.Signature
}

func (l *layouter) heading(h *document.Heading, x, w float64) {
	level := min(max(h.Level, 1), maxHeadings)
	outer := l.lang
	lang := l.enter(h.Lang)
	start := len(l.boxes)
	l.text(h.Spans, headingStyle(level), x, w, elem{kind: headingType(level), lang: lang})
	l.lang = outer
	if start == len(l.boxes) {
		if h.ID != "" {
			// An empty heading is still a place links may go to.
			l.add(&box{anchors: []string{h.ID}})
		}
		return
	}
	for _, bx := range l.boxes[start:] {
		bx.keep = true
	}
	if h.ID != "" {
		l.boxes[start].anchors = append(l.boxes[start].anchors, h.ID)
	}
	if o := oneLine(l.check(h.Outline)); o != "" {
		level := 0
		if l.marked {
			level = 1
		}
		l.boxes[start].marks = append(l.boxes[start].marks, mark{text: o, level: level})
		l.sectioned = true
	}
	// The heading keeps its first two lines of content.
	l.keeps = append(l.keeps, keepNext{len(l.boxes) - 1, 2})
}

func (l *layouter) paragraph(p *document.Paragraph, x, w float64) {
	outer := l.lang
	lang := l.enter(p.Lang)
	start := len(l.boxes)
	l.text(p.Spans, paragraphStyle(p.Class), x, w, elem{kind: sP, lang: lang})
	l.lang = outer
	if p.Class == document.Label && start < len(l.boxes) {
		// A label standing alone never ends a page: it keeps the first
		// two lines of what it labels.
		l.keeps = append(l.keeps, keepNext{len(l.boxes) - 1, 2})
	}
}

// text lays out spans as the lines of element e: a paragraph or heading.
func (l *layouter) text(spans []document.Span, ps pstyle, x, w float64, e elem) {
	lines := l.setLines(spans, ps, x, w)
	if len(lines) == 0 {
		return
	}
	start, id, n := len(l.boxes), l.id(), len(lines)
	for i, ln := range lines {
		// A break after line i+1 leaves at least two lines on either side;
		// a paragraph of fewer than four lines moves whole.
		l.add(&box{
			h: lineHeight(ps.size), line: ln, block: id, kind: e.kind, index: i, count: n,
			keep: i+1 < 2 || n-(i+1) < 2,
		})
	}
	l.boxes[start].before = ps.before
	last := l.boxes[len(l.boxes)-1]
	last.after = ps.after
	last.keep = false
	l.wrap(start, e)
}

func (l *layouter) list(ls *document.List, x, w float64) {
	// Lists nested deeper than maxNesting take the place of the list at
	// that depth: their indentation stops growing.
	if len(l.lists) >= maxNesting {
		s := l.lists[maxNesting-1]
		x, w = s.x, s.w
	}
	l.lists = append(l.lists, span{x, w})
	defer func() { l.lists = l.lists[:len(l.lists)-1] }()
	outer := l.lang
	lang := l.enter(ls.Lang)
	defer func() { l.lang = outer }()
	start := len(l.boxes)
	for _, it := range ls.Items {
		if it != nil {
			l.item(it, x, w)
		}
	}
	l.wrap(start, elem{kind: sL, lang: lang, numbering: numbering(ls)})
}

// numbering returns the PDF list numbering that the labels of ls follow.
func numbering(ls *document.List) string {
	label := ""
	for _, it := range ls.Items {
		if it != nil && it.Label != "" {
			label = it.Label
			break
		}
	}
	switch c := []rune(label + " ")[0]; {
	case label == "":
		return "None"
	case !ls.Ordered:
		switch c {
		case '◦', '○':
			return "Circle"
		case '▪', '■', '□':
			return "Square"
		}
		return "Disc"
	case c >= 'a' && c <= 'z':
		return "LowerAlpha"
	case c >= 'A' && c <= 'Z':
		return "UpperAlpha"
	}
	return "Decimal"
}

// item lays out a list item: its label hangs at x, its content is
// indented; a label too wide to hang, or a column too narrow to indent,
// puts the label on a line of its own.
func (l *layouter) item(it *document.ListItem, x, w float64) {
	start := len(l.boxes)
	label := oneLine(l.check(it.Label))
	lw := 0.0
	if label != "" {
		lw = l.m.width(label, regular, bodySize)
	}
	indent := max(listIndent, lw+labelGap)
	hang := indent <= maxHang && w-indent >= minMeasure
	if !hang {
		indent = listIndent
		if w-indent < minMeasure {
			indent = 0
		}
	}
	var marks []mark
	if o := oneLine(l.check(it.Outline)); o != "" {
		level := 0
		if l.marked {
			level++
		}
		if l.sectioned {
			level++
		}
		marks = []mark{{text: o, level: level + l.outlined}}
		l.outlined++
		defer func() { l.outlined-- }()
	}
	var lb *box
	if hang {
		lb = &box{label: true, keep: true, kind: sLbl, block: l.id(), count: 1, line: &line{base: baseline(bodySize)}}
		if label != "" {
			lb.line.segs = []seg{{x: x, w: lw, adv: lw, text: label, size: bodySize}}
		}
		l.add(lb)
		l.wrap(start, elem{kind: sLbl})
	} else {
		l.text([]document.Span{{Text: label}}, pstyle{size: bodySize, after: 1}, x, w, elem{kind: sLbl})
		if start == len(l.boxes) {
			l.add(&box{keep: true, kind: sLbl})
		}
		lb = l.boxes[len(l.boxes)-1]
		lb.keep = true
	}
	first := l.boxes[start]
	first.marks = append(first.marks, marks...)
	if it.ID != "" {
		first.anchors = append(first.anchors, it.ID)
	}
	body := len(l.boxes)
	k := slices.IndexFunc(it.Blocks, answers)
	answer, answerEnd := -1, -1
	if k < 0 {
		l.blocks(it.Blocks, x+indent, w-indent)
	} else {
		l.blocks(it.Blocks[:k], x+indent, w-indent)
		answer = len(l.boxes)
		l.blocks(it.Blocks[k:k+1], x+indent, w-indent)
		answerEnd = len(l.boxes)
		l.blocks(it.Blocks[k+1:], x+indent, w-indent)
	}
	if body == len(l.boxes) {
		if hang {
			// A label with no content takes its own line.
			lb.label, lb.keep = false, false
			lb.h, lb.after = lineHeight(bodySize), paraSpace
		} else {
			lb.keep = false
		}
	} else {
		l.wrap(body, elem{kind: sLBody})
		// The label keeps the first two lines of its content.
		l.glue(start, 2, len(l.boxes)-1)
		// The item's first lines keep the first two of its answer, when
		// all of that fits on a page.
		if answer >= 0 {
			if to := l.nth(answer, answerEnd, 2); to >= 0 && chainHeight(l.boxes[start:to+1]) <= bodyHeight+fitEpsilon {
				for _, b := range l.boxes[start:to] {
					b.keep = true
				}
			}
		}
	}
	l.wrap(start, elem{kind: sLI})
}

// answers reports whether b opens an item's answer: a paragraph that
// starts with its label, or a label standing alone.
func answers(b document.Block) bool {
	p, ok := b.(*document.Paragraph)
	return ok && p != nil && (p.Class == document.Answer || p.Class == document.Label)
}

// image places an image at x, scaled down to fit the width w and a page.
func (l *layouter) image(im *document.Image, x, w float64) {
	alt := oneLine(l.check(im.Alt))
	if l.err != nil {
		return
	}
	typ, iw, ih, err := imageInfo(im)
	if err != nil {
		l.err = fmt.Errorf("image %q: %w", alt, err)
		return
	}
	if iw > w && w > 0 {
		ih, iw = ih*w/iw, w
	}
	if ih > bodyHeight {
		iw, ih = iw*bodyHeight/ih, bodyHeight
	}
	after := paraSpace
	if l.signature || im.Class == document.Logo {
		after = 3
	}
	if im.Class == document.Logo {
		x += w - iw // with the letterhead lines, at the right
	}
	pic := &picture{x: x, w: iw, h: ih, data: im.Data, typ: typ, alt: alt, decorative: im.Decorative}
	if im.Decorative {
		l.add(&box{h: ih, after: after, img: pic})
		return
	}
	l.add(&box{h: ih, after: after, kind: sFigure, block: l.id(), count: 1, img: pic})
	l.wrap(len(l.boxes)-1, elem{kind: sFigure, alt: alt})
}

func (l *layouter) group(g *document.Group, x, w float64) {
	start := len(l.boxes)
	outer, sig := l.lang, l.signature
	lang := l.enter(g.Lang)
	l.signature = sig || g.Class == document.Signature
	if n := len(g.Blocks); g.Class == document.Signatories && n >= 2 && n <= maxColumns && columnWidth(n, w) >= minSignColumn {
		l.columns(g.Blocks, x, w)
	} else {
		l.blocks(g.Blocks, x, w)
	}
	l.signature, l.lang = sig, outer
	if g.Class == document.Signature && start < len(l.boxes) {
		for _, bx := range l.boxes[start : len(l.boxes)-1] {
			bx.keep = true
		}
		// The closing that opens the signature takes the last two lines
		// of the letter with it: a page never starts with "Yours
		// sincerely" alone.
		if len(g.Blocks) > 0 {
			if p, ok := g.Blocks[0].(*document.Paragraph); ok && p != nil && p.Class == document.Closing {
				l.glueBack(start, 2, l.partAt)
			}
		}
	}
	l.wrap(start, elem{kind: sDiv, lang: lang})
}

// Side by side: the signatories of a joint letter share the width in
// columns, up to maxColumns of them, when each column is at least
// minSignColumn wide; colGap lies between two.
const (
	maxColumns    = 3
	minSignColumn = 45.0
	colGap        = 8.0
)

// columnWidth is the width of each of n columns side by side in w.
func columnWidth(n int, w float64) float64 {
	return (w - colGap*float64(n-1)) / float64(n)
}

// columns lays out blocks side by side, each in a column of its own, as
// one box as tall as the tallest column: the columns are never split, and
// each is drawn whole, one after the other, so that its content reads in
// order.
func (l *layouter) columns(bs []document.Block, x, w float64) {
	cw := columnWidth(len(bs), w)
	top := &box{}
	for i, b := range bs {
		start := len(l.boxes)
		l.block(b, x+float64(i)*(cw+colGap), cw)
		col := slices.Clone(l.boxes[start:])
		l.boxes = l.boxes[:start]
		y, after, started := 0.0, 0.0, false
		for _, c := range col {
			if c.h == 0 {
				c.y = y
				continue
			}
			if started {
				y += max(after, c.before)
			}
			c.y = y
			y += c.h
			after, started = c.after, true
		}
		top.h, top.after = max(top.h, y), max(top.after, after)
		top.cols = append(top.cols, col)
	}
	if top.h > 0 {
		l.add(top)
	}
}

// quote lays out a block quotation indented, with a rule at its left.
func (l *layouter) quote(q *document.Quote, x, w float64) {
	start := len(l.boxes)
	outer, bars := l.lang, l.bars
	lang := l.enter(q.Lang)
	l.quotes++
	if l.quotes <= maxNesting && w-quoteIndent >= minMeasure {
		l.bars = append(slices.Clip(l.bars), quoteRule{id: l.id(), x: x + quoteBar/2})
		x, w = x+quoteIndent, w-quoteIndent
	}
	l.blocks(q.Blocks, x, w)
	l.quotes--
	l.lang, l.bars = outer, bars
	l.wrap(start, elem{kind: sBlockQuote, lang: lang})
}

// quoteRules returns the rules at the left of the quotes on pg: each from
// the top of the quote's first box on the page to the bottom of its last.
func quoteRules(pg *page) []rule {
	var rules []rule
	at := map[int]int{} // quote id -> index in rules
	for _, b := range pg.boxes {
		if b.h == 0 || b.artifact {
			continue
		}
		for _, q := range b.quotes {
			i, ok := at[q.id]
			if !ok {
				i = len(rules)
				at[q.id] = i
				rules = append(rules, rule{x1: q.x, y1: b.y, x2: q.x + quoteBar, y2: b.y + b.h})
			}
			rules[i].y2 = b.y + b.h
		}
	}
	return rules
}

// rule lays out a thematic break: a thin line across the column.
func (l *layouter) rule(x, w float64) {
	const h = 4.0
	l.add(&box{h: h, before: 2, after: paraSpace, rules: []rule{{x1: x, y1: h/2 - 0.15, x2: x + w, y2: h/2 + 0.15}}})
}

// code lays out a code block in Liberation Mono, one box a line, its spaces
// kept. A line wider than the column wraps between characters, and the
// line it breaks carries a mark at its end, drawn as an artifact so that the
// text read from the PDF is the code as it is.
func (l *layouter) code(cb *document.CodeBlock, x, w float64) {
	start, id := len(l.boxes), l.id()
	width := max(w-markerSpace, 1)
	var lines []*line
	var wrapped []bool
	for _, src := range cb.Lines {
		text := printable.ExpandTabs(l.check(src))
		if l.err != nil {
			return
		}
		ls := l.codeLines(text, x, width)
		for i, ln := range ls {
			lines = append(lines, ln)
			wrapped = append(wrapped, i < len(ls)-1)
		}
	}
	n := len(lines)
	h := lineHeight(codeSize)
	for i, ln := range lines {
		b := &box{h: h, line: ln, block: id, kind: sCode, index: i, count: n, keep: i+1 < 2 || n-(i+1) < 2}
		if wrapped[i] {
			b.rules = wrapMark(x+width+0.6, h)
		}
		l.add(b)
	}
	if n == 0 {
		return
	}
	l.boxes[start].before = 1
	last := l.boxes[len(l.boxes)-1]
	last.after, last.keep = paraSpace, false
	l.wrap(start, elem{kind: sCode})
}

// codeLines sets one line of code from x in lines of width w. A line
// too wide breaks between characters: after the last space when that
// leaves the line at least half full, else where the line is full. The
// last line ends with a space, drawn but not measured, so that the lines
// of the code read apart from each other when the text is extracted.
func (l *layouter) codeLines(text string, x, w float64) []*line {
	var pieces []piece
	faceRuns(text, mono, func(t string, f face) {
		pieces = append(pieces, piece{text: t, face: f, w: l.m.width(t, f, codeSize)})
	})
	var lines []*line
	flush := func(ps []piece, last bool) {
		if n := len(ps); last && n > 0 && !strings.HasSuffix(ps[n-1].text, " ") {
			ps = append(ps, piece{text: " ", face: ps[n-1].face, space: true, w: l.spaceWidth(ps[n-1].face, codeSize)})
		}
		lines = append(lines, &line{base: baseline(codeSize), segs: segments(ps, x, w, codeSize, document.AlignLeft)})
	}
	total := 0.0
	for _, p := range pieces {
		total += p.w
	}
	if total <= w+fitEpsilon {
		flush(pieces, true)
		return lines
	}
	gs := l.glyphs(pieces, codeSize)
	for i := 0; i < len(gs); {
		j, sum, space, atSpace := i, 0.0, -1, 0.0
		for j < len(gs) && sum+gs[j].w <= w+fitEpsilon {
			sum += gs[j].w
			j++
			if g := gs[j-1]; pieces[g.p].text[g.off:g.off+g.n] == " " {
				space, atSpace = j, sum
			}
		}
		cut := j
		if j < len(gs) && space > i && atSpace >= w/2 {
			cut = space
		}
		cut = max(cut, i+1)
		flush(fragment(pieces, gs[i:cut]), cut == len(gs))
		i = cut
	}
	return lines
}

// wrapMark returns the mark at the end of a code line that wraps: a small
// hooked arrow, down and back to the left, at x in a line of height h.
func wrapMark(x, h float64) []rule {
	const t = 0.25 // stroke
	top, bottom := h*0.3, h*0.62
	return []rule{
		{x + 1.4, top, x + 1.4 + t, bottom + t}, // down
		{x + 0.3, bottom, x + 1.4 + t, bottom + t},
		{x + 0.3, bottom - 0.5, x + 0.3 + t, bottom + 0.5 + t}, // the arrow's head
	}
}
