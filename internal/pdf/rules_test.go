package pdf

import (
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/document"
)

// pageOf returns the page index of the first box whose line starts with
// prefix, and the box's index among the page's boxes with height.
func pageOf(lay *layout, prefix string) (page, at int) {
	for pi, pg := range lay.pages {
		for k, b := range content(pg) {
			if b.line != nil && strings.HasPrefix(lineText(b), prefix) {
				return pi, k
			}
		}
	}
	return -1, -1
}

// signature is a signature group as compose makes it.
func signature() *document.Group {
	return &document.Group{Class: document.Signature, Blocks: []document.Block{
		para(document.Closing, "Yours sincerely"),
		&document.Image{Data: signaturePNG(), Type: "png", Width: 45, Height: 15, Alt: "Signature"},
		&document.Paragraph{Class: document.Signatory, Spans: lines("Darryl Preston", "Police and Crime Commissioner")},
	}}
}

// TestClosingKeepsLastLines ends letters at every position near the foot
// of a page, with last paragraphs of one to six lines: the closing always
// shares its page with at least the last two lines of the letter before
// it, and at some positions that took lines from the page before.
func TestClosingKeepsLastLines(t *testing.T) {
	endings := []string{"Short last paragraph.", seedLetter[4], seedLetter[5], seedRecs[3][0], seedLetter[2], seedLetter[3]}
	moved := 0
	for _, last := range endings {
		for n := 35; n < 60; n++ {
			blocks := append(filler(n), para("", last), signature(), para(document.Copies, "cc PCC@hmic.gsi.gov.uk"))
			lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: blocks}}})
			checkRules(t, lay)
			pi, at := pageOf(lay, "Yours sincerely")
			if pi < 0 {
				t.Fatal("no closing")
			}
			if at < 2 {
				t.Fatalf("%d filler lines, last paragraph %.20q: the closing opens page %d after %d lines", n, last, pi+1, at)
			}
			// The rule moved lines when the page before had room for the
			// closing's line.
			if pi > 0 && bodyBottom-bottom(lay.pages[pi-1]) >= lineHeight(bodySize)+paraSpace && at <= 6 {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Errorf("no position needed the rule")
	}
	t.Logf("%d positions moved lines with the closing", moved)
}

// TestLabelKeepsNext: a label standing alone ("Force response:" before a
// list) never ends a page, at every position near its foot.
func TestLabelKeepsNext(t *testing.T) {
	moved := 0
	for n := 40; n < 60; n++ {
		blocks := append(filler(n),
			&document.Paragraph{Class: document.Label, Spans: []document.Span{{Text: "Force response:", Bold: true}}},
			&document.List{Items: []*document.ListItem{
				{Label: "•", Blocks: []document.Block{para("", seedRecs[5][1])}},
				{Label: "•", Blocks: []document.Block{para("", "A second point.")}},
			}})
		lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: blocks}}})
		checkRules(t, lay)
		for pi, pg := range lay.pages {
			c := content(pg)
			if last := c[len(c)-1]; pi < len(lay.pages)-1 && lineText(last) == "Force response:" {
				t.Fatalf("%d filler lines: page %d ends with the label", n, pi+1)
			}
			if pi > 0 && lineText(c[0]) == "Force response:" && bodyBottom-bottom(lay.pages[pi-1]) >= lineHeight(bodySize) {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Errorf("no position needed the rule")
	}
}

// TestItemKeepsAnswer: an item's first lines stay with the first two lines
// of its answer when that fits on a page, at every position near its
// foot; an item whose text and answer's start are taller than a page
// breaks as any text does.
func TestItemKeepsAnswer(t *testing.T) {
	item := func(text string, answer document.Block) *document.List {
		return &document.List{Ordered: true, Class: document.Item, Items: []*document.ListItem{{Label: "4.", Blocks: []document.Block{
			&document.Paragraph{Spans: []document.Span{{Text: "Recommendation 4:", Bold: true}, {Text: " " + text}}},
			answer,
		}}}}
	}
	answer := &document.Paragraph{Class: document.Answer, Spans: []document.Span{{Text: "Force response:", Bold: true}, {Text: " " + seedRecs[3][1]}}}
	moved := 0
	for n := 30; n < 60; n++ {
		for _, text := range []string{seedRecs[0][0], seedRecs[3][0], seedRecs[4][0]} {
			lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: append(filler(n), item(text, answer))}}})
			checkRules(t, lay)
			rec, _ := pageOf(lay, "Recommendation 4:")
			ans, at := pageOf(lay, "Force response:")
			second := content(lay.pages[ans])
			if rec != ans || at+1 >= len(second) {
				t.Fatalf("%d filler lines: the item starts on page %d, its answer on page %d with %d lines there", n, rec+1, ans+1, len(second)-at)
			}
			if rec > 0 && bodyBottom-bottom(lay.pages[rec-1]) >= 3*lineHeight(bodySize)+paraSpace {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Errorf("no position needed the rule")
	}
	// Taller than a page: the item breaks, and nothing is lost.
	long := strings.Repeat(seedRecs[1][1]+" ", 4)
	lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: append(filler(20), item(long, answer))}}})
	checkRules(t, lay)
	if rec, _ := pageOf(lay, "Recommendation 4:"); rec != 0 {
		t.Errorf("an item taller than a page moved to page %d", rec+1)
	}
}

// TestLabels: a list item prints its label exactly as the tree gives it,
// whatever its value; "" prints no marker.
func TestLabels(t *testing.T) {
	lay := layoutOf(t, one(&document.List{Ordered: true, Items: []*document.ListItem{
		{Value: 7, Label: "7.", Blocks: []document.Block{para("", "Seven.")}},
		{Value: 8, Label: "", Blocks: []document.Block{para("", "No marker.")}},
		{Value: 9, Label: "(ix)", Blocks: []document.Block{para("", "Roman.")}},
	}}))
	var labels []string
	for _, b := range lay.pages[0].boxes {
		if b.label {
			labels = append(labels, lineText(b))
		}
	}
	if want := []string{"7.", "", "(ix)"}; !slices.Equal(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}
	for _, e := range elemsOf(lay) {
		if e.kind == sL && e.numbering != "Decimal" {
			t.Errorf("numbering %q", e.numbering)
		}
	}
}

// elemsOf returns every element opened in lay, in order.
func elemsOf(lay *layout) []elem {
	var es []elem
	for _, pg := range lay.pages {
		for _, b := range pg.boxes {
			es = append(es, b.open...)
		}
	}
	return es
}

// TestHeadingAtFoot puts a heading at every position near the foot of a
// page: it never ends a page, and moves with the start of what follows.
func TestHeadingAtFoot(t *testing.T) {
	moved := 0
	for n := 45; n < 56; n++ {
		blocks := append(filler(n), &document.Heading{Level: 3, Spans: text("A heading near the foot")}, para("", seedLetter[2]),
			&document.Heading{Level: 2, Spans: text("Before a table")}, wideTable(3, 2))
		lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: blocks}}})
		checkRules(t, lay)
		for pi := 1; pi < len(lay.pages); pi++ {
			if c := content(lay.pages[pi]); c[0].kind.isHeading() && bodyBottom-bottom(lay.pages[pi-1]) >= c[0].h+6 {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Errorf("no position needed the rule")
	}
}
