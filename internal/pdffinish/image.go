package pdffinish

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// images puts the document's images in one order. gofpdf numbers its
// images in the order of their widths, and images of one width in the
// order Go's map gives them, which changes from run to run: the two
// signatures of a joint letter, scanned alike, came out in either order,
// and a build of the same response gave other bytes. Images of one width
// are put in the order of their names (a digest of their data), each with
// the objects gofpdf wrote after it for it (its soft mask, its palette).
// A document whose images all differ in width is left as it is.
func (p *pass) images() error {
	first, _, err := p.src.object(p.pages[0])
	if err != nil {
		return err
	}
	resN, err := first.ref("/Resources")
	if err != nil {
		return err
	}
	res, _, err := p.src.object(resN)
	if err != nil {
		return err
	}
	xv, ok := res.get("/XObject")
	if !ok {
		return nil
	}
	xo, _, err := parseDict(xv)
	if err != nil {
		return err
	}
	type image struct {
		name       string
		n, w, size int // size: the objects from n that are the image's
	}
	var imgs []image
	for _, e := range xo {
		refs, err := parseRefs(e.val)
		if err != nil || len(refs) != 1 {
			return fmt.Errorf("%w: image %s is not a reference", errSyntax, e.key)
		}
		d, _, err := p.src.object(refs[0])
		if err != nil {
			return err
		}
		if v, _ := d.get("/Subtype"); string(v) != "/Image" {
			continue // a form, not an image
		}
		w, err := d.integer("/Width")
		if err != nil {
			return fmt.Errorf("image %s: %w", e.key, err)
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
			return nil // not as gofpdf lays images out: leave them
		}
	}
	want := slices.Clone(imgs)
	slices.SortStableFunc(want, func(a, b image) int { return cmp.Or(cmp.Compare(a.w, b.w), cmp.Compare(a.name, b.name)) })
	tie := false
	for i := 1; i < len(want); i++ {
		tie = tie || want[i].w == want[i-1].w
	}
	if !tie {
		return nil // gofpdf's order is the one order
	}
	// Where gofpdf may have chosen, every image's objects and the
	// resources are written again, in the one order, whichever order
	// gofpdf chose.
	// Each image's objects move together, by the same amount.
	moved := map[int]int{} // old number -> new
	next := imgs[0].n
	for _, img := range want {
		for k := range img.size {
			moved[img.n+k] = next + k
		}
		next += img.size
	}
	renumber := func(val []byte) []byte {
		// A reference, "12 0 R", or one at the end of an array,
		// "[/Indexed /DeviceRGB 255 12 0 R]".
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
	for old, n := range moved {
		d, data, err := p.src.object(old)
		if err != nil {
			return err
		}
		for i := range d {
			if d[i].key == "/SMask" || d[i].key == "/ColorSpace" {
				d[i].val = renumber(d[i].val)
			}
		}
		if data == nil {
			p.u.putDict(n, d)
			continue
		}
		p.u.putStreamDict(n, d, data)
	}
	for i := range xo {
		xo[i].val = renumber(xo[i].val)
	}
	p.u.putDict(resN, res.set("/XObject", string(xo.appendTo(nil))))
	return nil
}
