package pdf

import (
	"bytes"
	"fmt"

	"github.com/jung-kurt/gofpdf"
)

// tagger receives the logical structure of the content as the drawing pass
// writes it: each element's content is drawn between begin and end, with
// mark called right before anything is painted, and page furniture (the
// footer, a link's underline) inside artifact. Link annotations go through
// link. Implementations write marked-content operators with RawWriteStr,
// which is only safe while a page is open, and the drawing pass calls them
// only then. An element split across pages is ended at the foot of one page
// and begun again, with the same id, on the next. The tagger of the PDFs
// s55 writes is tagged.
type tagger interface {
	begin(e elem)
	end()
	mark()
	artifact(props string, draw func())
	link(x, y, w, h float64, uri, text string)
}

// Colours as RGB. The link colour, a dark blue, has a contrast ratio of
// 8.1:1 on white (WCAG asks 4.5:1; TestLinks checks it).
var (
	textColor = [3]int{0, 0, 0}
	linkColor = [3]int{0x1d, 0x4f, 0x91}
)

// drawer is the drawing pass: it writes a layout into a gofpdf document
// whose fonts are registered.
type drawer struct {
	pdf *gofpdf.Fpdf
	t   tagger
	// the font and colour last set, to set them only when they change
	style string
	size  float64
	color [3]int
}

// draw writes every page of lay.
func (d *drawer) draw(lay *layout) error {
	d.size = -1
	d.color = [3]int{-1, -1, -1}
	var open []elem // elements open at the foot of the previous page
	for _, pg := range lay.pages {
		d.pdf.AddPage()
		// gofpdf converts bookmark text to UTF-16 only while a UTF-8 font
		// is selected; set one before anything else.
		d.font("", bodySize)
		for _, e := range open {
			d.t.begin(e)
		}
		for _, b := range pg.boxes {
			for _, m := range b.marks {
				d.pdf.Bookmark(m.text, m.level, b.y)
			}
			for _, e := range b.open {
				d.t.begin(e)
				open = append(open, e)
			}
			if err := d.box(b); err != nil {
				return err
			}
			for k := 0; k < b.close && len(open) > 0; k++ {
				d.t.end()
				open = open[:len(open)-1]
			}
		}
		for range open {
			d.t.end()
		}
		if pg.footer != nil {
			d.t.artifact(footerArtifact, func() { d.line(pg.footer) })
		}
		if err := d.pdf.Error(); err != nil {
			return err
		}
	}
	return nil
}

func (d *drawer) box(b *box) error {
	switch {
	case b.line != nil:
		d.line(b)
	case b.img != nil:
		return d.image(b)
	}
	return nil
}

// line draws a line of text, its link underlines and annotations.
func (d *drawer) line(b *box) {
	base := b.y + b.line.base
	for _, s := range b.line.segs {
		if s.link != 0 {
			d.t.begin(elem{id: s.link, kind: "Link"})
		}
		d.font(s.style, s.size)
		if s.href != "" {
			d.setColor(linkColor)
		} else {
			d.setColor(textColor)
		}
		d.t.mark()
		d.pdf.Text(s.x, base, s.text)
		if s.href != "" && s.w > 0 {
			em := s.size * mmPerPoint
			d.pdf.SetFillColor(linkColor[0], linkColor[1], linkColor[2])
			d.t.artifact(underlineArtifact, func() {
				d.pdf.Rect(s.x, base+underlinePosition*em, s.w, underlineThickness*em, "F")
			})
			// Black fill again, or gofpdf wraps every later black text in
			// its own colour change.
			d.pdf.SetFillColor(textColor[0], textColor[1], textColor[2])
			d.t.link(s.x, b.y, s.w, b.h, uri(s.href), s.text)
		}
		if s.link != 0 {
			d.t.end()
		}
	}
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

func (d *drawer) font(style string, size float64) {
	if style != d.style || size != d.size {
		d.pdf.SetFont(fontFamily, style, size)
		d.style, d.size = style, size
	}
}

func (d *drawer) setColor(c [3]int) {
	if c != d.color {
		d.pdf.SetTextColor(c[0], c[1], c[2])
		d.color = c
	}
}
