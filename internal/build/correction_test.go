package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/published"
)

// TestCorrection: a correction's letter and appendix print its line, as
// tagged text in the PDF and a paragraph in the HTML, and still pass the
// outside checkers; the response prints it once, in its letter; a build
// told of no correction prints none.
func TestCorrection(t *testing.T) {
	const ref = "../../responses/2021-09-13-rape-inspection-phase-one"
	corr := &published.Correction{Day: time.Date(2021, 9, 20, 0, 0, 0, 0, time.UTC), Replaces: time.Date(2021, 9, 14, 0, 0, 0, 0, time.UTC),
		Reason: "The force's answer to recommendation 2 was its draft."}
	r, diags := build.Render(ref, build.Options{Correction: corr})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	const line = "Corrected on 20th September 2021: The force's answer to recommendation 2 was its draft. This replaces the response issued on 14th September 2021."
	html := strings.ReplaceAll(line, "'", "&#39;")
	for name, n := range map[string]int{"letter.html": 1, "appendix-1.html": 1, "response.html": 1} {
		if got := strings.Count(string(r.File(name)), `<p class="corrected">`+html+`</p>`); got != n {
			t.Errorf("%s prints the line %d times, want %d", name, got, n)
		}
	}
	first, diags := build.Render(ref, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for _, f := range first.Files {
		if strings.Contains(string(f.Data), "orrected on") {
			t.Errorf("%s of a first issue speaks of a correction", f.Name)
		}
	}
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"letter.html", "appendix-1.html", "letter.pdf", "appendix-1.pdf"} {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, r.File(name), 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".html") {
			files = append(files, file)
		}
	}
	t.Run("pdf", func(t *testing.T) {
		conformance.Need(t, conformance.Pdfinfo, conformance.QPDF)
		for _, name := range []string{"letter.pdf", "appendix-1.pdf"} {
			file := filepath.Join(dir, name)
			if err := conformance.QPDFCheck(file); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			text, err := conformance.PDFStructText(file)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			ls := conformance.ParseStructText(text)
			for i, l := range ls {
				if l.Role != "P" {
					continue
				}
				var b strings.Builder
				for _, in := range ls[i+1:] {
					if in.Depth <= l.Depth {
						break
					}
					b.WriteString(in.Text + " ")
				}
				found = found || strings.Contains(strings.Join(strings.Fields(b.String()), " "), line)
			}
			if !found {
				t.Errorf("%s: no paragraph of its structure tree holds %q", name, line)
			}
		}
	})
	conformance.CheckHTML(t, files...)
}
