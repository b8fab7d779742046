package pdf

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/markdown/spec"
	"github.com/opcc-tools/s55/internal/pdfread"
)

// specPDF is one example's letter as published: its PDF, and the visible
// text of its PDF (with and without images' text alternatives) and of its
// HTML.
type specPDF struct {
	ex          spec.Example
	refused     bool
	doc         *document.Document
	pdf         []byte
	file        *pdfread.File
	text, noAlt string
	html        string
	tagged      []conformance.StructText
	err         error
}

// eachSpec composes, renders and reads every example as a letter on
// every core, and calls fn with each on the test's goroutine, in the order
// they are done, so that only those being read are held at once.
func eachSpec(t *testing.T, exs []spec.Example, fn func(i int, s specPDF)) {
	t.Helper()
	workers := runtime.GOMAXPROCS(0)
	var all []*spec.Letters
	for range workers {
		letters, err := spec.NewLetters(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, letters)
	}
	type result struct {
		i int
		s specPDF
	}
	work := make(chan int)
	done := make(chan result)
	var wg sync.WaitGroup
	for _, letters := range all {
		wg.Go(func() {
			for i := range work {
				done <- result{i, readSpec(letters, exs[i])}
			}
		})
	}
	go func() {
		for i := range exs {
			work <- i
		}
		close(work)
		wg.Wait()
		close(done)
	}()
	for r := range done {
		fn(r.i, r.s)
	}
}

// readSpec composes one example as a letter and reads both renderings.
func readSpec(letters *spec.Letters, ex spec.Example) specPDF {
	s := specPDF{ex: ex}
	doc, diags, err := letters.Compose(ex.Markdown)
	if err != nil {
		s.err = err
		return s
	}
	if doc == nil {
		s.refused = diags.Errors() > 0
		return s
	}
	var b bytes.Buffer
	if err := htmldoc.Render(&b, doc, letters.Theme); err != nil {
		s.err = err
		return s
	}
	if s.html, s.err = spec.VisibleText(b.String()); s.err != nil {
		return s
	}
	b.Reset()
	if s.err = Render(&b, doc); s.err != nil {
		return s
	}
	s.doc, s.pdf = doc, bytes.Clone(b.Bytes())
	if s.file, s.err = pdfread.Parse(s.pdf); s.err != nil {
		return s
	}
	root, err := s.file.StructTree()
	if err != nil {
		s.err = err
		return s
	}
	s.tagged = conformance.StructTextOf(root, true)
	s.text = spec.TaggedText(s.tagged)
	s.noAlt = spec.TaggedText(conformance.StructTextOf(root, false))
	return s
}

// frames returns the letter's own words before and after its body, in a
// visible text of a letter with an empty body.
func frames(t *testing.T, text string) (before, after string) {
	t.Helper()
	cut := strings.Index(text, "Yours sincerely")
	if cut < 0 {
		t.Fatalf("no sign-off in %q", text)
	}
	return text[:cut], text[cut:]
}

// body returns the visible text of an example's letter without the
// letter's own words, or false when they are not around it.
func body(text, before, after string) (string, bool) {
	if !strings.HasPrefix(text, before) || !strings.HasSuffix(text, after) || len(text) < len(before)+len(after) {
		return "", false
	}
	return strings.TrimSpace(text[len(before) : len(text)-len(after)]), true
}

// TestSpecExamplesPDF holds the PDF renderer to CommonMark 0.31 and the GFM
// tables, as TestSpecExamples in internal/htmldoc holds the HTML renderer:
// every example that is published (not refused at its place, which that
// test checks), written as a letter and rendered, gives in the PDF's
// tagged text (the structure tree's marked content in reading order, read
// with internal/pdfread) the spec's visible text, between the letter's own
// words, and the same text as its HTML page; and its PDF is well tagged
// (checkStructure, checkContent). Both sides are read by one
// definition, spec.VisibleText and spec.TaggedText: white space collapsed,
// an image's text alternative in its place, code's lines apart, a list
// item's label left out on the PDF's side (HTML draws its markers, it has
// no text for them). A hard break is a line end in the PDF and <br> in
// the HTML, and a table's cells read row by row in both: after white space
// is collapsed both are a space, so neither needs more.
func TestSpecExamplesPDF(t *testing.T) {
	exs, err := spec.Examples()
	if err != nil {
		t.Fatal(err)
	}
	letters, err := spec.NewLetters(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	frame := readSpec(letters, spec.Example{Name: "the empty letter"})
	if frame.err != nil || frame.refused {
		t.Fatalf("the empty letter: %v (refused %v)", frame.err, frame.refused)
	}
	pdfBefore, pdfAfter := frames(t, frame.text)
	htmlBefore, htmlAfter := frames(t, frame.html)
	if !strings.Contains(pdfAfter, "Yours sincerely The signature of Alex Example Alex Example") {
		t.Errorf("the signature's text alternative is not in the tagged text: %q", pdfAfter)
	}
	published, refused := 0, 0
	// The sample poppler reads: the first published example of each
	// section, by its place in the specs.
	first := map[string]int{}
	sample := map[int]specPDF{-1: frame}
	eachSpec(t, exs, func(i int, s specPDF) {
		ex := s.ex
		switch {
		case s.err != nil:
			t.Errorf("%s (%s): %v\n%q", ex.Name, ex.Section, s.err, ex.Markdown)
			return
		case s.refused:
			refused++
			return
		}
		published++
		checkContent(t, s.file, checkStructure(t, s.file, s.doc))
		if k, ok := first[ex.Section]; !ok || i < k {
			if ok {
				delete(sample, k)
			}
			first[ex.Section], sample[i] = i, s
		}
		s.file, s.doc = nil, nil
		fromPDF, ok := body(s.text, pdfBefore, pdfAfter)
		if !ok {
			t.Errorf("%s (%s): the PDF's tagged text has lost the letter around the example:\n%q", ex.Name, ex.Section, s.text)
			return
		}
		fromHTML, ok := body(s.html, htmlBefore, htmlAfter)
		if !ok {
			t.Errorf("%s (%s): the HTML's visible text has lost the letter around the example:\n%q", ex.Name, ex.Section, s.html)
			return
		}
		if fromPDF != ex.Visible || fromPDF != fromHTML {
			t.Errorf("%s (%s): %q\n  PDF %q\n HTML %q\n spec %q", ex.Name, ex.Section, ex.Markdown, fromPDF, fromHTML, ex.Visible)
		}
	})
	t.Logf("%d examples: %d published, each with the spec's visible text in the PDF's tagged text; %d refused", len(exs), published, refused)
	if published < 400 {
		t.Errorf("only %d examples published", published)
	}
	checkSpecPoppler(t, sample)
}

// checkSpecPoppler reads a sample of the examples' PDFs with "pdfinfo
// -struct-text" too (a run takes 0.2-0.4 s, so not all 666): the empty
// letter and the first published example of every section of the specs.
// Poppler's structure and text are the package's reader's, images' text
// alternatives aside (poppler prints none).
func checkSpecPoppler(t *testing.T, samples map[int]specPDF) {
	t.Run("poppler", func(t *testing.T) {
		conformance.Need(t, conformance.Pdfinfo)
		var sample []specPDF
		for _, i := range slices.Sorted(maps.Keys(samples)) {
			sample = append(sample, samples[i])
		}
		if len(sample) < 20 {
			t.Errorf("a sample of %d examples", len(sample))
		}
		dir := t.TempDir()
		errs := make([]string, len(sample))
		var wg sync.WaitGroup
		work := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := range work {
					errs[i] = popplerDiffers(dir, i, sample[i])
				}
			})
		}
		for i := range sample {
			work <- i
		}
		close(work)
		wg.Wait()
		for _, e := range errs {
			if e != "" {
				t.Error(e)
			}
		}
		t.Logf("%d PDFs read with poppler, one a section", len(sample))
	})
}

// popplerDiffers writes an example's PDF, reads it with poppler and says
// how poppler's reading differs from the package's reader's, or "".
func popplerDiffers(dir string, i int, s specPDF) string {
	path := filepath.Join(dir, fmt.Sprintf("%d.pdf", i))
	if err := os.WriteFile(path, s.pdf, 0o644); err != nil {
		return err.Error()
	}
	out, err := conformance.PDFStructText(path)
	if err != nil {
		return err.Error()
	}
	items := conformance.ParseStructText(out)
	if got := spec.TaggedText(items); got != s.noAlt {
		return fmt.Sprintf("%s: poppler reads\n%q\nthe package's reader\n%q", s.ex.Name, got, s.noAlt)
	}
	if got, want := roles(items), roles(s.tagged); got != want {
		return fmt.Sprintf("%s: poppler's structure\n%s\nthe package's reader's\n%s", s.ex.Name, got, want)
	}
	return ""
}

// roles lists the elements of a structure text, each at its depth.
func roles(items []conformance.StructText) string {
	var b strings.Builder
	for _, it := range items {
		if it.Role != "" {
			fmt.Fprintf(&b, "%s%s\n", strings.Repeat(" ", it.Depth), it.Role)
		}
	}
	return b.String()
}
