package pdffinish

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
)

// reissueFont writes the Type0 font n again with a subset tag and an exact
// ToUnicode map, its CIDFont with the same name, and its descriptor with
// the name and a CIDSet. gofpdf's character codes are the characters' code
// points (Identity-H), and its CIDToGIDMap holds a glyph for exactly the
// characters used, so the map tells which codes to describe.
func reissueFont(src *source, u *file, n int, names map[string]string) error {
	t0, _, err := src.object(n)
	if err != nil {
		return err
	}
	if v, _ := t0.get("/Subtype"); string(v) != "/Type0" {
		return fmt.Errorf("%w: font %d is not a Type0 font", errSyntax, n)
	}
	base, _ := t0.get("/BaseFont")
	ps, ok := names[strings.TrimPrefix(string(base), "/")]
	if !ok {
		return fmt.Errorf("%w: unknown font %s", errSyntax, base)
	}
	desc, ok := t0.get("/DescendantFonts")
	if !ok {
		return fmt.Errorf("%w: font %d has no descendant", errSyntax, n)
	}
	dr, err := parseRefs(desc)
	if err != nil || len(dr) != 1 {
		return fmt.Errorf("%w: font %d: bad descendant", errSyntax, n)
	}
	cid, _, err := src.object(dr[0])
	if err != nil {
		return err
	}
	fd, err := cid.ref("/FontDescriptor")
	if err != nil {
		return fmt.Errorf("font %d: %w", n, err)
	}
	gm, err := cid.ref("/CIDToGIDMap")
	if err != nil {
		return fmt.Errorf("font %d: %w", n, err)
	}
	descriptor, _, err := src.object(fd)
	if err != nil {
		return err
	}
	_, packed, err := src.object(gm)
	if err != nil {
		return err
	}
	cids, err := mappedCIDs(packed)
	if err != nil {
		return fmt.Errorf("%w: font %d: CIDToGIDMap: %v", errSyntax, n, err)
	}

	// The subset tag: six capitals from a digest of the name and the
	// characters, so the same subset has the same tag.
	h := sha256.New()
	h.Write([]byte(ps))
	for _, c := range cids {
		h.Write([]byte{byte(c >> 8), byte(c)})
	}
	sum := h.Sum(nil)
	tag := make([]byte, 0, 7+len(ps))
	for i := range 6 {
		tag = append(tag, 'A'+sum[i]%26)
	}
	name := "/" + string(tag) + "+" + ps

	// The map takes the place of gofpdf's, which describes every code
	// the font's table has, used or not.
	toUnicode, err := t0.ref("/ToUnicode")
	if err != nil {
		toUnicode = u.alloc()
	}
	cidSet := u.alloc()
	u.putStream(toUnicode, "/Filter /FlateDecode", deflate(cmap(cids)))
	last := 0
	if len(cids) > 0 {
		last = cids[len(cids)-1]
	}
	set := make([]byte, last/8+1)
	set[0] |= 0x80 // CID 0, .notdef
	for _, c := range cids {
		set[c/8] |= 0x80 >> (c % 8)
	}
	u.putStream(cidSet, "/Filter /FlateDecode", deflate(set))
	u.putDict(n, t0.set("/BaseFont", name).set("/ToUnicode", ref(toUnicode)))
	u.putDict(dr[0], cid.set("/BaseFont", name))
	u.putDict(fd, descriptor.set("/FontName", name).set("/CIDSet", ref(cidSet)))
	return nil
}

// cmap returns a ToUnicode CMap that maps each code in cids to the
// character of that code point.
func cmap(cids []int) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(cids) > 0 {
		n := min(len(cids), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, c := range cids[:n] {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", c, c)
		}
		b.WriteString("endbfchar\n")
		cids = cids[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// gidMaps keeps the buffers that CIDToGIDMaps are read into.
var gidMaps = sync.Pool{New: func() any { return new([2 * 0x10000]byte) }}

// mappedCIDs returns the codes, above 0, that the compressed CIDToGIDMap
// packed maps to a glyph: gofpdf's map is 65,536 glyph numbers of two bytes.
func mappedCIDs(packed []byte) ([]int, error) {
	gids := gidMaps.Get().(*[2 * 0x10000]byte)
	defer gidMaps.Put(gids)
	if err := inflate(gids[:], packed); err != nil {
		return nil, err
	}
	var cids []int
	// Most of the map is zero: it is read eight bytes, four codes, at a
	// time, and only a word that is not zero is looked into.
	for w := 0; w < len(gids); w += 8 {
		if binary.LittleEndian.Uint64(gids[w:]) == 0 {
			continue
		}
		for c := w / 2; c < w/2+4; c++ {
			if c > 0 && (gids[2*c] != 0 || gids[2*c+1] != 0) {
				cids = append(cids, c)
			}
		}
	}
	return cids, nil
}
