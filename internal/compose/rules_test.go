package compose_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
)

// composeEdited copies the reference office and response into a new
// folder, lets edit change response.yaml and letter.md, and composes it.
func composeEdited(t *testing.T, edit func(resp, letter string) (string, string), office ...func(string) string) (*compose.Set, diag.List, string) {
	t.Helper()
	root := t.TempDir()
	files, err := staging.ReadTree("../../responses")
	if err != nil {
		t.Fatal(err)
	}
	if err := staging.WriteDir(filepath.Join(root, "responses"), files, false); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "responses", "2021-09-13-rape-inspection-phase-one")
	resp, _ := os.ReadFile(filepath.Join(dir, "response.yaml"))
	letter, _ := os.ReadFile(filepath.Join(dir, "letter.md"))
	r, l := edit(string(resp), string(letter))
	for _, o := range office {
		data, _ := os.ReadFile(filepath.Join(root, "responses", "office.yaml"))
		os.WriteFile(filepath.Join(root, "responses", "office.yaml"), []byte(o(string(data))), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "response.yaml"), []byte(r), 0o644)
	os.WriteFile(filepath.Join(dir, "letter.md"), []byte(l), 0o644)
	f, diags := response.Load(dir, response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	th, diags := theme.Load("", f.Office.Language)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	set, diags := compose.Build(f, th)
	return set, diags, dir
}

func mustReplace(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("no %q to replace", old)
	}
	return strings.Replace(s, old, new, 1)
}

// TestNames: the names of items.
func TestNames(t *testing.T) {
	for _, tc := range []struct {
		appendix, number int
		kind, want       string
	}{
		{0, 1, response.Recommendation, "rec-1"},
		{0, 12, response.CauseOfConcern, "coc-12"},
		{0, 3, response.AreaForImprovement, "afi-3"},
		{1, 2, response.Recommendation, "a2-rec-2"},
		{9, 1, response.AreaForImprovement, "a10-afi-1"},
	} {
		if got := compose.ItemID(tc.appendix, tc.kind, tc.number); got != tc.want {
			t.Errorf("ItemID(%d, %s, %d) = %q, want %q", tc.appendix, tc.kind, tc.number, got, tc.want)
		}
	}
}

// TestAnchors: a link to a place in the documents is kept when the place
// exists, in any document of the set, and is an error at the place it was
// typed otherwise, with the link taken out of the tree.
func TestAnchors(t *testing.T) {
	set, diags, dir := composeEdited(t, func(resp, letter string) (string, string) {
		return resp, letter + "\nSee [the third](#rec-3) and [nowhere](#rec-33).\n"
	})
	var errs []string
	for _, d := range diags {
		if d.Severity == diag.Error {
			errs = append(errs, strings.TrimPrefix(d.Error(), dir+string(filepath.Separator)))
		}
	}
	want := "letter.md:13:29: error: the link goes to #rec-33, which is no place in the documents (did you mean #rec-3?)"
	if len(errs) != 1 || errs[0] != want {
		t.Errorf("errors %q, want %q", errs, want)
	}
	if set != nil {
		t.Fatal("a set with an error")
	}
	set, diags, _ = composeEdited(t, func(resp, letter string) (string, string) {
		return resp, letter + "\nSee [the third](#rec-3) and [the appendix](#appendix-1).\n"
	})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	var hrefs []string
	eachParagraph(set.Letter, func(p *document.Paragraph) {
		for _, s := range p.Spans {
			if s.Href != "" {
				hrefs = append(hrefs, s.Text+"="+s.Href)
			}
		}
	})
	if !slices.Contains(hrefs, "the third=#rec-3") || !slices.Contains(hrefs, "the appendix=#appendix-1") {
		t.Errorf("links %q", hrefs)
	}
}

func eachParagraph(d *document.Document, fn func(*document.Paragraph)) {
	for _, p := range d.Parts {
		document.Walk(p.Blocks, func(b document.Block) {
			if p, ok := b.(*document.Paragraph); ok {
				fn(p)
			}
		})
	}
}

// TestReportURL: the report's address passes the link policy, spelled as
// it spells it, and is linked beside each document; one the policy
// refuses, or a place in the document, is an error at report.url.
func TestReportURL(t *testing.T) {
	const url = "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/a-joint-thematic-inspection-of-the-police-and-crown-prosecution-services-response-to-rape/"
	for given, want := range map[string]string{
		"javascript:alert(1)":          `report.url: "javascript:": links are not published`,
		"'#top'":                       "report.url: the report's address must be a web address",
		"https://example.org/a report": "https://example.org/a%20report",
		"' https://example.org/r '":    "https://example.org/r",
		"file:///etc/passwd":           `report.url: "file:": links are not published`,
	} {
		set, diags, _ := composeEdited(t, func(resp, letter string) (string, string) {
			return mustReplace(t, resp, "url: "+url, "url: "+given), letter
		})
		if strings.HasPrefix(want, "report.url") {
			if len(diags) == 0 || !strings.Contains(diags.Err().Error(), ":10:8: error: "+want) {
				t.Errorf("%s: %v, want an error at 10:8: %s", given, diags, want)
			}
			continue
		}
		if err := diags.Err(); err != nil {
			t.Fatalf("%s: %v", given, err)
		}
		var rel []string
		for _, r := range set.Letter.Related {
			rel = append(rel, r.Rel+" "+r.Href)
		}
		if !slices.Contains(rel, "report "+want) || !slices.Contains(rel, "alternate letter.pdf") {
			t.Errorf("%s: related %q, want the report at %s", given, rel, want)
		}
	}
}

// TestStandardSentence: an item with no response of its own, and no items
// under it, is answered with the standard sentence, labelled as the
// force's response; one with a response prints that; a comment follows,
// labelled as the PCC's.
func TestStandardSentence(t *testing.T) {
	set, diags, _ := composeEdited(t, func(resp, letter string) (string, string) {
		i := strings.Index(resp, "        number: 13\n")
		if i < 0 {
			t.Fatal("no recommendation 13")
		}
		return resp[:i] + mustReplace(t, resp[i:], "        status: other-body", "        comment: The office follows this.\n        status: other-body"), letter
	})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	var rec13 *document.ListItem
	document.Walk(set.Appendices[0].Parts[0].Blocks, func(b document.Block) {
		if l, ok := b.(*document.List); ok {
			for _, it := range l.Items {
				if it.ID == "rec-13" {
					rec13 = it
				}
			}
		}
	})
	if rec13 == nil {
		t.Fatal("no rec-13")
	}
	var answers []string
	for _, b := range rec13.Blocks {
		if p, ok := b.(*document.Paragraph); ok && p.Class == document.Answer {
			if !p.Spans[0].Bold {
				t.Errorf("an answer without its bold label: %q", document.Text(p.Spans))
			}
			answers = append(answers, document.Text(p.Spans))
		}
	}
	if len(answers) != 2 || !strings.HasPrefix(answers[0], "Force response: This recommendation is addressed to") ||
		!strings.Contains(answers[0], "await further information") || answers[1] != "PCC comment: The office follows this." {
		t.Errorf("rec-13's answers %q, want the standard sentence then the comment", answers)
	}
}

// TestTextCleaned: every text of the tree is in NFC, with no invisible
// character, so that both renderers print the same characters.
func TestTextCleaned(t *testing.T) {
	set, diags, _ := composeEdited(t, func(resp, letter string) (string, string) {
		return resp, letter + "\nCafe\u0301 with a zero\u200bwidth space and a soft\u00adhyphen.\n"
	})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	found := false
	eachParagraph(set.Letter, func(p *document.Paragraph) {
		text := document.Text(p.Spans)
		if strings.Contains(text, "width space") {
			found = true
			if text != "Café with a zerowidth space and a softhyphen." {
				t.Errorf("paragraph %q, want NFC without invisible characters", text)
			}
		}
	})
	if !found {
		t.Error("the paragraph is missing")
	}
}

// TestProblemsOnce: an appendix is composed alone and in the response,
// and each of its problems is reported once, at its place.
func TestProblemsOnce(t *testing.T) {
	_, diags, _ := composeEdited(t, func(resp, letter string) (string, string) {
		return mustReplace(t, resp, "          Immediately, police forces should ensure", "          Immediately, <b>police</b> forces should ensure"), letter
	})
	n := 0
	for _, d := range diags {
		if strings.Contains(d.Msg, `raw HTML "<b>"`) {
			n++
			if d.Line != 26 || d.Col != 24 {
				t.Errorf("%v, want it at 26:24", d)
			}
		}
	}
	if n != 1 {
		t.Errorf("the raw HTML is reported %d times, want once: %v", n, diags)
	}
}

// TestLetterStructure composes the reference letter and checks each
// block in order: the letterhead and the recipient a line each, the date,
// the salutation, the subject as the one heading of level 1, the body,
// the signature kept together (closing, picture at its width, name in
// bold and title), the copy line and one enclosure line for each
// appendix. Without a width, the signature prints at SignatureWidth; a
// salutation and a subject the data leaves out come from the phrase book.
func TestLetterStructure(t *testing.T) {
	set, diags, _ := composeEdited(t, func(resp, letter string) (string, string) { return resp, letter })
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	got := describeLetter(set.Letter)
	head := []letterBlock{
		{"p", string(document.Letterhead), "Office of the Police and Crime Commissioner for Cambridgeshire and Peterborough|2 Stone Court, Pembroke Avenue, Waterbeach, Cambridge CB25 9PU"},
		{"p", string(document.Recipient), "Rt Hon Priti Patel MP|Home Secretary|2 Marsham Street|London|SW1P 4DF"},
		{"p", string(document.Dated), "13th September 2021"},
		{"p", string(document.Salutation), "Dear Home Secretary"},
	}
	if len(got) < 10 || !slices.Equal(got[:4], head) || got[4].kind != "h#" || got[4].class != "subject" {
		t.Fatalf("the letter opens %q, want %q then the subject", got[:min(len(got), 5)], head)
	}
	tail := []letterBlock{
		{"sig p", string(document.Closing), "Yours sincerely"},
		{"sig img", string(document.Signature), "Signature of Darryl Preston 50.0x"},
		{"sig p", string(document.Signatory), "*Darryl Preston*|Police and Crime Commissioner for Cambridgeshire and Peterborough"},
		{"p", string(document.Copies), ""},
		{"p", string(document.Enclosure), ""},
	}
	end := got[len(got)-len(tail):]
	for i, want := range tail {
		g := end[i]
		if g.kind != want.kind || g.class != want.class || !strings.HasPrefix(g.text, want.text) || g.text == "" {
			t.Errorf("block %d from the end is %q, want %q", len(tail)-i, g, want)
		}
	}
	for _, b := range got[5 : len(got)-len(tail)] {
		if b.kind != "p" && b.kind != "h##" {
			t.Errorf("the body holds %q", b)
		}
	}
	t.Run("defaults", letterDefaults)
}

// letterDefaults: with no width, no salutation, no sign-off and no
// copies, the letter has the defaults, and no copy line.
func letterDefaults(t *testing.T) {
	set, diags, _ := composeEdited(t, func(resp, letter string) (string, string) { return resp, letter }, func(office string) string {
		office = mustReplace(t, office, "  width: 50\n", "")
		office = mustReplace(t, office, "  salutation: Dear Home Secretary\n", "")
		return mustReplace(t, office, "cc: [PCC@hmic.gsi.gov.uk]\n", "")
	})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for _, b := range describeLetter(set.Letter) {
		switch {
		case b.class == string(document.Salutation) && b.text != "Dear Home Secretary":
			t.Errorf("salutation %q, want the phrase book's", b.text)
		case b.kind == "sig img" && !strings.HasPrefix(b.text, fmt.Sprintf("Signature of Darryl Preston %.1fx", float64(compose.SignatureWidth))):
			t.Errorf("signature %q, want it %v mm wide", b.text, compose.SignatureWidth)
		case b.class == string(document.Copies):
			t.Errorf("a copy line with no copies: %q", b.text)
		}
	}
}

// letterBlock is a block of a letter as TestLetterStructure compares it:
// its kind, its class and its text.
type letterBlock struct{ kind, class, text string }

// describeLetter is the blocks of a letter's first part in order, the
// signature's group opened.
func describeLetter(d *document.Document) []letterBlock {
	var out []letterBlock
	for _, b := range d.Parts[0].Blocks {
		switch b := b.(type) {
		case *document.Paragraph:
			out = append(out, letterBlock{"p", string(b.Class), spansText(b.Spans)})
		case *document.Heading:
			out = append(out, letterBlock{"h" + strings.Repeat("#", b.Level), b.ID, spansText(b.Spans)})
		case *document.Group:
			for _, g := range b.Blocks {
				switch g := g.(type) {
				case *document.Paragraph:
					out = append(out, letterBlock{"sig p", string(g.Class), spansText(g.Spans)})
				case *document.Image:
					out = append(out, letterBlock{"sig img", string(g.Class), fmt.Sprintf("%s %.1fx%.1f", g.Alt, g.Width, g.Height)})
				}
			}
		}
	}
	return out
}

// spansText is the text of spans, a break as "|", bold as *...*.
func spansText(spans []document.Span) string {
	var b strings.Builder
	for _, s := range spans {
		switch {
		case s.Break:
			b.WriteString("|")
		case s.Bold:
			b.WriteString("*" + s.Text + "*")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// TestResponseDocument: the published response is the letter followed by
// every appendix, each appendix one level down from when it stands
// alone; every document links its PDF twin; each output is named for
// its files.
func TestResponseDocument(t *testing.T) {
	set, diags, _ := composeEdited(t, func(resp, letter string) (string, string) {
		return mustReplace(t, resp, "  body: letter.md\n", "  body: letter.md\n  subject: Our reply to the report\n"), letter
	})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, p := range set.Response.Parts {
		parts = append(parts, p.ID)
	}
	if !slices.Equal(parts, []string{"letter", "appendix-1"}) {
		t.Errorf("the response's parts %q", parts)
	}
	level := func(d *document.Document, part int) int {
		for _, b := range d.Parts[part].Blocks {
			if h, ok := b.(*document.Heading); ok {
				return h.Level
			}
		}
		return 0
	}
	if alone, in := level(set.Appendices[0], 0), level(set.Response, 1); alone != 1 || in != 2 {
		t.Errorf("the appendix's heading is level %d alone and %d in the response, want 1 and 2", alone, in)
	}
	for _, d := range []*document.Document{set.Letter, set.Appendices[0], set.Response} {
		if len(d.Related) == 0 || d.Related[0].Rel != "alternate" || !strings.HasSuffix(d.Related[0].Href, ".pdf") {
			t.Errorf("%s: related %+v", d.Title, d.Related)
		}
	}
	if set.Response.Related[0].Href != "response.pdf" || set.Appendices[0].Related[0].Href != "appendix-1.pdf" {
		t.Errorf("twins %q and %q", set.Response.Related[0].Href, set.Appendices[0].Related[0].Href)
	}
	var outs []string
	for _, o := range set.Outputs() {
		outs = append(outs, fmt.Sprintf("%s:%d", o.Name, o.Appendix))
	}
	if !slices.Equal(outs, []string{"letter:0", "appendix-1:1", "response:0"}) {
		t.Errorf("outputs %q", outs)
	}
	for _, b := range set.Letter.Parts[0].Blocks {
		if h, ok := b.(*document.Heading); ok && h.ID == "subject" && spansText(h.Spans) != "Our reply to the report" {
			t.Errorf("the subject reads %q, want the letter's own", spansText(h.Spans))
		}
	}
}

// TestPictureSize: a picture prints at its pixels, 96 to the inch, and no
// wider than the page's text, its height kept in proportion.
func TestPictureSize(t *testing.T) {
	write := func(dir, name string, w, h int) {
		var b bytes.Buffer
		if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root := t.TempDir()
	files, err := staging.ReadTree("../../responses")
	if err != nil {
		t.Fatal(err)
	}
	staging.WriteDir(filepath.Join(root, "responses"), files, false)
	dir := filepath.Join(root, "responses", "2021-09-13-rape-inspection-phase-one")
	write(dir, "wide.png", 960, 480)
	write(dir, "small.png", 96, 48)
	write(dir, "edge.png", 605, 100)
	letter, _ := os.ReadFile(filepath.Join(dir, "letter.md"))
	os.WriteFile(filepath.Join(dir, "letter.md"), append(letter, "\n![A wide chart](wide.png)\n\n![A small chart](small.png)\n\n![An edge](edge.png)\n"...), 0o644)
	f, diags := response.Load(dir, response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	th, _ := theme.Load("", "en-GB")
	set, diags := compose.Build(f, th)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	var got []string
	document.Walk(set.Letter.Parts[0].Blocks, func(b document.Block) {
		if img, ok := b.(*document.Image); ok && img.Class != document.Signature {
			got = append(got, fmt.Sprintf("%s %.2fx%.2f", img.Alt, img.Width, img.Height))
		}
	})
	want := []string{"A wide chart 160.00x80.00", "A small chart 25.40x12.70", "An edge 160.00x26.45"}
	if !slices.Equal(got, want) {
		t.Errorf("pictures %q, want %q", got, want)
	}
}

// TestBilingualMeta: the bilingual response's title, author and subject
// give each language's, joined as the first language's phrase book joins
// them; the links beside it are each language's, the second marked with
// its language; its pages are labelled in both.
func TestBilingualMeta(t *testing.T) {
	set := welshSet(t)
	d := set.Response
	for what, got := range map[string]string{
		"title":   d.Title,
		"author":  d.Author,
		"subject": d.Subject,
	} {
		cy, en, ok := strings.Cut(got, " / ")
		if !ok || cy == en || strings.Contains(en, " / ") {
			t.Errorf("%s %q, want the Welsh and the English joined once", what, got)
		}
	}
	if !strings.HasPrefix(d.Title, "Ymateb i Adroddiad HMICFRS") || !strings.Contains(d.Title, " / Response to HMICFRS Report") {
		t.Errorf("title %q", d.Title)
	}
	if !strings.HasPrefix(d.Author, "Alys Enghraifft, Comisiynydd") || !strings.Contains(d.Author, " / Alys Enghraifft, Police and Crime Commissioner") {
		t.Errorf("author %q", d.Author)
	}
	var langs []string
	for _, r := range d.Related {
		langs = append(langs, r.Rel+":"+r.Lang)
	}
	if !slices.Equal(langs, []string{"alternate:", "report:", "alternate:en-GB", "report:en-GB"}) {
		t.Errorf("related %q", langs)
	}
	if got := d.PageLabel(1, 3); got != "Tudalen 1 o 3 / Page 1 of 3" {
		t.Errorf("page label %q", got)
	}
	// The Welsh letter alone: one language, its own title.
	if strings.Contains(set.Editions[0].Letter.Title, " / ") {
		t.Errorf("the Welsh letter's title %q holds the English", set.Editions[0].Letter.Title)
	}
}

// TestTitleCleaned: the report's title, as the documents' titles carry
// it, is cleaned as every text is.
func TestTitleCleaned(t *testing.T) {
	set, diags, _ := composeEdited(t, func(resp, letter string) (string, string) {
		return mustReplace(t, resp, `title: "A Joint Thematic`, `title: "Cafe\u0301 \u200bA Joint Thematic`), letter
	})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*document.Document{set.Letter, set.Appendices[0], set.Response} {
		if !strings.Contains(d.Title+d.Subject, "Café A Joint") || strings.Contains(d.Title+d.Subject, "\u200b") {
			t.Errorf("title %q, subject %q: not cleaned", d.Title, d.Subject)
		}
	}
}
