package pdf

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// Colours as RGB. The link colour, a dark blue, has a contrast ratio of
// 8.1:1 on white (WCAG asks 4.5:1; TestLinks checks it). Rules are a dark
// grey.
var (
	textColor = [3]int{0, 0, 0}
	linkColor = [3]int{0x1d, 0x4f, 0x91}
	ruleColor = [3]int{0x50, 0x50, 0x50}
)

// drawer is the drawing pass: it writes a layout into a gofpdf document
// whose fonts are registered.
type drawer struct {
	pdf *gofpdf.Fpdf
	t   tagger
	lay *layout
	// the font and colour last set, to set them only when they change
	face  face
	size  float64
	color [3]int
}

// draw writes every page of lay.
func (d *drawer) draw(lay *layout) error {
	d.lay = lay
	d.size = -1
	d.color = [3]int{-1, -1, -1}
	var open []elem // elements open at the foot of the previous page
	for _, pg := range lay.pages {
		d.pdf.AddPage()
		// gofpdf converts bookmark text to UTF-16 only while a UTF-8 font
		// is selected; set one before anything else.
		d.font(regular, bodySize)
		for _, e := range open {
			d.t.begin(e)
		}
		for _, b := range pg.boxes {
			if err := d.placed(b, &open); err != nil {
				return err
			}
		}
		for range open {
			d.t.end()
		}
		if len(pg.decor) > 0 {
			d.t.artifact(layoutArtifact, func() { d.rules(pg.decor, 0, 0) })
		}
		if pg.footer != nil {
			d.t.artifact(footerArtifact, func() { d.line(pg.footer.line, pg.footer.y, pg.footer.h, true) })
		}
		if err := d.pdf.Error(); err != nil {
			return err
		}
	}
	return nil
}

// placed draws a box placed on the page with its bookmarks, beginning
// the elements it opens and ending those it closes; open holds the
// elements open.
func (d *drawer) placed(b *box, open *[]elem) error {
	for _, m := range b.marks {
		d.pdf.Bookmark(m.text, m.level, b.y)
	}
	for _, e := range slices.Backward(b.open) {
		d.t.begin(e)
		*open = append(*open, e)
	}
	if err := d.box(b); err != nil {
		return err
	}
	for k := 0; k < b.close && len(*open) > 0; k++ {
		d.t.end()
		*open = (*open)[:len(*open)-1]
	}
	return nil
}

// columns draws the columns of a box, each whole before the next, its
// boxes placed from the box's top.
func (d *drawer) columns(b *box) error {
	for _, col := range b.cols {
		var open []elem
		for _, c := range col {
			at := *c
			at.y += b.y
			if err := d.placed(&at, &open); err != nil {
				return err
			}
		}
		for range open {
			d.t.end()
		}
	}
	return nil
}

// box draws a box: a copy of a table's header as one artifact, else its
// content tagged and its rules as artifacts.
func (d *drawer) box(b *box) error {
	if b.artifact {
		d.t.artifact(paginationArtifact, func() {
			if b.band != nil {
				d.band(b, true)
			}
			d.rules(b.rules, 0, b.y)
		})
		return nil
	}
	switch {
	case b.line != nil:
		d.line(b.line, b.y, b.h, false)
	case b.img != nil:
		if err := d.image(b); err != nil {
			return err
		}
	case b.band != nil:
		d.band(b, false)
	case b.cols != nil:
		if err := d.columns(b); err != nil {
			return err
		}
	}
	if len(b.rules) > 0 {
		d.t.artifact(layoutArtifact, func() { d.rules(b.rules, 0, b.y) })
	}
	return nil
}

// band draws a band of a table row: each cell's line inside the cell's
// element, or, for a repeated header, as an artifact. An empty cell gets
// an empty marked-content sequence in the row's first band, so that a
// reader that builds the tree from a page's content (pdf.js) still finds
// the cell in its column.
func (d *drawer) band(b *box, artifact bool) {
	for _, c := range b.band.cells {
		switch {
		case artifact:
			if c.line != nil {
				d.line(c.line, b.y, b.h, true)
			}
			continue
		case c.line != nil:
			d.t.begin(c.e)
			d.line(c.line, b.y, b.h, false)
		default:
			d.t.begin(c.e)
			if b.band.first {
				d.t.mark()
			}
		}
		d.t.end()
	}
}

// rules draws filled rectangles offset by x, y, in the rule colour.
func (d *drawer) rules(rs []rule, x, y float64) {
	if len(rs) == 0 {
		return
	}
	d.pdf.SetFillColor(ruleColor[0], ruleColor[1], ruleColor[2])
	for _, r := range rs {
		d.pdf.Rect(x+r.x1, y+r.y1, r.x2-r.x1, r.y2-r.y1, "F")
	}
	// Black fill again, or gofpdf wraps every later black text in its own
	// colour change.
	d.pdf.SetFillColor(textColor[0], textColor[1], textColor[2])
}

// linkRun is the part of a link on one line: where it starts and ends and
// its text.
type linkRun struct {
	e      elem
	x1, x2 float64
	text   strings.Builder
}

// line draws a line of text whose box has top y and height h, with its
// inline elements, link underlines and annotations; as an artifact (a
// footer, a repeated header), without them but the underlines.
func (d *drawer) line(ln *line, y, h float64, artifact bool) {
	base := y + ln.base
	var open []elem // the inline elements open
	var links []*linkRun
	for _, s := range ln.segs {
		if !artifact {
			path := d.lay.paths[s.path]
			k := 0
			for k < len(open) && k < len(path) && open[k].id == path[k].id {
				k++
			}
			for range open[k:] {
				d.t.end()
			}
			open = append(open[:k], path[k:]...)
			for _, e := range path[k:] {
				d.t.begin(e)
			}
		}
		d.font(s.face, s.size)
		if s.href != "" {
			d.setColor(linkColor)
		} else {
			d.setColor(textColor)
		}
		d.t.mark()
		d.pdf.Text(s.x, base, s.text)
		if s.href == "" || s.w <= 0 {
			continue
		}
		em := s.size * mmPerPoint
		underline := []rule{{s.x, base + underlinePosition*em, s.x + s.w, base + (underlinePosition+underlineThickness)*em}}
		d.pdf.SetFillColor(linkColor[0], linkColor[1], linkColor[2])
		if artifact {
			d.rect(underline[0])
		} else {
			d.t.artifact(layoutArtifact, func() { d.rect(underline[0]) })
		}
		d.pdf.SetFillColor(textColor[0], textColor[1], textColor[2])
		if artifact {
			continue
		}
		e := linkOf(open)
		if n := len(links); n > 0 && links[n-1].e.id == e.id {
			links[n-1].x2 = s.x + s.w
			links[n-1].text.WriteString(s.text)
			continue
		}
		r := &linkRun{e: e, x1: s.x, x2: s.x + s.w}
		r.text.WriteString(s.text)
		links = append(links, r)
	}
	for range open {
		d.t.end()
	}
	for _, r := range links {
		target, dest := "", (*anchor)(nil)
		if id, ok := strings.CutPrefix(r.e.href, "#"); ok {
			a, ok := d.lay.anchors[id]
			if !ok {
				// Every target has a place (layout.anchors); should one
				// lack it, the link goes to where it stands.
				a = anchor{page: d.pdf.PageNo() - 1, y: y}
			}
			dest = &a
		} else {
			target = uri(r.e.href)
		}
		d.t.link(r.e.id, r.x1, y, r.x2-r.x1, h, target, dest, r.text.String())
	}
}

// linkOf returns the Link among the inline elements path.
func linkOf(path []elem) elem {
	for _, e := range path {
		if e.kind == sLink {
			return e
		}
	}
	return elem{}
}

// rect fills a rule in the current fill colour.
func (d *drawer) rect(r rule) {
	d.pdf.Rect(r.x1, r.y1, r.x2-r.x1, r.y2-r.y1, "F")
}

// image draws a picture, registering its data under a name derived from it.
func (d *drawer) image(b *box) (err error) {
	p := b.img
	name := imageName(p.data)
	opt := gofpdf.ImageOptions{ImageType: p.typ}
	if d.pdf.GetImageInfo(name) == nil {
		if err := d.register(name, p, opt); err != nil {
			return fmt.Errorf("image %q: %w", p.alt, err)
		}
	}
	if p.decorative {
		d.t.artifact(layoutArtifact, func() { d.pdf.ImageOptions(name, p.x, b.y, p.w, p.h, false, opt, 0, "") })
		return nil
	}
	d.t.mark()
	d.pdf.ImageOptions(name, p.x, b.y, p.w, p.h, false, opt, 0, "")
	return nil
}

// register hands image data to gofpdf, whose PNG reader indexes chunks
// without checking their length: a panic there is malformed data.
func (d *drawer) register(name string, p *picture, opt gofpdf.ImageOptions) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed %s data (%v)", p.typ, r)
		}
	}()
	data := p.data
	if p.typ == "png" {
		if data, err = pngForPDF(data); err != nil {
			return err
		}
	}
	d.pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(data))
	return d.pdf.Error()
}

func (d *drawer) font(f face, size float64) {
	if f != d.face || size != d.size {
		d.pdf.SetFont(f.family(), f.style(), size)
		d.face, d.size = f, size
	}
}

func (d *drawer) setColor(c [3]int) {
	if c != d.color {
		d.pdf.SetTextColor(c[0], c[1], c[2])
		d.color = c
	}
}
