package pdf

// paginate places boxes on pages and sets their positions.
//
// Boxes joined by keep form a chain that a page break never splits: a
// paragraph's lines where a break would leave a single line on either side,
// a heading or a label with the first two lines after it, a list label
// with the first two lines of its item, an item's first lines with the
// start of its answer, a signature group with the two lines before it, a
// table row. A chain that does not fit the rest of the page moves to a new
// one. A chain taller than a page fills the rest of the page and is broken
// wherever a page is full, so every box is placed and pagination ends. A
// page that a table's body continues on starts with the table's header rows
// again, as artifacts.
func paginate(boxes []*box) []*page {
	p := &paginator{}
	for i := 0; i < len(boxes); {
		if boxes[i].newPage && (p.pg == nil || len(p.pg.boxes) > 0) {
			p.newPage(nil)
		}
		j := i
		for j < len(boxes)-1 && boxes[j].keep && !boxes[j+1].newPage {
			j++
		}
		chain := boxes[i : j+1]
		if p.pg == nil {
			p.newPage(nil)
		}
		if p.fits(chain) {
			p.place(chain...)
			i = j + 1
			continue
		}
		if p.content && chainHeight(chain) <= bodyHeight+fitEpsilon {
			p.newPage(firstContent(chain))
			if p.fits(chain) {
				p.place(chain...)
				i = j + 1
				continue
			}
		}
		// Taller than a page: fill this page and the next, breaking where
		// they are full (a new page would not make it fit).
		for _, b := range chain {
			if b.h > 0 && p.content && !p.fits([]*box{b}) {
				p.breakBefore(b)
			}
			p.place(b)
		}
		i = j + 1
	}
	for _, pg := range p.pages {
		alignAnchors(pg, p.bottoms[pg])
	}
	return p.pages
}

// firstContent returns the first box of bs with height, or nil.
func firstContent(bs []*box) *box {
	for _, b := range bs {
		if b.h > 0 {
			return b
		}
	}
	return nil
}

// paginator is the state of pagination: the page being filled and where
// its content ends.
type paginator struct {
	pages   []*page
	pg      *page
	bottoms map[*page]float64
	// cursor is the bottom of the last box of non-zero height on the page,
	// after its space below; started says whether there is one, and
	// content whether one is more than a repeated table header.
	cursor, after    float64
	started, content bool
}

// newPage starts a page. When next, the box the page will start with, is
// in a table's body, the page starts with the table's header rows again.
func (p *paginator) newPage(next *box) {
	if p.bottoms == nil {
		p.bottoms = make(map[*page]float64)
	}
	p.pg = &page{}
	p.pages = append(p.pages, p.pg)
	p.cursor, p.after, p.started, p.content = bodyTop, 0, false, false
	p.bottoms[p.pg] = bodyTop
	if next != nil {
		for _, h := range next.head {
			c := *h
			c.open, c.close, c.marks, c.anchors, c.artifact = nil, 0, nil, nil, true
			p.place(&c)
		}
		p.content = false
	}
}

// fits reports whether boxes fit below the current content of the page.
func (p *paginator) fits(boxes []*box) bool {
	cursor, _, _ := stack(p.cursor, p.after, p.started, boxes)
	return cursor <= bodyBottom+fitEpsilon
}

// stack returns where boxes end when stacked below cursor, with the space
// after and whether anything is on the page yet.
func stack(cursor, after float64, started bool, boxes []*box) (float64, float64, bool) {
	for _, b := range boxes {
		if b.h == 0 {
			continue
		}
		if started {
			cursor += max(after, b.before)
		}
		cursor += b.h
		after, started = b.after, true
	}
	return cursor, after, started
}

// chainHeight returns the height of boxes stacked at the top of a page.
func chainHeight(boxes []*box) float64 {
	end, _, _ := stack(bodyTop, 0, false, boxes)
	return end - bodyTop
}

// place puts boxes on the page below its content. Boxes of zero height take
// their position from the box that follows them (see alignAnchors).
func (p *paginator) place(boxes ...*box) {
	for _, b := range boxes {
		p.pg.boxes = append(p.pg.boxes, b)
		if b.h == 0 {
			continue
		}
		if p.started {
			p.cursor += max(p.after, b.before)
		}
		b.y = p.cursor
		p.cursor += b.h
		p.after, p.started, p.content = b.after, true, true
	}
	p.bottoms[p.pg] = p.cursor
}

// breakBefore starts a new page for b, taking along the zero-height boxes
// at the end of the current one (a label goes with its item's first line).
func (p *paginator) breakBefore(b *box) {
	old := p.pg
	k := len(old.boxes)
	for k > 0 && old.boxes[k-1].h == 0 {
		k--
	}
	moved := append([]*box(nil), old.boxes[k:]...)
	old.boxes = old.boxes[:k]
	p.newPage(b)
	p.pg.boxes = append(p.pg.boxes, moved...)
}

// alignAnchors positions the zero-height boxes of a page at the top of the
// next box with height, a list label on that box's first baseline; at the
// end of the page they sit at bottom.
func alignAnchors(pg *page, bottom float64) {
	var next *box
	for k := len(pg.boxes) - 1; k >= 0; k-- {
		b := pg.boxes[k]
		if b.h > 0 {
			next = b
			continue
		}
		if next == nil {
			b.y = bottom
			continue
		}
		b.y = next.y
		if base, ok := next.firstBase(); b.label && ok {
			b.line.base = base
		}
	}
}

// firstBase returns the baseline of a box's first line of text, from its
// top.
func (b *box) firstBase() (float64, bool) {
	if b.line != nil {
		return b.line.base, true
	}
	if b.band != nil {
		for _, c := range b.band.cells {
			if c.line != nil {
				return c.line.base, true
			}
		}
	}
	return 0, false
}
