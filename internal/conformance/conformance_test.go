package conformance

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/pdf"
)

func TestRoot(t *testing.T) {
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(mod, []byte("module github.com/opcc-tools/s55\n")) {
		t.Errorf("Root() = %s, whose go.mod starts %q", root, mod[:min(len(mod), 40)])
	}
}

// recorder is a testing.TB that records Skip and Fatalf instead of stopping.
type recorder struct {
	testing.TB
	skipped, failed []string
}

func (r *recorder) Helper()          {}
func (r *recorder) Skip(args ...any) { r.skipped = append(r.skipped, fmt.Sprint(args...)) }
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

func TestNeedWithoutTools(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // nothing on it
	want := `skipping: PDF text check needs pdftotext (poppler-utils), not found; run "bash .ci/test" for the full suite
skipping: Nu HTML check needs java (default-jre-headless), not found; run "bash .ci/test" for the full suite`

	t.Setenv(RequireEnv, "")
	r := &recorder{}
	Need(r, Pdftotext, Java, Pdftotext)
	if len(r.failed) != 0 || len(r.skipped) != 1 || r.skipped[0] != want {
		t.Errorf("without %s: skipped %q, failed %q; want one skip:\n%s", RequireEnv, r.skipped, r.failed, want)
	}

	t.Setenv(RequireEnv, "1")
	r = &recorder{}
	Need(r, Pdftotext, Java)
	wantFail := `missing: PDF text check needs pdftotext (poppler-utils), not found; S55_REQUIRE_CHECKERS=1 makes that a failure
missing: Nu HTML check needs java (default-jre-headless), not found; S55_REQUIRE_CHECKERS=1 makes that a failure`
	if len(r.skipped) != 0 || len(r.failed) != 1 || r.failed[0] != wantFail {
		t.Errorf("with %s=1: skipped %q, failed %q; want one failure:\n%s", RequireEnv, r.skipped, r.failed, wantFail)
	}

	r = &recorder{}
	Need(r) // nothing needed: nothing happens
	if len(r.skipped)+len(r.failed) != 0 {
		t.Errorf("Need with no tools: skipped %q, failed %q", r.skipped, r.failed)
	}
}

func TestNeedMissingNPMFile(t *testing.T) {
	// A folder with a go.mod and no node_modules: vnu.jar and axe.min.js
	// are missing.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	got := missing([]Tool{VNU, AxeCore})
	want := []string{
		"Nu HTML check needs vnu.jar (npm vnu-jar), not found",
		"accessibility check needs axe.min.js (npm axe-core), not found",
	}
	if !slices.Equal(got, want) {
		t.Errorf("missing = %q, want %q", got, want)
	}
}

// writePDF writes an A4 PDF with s55's own renderer, a page for each of the
// words, in embedded Liberation Sans, and returns its path.
func writePDF(t *testing.T, words ...string) string {
	t.Helper()
	doc := &document.Document{
		Lang: "en-GB", Title: "Conformance test – £ŵ",
		Date: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	for i, w := range words {
		doc.Parts = append(doc.Parts, &document.Part{Kind: document.Letter, ID: fmt.Sprintf("p%d", i), Outline: w,
			Blocks: []document.Block{&document.Paragraph{Spans: []document.Span{{Text: w}}}}})
	}
	var b bytes.Buffer
	if err := pdf.Render(&b, doc); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "test.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPDFText(t *testing.T) {
	Need(t, Pdftotext)
	path := writePDF(t, "Conformance", "Caerdydd £12 – ŵ")
	text, err := PDFText(path)
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if len(pages) != 2 || strings.TrimSpace(pages[0]) != "Conformance" || strings.TrimSpace(pages[1]) != "Caerdydd £12 – ŵ" {
		t.Errorf("PDFText = %q", text)
	}
	if _, err := PDFText(filepath.Join(t.TempDir(), "none.pdf")); err == nil {
		t.Error("PDFText of a missing file: no error")
	}
}

func TestPDFInfoAndFonts(t *testing.T) {
	Need(t, Pdfinfo, Pdffonts)
	path := writePDF(t, "one", "two")
	info, err := PDFInfo(path)
	if err != nil {
		t.Fatal(err)
	}
	if info["Title"] != "Conformance test – £ŵ" || !strings.HasPrefix(info["Page size"], "595.28 x 841.89 pts (A4)") {
		t.Errorf("PDFInfo = %q", info)
	}
	if n, err := PDFPages(path); err != nil || n != 2 {
		t.Errorf("PDFPages = %d, %v; want 2", n, err)
	}
	fonts, err := PDFFonts(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(fonts) != 1 || !strings.Contains(strings.ToLower(fonts[0].Name), "liberationsans") || !fonts[0].Embedded || !fonts[0].Unicode {
		t.Errorf("PDFFonts = %+v; want one embedded LiberationSans with a ToUnicode map", fonts)
	}
}

func TestParseFontLine(t *testing.T) {
	for line, want := range map[string]Font{
		"AAAAAA+LiberationSans                CID TrueType      Identity-H       yes no  yes      4  0": {
			Name: "AAAAAA+LiberationSans", Type: "CID TrueType", Encoding: "Identity-H", Embedded: true, Unicode: true},
		"Helvetica                            Type 1            WinAnsi          no  no  no       5  0": {
			Name: "Helvetica", Type: "Type 1", Encoding: "WinAnsi"},
		"ABCDEF+AVeryLongFontNameThatIsWiderThanTheColumn-BoldItalic CID Type 0C (OT) Identity-H yes yes yes 12 0": {
			Name: "ABCDEF+AVeryLongFontNameThatIsWiderThanTheColumn-BoldItalic", Type: "CID Type 0C (OT)", Encoding: "Identity-H",
			Embedded: true, Subset: true, Unicode: true},
	} {
		got, err := parseFontLine(line)
		if err != nil || got != want {
			t.Errorf("parseFontLine(%q) = %+v, %v; want %+v", line, got, err, want)
		}
	}
	if _, err := parseFontLine("Helvetica Type 1 WinAnsi maybe no no 5 0"); err == nil {
		t.Error("parseFontLine with emb \"maybe\": no error")
	}
}

func TestQPDFCheck(t *testing.T) {
	Need(t, QPDF)
	good := writePDF(t, "Conformance")
	if err := QPDFCheck(good); err != nil {
		t.Fatalf("QPDFCheck of gofpdf's output: %v", err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	truncated := filepath.Join(dir, "truncated.pdf")
	if err := os.WriteFile(truncated, data[:len(data)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	// Mark every object of the cross-reference table free: the catalog and
	// the pages are then gone.
	xref := bytes.LastIndex(data, []byte("\nxref\n"))
	if xref < 0 {
		t.Fatal("no xref table in gofpdf's output")
	}
	bad := bytes.Clone(data)
	tail := bytes.ReplaceAll(bad[xref:], []byte(" 00000 n"), []byte(" 00000 f"))
	if bytes.Equal(tail, bad[xref:]) {
		t.Fatal("no in-use entry in gofpdf's xref table")
	}
	copy(bad[xref:], tail)
	flipped := filepath.Join(dir, "xref.pdf")
	if err := os.WriteFile(flipped, bad, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, p := range []string{truncated, flipped, filepath.Join(dir, "none.pdf")} {
		err := QPDFCheck(p)
		if err == nil {
			t.Errorf("QPDFCheck(%s) = nil, want an error", filepath.Base(p))
		} else {
			t.Logf("QPDFCheck(%s) fails as it should: %.200s", filepath.Base(p), err)
		}
	}
}

// writeFile writes the text into a new file in dir and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodPage = `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Response to the inspection</title></head>
<body>
<main>
<h1>Response to the inspection</h1>
<p>The Commissioner welcomes the report. <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Crest of the office"></p>
</main>
</body>
</html>
`

const badPage = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"></head>
<body>
<p>The Commissioner welcomes the report. <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>
</div>
</body>
</html>
`

func TestNuCheck(t *testing.T) {
	Need(t, Java, VNU)
	dir := t.TempDir()
	good := writeFile(t, dir, "good.html", goodPage)
	bad := writeFile(t, dir, "bad page.html", badPage)

	start := time.Now()
	msgs, err := NuCheck(good, bad)
	t.Logf("one Nu run over 2 files: %v", time.Since(start))
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, m := range msgs {
		if m.File != bad {
			t.Errorf("message for %q, want only %q: %v", m.File, bad, m)
		}
		text = append(text, m.String())
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"missing a required instance of child element “title”", ":6:1: Stray end tag “div”."} {
		if !strings.Contains(all, want) {
			t.Errorf("NuCheck messages lack %q:\n%s", want, all)
		}
	}

	start = time.Now()
	msgs, err = NuCheck(good)
	t.Logf("one Nu run over 1 file: %v", time.Since(start))
	if err != nil || len(msgs) != 0 {
		t.Errorf("NuCheck(good) = %v, %v; want no message", msgs, err)
	}

	// vnu.jar itself passes a file that is not there.
	if _, err := NuCheck(filepath.Join(dir, "none.html")); err == nil {
		t.Error("NuCheck of a missing file: no error")
	}
}

func TestAxe(t *testing.T) {
	Need(t, Chromium, AxeCore)
	dir := t.TempDir()
	good := writeFile(t, dir, "good.html", goodPage)
	bad := writeFile(t, dir, "bad page.html", badPage)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	got, err := Axe(ctx, good, bad, good)
	t.Logf("Axe over 3 pages, with the browser's start: %v", time.Since(start))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Errorf("Axe returned %d files, want 2: %v", len(got), got)
	}
	if v, ok := got[good]; !ok || len(v) != 0 {
		t.Errorf("good page: %v (present %v), want no violation", v, ok)
	}
	ids := map[string][]string{}
	for _, v := range got[bad] {
		t.Logf("bad page: %v", v)
		ids[v.ID] = v.Targets
	}
	if !slices.Equal(ids["image-alt"], []string{"img"}) || !slices.Equal(ids["html-has-lang"], []string{"html"}) || len(ids["document-title"]) != 1 {
		t.Errorf("bad page: violations %v; want image-alt on img, html-has-lang on html, document-title", ids)
	}

	if _, err := Axe(ctx, filepath.Join(dir, "none.html")); err == nil {
		t.Error("Axe of a missing file: no error")
	}
}
