package pdf

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/pdfsyntax"
)

// The post-processing pass turns gofpdf's output into a tagged PDF/UA-1 and
// PDF/A-3b file without touching gofpdf. It is pure: bytes and the structure
// recorded while drawing in, bytes out; no clock, no randomness.
//
// It changes gofpdf's bytes in two places only: the header, raised to
// PDF 1.7 and followed by the binary comment line PDF/A requires (the
// offsets in gofpdf's cross-reference table shift by that line's length),
// and the trailer, which gains a file identifier. Everything else goes into
// one incremental update appended at the end:
//
//   - the catalog again, with /Lang, /MarkInfo, /StructTreeRoot,
//     /ViewerPreferences, /Metadata, /OutputIntents and, for attachments,
//     /Names and /AF;
//   - the structure tree, its parent tree and the link annotations;
//   - each page again with /StructParents, /Tabs /S and its annotations;
//   - the information dictionary again with time-zoned dates, and the XMP
//     packet that says the same;
//   - each font again with a subset tag, an exact ToUnicode map and a
//     CIDSet;
//   - the outline root again with its /Count;
//   - the sRGB output intent and the attachments as associated files.
//
// It reads only what gofpdf v1.16.2 writes: one cross-reference table, a
// trailer with /Root and /Info, a page tree whose pages share a resource
// dictionary, and Type0 fonts with CIDToGIDMap streams. Anything else is an
// error, and TestGofpdfSkeleton pins the shapes it relies on.

// finish runs the post-processing pass on raw, gofpdf's output, with the
// structure t recorded while drawing, the metadata m and the attachments.
func finish(raw []byte, t *tagged, m *meta, attachments []document.Attachment) ([]byte, error) {
	src, err := readSource(raw)
	if err != nil {
		return nil, err
	}
	p := &pass{src: src, u: &incremental{next: src.size}, t: t, m: m}
	for _, step := range []func() error{
		p.read, p.structure, p.fonts, p.outline, p.metadata,
		func() error { return p.attach(attachments) },
		p.catalogAndInfo,
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return p.u.assemble(src, p.root, p.info), nil
}

// pass is the state of the post-processing pass.
type pass struct {
	src *source
	u   *incremental
	t   *tagged
	m   *meta
	// root and info are the catalog's and the information dictionary's
	// object numbers; pages are the pages'.
	root, info int
	catalog    dict
	pages      []int
	// treeRoot is the structure tree's root, xmp the XMP packet's and
	// profile the output intent's profile.
	treeRoot, xmp, profile int
	// names and af are the attachments' name tree entries and associated
	// files, when there are attachments.
	names, af []byte
}

// read finds the catalog, the information dictionary and the pages.
func (p *pass) read() error {
	var err error
	if p.root, err = p.src.trailer.ref("/Root"); err != nil {
		return err
	}
	if p.info, err = p.src.trailer.ref("/Info"); err != nil {
		return err
	}
	if p.catalog, _, err = p.src.object(p.root); err != nil {
		return err
	}
	pagesRef, err := p.catalog.ref("/Pages")
	if err != nil {
		return err
	}
	pageTree, _, err := p.src.object(pagesRef)
	if err != nil {
		return err
	}
	kids, _ := pageTree.get("/Kids")
	p.pages, err = parseRefs(kids)
	if err != nil || len(p.pages) == 0 || len(p.pages) < len(p.t.owners) {
		return fmt.Errorf("%w: the page tree lists %d pages for %d drawn", errSyntax, len(p.pages), len(p.t.owners))
	}
	return nil
}

// structure writes the structure tree, its parent tree, the link
// annotations and the pages that hold them.
func (p *pass) structure() error {
	t, u := p.t, p.u
	t.finishTree()
	// Object numbers first, in a fixed order.
	p.treeRoot = u.alloc()
	parentTree := u.alloc()
	var nodes []*node
	var number func(n *node)
	number = func(n *node) {
		n.ref = u.alloc()
		nodes = append(nodes, n)
		for _, k := range n.kids {
			if k.node != nil {
				number(k.node)
			}
		}
	}
	number(t.root)
	for i := range t.annots {
		t.annots[i].ref = u.alloc()
		t.annots[i].structParent = len(p.pages) + i
	}

	// The pages, with their place in the parent tree and their
	// annotations.
	annotsOn := make([][]int, len(p.pages))
	for _, a := range t.annots {
		annotsOn[a.page] = append(annotsOn[a.page], a.ref)
	}
	for i, pg := range p.pages {
		d, _, err := p.src.object(pg)
		if err != nil {
			return err
		}
		if _, ok := d.get("/Annots"); ok {
			return fmt.Errorf("%w: page %d has annotations the pass did not record", errSyntax, i+1)
		}
		d = d.set("/StructParents", strconv.Itoa(i)).set("/Tabs", "/S")
		if len(annotsOn[i]) > 0 {
			d = d.set("/Annots", string(appendRefs(nil, annotsOn[i])))
		}
		u.putDict(pg, d)
	}

	u.putDict(p.treeRoot, dict{
		{"/Type", []byte("/StructTreeRoot")},
		{"/K", []byte(ref(t.root.ref))},
		{"/ParentTree", []byte(ref(parentTree))},
		{"/ParentTreeNextKey", []byte(strconv.Itoa(len(p.pages) + len(t.annots)))},
	})
	for _, n := range nodes {
		parent := p.treeRoot
		if n.parent != nil {
			parent = n.parent.ref
		}
		u.put(n.ref, structElem(n, parent, p.pages, t.annots))
	}

	// The parent tree: for each page, the element of each MCID; for each
	// annotation, its Link.
	nums := []byte("<</Nums [")
	for i := range p.pages {
		if i > 0 {
			nums = append(nums, '\n')
		}
		nums = strconv.AppendInt(nums, int64(i), 10)
		nums = append(nums, ' ')
		var owners []int
		if i < len(t.owners) {
			for _, n := range t.owners[i] {
				owners = append(owners, n.ref)
			}
		}
		nums = appendRefs(nums, owners)
	}
	for _, a := range t.annots {
		nums = append(nums, '\n')
		nums = strconv.AppendInt(nums, int64(a.structParent), 10)
		nums = append(nums, ' ')
		nums = appendRef(nums, a.link.ref)
	}
	u.put(parentTree, append(nums, "]>>"...))

	for _, a := range t.annots {
		b := []byte("<</Type /Annot /Subtype /Link /Rect [")
		for i, v := range []float64{a.x1, a.y2, a.x2, a.y1} {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendReal(b, v)
		}
		b = append(b, "] /Border [0 0 0] /F 4 /StructParent "...)
		b = strconv.AppendInt(b, int64(a.structParent), 10)
		b = append(b, " /Contents "...)
		b = appendText(b, oneLine(a.link.text.String()))
		if a.dest != nil {
			// A place in the document: the page, and the top of what the
			// link goes to, in points from the bottom.
			b = append(b, " /Dest ["...)
			b = appendRef(b, p.pages[a.dest.page])
			b = append(b, " /XYZ null "...)
			b = appendReal(b, (pageHeight-a.dest.y)*72/25.4)
			u.put(a.ref, append(b, " null]>>"...))
			continue
		}
		b = append(b, " /A <</S /URI /URI "...)
		b = appendText(b, a.uri)
		u.put(a.ref, append(b, ">>>>"...))
	}
	return nil
}

// fonts writes every font of the pages' resources again (reissueFont).
func (p *pass) fonts() error {
	first, _, err := p.src.object(p.pages[0])
	if err != nil {
		return err
	}
	resources, err := first.ref("/Resources")
	if err != nil {
		return err
	}
	res, _, err := p.src.object(resources)
	if err != nil {
		return err
	}
	fontDict, ok := res.get("/Font")
	if !ok {
		return fmt.Errorf("%w: no fonts in the resources", errSyntax)
	}
	fonts, _, err := parseDict(fontDict)
	if err != nil {
		return err
	}
	for _, f := range fonts {
		fr, err := parseRefs(f.val)
		if err != nil || len(fr) != 1 {
			return fmt.Errorf("%w: font %s is not a reference", errSyntax, f.key)
		}
		if err := reissueFont(p.src, p.u, fr[0]); err != nil {
			return err
		}
	}
	return nil
}

// outline writes the outline root again with its count of visible items,
// those at the top level (gofpdf leaves it out).
func (p *pass) outline() error {
	outlines, err := p.catalog.ref("/Outlines")
	if err != nil {
		return nil // no outline
	}
	root, _, err := p.src.object(outlines)
	if err != nil {
		return err
	}
	count := 0
	d := root
	for item, err := d.ref("/First"); err == nil; item, err = d.ref("/Next") {
		if count++; count > len(p.src.offsets) {
			return fmt.Errorf("%w: the outline loops", errSyntax)
		}
		if d, _, err = p.src.object(item); err != nil {
			return err
		}
	}
	p.u.putDict(outlines, root.set("/Count", strconv.Itoa(count)))
	return nil
}

// attach writes the attachments as embedded files associated with the
// document (PDF/A-3), and their name tree entries.
func (p *pass) attach(attachments []document.Attachment) error {
	type name struct {
		key, text string // key: the name as the name tree sorts it
		spec      int
	}
	if len(attachments) == 0 {
		return nil
	}
	var names []name
	var specs []int
	for _, a := range attachments {
		file, spec := p.u.alloc(), p.u.alloc()
		data, filter := a.Data, ""
		if a.MIME != "application/zip" { // a zip is compressed already
			data, filter = deflate(a.Data), " /Filter /FlateDecode"
		}
		sum := md5.Sum(a.Data)
		b := []byte("/Type /EmbeddedFile")
		if a.MIME != "" {
			b = append(b, " /Subtype "...)
			b = appendName(b, a.MIME)
		}
		b = append(b, " /Params <</Size "...)
		b = strconv.AppendInt(b, int64(len(a.Data)), 10)
		b = append(b, " /ModDate "...)
		b = appendText(b, pdfDate(p.m.date))
		b = append(b, " /CheckSum <"...)
		b = hex.AppendEncode(b, sum[:])
		b = append(b, ">>>"...)
		p.u.putStream(file, string(b)+filter, data)
		b = []byte("<</Type /Filespec /F ")
		b = appendText(b, asciiName(a.Name))
		b = append(b, " /UF "...)
		b = appendText(b, a.Name)
		if a.Description != "" {
			b = append(b, " /Desc "...)
			b = appendText(b, a.Description)
		}
		b = append(b, " /AFRelationship /Source /EF <</F "...)
		b = appendRef(b, file)
		b = append(b, " /UF "...)
		b = appendRef(b, file)
		p.u.put(spec, append(b, ">>>>"...))
		specs = append(specs, spec)
		names = append(names, name{string(pdfsyntax.TextBytes(a.Name)), a.Name, spec})
	}
	p.af = appendRefs(nil, specs)
	// A name tree lists its names sorted by their bytes as strings.
	slices.SortFunc(names, func(a, b name) int { return strings.Compare(a.key, b.key) })
	p.names = []byte{'['}
	for i, n := range names {
		if i > 0 {
			if n.key == names[i-1].key {
				return fmt.Errorf("pdf: two attachments have the name %q", n.text)
			}
			p.names = append(p.names, ' ')
		}
		p.names = appendText(p.names, n.text)
		p.names = append(p.names, ' ')
		p.names = appendRef(p.names, n.spec)
	}
	p.names = append(p.names, ']')
	return nil
}

// metadata writes the XMP packet and the output intent's profile.
func (p *pass) metadata() error {
	p.xmp, p.profile = p.u.alloc(), p.u.alloc()
	p.u.putStream(p.xmp, "/Type /Metadata /Subtype /XML", xmp(p.m))
	p.u.putStream(p.profile, "/N 3 /Alternate /DeviceRGB /Filter /FlateDecode", iccStream())
	return nil
}

// catalogAndInfo writes the catalog, which now points to the structure
// tree, the metadata, the output intent and the attachments, and the
// information dictionary.
func (p *pass) catalogAndInfo() error {
	u, m := p.u, p.m
	cat := p.catalog.without("/Names") // gofpdf's holds an empty list
	if m.lang != "" {
		cat = cat.set("/Lang", textString(m.lang))
	}
	cat = cat.set("/MarkInfo", "<</Marked true>>").
		set("/StructTreeRoot", ref(p.treeRoot)).
		set("/ViewerPreferences", "<</DisplayDocTitle true>>").
		set("/Metadata", ref(p.xmp)).
		set("/OutputIntents", "[<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1)"+
			" /RegistryName (http://www.color.org) /Info (sRGB IEC61966-2.1) /DestOutputProfile "+ref(p.profile)+">>]")
	if p.names != nil {
		cat = cat.set("/Names", "<</EmbeddedFiles <</Names "+string(p.names)+">>>>").set("/AF", string(p.af))
	}
	u.putDict(p.root, cat)
	var info dict
	for _, e := range []struct{ key, val string }{
		{"/Title", m.title}, {"/Author", m.author}, {"/Subject", m.subject}, {"/Keywords", m.keywords},
		{"/Creator", m.creator}, {"/Producer", m.producer},
		{"/CreationDate", pdfDate(m.date)}, {"/ModDate", pdfDate(m.date)},
	} {
		if e.val != "" {
			info = info.set(e.key, textString(e.val))
		}
	}
	u.putDict(p.info, info)
	return nil
}

// asciiName is a file name in printable ASCII for a file specification's /F,
// other characters replaced by "_"; /UF holds the name as it is.
func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '_'
		}
		return r
	}, s)
}

// structElem returns the structure element n, child of parent.
func structElem(n *node, parent int, pages []int, annots []annotation) []byte {
	pg := -1
	for _, k := range n.kids {
		if k.node == nil && k.annot == 0 {
			pg = k.page
			break
		}
	}
	b := []byte("<</Type /StructElem /S /")
	b = append(b, n.kind...)
	b = append(b, " /P "...)
	b = appendRef(b, parent)
	if pg >= 0 {
		b = append(b, " /Pg "...)
		b = appendRef(b, pages[pg])
	}
	if n.lang != "" {
		b = append(b, " /Lang "...)
		b = appendText(b, n.lang)
	}
	if n.kind == sFigure {
		b = append(b, " /Alt "...)
		b = appendText(b, n.alt)
	}
	if n.numbering != "" {
		b = append(b, " /A <</O /List /ListNumbering /"...)
		b = append(b, n.numbering...)
		b = append(b, ">>"...)
	}
	if n.scope != "" {
		b = append(b, " /A <</O /Table /Scope /"...)
		b = append(b, n.scope...)
		b = append(b, ">>"...)
	}
	b = append(b, " /K ["...)
	for i, k := range n.kids {
		if i > 0 {
			b = append(b, ' ')
		}
		switch {
		case k.node != nil:
			b = appendRef(b, k.node.ref)
		case k.annot != 0:
			a := annots[k.annot-1]
			b = append(b, "<</Type /OBJR /Obj "...)
			b = appendRef(b, a.ref)
			b = append(b, " /Pg "...)
			b = appendRef(b, pages[a.page])
			b = append(b, ">>"...)
		case k.page == pg:
			b = strconv.AppendInt(b, int64(k.mcid), 10)
		default:
			b = append(b, "<</Type /MCR /Pg "...)
			b = appendRef(b, pages[k.page])
			b = append(b, " /MCID "...)
			b = strconv.AppendInt(b, int64(k.mcid), 10)
			b = append(b, ">>"...)
		}
	}
	return append(b, "]>>"...)
}
