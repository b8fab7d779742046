package compose_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// TestOwnNumbers: every item of an appendix prints its own number, under
// a cause of concern and for areas for improvement too, and its answer
// opens with its label in a paragraph of class Answer.
func TestOwnNumbers(t *testing.T) {
	f, diags := response.Load("../../responses/2024-04-25-peel-exampleshire", response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	th, diags := theme.Load("", f.Office.Language)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	set, diags := compose.Build(f, th)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	var got []string
	answers := 0
	document.Walk(set.Appendices[0].Parts[0].Blocks, func(b document.Block) {
		switch b := b.(type) {
		case *document.List:
			if b.Class == document.Item {
				for _, it := range b.Items {
					got = append(got, it.ID+"="+it.Label)
					if it.Label != strconv.Itoa(it.Value)+"." {
						t.Errorf("%s: label %q, value %d", it.ID, it.Label, it.Value)
					}
				}
			}
		case *document.Paragraph:
			if b.Class == document.Answer {
				answers++
				if len(b.Spans) == 0 || !b.Spans[0].Bold {
					t.Errorf("an answer does not open with its label: %q", document.Text(b.Spans))
				}
			}
		}
	})
	// The appendix holds two kinds, each a section: the causes of concern
	// with the recommendations under them, then the areas for improvement.
	want := []string{"coc-1=1.", "rec-1=1.", "rec-2=2.", "afi-1=1.", "afi-2=2."}
	if len(got) != len(want) {
		t.Fatalf("items %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("items %q, want %q", got, want)
			break
		}
	}
	if answers != 5 {
		t.Errorf("%d answers, want 5 (four responses and a comment)", answers)
	}
	var related []string
	for _, r := range set.Appendices[0].Related {
		related = append(related, r.Rel+" "+r.Href)
	}
	if len(related) != 2 || related[0] != "alternate appendix-1.pdf" || related[1] != "report https://hmicfrs.justiceinspectorates.gov.uk/publications/peel-assessment-2023-25-exampleshire/" {
		t.Errorf("related %q", related)
	}
}

// TestPastedNumber: a report's text pasted with its number prints the
// item's own number only.
func TestPastedNumber(t *testing.T) {
	f, diags := response.Load("../../responses/2024-04-25-peel-exampleshire", response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	f.Response.Appendices[0].Items[1].Text = response.Plain("7. The force should improve how it records the ethnicity of victims.")
	th, _ := theme.Load("", f.Office.Language)
	set, diags := compose.Build(f, th)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	// The areas for improvement are the second section's list.
	item := set.Appendices[0].Parts[0].Blocks[5].(*document.List).Items[0]
	p, ok := item.Blocks[0].(*document.Paragraph)
	if !ok || document.Text(p.Spans) != "Area for improvement 1: The force should improve how it records the ethnicity of victims." {
		t.Errorf("the item opens with %#v", item.Blocks[0])
	}
}

// welshSet composes the Welsh example, with the theme of each of its
// languages.
func welshSet(t *testing.T) *compose.Set {
	t.Helper()
	f, diags := response.Load("../../responses/heddlu-enghraifft/2025-11-20-peel-enghraifft", response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	var themes []*theme.Theme
	for _, lang := range f.Languages {
		th, diags := theme.Load("", lang)
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		themes = append(themes, th)
	}
	set, diags := compose.Build(f, themes...)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return set
}

// TestBilingual composes the Welsh example: each language's documents,
// every part marked with its language, and the bilingual response holding
// both in the office's order, the second language's ids and links to
// places marked so that they stay apart from the first's.
func TestBilingual(t *testing.T) {
	set := welshSet(t)
	if set.Letter != nil || set.Appendices != nil || len(set.Editions) != 2 {
		t.Fatalf("set %+v", set)
	}
	var names []string
	for _, o := range set.Outputs() {
		names = append(names, o.Name+" "+o.Theme.Lang)
	}
	if want := "letter.cy cy-GB,appendix-1.cy cy-GB,response.cy cy-GB,letter.en en-GB,appendix-1.en en-GB,response.en en-GB,response cy-GB"; strings.Join(names, ",") != want {
		t.Errorf("outputs %q", names)
	}
	links := func(d *document.Document) (ids, hrefs []string) {
		for _, p := range d.Parts {
			ids = append(ids, p.Lang+" "+p.ID)
			document.Walk(p.Blocks, func(b document.Block) {
				if pp, ok := b.(*document.Paragraph); ok {
					for _, s := range pp.Spans {
						if strings.HasPrefix(s.Href, "#") {
							hrefs = append(hrefs, s.Href)
						}
					}
				}
				if l, ok := b.(*document.List); ok {
					for _, it := range l.Items {
						if it.ID != "" {
							ids = append(ids, it.ID)
						}
					}
				}
			})
		}
		return ids, hrefs
	}
	ids, hrefs := links(set.Response)
	// A section for each kind, in the report's order: the area for
	// improvement, the cause of concern with the recommendation under it,
	// then the other recommendations.
	if want := []string{"cy-GB letter", "cy-GB appendix-1", "afi-1", "coc-1", "rec-1", "rec-2", "rec-3", "rec-4", "rec-5",
		"en-GB en-letter", "en-GB en-appendix-1", "en-afi-1", "en-coc-1", "en-rec-1", "en-rec-2", "en-rec-3", "en-rec-4", "en-rec-5"}; !slices.Equal(ids, want) {
		t.Errorf("ids %q", ids)
	}
	if !slices.Equal(hrefs, []string{"#rec-2", "#en-rec-2"}) {
		t.Errorf("links %q", hrefs)
	}
	// Each language's own response is as an office of that language alone
	// would have it, its parts marked with the language.
	ids, hrefs = links(set.Editions[1].Response)
	if ids[0] != "en-GB letter" || !slices.Equal(hrefs, []string{"#rec-2"}) {
		t.Errorf("the English response: ids %q, links %q", ids, hrefs)
	}
	var eds []string
	for _, e := range set.Response.Editions {
		eds = append(eds, e.Lang+" "+e.ID+" "+e.Link)
	}
	if want := []string{"cy-GB letter Darllen yn Gymraeg", "en-GB en-letter Read in English"}; !slices.Equal(eds, want) {
		t.Errorf("editions %q", eds)
	}
	if got := set.Response.PageLabel(2, 9); got != "Tudalen 2 o 9 / Page 2 of 9" {
		t.Errorf("page label %q", got)
	}
	if set.Response.Lang != "cy-GB" || set.Editions[1].Letter.Lang != "en-GB" {
		t.Errorf("languages %s, %s", set.Response.Lang, set.Editions[1].Letter.Lang)
	}
	var rel []string
	for _, r := range set.Editions[0].Letter.Related {
		rel = append(rel, r.Href+" "+r.Lang+" "+r.Hreflang)
	}
	if want := []string{"letter.cy.pdf  ", "https://hmicfrs.justiceinspectorates.gov.uk/publications/peel-2025-27-example-police/  ", "letter.en.html en-GB en-GB"}; !slices.Equal(rel, want) {
		t.Errorf("related %q", rel)
	}
}
