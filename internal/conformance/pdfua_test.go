package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// taggedPDF writes a small tagged PDF by hand: one page with a heading and
// a paragraph in Helvetica, a figure with alternative text, and an attached
// file; it returns its path.
func taggedPDF(t *testing.T) string {
	t.Helper()
	content := "/H1 <</MCID 0>> BDC BT /F1 16 Tf 72 760 Td (Heading) Tj ET EMC\n" +
		"/P <</MCID 1>> BDC BT /F1 11 Tf 72 730 Td (A paragraph of text.) Tj ET EMC\n" +
		"/Figure <</MCID 2>> BDC 0 0 1 rg 72 600 100 100 re f EMC\n" +
		"/Artifact BMC BT /F1 9 Tf 72 40 Td (Page 1) Tj ET EMC\n"
	data := HandPDF(
		"<</Type /Catalog /Pages 2 0 R /MarkInfo <</Marked true>> /StructTreeRoot 5 0 R /Lang (en-GB)"+
			" /Names <</EmbeddedFiles <</Names [(notes.txt) 11 0 R]>>>>>>",
		"<</Type /Pages /Kids [3 0 R] /Count 1>>",
		"<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources <</Font <</F1 4 0 R>>>> /Contents 10 0 R /StructParents 0>>",
		"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>",
		"<</Type /StructTreeRoot /K 6 0 R /ParentTree <</Nums [0 [7 0 R 8 0 R 9 0 R]]>>>>",
		"<</Type /StructElem /S /Document /P 5 0 R /K [7 0 R 8 0 R 9 0 R]>>",
		"<</Type /StructElem /S /H1 /P 6 0 R /Pg 3 0 R /K 0>>",
		"<</Type /StructElem /S /P /P 6 0 R /Pg 3 0 R /K 1>>",
		"<</Type /StructElem /S /Figure /P 6 0 R /Pg 3 0 R /Alt (A blue square) /K 2>>",
		HandStream("", content),
		"<</Type /Filespec /F (notes.txt) /UF (notes.txt) /EF <</F 12 0 R>>>>",
		"<</Type /EmbeddedFile /Length 6>>\nstream\nnotes\n\nendstream",
	)
	path := filepath.Join(t.TempDir(), "tagged.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParseStructText(t *testing.T) {
	out := `Document
  Part
    P (block)
      "cc "
      Link (inline)
        "PCC@hmic.gsi.gov.uk"
        Object 140 0
    L (block):
       /ListNumbering /Decimal
      LI (block)
`
	got := ParseStructText(out)
	want := []StructText{
		{Depth: 0, Role: "Document"}, {Depth: 1, Role: "Part"}, {Depth: 2, Role: "P"}, {Depth: 3, Text: "cc "},
		{Depth: 3, Role: "Link", Inline: true}, {Depth: 4, Text: "PCC@hmic.gsi.gov.uk"},
		{Depth: 2, Role: "L"}, {Depth: 3, Role: "LI"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ParseStructText:\n%+v\nwant\n%+v", got, want)
	}
}

func TestPDFStructText(t *testing.T) {
	Need(t, Pdfinfo)
	out, err := PDFStructText(taggedPDF(t))
	if err != nil {
		t.Fatal(err)
	}
	got := ParseStructText(out)
	want := []StructText{
		{Depth: 0, Role: "Document"}, {Depth: 1, Role: "H1"}, {Depth: 2, Text: "Heading"},
		{Depth: 1, Role: "P"}, {Depth: 2, Text: "A paragraph of text."}, {Depth: 1, Role: "Figure"}, {Depth: 2, Text: ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("PDFStructText:\n%s\nparsed %+v", out, got)
	}
}

func TestPDFJSStructure(t *testing.T) {
	Need(t, Node, PDFJS)
	doc, err := PDFJSStructure(taggedPDF(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 1 || doc.Info["Language"] != "en-GB" || doc.MarkInfo["Marked"] != true {
		t.Fatalf("PDFJSStructure: %d pages, info %v, mark info %v", len(doc.Pages), doc.Info, doc.MarkInfo)
	}
	p := doc.Pages[0]
	var roles []string
	var walk func(n StructNode)
	walk = func(n StructNode) {
		switch {
		case n.Type == "content":
			roles = append(roles, fmt.Sprintf("%q", strings.TrimSpace(p.Text[n.ID])))
		case n.Alt != "":
			roles = append(roles, n.Role+"="+n.Alt)
		default:
			roles = append(roles, n.Role)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(p.Tree)
	want := []string{"Root", "Document", "H1", `"Heading"`, "P", `"A paragraph of text."`, "Figure=A blue square", `""`}
	if !slices.Equal(roles, want) {
		t.Errorf("PDFJSStructure tree %q, want %q", roles, want)
	}
	if _, err := PDFJSStructure(filepath.Join(t.TempDir(), "none.pdf")); err == nil {
		t.Error("PDFJSStructure of a missing file: no error")
	}
}

func TestPDFAttachments(t *testing.T) {
	Need(t, Pdfdetach)
	files, err := PDFAttachments(taggedPDF(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || string(files["notes.txt"]) != "notes\n" {
		t.Errorf("PDFAttachments = %q", files)
	}
}

func TestPreflight(t *testing.T) {
	Need(t, Java, PreflightJar, ActivationJar, JAXBJar)
	issues, err := Preflight(taggedPDF(t))
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, is := range issues {
		codes[is.Code] = true
	}
	// Among others: a font that is not embedded, and no metadata.
	if !codes["3.1.11"] && !codes["3.1.1"] || !codes["7.2"] && !codes["7.1"] {
		t.Errorf("Preflight = %+v; want a font and a metadata error", issues)
	}
	if _, err := Preflight(filepath.Join(t.TempDir(), "none.pdf")); err == nil {
		t.Error("Preflight of a missing file: no error")
	}
}
