package pdffinish

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/pdfsyntax"
)

// Input is what the finisher adds to a typeset file.
type Input struct {
	// Tree is the logical structure the drawing pass recorded.
	Tree *Tree
	// Meta is the document's metadata.
	Meta *Meta
	// FontNames gives the PostScript name of each font the typesetter
	// registered, by the name it gave the font (the font's /BaseFont).
	FontNames map[string]string
	// Attachments are the files the document carries.
	Attachments []document.Attachment
}

// Finish turns typeset, gofpdf's output, into a tagged PDF/UA-1 and
// PDF/A-3b file with what in adds. Pruning the tree of its empty elements
// and numbering it change in.Tree; nothing else of in is changed.
func Finish(typeset []byte, in Input) ([]byte, error) {
	src, err := readSource(typeset)
	if err != nil {
		return nil, err
	}
	p := &pass{src: src, u: &file{next: src.size}, t: in.Tree, m: in.Meta, fontNames: in.FontNames}
	for _, step := range []func() error{
		p.read, p.structure, p.fonts, p.images, p.outline, p.metadata,
		func() error { return p.attach(in.Attachments) },
		p.catalogAndInfo, p.compress,
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
	u   *file
	t   *Tree
	m   *Meta
	// fontNames are the fonts' PostScript names by their /BaseFont.
	fontNames map[string]string
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
	pageTree, err := p.src.entry(p.catalog, "/Pages")
	if err != nil {
		return err
	}
	kids, _ := pageTree.get("/Kids")
	p.pages, err = parseRefs(kids)
	if err != nil || len(p.pages) == 0 || len(p.pages) < len(p.t.Owners) {
		return fmt.Errorf("%w: the page tree lists %d pages for %d drawn", errSyntax, len(p.pages), len(p.t.Owners))
	}
	return nil
}

// structure writes the structure tree, its parent tree, the link
// annotations and the pages that hold them.
func (p *pass) structure() error {
	t, u := p.t, p.u
	prune(t.Root)
	// Object numbers first, in a fixed order.
	p.treeRoot = u.alloc()
	parentTree := u.alloc()
	var nodes []*Node
	var number func(n *Node)
	number = func(n *Node) {
		n.ref = u.alloc()
		nodes = append(nodes, n)
		for _, k := range n.Kids {
			if k.Node != nil {
				number(k.Node)
			}
		}
	}
	number(t.Root)
	for i := range t.Annots {
		t.Annots[i].ref = u.alloc()
		t.Annots[i].structParent = len(p.pages) + i
	}

	// The pages, with their place in the parent tree and their
	// annotations.
	annotsOn := make([][]int, len(p.pages))
	for _, a := range t.Annots {
		annotsOn[a.Page] = append(annotsOn[a.Page], a.ref)
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
		{"/K", []byte(ref(t.Root.ref))},
		{"/ParentTree", []byte(ref(parentTree))},
		{"/ParentTreeNextKey", []byte(strconv.Itoa(len(p.pages) + len(t.Annots)))},
	})
	for _, n := range nodes {
		parent := p.treeRoot
		if n.Parent != nil {
			parent = n.Parent.ref
		}
		u.put(n.ref, structElem(n, parent, p.pages, t.Annots))
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
		if i < len(t.Owners) {
			for _, n := range t.Owners[i] {
				owners = append(owners, n.ref)
			}
		}
		nums = appendRefs(nums, owners)
	}
	for _, a := range t.Annots {
		nums = append(nums, '\n')
		nums = strconv.AppendInt(nums, int64(a.structParent), 10)
		nums = append(nums, ' ')
		nums = appendRef(nums, a.Link.ref)
	}
	u.put(parentTree, append(nums, "]>>"...))

	for _, a := range t.Annots {
		b := []byte("<</Type /Annot /Subtype /Link /Rect [")
		for i, v := range []float64{a.X1, a.Y2, a.X2, a.Y1} {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendReal(b, v)
		}
		b = append(b, "] /Border [0 0 0] /F 4 /StructParent "...)
		b = strconv.AppendInt(b, int64(a.structParent), 10)
		b = append(b, " /Contents "...)
		b = appendText(b, a.Link.Text)
		if a.Dest != nil {
			// A place in the document: the page, and the top of what the
			// link goes to, in points from the bottom.
			b = append(b, " /Dest ["...)
			b = appendRef(b, p.pages[a.Dest.Page])
			b = append(b, " /XYZ null "...)
			b = appendReal(b, a.Dest.Top)
			u.put(a.ref, append(b, " null]>>"...))
			continue
		}
		b = append(b, " /A <</S /URI /URI "...)
		b = appendText(b, a.URI)
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
	res, err := p.src.entry(first, "/Resources")
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
		if err := reissueFont(p.src, p.u, fr[0], p.fontNames); err != nil {
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
			// The name as pdfcpu spells one: what a name cannot hold,
			// "/" among it, as #xx.
			b = append(b, '/')
			b = append(b, types.EncodeName(a.MIME)...)
		}
		b = append(b, " /Params <</Size "...)
		b = strconv.AppendInt(b, int64(len(a.Data)), 10)
		b = append(b, " /ModDate "...)
		b = appendText(b, pdfDate(p.m.Date))
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
	if m.Lang != "" {
		cat = cat.set("/Lang", textString(m.Lang))
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
		{"/Title", m.Title}, {"/Author", m.Author}, {"/Subject", m.Subject}, {"/Keywords", m.Keywords},
		{"/Creator", m.Creator}, {"/Producer", m.Producer},
		{"/CreationDate", pdfDate(m.Date)}, {"/ModDate", pdfDate(m.Date)},
	} {
		if e.val != "" {
			info = info.set(e.key, textString(e.val))
		}
	}
	u.putDict(p.info, info)
	return nil
}

// compress compresses the streams gofpdf wrote as they are (it is told
// not to compress the pages' content, so that one compressor serves every
// stream here, where gofpdf makes one for each).
func (p *pass) compress() error {
	for n := 1; n < p.src.size; n++ {
		if p.u.written(n) {
			continue
		}
		d, data, err := p.src.object(n)
		if err != nil {
			return err
		}
		if _, filtered := d.get("/Filter"); data == nil || filtered {
			continue
		}
		p.u.putStreamDict(n, d.set("/Filter", "/FlateDecode"), deflate(data))
	}
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
func structElem(n *Node, parent int, pages []int, annots []Annotation) []byte {
	pg := -1
	for _, k := range n.Kids {
		if k.Node == nil && k.Annot == 0 {
			pg = k.Page
			break
		}
	}
	b := []byte("<</Type /StructElem /S /")
	b = append(b, n.Kind...)
	b = append(b, " /P "...)
	b = appendRef(b, parent)
	if pg >= 0 {
		b = append(b, " /Pg "...)
		b = appendRef(b, pages[pg])
	}
	if n.Lang != "" {
		b = append(b, " /Lang "...)
		b = appendText(b, n.Lang)
	}
	if n.Kind == "Figure" {
		b = append(b, " /Alt "...)
		b = appendText(b, n.Alt)
	}
	if n.Numbering != "" {
		b = append(b, " /A <</O /List /ListNumbering /"...)
		b = append(b, n.Numbering...)
		b = append(b, ">>"...)
	}
	if n.Scope != "" {
		b = append(b, " /A <</O /Table /Scope /"...)
		b = append(b, n.Scope...)
		b = append(b, ">>"...)
	}
	b = append(b, " /K ["...)
	for i, k := range n.Kids {
		if i > 0 {
			b = append(b, ' ')
		}
		switch {
		case k.Node != nil:
			b = appendRef(b, k.Node.ref)
		case k.Annot != 0:
			a := annots[k.Annot-1]
			b = append(b, "<</Type /OBJR /Obj "...)
			b = appendRef(b, a.ref)
			b = append(b, " /Pg "...)
			b = appendRef(b, pages[a.Page])
			b = append(b, ">>"...)
		case k.Page == pg:
			b = strconv.AppendInt(b, int64(k.MCID), 10)
		default:
			b = append(b, "<</Type /MCR /Pg "...)
			b = appendRef(b, pages[k.Page])
			b = append(b, " /MCID "...)
			b = strconv.AppendInt(b, int64(k.MCID), 10)
			b = append(b, ">>"...)
		}
	}
	return append(b, "]>>"...)
}
