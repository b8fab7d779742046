package pdf

import (
	"github.com/opcc-tools/s55/internal/document"
)

// Tables are set in rows of cells whose text wraps. Each row becomes bands,
// one box a line of its tallest cell, so that a row taller than a page
// breaks between lines like any text while a row that fits is kept
// together. Header rows stay with the first body row, and a page that the
// body continues on repeats them at its top as artifacts, so the structure
// tree holds each header cell once.

// Table geometry, in millimetres unless the name says points.
const (
	tableSize  = 10.0 // points
	cellPadX   = 1.5
	cellPadY   = 1.0
	tableRule  = 0.2 // under each row
	headerRule = 0.5 // above the table and under its header
	minColumn  = 5.0 // narrowest column a table in a nested column may have
)

// band is one line of a table row: the line of each cell at that height.
type band struct {
	cells []bandCell
	// first says the band is the row's first.
	first bool
}

// bandCell is a cell's part of a band: the cell's element and its line
// there, if it has that many.
type bandCell struct {
	e    elem
	line *line
}

// cellText is a cell measured: its words and pieces.
type cellText struct {
	words  []word
	pieces []piece
}

func (l *layouter) table(t *document.Table, x, w float64) {
	n := len(t.Align)
	for _, rows := range [][][]document.Cell{t.Head, t.Body} {
		for _, r := range rows {
			n = max(n, len(r))
		}
	}
	if n == 0 || len(t.Head)+len(t.Body) == 0 {
		return
	}
	outer := l.lang
	lang := l.enter(t.Lang)
	defer func() { l.lang = outer }()

	// Measure every cell, and each column's narrowest and widest need: its
	// widest word and its longest line unbroken.
	head := make([][]cellText, len(t.Head))
	body := make([][]cellText, len(t.Body))
	least, most := make([]float64, n), make([]float64, n)
	measure := func(rows [][]document.Cell, out [][]cellText, bold bool) {
		for i, r := range rows {
			out[i] = make([]cellText, len(r))
			for c, cell := range r {
				words, pieces := l.words(cell.Spans, pstyle{size: tableSize, bold: bold})
				out[i][c] = cellText{words, pieces}
				lineW := 0.0
				for _, wd := range words {
					if wd.breaks > 0 {
						lineW = 0
					}
					if wd.hasSpace && lineW > 0 {
						lineW += pieces[wd.start-1].w
					}
					lineW += wd.w
					least[c] = max(least[c], wd.w)
					most[c] = max(most[c], lineW)
				}
			}
		}
	}
	measure(t.Head, head, true)
	measure(t.Body, body, false)
	if l.err != nil {
		return
	}

	// A table whose columns would be narrower than minColumn in a nested
	// column spreads to the text width.
	if w/float64(n) < minColumn && w < textWidth {
		x, w = textLeft, textWidth
	}
	pad := min(cellPadX, w/float64(n)/6)
	widths := columnWidths(least, most, w, pad)

	align := func(c int) document.Align {
		if c < len(t.Align) {
			return t.Align[c]
		}
		return document.AlignNone
	}
	start := len(l.boxes)
	var headBoxes []*box
	section := func(rows [][]cellText, kind, cell structType, repeat []*box, ruleW float64) {
		from := len(l.boxes)
		for _, r := range rows {
			l.row(r, widths, x, pad, cell, align, repeat, ruleW)
		}
		l.wrap(from, elem{kind: kind})
	}
	section(head, sTHead, sTH, nil, headerRule)
	headBoxes = l.boxes[start:]
	for _, b := range headBoxes {
		b.keep = true // the header stays with the first row
	}
	height := chainHeight(headBoxes)
	if height > bodyHeight/3 {
		headBoxes = nil // too tall to repeat on every page
	}
	section(body, sTBody, sTD, headBoxes, tableRule)
	if start == len(l.boxes) {
		return
	}
	first, last := l.boxes[start], l.boxes[len(l.boxes)-1]
	first.before = 2
	first.rules = append(first.rules, rule{x1: x, y1: 0, x2: x + sum(widths), y2: headerRule})
	last.after, last.keep = paraSpace, false
	l.wrap(start, elem{kind: sTable, lang: lang})
}

// row lays out a table row as bands, one a line of its tallest cell, kept
// together. Each cell is a cell element (TH or TD) of its own; a rule of
// thickness rule ends the row.
func (l *layouter) row(cells []cellText, widths []float64, x, pad float64, kind structType, align func(int) document.Align, head []*box, ruleW float64) {
	lines := make([][]*line, len(cells))
	elems := make([]elem, len(cells))
	rows := 1
	cx := x
	for c, ct := range cells {
		elems[c] = elem{id: l.id(), kind: kind}
		if kind == sTH {
			elems[c].scope = "Column"
		}
		cw := max(widths[c]-2*pad, fitEpsilon)
		if len(ct.words) > 0 {
			out, ends := l.breakLines(ct.words, ct.pieces, cw, tableSize)
			begin := 0
			for _, end := range ends {
				lines[c] = append(lines[c], &line{base: baseline(tableSize), segs: segments(out[begin:end], cx+pad, cw, tableSize, align(c))})
				begin = end
			}
		}
		rows = max(rows, len(lines[c]))
		cx += widths[c]
	}
	lh := lineHeight(tableSize)
	start := len(l.boxes)
	for k := range rows {
		b := &box{h: lh, keep: k < rows-1, band: &band{cells: make([]bandCell, len(cells)), first: k == 0}, head: head}
		for c := range cells {
			b.band.cells[c].e = elems[c]
			if k < len(lines[c]) {
				ln := *lines[c][k]
				b.band.cells[c].line = &ln
			}
		}
		if k == 0 {
			b.h += cellPadY
			for _, bc := range b.band.cells {
				if bc.line != nil {
					bc.line.base += cellPadY
				}
			}
		}
		if k == rows-1 {
			b.h += cellPadY
			b.rules = []rule{{x1: x, y1: b.h - ruleW, x2: cx, y2: b.h}}
		}
		l.add(b)
	}
	l.wrap(start, elem{kind: sTR})
}

// columnWidths shares the width w among columns that need at least least
// and at most most (text widths, without the padding pad on either side):
// each column gets its least, capped at an equal share, and what is left
// goes to the columns in proportion to how much more they could use.
func columnWidths(least, most []float64, w, pad float64) []float64 {
	n := len(least)
	share := w / float64(n)
	lo, hi := make([]float64, n), make([]float64, n)
	for c := range n {
		lo[c] = min(least[c]+2*pad, share)
		hi[c] = max(most[c]+2*pad, lo[c])
	}
	widths := make([]float64, n)
	rest, want := w-sum(lo), sum(hi)-sum(lo)
	for c := range n {
		switch {
		case want > fitEpsilon && rest < want:
			widths[c] = lo[c] + rest*(hi[c]-lo[c])/want
		case want > fitEpsilon:
			// Everything fits on one line: the columns spread over the
			// width in proportion to their text.
			widths[c] = hi[c] + (rest-want)*hi[c]/sum(hi)
		default:
			widths[c] = lo[c] + rest/float64(n)
		}
	}
	return widths
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
