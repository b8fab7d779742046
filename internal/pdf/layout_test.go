package pdf

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/document"
)

// layoutOf runs the layout pass on doc with the real fonts.
func layoutOf(t testing.TB, doc *document.Document) *layout {
	t.Helper()
	_, lay, _, err := build(doc)
	if err != nil {
		t.Fatal(err)
	}
	return lay
}

// lineText returns the text drawn on a line.
func lineText(b *box) string {
	var s strings.Builder
	for _, sg := range b.line.segs {
		s.WriteString(sg.text)
	}
	return s.String()
}

// content returns the boxes of a page that have height.
func content(pg *page) []*box {
	var bs []*box
	for _, b := range pg.boxes {
		if b.h > 0 {
			bs = append(bs, b)
		}
	}
	return bs
}

// walkOpen calls fn with every box of lay, in order, its page and the
// elements open at it, following begin and end as the drawing pass does.
func walkOpen(lay *layout, fn func(b *box, page int, open []elem)) {
	var open []elem
	for pi, pg := range lay.pages {
		for _, b := range pg.boxes {
			for _, e := range slices.Backward(b.open) {
				open = append(open, e)
			}
			fn(b, pi, open)
			open = open[:len(open)-b.close]
		}
	}
}

// elementPages maps each element of lay to the pages its boxes are on.
func elementPages(lay *layout) map[elem][]int {
	pages := map[elem][]int{}
	walkOpen(lay, func(_ *box, pi int, open []elem) {
		for _, e := range open {
			if ps := pages[e]; len(ps) == 0 || ps[len(ps)-1] != pi {
				pages[e] = append(ps, pi)
			}
		}
	})
	return pages
}

// elementBoxes returns the boxes inside the elements of kind.
func elementBoxes(lay *layout, kind structType) []*box {
	var bs []*box
	walkOpen(lay, func(b *box, _ int, open []elem) {
		if slices.ContainsFunc(open, func(e elem) bool { return e.kind == kind }) {
			bs = append(bs, b)
		}
	})
	return bs
}

// bottom returns where the content of pg ends.
func bottom(pg *page) float64 {
	y := bodyTop
	for _, b := range content(pg) {
		y = max(y, b.y+b.h)
	}
	return y
}

// checkRules fails t for every pagination rule lay breaks.
func checkRules(t *testing.T, lay *layout) {
	t.Helper()
	// The list items each box is inside, the item each label opens, and
	// how many lines each item has.
	inItems, items, itemLines := map[*box][]int{}, map[*box]int{}, map[int]int{}
	walkOpen(lay, func(b *box, _ int, open []elem) {
		for _, e := range open {
			if e.kind == sLI {
				inItems[b] = append(inItems[b], e.id)
				if b.h > 0 {
					itemLines[e.id]++
				}
			}
		}
		if b.label && len(inItems[b]) > 0 {
			items[b] = inItems[b][len(inItems[b])-1]
		}
	})
	for pi, pg := range lay.pages {
		checkBreaks(t, lay, pi)
		checkLabels(t, pg, pi, inItems, items, itemLines)
	}
	checkSignatureKeeps(t, lay)
	for e, ps := range elementPages(lay) {
		if (e.kind == sDiv || e.kind.isHeading()) && len(ps) > 1 {
			t.Errorf("%s element split over pages %v", e.kind, ps)
		}
	}
}

// checkBreaks: page pi's boxes are in its body; it ends with no heading,
// and a paragraph split at its head or foot leaves two lines on each side
// of the break.
func checkBreaks(t *testing.T, lay *layout, pi int) {
	t.Helper()
	pg := lay.pages[pi]
	for _, b := range pg.boxes {
		if b.y < bodyTop-fitEpsilon || b.y+b.h > bodyBottom+fitEpsilon {
			t.Errorf("page %d: %s box at %.2f+%.2f mm outside the body", pi+1, b.kind, b.y, b.h)
		}
	}
	bs := content(pg)
	if len(bs) == 0 {
		return
	}
	first, last := bs[0], bs[len(bs)-1]
	if pi < len(lay.pages)-1 && last.kind.isHeading() {
		t.Errorf("page %d ends with heading %q", pi+1, lineText(last))
	}
	if pi < len(lay.pages)-1 && last.line != nil && last.index < last.count-1 {
		if before, after := last.index+1, last.count-last.index-1; before < 2 || after < 2 {
			t.Errorf("page %d breaks a %d-line %s after line %d", pi+1, last.count, last.kind, before)
		}
	}
	if first.line != nil && first.index > 0 {
		if before, after := first.index, first.count-first.index; before < 2 || after < 2 {
			t.Errorf("page %d starts a %d-line %s at line %d", pi+1, first.count, first.kind, before+1)
		}
	}
}

// checkLabels: a label shares its page and baseline with its item's first
// lines (two, when it has two).
func checkLabels(t *testing.T, pg *page, pi int, inItems map[*box][]int, items map[*box]int, itemLines map[int]int) {
	t.Helper()
	for k, b := range pg.boxes {
		if !b.label {
			continue
		}
		item := items[b]
		want := min(2, itemLines[item])
		got := 0
		for _, c := range pg.boxes[k+1:] {
			if c.h > 0 && got < want && slices.Contains(inItems[c], item) {
				got++
			}
		}
		if got < want {
			t.Errorf("page %d: label %q with %d of the first %d lines of its item", pi+1, lineText(b), got, want)
		} else if next := pg.boxes[k+1]; want > 0 && (b.y != next.y || b.line.base != next.line.base) {
			t.Errorf("page %d: label %q off its item's first baseline", pi+1, lineText(b))
		}
	}
}

// checkSignatureKeeps: a signature group shares its page with the last two
// lines before it in its part (when it has two).
func checkSignatureKeeps(t *testing.T, lay *layout) {
	t.Helper()
	before := 0
	for pi, pg := range lay.pages {
		onPage := 0
		for _, b := range pg.boxes {
			if slices.ContainsFunc(b.open, func(e elem) bool { return e.kind == sPart }) {
				before = 0
			}
			if slices.ContainsFunc(b.open, func(e elem) bool { return e.kind == sDiv }) && onPage < min(before, 2) {
				t.Errorf("page %d: a signature group after %d lines of its page (%d in its part)", pi+1, onPage, before)
			}
			if b.h > 0 && !b.artifact {
				before++
				onPage++
			}
		}
	}
}

func TestLayoutSeed(t *testing.T) {
	lay := layoutOf(t, fixture())
	if got, want := len(lay.pages), 6; got != want {
		t.Errorf("pages = %d, want %d", got, want)
	}
	checkRules(t, lay)

	checkSeedParts(t, lay)
	checkSeedSignature(t, lay)
	checkSeedBookmarks(t, lay)
	checkSeedFooters(t, lay)
	checkSeedMargins(t, lay)
}

// checkSeedParts: each part of the seed starts a page, with its bookmark.
func checkSeedParts(t *testing.T, lay *layout) {
	t.Helper()
	// Each part starts a page, with its bookmark at level 0.
	var parts []int
	for e, ps := range elementPages(lay) {
		if e.kind == "Part" {
			parts = append(parts, ps[0])
		}
	}
	if len(parts) != 2 || parts[0]+parts[1] == 0 {
		t.Fatalf("parts start on pages %v", parts)
	}
	appendix := max(parts[0], parts[1])
	top := lay.pages[appendix].boxes[0]
	if len(top.marks) != 1 || top.marks[0] != (mark{"Appendix 1", 0}) || top.open[len(top.open)-1].kind != "Part" {
		t.Errorf("page %d starts with %+v, want the appendix with its bookmark", appendix+1, top)
	}
	if c := content(lay.pages[appendix]); c[0].kind != "H1" || !strings.HasPrefix(lineText(c[0]), "Cambridgeshire Constabulary's") {
		t.Errorf("appendix page starts with %s %q", c[0].kind, lineText(c[0]))
	}
}

// checkSeedSignature: the seed's signature group holds what it should.
func checkSeedSignature(t *testing.T, lay *layout) {
	t.Helper()
	// The signature group (closing, image, name and role) is one element
	// on one page (checkRules), and holds what it should.
	var sig []string
	for _, b := range elementBoxes(lay, "Div") {
		if b.img != nil {
			sig = append(sig, "image")
		} else {
			sig = append(sig, lineText(b))
		}
	}
	if want := []string{"Yours sincerely", "image", "Darryl Preston ", "Police and Crime Commissioner for Cambridgeshire and Peterborough"}; strings.Join(sig, "|") != strings.Join(want, "|") {
		t.Errorf("signature group holds %q", sig)
	}
}

// checkSeedBookmarks: thirteen recommendation bookmarks, each on its label.
func checkSeedBookmarks(t *testing.T, lay *layout) {
	t.Helper()
	// Thirteen recommendation bookmarks at level 1, each on its label.
	var recs int
	for _, pg := range lay.pages {
		for _, b := range pg.boxes {
			for _, m := range b.marks {
				if strings.HasPrefix(m.text, "Recommendation ") {
					recs++
					if want := strings.TrimPrefix(m.text, "Recommendation ") + "."; m.level != 1 || !b.label || lineText(b) != want {
						t.Errorf("bookmark %q: level %d on %q", m.text, m.level, lineText(b))
					}
				}
			}
		}
	}
	if recs != 13 {
		t.Errorf("%d recommendation bookmarks, want 13", recs)
	}
}

// checkSeedFooters: every page of the seed has its label in the bottom margin.
func checkSeedFooters(t *testing.T, lay *layout) {
	t.Helper()
	// Every page has its label, right-aligned to the margin, in the
	// bottom margin.
	for pi, pg := range lay.pages {
		if pg.footer == nil {
			t.Fatalf("page %d has no footer", pi+1)
		}
		s := pg.footer.line.segs[0]
		if want := fmt.Sprintf("Page %d of %d", pi+1, len(lay.pages)); s.text != want {
			t.Errorf("footer %q, want %q", s.text, want)
		}
		if right := s.x + s.w; math.Abs(right-textRight) > 0.01 {
			t.Errorf("page %d footer ends at %.3f mm, want %.3f", pi+1, right, textRight)
		}
		if pg.footer.y < bodyBottom || pg.footer.y+pg.footer.h > pageHeight {
			t.Errorf("footer at %.2f mm, not in the bottom margin", pg.footer.y)
		}
	}
}

// checkSeedMargins: the seed's lines stay between the margins.
func checkSeedMargins(t *testing.T, lay *layout) {
	t.Helper()
	// Lines stay between the margins; the letterhead is right-aligned.
	for _, pg := range lay.pages {
		for _, b := range pg.boxes {
			if b.line == nil || len(b.line.segs) == 0 {
				continue
			}
			segs := b.line.segs
			l, r := segs[0].x, segs[len(segs)-1].x+segs[len(segs)-1].w
			if l < textLeft-fitEpsilon || r > textRight+fitEpsilon {
				t.Errorf("line %q spans %.2f–%.2f mm", lineText(b), l, r)
			}
		}
	}
	for _, b := range content(lay.pages[0])[:4] {
		s := b.line.segs[0]
		if s.size != 9 || math.Abs(s.x+s.w-textRight) > 0.01 {
			t.Errorf("letterhead line %q: %.0f pt ending at %.2f mm", s.text, s.size, s.x+s.w)
		}
	}
}

// TestParagraphLinesKeepSpaces: each line but the last ends with the space
// at which it broke, so the lines join back into the paragraph.
func TestParagraphLinesKeepSpaces(t *testing.T) {
	doc := &document.Document{Parts: []*document.Part{{Blocks: []document.Block{para("", seedLetter[3])}}}}
	lay := layoutOf(t, doc)
	var got strings.Builder
	bs := content(lay.pages[0])
	if len(bs) < 4 {
		t.Fatalf("%d lines, want a long paragraph", len(bs))
	}
	for i, b := range bs {
		s := lineText(b)
		if i < len(bs)-1 && !strings.HasSuffix(s, " ") {
			t.Errorf("line %d %q has no trailing space", i, s)
		}
		if strings.HasSuffix(s, "  ") || strings.HasPrefix(s, " ") {
			t.Errorf("line %d %q has stray spaces", i, s)
		}
		if w := b.line.segs[len(b.line.segs)-1]; w.w >= w.adv && strings.HasSuffix(s, " ") {
			t.Errorf("line %d: trailing space counted in its width", i)
		}
		got.WriteString(s)
	}
	if got.String() != seedLetter[3] {
		t.Errorf("lines join to\n%q\nwant\n%q", got.String(), seedLetter[3])
	}
}

// filler returns n one-line paragraphs.
func filler(n int) []document.Block {
	var bs []document.Block
	for i := 0; i < n; i++ {
		bs = append(bs, para("", "Filler line."))
	}
	return bs
}

// TestPaginationRules moves a heading, a long paragraph, a signature group
// and a list item through every position on a page and checks the rules at
// each, and that each rule was needed at some position.
func TestPaginationRules(t *testing.T) {
	long := seedRecs[1][1] // sixteen lines
	moved := map[string]int{}
	for n := 20; n < 50; n++ {
		blocks := filler(n)
		blocks = append(blocks,
			&document.Heading{Level: 2, Spans: text("A heading that must not be stranded")},
			para("", long),
			para("", "Short one."),
			&document.Group{Class: document.Signature, Blocks: []document.Block{
				para(document.Closing, "Yours sincerely"),
				&document.Image{Data: signaturePNG(), Type: "png", Width: 45, Height: 15, Alt: "Signature"},
				&document.Paragraph{Class: document.Signatory, Spans: lines("Name", "Role")},
			}},
			&document.List{Items: []*document.ListItem{
				{Label: "1.", Blocks: []document.Block{para("", long)}},
				{Label: "2.", Blocks: []document.Block{para("", "One line."), para("", long)}},
			}},
		)
		lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: blocks}}})
		checkRules(t, lay)
		if t.Failed() {
			t.Fatalf("with %d filler lines", n)
		}
		// Count the breaks a rule moved: the page before had room for
		// what the rule sent to the next page.
		for pi := 1; pi < len(lay.pages); pi++ {
			c, room := content(lay.pages[pi]), bodyBottom-bottom(lay.pages[pi-1])
			first := c[0]
			switch {
			case first.kind.isHeading() && room >= first.h+7:
				moved["heading"]++
			case first.kind == "P" && first.index > 0 && first.index < first.count && room >= first.h+fitEpsilon:
				moved["orphan/widow"]++
			}
			if k := slices.IndexFunc(c, func(b *box) bool { return b.line != nil && lineText(b) == "Yours sincerely" }); k >= 0 && k <= 3 && room >= first.h+paraSpace {
				moved["signature"]++
			}
			for _, b := range lay.pages[pi].boxes {
				if b.label && b == lay.pages[pi].boxes[0] && room >= lineHeight(bodySize)+paraSpace {
					moved["label"]++
				}
			}
		}
	}
	for _, rule := range []string{"heading", "orphan/widow", "signature", "label"} {
		if moved[rule] == 0 {
			t.Errorf("no position exercised the %s rule", rule)
		}
	}
	t.Logf("breaks moved by a rule: %v", moved)
}

// TestLongWord breaks a word wider than the line between characters.
func TestLongWord(t *testing.T) {
	word := strings.Repeat("Wales", 120) + "ŵŷ"
	doc := &document.Document{Parts: []*document.Part{{Blocks: []document.Block{
		para("", "Before "+word+" after."),
		&document.List{Items: []*document.ListItem{{Label: "1.", Blocks: []document.Block{
			&document.List{Items: []*document.ListItem{{Label: "a)", Blocks: []document.Block{para("", word)}}}},
		}}}},
	}}}}
	lay := layoutOf(t, doc)
	var got strings.Builder
	var n int
	for _, b := range content(lay.pages[0]) {
		if b.block != content(lay.pages[0])[0].block {
			continue
		}
		n++
		s := b.line.segs[len(b.line.segs)-1]
		if s.x+s.w > textRight+0.001 {
			t.Errorf("line %q overflows to %.2f", lineText(b), s.x+s.w)
		}
		got.WriteString(lineText(b))
	}
	if want := "Before " + word + " after."; got.String() != want {
		t.Errorf("lines join to %q", got.String())
	}
	if n < 4 {
		t.Errorf("long word on %d lines, want at least 4", n)
	}
}

// TestOversizedBlocks lays out blocks taller than a page: a signature group
// of 200 lines and a very tall image. Every box is placed exactly once.
func TestOversizedBlocks(t *testing.T) {
	group := &document.Group{Class: document.Signature, Blocks: filler(200)}
	doc := &document.Document{Parts: []*document.Part{{Blocks: []document.Block{
		para("", "Intro."),
		group,
		&document.Image{Data: signaturePNG(), Type: "png", Width: 100, Height: 900, Alt: "Tall"},
		&document.Heading{Level: 1, Spans: text(strings.Repeat("Heading ", 400))},
		para("", "End."),
	}}}}
	lay := layoutOf(t, doc)
	var lines, images int
	for _, pg := range lay.pages {
		for _, b := range pg.boxes {
			if b.img != nil {
				images++
				if b.h > bodyHeight+fitEpsilon || b.img.w > textWidth {
					t.Errorf("image %.1f×%.1f not scaled to the page", b.img.w, b.h)
				}
				if math.Abs(b.img.w/b.h-100.0/900) > 1e-9 {
					t.Errorf("image aspect changed")
				}
			}
			if b.line != nil && lineText(b) == "Filler line." {
				lines++
			}
		}
	}
	if lines != 200 || images != 1 {
		t.Errorf("placed %d filler lines and %d images, want 200 and 1", lines, images)
	}
	if len(lay.pages) < 7 {
		t.Errorf("%d pages", len(lay.pages))
	}
}

// TestEmptyParts gives every part a page, even an empty one.
func TestEmptyParts(t *testing.T) {
	doc := &document.Document{Parts: []*document.Part{
		{Outline: "Empty"}, {Outline: "Also empty"}, {Blocks: []document.Block{para("", "Text.")}},
	}}
	lay := layoutOf(t, doc)
	if len(lay.pages) != 3 {
		t.Errorf("%d pages, want 3", len(lay.pages))
	}
	if n, err := PageCount(&document.Document{}); err != nil || n != 1 {
		t.Errorf("PageCount(empty) = %d, %v; want 1 page", n, err)
	}
}

// TestTextAsGiven: the renderer prints the tree's text as it is (compose
// cleans it once, for both renderers): decomposed accents, soft hyphens
// and no-break spaces reach the page unchanged.
func TestTextAsGiven(t *testing.T) {
	for _, in := range []string{"Cafe\u0301", "soft\u00adhyphen", "no\u00a0break", "ŵ ŷ £ – “q”"} {
		lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: []document.Block{para("", in)}}}})
		if got := lineText(content(lay.pages[0])[0]); got != in {
			t.Errorf("%q printed as %q", in, got)
		}
	}
	for _, in := range []string{"plain", "ŵŷ", "e\u0301", "\u00ad", "\uffff"} {
		if err := encodable(in); err != nil {
			t.Errorf("encodable(%q) = %v", in, err)
		}
	}
}

// TestUnsupportedText: characters gofpdf cannot encode fail with an error
// naming them, never a panic.
func TestUnsupportedText(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  *document.Document
		want string
	}{
		{"emoji", &document.Document{Parts: []*document.Part{{Blocks: []document.Block{para("", "We are delighted 😀 today.")}}}}, `U+1F600 "😀" in "We are delighted 😀 today."`},
		{"U+10000", &document.Document{Parts: []*document.Part{{Blocks: []document.Block{para("", "x\U00010000")}}}}, "U+10000"},
		{"heading", &document.Document{Parts: []*document.Part{{Blocks: []document.Block{&document.Heading{Level: 1, Spans: text("𝐁old")}}}}}, "U+1D401"},
		{"not UTF-8", &document.Document{Parts: []*document.Part{{Blocks: []document.Block{para("", "costs \xa35")}}}}, "byte 0xA3"},
		{"title", &document.Document{Title: "Report 🚓"}, "document title: character U+1F693"},
		{"outline", &document.Document{Parts: []*document.Part{{Outline: "🚓"}}}, "U+1F693"},
		{"label", &document.Document{PageLabel: func(int, int) string { return "📄 1" }}, "page label: character U+1F4C4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, run := range []func() error{
				func() error { _, err := PageCount(tc.doc); return err },
				func() error { return Render(&strings.Builder{}, tc.doc) },
			} {
				err := run()
				if !errors.Is(err, ErrUnsupportedText) || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %v, want ErrUnsupportedText naming %s", err, tc.want)
				}
			}
		})
	}
}

// TestLinks: a link is drawn in a dark blue readable on white, as its own
// segment carrying the target, even across a line break.
func TestLinks(t *testing.T) {
	if r := contrast(linkColor); r < 4.5 {
		t.Errorf("link colour contrast %.2f:1 on white, want at least 4.5:1", r)
	}
	doc := &document.Document{Parts: []*document.Part{{Blocks: []document.Block{
		&document.Paragraph{Spans: []document.Span{
			{Text: strings.Repeat("word ", 30)},
			{Text: "the report of ", Href: "https://example.org/rapport é"},
			{Text: "HMICFRS", Href: "https://example.org/rapport é", Bold: true},
			{Text: " ends here."},
		}},
	}}}}
	lay := layoutOf(t, doc)
	var linked strings.Builder
	ids := map[int]bool{}
	for _, b := range content(lay.pages[0]) {
		for _, s := range b.line.segs {
			if s.href != "" {
				linked.WriteString(s.text)
				ids[linkOf(lay.paths[s.path]).id] = true
			}
		}
	}
	if linked.String() != "the report of HMICFRS" || len(ids) != 1 {
		t.Errorf("linked text %q in %d link elements", linked.String(), len(ids))
	}
	if got := uri("https://example.org/rapport é"); got != "https://example.org/rapport%20%C3%A9" {
		t.Errorf("uri = %q", got)
	}
}

// contrast returns the WCAG contrast ratio of an sRGB colour on white.
func contrast(c [3]int) float64 {
	lin := func(v int) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
	return 1.05 / (l + 0.05)
}

// TestAddressLines sets a recipient given one paragraph per line as solid
// as one given with line breaks.
func TestAddressLines(t *testing.T) {
	address := []string{"Rt Hon Priti Patel MP", "Home Secretary", "2 Marsham Street", "London", "SW1P 4DF"}
	one := []document.Block{&document.Paragraph{Class: document.Recipient, Spans: lines(address...)}, para(document.Dated, "13th September 2021")}
	var many []document.Block
	for _, a := range address {
		many = append(many, para(document.Recipient, a))
	}
	many = append(many, para(document.Dated, "13th September 2021"))
	var ys [2][]float64
	for i, bs := range [][]document.Block{one, many} {
		for _, b := range content(layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: bs}}}).pages[0]) {
			ys[i] = append(ys[i], b.y)
		}
	}
	if fmt.Sprint(ys[0]) != fmt.Sprint(ys[1]) {
		t.Errorf("line tops differ:\n%v\n%v", ys[0], ys[1])
	}
	if gap := ys[0][5] - ys[0][4] - lineHeight(bodySize); math.Abs(gap-paraSpace) > fitEpsilon {
		t.Errorf("gap before the date %.2f mm, want %.2f", gap, paraSpace)
	}
}
