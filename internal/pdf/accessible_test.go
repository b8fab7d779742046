package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/fonts"
)

// writeTemp writes the rendered doc to a temporary file.
func writeTemp(t *testing.T, name string, doc *document.Document) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(path, render(t, doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPDFInfoTagged: poppler reads every PDF as tagged PDF 1.7 with a
// metadata stream.
func TestPDFInfoTagged(t *testing.T) {
	conformance.Need(t, conformance.Pdfinfo)
	for name, doc := range taggedDocs() {
		info, err := conformance.PDFInfo(writeTemp(t, name, doc))
		if err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]string{"Tagged": "yes", "Metadata Stream": "yes", "PDF version": "1.7", "Title": doc.Title, "Suspects": "no"} {
			if info[key] != want {
				t.Errorf("%s: pdfinfo %s: %q, want %q", name, key, info[key], want)
			}
		}
	}
}

// structParagraphs flattens "pdfinfo -struct-text" into text: the runs of an
// element joined as they are, a space between block elements, white space
// collapsed.
func structParagraphs(items []conformance.StructText) string {
	var b strings.Builder
	for _, it := range items {
		if it.Role != "" {
			if !it.Inline {
				b.WriteByte(' ')
			}
			continue
		}
		b.WriteString(it.Text)
	}
	return collapse(b.String())
}

// TestStructText reads the fixture's structure tree with poppler: every
// paragraph comes back, in order, its words spaced, and the text outside
// the tree is the page furniture alone.
func TestStructText(t *testing.T) {
	conformance.Need(t, conformance.Pdfinfo)
	out, err := conformance.PDFStructText(writeTemp(t, "fixture", fixture()))
	if err != nil {
		t.Fatal(err)
	}
	items := conformance.ParseStructText(out)
	text := structParagraphs(items)
	pos := 0
	for _, p := range seedParagraphs() {
		p = collapse(p)
		i := strings.Index(text[pos:], p)
		if i < 0 {
			t.Errorf("paragraph not found after byte %d:\n%s\n--- the structure's text there:\n%.300s", pos, p, text[pos:])
			continue
		}
		pos += i + len(p)
	}
	if strings.Contains(text, "Page 1 of") {
		t.Errorf("the page numbers, artifacts, are in the structure's text")
	}
	// The signature's element order and the list's.
	var roles []string
	for _, it := range items {
		if it.Role != "" && it.Depth <= 3 {
			roles = append(roles, strings.Repeat(" ", it.Depth)+it.Role)
		}
	}
	got := strings.Join(roles, "\n")
	for _, want := range []string{
		"Document\n Part\n  P\n  P\n  P\n  P\n  H1\n  P",
		"  Div\n   P\n   Figure\n   P\n  P\n   Link\n  P\n Part\n  H1\n  P\n  L\n   LI\n   LI",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("structure:\n%s\nlacks\n%s", got, want)
		}
	}
	if t.Failed() {
		t.Logf("pdfinfo -struct-text:\n%s", out)
	}
}

// TestPDFJSStructure reads the structure with pdf.js, as a browser's PDF
// viewer does: headings, paragraphs, lists and figures with alt text, the
// language, and marked content with its text.
func TestPDFJSStructure(t *testing.T) {
	conformance.Need(t, conformance.Node, conformance.PDFJS)
	doc, err := conformance.PDFJSStructure(writeTemp(t, "fixture", fixture()))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Info["Language"] != "en-GB" || doc.MarkInfo["Marked"] != true || doc.Info["PDFFormatVersion"] != "1.7" {
		t.Errorf("pdf.js info %v, mark info %v", doc.Info, doc.MarkInfo)
	}
	roles := map[string]int{}
	var alts, headings []string
	var walk func(p *conformance.PDFJSPage, n conformance.StructNode) string
	walk = func(p *conformance.PDFJSPage, n conformance.StructNode) string {
		var text strings.Builder
		if n.Type == "content" {
			return p.Text[n.ID]
		}
		for _, c := range n.Children {
			text.WriteString(walk(p, c))
		}
		roles[n.Role]++
		switch n.Role {
		case "Figure":
			alts = append(alts, n.Alt)
		case "H1":
			headings = append(headings, collapse(text.String()))
		}
		return text.String()
	}
	for i := range doc.Pages {
		walk(&doc.Pages[i], doc.Pages[i].Tree)
	}
	if len(doc.Pages) != 6 {
		t.Fatalf("pdf.js reads %d pages", len(doc.Pages))
	}
	for role, least := range map[string]int{"Document": 6, "Part": 6, "H1": 2, "P": 40, "L": 4, "LI": 13, "Lbl": 13, "LBody": 13, "Figure": 1, "Link": 1} {
		if roles[role] < least {
			t.Errorf("pdf.js finds %d %s on the pages, want at least %d", roles[role], role, least)
		}
	}
	if !slices.Equal(alts, []string{"Signature of Darryl Preston"}) {
		t.Errorf("figures' alt text %q", alts)
	}
	if want := []string{collapse(seedSubject), collapse(seedAppendix)}; !slices.Equal(headings, want) {
		t.Errorf("headings %q, want %q", headings, want)
	}
}

// preflightA1 lists the rules of PDF/A-1 that PDFBox Preflight (which
// knows no other part) may report: each is a rule PDF/A-3 relaxes, and the
// message it must carry.
var preflightA1 = []struct{ code, msg, why string }{
	{"1.2.9", "EmbeddedFile entry is present in a FileSpecification", "PDF/A-3 allows embedded files that are associated files"},
	{"1.4.7", "EmbeddedFile entry is present in the Names dictionary", "PDF/A-3 allows embedded files that are associated files"},
	{"2.2.1", "Group has a transparency S entry", "PDF/A-2 and -3 allow transparency (an image with an alpha channel)"},
	{"2.2.2", "Soft Mask must be null or None", "PDF/A-2 and -3 allow soft masks (an image with an alpha channel)"},
	{"7.11.2", "part must be 1", "the file declares PDF/A part 3"},
}

// TestPreflight validates the PDFs with Apache PDFBox Preflight: nothing
// but rules specific to PDF/A-1.
func TestPreflight(t *testing.T) {
	conformance.Need(t, conformance.Java, conformance.PreflightJar, conformance.ActivationJar, conformance.JAXBJar)
	for name, doc := range taggedDocs() {
		path := writeTemp(t, name, doc)
		t.Run(name, func(t *testing.T) {
			t.Parallel() // a Java start each
			checkPreflight(t, path)
		})
	}
}

// checkPreflight runs Preflight on the PDF at path and reports every issue
// that is not specific to PDF/A-1.
func checkPreflight(t *testing.T, path string) {
	t.Helper()
	issues, err := conformance.Preflight(path)
	if err != nil {
		t.Fatal(err)
	}
issue:
	for _, is := range issues {
		for _, a := range preflightA1 {
			if is.Code == a.code && strings.Contains(is.Msg, a.msg) {
				continue issue
			}
		}
		t.Errorf("Preflight %s: %s: %s", filepath.Base(path), is.Code, is.Msg)
	}
}

// TestAttachmentsRoundTrip: poppler finds the attachments with their names
// and data.
func TestAttachmentsRoundTrip(t *testing.T) {
	conformance.Need(t, conformance.Pdfdetach)
	doc := attachmentsFixture()
	files, err := conformance.PDFAttachments(writeTemp(t, "attachments", doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(doc.Attachments) {
		t.Errorf("pdfdetach finds %d files, want %d", len(files), len(doc.Attachments))
	}
	for _, a := range doc.Attachments {
		if !bytes.Equal(files[a.Name], a.Data) {
			t.Errorf("%s: pdfdetach gives %q, want %q", a.Name, files[a.Name], a.Data)
		}
	}
}

// TestGofpdfSkeleton pins what the post-processing pass reads of gofpdf's
// output: the objects' dictionaries (streams left out) of a small document
// rendered by gofpdf alone, against testdata/gofpdf-skeleton.txt. A new
// gofpdf that changes them fails here first; go test -update rewrites the
// file, and the pass must then be checked against the difference.
func TestGofpdfSkeleton(t *testing.T) {
	doc := &document.Document{
		Title: "Skeleton", Date: fixture().Date,
		PageLabel: func(p, n int) string { return "Page" },
		Parts: []*document.Part{{Outline: "Part", Blocks: []document.Block{
			&document.Heading{Level: 1, Spans: text("Heading")},
			&document.Paragraph{Spans: []document.Span{{Text: "Bold", Bold: true}, {Text: " and a "}, {Text: "link", Href: "https://example.org/"}}},
			&document.Image{Data: signaturePNG(), Type: "png", Alt: "Signature", Width: 30, Height: 10},
		}}},
	}
	f, lay, _, err := build(doc)
	if err != nil {
		t.Fatal(err)
	}
	tg := newTagged(f)
	if err := (&drawer{pdf: f, t: tg}).draw(lay); err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if err := f.Output(&raw); err != nil {
		t.Fatal(err)
	}
	skeleton := regexp.MustCompile(`(?s)\nstream\n.*?\nendstream`).ReplaceAll(raw.Bytes(), []byte("\nstream ... endstream"))
	// Bytes outside printable ASCII as \xNN, so that the file diffs as text.
	var esc []byte
	for _, c := range skeleton {
		if (c < 0x20 && c != '\n') || c > 0x7e {
			esc = fmt.Appendf(esc, `\x%02x`, c)
			continue
		}
		esc = append(esc, c)
	}
	skeleton = esc
	golden := filepath.Join("testdata", "gofpdf-skeleton.txt")
	if *update {
		if err := os.WriteFile(golden, skeleton, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(skeleton, want) {
		t.Errorf("gofpdf's output changed shape: compare it with %s and check the post-processing pass (finish.go) against the change:\n%s", golden, skeleton)
	}
	// And the pass reads it.
	if _, err := finish(raw.Bytes(), tg, &meta{date: fixture().Date}, nil); err != nil {
		t.Error(err)
	}
}

// TestSRGBProfile: the output intent's profile is a well-formed ICC v2
// display profile whose colorants are sRGB's, as the widely used sRGB
// IEC61966-2.1 profile gives them (to four decimals).
func TestSRGBProfile(t *testing.T) {
	p := sRGBProfile()
	be := func(i int) uint32 { return uint32(p[i])<<24 | uint32(p[i+1])<<16 | uint32(p[i+2])<<8 | uint32(p[i+3]) }
	if int(be(0)) != len(p) || be(8) != 0x02100000 || string(p[12:24]) != "mntrRGB XYZ " || string(p[36:40]) != "acsp" {
		t.Fatalf("header % x", p[:40])
	}
	tags := map[string][2]uint32{}
	for i := range int(be(128)) {
		e := 132 + 12*i
		off, size := be(e+4), be(e+8)
		if off%4 != 0 || int(off+size) > len(p) {
			t.Errorf("tag %s at %d size %d", p[e:e+4], off, size)
		}
		tags[string(p[e:e+4])] = [2]uint32{off, size}
	}
	for _, sig := range []string{"desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC"} {
		if _, ok := tags[sig]; !ok {
			t.Errorf("no %s tag", sig)
		}
	}
	want := map[string][3]float64{
		"rXYZ": {0.4361, 0.2225, 0.0139},
		"gXYZ": {0.3851, 0.7169, 0.0971},
		"bXYZ": {0.1431, 0.0606, 0.7141},
		"wtpt": {0.9505, 1.0000, 1.0891},
	}
	for sig, w := range want {
		off := int(tags[sig][0])
		if string(p[off:off+4]) != "XYZ " {
			t.Errorf("%s is not an XYZ tag", sig)
			continue
		}
		for k := range 3 {
			got := float64(int32(be(off+8+4*k))) / 65536
			if d := got - w[k]; d > 3e-4 || d < -3e-4 {
				t.Errorf("%s[%d] = %.5f, want %.4f", sig, k, got, w[k])
			}
		}
	}
	// The tone curve: 0 and 1 at its ends, the sRGB value at the middle.
	off := int(tags["rTRC"][0])
	n := int(be(off + 8))
	at := func(i int) float64 { return float64(uint16(p[off+12+2*i])<<8|uint16(p[off+13+2*i])) / 65535 }
	if string(p[off:off+4]) != "curv" || n != 1024 || at(0) != 0 || at(n-1) != 1 {
		t.Errorf("tone curve: %q with %d points from %v to %v", p[off:off+4], n, at(0), at(n-1))
	}
	if mid := at(512); mid < 0.2140 || mid > 0.2150 { // sRGB 512/1023 is 0.2145 in linear light
		t.Errorf("tone curve at 512/1023: %.4f", mid)
	}
}

// TestPostScriptNames: the names the pass gives the fonts are the fonts'
// own.
func TestPostScriptNames(t *testing.T) {
	for f := range face(faces) {
		font, err := sfnt.Parse(fonts.Face(f).TTF())
		if err != nil {
			t.Fatal(err)
		}
		name, err := font.Name(nil, sfnt.NameIDPostScript)
		if err != nil {
			t.Fatal(err)
		}
		key := "utf8" + strings.ToLower(f.family()) + f.style()
		if got := postScriptNames[key]; got != name {
			t.Errorf("face %s %q (%s): %q, the font says %q", f.family(), f.style(), key, got, name)
		}
	}
}
