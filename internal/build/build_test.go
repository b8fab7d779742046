package build_test

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/outdir"
)

const reference = "../../responses/2021-09-13-rape-inspection-phase-one"

// referenceText is the published reference response (Cambridgeshire and
// Peterborough, 13 September 2021) flattened to text, as the product brief
// gives it.
const referenceText = "testdata/reference.txt"

// outputs builds the reference response into a temporary folder and returns
// that folder.
func outputs(t testing.TB) string {
	t.Helper()
	r, diags := build.Render(reference, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := outdir.WriteBuild(filepath.Join(out, r.Folder.ID), r.Files); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(out, r.Folder.ID)
}

// seedParagraphs returns the reference document's paragraphs, normalised.
//
// One paragraph of the seed is left out, on purpose: "A handwritten
// signature in black ink, appearing to read 'Darryl Preston', enclosed in
// a light grey rectangular box." describes the scanned ink of the real
// letter. It was never printed text, and s55 does not hold that scan: the
// reference office uses s55's placeholder, whose text alternative says
// whose signature it is ("Signature of Darryl Preston"), which is what a
// reader needs. Every other paragraph must come back.
func seedParagraphs(t *testing.T) []string {
	data, err := os.ReadFile(referenceText)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range strings.Split(string(data), "\n\n") {
		p = normalize(strings.ReplaceAll(p, "**", ""))
		if p == "" || strings.HasPrefix(p, "a handwritten signature") {
			continue
		}
		out = append(out, p)
	}
	return out
}

var (
	space  = regexp.MustCompile(`\s+`)
	quotes = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`)
	footer = regexp.MustCompile(`(?m)^Page \d+ of \d+$`)
	tags   = regexp.MustCompile(`(?s)<head>.*</head>|<nav.*?</nav>|<[^>]*>`)
	// value is the number a browser shows before an item of an ordered
	// list.
	value   = regexp.MustCompile(`<li[^>]* value="(\d+)"[^>]*>`)
	newline = regexp.MustCompile(`(?i)<br>|</p>|</h[1-6]>|</li>`)
)

// normalize collapses white space, straightens quotes and folds case: the
// reference itself writes both "Force response" and "Force Response".
func normalize(s string) string {
	return strings.ToLower(strings.TrimSpace(space.ReplaceAllString(quotes.Replace(s), " ")))
}

func pdfText(t *testing.T, file string) string {
	conformance.Need(t, conformance.Pdftotext)
	text, err := conformance.PDFText(file)
	if err != nil {
		t.Fatal(err)
	}
	return footer.ReplaceAllString(text, "")
}

func htmlText(t *testing.T, file string) string {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := newline.ReplaceAllString(string(data), "\n$0")
	s = value.ReplaceAllString(s, "$0 $1. ")
	return html.UnescapeString(tags.ReplaceAllString(s, " "))
}

// inOrder reports the first paragraph that text does not hold after the
// ones before it.
func inOrder(text string, paras []string) (missing string, ok bool) {
	text = normalize(text)
	at := 0
	for _, p := range paras {
		i := strings.Index(text[at:], p)
		if i < 0 {
			return p, false
		}
		at += i + len(p)
	}
	return "", true
}

func TestTextFidelity(t *testing.T) {
	dir := outputs(t)
	paras := seedParagraphs(t)
	if len(paras) < 40 {
		t.Fatalf("only %d paragraphs in the reference", len(paras))
	}
	t.Run("html", func(t *testing.T) {
		if p, ok := inOrder(htmlText(t, filepath.Join(dir, "response.html")), paras); !ok {
			t.Errorf("response.html lacks, in order: %q", p)
		}
	})
	t.Run("pdf", func(t *testing.T) {
		if p, ok := inOrder(pdfText(t, filepath.Join(dir, "response.pdf")), paras); !ok {
			t.Errorf("response.pdf lacks, in order: %q", p)
		}
	})
}

func TestSameWords(t *testing.T) {
	dir := outputs(t)
	for _, name := range []string{"letter", "appendix-1", "response"} {
		t.Run(name, func(t *testing.T) {
			p := strings.Fields(pdfText(t, filepath.Join(dir, name+".pdf")))
			h := strings.Fields(htmlText(t, filepath.Join(dir, name+".html")))
			if !slices.Equal(p, h) {
				i := 0
				for i < len(p) && i < len(h) && p[i] == h[i] {
					i++
				}
				t.Errorf("words differ at word %d: pdf %q, html %q", i, around(p, i), around(h, i))
			}
		})
	}
}

func around(words []string, i int) string {
	return strings.Join(words[max(0, i-5):min(len(words), i+5)], " ")
}

func TestPDFConformance(t *testing.T) {
	conformance.Need(t, conformance.QPDF, conformance.Pdfinfo, conformance.Pdffonts)
	dir := outputs(t)
	pages := map[string]int{}
	for _, name := range []string{"letter", "appendix-1", "response"} {
		file := filepath.Join(dir, name+".pdf")
		if err := conformance.QPDFCheck(file); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		fonts, err := conformance.PDFFonts(file)
		if err != nil {
			t.Fatal(err)
		}
		if len(fonts) == 0 {
			t.Errorf("%s: no fonts", name)
		}
		for _, f := range fonts {
			if !f.Embedded || !strings.Contains(strings.ToLower(f.Name), "liberationsans") {
				t.Errorf("%s: font %+v is not embedded Liberation Sans", name, f)
			}
		}
		info, err := conformance.PDFInfo(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := info["Page size"]; !strings.Contains(got, "(A4)") {
			t.Errorf("%s: page size %q, want A4", name, got)
		}
		for _, key := range []string{"Title", "Author", "Subject", "Keywords"} {
			if info[key] == "" {
				t.Errorf("%s: no %s", name, key)
			}
		}
		if name != "appendix-1" && !strings.HasPrefix(info["Title"], "Response to HMICFRS Report: 'A Joint Thematic Inspection") {
			t.Errorf("%s: title %q", name, info["Title"])
		}
		if pages[name], err = conformance.PDFPages(file); err != nil {
			t.Fatal(err)
		}
	}
	if pages["response"] != pages["letter"]+pages["appendix-1"] {
		t.Errorf("response has %d pages, want letter %d + appendix %d", pages["response"], pages["letter"], pages["appendix-1"])
	}
}

func TestHTMLConformance(t *testing.T) {
	dir := outputs(t)
	var files []string
	for _, name := range []string{"letter", "appendix-1", "response"} {
		files = append(files, filepath.Join(dir, name+".html"))
	}
	conformance.CheckHTML(t, files...)
}

func TestReproducible(t *testing.T) {
	a, diags := build.Render(reference, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, _ := build.Render(reference, build.Options{})
		for i, f := range a.Files {
			if !bytes.Equal(f.Data, b.Files[i].Data) {
				t.Errorf("%s differs between two builds", f.Name)
			}
		}
	}
}

// BenchmarkRender builds the reference response's six files in memory.
func BenchmarkRender(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := build.Render(reference, build.Options{}); diags.Errors() > 0 {
			b.Fatal(diags.Err())
		}
	}
}

// BenchmarkBuildProcess runs the whole "s55 build" process on the reference
// response, as a user does: start, load, render, write six files, exit.
func BenchmarkBuildProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "s55")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/s55").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	out := b.TempDir()
	var runs []time.Duration
	for b.Loop() {
		start := time.Now()
		if msg, err := exec.Command(bin, "build", "-o", out, reference).CombinedOutput(); err != nil {
			b.Fatalf("s55 build: %v\n%s", err, msg)
		}
		runs = append(runs, time.Since(start))
	}
	slices.Sort(runs)
	b.ReportMetric(float64(runs[len(runs)/2].Microseconds())/1000, "median-ms")
}
