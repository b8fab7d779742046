package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/document"
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
	leading     = 1.35 // line height in ems
	paraSpace   = 4.0  // space after a paragraph
	listIndent  = 8.0  // from a list item's label to its content
	labelGap    = 2.0  // least space between a label and its content
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
	// width reports the advance width in millimetres of s set in style
	// ("", "B", "I" or "BI") at size points.
	width(s, style string, size float64) float64
}

// layout is the outcome of the layout pass: every page with the lines,
// images and footer it holds, positioned and ready to draw.
type layout struct {
	pages []*page
}

// page is one page of a layout.
type page struct {
	// boxes are the page's content in reading order.
	boxes []*box
	// footer is the page label, or nil; page furniture, not content.
	footer *box
}

// elem is an element of the document's logical structure, named with the
// standard PDF structure types (Part, H1, P, L, LI, Lbl, LBody, Figure, Div,
// Link). An element split across pages appears on each with the same id.
type elem struct {
	id   int
	kind string
	// alt is a Figure's text alternative.
	alt string
	// numbering is an L's list numbering: "Decimal" or "Disc".
	numbering string
}

// mark is a bookmark anchored at the top of a box.
type mark struct {
	text  string
	level int
}

// box is the unit of pagination: a line of text, an image, or a zero-height
// anchor (the start of a part, a list label that shares its line with the
// item's first line).
type box struct {
	// open lists the elements that start with this box, outermost first;
	// close counts the elements that end after it.
	open  []elem
	close int
	// marks are bookmarks to this box's position.
	marks []mark

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

	line *line
	img  *picture

	// block identifies the heading, paragraph or image the box belongs to;
	// kind is its element kind; index and count place a line in its block.
	block        int
	kind         string
	index, count int

	// y is the top of the box on its page, set by pagination.
	y float64
}

// line is a line of text.
type line struct {
	// base is the baseline's distance below the top of the box.
	base float64
	segs []seg
}

// seg is a run of text in one font and one link, drawn with one operator.
type seg struct {
	// x is the left edge; adv is the advance width of text; w is the width
	// without trailing spaces (what a link underline and annotation cover).
	x, w, adv float64
	text      string
	style     string
	size      float64
	href      string
	// link is the id of the Link element the run belongs to, or 0.
	link int
}

// picture is an image placed on the page.
type picture struct {
	x, w, h float64
	data    []byte
	// typ is gofpdf's name for the image type: "png" or "jpg".
	typ string
	alt string
}

// pstyle is how a class of paragraph is set.
type pstyle struct {
	size          float64 // points
	before, after float64
	right         bool // right-aligned
	bold          bool // every span bold (headings)
}

func paragraphStyle(c document.Class) pstyle {
	switch c {
	case document.Letterhead:
		return pstyle{size: footerSize, after: 8, right: true}
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
	// bookmarks nest under it.
	marked bool
	// headings holds the last box of each heading of the current part.
	headings []int
	// signature is set inside a signature group.
	signature bool
	// spaces caches the width of a space by font.
	spaces map[fontKey]float64
}

// layoutDocument measures doc into lines with m, paginates them and adds
// the page labels: the whole layout pass, with no drawing.
func layoutDocument(doc *document.Document, m metrics) (*layout, error) {
	l := &layouter{m: m}
	for _, p := range doc.Parts {
		if p != nil {
			l.part(p)
		}
	}
	if l.err != nil {
		return nil, l.err
	}
	lay := &layout{pages: paginate(l.boxes)}
	if len(lay.pages) == 0 {
		lay.pages = []*page{{}}
	}
	if doc.PageLabel != nil {
		total := len(lay.pages)
		for i, pg := range lay.pages {
			text := oneLine(l.clean(doc.PageLabel(i+1, total)))
			if l.err != nil {
				return nil, fmt.Errorf("page label: %w", l.err)
			}
			if text == "" {
				continue
			}
			w := m.width(text, "", footerSize)
			pg.footer = &box{
				y:    footerBaseline - baseline(footerSize),
				h:    lineHeight(footerSize),
				kind: "Artifact",
				line: &line{base: baseline(footerSize), segs: []seg{{
					x: textRight - w, w: w, adv: w, text: text, size: footerSize,
				}}},
			}
		}
	}
	return lay, nil
}

func (l *layouter) id() int {
	l.ids++
	return l.ids
}

// clean prepares user text, recording the first error.
func (l *layouter) clean(s string) string {
	if l.err != nil {
		return ""
	}
	s, err := cleanText(s)
	if err != nil {
		l.err = err
	}
	return s
}

// spaceWidth returns the width of a space, measured once per font.
func (l *layouter) spaceWidth(style string, size float64) float64 {
	k := fontKey{style, size}
	w, ok := l.spaces[k]
	if !ok {
		w = l.m.width(" ", style, size)
		if l.spaces == nil {
			l.spaces = make(map[fontKey]float64)
		}
		l.spaces[k] = w
	}
	return w
}

// fontKey names a font at a size.
type fontKey struct {
	style string
	size  float64
}

func (l *layouter) add(b *box) { l.boxes = append(l.boxes, b) }

// wrap makes the boxes from start on the content of a new element.
func (l *layouter) wrap(start int, kind, alt string) {
	l.wrapElem(start, elem{kind: kind, alt: alt})
}

// wrapElem makes the boxes from start on the content of e, given an id.
func (l *layouter) wrapElem(start int, e elem) {
	if start >= len(l.boxes) {
		return
	}
	e.id = l.id()
	first, last := l.boxes[start], l.boxes[len(l.boxes)-1]
	first.open = append([]elem{e}, first.open...)
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

func (l *layouter) part(p *document.Part) {
	start := len(l.boxes)
	anchor := &box{newPage: true, keep: true, kind: "Part"}
	l.marked = false
	if o := oneLine(l.clean(p.Outline)); o != "" {
		anchor.marks = []mark{{text: o, level: 0}}
		l.marked = true
	}
	l.add(anchor)
	l.blocks(p.Blocks, textLeft, textWidth)
	for _, h := range l.headings {
		l.glue(h, 2, len(l.boxes)-1)
	}
	l.headings = l.headings[:0]
	l.wrap(start, "Part", "")
}

func (l *layouter) blocks(bs []document.Block, x, w float64) {
	for i, b := range bs {
		if l.err != nil {
			return
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
		if b == nil {
			return
		}
		level := min(max(b.Level, 1), maxHeadings)
		start := len(l.boxes)
		l.text(b.Spans, headingStyle(level), x, w, "H"+strconv.Itoa(level))
		if start == len(l.boxes) {
			return
		}
		for _, bx := range l.boxes[start:] {
			bx.keep = true
		}
		// The heading keeps its first two lines of content, glued once the
		// part is measured.
		l.headings = append(l.headings, len(l.boxes)-1)
	case *document.Paragraph:
		if b == nil {
			return
		}
		l.text(b.Spans, paragraphStyle(b.Class), x, w, "P")
	case *document.List:
		if b == nil {
			return
		}
		start := len(l.boxes)
		for _, it := range b.Items {
			if it != nil {
				l.item(it, x, w)
			}
		}
		numbering := "Disc"
		if b.Ordered {
			numbering = "Decimal"
		}
		l.wrapElem(start, elem{kind: "L", numbering: numbering})
	case *document.Image:
		if b == nil {
			return
		}
		l.image(b, x, w)
	case *document.Group:
		if b == nil {
			return
		}
		start := len(l.boxes)
		outer := l.signature
		l.signature = outer || b.Class == document.Signature
		l.blocks(b.Blocks, x, w)
		l.signature = outer
		if b.Class == document.Signature {
			for _, bx := range l.boxes[start:max(start, len(l.boxes)-1)] {
				bx.keep = true
			}
		}
		l.wrap(start, "Div", "")
	}
}

// piece is a run of text from one span: a word, part of a word, or the
// collapsible space before a word.
type piece struct {
	text  string
	style string
	href  string
	link  int
	w     float64
	space bool
}

// word is what a line never breaks inside (unless it is wider than the
// line): pieces[start:end] of the paragraph's pieces, after the space
// pieces[start-1] if hasSpace.
type word struct {
	start, end int
	w          float64
	hasSpace   bool
	// breaks counts the forced line breaks before the word.
	breaks int
}

// words splits spans into words set in ps, measured. The words' pieces are
// consecutive in the returned slice of pieces.
func (l *layouter) words(spans []document.Span, ps pstyle) ([]word, []piece) {
	var (
		words    []word
		pieces   []piece
		space    piece
		hasSpace bool
		breaks   int
		inWord   bool
		link     int
		lastHref string
	)
	n := len(spans)
	for _, sp := range spans {
		n += strings.Count(sp.Text, " ")
	}
	words, pieces = make([]word, 0, n), make([]piece, 0, 2*n)
	for _, sp := range spans {
		if sp.Break {
			breaks++
			hasSpace, inWord = false, false
			continue
		}
		style := fontStyle(sp)
		if ps.bold && !sp.Bold {
			style = fontStyle(document.Span{Bold: true, Italic: sp.Italic})
		}
		switch {
		case sp.Href == "":
			link = 0
		case sp.Href != lastHref || link == 0:
			link = l.id()
		}
		lastHref = sp.Href
		text := l.clean(sp.Text)
		for text != "" {
			n := 0
			for n < len(text) && isSpace(text[n]) {
				n++
			}
			if n > 0 {
				if inWord && breaks == 0 && !hasSpace {
					space = piece{text: " ", style: style, href: sp.Href, link: link, space: true,
						w: l.spaceWidth(style, ps.size)}
					hasSpace = true
				}
				inWord = false
				text = text[n:]
				continue
			}
			for n < len(text) && !isSpace(text[n]) {
				n++
			}
			p := piece{text: text[:n], style: style, href: sp.Href, link: link}
			p.w = l.m.width(p.text, style, ps.size)
			text = text[n:]
			if inWord {
				pieces = append(pieces, p)
				wd := &words[len(words)-1]
				wd.end++
				wd.w += p.w
				continue
			}
			if hasSpace {
				pieces = append(pieces, space)
			}
			pieces = append(pieces, p)
			words = append(words, word{start: len(pieces) - 1, end: len(pieces), w: p.w,
				hasSpace: hasSpace, breaks: breaks})
			hasSpace, breaks, inWord = false, 0, true
		}
	}
	return words, pieces
}

// breakLines fills lines of width w with words, breaking at spaces; a word
// wider than a line breaks between characters. The space at a break stays
// at the end of the line it ends (drawn, not measured), so that extracted
// text keeps its word spaces; a forced line break leaves one too. Line i is
// out[ends[i-1]:ends[i]].
func (l *layouter) breakLines(words []word, pieces []piece, w, size float64) (out []piece, ends []int) {
	out = make([]piece, 0, len(pieces)+8)
	var (
		curW  float64
		empty = true
	)
	emit := func() {
		ends = append(ends, len(out))
		curW, empty = 0, true
	}
	for _, wd := range words {
		for k := 0; k < wd.breaks; k++ {
			// A forced break keeps a space at the end of its line too, so
			// that the lines of an address do not run together when read.
			if k == 0 && !empty && !out[len(out)-1].space {
				prev := out[len(out)-1]
				out = append(out, piece{text: " ", style: prev.style, href: prev.href, link: prev.link,
					space: true, w: l.spaceWidth(prev.style, size)})
			}
			emit()
		}
		if !empty {
			sw := 0.0
			if wd.hasSpace {
				sw = pieces[wd.start-1].w
			}
			if curW+sw+wd.w <= w+fitEpsilon {
				start := wd.start
				if wd.hasSpace {
					start--
				}
				out = append(out, pieces[start:wd.end]...)
				curW += sw + wd.w
				continue
			}
			if wd.hasSpace {
				out = append(out, pieces[wd.start-1])
			}
			emit()
		}
		if wd.w <= w+fitEpsilon {
			out = append(out, pieces[wd.start:wd.end]...)
			curW, empty = wd.w, false
			continue
		}
		// Too wide for any line: break between characters, keeping
		// combining marks with their base, and at least one per line.
		for _, p := range pieces[wd.start:wd.end] {
			for t := p.text; t != ""; {
				n := cluster(t)
				c := p
				c.text = t[:n]
				c.w = l.m.width(c.text, c.style, size)
				t = t[n:]
				if !empty && curW+c.w > w+fitEpsilon {
					emit()
				}
				out = append(out, c)
				curW += c.w
				empty = false
			}
		}
	}
	if !empty {
		emit()
	}
	return out, ends
}

// cluster returns the length of the first character of s with the
// combining marks that follow it.
func cluster(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	for n < len(s) {
		r, m := utf8.DecodeRuneInString(s[n:])
		if !unicode.Is(unicode.M, r) {
			break
		}
		n += m
	}
	return n
}

// segments merges a line's pieces into runs of one font and link, placed
// from x (or ending at x+w when right-aligned).
func segments(pieces []piece, x, w, size float64, right bool) []seg {
	var segs []seg
	width := 0.0
	for i := 0; i < len(pieces); {
		p := pieces[i]
		j, n := i+1, len(p.text)
		for j < len(pieces) && pieces[j].style == p.style && pieces[j].link == p.link && pieces[j].href == p.href {
			n += len(pieces[j].text)
			j++
		}
		s := seg{text: p.text, style: p.style, size: size, href: p.href, link: p.link}
		if j > i+1 {
			var b strings.Builder
			b.Grow(n)
			for _, q := range pieces[i:j] {
				b.WriteString(q.text)
			}
			s.text = b.String()
		}
		for _, q := range pieces[i:j] {
			s.adv += q.w
		}
		// The space a line breaks at is drawn but not measured.
		s.w = s.adv
		if j == len(pieces) && pieces[j-1].space {
			s.w -= pieces[j-1].w
		}
		width += s.w
		if j < len(pieces) {
			width += s.adv - s.w
		}
		segs = append(segs, s)
		i = j
	}
	if right {
		x += w - width
	}
	for i := range segs {
		segs[i].x = x
		x += segs[i].adv
	}
	return segs
}

// text lays out a paragraph or heading as lines of kind.
func (l *layouter) text(spans []document.Span, ps pstyle, x, w float64, kind string) {
	words, pieces := l.words(spans, ps)
	if l.err != nil || len(words) == 0 {
		return
	}
	out, ends := l.breakLines(words, pieces, w, ps.size)
	start, id, n := len(l.boxes), l.id(), len(ends)
	for i, end := range ends {
		begin := 0
		if i > 0 {
			begin = ends[i-1]
		}
		pieces := out[begin:end]
		b := &box{
			h:     lineHeight(ps.size),
			line:  &line{base: baseline(ps.size), segs: segments(pieces, x, w, ps.size, ps.right)},
			block: id, kind: kind, index: i, count: n,
		}
		// A break after line i+1 leaves at least two lines on either side;
		// a paragraph of fewer than four lines moves whole.
		b.keep = i+1 < 2 || n-(i+1) < 2
		l.add(b)
	}
	l.boxes[start].before = ps.before
	last := l.boxes[len(l.boxes)-1]
	last.after = ps.after
	last.keep = false
	l.wrap(start, kind, "")
}

// item lays out a list item: its label hangs at x, its content is indented.
func (l *layouter) item(it *document.ListItem, x, w float64) {
	start := len(l.boxes)
	label := oneLine(l.clean(it.Label))
	lw := 0.0
	if label != "" {
		lw = l.m.width(label, "", bodySize)
	}
	indent := max(listIndent, lw+labelGap)
	lb := &box{label: true, keep: true, kind: "Lbl", block: l.id(), count: 1,
		line: &line{base: baseline(bodySize)}}
	if label != "" {
		lb.line.segs = []seg{{x: x, w: lw, adv: lw, text: label, size: bodySize}}
	}
	if o := oneLine(l.clean(it.Outline)); o != "" {
		level := 0
		if l.marked {
			level = 1
		}
		lb.marks = []mark{{text: o, level: level}}
	}
	l.add(lb)
	l.wrap(start, "Lbl", "")
	body := len(l.boxes)
	l.blocks(it.Blocks, x+indent, w-indent)
	if body == len(l.boxes) {
		// A label with no content takes its own line.
		lb.label, lb.keep = false, false
		lb.h, lb.after = lineHeight(bodySize), paraSpace
	} else {
		l.wrap(body, "LBody", "")
		// The label keeps the first two lines of its content.
		l.glue(start, 2, len(l.boxes)-1)
	}
	l.wrap(start, "LI", "")
}

// image places an image at x, scaled down to fit the width w and a page.
func (l *layouter) image(im *document.Image, x, w float64) {
	alt := oneLine(l.clean(im.Alt))
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
	if l.signature {
		after = 3
	}
	l.add(&box{
		h: ih, after: after, kind: "Figure", block: l.id(), count: 1,
		img: &picture{x: x, w: iw, h: ih, data: im.Data, typ: typ, alt: alt},
	})
	l.wrap(len(l.boxes)-1, "Figure", alt)
}
