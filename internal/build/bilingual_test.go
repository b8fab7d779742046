package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/pdfread"
)

// welsh is the bilingual example: a fictional Welsh office, Welsh first.
const welsh = "../../responses/heddlu-enghraifft/2025-11-20-peel-enghraifft"

// bilingualFooter is the page number of the bilingual response.
var bilingualFooter = regexp.MustCompile(`(?m)^Tudalen \d+ o \d+ / Page \d+ of \d+$`)

// welshBuild builds the bilingual example into a temporary folder.
func welshBuild(t *testing.T) (*build.Result, string) {
	t.Helper()
	r, diags := build.Render(welsh, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	// The one warning is the placeholder signature, as for the reference.
	if n := diags.Count(diag.Warning); n != 1 || !strings.Contains(diags[0].Msg, "placeholder") {
		t.Errorf("warnings: %v", diags)
	}
	out := t.TempDir()
	if err := outdir.WriteBuild(filepath.Join(out, r.Folder.ID), r.Files); err != nil {
		t.Fatal(err)
	}
	return r, filepath.Join(out, r.Folder.ID)
}

// TestBilingualFiles: a bilingual office's build writes each language's
// letter, appendix and response, and the bilingual response, each as PDF
// and HTML, and nothing else.
func TestBilingualFiles(t *testing.T) {
	r, dir := welshBuild(t)
	var got []string
	for _, f := range r.Files {
		got = append(got, f.Name)
	}
	var want []string
	for _, name := range []string{"letter.cy", "appendix-1.cy", "response.cy", "letter.en", "appendix-1.en", "response.en", "response"} {
		want = append(want, name+".pdf", name+".html")
	}
	if !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(want) {
		t.Errorf("%d files written, want %d", len(entries), len(want))
	}
	// Building again gives the same bytes.
	again, _ := build.Render(welsh, build.Options{})
	for i, f := range r.Files {
		if !bytes.Equal(f.Data, again.Files[i].Data) {
			t.Errorf("%s differs between two builds", f.Name)
		}
	}
}

// bare is text normalised without its spaces.
func bare(s string) string { return strings.ReplaceAll(normalize(s), " ", "") }

// editionTexts returns the paragraphs and headings of an edition's
// response, in order.
func editionTexts(d *document.Document) []string {
	var out []string
	for _, p := range d.Parts {
		document.Walk(p.Blocks, func(b document.Block) {
			switch b := b.(type) {
			case *document.Paragraph:
				out = append(out, normalize(document.Text(b.Spans)))
			case *document.Heading:
				out = append(out, normalize(document.Text(b.Spans)))
			}
		})
	}
	return out
}

// TestBilingualText: every paragraph of both languages comes back, Welsh
// first and then English, from the bilingual response's PDF (pdftotext)
// and HTML, and each language's from its own response; the passages the
// letters mark in the other language among them. Paragraphs are taken
// from each language's tree, and a few sentences straight from the data.
func TestBilingualText(t *testing.T) {
	r, dir := welshBuild(t)
	if len(r.Set.Editions) != 2 || r.Set.Editions[0].Lang != "cy-GB" || r.Set.Editions[1].Lang != "en-GB" {
		t.Fatalf("editions %v", r.Set.Editions)
	}
	cy, en := editionTexts(r.Set.Editions[0].Response), editionTexts(r.Set.Editions[1].Response)
	for _, want := range []string{
		"rwy'n croesawu canfyddiadau'r arolygiad peel (police effectiveness, efficiency and legitimacy).",
		"mae'r argymhelliad hwn wedi'i gyfeirio at y swyddfa gartref a'r coleg plismona. bydd yr heddlu yn aros am ragor o wybodaeth am y cynnydd o ran ei gyflawni.",
		"20fed tachwedd 2025",
		"yn gywir",
		// The addressees mutate after "at", and the last after "a".
		"mae'r argymhelliad hwn wedi'i gyfeirio at wasanaeth erlyn y goron a chyngor cenedlaethol prif swyddogion yr heddlu. bydd yr heddlu yn aros",
		"ymateb y comisiynydd: byddaf yn cyhoeddi mesurau'r cynllun bob chwarter.",
		"safbwynt: derbyniwyd yn rhannol",
		"rheswm: bydd y cynllun yn barod erbyn mis mawrth 2026",
	} {
		if !slices.ContainsFunc(cy, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("the Welsh edition lacks %q", want)
		}
	}
	for _, want := range []string{
		"the force's promise to the communities it serves, gwasanaethu gyda balchder (serving with pride)",
		"ymateb yr heddlu: mae'r heddlu wedi recriwtio", // not English: proves the test reads the right edition
	} {
		found := slices.ContainsFunc(en, func(s string) bool { return strings.Contains(s, want) })
		if found != strings.HasPrefix(want, "the force") {
			t.Errorf("the English edition: %q found %v", want, found)
		}
	}
	for _, want := range []string{
		"this recommendation is addressed to the crown prosecution service and the national police chiefs' council. the force will await",
		"pcc response: i will publish the plan's measures every quarter.",
		"position: partly accepted",
	} {
		if !slices.ContainsFunc(en, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("the English edition lacks %q", want)
		}
	}
	both := append(slices.Clone(cy), en...)
	pdf := func(name string) string {
		return bilingualFooter.ReplaceAllString(pdfText(t, filepath.Join(dir, name+".pdf")), "")
	}
	// The text read from the HTML has a space where each tag was (the
	// span of a passage in another language): it is compared without
	// spaces.
	html := func(name string) string { return bare(htmlText(t, filepath.Join(dir, name+".html"))) }
	bareAll := func(ps []string) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = bare(p)
		}
		return out
	}
	for _, c := range []struct {
		name  string
		text  func(string) string
		paras []string
	}{
		{"response", pdf, both}, {"response", html, bareAll(both)},
		{"response.cy", pdf, cy}, {"response.cy", html, bareAll(cy)},
		{"response.en", pdf, en}, {"response.en", html, bareAll(en)},
	} {
		if p, ok := inOrder(c.text(c.name), c.paras); !ok {
			t.Errorf("%s lacks, in order: %q", c.name, p)
		}
	}
	// The English edition's words are not in the Welsh one.
	if strings.Contains(normalize(pdf("response.cy")), "dear home secretary") {
		t.Errorf("response.cy.pdf holds the English letter")
	}
	if n := strings.Count(normalize(pdf("response")), "yours sincerely") + strings.Count(normalize(pdf("response")), "yn gywir"); n != 2 {
		t.Errorf("the bilingual response closes %d letters, want 2", n)
	}
}

// TestBilingualHTML: every page passes the Nu HTML Checker and axe-core;
// each part and each passage in another language carries its lang; the
// bilingual page opens with a link to each language, in that language.
func TestBilingualHTML(t *testing.T) {
	r, dir := welshBuild(t)
	var files []string
	for _, f := range r.Files {
		if strings.HasSuffix(f.Name, ".html") {
			files = append(files, filepath.Join(dir, f.Name))
		}
	}
	page := string(r.File("response.html"))
	for _, want := range []string{
		`<html lang="cy-GB">`,
		`<title>Ymateb i Adroddiad HMICFRS: &#39;PEEL 2025–27: Arolygiad o Heddlu Enghraifft&#39; / Response to HMICFRS Report: &#39;PEEL 2025–27: An inspection of Example Police&#39;</title>`,
		`<p class="editions"><a href="#letter" lang="cy-GB">Darllen yn Gymraeg</a>`,
		`<a href="#en-letter" lang="en-GB">Read in English</a>`,
		`<section class="part letter" id="letter" aria-label="Llythyr i&#39;r Ysgrifennydd Cartref" lang="cy-GB">`,
		`<section class="part appendix" id="en-appendix-1" aria-label="Appendix 1`,
		`(<span lang="en-GB">police effectiveness, efficiency and legitimacy</span>)`,
		`<span lang="cy">Gwasanaethu gyda balchder</span>`,
		`<div lang="cy">`,
		`aria-label="Tabl: Mis a Galwadau brys a atebwyd o fewn 10 eiliad"`,
		`aria-label="Table: Month and Emergency calls answered within 10 seconds"`,
		`<a href="https://hmicfrs.justiceinspectorates.gov.uk/publications/peel-2025-27-example-police/" lang="en-GB">The report on the inspectorate&#39;s website</a>`,
		`<li id="rec-3" value="3">`,
		`<li id="en-rec-3" value="3">`,
		`.s55-document [lang] { hyphens: manual; }`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("response.html lacks %s", want)
		}
	}
	if got := strings.Count(page, `lang="cy-GB">`) - 2; got != 2 { // html, the Welsh link
		t.Errorf("%d Welsh parts, want 2", got)
	}
	letter := string(r.File("letter.en.html"))
	for _, want := range []string{
		`<html lang="en-GB">`,
		`<link rel="alternate" hreflang="cy-GB" href="letter.cy.html" title="Darllen yn Gymraeg" lang="cy-GB">`,
		`<a href="letter.cy.html" hreflang="cy-GB" lang="cy-GB">Darllen yn Gymraeg</a>`,
		`<section class="part letter" id="letter" aria-label="Letter to the Home Secretary" lang="en-GB">`,
	} {
		if !strings.Contains(letter, want) {
			t.Errorf("letter.en.html lacks %s", want)
		}
	}
	conformance.CheckHTML(t, files...)
}

// TestBilingualPDF: the bilingual response's PDF is tagged with the first
// language and each part with its own, the passages in another language
// with theirs (read with pdf.js, as Firefox does, and with s55's own PDF
// reader: poppler's pdfinfo -struct prints no languages); its title,
// bookmarks and XMP metadata name both languages; qpdf finds every PDF
// sound.
func TestBilingualPDF(t *testing.T) {
	r, dir := welshBuild(t)
	data := r.File("response.pdf")
	f, err := pdfread.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Text(f.Root()["Lang"]); got != "cy-GB" {
		t.Errorf("catalog /Lang %q", got)
	}
	found := structLanguages(f)
	for _, c := range []struct {
		kind, lang string
		n          int
	}{
		{"Part", "cy-GB", 2}, {"Part", "en-GB", 2}, {"Part", "", 0},
		{"Span", "en-GB", 1}, {"Span", "cy", 1}, {"Div", "cy", 1},
	} {
		if got := found[structLang{c.kind, c.lang}]; got != c.n {
			t.Errorf("pdfread: %d %s with /Lang %q, want %d", got, c.kind, c.lang, c.n)
		}
	}
	bilingualMetadata(t, f)
	t.Run("pdf.js", func(t *testing.T) { bilingualPDFJS(t, filepath.Join(dir, "response.pdf")) })
	t.Run("checkers", func(t *testing.T) { bilingualCheckers(t, r, dir) })
}

// structLang is an element of a structure tree: its type and its /Lang.
type structLang struct{ kind, lang string }

// structLanguages walks the structure tree of f and counts its elements
// by type and language.
func structLanguages(f *pdfread.File) map[structLang]int {
	found := map[structLang]int{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 64 {
			return
		}
		d := f.Dict(v)
		if d == nil {
			return
		}
		if s, ok := d["S"].(pdfread.Name); ok {
			found[structLang{string(s), f.Text(d["Lang"])}]++
		}
		for _, k := range f.Array(d["K"]) {
			if _, mcid := f.Resolve(k).(int); !mcid {
				walk(k, depth+1)
			}
		}
	}
	walk(f.Root()["StructTreeRoot"], 0)
	return found
}

// bilingualMetadata requires the XMP title and language in both
// languages, and the bookmarks of both editions in order.
func bilingualMetadata(t *testing.T, f *pdfread.File) {
	t.Helper()
	xmp := f.Stream(f.Root()["Metadata"])
	for _, want := range []string{
		`<rdf:li xml:lang="cy-GB">Ymateb i Adroddiad HMICFRS: &apos;PEEL 2025–27: Arolygiad o Heddlu Enghraifft&apos;</rdf:li>`,
		`<rdf:li xml:lang="en-GB">Response to HMICFRS Report: &apos;PEEL 2025–27: An inspection of Example Police&apos;</rdf:li>`,
		`<dc:language><rdf:Bag><rdf:li>cy-GB</rdf:li><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>`,
	} {
		if xmp == nil || !strings.Contains(string(xmp.Data), want) {
			t.Errorf("XMP lacks %s", want)
		}
	}
	var outline []string
	for o := f.Dict(f.Dict(f.Root()["Outlines"])["First"]); o != nil; o = f.Dict(o["Next"]) {
		outline = append(outline, f.Text(o["Title"]))
	}
	if want := []string{"Llythyr i'r Ysgrifennydd Cartref", "Atodiad 1 – Ymateb Heddlu Enghraifft i adroddiad HMICFRS 'PEEL 2025–27: Arolygiad o Heddlu Enghraifft'.",
		"Letter to the Home Secretary", "Appendix 1 – Example Police's response to HMICFRS report 'PEEL 2025–27: An inspection of Example Police'."}; !slices.Equal(outline, want) {
		t.Errorf("bookmarks %q, want %q", outline, want)
	}
}

// bilingualPDFJS reads the bilingual PDF's languages with pdf.js.
func bilingualPDFJS(t *testing.T, file string) {
	conformance.Need(t, conformance.Node, conformance.PDFJS)
	doc, err := conformance.PDFJSStructure(file)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Info["Language"] != "cy-GB" {
		t.Errorf("pdf.js: document language %v", doc.Info["Language"])
	}
	langs := doc.Languages()
	for _, want := range []string{"Part cy-GB", "Part en-GB", "Span en-GB", "Span cy", "Div cy"} {
		if langs[want] == 0 {
			t.Errorf("pdf.js finds no %s; languages %v", want, langs)
		}
	}
}

// bilingualCheckers checks every PDF of the build with qpdf, and the
// bilingual one's title and tagging with pdfinfo.
func bilingualCheckers(t *testing.T, r *build.Result, dir string) {
	conformance.Need(t, conformance.QPDF, conformance.Pdfinfo)
	for _, file := range r.Files {
		if strings.HasSuffix(file.Name, ".pdf") {
			if err := conformance.QPDFCheck(filepath.Join(dir, file.Name)); err != nil {
				t.Errorf("%s: %v", file.Name, err)
			}
		}
	}
	info, err := conformance.PDFInfo(filepath.Join(dir, "response.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(info["Title"], "Ymateb i Adroddiad HMICFRS:") || !strings.Contains(info["Title"], " / Response to HMICFRS Report:") {
		t.Errorf("title %q", info["Title"])
	}
	if info["Tagged"] != "yes" {
		t.Errorf("pdfinfo: tagged %q", info["Tagged"])
	}
}
