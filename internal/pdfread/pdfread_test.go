package pdfread_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/pdfread"
)

const reference = "../../responses/2021-09-13-rape-inspection-phase-one"

// referencePDFs builds the reference response and returns response.pdf as
// s55 writes it and, where qpdf is installed, as qpdf re-saves it in its
// QDF form and with object streams.
func referencePDFs(t *testing.T) (map[string][]byte, *build.Result) {
	t.Helper()
	r, diags := build.Render(reference, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	pdfs := map[string][]byte{"s55": r.File("response.pdf")}
	conformance.Need(t, conformance.QPDF)
	dir := t.TempDir()
	in := filepath.Join(dir, "response.pdf")
	if err := os.WriteFile(in, pdfs["s55"], 0o644); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{"qdf": {"--qdf"}, "object-streams": {"--object-streams=generate"}} {
		out := filepath.Join(dir, name+".pdf")
		if msg, err := exec.Command("qpdf", append(args, in, out)...).CombinedOutput(); err != nil {
			t.Fatalf("qpdf %v: %v\n%s", args, err, msg)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(data, pdfs["s55"]) {
			t.Fatalf("qpdf %v changed nothing", args)
		}
		pdfs[name] = data
	}
	return pdfs, r
}

// TestReadsReSaved reads the same document as s55 wrote it and as qpdf
// re-saved it: the catalog, the information dictionary, the pages and
// their content, the structure tree with its text and the attachment all
// read the same, and the tagged text as poppler reads it.
func TestReadsReSaved(t *testing.T) {
	pdfs, r := referencePDFs(t)
	want := ""
	// The tagged text of each, by name.
	tagged := map[string][]conformance.StructText{}
	for name, data := range pdfs {
		t.Run(name, func(t *testing.T) {
			f, err := pdfread.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			checkCatalog(t, f)
			checkPages(t, f)
			counts := checkTree(t, f)
			st, err := f.StructTree()
			if err != nil {
				t.Fatal(err)
			}
			tagged[name] = conformance.StructTextOf(st, false)
			got := ""
			for _, k := range []string{"P", "H1", "H2", "L", "LI", "Figure", "Link"} {
				got += k + ":" + string(rune('0'+counts[k]%10))
			}
			if want == "" {
				want = got
			} else if got != want {
				t.Errorf("structure %s, want %s", got, want)
			}
			checkAttachment(t, f, r.Source)
		})
	}
	checkTagged(t, pdfs["s55"], tagged)
}

// checkCatalog: the catalog's language, the title, and every page and the
// structure tree among the objects listed.
func checkCatalog(t *testing.T, f *pdfread.File) {
	t.Helper()
	root := f.Root()
	if root["Type"] != pdfread.Name("Catalog") || f.Text(root["Lang"]) != "en-GB" {
		t.Errorf("catalog %v", root)
	}
	if title := f.Text(f.Info()["Title"]); !strings.HasPrefix(title, "Response to HMICFRS Report: 'A Joint Thematic Inspection") || !strings.Contains(title, "–") {
		t.Errorf("title %q", title)
	}
	pages, refs := f.Pages()
	if len(pages) < 2 || len(refs) != len(pages) {
		t.Fatalf("%d pages", len(pages))
	}
	objs := f.Objects()
	for _, r := range append(refs, root["StructTreeRoot"].(pdfread.Ref), f.Trailer()["Root"].(pdfread.Ref)) {
		if _, found := slices.BinarySearch(objs, int(r)); !found {
			t.Errorf("Objects lacks object %d of %d objects", r, len(objs))
		}
	}
}

// checkPages: the pages' content reads into operators, every marked
// sequence but an artifact with an MCID, and a hundred texts shown.
func checkPages(t *testing.T, f *pdfread.File) {
	t.Helper()
	pages, _ := f.Pages()
	shown := 0
	for _, p := range pages {
		ops, err := pdfread.Operators(f.Contents(p))
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range ops {
			if op.Name == "BDC" && len(op.Args) == 2 && op.Args[0] != pdfread.Name("Artifact") {
				if props, ok := op.Args[1].(pdfread.Dict); ok {
					if _, ok := props["MCID"].(int); !ok {
						t.Errorf("BDC %v has no MCID", op.Args)
					}
				}
			}
			if op.Name == "Tj" || op.Name == "TJ" {
				shown++
			}
		}
	}
	if shown < 100 {
		t.Errorf("only %d text-showing operators", shown)
	}
}

// checkTree: the structure tree is a Document holding the letter's
// elements; it returns the count of each type, walked by hand.
func checkTree(t *testing.T, f *pdfread.File) map[string]int {
	t.Helper()
	tree := f.Dict(f.Root()["StructTreeRoot"])
	if tree["Type"] != pdfread.Name("StructTreeRoot") {
		t.Fatalf("structure tree root %v", tree)
	}
	doc := f.Dict(f.Array(tree["K"])[0])
	if doc["S"] != pdfread.Name("Document") || len(f.Array(doc["K"])) == 0 {
		t.Errorf("top element %v", doc)
	}
	counts := map[string]int{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		e := f.Dict(v)
		s, ok := e["S"].(pdfread.Name)
		if !ok || depth >= 50 {
			return
		}
		counts[string(s)]++
		for _, k := range f.Array(e["K"]) {
			if _, ok := k.(pdfread.Ref); ok {
				walk(k, depth+1)
			}
		}
	}
	walk(f.Array(tree["K"])[0], 0)
	if counts["P"] < 20 || counts["H1"] == 0 || counts["Figure"] != 1 || counts["LI"] < 13 {
		t.Errorf("structure elements %v", counts)
	}
	return counts
}

// checkAttachment: the source bundle, attached as the associated file
// unpack reads, holds the bundle's files.
func checkAttachment(t *testing.T, f *pdfread.File, want *bundle.Source) {
	t.Helper()
	as := f.Attachments()
	if len(as) != 1 {
		t.Fatalf("%d attachments", len(as))
	}
	a := as[0]
	if a.Name != bundle.FileName || a.MIME != "application/zip" || a.Relationship != "Source" || !a.Associated || !strings.Contains(a.Description, "s55 unpack") {
		t.Errorf("attachment %+v", a)
	}
	src, err := bundle.Unzip(a.Data)
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Files) != len(want.Files) || src.Response != want.Response {
		t.Errorf("bundle %q with %d files, want %q with %d", src.Response, len(src.Files), want.Response, len(want.Files))
	}
}

// checkTagged: the structure text read from each version of the reference
// is the same, and poppler's ("pdfinfo -struct-text") of the file s55
// wrote.
func checkTagged(t *testing.T, pdf []byte, tagged map[string][]conformance.StructText) {
	t.Helper()
	if len(tagged["s55"]) < 100 {
		t.Fatalf("%d lines of structure text", len(tagged["s55"]))
	}
	for name, items := range tagged {
		if !slices.Equal(items, tagged["s55"]) {
			t.Errorf("%s: the structure text differs from the file s55 wrote", name)
		}
	}
	conformance.Need(t, conformance.Pdfinfo)
	path := filepath.Join(t.TempDir(), "response.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := conformance.PDFStructText(path)
	if err != nil {
		t.Fatal(err)
	}
	poppler := conformance.ParseStructText(out)
	for i := range poppler {
		poppler[i].Inline = conformance.InlineTypes[poppler[i].Role]
	}
	mine := tagged["s55"]
	for i := range max(len(mine), len(poppler)) {
		if i >= len(mine) || i >= len(poppler) || mine[i] != poppler[i] {
			t.Errorf("line %d: poppler reads %+v, the package %+v", i, at(poppler, i), at(mine, i))
			break
		}
	}
}

func at(items []conformance.StructText, i int) any {
	if i < len(items) {
		return items[i]
	}
	return "nothing"
}

func TestRefusesWhatIsNoPDF(t *testing.T) {
	for _, data := range []string{"", "%PDF-1.4\n%%EOF\n", "not a PDF at all", "%PDF-1.7\n1 0 obj\n<< /Length 99999999 >>\nstream\nabc\nendstream\nendobj\n"} {
		if _, err := pdfread.Parse([]byte(data)); !errors.Is(err, pdfread.ErrNotPDF) {
			t.Errorf("%q: %v", data, err)
		}
	}
}

func TestOperators(t *testing.T) {
	ops, err := pdfread.Operators([]byte("q 1 0 0 1 72.5 -700 cm /P <</MCID 3>> BDC BT /F1 9 Tf (a\\(b\\)) Tj [(x) -250 <4142>] TJ ET EMC Q % a comment\nBI /W 1 /H 1 ID \x00\xff EI true false null n"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, op := range ops {
		names = append(names, op.Name)
	}
	if got := strings.Join(names, " "); got != "q cm BDC BT Tf Tj TJ ET EMC Q BI n" {
		t.Fatalf("operators %q", got)
	}
	if a := ops[1].Args; len(a) != 6 || a[4] != 72.5 || a[5] != -700 {
		t.Errorf("cm %v", a)
	}
	if d, ok := ops[2].Args[1].(pdfread.Dict); !ok || d["MCID"] != 3 || ops[2].Args[0] != pdfread.Name("P") {
		t.Errorf("BDC %v", ops[2].Args)
	}
	if ops[5].Args[0] != "a(b)" {
		t.Errorf("Tj %q", ops[5].Args)
	}
	if a, ok := ops[6].Args[0].([]any); !ok || len(a) != 3 || a[0] != "x" || a[1] != -250 || a[2] != "AB" {
		t.Errorf("TJ %v", ops[6].Args)
	}
	if a := ops[11].Args; len(a) != 3 || a[0] != true || a[1] != false || a[2] != nil {
		t.Errorf("n %v", a)
	}
	if _, err := pdfread.Operators([]byte("1 2")); err == nil {
		t.Errorf("operands with no operator were accepted")
	}
}

func TestParseCMap(t *testing.T) {
	m, err := pdfread.ParseCMap([]byte(`/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
2 begincodespacerange
<00> <7F>
<8000> <FFFF>
endcodespacerange
2 beginbfchar
<41> <0042>
<8001> <D83DDE00>
endbfchar
2 beginbfrange
<61> <63> <0078>
<9000> <9002> [<0066006C> <2013> <0175>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Decode("A\x80\x01abc\x90\x00\x90\x01\x90\x02\x90\x03\x7f"); got != "B😀xyzfl–ŵ\ufffd\ufffd" {
		t.Errorf("decoded %q", got)
	}
	if len(m.Chars) != 2 || len(m.Ranges) != 2 {
		t.Errorf("%d chars, %d ranges", len(m.Chars), len(m.Ranges))
	}
	// No code space ranges: two bytes a code, as Identity-H.
	m, err = pdfread.ParseCMap([]byte("1 beginbfchar <0041> <0041> endbfchar"))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Decode("\x00A\x00A"); got != "AA" {
		t.Errorf("decoded %q", got)
	}
	for _, bad := range []string{"1 beginbfchar <0041> 65 endbfchar", "1 begincodespacerange <00> <FFFF> endcodespacerange", "1 beginbfrange <0041> <0040> <0041> endbfrange", "1 beginbfchar <0041"} {
		if _, err := pdfread.ParseCMap([]byte(bad)); err == nil {
			t.Errorf("%q was read", bad)
		}
	}
}

// handTagged is a tagged PDF written by hand with what s55 does not write
// but a reader must follow: resources inherited from the page tree, a
// font without a ToUnicode map, a map by ranges, q/Q around a font change,
// marked content nested in a sequence and an artifact inside one, an MCR
// and an OBJR, a loop in the tree and a UTF-16 /Alt.
func handTagged() []byte {
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" +
		"1 beginbfrange <0020> <007E> <0020> endbfrange\n1 beginbfchar <00A3> <00A3> endbfchar\nendcmap end end\n"
	content := "/P <</MCID 0>> BDC BT /F1 10 Tf 72 700 Td <00480069> Tj ET EMC\n" +
		"/Link <</MCID 1>> BDC q BT /F2 10 Tf (latin \\243) Tj ET Q BT <0021> Tj ET EMC\n" +
		"/P <</MCID 2>> BDC /Span BMC BT [<0020> -250 <0077>] TJ ET /Artifact BMC BT (x) Tj ET EMC EMC EMC\n" +
		"/Figure <</MCID 3>> BDC 0 0 1 rg 72 600 100 100 re f EMC\n" +
		"/Artifact BMC BT /F1 9 Tf <0050> Tj ET EMC\n"
	return conformance.HandPDF(
		"<</Type /Catalog /Pages 2 0 R /MarkInfo <</Marked true>> /StructTreeRoot 5 0 R>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1 /Resources <</Font <</F1 4 0 R /F2 11 0 R>>>>>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 10 0 R /Annots [13 0 R]>>",
		"<</Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 12 0 R>>",
		"<</Type /StructTreeRoot /K [6 0 R]>>",
		"<</Type /StructElem /S /Document /P 5 0 R /K [7 0 R 8 0 R 9 0 R 6 0 R]>>",
		"<</Type /StructElem /S /P /P 6 0 R /Pg 3 0 R /Lang (cy) /K [0 <</Type /MCR /MCID 2>>]>>",
		"<</Type /StructElem /S /Link /P 6 0 R /K [<</Type /OBJR /Obj 13 0 R /Pg 3 0 R>> <</Type /MCR /MCID 1 /Pg 3 0 R>>]>>",
		"<</Type /StructElem /S /Figure /P 6 0 R /Pg 3 0 R /Alt <FEFF01750020006600690067> /K 3>>",
		conformance.HandStream("", content),
		"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>",
		conformance.HandStream("", cmap),
		"<</Type /Annot /Subtype /Link /Rect [72 690 100 710] /Contents (a link)>>",
	)
}

func TestStructTree(t *testing.T) {
	f, err := pdfread.Parse(handTagged())
	if err != nil {
		t.Fatal(err)
	}
	root, err := f.StructTree()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	root.Walk(func(p *pdfread.Element, c pdfread.Content, depth int) {
		in := strings.Repeat(" ", depth)
		switch {
		case c.Elem != nil:
			e := c.Elem
			got = append(got, fmt.Sprintf("%s%s %d lang=%q alt=%q", in, e.Type, e.Ref, e.Lang, e.Alt))
		case c.Obj != 0:
			got = append(got, fmt.Sprintf("%s obj %d on page %d", in, c.Obj, c.Page))
		default:
			got = append(got, fmt.Sprintf("%s mcid %d on page %d: %q", in, c.MCID, c.Page, c.Text))
		}
	})
	want := []string{
		`Document 6 lang="" alt=""`,
		` P 7 lang="cy" alt=""`,
		`   mcid 0 on page 0: "Hi"`,
		`   mcid 2 on page 0: " w"`,
		` Link 8 lang="" alt=""`,
		`   obj 13 on page 0`,
		`   mcid 1 on page 0: "latin £!"`,
		` Figure 9 lang="" alt="ŵ fig"`,
		`   mcid 3 on page 0: ""`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tree:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if root.Type != "StructTreeRoot" || root.Kids[0].Elem.Text() != "Hi wlatin £!" {
		t.Errorf("root %s, text %q", root.Type, root.Kids[0].Elem.Text())
	}
	// A PDF with no tree says so.
	f, err = pdfread.Parse(conformance.HandPDF("<</Type /Catalog /Pages 2 0 R>>", "<</Type /Pages /Kids [] /Count 0>>"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.StructTree(); !errors.Is(err, pdfread.ErrNoStructure) {
		t.Errorf("no tree: %v", err)
	}
}
