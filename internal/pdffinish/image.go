package pdffinish

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// image is one image of the document as gofpdf wrote it: its name in the
// resources, its object number and width, and how many objects from n are
// its (itself, its soft mask, its palette).
type image struct {
	name       string
	n, w, size int
}

// images puts the document's images in one order. gofpdf numbers its
// images in the order of their widths, and images of one width in the
// order Go's map gives them, which changes from run to run: the two
// signatures of a joint letter, scanned alike, came out in either order,
// and a build of the same response gave other bytes. Where two images
// share a width, every image is written again in the order of width and
// then name (a digest of its data), each with the objects gofpdf wrote
// after it for it, and so are the resources that name them, whichever
// order gofpdf chose. A document whose images all differ in width is left
// as it is.
func (p *pass) images() error {
	resN, res, xo, err := p.xobjects()
	if err != nil || xo == nil {
		return err
	}
	imgs, err := p.imageList(xo)
	if err != nil || imgs == nil {
		return err
	}
	want := slices.Clone(imgs)
	slices.SortStableFunc(want, func(a, b image) int { return cmp.Or(cmp.Compare(a.w, b.w), cmp.Compare(a.name, b.name)) })
	if !sharesWidth(want) {
		return nil // gofpdf's order is the one order
	}
	// Each image's objects move together, by the same amount.
	moved := map[int]int{} // old number -> new
	next := imgs[0].n
	for _, img := range want {
		for k := range img.size {
			moved[img.n+k] = next + k
		}
		next += img.size
	}
	for old, n := range moved {
		d, data, err := p.src.object(old)
		if err != nil {
			return err
		}
		for i := range d {
			if d[i].key == "/SMask" || d[i].key == "/ColorSpace" {
				d[i].val = renumber(d[i].val, moved)
			}
		}
		if data == nil {
			p.u.putDict(n, d)
			continue
		}
		p.u.putStreamDict(n, d, data)
	}
	for i := range xo {
		xo[i].val = renumber(xo[i].val, moved)
	}
	p.u.putDict(resN, res.set("/XObject", string(xo.appendTo(nil))))
	return nil
}

// sharesWidth reports whether two of imgs, sorted by width, have one.
func sharesWidth(imgs []image) bool {
	for i := 1; i < len(imgs); i++ {
		if imgs[i].w == imgs[i-1].w {
			return true
		}
	}
	return false
}

// xobjects returns the resources the pages share, their number and their
// XObjects (nil for none).
func (p *pass) xobjects() (int, dict, dict, error) {
	first, _, err := p.src.object(p.pages[0])
	if err != nil {
		return 0, nil, nil, err
	}
	resN, err := first.ref("/Resources")
	if err != nil {
		return 0, nil, nil, err
	}
	res, _, err := p.src.object(resN)
	if err != nil {
		return 0, nil, nil, err
	}
	xv, ok := res.get("/XObject")
	if !ok {
		return 0, nil, nil, nil
	}
	xo, _, err := parseDict(xv)
	return resN, res, xo, err
}

// imageList returns the images of xo in gofpdf's order, or nil when they
// are not laid out as gofpdf lays images out (each image's objects one
// after another), which the pass then leaves as they are.
func (p *pass) imageList(xo dict) ([]image, error) {
	var imgs []image
	for _, e := range xo {
		refs, err := parseRefs(e.val)
		if err != nil || len(refs) != 1 {
			return nil, fmt.Errorf("%w: image %s is not a reference", errSyntax, e.key)
		}
		d, _, err := p.src.object(refs[0])
		if err != nil {
			return nil, err
		}
		if v, _ := d.get("/Subtype"); string(v) != "/Image" {
			continue // a form, not an image
		}
		w, err := d.integer("/Width")
		if err != nil {
			return nil, fmt.Errorf("image %s: %w", e.key, err)
		}
		img := image{name: e.key, n: refs[0], w: w, size: 1}
		if _, ok := d.get("/SMask"); ok {
			img.size++
		}
		if cs, _ := d.get("/ColorSpace"); bytes.HasPrefix(cs, []byte("[/Indexed")) {
			img.size++
		}
		imgs = append(imgs, img)
	}
	slices.SortFunc(imgs, func(a, b image) int { return cmp.Compare(a.n, b.n) })
	for i := 1; i < len(imgs); i++ {
		if imgs[i].n != imgs[i-1].n+imgs[i-1].size {
			return nil, nil
		}
	}
	return imgs, nil
}

// renumber gives the reference in val its number in moved: a reference,
// "12 0 R", or one at the end of an array, "[/Indexed /DeviceRGB 255 12 0 R]".
func renumber(val []byte, moved map[int]int) []byte {
	end := bytes.LastIndex(val, []byte(" 0 R"))
	if end < 0 {
		return val
	}
	start := bytes.LastIndexAny(val[:end], " [") + 1
	old, err := strconv.Atoi(string(val[start:end]))
	if err != nil {
		return val
	}
	n, ok := moved[old]
	if !ok {
		return val
	}
	out := append(slices.Clip(val[:start]), strconv.Itoa(n)...)
	return append(out, val[end:]...)
}
