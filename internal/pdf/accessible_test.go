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
	"github.com/opcc-tools/s55/internal/pdffinish"
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
	// The typeset file itself is the finisher's test input.
	typeset := filepath.Join("..", "pdffinish", "testdata", "typeset.pdf")
	if *update {
		if err := os.WriteFile(golden, skeleton, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(typeset, raw.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if kept, err := os.ReadFile(typeset); err != nil || !bytes.Equal(kept, raw.Bytes()) {
		t.Errorf("%s is not gofpdf's output now (%v): run go test -update", typeset, err)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(skeleton, want) {
		t.Errorf("gofpdf's output changed shape: compare it with %s and check the finisher (internal/pdffinish) against the change:\n%s", golden, skeleton)
	}
	// And the pass reads it.
	if _, err := pdffinish.Finish(raw.Bytes(), pdffinish.Input{Tree: tg.finish(), Meta: &pdffinish.Meta{Date: fixture().Date}, FontNames: postScriptNames}); err != nil {
		t.Error(err)
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
