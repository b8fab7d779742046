package pdf

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/pdfread"
)

// Long link targets and texts for the tests of line breaking.
const (
	reportURL = "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/a-joint-thematic-inspection-of-the-police-and-crown-prosecution-services-response-to-rape/"
	searchURL = "https://www.example.org/search?q=rape+inspection&from=2021-07-16&to=2021-09-13&page=2&sort=relevance"
)

// welshAnswer is the Welsh of an answer, for the spans and blocks in
// another language.
const welshAnswer = "Mae'r Heddlu wedi ymrwymo i wella canlyniadau i bob goroeswr trais rhywiol."

// richFixture is a document with every kind of block and span the tree
// holds: headings with ids, a paragraph and a span in Welsh, code spans and
// a code block, links to a URL and to an item, a quote, a thematic break,
// a table, items with answers and labels, hard breaks, an image, and a
// part in Welsh.
func richFixture() *document.Document {
	rows := [][]document.Cell{}
	for i := 1; i <= 6; i++ {
		n := strconv.Itoa(i)
		rows = append(rows, []document.Cell{
			{Spans: []document.Span{{Text: "Recommendation " + n}}},
			{Spans: []document.Span{{Text: "Detective Chief Superintendent, Crime, with the CPS Area lead for rape and serious sexual offences"}}},
			{Spans: []document.Span{{Text: "in-progress", Code: true}}},
			{Spans: []document.Span{{Text: n + "0%"}}},
		})
	}
	rows[2][1].Spans = []document.Span{{Text: "See "}, {Text: "the report", Href: reportURL}, {Text: " and "}, {Text: "item 2", Href: "#rec-2"}}
	rows[3][1].Spans = []document.Span{{Text: "Lead: "}, {Text: "Comisiynydd", Lang: "cy"}, {Break: true}, {Text: "Deputy: the Chief Constable"}}
	rows[4][3].Spans = nil // an empty cell
	items := []*document.ListItem{}
	for i, r := range seedRecs[:3] {
		n := strconv.Itoa(i + 1)
		items = append(items, &document.ListItem{ID: "rec-" + n, Value: i + 1, Label: n + ".", Outline: "Recommendation " + n,
			Blocks: []document.Block{
				&document.Paragraph{Class: document.Item, Spans: []document.Span{{Text: "Recommendation " + n + ":", Bold: true}, {Text: " " + r[0]}}},
				&document.Paragraph{Class: document.Answer, Spans: []document.Span{{Text: "Force response:", Bold: true}, {Text: " " + r[1]}}},
			}})
	}
	items[2].Blocks[1] = &document.Paragraph{Class: document.Label, Spans: []document.Span{{Text: "Force response:", Bold: true}}}
	items[2].Blocks = append(items[2].Blocks, &document.List{Items: []*document.ListItem{
		{Label: "•", Blocks: []document.Block{para("", "Victim Feedback Panels are being developed.")}},
		{Label: "•", Blocks: []document.Block{para("", "A peer review of the Rape Investigation Team.")}},
	}})
	return &document.Document{
		Lang: "en-GB", Title: "Every block – Pob bloc", Author: "s55 tests", Date: fixture().Date,
		PageLabel: func(p, n int) string { return fmt.Sprintf("Page %d of %d", p, n) },
		Parts: []*document.Part{
			{Kind: document.Letter, ID: "letter", Outline: "Letter", Blocks: []document.Block{
				&document.Heading{Level: 1, ID: "subject", Spans: text("Every block the tree holds")},
				&document.Paragraph{Spans: []document.Span{{Text: "The Welsh for police is "}, {Text: "heddlu", Lang: "cy", Italic: true}, {Text: ", and the office answers in both languages."}}},
				&document.Paragraph{Lang: "cy", Spans: text(welshAnswer)},
				&document.Paragraph{Spans: []document.Span{{Text: "Set "}, {Text: "letter.date", Code: true}, {Text: " in "}, {Text: "response.yaml", Code: true, Bold: true}, {Text: " and run "}, {Text: "s55 check", Code: true, Href: "#rec-1"}, {Text: "."}}},
				&document.Paragraph{Spans: []document.Span{{Text: "The report is at "}, {Text: reportURL, Href: reportURL}, {Text: " and a search at "}, {Text: searchURL, Href: searchURL}, {Text: "; see also "}, {Text: "recommendation 2", Href: "#rec-2"}, {Text: "."}}},
				&document.Paragraph{Spans: []document.Span{{Text: "First line"}, {Break: true}, {Text: "second line after a hard break"}}},
				&document.Quote{Blocks: []document.Block{
					para("", seedLetter[2]),
					&document.Paragraph{Lang: "cy", Spans: text(welshAnswer)},
				}},
				&document.Rule{},
				&document.CodeBlock{Info: "yaml", Lines: []string{
					"items:",
					"  - kind: recommendation",
					"    number: 1",
					"    text: " + strings.Repeat("a long line of code that wraps between characters ", 4),
					"",
					"    status: in-progress # ŵ",
				}},
				&document.Table{Align: []document.Align{document.AlignLeft, document.AlignNone, document.AlignCenter, document.AlignRight},
					Head: [][]document.Cell{{{Spans: text("Item")}, {Spans: text("Owner")}, {Spans: text("Status")}, {Spans: text("Done")}}},
					Body: rows},
				&document.List{Ordered: true, Class: document.Item, Items: items},
				&document.Image{Data: signaturePNG(), Type: "png", Width: 45, Height: 15, Alt: "Signature of Darryl Preston"},
			}},
			{Kind: document.Appendix, ID: "atodiad-1", Outline: "Atodiad 1", Lang: "cy", Blocks: []document.Block{
				&document.Heading{Level: 1, Spans: text("Atodiad 1")},
				para("", welshAnswer),
				&document.Paragraph{Lang: "en-GB", Spans: text("This paragraph is in English inside the Welsh part.")},
			}},
		},
	}
}

// richDocs are the documents with the blocks and spans beyond the letter's:
// the rich fixture and the hostile trees. They are checked like
// taggedDocs, but the HTML renderer's view of them is tested apart.
func richDocs() map[string]*document.Document {
	docs := map[string]*document.Document{"rich": richFixture()}
	for _, h := range hostileTrees() {
		docs[h.name] = h.doc()
	}
	return docs
}

// TestRichStructure reads the rich fixture's structure tree: the table as
// Table > THead/TBody > TR > TH/TD with the header cells' scope, the quote,
// code, and the language of every element in Welsh.
func TestRichStructure(t *testing.T) {
	doc := richFixture()
	f, err := pdfread.Parse(render(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	st := checkStructure(t, f, doc)
	count := map[string]int{}
	langs := map[string][]string{} // language -> kinds of the elements that carry it
	for _, e := range st.elems {
		count[e.parent+">"+e.kind]++
		if e.lang != "" {
			langs[e.lang] = append(langs[e.lang], e.kind)
		}
		if e.kind == "TH" && e.scope != "Column" {
			t.Errorf("TH %d has scope %q, want Column", e.ref, e.scope)
		}
		if e.kind == "TD" && e.scope != "" {
			t.Errorf("TD %d has a scope", e.ref)
		}
	}
	for rel, want := range map[string]int{
		"Part>Table": 1, "Table>THead": 1, "Table>TBody": 1, "THead>TR": 1, "TBody>TR": 6, "TR>TH": 4, "TR>TD": 24,
		"Part>BlockQuote": 1, "BlockQuote>P": 2, "Part>Code": 1, "P>Code": 2, "Link>Code": 1, "TD>Code": 6,
		"P>Span": 1, "TD>Span": 1, "TD>Link": 2, "P>Link": 4, "Document>Part": 2,
	} {
		if count[rel] != want {
			t.Errorf("%d %s, want %d", count[rel], rel, want)
		}
	}
	// Welsh: the span, the paragraph, the quote's paragraph, the cell's
	// span and the appendix; English again inside the Welsh appendix.
	if got := strings.Join(langs["cy"], " "); got != "Span P P Span Part" {
		t.Errorf("elements in Welsh: %s", got)
	}
	if got := strings.Join(langs["en-GB"], " "); got != "P" {
		t.Errorf("elements in English again: %s", got)
	}
	// An empty cell is still a cell, so the row keeps its four columns.
	for _, e := range st.elems {
		if e.kind == "TR" && e.children != 4 {
			t.Errorf("TR %d has %d cells", e.ref, e.children)
		}
	}
}

// TestRichLinks: a link's /URI is the tree's href as it is; a link to
// "#rec-2" goes to the page and the top of item 2.
func TestRichLinks(t *testing.T) {
	doc := richFixture()
	lay := layoutOf(t, doc)
	f, err := pdfread.Parse(render(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	pages, refs := f.Pages()
	uris := map[string]int{}
	var dests []string
	for i, pg := range pages {
		for _, a := range f.Array(pg["Annots"]) {
			ad := f.Dict(a)
			if act := f.Dict(ad["A"]); act != nil {
				u, _ := act["URI"].(string)
				uris[u]++
				continue
			}
			d := f.Array(ad["Dest"])
			if len(d) != 5 || d[1] != pdfread.Name("XYZ") {
				t.Errorf("page %d: annotation %v has neither a URI nor a destination", i+1, ad)
				continue
			}
			top, _ := d[3].(float64)
			if n, ok := d[3].(int); ok {
				top = float64(n)
			}
			dests = append(dests, fmt.Sprintf("%v %.2f", d[0], top))
		}
	}
	for _, u := range []string{reportURL, searchURL} {
		if uris[u] < 2 {
			t.Errorf("/URI %q on %d annotations, want one a line of it (two or more)", u, uris[u])
		}
	}
	at := func(id string) string {
		a, ok := lay.anchors[id]
		if !ok {
			t.Fatalf("no anchor %q", id)
		}
		return fmt.Sprintf("%v %.2f", pdfread.Ref(refs[a.page]), (pageHeight-a.y)*72/25.4)
	}
	want := []string{at("rec-1"), at("rec-2"), at("rec-2")}
	if fmt.Sprint(dests) != fmt.Sprint(want) {
		t.Errorf("destinations %v, want %v (rec-1 for the code span, rec-2 twice)", dests, want)
	}
	if a := lay.anchors["rec-2"]; a.page != 1 {
		t.Errorf("item 2 is on page %d, want 2: the test would not tell the pages apart", a.page+1)
	}
}

// TestRichDeterministic renders the rich fixture twice: the same bytes.
func TestRichDeterministic(t *testing.T) {
	if a, b := render(t, richFixture()), render(t, richFixture()); !bytes.Equal(a, b) {
		t.Errorf("two renders differ (%d and %d bytes)", len(a), len(b))
	}
}

// cellTexts returns the text of each TH and TD in poppler's structure
// text, in order.
func cellTexts(items []conformance.StructText) []string {
	var cells []string
	for i := 0; i < len(items); i++ {
		it := items[i]
		if it.Role != "TH" && it.Role != "TD" {
			continue
		}
		var b strings.Builder
		for i+1 < len(items) && items[i+1].Depth > it.Depth {
			i++
			b.WriteString(items[i].Text)
		}
		cells = append(cells, collapse(b.String()))
	}
	return cells
}

// TestRichStructText reads the rich fixture's structure with poppler: the
// table's cells in reading order, row by row, the code block's lines
// apart, the quote.
func TestRichStructText(t *testing.T) {
	conformance.Need(t, conformance.Pdfinfo)
	doc := richFixture()
	out, err := conformance.PDFStructText(writeTemp(t, "rich", doc))
	if err != nil {
		t.Fatal(err)
	}
	items := conformance.ParseStructText(out)
	var want []string
	k := slices.IndexFunc(doc.Parts[0].Blocks, func(b document.Block) bool { _, ok := b.(*document.Table); return ok })
	table := doc.Parts[0].Blocks[k].(*document.Table)
	for _, r := range append(table.Head, table.Body...) {
		for _, c := range r {
			want = append(want, collapse(document.Text(c.Spans)))
		}
	}
	if got := cellTexts(items); !slices.Equal(got, want) {
		t.Errorf("cells in reading order:\n%q\nwant\n%q", got, want)
	}
	var roles []string
	for _, it := range items {
		if it.Role != "" && it.Depth == 2 {
			roles = append(roles, it.Role)
		}
	}
	if got := strings.Join(roles, " "); !strings.Contains(got, "P BlockQuote Code Table L Figure") {
		t.Errorf("the letter's elements: %s", got)
	}
	text := structParagraphs(items)
	for _, want := range []string{
		"items: - kind: recommendation number: 1 text: a long line",
		"wraps between characters status: in-progress # ŵ",
		collapse(seedLetter[2]) + " " + welshAnswer,
		"The report is at " + reportURL + " and a search at " + searchURL + "; see also recommendation 2.",
		"First line second line after a hard break",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the structure's text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("pdfinfo -struct-text:\n%s", out)
	}
}

// TestRichPDFJS reads the rich fixture with pdf.js: the table, the quote
// and the code, and the language of the Welsh elements.
func TestRichPDFJS(t *testing.T) {
	conformance.Need(t, conformance.Node, conformance.PDFJS)
	doc, err := conformance.PDFJSStructure(writeTemp(t, "rich", richFixture()))
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]int{}
	var walk func(n conformance.StructNode)
	walk = func(n conformance.StructNode) {
		roles[n.Role]++
		for _, c := range n.Children {
			walk(c)
		}
	}
	for _, pg := range doc.Pages {
		walk(pg.Tree)
	}
	langs := doc.Languages()
	for _, role := range []string{"Table", "THead", "TBody", "TR", "TH", "TD", "BlockQuote", "Code", "Span", "Link"} {
		if roles[role] == 0 {
			t.Errorf("pdf.js finds no %s", role)
		}
	}
	if roles["TH"] != 4 || roles["TD"] < 24 {
		t.Errorf("pdf.js finds %d TH and %d TD", roles["TH"], roles["TD"])
	}
	for _, want := range []string{"Span cy", "P cy", "Part cy", "P en-GB"} {
		if langs[want] == 0 {
			t.Errorf("pdf.js finds no %s; languages %v", want, langs)
		}
	}
	if doc.Info["Language"] != "en-GB" {
		t.Errorf("pdf.js: document language %v", doc.Info["Language"])
	}
}

// TestRichCheckers runs qpdf on every rich document, and PDFBox Preflight
// on the rich fixture and on one document of all the hostile trees (a Java
// start each).
func TestRichCheckers(t *testing.T) {
	conformance.Need(t, conformance.QPDF, conformance.Java, conformance.PreflightJar, conformance.ActivationJar, conformance.JAXBJar)
	all := one()
	all.Parts = nil
	for name, doc := range richDocs() {
		if err := conformance.QPDFCheck(writeTemp(t, name, doc)); err != nil {
			t.Error(err)
		}
	}
	for _, h := range hostileTrees() {
		all.Parts = append(all.Parts, h.doc().Parts...)
	}
	for name, doc := range map[string]*document.Document{"rich": richFixture(), "hostile": all} {
		path := writeTemp(t, name, doc)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkPreflight(t, path)
		})
	}
}

// TestURLTextExtraction: pdftotext of a paragraph heavy with URLs never
// splits a word but after / . ? & = or before -, wherever the URLs fall on
// the line, and gives every URL back whole.
func TestURLTextExtraction(t *testing.T) {
	conformance.Need(t, conformance.Pdftotext)
	var spans []document.Span
	lead := ""
	for i, u := range []string{reportURL, searchURL, longURL, reportURL, searchURL} {
		lead += "so "
		spans = append(spans, document.Span{Text: "Part " + strconv.Itoa(i+1) + " " + lead + "is at "}, document.Span{Text: u, Href: u},
			document.Span{Text: ", and the inspection-report of 2021-09-13 says so. "})
	}
	doc := one(&document.Paragraph{Spans: spans})
	out, err := conformance.PDFText(writeTemp(t, "urls", doc))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Fields(document.Text(spans))
	i, partial, splits := 0, "", 0
	for _, ln := range strings.Split(out, "\n") {
		ln = strings.Trim(ln, "\f")
		if strings.HasPrefix(ln, "Page ") || strings.TrimSpace(ln) == "" {
			continue
		}
		f := strings.Fields(ln)
		for j, tok := range f {
			if i >= len(src) {
				t.Fatalf("extra text %q", tok)
			}
			want := src[i][len(partial):]
			switch {
			case tok == want:
				i, partial = i+1, ""
			case j == len(f)-1 && strings.HasPrefix(want, tok):
				if !urlBreakAt(tok, want[len(tok):]) {
					t.Errorf("%q split after %q (%q on the next line)", src[i], tok, want[len(tok):])
				}
				partial += tok
				splits++
			default:
				t.Fatalf("line %q: %q where %q was due", ln, tok, want)
			}
		}
	}
	if i != len(src) {
		t.Errorf("the text ends after %d of %d words", i, len(src))
	}
	if splits < 8 {
		t.Errorf("only %d words split across lines", splits)
	}
}
