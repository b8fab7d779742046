package build_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/markdown/spec"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/pdfread"
	"github.com/opcc-tools/s55/internal/submission"
)

// The examples of every local policing body and of a letter's furniture,
// each in an office folder of its own.
const (
	pfccExample  = "../../responses/pfcc-northshire/2025-03-27-custody-northshire"
	mayorExample = "../../responses/mayor-exampleton/2025-06-19-vawg-exampleton"
	jointExample = "../../responses/opcc-westshire/2025-09-18-fraud-westshire"
	peelExample  = "../../responses/opcc-westshire/2025-10-30-peel-westshire"
)

// bodyExample is an example built into a temporary folder.
type bodyExample struct {
	r   *build.Result
	dir string
}

// buildExample builds dir, which must pass check with no warning, and
// writes it.
func buildExample(t *testing.T, dir string) bodyExample {
	t.Helper()
	r, diags := build.Render(dir, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if n := diags.Count(diag.Warning) + diags.Count(diag.Note); n != 0 {
		t.Errorf("%s: %v", dir, diags)
	}
	out := t.TempDir()
	if err := outdir.WriteBuild(filepath.Join(out, r.Folder.ID), r.Files); err != nil {
		t.Fatal(err)
	}
	return bodyExample{r, filepath.Join(out, r.Folder.ID)}
}

func (e bodyExample) file(name string) string { return filepath.Join(e.dir, name) }

// figures returns the text alternative of every Figure of the PDF's
// structure tree, in order, as internal/pdfread reads it.
func figures(t *testing.T, data []byte) []string {
	t.Helper()
	root := structTree(t, data)
	var alts []string
	root.Walk(func(_ *pdfread.Element, c pdfread.Content, _ int) {
		if c.Elem != nil && c.Elem.Type == "Figure" {
			alts = append(alts, c.Elem.Alt)
		}
	})
	return alts
}

// popplerFigures counts the Figures "pdfinfo -struct" finds.
func popplerFigures(t *testing.T, file string) int {
	t.Helper()
	conformance.Need(t, conformance.Pdfinfo)
	text, err := conformance.PDFStructText(file)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range conformance.ParseStructText(text) {
		if l.Role == "Figure" {
			n++
		}
	}
	return n
}

// TestBodiesText builds the examples of a PFCC, a mayor, a joint letter
// and a PEEL report of three kinds: every heading and paragraph of each
// comes back, in order, from the PDF as pdftotext reads it, from the
// PDF's tagged text and from the HTML; and the HTML passes the Nu HTML
// Checker and axe-core.
func TestBodiesText(t *testing.T) {
	var pages []string
	for _, dir := range []string{pfccExample, mayorExample, jointExample, peelExample} {
		e := buildExample(t, dir)
		name := e.r.Folder.ID
		paras := editionTexts(e.r.Set.Response)
		if len(paras) < 20 {
			t.Fatalf("%s: %d paragraphs", name, len(paras))
		}
		t.Run(name+"/pdftotext", func(t *testing.T) {
			if p, ok := inOrder(pdfText(t, e.file("response.pdf")), paras); !ok {
				t.Errorf("response.pdf lacks, in order: %q", p)
			}
		})
		t.Run(name+"/tagged", func(t *testing.T) {
			root := structTree(t, e.r.File("response.pdf"))
			if p, ok := inOrder(spec.TaggedText(conformance.StructTextOf(root, false)), paras); !ok {
				t.Errorf("the tagged text of response.pdf lacks, in order: %q", p)
			}
		})
		if p, ok := inOrder(htmlText(t, e.file("response.html")), paras); !ok {
			t.Errorf("%s: response.html lacks, in order: %q", name, p)
		}
		for _, f := range e.r.Files {
			if strings.HasSuffix(f.Name, ".html") {
				pages = append(pages, e.file(f.Name))
			}
		}
	}
	conformance.CheckHTML(t, pages...)
}

// TestPFCCExample: a PFCC's office speaks as one, in the letter s55 new
// would write and in the appendix ("Commissioner's comment:", never "PCC
// comment:"), and its logo, described, is a Figure with its text
// alternative in the PDF and an image with it in the HTML.
func TestPFCCExample(t *testing.T) {
	e := buildExample(t, pfccExample)
	text := normalize(htmlText(t, e.file("response.html")))
	for _, want := range []string{"as police, fire and crime commissioner i am pleased", "commissioner's comment: i will ask", "commissioner's comment: my office funds"} {
		if !strings.Contains(text, want) {
			t.Errorf("response.html lacks %q", want)
		}
	}
	if strings.Contains(text, "pcc comment") {
		t.Error(`response.html says "PCC comment"`)
	}
	const logo = "Badge of the Northshire Police, Fire and Crime Commissioner, a shield quartered in blue and white"
	if got := figures(t, e.r.File("letter.pdf")); !slices.Equal(got, []string{logo, "Signature of Jordan Example"}) {
		t.Errorf("letter.pdf's figures %q", got)
	}
	if !bytes.Contains(e.r.File("letter.html"), []byte(`<p class="picture logo"><img src="data:image/png;base64,`)) ||
		!bytes.Contains(e.r.File("letter.html"), []byte(`alt="`+logo+`"`)) {
		t.Error("letter.html lacks the logo with its text alternative")
	}
	d := e.r.Set.Response
	if k := strings.Join(d.Keywords, ", "); !strings.Contains(k, "Police, Fire and Crime Commissioner for Northshire") ||
		d.Subject != "Response of the Police, Fire and Crime Commissioner for Northshire under section 55 of the Police Act 1996 to the report 'An inspection of custody services in Northshire Police'" {
		t.Errorf("subject %q, keywords %q", d.Subject, k)
	}
}

// TestMayorExample: a mayor's office signs on the mayor's behalf under a
// title of two lines, printed as two lines under the name (PDF and HTML)
// and as one in a sentence (the PDF's author, the e-mail); its comments are
// the Mayor's; its crest is decoration, drawn as an artifact with no
// Figure and an empty alt; its letter carries its delivery and reference
// lines in place; and signature: none leaves a space and no picture.
func TestMayorExample(t *testing.T) {
	e := buildExample(t, mayorExample)
	if figs := figures(t, e.r.File("letter.pdf")); len(figs) != 0 {
		t.Errorf("letter.pdf has figures %q: the crest is decoration, the signature a space", figs)
	}
	if n := popplerFigures(t, e.file("letter.pdf")); n != 0 {
		t.Errorf("pdfinfo -struct finds %d figures", n)
	}
	html := string(e.r.File("letter.html"))
	if !strings.Contains(html, `<p class="picture logo"><img src="data:image/png;base64,`) || !regexp.MustCompile(`<p class="picture logo"><img [^>]*alt=""`).MatchString(html) {
		t.Error("letter.html lacks the crest with an empty alt")
	}
	if strings.Count(html, "<img") != 1 || !strings.Contains(html, `<div class="space"></div>`) {
		t.Error("letter.html has a picture where the letter is signed by hand, or no space")
	}
	if !strings.Contains(html, "<strong>Sam Example</strong><br>\nDeputy Mayor for Policing and Crime<br>\non behalf of the Mayor of Exampleton</p>") {
		t.Error("letter.html does not print the title as two lines under the name")
	}
	if a := e.r.Set.Letter.Author; a != "Sam Example, Deputy Mayor for Policing and Crime on behalf of the Mayor of Exampleton" {
		t.Errorf("author %q", a)
	}
	t.Run("pdf", func(t *testing.T) {
		raw := pdfText(t, e.file("letter.pdf"))
		if !strings.Contains(raw, "Sam Example\nDeputy Mayor for Policing and Crime\non behalf of the Mayor of Exampleton\n") {
			t.Errorf("the title is not two lines under the name:\n%s", raw)
		}
		if p, ok := inOrder(raw, []string{"by email", "rt hon yvette cooper mp", "sw1p 4df", "our ref: pc/hmicfrs/2025/11", "19th june 2025", "dear home secretary"}); !ok {
			t.Errorf("the letter's head lacks, in order: %q", p)
		}
		conformance.Need(t, conformance.Pdfimages)
		images, err := conformance.PDFImages(e.file("letter.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		images = slices.DeleteFunc(images, func(im conformance.Image) bool { return im.Type != "image" }) // its alpha is a mask
		if len(images) != 1 || images[0].Page != 1 {
			t.Errorf("images %+v, want the crest on page 1", images)
		}
	})
	text := normalize(htmlText(t, e.file("response.html")))
	for _, want := range []string{"as deputy mayor for policing and crime on behalf of the mayor of exampleton i am pleased to provide the mayor's formal response", "mayor's comment: the mayor funds"} {
		if !strings.Contains(text, want) {
			t.Errorf("response.html lacks %q", want)
		}
	}
	if strings.Contains(text, "pcc comment") {
		t.Error(`response.html says "PCC comment"`)
	}

	// The s.55(6) copy: the title on one line, headers folded.
	m, diags := submission.New(e.r.Folder, e.r.Themes, e.r.File("response.pdf"), time.Date(2025, 6, 19, 12, 0, 0, 0, time.UTC), nil)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	data, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := bytes.Cut(data, []byte("\r\n\r\n"))
	for _, l := range strings.Split(string(head), "\r\n") {
		if len(l) > 78 || strings.ContainsAny(l, "\r\n") {
			t.Errorf("header line %q", l)
		}
	}
	if !strings.Contains(m.Body, "a copy of the Mayor's response, as the local policing body, to the report") || !strings.Contains(m.Body, "The Mayor's office for policing and crime") {
		t.Errorf("message body %q", m.Body)
	}
}

// TestJointExample: a letter signed by the Commissioner and the Chief
// Constable holds both signatures under the one closing, each a Figure
// with its text alternative (pdfinfo -struct finds two), side by side in
// one group that also holds the names and titles, and each an <img alt>
// in the HTML, in a group that wraps on a narrow screen.
func TestJointExample(t *testing.T) {
	e := buildExample(t, jointExample)
	want := []string{"Signature of Morgan Example", "Signature of Chris Example"}
	for _, name := range []string{"letter.pdf", "response.pdf"} {
		if got := figures(t, e.r.File(name)); !slices.Equal(got, want) {
			t.Errorf("%s: figures %q, want %q", name, got, want)
		}
	}
	if n := popplerFigures(t, e.file("letter.pdf")); n != 2 {
		t.Errorf("pdfinfo -struct finds %d figures, want 2", n)
	}
	html := string(e.r.File("letter.html"))
	group := regexp.MustCompile(`(?s)<div class="signature">\s*<p class="closing">Yours sincerely</p>\s*<div class="signatories">(.*?)</div>\s*</div>\s*</div>`).FindStringSubmatch(html)
	if group == nil {
		t.Fatalf("letter.html has no group of signatories under the closing")
	}
	for i, who := range []string{"Morgan Example", "Chris Example"} {
		if !strings.Contains(group[1], `alt="`+want[i]+`"`) || !strings.Contains(group[1], "<strong>"+who+"</strong>") {
			t.Errorf("the signatories lack %s's signature or name", who)
		}
	}
	if !strings.Contains(group[1], "<strong>Chris Example</strong><br>\nChief Constable<br>\nWestshire Constabulary</p>") {
		t.Error("the Chief Constable's title of two lines is not printed as two")
	}
	t.Run("pdf", func(t *testing.T) {
		raw := normalize(pdfText(t, e.file("letter.pdf")))
		if p, ok := inOrder(raw, []string{"yours sincerely", "morgan example police and crime commissioner for westshire", "chris example chief constable westshire constabulary", "cc hmicfrs", "enc - appendix 1"}); !ok {
			t.Errorf("letter.pdf lacks, in order: %q", p)
		}
	})
}

// TestPEELExample: an appendix of three kinds holds a section for each,
// headed from the phrase book in the order the report first gives them,
// the recommendations under the cause of concern within its section; each
// list prints its items' own numbers; the headings skip no level; and the
// PDF's bookmarks nest the sections under the appendix and the items
// under them.
func TestPEELExample(t *testing.T) {
	e := buildExample(t, peelExample)
	html := string(e.r.File("appendix-1.html"))
	headings := regexp.MustCompile(`<h([1-6])[^>]*>([^<]*)`).FindAllStringSubmatch(html, -1)
	var got []string
	last := 0
	for _, h := range headings {
		got = append(got, h[1]+" "+h[2])
		if lv := int(h[1][0] - '0'); lv > last+1 {
			t.Errorf("heading %q skips a level after h%d", h[2], last)
		} else {
			last = lv
		}
	}
	if want := []string{"1 Appendix 1", "2 Causes of concern", "2 Recommendations", "2 Areas for improvement"}; !slices.Equal(got, want) {
		t.Errorf("headings %q, want %q", got, want)
	}
	values := func(section string) []string {
		m := regexp.MustCompile(`(?s)>` + section + `</h2>\s*<ol class="item">(.*?)</ol>\s*(?:<h2|</section>)`).FindStringSubmatch(html)
		if m == nil {
			t.Fatalf("no list after %q", section)
		}
		var vs []string
		for _, v := range regexp.MustCompile(`<li id="([a-z-]+\d+)" value="(\d+)">`).FindAllStringSubmatch(m[1], -1) {
			vs = append(vs, v[1]+"="+v[2])
		}
		return vs
	}
	for section, want := range map[string][]string{
		"Causes of concern":     {"coc-1=1", "rec-1=1", "rec-2=2"},
		"Recommendations":       {"rec-3=3", "rec-4=4"},
		"Areas for improvement": {"afi-1=1", "afi-2=2", "afi-3=3"},
	} {
		if got := values(section); !slices.Equal(got, want) {
			t.Errorf("%s: items %q, want %q", section, got, want)
		}
	}

	f, err := pdfread.Parse(e.r.File("response.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var outline []string
	var walk func(o pdfread.Dict, depth int)
	walk = func(o pdfread.Dict, depth int) {
		for ; o != nil; o = f.Dict(o["Next"]) {
			outline = append(outline, strings.Repeat("  ", depth)+f.Text(o["Title"]))
			walk(f.Dict(o["First"]), depth+1)
		}
	}
	walk(f.Dict(f.Dict(f.Root()["Outlines"])["First"]), 0)
	want := []string{
		"Letter to the Home Secretary",
		"Appendix 1 – Westshire Constabulary's response to HMICFRS report 'PEEL 2025: An inspection of Westshire Constabulary'.",
		"  Causes of concern", "    Cause of concern 1", "      Recommendation 1", "      Recommendation 2",
		"  Recommendations", "    Recommendation 3", "    Recommendation 4",
		"  Areas for improvement", "    Area for improvement 1", "    Area for improvement 2", "    Area for improvement 3",
	}
	if !slices.Equal(outline, want) {
		t.Errorf("bookmarks\n%s\nwant\n%s", strings.Join(outline, "\n"), strings.Join(want, "\n"))
	}
	t.Run("tagged", func(t *testing.T) {
		root, err := f.StructTree()
		if err != nil {
			t.Fatal(err)
		}
		var hs []string
		root.Walk(func(_ *pdfread.Element, c pdfread.Content, _ int) {
			if c.Elem != nil && len(c.Elem.Type) == 2 && c.Elem.Type[0] == 'H' {
				hs = append(hs, c.Elem.Type+" "+c.Elem.Text())
			}
		})
		if want := []string{"H1 Response to HMICFRS Report: 'PEEL 2025: An inspection of Westshire Constabulary'", "H2 Appendix 1 Westshire Constabulary's response to HMICFRS report 'PEEL 2025: An inspection of Westshire Constabulary'.",
			"H3 Causes of concern", "H3 Recommendations", "H3 Areas for improvement"}; !slices.Equal(normalizeAll(hs), normalizeAll(want)) {
			t.Errorf("the PDF's headings %q", hs)
		}
	})
}

func normalizeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = normalize(s)
	}
	return out
}
