package pdf

import (
	"bytes"
	"encoding/xml"
	"io"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/pdffinish"
	"github.com/opcc-tools/s55/internal/pdfread"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// attachmentsFixture is the fixture with two attachments, one of them a
// zip, and a link long enough to wrap across lines.
func attachmentsFixture() *document.Document {
	doc := fixture()
	doc.Attachments = []document.Attachment{
		{Name: "notes – ŵ.txt", MIME: "text/plain", Description: "Notes", Data: []byte("Notes on the response.\n")},
		{Name: "source.zip", MIME: "application/zip", Description: "The data this document was built from.",
			Data: []byte("PK\x05\x06" + strings.Repeat("\x00", 18))},
	}
	letter := doc.Parts[0]
	letter.Blocks = append(letter.Blocks, &document.Paragraph{Spans: []document.Span{
		{Text: "The report is on the inspectorate's website: "},
		{Text: "A joint thematic inspection of the police and Crown Prosecution Service's response to rape – Phase one", Href: "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/a-joint-thematic-inspection-of-the-police-and-crown-prosecution-services-response-to-rape/"},
		{Text: ", published on 16 July 2021."},
	}})
	return doc
}

// taggedDocs are the documents the structure tests render.
func taggedDocs() map[string]*document.Document {
	return map[string]*document.Document{
		"fixture":     fixture(),
		"styles":      stylesFixture(),
		"attachments": attachmentsFixture(),
		"empty":       {Title: "Empty", Lang: "cy", Date: fixture().Date},
	}
}

// TestTaggedPDF reads the rendered PDFs, those of the letter's blocks and
// the rich and hostile ones, with the test's own reader and checks what
// PDF/UA-1 and PDF/A-3b ask of them: MCIDs owned once, the parent tree,
// nothing painted outside tagged or artifact content, metadata, fonts.
func TestTaggedPDF(t *testing.T) {
	docs := taggedDocs()
	maps.Copy(docs, richDocs())
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			b := render(t, doc)
			f, err := pdfread.Parse(b)
			if err != nil {
				t.Fatal(err)
			}
			checkHeader(t, b, f)
			tree := checkStructure(t, f, doc)
			checkContent(t, f, tree)
			checkMetadata(t, f, doc)
			checkFonts(t, f)
			checkAttachments(t, f, doc)
		})
	}
}

// checkHeader: PDF 1.7 with the binary comment line; one revision, every
// object once, with an identifier; every stream compressed but the XMP
// packet and a zip attachment, compressed already. (That each
// cross-reference entry is 20 bytes and each /Length ends at endstream,
// which pdfcpu would repair, is qpdf --check's to find: TestQPDFCheck and
// TestRichCheckers run it on every document here.)
func checkHeader(t *testing.T, b []byte, f *pdfread.File) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.7\n%")) || len(b) < 15 || b[14] != '\n' {
		t.Errorf("header %q", b[:min(len(b), 15)])
	} else {
		for _, c := range b[10:14] {
			if c < 128 {
				t.Errorf("binary comment %q has a byte below 128", b[9:15])
			}
		}
	}
	if n := bytes.Count(b, []byte("startxref")); n != 1 {
		t.Fatalf("%d revisions, want one", n)
	}
	if !bytes.HasSuffix(b, []byte("\n%%EOF\n")) {
		t.Errorf("the file does not end with %%%%EOF and one newline")
	}
	objs := f.Objects()
	if n := bytes.Count(b, []byte(" 0 obj\n")); n != len(objs) || objs[len(objs)-1] != n {
		t.Errorf("%d objects written for %d read, numbered to %d", n, len(objs), objs[len(objs)-1])
	}
	id := f.Array(f.Trailer()["ID"])
	if len(id) != 2 || id[0] != id[1] || len(id[0].(string)) != 16 {
		t.Errorf("trailer /ID %q", id)
	}
	for _, n := range objs {
		v, err := f.Object(n)
		s, ok := v.(*pdfread.Stream)
		if err != nil || !ok || s.Dict["Type"] == pdfread.Name("Metadata") || s.Dict["Subtype"] == pdfread.Name("application/zip") {
			continue
		}
		if s.Dict["Filter"] == nil {
			t.Errorf("stream %d is not compressed: %v", n, s.Dict)
		}
	}
}

// structTree is what checkStructure learns from the structure tree.
type structTree struct {
	// owners counts, by page object and MCID, the elements that claim the
	// marked-content sequence, and names the last.
	owners map[[2]int][]pdfread.Ref
	kinds  map[pdfread.Ref]string
	// links maps each annotation to the Link elements that claim it.
	links map[pdfread.Ref][]pdfread.Ref
	// order is the elements in reading order, by structure type.
	order []string
	// elems are the elements in reading order, with what the tests look
	// at.
	elems []structInfo
	// alts holds the Figures' alternative texts in order.
	alts []string
}

// structInfo is an element of the structure tree as the tests see it.
type structInfo struct {
	ref             pdfread.Ref
	kind, parent    string
	lang, scope     string
	depth, children int
}

var standardTypes = map[string]bool{"Document": true, "Part": true, "Div": true, "P": true, "H1": true, "H2": true,
	"H3": true, "H4": true, "H5": true, "H6": true, "L": true, "LI": true, "Lbl": true, "LBody": true, "Figure": true, "Link": true,
	"Span": true, "Code": true, "BlockQuote": true, "Table": true, "THead": true, "TBody": true, "TR": true, "TH": true, "TD": true}

// claim records what the kid k of element r (e, of the type kind) claims:
// an MCID of its page, a marked-content reference, or an annotation (a
// Link's alone); it returns a child element to walk.
func (st *structTree) claim(t *testing.T, e pdfread.Dict, r pdfread.Ref, kind string, k any) (pdfread.Ref, bool) {
	t.Helper()
	switch k := k.(type) {
	case int:
		pg, ok := e["Pg"].(pdfread.Ref)
		if !ok {
			t.Errorf("element %d holds MCID %d but has no /Pg", r, k)
		}
		key := [2]int{int(pg), k}
		st.owners[key] = append(st.owners[key], r)
	case pdfread.Ref:
		return k, true
	case pdfread.Dict:
		switch k["Type"] {
		case pdfread.Name("MCR"):
			pg, _ := k["Pg"].(pdfread.Ref)
			mcid, _ := k["MCID"].(int)
			key := [2]int{int(pg), mcid}
			st.owners[key] = append(st.owners[key], r)
		case pdfread.Name("OBJR"):
			a, _ := k["Obj"].(pdfread.Ref)
			if kind != "Link" {
				t.Errorf("%s element %d refers to an object", kind, r)
			}
			st.links[a] = append(st.links[a], r)
		default:
			t.Errorf("element %d: kid %v", r, k)
		}
	default:
		t.Errorf("element %d: kid %v", r, k)
	}
	return 0, false
}

// checkStructure walks the structure tree from the catalog.
func checkStructure(t *testing.T, f *pdfread.File, doc *document.Document) *structTree {
	t.Helper()
	root := f.Root()
	if f.Dict(root["MarkInfo"])["Marked"] != true {
		t.Errorf("catalog /MarkInfo %v", root["MarkInfo"])
	}
	if f.Dict(root["ViewerPreferences"])["DisplayDocTitle"] != true {
		t.Errorf("catalog /ViewerPreferences %v", root["ViewerPreferences"])
	}
	if lang, _ := f.Resolve(root["Lang"]).(string); lang != doc.Lang {
		t.Errorf("catalog /Lang %q, want %q", lang, doc.Lang)
	}
	st := &structTree{owners: map[[2]int][]pdfread.Ref{}, kinds: map[pdfread.Ref]string{}, links: map[pdfread.Ref][]pdfread.Ref{}}
	treeRoot, ok := root["StructTreeRoot"].(pdfread.Ref)
	if !ok || f.Dict(treeRoot)["Type"] != pdfread.Name("StructTreeRoot") {
		t.Fatalf("catalog /StructTreeRoot %v", root["StructTreeRoot"])
	}
	var walk func(r pdfread.Ref, parent pdfread.Ref, depth int)
	walk = func(r pdfread.Ref, parent pdfread.Ref, depth int) {
		e := f.Dict(r)
		kind, _ := e["S"].(pdfread.Name)
		if e["Type"] != pdfread.Name("StructElem") || !standardTypes[string(kind)] {
			t.Errorf("element %d: /Type %v /S %v", r, e["Type"], e["S"])
		}
		if e["P"] != parent {
			t.Errorf("element %d (%s): /P %v, want %d", r, kind, e["P"], parent)
		}
		st.kinds[r] = string(kind)
		st.order = append(st.order, string(kind))
		info := structInfo{ref: r, kind: string(kind), parent: st.kinds[parent], depth: depth, children: len(f.Array(e["K"]))}
		info.lang = f.Text(e["Lang"])
		if scope, ok := f.Dict(e["A"])["Scope"].(pdfread.Name); ok {
			info.scope = string(scope)
		}
		st.elems = append(st.elems, info)
		if kind == "Figure" {
			alt := f.Text(e["Alt"])
			if alt == "" {
				t.Errorf("Figure %d has no /Alt", r)
			}
			st.alts = append(st.alts, alt)
		}
		kids := f.Array(e["K"])
		if len(kids) == 0 && kind != "Document" {
			t.Errorf("element %d (%s) is empty", r, kind)
		}
		for _, k := range kids {
			if child, ok := st.claim(t, e, r, string(kind), k); ok {
				walk(child, r, depth+1)
			}
		}
	}
	top := f.Array(f.Dict(treeRoot)["K"])
	if len(top) != 1 {
		t.Fatalf("the structure tree root holds %d elements, want the Document", len(top))
	}
	walk(top[0].(pdfread.Ref), treeRoot, 0)
	if st.order[0] != "Document" {
		t.Errorf("the tree starts with %s", st.order[0])
	}
	var want []string
	for _, p := range doc.Parts {
		document.Walk(p.Blocks, func(b document.Block) {
			if im, ok := b.(*document.Image); ok {
				want = append(want, im.Alt)
			}
		})
	}
	if !slices.Equal(st.alts, want) {
		t.Errorf("figures' alternative texts %q, want %q", st.alts, want)
	}
	return st
}

// painting lists the operators that put marks on the page.
var painting = map[string]bool{"Tj": true, "TJ": true, "'": true, "\"": true, "Do": true, "f": true, "F": true,
	"f*": true, "B": true, "B*": true, "b": true, "b*": true, "S": true, "s": true, "sh": true}

// checkContent reads every page's content: marked-content sequences do
// not nest, each MCID belongs to exactly one element (and the parent tree
// says which), nothing is painted outside tagged or artifact content, and
// every annotation is a Link's.
func checkContent(t *testing.T, f *pdfread.File, st *structTree) {
	t.Helper()
	nums := f.Array(f.Dict(f.Dict(f.Root()["StructTreeRoot"])["ParentTree"])["Nums"])
	parents := map[int]any{}
	for i := 0; i+1 < len(nums); i += 2 {
		parents[nums[i].(int)] = nums[i+1]
	}
	pages, refs := f.Pages()
	seen := map[[2]int]bool{}
	for i, pg := range pages {
		sp, ok := pg["StructParents"].(int)
		if !ok || pg["Tabs"] != pdfread.Name("S") {
			t.Errorf("page %d: /StructParents %v /Tabs %v", i+1, pg["StructParents"], pg["Tabs"])
		}
		mcids := checkSequences(t, f, pg, i, refs[i], st, seen)
		arr := f.Array(parents[sp])
		if len(arr) != len(mcids) {
			t.Errorf("page %d: the parent tree lists %d elements for %d MCIDs", i+1, len(arr), len(mcids))
		}
		for k, e := range arr {
			if owners := st.owners[[2]int{int(refs[i]), k}]; len(owners) != 1 || e != owners[0] {
				t.Errorf("page %d: the parent tree gives MCID %d to %v, the tree to %v", i+1, k, e, owners)
			}
		}
		checkAnnots(t, f, pg, i, st, parents)
	}
	for key, owners := range st.owners {
		if !seen[key] {
			t.Errorf("elements %v claim MCID %d of page object %d, which is not in its content", owners, key[1], key[0])
		}
	}
}

// markedSeq is a marked-content sequence open in a page's content.
type markedSeq struct {
	tag      string
	mcid     int
	artifact bool
}

// checkSequences reads page i's content (its object ref): sequences do not
// nest, each MCID is its element's in the tree (marked in seen), nothing is
// painted outside them; it returns the MCIDs in order, which must be 0, 1,
// 2 ...
func checkSequences(t *testing.T, f *pdfread.File, pg pdfread.Dict, i int, ref pdfread.Ref, st *structTree, seen map[[2]int]bool) []int {
	t.Helper()
	ops, err := pdfread.Operators(f.Contents(pg))
	if err != nil {
		t.Fatalf("page %d: %v", i+1, err)
	}
	var stack []markedSeq
	inside := func() (tagged, artifact bool) {
		for _, s := range stack {
			tagged = tagged || s.mcid >= 0
			artifact = artifact || s.artifact
		}
		return
	}
	var mcids []int
	for _, o := range ops {
		switch o.Name {
		case "BDC", "BMC":
			s := openSeq(f, o)
			if tagged, artifact := inside(); (s.mcid >= 0 || s.artifact) && (tagged || artifact) {
				t.Errorf("page %d: %s %v opens inside another sequence", i+1, s.tag, s.mcid)
			}
			if s.mcid >= 0 {
				key := [2]int{int(ref), s.mcid}
				seen[key] = true
				mcids = append(mcids, s.mcid)
				checkOwner(t, st, key, s, i)
			}
			stack = append(stack, s)
		case "EMC":
			if len(stack) == 0 {
				t.Errorf("page %d: EMC without a sequence", i+1)
				continue
			}
			stack = stack[:len(stack)-1]
		default:
			if tagged, artifact := inside(); painting[o.Name] && !tagged && !artifact {
				t.Errorf("page %d: %s %v painted outside tagged and artifact content", i+1, o.Name, o.Args)
			}
		}
	}
	if len(stack) != 0 {
		t.Errorf("page %d: %d sequences left open", i+1, len(stack))
	}
	for k, m := range mcids {
		if m != k {
			t.Errorf("page %d: MCIDs %v are not 0, 1, 2, ...", i+1, mcids)
			break
		}
	}
	return mcids
}

// openSeq is the sequence a BDC or BMC operator opens.
func openSeq(f *pdfread.File, o pdfread.Op) markedSeq {
	tag, _ := o.Args[0].(pdfread.Name)
	s := markedSeq{tag: string(tag), mcid: -1, artifact: tag == "Artifact"}
	if o.Name == "BDC" {
		if mcid, ok := f.Dict(o.Args[1])["MCID"].(int); ok {
			s.mcid = mcid
		}
	}
	return s
}

// checkOwner: the MCID key belongs to exactly one element, of the type
// the sequence s is tagged with.
func checkOwner(t *testing.T, st *structTree, key [2]int, s markedSeq, i int) {
	t.Helper()
	owners := st.owners[key]
	if len(owners) != 1 {
		t.Errorf("page %d: MCID %d belongs to %d elements", i+1, s.mcid, len(owners))
	} else if st.kinds[owners[0]] != s.tag {
		t.Errorf("page %d: MCID %d is tagged %s but belongs to a %s", i+1, s.mcid, s.tag, st.kinds[owners[0]])
	}
}

// checkAnnots: every annotation of page i is a printed link with a
// description, claimed by one Link element, whose place in the parent
// tree leads back to it.
func checkAnnots(t *testing.T, f *pdfread.File, pg pdfread.Dict, i int, st *structTree, parents map[int]any) {
	t.Helper()
	for _, a := range f.Array(pg["Annots"]) {
		ar, _ := a.(pdfread.Ref)
		ad := f.Dict(a)
		if ad["Subtype"] != pdfread.Name("Link") || ad["F"] != 4 {
			t.Errorf("page %d: annotation %v: /Subtype %v /F %v", i+1, a, ad["Subtype"], ad["F"])
		}
		if f.Text(ad["Contents"]) == "" {
			t.Errorf("page %d: link annotation %v has no /Contents", i+1, a)
		}
		links := st.links[ar]
		if len(links) != 1 {
			t.Errorf("page %d: annotation %v is claimed by %d Link elements", i+1, a, len(links))
			continue
		}
		if sp, ok := ad["StructParent"].(int); !ok || parents[sp] != links[0] {
			t.Errorf("page %d: annotation %v: /StructParent %v leads to %v, not its Link %v", i+1, a, ad["StructParent"], parents[ad["StructParent"].(int)], links[0])
		}
	}
}

// xmpValue returns the text of the XMP element tag, named by its prefix
// as the packet writes it ("dc:title"), or of the first rdf:li inside it
// for a container, read with encoding/xml.
func xmpValue(x []byte, tag string) (string, bool) {
	d := xml.NewDecoder(bytes.NewReader(x))
	var text strings.Builder
	// depth inside tag (-1 outside); li, the depth of the first rdf:li
	// inside it while it is open, 0 before it, -1 after.
	depth, li := -1, 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", false
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch {
			case depth < 0 && tok.Name.Space+":"+tok.Name.Local == tag:
				depth = 0
			case depth >= 0:
				depth++
				if li == 0 && tok.Name.Space+":"+tok.Name.Local == "rdf:li" {
					li = depth
					text.Reset()
				}
			}
		case xml.EndElement:
			if depth == 0 {
				return text.String(), true
			}
			if depth == li {
				li = -1
			}
			if depth > 0 {
				depth--
			}
		case xml.CharData:
			if depth == 0 && li == 0 || li > 0 {
				text.Write(tok)
			}
		}
	}
}

// pdfTime parses a PDF date.
func pdfTime(s string) (time.Time, error) {
	s = strings.TrimPrefix(s, "D:")
	if strings.HasSuffix(s, "Z") {
		return time.Parse("20060102150405Z", s)
	}
	return time.Parse("20060102150405-07'00'", s)
}

// checkMetadata: the information dictionary and the XMP packet agree, with
// the PDF/A-3b and PDF/UA-1 identification and the sRGB output intent.
func checkMetadata(t *testing.T, f *pdfread.File, doc *document.Document) {
	t.Helper()
	root := f.Root()
	ms, ok := f.Resolve(root["Metadata"]).(*pdfread.Stream)
	if !ok || ms.Dict["Type"] != pdfread.Name("Metadata") || ms.Dict["Subtype"] != pdfread.Name("XML") || ms.Dict["Filter"] != nil {
		t.Fatalf("catalog /Metadata %v", root["Metadata"])
	}
	x := ms.Data
	if !bytes.HasPrefix(x, []byte("<?xpacket begin=\"\ufeff\"")) || !bytes.HasSuffix(x, []byte("<?xpacket end=\"w\"?>")) {
		t.Errorf("the XMP packet lacks its xpacket wrapper")
	}
	info := f.Info()
	str := func(key string) string { return f.Text(info[key]) }
	clean := func(s string) string {
		s, err := metaText(s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, c := range []struct{ info, xmp, want string }{
		{"Title", "dc:title", clean(doc.Title)},
		{"Author", "dc:creator", clean(doc.Author)},
		{"Subject", "dc:description", clean(doc.Subject)},
		{"Keywords", "pdf:Keywords", clean(strings.Join(doc.Keywords, ", "))},
		{"Creator", "xmp:CreatorTool", "s55"},
		{"Producer", "pdf:Producer", "s55"},
	} {
		got, ok := xmpValue(x, c.xmp)
		if str(c.info) != c.want || got != c.want || ok != (c.want != "") {
			t.Errorf("/%s %q, %s %q (present %v), want %q", c.info, str(c.info), c.xmp, got, ok, c.want)
		}
	}
	checkDates(t, f, x, doc)
	for tag, want := range map[string]string{"pdfaid:part": "3", "pdfaid:conformance": "B", "pdfuaid:part": "1"} {
		if v, _ := xmpValue(x, tag); v != want {
			t.Errorf("%s %q, want %q", tag, v, want)
		}
	}
	if !bytes.Contains(x, []byte("<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>")) {
		t.Errorf("the XMP packet does not declare the PDF/UA schema for PDF/A")
	}
	checkOutputIntent(t, f)
}

// checkDates: the information dictionary's dates and the XMP packet x's
// are the document's.
func checkDates(t *testing.T, f *pdfread.File, x []byte, doc *document.Document) {
	t.Helper()
	info := f.Info()
	for _, c := range []struct{ info, xmp string }{{"CreationDate", "xmp:CreateDate"}, {"ModDate", "xmp:ModifyDate"}} {
		pt, err := pdfTime(f.Text(info[c.info]))
		if err != nil {
			t.Errorf("/%s: %v", c.info, err)
			continue
		}
		v, _ := xmpValue(x, c.xmp)
		xt, err := time.Parse(time.RFC3339, v)
		if err != nil {
			t.Errorf("%s: %v", c.xmp, err)
			continue
		}
		if !pt.Equal(xt) || !pt.Equal(docDate(doc)) {
			t.Errorf("/%s %s and %s %s disagree (the document's date is %s)", c.info, pt, c.xmp, xt, docDate(doc))
		}
	}
}

// checkOutputIntent: one output intent, PDF/A's, with the sRGB profile.
func checkOutputIntent(t *testing.T, f *pdfread.File) {
	t.Helper()
	intents := f.Array(f.Root()["OutputIntents"])
	if len(intents) != 1 {
		t.Fatalf("%d output intents", len(intents))
	}
	oi := f.Dict(intents[0])
	icc, ok := f.Resolve(oi["DestOutputProfile"]).(*pdfread.Stream)
	if oi["S"] != pdfread.Name("GTS_PDFA1") || !ok || icc.Dict["N"] != 3 || !bytes.Equal(icc.Data, pdffinish.SRGB()) {
		t.Errorf("output intent %v", oi)
	}
}

// checkFonts: every font is embedded with a subset tag, and its ToUnicode
// map and CIDSet cover exactly... at least every code the pages show.
func checkFonts(t *testing.T, f *pdfread.File) {
	t.Helper()
	pages, _ := f.Pages()
	shown := map[string][]string{} // by font resource name
	for _, pg := range pages {
		ops, err := pdfread.Operators(f.Contents(pg))
		if err != nil {
			t.Fatal(err)
		}
		var font string
		for _, o := range ops {
			switch o.Name {
			case "Tf":
				n, _ := o.Args[0].(pdfread.Name)
				font = string(n)
			case "Tj":
				s, _ := o.Args[0].(string)
				shown[font] = append(shown[font], s)
			}
		}
	}
	res := f.Dict(pages[0]["Resources"])
	for name, ref := range f.Dict(res["Font"]) {
		checkFont(t, f, name, ref, shown[name])
	}
}

var subsetName = regexp.MustCompile(`^[A-Z]{6}\+Liberation(Sans|Mono)(-Bold|-Italic|-BoldItalic)?$`)

// checkFont: the font resource name (ref) is embedded with a subset tag,
// and its ToUnicode map and CIDSet cover every code of the strings shown.
func checkFont(t *testing.T, f *pdfread.File, name string, ref any, shown []string) {
	t.Helper()
	t0 := f.Dict(ref)
	base, _ := t0["BaseFont"].(pdfread.Name)
	cid := f.Dict(f.Array(t0["DescendantFonts"])[0])
	fd := f.Dict(cid["FontDescriptor"])
	if !subsetName.MatchString(string(base)) || cid["BaseFont"] != base || fd["FontName"] != base {
		t.Errorf("font %s: /BaseFont %v, descendant %v, descriptor %v", name, base, cid["BaseFont"], fd["FontName"])
	}
	if _, ok := f.Resolve(fd["FontFile2"]).(*pdfread.Stream); !ok {
		t.Errorf("font %s is not embedded", base)
	}
	tu, ok := f.Resolve(t0["ToUnicode"]).(*pdfread.Stream)
	if !ok {
		t.Errorf("font %s has no ToUnicode map", base)
		return
	}
	m, err := pdfread.ParseCMap(tu.Data)
	if err != nil {
		t.Errorf("font %s: %v", base, err)
		return
	}
	if len(m.Ranges) > 0 {
		t.Errorf("font %s: the ToUnicode map has ranges, not one entry per code", base)
	}
	set, _ := f.Resolve(fd["CIDSet"]).(*pdfread.Stream)
	used := map[uint32]bool{}
	for _, s := range shown {
		for _, c := range m.Codes(s) {
			used[c] = true
		}
	}
	for c := range used {
		if got, ok := m.Lookup(c); !ok || got != string(rune(c)) {
			t.Errorf("font %s: code %04X maps to %q", base, c, got)
		}
		if set == nil || int(c/8) >= len(set.Data) || set.Data[c/8]&(0x80>>(c%8)) == 0 {
			t.Errorf("font %s: code %04X is not in the CIDSet", base, c)
		}
	}
	for c := range m.Chars {
		if c == 0 || c == 0xfeff || c == 0xfffe {
			t.Errorf("font %s maps code %04X", base, c)
		}
	}
}

// checkAttachments: every attachment is an associated file of the
// document, with its name, type, relationship and data.
func checkAttachments(t *testing.T, f *pdfread.File, doc *document.Document) {
	t.Helper()
	root := f.Root()
	af := f.Array(root["AF"])
	names := f.Array(f.Dict(f.Dict(root["Names"])["EmbeddedFiles"])["Names"])
	if len(af) != len(doc.Attachments) || len(names) != 2*len(doc.Attachments) {
		t.Fatalf("%d associated files and %d names for %d attachments", len(af), len(names)/2, len(doc.Attachments))
	}
	byName := map[string]any{}
	for i := 0; i+1 < len(names); i += 2 {
		key, _ := names[i].(string)
		if i > 0 && key <= names[i-2].(string) {
			t.Errorf("the name tree's names %q and %q are not in order", names[i-2], key)
		}
		byName[f.Text(key)] = names[i+1]
	}
	for i, a := range doc.Attachments {
		spec := f.Dict(af[i])
		if byName[a.Name] != af[i] {
			t.Errorf("attachment %d: name tree gives %q %v, /AF %v", i, a.Name, byName[a.Name], af[i])
		}
		fn, _ := spec["F"].(string)
		if spec["Type"] != pdfread.Name("Filespec") || f.Text(spec["UF"]) != a.Name || fn == "" || f.Text(spec["Desc"]) != a.Description ||
			spec["AFRelationship"] != pdfread.Name("Source") {
			t.Errorf("attachment %d: file specification %v", i, spec)
		}
		ef := f.Dict(spec["EF"])
		file, ok := f.Resolve(ef["F"]).(*pdfread.Stream)
		if !ok || ef["UF"] != ef["F"] {
			t.Errorf("attachment %d: /EF %v", i, ef)
			continue
		}
		if file.Dict["Type"] != pdfread.Name("EmbeddedFile") || file.Dict["Subtype"] != pdfread.Name(a.MIME) || !bytes.Equal(file.Data, a.Data) {
			t.Errorf("attachment %d: embedded file %v holds %q", i, file.Dict, file.Data)
		}
		if p := f.Dict(file.Dict["Params"]); p["Size"] != len(a.Data) || p["ModDate"] == nil {
			t.Errorf("attachment %d: /Params %v", i, p)
		}
	}
}

// structureDocs are the documents whose PDF and HTML structures are
// compared: those of TestTaggedPDF (the letter's blocks, the rich fixture
// with every block and span, the hostile trees) and every document of the
// two example responses, as a build composes them.
func structureDocs(t *testing.T, th *theme.Theme) map[string]*document.Document {
	t.Helper()
	docs := taggedDocs()
	maps.Copy(docs, richDocs())
	for _, dir := range []string{"../../responses/2021-09-13-rape-inspection-phase-one", "../../responses/2024-04-25-peel-exampleshire"} {
		f, diags := response.Load(dir, response.Options{})
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		set, diags := compose.Build(f, th)
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(dir)
		docs[name+"/letter"] = set.Letter
		docs[name+"/response"] = set.Response
		for i, a := range set.Appendices {
			docs[name+"/"+published.Appendix(i)] = a
		}
	}
	return docs
}

// htmlStructure lists the elements of an HTML page's main content that
// have a PDF structure type, as that type with the element's own lang:
// section (Part), h1-h6, p (a Figure when it holds an image), ol and ul
// (L), li, blockquote, code, table, thead, tbody, tr, th, td, a (Link),
// span (Span) and a group's div (Div). The box a table scrolls in (a div
// with a role) is the page's, not the document's, and is left out. So is
// an element that holds nothing a reader meets (no text, no image, no
// table cell, no list item, whose marker is read), as the PDF's tree holds
// no empty element: an empty quote
// (">" alone), a table of no rows, a part of nothing but those.
func htmlStructure(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	types := map[atom.Atom]string{atom.Section: "Part", atom.P: "P", atom.Ol: "L", atom.Ul: "L", atom.Li: "LI",
		atom.Blockquote: "BlockQuote", atom.Code: "Code", atom.Table: "Table", atom.Thead: "THead", atom.Tbody: "TBody",
		atom.Tr: "TR", atom.Th: "TH", atom.Td: "TD", atom.A: "Link", atom.Span: "Span", atom.Div: "Div",
		atom.H1: "H1", atom.H2: "H2", atom.H3: "H3", atom.H4: "H4", atom.H5: "H5", atom.H6: "H6"}
	attr := func(n *html.Node, key string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	var holds func(n *html.Node) bool
	holds = func(n *html.Node) bool {
		switch {
		case n.Type == html.TextNode:
			return strings.TrimSpace(n.Data) != ""
		case n.DataAtom == atom.Img, n.DataAtom == atom.Td, n.DataAtom == atom.Th, n.DataAtom == atom.Li:
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if holds(c) {
				return true
			}
		}
		return false
	}
	var out []string
	var walk func(n *html.Node, inMain bool)
	walk = func(n *html.Node, inMain bool) {
		if n.Type == html.ElementNode {
			if !holds(n) {
				return
			}
			inMain = inMain || n.DataAtom == atom.Main
			kind, ok := types[n.DataAtom]
			if _, region := attr(n, "role"); n.DataAtom == atom.Div && region {
				ok = false
			}
			if n.DataAtom == atom.P && n.FirstChild != nil && n.FirstChild.DataAtom == atom.Img {
				kind = "Figure"
			}
			if ok && inMain {
				lang, _ := attr(n, "lang")
				out = append(out, kind+" "+lang)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inMain)
		}
	}
	walk(doc, false)
	return out
}

// TestStructureMatchesHTML: the PDF's structure elements come in the same
// sequence as the HTML's elements, each with the same language, both made
// from one tree: parts, headings, paragraphs, lists and items, figures,
// groups, quotes, code (blocks and spans), tables with their head, body,
// rows and header and data cells, links and spans in another language.
// The PDF's list labels and bodies (Lbl, LBody) have no element in HTML,
// which draws a list's markers itself, and are left out.
func TestStructureMatchesHTML(t *testing.T) {
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for name, doc := range structureDocs(t, th) {
		var buf bytes.Buffer
		if err := htmldoc.Render(&buf, doc, th); err != nil {
			t.Fatal(err)
		}
		fromHTML := htmlStructure(t, buf.Bytes())
		f, err := pdfread.Parse(render(t, doc))
		if err != nil {
			t.Fatal(err)
		}
		var fromPDF []string
		for _, e := range checkStructure(t, f, doc).elems {
			switch e.kind {
			case "Document", "Lbl", "LBody":
				continue
			}
			fromPDF = append(fromPDF, e.kind+" "+e.lang)
			seen[e.kind] = seen[e.kind] || e.lang != "" || e.kind != "Span"
			if e.lang != "" {
				seen["lang"] = true
			}
		}
		if !slices.Equal(fromPDF, fromHTML) {
			i := 0
			for i < min(len(fromPDF), len(fromHTML)) && fromPDF[i] == fromHTML[i] {
				i++
			}
			t.Errorf("%s: the structures part at element %d:\nPDF  %q\nHTML %q", name, i, fromPDF[i:min(i+8, len(fromPDF))], fromHTML[i:min(i+8, len(fromHTML))])
		}
	}
	for _, kind := range []string{"Part", "H1", "H2", "H3", "P", "L", "LI", "Figure", "Div", "BlockQuote", "Code", "Table", "THead", "TBody", "TR", "TH", "TD", "Link", "Span", "lang"} {
		if !seen[kind] {
			t.Errorf("no document has a %s: the comparison proves nothing of it", kind)
		}
	}
}

// hostileTexts are metadata that XML escaping must survive.
var hostileTexts = []string{
	"<script>alert('x')</script> & &amp;", "a ]]> b", "<![CDATA[ x ]]>", "bell\a esc\x1b nul\x00 del\x7f",
	"non\ufffecharacter\uffff", "line\u2028separator\u2029paragraph\u0085next", `quote " and ' apos`,
	"tab\tnew\nline\rreturn", "ŵ £ – “q” \ufffd", "<?xpacket end=\"w\"?>", "--> <!-- x",
}

// TestXMPWellFormed: the XMP packet is well-formed XML whatever the
// document's metadata holds, reads back as the information dictionary
// says.
func TestXMPWellFormed(t *testing.T) {
	wellFormed := func(x []byte) (title string, err error) {
		dec := xml.NewDecoder(bytes.NewReader(x))
		var path []string
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				return title, nil
			}
			if err != nil {
				return "", err
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				path = append(path, tok.Name.Local)
			case xml.EndElement:
				path = path[:len(path)-1]
			case xml.CharData:
				if strings.HasSuffix(strings.Join(path, "/"), "title/Alt/li") {
					title += string(tok)
				}
			}
		}
	}
	for _, s := range hostileTexts {
		doc := &document.Document{Lang: s, Title: s, Author: s, Subject: s, Keywords: []string{s, s}, Date: fixture().Date,
			Parts: []*document.Part{{Outline: "Part", Blocks: []document.Block{para("", "Text.")}}}}
		f, err := pdfread.Parse(render(t, doc))
		if err != nil {
			t.Fatal(err)
		}
		ms, _ := f.Resolve(f.Root()["Metadata"]).(*pdfread.Stream)
		if ms == nil {
			t.Fatalf("%q: no metadata", s)
		}
		title, err := wellFormed(ms.Data)
		if want, _ := metaText(s); err != nil || title != want {
			t.Errorf("%q: the packet reads %q, %v; want %q\n%s", s, title, err, want, ms.Data)
		}
		checkMetadata(t, f, doc)
	}
}
