package htmldoc_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/markdown"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/theme"
)

const (
	example  = "../../responses/2024-04-25-peel-exampleshire"
	thematic = "../../responses/2025-06-19-national-thematic-exampleshire"
)

// The examples of every local policing body, of a letter's furniture and
// of a joint letter.
var bodies = []string{
	"../../responses/pfcc-northshire/2025-03-27-custody-northshire",
	"../../responses/mayor-exampleton/2025-06-19-vawg-exampleton",
	"../../responses/opcc-westshire/2025-09-18-fraud-westshire",
	"../../responses/opcc-westshire/2025-10-30-peel-westshire",
}

// stressPage renders a page made to break a narrow screen: a very long
// address, a long word and a table of many wide columns.
func stressPage(t *testing.T, dir string) string {
	t.Helper()
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	md.WriteString("# Narrow screens\n\nSee https://www.justiceinspectorates.gov.uk/hmicfrs/publications/peel-assessment-2023-25-an-inspection-of-a-force-with-a-very-long-name-indeed/?utm_source=newsletter&utm_medium=email for the report, and Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogochuchaf.\n\n")
	md.WriteString("| " + strings.Repeat("Quarterly figure | ", 12) + "\n|" + strings.Repeat(" --- |", 12) + "\n")
	for range 3 {
		md.WriteString("| " + strings.Repeat("1,234,567 calls | ", 12) + "\n")
	}
	md.WriteString("\n```\n" + strings.Repeat("a_very_long_identifier_", 10) + "\n```\n")
	r := markdown.Parse([]byte(md.String()), markdown.Options{HeadingLevel: 1, IDPrefix: "s-"})
	if len(r.Problems) > 0 {
		t.Fatalf("%v", r.Problems)
	}
	doc := &document.Document{Lang: "en-GB", Title: "Narrow screens", Parts: []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter", Blocks: r.Blocks}},
		Related: []document.Related{{Rel: "alternate", Type: "application/pdf", Href: "letter.pdf", Text: "This document as a PDF"}}}
	var b bytes.Buffer
	if err := htmldoc.Render(&b, doc, th); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "stress.html")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pages builds the reference and the examples (the PEEL one, and the
// national thematic one with answers of the force and the office) and
// returns their HTML files, with the stress page.
func pages(t *testing.T) []string {
	t.Helper()
	out := t.TempDir()
	var files []string
	for _, dir := range append([]string{reference, example, thematic}, bodies...) {
		r, diags := build.Render(dir, build.Options{})
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		if err := outdir.WriteBuild(filepath.Join(out, r.Folder.ID), r.Files); err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Files {
			if strings.HasSuffix(f.Name, ".html") {
				files = append(files, filepath.Join(out, r.Folder.ID, f.Name))
			}
		}
	}
	return append(files, stressPage(t, out))
}

// TestPagesConform: Nu and axe-core find nothing in the reference, the
// examples and the stress page.
func TestPagesConform(t *testing.T) {
	conformance.CheckHTML(t, pages(t)...)
}

// reflow is what the browser reports of a page at 320 CSS pixels.
type reflow struct {
	Width  int `json:"width"`
	Tables []struct {
		Scroll int `json:"scroll"`
		Client int `json:"client"`
	} `json:"tables"`
	// Signers are the boxes of the signatories of a joint letter.
	Signers []struct {
		Top    float64 `json:"top"`
		Bottom float64 `json:"bottom"`
		Right  float64 `json:"right"`
	} `json:"signers"`
}

const measure = `(() => ({
  width: document.documentElement.scrollWidth,
  tables: [...document.querySelectorAll('.s55-document .table')].map(e => ({scroll: e.scrollWidth, client: e.clientWidth})),
  signers: [...document.querySelectorAll('.s55-document .signer')].map(e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, right: r.right}; }),
}))()`

// TestReflow400 loads every page in headless Chromium 320 CSS pixels wide
// (WCAG 2.2 SC 1.4.10, Reflow): nothing makes the page scroll sideways;
// a table too wide scrolls in its own box.
func TestReflow(t *testing.T) {
	conformance.Need(t, conformance.Chromium)
	files := pages(t)
	tab := conformance.Tab(t)
	wideTables, joint := 0, 0
	for _, f := range files {
		got := conformance.Measure[reflow](t, tab, f, 320, 640, measure)
		if got.Width > 320 {
			t.Errorf("%s: the page is %d CSS pixels wide at a width of 320", filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), got.Width)
		}
		for _, tb := range got.Tables {
			if tb.Scroll > tb.Client {
				wideTables++
			}
		}
		// The signatories of a joint letter stand one below another at
		// 320 pixels, and side by side on a wide screen.
		if len(got.Signers) > 0 {
			joint++
			for i := 1; i < len(got.Signers); i++ {
				if got.Signers[i].Top < got.Signers[i-1].Bottom || got.Signers[i].Right > 320 {
					t.Errorf("%s: at 320 pixels signatory %d is beside the one before (%+v)", filepath.Base(f), i+1, got.Signers)
				}
			}
			wide := conformance.Measure[reflow](t, tab, f, 1024, 768, measure)
			if len(wide.Signers) < 2 || wide.Signers[0].Top != wide.Signers[1].Top {
				t.Errorf("%s: at 1024 pixels the signatories are not side by side (%+v)", filepath.Base(f), wide.Signers)
			}
		}
	}
	if joint == 0 {
		t.Errorf("no page of a joint letter was measured")
	}
	if wideTables == 0 {
		t.Errorf("no table scrolled in its own box: the stress page's table should")
	}
}
