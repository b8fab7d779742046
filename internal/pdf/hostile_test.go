package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/fonts"
	"github.com/opcc-tools/s55/internal/pdfread"
)

// hostileTree is a tree that tries to break the layout.
type hostileTree struct {
	name string
	doc  func() *document.Document
}

// one returns a document of one part holding blocks.
func one(blocks ...document.Block) *document.Document {
	return &document.Document{Lang: "en-GB", Title: "Hostile", Date: fixture().Date,
		PageLabel: func(p, n int) string { return fmt.Sprintf("Page %d of %d", p, n) },
		Parts:     []*document.Part{{ID: "part", Outline: "Part", Blocks: blocks}}}
}

// deepList returns a list nested depth levels deep, each level's item
// holding a paragraph "Level n ..." and the next level.
func deepList(depth int) *document.List {
	var inner *document.List
	for n := depth; n >= 1; n-- {
		blocks := []document.Block{para("", "Level "+strconv.Itoa(n)+" "+seedRecs[0][0])}
		if inner != nil {
			blocks = append(blocks, inner)
		}
		inner = &document.List{Ordered: true, Items: []*document.ListItem{{Label: strconv.Itoa(n) + ".", Blocks: blocks}}}
	}
	return inner
}

// deepQuote returns quotes nested depth deep around a paragraph.
func deepQuote(depth int) document.Block {
	var b document.Block = para("", seedLetter[2])
	for range depth {
		b = &document.Quote{Blocks: []document.Block{b}}
	}
	return b
}

// wideTable returns a table of cols columns and rows rows.
func wideTable(cols, rows int) *document.Table {
	t := &document.Table{}
	head := []document.Cell{}
	for c := range cols {
		t.Align = append(t.Align, document.Align(c%4))
		head = append(head, document.Cell{Spans: text("Col " + strconv.Itoa(c+1))})
	}
	t.Head = [][]document.Cell{head}
	for r := range rows {
		row := []document.Cell{}
		for c := range cols {
			row = append(row, document.Cell{Spans: text(fmt.Sprintf("r%dc%d WWW %s", r+1, c+1, strings.Repeat("x", c)))})
		}
		t.Body = append(t.Body, row)
	}
	return t
}

// tallRowTable returns a table whose second body row is taller than a
// page: a cell of 150 lines.
func tallRowTable() *document.Table {
	var tall []document.Span
	for i := range 150 {
		if i > 0 {
			tall = append(tall, document.Span{Break: true})
		}
		tall = append(tall, document.Span{Text: "Line " + strconv.Itoa(i+1) + " of the tall cell."})
	}
	return &document.Table{
		Align: []document.Align{document.AlignLeft, document.AlignRight},
		Head:  [][]document.Cell{{{Spans: text("What")}, {Spans: text("Why")}}},
		Body: [][]document.Cell{
			{{Spans: text("Short row")}, {Spans: text("One line.")}},
			{{Spans: text("Tall row")}, {Spans: tall}},
			{{Spans: text("After")}, {Spans: text("The row after the tall one.")}},
		},
	}
}

// longURL is a URL of 500 characters whose parts between the places it
// may break are all shorter than a line.
var longURL = func() string {
	u := "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/"
	for i := 0; len(u) < 450; i++ {
		u += "inspection-report-part-" + strconv.Itoa(i) + "/"
	}
	u += "?q=rape&from=2021&to="
	return u + strings.Repeat("9", 500-len(u))
}()

// hostileTrees are the trees the layout must survive.
func hostileTrees() []hostileTree {
	return []hostileTree{
		{"deep list", func() *document.Document { return one(deepList(20)) }},
		{"deep quote", func() *document.Document { return one(deepQuote(20)) }},
		{"wide table", func() *document.Document { return one(wideTable(30, 4)) }},
		{"long word", func() *document.Document {
			return one(para("", "Before "+strings.Repeat("Wales", 400)+" after."))
		}},
		{"long url", func() *document.Document {
			return one(&document.Paragraph{Spans: []document.Span{{Text: "The report is at "}, {Text: longURL, Href: longURL}, {Text: "."}}})
		}},
		{"long code line", func() *document.Document {
			return one(&document.CodeBlock{Lines: []string{strings.Repeat("0123456789", 100), "end"}})
		}},
		{"tall row", func() *document.Document {
			return one(para("", "Before the table."), tallRowTable(), para("", "After the table."))
		}},
		{"empty tables", func() *document.Document {
			return one(&document.Table{}, &document.Table{Align: []document.Align{document.AlignLeft}},
				&document.Table{Body: [][]document.Cell{{}, {}}}, para("", "Only this."))
		}},
		{"quote holding a table holding nothing", func() *document.Document {
			return one(&document.Quote{Blocks: []document.Block{&document.Table{}}}, &document.Quote{})
		}},
		{"table in a deep list", func() *document.Document {
			l := deepList(8)
			in := l
			for len(in.Items[0].Blocks) > 1 {
				in = in.Items[0].Blocks[1].(*document.List)
			}
			in.Items[0].Blocks = append(in.Items[0].Blocks, wideTable(12, 2), &document.CodeBlock{Lines: []string{strings.Repeat("code ", 60)}})
			return one(l)
		}},
		{"wide labels", func() *document.Document {
			return one(&document.List{Items: []*document.ListItem{
				{Label: strings.Repeat("Recommendation ", 20), Blocks: []document.Block{para("", "A label too wide to hang.")}},
				{Label: "", Blocks: []document.Block{para("", "No label at all.")}},
				{Label: "(iv)", Value: 99, Blocks: []document.Block{para("", "A label as the tree gives it.")}},
			}})
		}},
	}
}

// lineBounds returns the left and right ends of a line's text, trailing
// space aside.
func lineBounds(ln *line) (float64, float64) {
	if len(ln.segs) == 0 {
		return 0, 0
	}
	last := ln.segs[len(ln.segs)-1]
	return ln.segs[0].x, last.x + last.w
}

// boxLines returns the lines of a box: its own, or its cells'.
func boxLines(b *box) []*line {
	if b.line != nil {
		return []*line{b.line}
	}
	var ls []*line
	if b.band != nil {
		for _, c := range b.band.cells {
			if c.line != nil {
				ls = append(ls, c.line)
			}
		}
	}
	return ls
}

// checkBounds fails t for anything placed outside the text column and the
// body of the page: text, images, rules.
func checkBounds(t *testing.T, lay *layout) {
	t.Helper()
	const slack = 0.01
	for pi, pg := range lay.pages {
		for _, b := range pg.boxes {
			for _, ln := range boxLines(b) {
				if l, r := lineBounds(ln); len(ln.segs) > 0 && (l < textLeft-slack || r > textRight+slack) {
					t.Errorf("page %d: line %q spans %.2f-%.2f mm", pi+1, segText(ln), l, r)
				}
			}
			if b.img != nil && (b.img.x < textLeft-slack || b.img.x+b.img.w > textRight+slack) {
				t.Errorf("page %d: image at %.2f+%.2f mm", pi+1, b.img.x, b.img.w)
			}
			for _, r := range append(append([]rule(nil), b.rules...), pg.decor...) {
				if r.x1 < textLeft-slack || r.x2 > pageWidth-marginRight/2 || r.x1 > r.x2 || r.y1 > r.y2 {
					t.Errorf("page %d: rule %+v outside the column", pi+1, r)
				}
			}
		}
	}
}

// segText returns the text of a line.
func segText(ln *line) string {
	var s strings.Builder
	for _, sg := range ln.segs {
		s.WriteString(sg.text)
	}
	return s.String()
}

// TestHostileLayout lays out every hostile tree: every box on a page and
// inside the column, the pagination rules kept, every word placed.
func TestHostileLayout(t *testing.T) {
	for _, h := range hostileTrees() {
		t.Run(h.name, func(t *testing.T) {
			lay := layoutOf(t, h.doc())
			checkRules(t, lay)
			checkBounds(t, lay)
		})
	}
}

// TestDeepList: indentation grows to the sixth level and stops there, and
// the deepest text still has a column of minMeasure at least.
func TestDeepList(t *testing.T) {
	lay := layoutOf(t, one(deepList(20)))
	at := map[int]float64{}
	for _, pg := range lay.pages {
		for _, b := range pg.boxes {
			if b.line == nil || b.index != 0 || !strings.HasPrefix(lineText(b), "Level ") {
				continue
			}
			n, _ := strconv.Atoi(strings.Fields(lineText(b))[1])
			at[n] = b.line.segs[0].x
		}
	}
	if len(at) != 20 {
		t.Fatalf("found %d levels", len(at))
	}
	for n := 2; n <= 20; n++ {
		switch {
		case n <= maxNesting && at[n] <= at[n-1]:
			t.Errorf("level %d at %.2f mm, not right of level %d at %.2f", n, at[n], n-1, at[n-1])
		case n > maxNesting && at[n] != at[maxNesting]:
			t.Errorf("level %d at %.2f mm, want %.2f as level %d", n, at[n], at[maxNesting], maxNesting)
		}
	}
	if w := textRight - at[20]; w < minMeasure {
		t.Errorf("the deepest level has %.1f mm", w)
	}
}

// TestLongURL: a URL breaks after / . ? & = or before - only, when its
// parts between them fit a line, and its lines join back into it.
func TestLongURL(t *testing.T) {
	for _, w := range []float64{textWidth, 60, minMeasure} {
		doc := one(&document.Paragraph{Spans: []document.Span{{Text: "The report is at "}, {Text: longURL, Href: longURL}, {Text: "."}}})
		doc.Parts[0].Blocks = []document.Block{&document.Quote{Blocks: doc.Parts[0].Blocks}}
		l := &layouter{m: newMetrics(gofpdf.New("P", "mm", "A4", "")), paths: [][]elem{nil}}
		lines := l.setLines(doc.Parts[0].Blocks[0].(*document.Quote).Blocks[0].(*document.Paragraph).Spans, pstyle{size: bodySize}, textLeft, w)
		var got strings.Builder
		for i, ln := range lines {
			s := segText(ln)
			if _, r := lineBounds(ln); r > textLeft+w+fitEpsilon {
				t.Errorf("width %.0f: line %q overflows", w, s)
			}
			got.WriteString(s)
			if i == 0 || i == len(lines)-1 {
				continue // around the URL
			}
			if !urlBreakAt(s, segText(lines[i+1])) {
				t.Errorf("width %.0f: line %d %q breaks the URL before %q", w, i, s, segText(lines[i+1]))
			}
		}
		if want := "The report is at " + longURL + "."; got.String() != want {
			t.Errorf("width %.0f: lines join to\n%q", w, got.String())
		}
		if len(lines) < 4 {
			t.Errorf("width %.0f: %d lines", w, len(lines))
		}
	}
}

// urlBreakAt reports whether a URL may break between line and next: after
// / . ? & = or before a hyphen.
func urlBreakAt(line, next string) bool {
	return strings.ContainsRune("/.?&=", rune(line[len(line)-1])) || strings.HasPrefix(next, "-")
}

// TestLinkTextFillsLine: a link's text that does not fit the rest of a line
// breaks at a URL's place to fill it, where plain text moves whole.
func TestLinkTextFillsLine(t *testing.T) {
	const lead = "The inspectorate published the report on its website at"
	for _, href := range []string{reportURL, ""} {
		l := &layouter{m: newMetrics(gofpdf.New("P", "mm", "A4", "")), paths: [][]elem{nil}}
		lines := l.setLines([]document.Span{{Text: lead + " "}, {Text: "www.justiceinspectorates.gov.uk/hmicfrs", Href: href}}, pstyle{size: bodySize}, textLeft, textWidth)
		first := segText(lines[0])
		if href != "" && !strings.HasPrefix(first, lead+" www.") {
			t.Errorf("link: first line %q, want the link's start on it", first)
		}
		if href == "" && first != lead+" " {
			t.Errorf("plain text: first line %q, want the word moved whole", first)
		}
	}
}

// TestLongCodeLine: a code line of 1,000 characters wraps within the
// column, each wrapped line marked, and joins back.
func TestLongCodeLine(t *testing.T) {
	code := strings.Repeat("0123456789", 100)
	lay := layoutOf(t, one(&document.CodeBlock{Lines: []string{code, "  kept  spaces", "", "last"}}))
	var got strings.Builder
	var lines []*box
	for _, pg := range lay.pages {
		for _, b := range pg.boxes {
			if b.kind == sCode {
				lines = append(lines, b)
				got.WriteString(lineText(b))
			}
		}
	}
	if want := code + " " + "  kept  spaces " + "last "; got.String() != want {
		t.Errorf("code lines join to\n%q\nwant\n%q", got.String(), want)
	}
	n := 0
	for _, b := range lines {
		if len(b.rules) > 0 {
			n++
		}
		for _, s := range b.line.segs {
			if s.face != mono {
				t.Errorf("code in face %d", s.face)
			}
		}
	}
	if n < 10 || n != len(lines)-4 {
		t.Errorf("%d of %d lines marked as wrapped", n, len(lines))
	}
}

// TestMonoFallback: a character Liberation Mono lacks and Liberation Sans
// has is set in Liberation Sans, the rest of the code in Mono.
func TestMonoFallback(t *testing.T) {
	sans, err := sfnt.Parse(fonts.Regular.TTF())
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	var missing []rune
	for r := rune(0x20); r < 0xffff; r++ {
		if g, err := sans.GlyphIndex(&buf, r); err == nil && g != 0 && !hasGlyph(mono, r) {
			missing = append(missing, r)
		}
	}
	if len(missing) == 0 {
		t.Fatal("Liberation Mono has every glyph of Liberation Sans: the fallback is never needed")
	}
	r := missing[0]
	lay := layoutOf(t, one(&document.Paragraph{Spans: []document.Span{{Text: "a" + string(r) + "b", Code: true}}}))
	var runs []string
	for _, s := range content(lay.pages[0])[0].line.segs {
		runs = append(runs, fmt.Sprintf("%s:%d", s.text, s.face))
	}
	if want := fmt.Sprintf("a:%d %c:%d b:%d", mono, r, regular, mono); strings.Join(runs, " ") != want {
		t.Errorf("runs %v, want %s", runs, want)
	}
	if !hasGlyph(mono, 'a') || !hasGlyph(mono, 'ŵ') {
		t.Errorf("Liberation Mono lacks a or ŵ")
	}
	t.Logf("%d characters of Liberation Sans fall back from Mono, the first %U", len(missing), r)
}

// TestTallRow: a row taller than a page starts where it stands and breaks
// between its lines; every page it continues on starts with the header
// again, as an artifact; and the structure holds each header cell once.
func TestTallRow(t *testing.T) {
	doc := one(para("", "Before the table."), tallRowTable(), para("", "After the table."))
	lay := layoutOf(t, doc)
	first, _ := pageOf(lay, "Before the table.")
	tall := -1
	lines := 0
	for pi, pg := range lay.pages {
		for k, b := range pg.boxes {
			for _, ln := range boxLines(b) {
				if strings.HasPrefix(segText(ln), "Line ") && !b.artifact {
					lines++
					if tall < 0 {
						tall = pi
					}
				}
			}
			if b.artifact && (k > 1 || b.band == nil || segText(b.band.cells[0].line) != "What") {
				t.Errorf("page %d: artifact box %d %+v", pi+1, k, b.band)
			}
		}
		if pi > tall && tall >= 0 && pi < len(lay.pages)-1 {
			if c := content(pg); !c[0].artifact || segText(c[0].band.cells[0].line) != "What" {
				t.Errorf("page %d does not start with the header again", pi+1)
			}
		}
	}
	if tall != first || lines != 150 {
		t.Errorf("the tall row starts on page %d (the table on %d), with %d of its 150 lines", tall+1, first+1, lines)
	}
	if len(lay.pages) < 3 {
		t.Fatalf("%d pages", len(lay.pages))
	}
	f, err := pdfread.Parse(render(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	th := 0
	for _, e := range checkStructure(t, f, doc).elems {
		if e.kind == "TH" {
			th++
		}
	}
	if th != 2 {
		t.Errorf("%d TH in the structure, want the header's 2 once", th)
	}
}
