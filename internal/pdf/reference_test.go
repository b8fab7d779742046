package pdf_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/pdf"
)

// The reference response: Cambridgeshire and Peterborough's of 13 September
// 2021, built from its data, and its text as published.
const (
	reference     = "../../responses/2021-09-13-rape-inspection-phase-one"
	referenceText = "../build/testdata/reference.txt"
)

var (
	spaces = regexp.MustCompile(`\s+`)
	quotes = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`)
)

// normalize collapses white space and straightens quotes; the reference
// writes both "Force response" and "Force Response", so case is folded.
func normalize(s string) string {
	return strings.ToLower(strings.TrimSpace(spaces.ReplaceAllString(quotes.Replace(s), " ")))
}

// referencePDFs builds the reference response and writes its PDFs to a
// temporary folder, by name.
func referencePDFs(t *testing.T) map[string]string {
	t.Helper()
	paths, _ := referenceBuild(t)
	return paths
}

// referenceBuild builds the reference response, writes its PDFs to a
// temporary folder and returns their paths by name, and the build.
func referenceBuild(t *testing.T) (map[string]string, *build.Result) {
	t.Helper()
	r, diags := build.Render(reference, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths := map[string]string{}
	for _, f := range r.Files {
		if !strings.HasSuffix(f.Name, ".pdf") {
			continue
		}
		p := filepath.Join(dir, f.Name)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths[f.Name] = p
	}
	if paths["response.pdf"] == "" {
		t.Fatalf("the build wrote no response.pdf")
	}
	return paths, r
}

// TestReferenceStructureMatchesHTML: in every document of the reference
// build, the PDF's structure elements, as poppler reads the structure tree,
// come in the same sequence as the HTML's elements (read as
// TestStructureMatchesHTML reads them; poppler prints no languages).
func TestReferenceStructureMatchesHTML(t *testing.T) {
	conformance.Need(t, conformance.Pdfinfo)
	paths, r := referenceBuild(t)
	for name, p := range paths {
		out, err := conformance.PDFStructText(p)
		if err != nil {
			t.Fatal(err)
		}
		var fromPDF []string
		for _, it := range conformance.ParseStructText(out) {
			switch it.Role {
			case "", "Document", "Lbl", "LBody":
			default:
				fromPDF = append(fromPDF, it.Role)
			}
		}
		var fromHTML []string
		for _, e := range pdf.HTMLStructure(t, r.File(strings.TrimSuffix(name, ".pdf")+".html")) {
			kind, _, _ := strings.Cut(e, " ")
			fromHTML = append(fromHTML, kind)
		}
		if len(fromPDF) < 10 || strings.Join(fromPDF, " ") != strings.Join(fromHTML, " ") {
			t.Errorf("%s: the PDF's structure\n%v\nthe HTML's\n%v", name, fromPDF, fromHTML)
		}
	}
}

// TestReferenceStructText reads the published response's structure tree
// with poppler: every paragraph of the reference comes back in order, its
// words spaced as published. The signature's description in the reference
// is the image's alternative text, not printed text, and is left out. Every
// PDF of the build is tagged PDF 1.7 with a metadata stream.
func TestReferenceStructText(t *testing.T) {
	conformance.Need(t, conformance.Pdfinfo)
	paths := referencePDFs(t)
	for name, p := range paths {
		info, err := conformance.PDFInfo(p)
		if err != nil {
			t.Fatal(err)
		}
		if info["Tagged"] != "yes" || info["Metadata Stream"] != "yes" || info["PDF version"] != "1.7" {
			t.Errorf("%s: pdfinfo Tagged %q, Metadata Stream %q, PDF version %q", name, info["Tagged"], info["Metadata Stream"], info["PDF version"])
		}
	}
	out, err := conformance.PDFStructText(paths["response.pdf"])
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, it := range conformance.ParseStructText(out) {
		if it.Role != "" && !it.Inline {
			b.WriteByte(' ')
		}
		b.WriteString(it.Text)
	}
	text := normalize(b.String())
	data, err := os.ReadFile(referenceText)
	if err != nil {
		t.Fatal(err)
	}
	at, n := 0, 0
	for _, p := range strings.Split(string(data), "\n\n") {
		p = normalize(strings.ReplaceAll(p, "**", ""))
		if p == "" || strings.HasPrefix(p, "a handwritten signature") {
			continue
		}
		n++
		i := strings.Index(text[at:], p)
		if i < 0 {
			t.Errorf("paragraph %d not in the structure's text after byte %d:\n%s\n--- there:\n%.400s", n, at, p, text[at:])
			continue
		}
		at += i + len(p)
	}
	if n < 30 {
		t.Errorf("only %d paragraphs in %s", n, referenceText)
	}
}

// TestReferenceArchival checks the published response as issued, with its
// source bundle attached: qpdf finds nothing wrong, PDFBox Preflight finds
// only rules specific to PDF/A-1, poppler finds the attachment, and pdf.js
// reads the structure with the signature's alternative text.
func TestReferenceArchival(t *testing.T) {
	conformance.Need(t, conformance.QPDF, conformance.Pdfdetach, conformance.Java, conformance.PreflightJar,
		conformance.ActivationJar, conformance.JAXBJar, conformance.Node, conformance.PDFJS)
	paths, r := referenceBuild(t)
	p := paths["response.pdf"]
	if err := conformance.QPDFCheck(p); err != nil {
		t.Error(err)
	}
	pdf.CheckPreflight(t, p)
	files, err := conformance.PDFAttachments(p)
	if err != nil {
		t.Fatal(err)
	}
	published, err := r.Source.Published()
	if err != nil {
		t.Fatal(err)
	}
	zipped, err := published.Zip(r.Folder.Response.Letter.Date)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || !bytes.Equal(files[bundle.FileName], zipped) {
		t.Errorf("attachments %d, %s of %d bytes", len(files), bundle.FileName, len(files[bundle.FileName]))
	}
	doc, err := conformance.PDFJSStructure(p)
	if err != nil {
		t.Fatal(err)
	}
	var alts []string
	var walk func(n conformance.StructNode)
	walk = func(n conformance.StructNode) {
		if n.Role == "Figure" {
			alts = append(alts, n.Alt)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	for _, pg := range doc.Pages {
		walk(pg.Tree)
	}
	if len(alts) != 1 || alts[0] != "Signature of Darryl Preston" {
		t.Errorf("pdf.js finds figures with alt text %q", alts)
	}
	if doc.Info["Language"] != "en-GB" || doc.MarkInfo["Marked"] != true {
		t.Errorf("pdf.js: language %v, marked %v", doc.Info["Language"], doc.MarkInfo["Marked"])
	}
}

// TestReferenceClosing: in the reference letter, as published, the page
// that holds "Yours sincerely" holds at least the last two lines of the
// letter before it (the reference's own page 2 opened with it alone).
func TestReferenceClosing(t *testing.T) {
	conformance.Need(t, conformance.Pdftotext)
	paths := referencePDFs(t)
	for _, name := range []string{"letter.pdf", "response.pdf"} {
		text, err := conformance.PDFText(paths[name])
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for i, page := range strings.Split(text, "\f") {
			before, _, ok := strings.Cut(page, "Yours sincerely")
			if !ok {
				continue
			}
			found = true
			var lines []string
			for _, l := range strings.Split(before, "\n") {
				if strings.TrimSpace(l) != "" {
					lines = append(lines, l)
				}
			}
			if len(lines) < 2 {
				t.Errorf("%s: page %d opens with the closing after %d lines: %q", name, i+1, len(lines), lines)
			}
		}
		if !found {
			t.Errorf("%s: no closing", name)
		}
	}
}
