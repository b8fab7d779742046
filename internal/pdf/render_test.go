package pdf

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/pdfread"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func render(t testing.TB, doc *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDeterministic renders the same tree five times: same bytes.
func TestDeterministic(t *testing.T) {
	first := render(t, fixture())
	for i := 1; i < 5; i++ {
		if got := render(t, fixture()); !bytes.Equal(got, first) {
			t.Fatalf("render %d differs from the first (%d vs %d bytes)", i+1, len(got), len(first))
		}
	}
}

// TestGolden compares the rendered fixture with testdata/response.pdf;
// go test -update rewrites it.
func TestGolden(t *testing.T) {
	got := render(t, fixture())
	golden := filepath.Join("testdata", "response.pdf")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("rendered PDF (%d bytes) differs from %s (%d bytes); if the change is intended, run go test -update and look at the result",
			len(got), golden, len(want))
	}
}

// TestPageCount agrees with the pages Render writes.
func TestPageCount(t *testing.T) {
	n, err := PageCount(fixture())
	if err != nil {
		t.Fatal(err)
	}
	f, err := pdfread.Parse(render(t, fixture()))
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := f.Pages()
	if count := f.Dict(f.Root()["Pages"])["Count"]; len(pages) != n || count != n {
		t.Errorf("PageCount = %d, PDF has %d pages and says /Count %v", n, len(pages), count)
	}
}

// TestMetadata checks the document information dictionary, the outline
// and a link as the last revision of the file gives them.
func TestMetadata(t *testing.T) {
	f, err := pdfread.Parse(render(t, fixture()))
	if err != nil {
		t.Fatal(err)
	}
	info := f.Info()
	for key, want := range map[string]string{
		"Title":        fixture().Title,
		"Author":       fixture().Author,
		"Subject":      fixture().Subject,
		"Keywords":     "HMICFRS, section 55, rape",
		"Creator":      "s55",
		"Producer":     "s55",
		"CreationDate": "D:20210913000000Z",
		"ModDate":      "D:20210913000000Z",
	} {
		if got := f.Text(info[key]); got != want {
			t.Errorf("/%s %q, want %q", key, got, want)
		}
	}
	if f.Root()["PageMode"] != pdfread.Name("UseOutlines") {
		t.Errorf("/PageMode %v", f.Root()["PageMode"])
	}
	// The outline, each entry at its depth.
	var outline []string
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		for n := 0; v != nil && n < 100; n++ {
			item := f.Dict(v)
			outline = append(outline, strings.Repeat(" ", depth)+f.Text(item["Title"]))
			walk(item["First"], depth+1)
			v = item["Next"]
		}
	}
	walk(f.Dict(f.Root()["Outlines"])["First"], 0)
	want := []string{"Letter to the Home Secretary", "Appendix 1"}
	for i := range 13 {
		want = append(want, " Recommendation "+strconv.Itoa(i+1))
	}
	if !slices.Equal(outline, want) {
		t.Errorf("outline %q, want %q", outline, want)
	}
	var uris []string
	pages, _ := f.Pages()
	for _, pg := range pages {
		for _, a := range f.Array(pg["Annots"]) {
			if u := f.Text(f.Dict(f.Dict(a)["A"])["URI"]); u != "" {
				uris = append(uris, u)
			}
		}
	}
	if !slices.Equal(uris, []string{"mailto:PCC@hmic.gsi.gov.uk"}) {
		t.Errorf("link annotations to %q", uris)
	}
}

// collapse reduces every run of white space to one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestExtractedText runs pdftotext on the fixture: every paragraph comes
// back, in order, with single spaces between words.
func TestExtractedText(t *testing.T) {
	conformance.Need(t, conformance.Pdftotext)
	out, err := conformance.PDFText(writeTemp(t, "response", fixture()))
	if err != nil {
		t.Fatal(err)
	}
	text := out
	// Page furniture aside.
	text = regexp.MustCompile(`Page \d+ of \d+`).ReplaceAllString(text, " ")
	text = collapse(text)
	pos := 0
	for _, p := range seedParagraphs() {
		p = collapse(p)
		i := strings.Index(text[pos:], p)
		if i < 0 {
			t.Errorf("paragraph not found after byte %d:\n%s\n--- extracted text there:\n%.300s", pos, p, text[pos:])
			continue
		}
		pos += i + len(p)
	}
	if t.Failed() {
		t.Logf("extracted text:\n%s", out)
	}
}

// TestQPDFCheck runs qpdf --check on the documents of TestTaggedPDF but
// the rich ones (TestRichCheckers checks those): the fixture, a document
// that uses every font style, a link and a 16-bit PNG, one with
// attachments and an empty one. qpdf finds what the package's reader
// would repair: a cross-reference entry that is not 20 bytes, a /Length
// that does not end at endstream.
func TestQPDFCheck(t *testing.T) {
	conformance.Need(t, conformance.QPDF)
	for name, doc := range taggedDocs() {
		path := writeTemp(t, name, doc)
		if err := conformance.QPDFCheck(path); err != nil {
			t.Error(err)
		}
		if name != "fixture" {
			continue
		}
		// The outline: each part at the top, each recommendation under
		// the appendix, on the pages the layout put them.
		out, err := exec.Command("qpdf", "--json", "--json-key=outlines", path).Output()
		if err != nil {
			t.Fatalf("qpdf --json: %v", err)
		}
		var outline struct {
			Outlines []struct {
				Title string `json:"title"`
				Page  int    `json:"destpageposfrom1"`
				Kids  []struct {
					Title string `json:"title"`
					Page  int    `json:"destpageposfrom1"`
				} `json:"kids"`
			} `json:"outlines"`
		}
		if err := json.Unmarshal(out, &outline); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range outline.Outlines {
			got = append(got, fmt.Sprintf("%s p%d", o.Title, o.Page))
			for _, k := range o.Kids {
				got = append(got, fmt.Sprintf("  %s p%d", k.Title, k.Page))
			}
		}
		want := []string{"Letter to the Home Secretary p1", "Appendix 1 p3"}
		for i, p := range []int{3, 3, 3, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6} {
			want = append(want, fmt.Sprintf("  Recommendation %d p%d", i+1, p))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("outline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestBadImages: image data gofpdf cannot read is an error, never a panic
// (gofpdf indexes PNG chunks without checking their length).
func TestBadImages(t *testing.T) {
	sig := "\x89PNG\r\n\x1a\n"
	ihdr := "\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00\x00\x00\x00\x00"
	for name, im := range map[string]*document.Image{
		"garbage":      {Data: []byte("not an image"), Type: "png", Width: 10, Height: 10},
		"short tRNS":   {Data: []byte(sig + ihdr + "\x00\x00\x00\x00tRNS\x00\x00\x00\x00"), Type: "png", Width: 10, Height: 10},
		"no size, bad": {Data: []byte("not an image"), Type: "jpeg"},
		"unknown type": {Data: signaturePNG(), Type: "gif", Width: 10, Height: 10},
		"no data":      {Type: "png", Width: 10, Height: 10},
	} {
		doc := &document.Document{Parts: []*document.Part{{Blocks: []document.Block{im}}}}
		if err := Render(io.Discard, doc); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

// TestCMYKJPEG: a JPEG in CMYK (or YCCK, which decodes to CMYK) never
// lands in a PDF that claims PDF/A: it is refused with ErrColorSpace. RGB
// and grey JPEGs go in.
func TestCMYKJPEG(t *testing.T) {
	// The start of a baseline JPEG: SOI, a JFIF header, then a frame header
	// of 1x1 pixels with n components.
	frame := func(n int) []byte {
		b := []byte{0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}
		b = append(b, 0xff, 0xc0, 0, byte(8+3*n), 8, 0, 1, 0, 1, byte(n))
		for i := range n {
			b = append(b, byte(i+1), 0x11, 0)
		}
		return b
	}
	cases := map[string][]byte{"four components": frame(4)}
	// Go's own CMYK test image, when the Go tree is there.
	root, _ := exec.Command("go", "env", "GOROOT").Output()
	if data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(root)), "src", "image", "testdata", "video-001.cmyk.jpeg")); err == nil {
		cases["video-001.cmyk.jpeg"] = data
	} else {
		t.Logf("without Go's CMYK test image: %v", err)
	}
	for name, data := range cases {
		for _, size := range [][2]float64{{0, 0}, {30, 20}} {
			doc := one(&document.Image{Data: data, Type: "jpeg", Width: size[0], Height: size[1], Alt: "A photograph"})
			err := Render(io.Discard, doc)
			if !errors.Is(err, ErrColorSpace) || !strings.Contains(err.Error(), `image "A photograph"`) {
				t.Errorf("%s, %v mm: %v, want ErrColorSpace naming the image", name, size, err)
			}
		}
	}
	for name, img := range map[string]image.Image{"rgb": image.NewRGBA(image.Rect(0, 0, 8, 8)), "grey": image.NewGray(image.Rect(0, 0, 8, 8))} {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, nil); err != nil {
			t.Fatal(err)
		}
		if err := Render(io.Discard, one(&document.Image{Data: buf.Bytes(), Type: "jpeg", Alt: "A photograph"})); err != nil {
			t.Errorf("%s JPEG: %v", name, err)
		}
	}
}

// stylesFixture uses every font style, nested lists and an image without a
// print size.
func stylesFixture() *document.Document {
	return &document.Document{
		Title: "Styles – Arddulliau", Date: fixture().Date,
		PageLabel: func(p, n int) string { return fmt.Sprintf("Tudalen %d o %d", p, n) },
		Parts: []*document.Part{{Blocks: []document.Block{
			&document.Heading{Level: 2, Spans: []document.Span{{Text: "Heading "}, {Text: "italic", Italic: true}}},
			&document.Paragraph{Spans: []document.Span{
				{Text: "Regular, "}, {Text: "bold, ", Bold: true}, {Text: "italic, ", Italic: true},
				{Text: "bold italic", Bold: true, Italic: true}, {Text: ", "},
				{Text: "a link", Href: "https://www.justiceinspectorates.gov.uk/hmicfrs/"},
				{Text: ", £100 – “quoted” Gwasanaeth Heddlu ŵ ŷ."},
			}},
			&document.List{Items: []*document.ListItem{
				{Label: "•", Blocks: []document.Block{para("", "Outer item."),
					&document.List{Items: []*document.ListItem{{Label: "–", Blocks: []document.Block{para("", "Inner item.")}}}}}},
				{Label: "•"},
			}},
			&document.Image{Data: png16(), Type: "png", Alt: "Grey square"},
		}}},
	}
}

// BenchmarkRender renders the fixture: the seed response, six pages.
func BenchmarkRender(b *testing.B) {
	doc := fixture()
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPageCount runs the layout pass alone on the fixture.
func BenchmarkPageCount(b *testing.B) {
	doc := fixture()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PageCount(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// TestConcurrentRender renders in parallel, as a build of several documents
// may: Render shares no mutable state.
func TestConcurrentRender(t *testing.T) {
	want := render(t, fixture())
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			var buf bytes.Buffer
			err := Render(&buf, fixture())
			if err == nil && !bytes.Equal(buf.Bytes(), want) {
				err = fmt.Errorf("concurrent render differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// FuzzRender renders arbitrary text in every kind of block: it never
// panics, fails only with ErrUnsupportedText, and what it writes is well
// tagged.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"", " ", "Hello, world.", seedLetter[2], "£ – ŵ ŷ “q”", "a\u00adb\u200bc", "e\u0301", "😀", "\xff", strings.Repeat("x", 500), "\n\t \r", "cy", "a\tb", longURL} {
		f.Add(s, "https://example.org/")
		f.Add(s, "#"+s)
	}
	f.Fuzz(func(t *testing.T, s, href string) {
		spans := []document.Span{{Text: s}, {Text: s, Bold: true, Href: href}, {Break: true}, {Text: s, Italic: true},
			{Text: s, Code: true, Href: href}, {Text: s, Lang: s}}
		cells := []document.Cell{{Spans: spans}, {}, {Spans: spans[:1]}}
		doc := &document.Document{
			Title: s, Lang: "en-GB",
			PageLabel: func(p, n int) string { return s },
			Parts: []*document.Part{{ID: s, Outline: s, Lang: s, Blocks: []document.Block{
				&document.Heading{Level: len(s) % 8, ID: href, Spans: spans},
				&document.Paragraph{Class: document.Letterhead, Spans: spans},
				&document.List{Items: []*document.ListItem{{Label: s, Outline: s, ID: s, Blocks: []document.Block{
					&document.Paragraph{Spans: spans},
					&document.Paragraph{Class: document.Label, Spans: spans},
				}}}},
				&document.Quote{Lang: s, Blocks: []document.Block{
					&document.CodeBlock{Info: s, Lines: []string{s, "", s + s}},
					&document.Rule{},
					&document.Table{Lang: s, Align: []document.Align{document.AlignRight, document.Align(len(s))}, Head: [][]document.Cell{cells}, Body: [][]document.Cell{cells, cells[:1]}},
				}},
				&document.Group{Class: document.Signature, Blocks: []document.Block{&document.Paragraph{Class: document.Closing, Spans: spans}}},
			}}},
		}
		var buf bytes.Buffer
		err := Render(&buf, doc)
		if err != nil && !errors.Is(err, ErrUnsupportedText) {
			t.Errorf("Render: %v", err)
		}
		if err != nil {
			return
		}
		// What is written is well tagged.
		f, err := pdfread.Parse(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		checkContent(t, f, checkStructure(t, f, doc))
	})
}

// TestRendererDoesNotRead: the renderer shares PDF's lexical rules with
// the reader (internal/pdfsyntax) but depends neither on the reader nor on
// pdfcpu's parser or API; only its tests read PDFs. The finisher spells
// names with pdfcpu's types package, which reads nothing.
func TestRendererDoesNotRead(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/opcc-tools/s55/internal/pdfsyntax") || !slices.Contains(deps, "github.com/jung-kurt/gofpdf") {
		t.Fatalf("go list -deps gives %d packages without pdfsyntax and gofpdf", len(deps))
	}
	for _, d := range deps {
		if strings.Contains(d, "internal/pdfread") || d == "github.com/pdfcpu/pdfcpu/pkg/pdfcpu" || strings.HasPrefix(d, "github.com/pdfcpu/pdfcpu/pkg/api") {
			t.Errorf("the renderer depends on %s", d)
		}
	}
}
