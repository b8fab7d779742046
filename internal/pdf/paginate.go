package pdf

// paginate places boxes on pages and sets their positions.
//
// Boxes joined by keep form a chain that a page break never splits: a
// paragraph's lines where a break would leave a single line on either side,
// a heading with the first two lines after it, a list label with the first
// two lines of its item, a signature group. A chain that does not fit the
// rest of the page moves to a new one. A chain taller than a page starts a
// new page and is then broken wherever the page is full, so every box is
// placed and pagination ends.
func paginate(boxes []*box) []*page {
	p := &paginator{}
	for i := 0; i < len(boxes); {
		if boxes[i].newPage && (p.pg == nil || len(p.pg.boxes) > 0) {
			p.newPage()
		}
		j := i
		for j < len(boxes)-1 && boxes[j].keep && !boxes[j+1].newPage {
			j++
		}
		chain := boxes[i : j+1]
		if p.pg == nil {
			p.newPage()
		}
		if p.fits(chain) {
			p.place(chain...)
			i = j + 1
			continue
		}
		if p.started {
			p.newPage()
			if p.fits(chain) {
				p.place(chain...)
				i = j + 1
				continue
			}
		}
		// Taller than a page: fill pages, breaking where they are full.
		for _, b := range chain {
			if p.started && !p.fits([]*box{b}) {
				p.breakBefore()
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

// paginator is the state of pagination: the page being filled and where
// its content ends.
type paginator struct {
	pages   []*page
	pg      *page
	bottoms map[*page]float64
	// cursor is the bottom of the last box of non-zero height on the page,
	// after its space below; started says whether there is one.
	cursor, after float64
	started       bool
}

func (p *paginator) newPage() {
	if p.pg != nil {
		p.bottoms[p.pg] = p.cursor
	}
	if p.bottoms == nil {
		p.bottoms = make(map[*page]float64)
	}
	p.pg = &page{}
	p.pages = append(p.pages, p.pg)
	p.cursor, p.after, p.started = bodyTop, 0, false
	p.bottoms[p.pg] = bodyTop
}

// fits reports whether boxes fit below the current content of the page.
func (p *paginator) fits(boxes []*box) bool {
	cursor, after, started := p.cursor, p.after, p.started
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
	return cursor <= bodyBottom+fitEpsilon
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
		p.after, p.started = b.after, true
	}
	p.bottoms[p.pg] = p.cursor
}

// breakBefore starts a new page, taking along the zero-height boxes at the
// end of the current one (a label goes with its item's first line).
func (p *paginator) breakBefore() {
	old := p.pg
	k := len(old.boxes)
	for k > 0 && old.boxes[k-1].h == 0 {
		k--
	}
	moved := append([]*box(nil), old.boxes[k:]...)
	old.boxes = old.boxes[:k]
	p.newPage()
	p.pg.boxes = append(p.pg.boxes, moved...)
}

// alignAnchors positions the zero-height boxes of a page at the top of the
// next box with height, a list label on that box's baseline; at the end of
// the page they sit at bottom.
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
		if b.label && next.line != nil {
			b.line.base = next.line.base
		}
	}
}
