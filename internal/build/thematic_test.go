package build_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/addressee"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/markdown/spec"
	"github.com/opcc-tools/s55/internal/outdir"
)

const thematic = "../../responses/2025-06-19-national-thematic-exampleshire"

// TestThematic builds the national thematic example, whose items are
// addressed to the force, to the office, to both and to other bodies
// alone, in the words HMICFRS uses: it checks with no error; each item
// prints the answers whom it is addressed to needs, under their labels,
// with its position, and only the items for other bodies alone take the
// standard sentence; every paragraph comes back in order from pdftotext,
// from the PDF's tagged text as pdfinfo -struct-text prints it, and from
// the HTML, which the Nu HTML Checker and axe-core pass (its reflow is
// htmldoc's TestReflow).
func TestThematic(t *testing.T) {
	r, diags := build.Render(thematic, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if n := diags.Count(diag.Warning); n != 1 {
		t.Errorf("%d warnings, want the placeholder signature's: %v", n, diags)
	}
	themes, tdiags := check.Themes(r.Folder)
	if err := tdiags.Err(); err != nil {
		t.Fatal(err)
	}
	who := addressee.New(r.Folder, themes)
	seen := map[addressee.Class]int{}
	for _, it := range r.Folder.Response.Appendices[0].Items {
		seen[who.Item(it)]++
	}
	for _, c := range []addressee.Class{addressee.Force, addressee.Office, addressee.Force | addressee.Office, addressee.Other, addressee.Force | addressee.Other, addressee.Office | addressee.Other} {
		if seen[c] == 0 {
			t.Errorf("no item is addressed to %v: %v", c, seen)
		}
	}

	paras := editionTexts(r.Set.Response)
	joined := strings.Join(paras, "\n")
	for _, want := range []string{
		"pcc response: i have commissioned a stalking advocacy service",
		"position: partly accepted",
		"reason: the plan will be agreed by january 2026",
		"force response: the force has drafted the plan",
		"pcc response: i will hold the chief constable to account for the plan",
		"position: not applicable",
		"position: not accepted",
		"force response: this recommendation is addressed to the college of policing and the national police chiefs' council. the force will await further information on progress against this.",
		"force response: this recommendation is addressed to the home office in the first instance.",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("the response lacks %q", want)
		}
	}
	// No item the force or the office answers takes the standard sentence.
	if n := strings.Count(joined, "this recommendation is addressed to"); n != 2 {
		t.Errorf("%d standard sentences, want 2 (the items for other bodies alone)", n)
	}

	out := t.TempDir()
	if err := outdir.WriteBuild(filepath.Join(out, r.Folder.ID), r.Files); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, r.Folder.ID)
	if p, ok := inOrder(htmlText(t, filepath.Join(dir, "response.html")), paras); !ok {
		t.Errorf("response.html lacks, in order: %q", p)
	}
	t.Run("pdftotext", func(t *testing.T) {
		conformance.Need(t, conformance.Pdftotext, conformance.QPDF)
		for _, name := range []string{"letter", "appendix-1", "response"} {
			if err := conformance.QPDFCheck(filepath.Join(dir, name+".pdf")); err != nil {
				t.Error(err)
			}
		}
		if p, ok := inOrder(pdfText(t, filepath.Join(dir, "response.pdf")), paras); !ok {
			t.Errorf("pdftotext of response.pdf lacks, in order: %q", p)
		}
	})
	t.Run("struct", func(t *testing.T) {
		conformance.Need(t, conformance.Pdfinfo)
		s, err := conformance.PDFStructText(filepath.Join(dir, "response.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		items := conformance.ParseStructText(s)
		types := map[string]int{}
		for _, it := range items {
			types[it.Role]++
		}
		// One list item for each recommendation, its label and body, and
		// the signature a figure.
		if types["LI"] < 9 || types["Lbl"] < 9 || types["LBody"] < 9 || types["Figure"] != 1 || types["H1"] == 0 {
			t.Errorf("the structure's elements %v", types)
		}
		if p, ok := inOrder(spec.TaggedText(items), paras); !ok {
			t.Errorf("the tagged text of response.pdf lacks, in order: %q", p)
		}
	})
	t.Run("html", func(t *testing.T) {
		var files []string
		for _, name := range []string{"letter", "appendix-1", "response"} {
			files = append(files, filepath.Join(dir, name+".html"))
		}
		conformance.CheckHTML(t, files...)
	})
}
