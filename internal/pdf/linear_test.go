package pdf

import (
	"bytes"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"

	"github.com/opcc-tools/s55/internal/document"
)

// countingMetrics counts the strings the layout measures.
type countingMetrics struct {
	m     metrics
	calls int
	bytes int
}

func (c *countingMetrics) width(s string, f face, size float64) float64 {
	c.calls++
	c.bytes += len(s)
	return c.m.width(s, f, size)
}

// work lays out doc and returns what it took: strings measured, bytes
// measured, boxes placed.
func work(t *testing.T, doc *document.Document) [3]int {
	t.Helper()
	cm := &countingMetrics{m: newMetrics(gofpdf.New("P", "mm", "A4", ""))}
	lay, err := layoutDocument(doc, cm)
	if err != nil {
		t.Fatal(err)
	}
	boxes := 0
	for _, pg := range lay.pages {
		boxes += len(pg.boxes)
	}
	return [3]int{cm.calls, cm.bytes, boxes}
}

// tablesDoc is a document of n tables of rows rows, five columns each,
// with links, code and wrapping cells.
func tablesDoc(n, rows int) *document.Document {
	var blocks []document.Block
	for i := range n {
		t := &document.Table{Align: []document.Align{document.AlignLeft, document.AlignNone, document.AlignCenter, document.AlignRight, document.AlignLeft},
			Head: [][]document.Cell{{{Spans: text("Item")}, {Spans: text("Owner")}, {Spans: text("Status")}, {Spans: text("Done")}, {Spans: text("Note")}}}}
		for r := range rows {
			t.Body = append(t.Body, []document.Cell{
				{Spans: text("Recommendation " + strconv.Itoa(r+1))},
				{Spans: text("Detective Chief Superintendent, Crime")},
				{Spans: []document.Span{{Text: "in-progress", Code: true}}},
				{Spans: text(strconv.Itoa(r*7%100) + "%")},
				{Spans: []document.Span{{Text: seedRecs[r%13][0][:80] + " "}, {Text: "report", Href: reportURL}}},
			})
		}
		blocks = append(blocks, &document.Heading{Level: 2, Spans: text("Table " + strconv.Itoa(i+1))}, t)
	}
	return one(blocks...)
}

// TestLinearWork doubles each kind of content and finds the layout's work
// (strings measured, bytes measured, boxes) doubled too, never more: no
// part of the layout is worse than linear in what it lays out.
func TestLinearWork(t *testing.T) {
	items := func(n int) *document.Document {
		l := &document.List{Ordered: true, Class: document.Item}
		for i := range n {
			r := seedRecs[i%13]
			l.Items = append(l.Items, &document.ListItem{ID: "rec-" + strconv.Itoa(i+1), Label: strconv.Itoa(i+1) + ".", Blocks: []document.Block{
				&document.Paragraph{Spans: []document.Span{{Text: "Recommendation:", Bold: true}, {Text: " " + r[0]}}},
				&document.Paragraph{Class: document.Answer, Spans: []document.Span{{Text: "Force response:", Bold: true}, {Text: " " + r[1]}}},
			}})
		}
		return one(l)
	}
	for _, c := range []struct {
		name string
		doc  func(n int) *document.Document
		n    int
	}{
		{"paragraphs", func(n int) *document.Document { return one(filler(n)...) }, 400},
		{"items", items, 100},
		{"table rows", func(n int) *document.Document { return tablesDoc(1, n) }, 200},
		{"tables", func(n int) *document.Document { return tablesDoc(n, 10) }, 20},
		{"a tall row", func(n int) *document.Document {
			return one(&document.Table{Body: [][]document.Cell{{{Spans: text(strings.Repeat("word ", n))}}}})
		}, 4000},
		{"a long word", func(n int) *document.Document { return one(para("", strings.Repeat("Wales", n))) }, 2000},
		{"a long URL", func(n int) *document.Document {
			u := strings.Repeat("inspection-report/", n)
			return one(&document.Paragraph{Spans: []document.Span{{Text: u, Href: "https://example.org/" + u}}})
		}, 500},
		{"a long code line", func(n int) *document.Document {
			return one(&document.CodeBlock{Lines: []string{strings.Repeat("0123456789 ", n)}})
		}, 500},
		{"code lines", func(n int) *document.Document {
			return one(&document.CodeBlock{Lines: strings.Split(strings.Repeat("    status: in-progress\n", n), "\n")})
		}, 1000},
		{"list depth", func(n int) *document.Document { return one(deepList(n)) }, 100},
		{"signatures", func(n int) *document.Document {
			var bs []document.Block
			for range n {
				bs = append(bs, para("", seedLetter[4]), signature())
			}
			return one(bs...)
		}, 100},
		{"quote depth", func(n int) *document.Document {
			var b document.Block = para("", "Innermost.")
			for i := range n {
				b = &document.Quote{Blocks: []document.Block{para("", "Level "+strconv.Itoa(n-i)+"."), b}}
			}
			return one(b)
		}, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, b := work(t, c.doc(c.n)), work(t, c.doc(2*c.n))
			for k, what := range []string{"strings measured", "bytes measured", "boxes"} {
				if r := float64(b[k]) / float64(a[k]); a[k] > 0 && (r > 2.1 || r < 1.5) {
					t.Errorf("%s: %d for %d, %d for %d: %.2f times for twice the content", what, a[k], c.n, b[k], 2*c.n, r)
				}
			}
			t.Logf("n=%d: %v; 2n: %v", c.n, a, b)
		})
	}
}

// BenchmarkRenderTables renders a table-heavy document: ten tables of 25
// rows, five columns, with code and links in their cells.
func BenchmarkRenderTables(b *testing.B) {
	doc := tablesDoc(10, 25)
	b.ReportAllocs()
	var buf bytes.Buffer
	pages := 0
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, doc); err != nil {
			b.Fatal(err)
		}
	}
	if n, err := PageCount(doc); err == nil {
		pages = n
	}
	b.ReportMetric(float64(pages), "pages")
}

// TestLinearRender counts the allocations and the bytes allocated by whole
// renders (layout, pagination, drawing, tagging and the post-processing
// pass): ten times the content costs at most about ten times as much, where
// work that grows with the square would cost a hundred times. The margin
// is wide because the finishing pass keeps its compressors in a sync.Pool,
// which a garbage collection may empty and the race detector empties at
// random, each time costing a megabyte more.
func TestLinearRender(t *testing.T) {
	for _, c := range []struct {
		name string
		doc  func(n int) *document.Document
		n    int
	}{
		{"tables", func(n int) *document.Document { return tablesDoc(n, 20) }, 5},
		{"paragraphs", func(n int) *document.Document { return one(filler(n)...) }, 500},
		{"a tall row", func(n int) *document.Document {
			return one(&document.Table{Head: [][]document.Cell{{{Spans: text("Head")}}}, Body: [][]document.Cell{{{Spans: text(strings.Repeat("word ", n))}}}})
		}, 3000},
		{"list depth", func(n int) *document.Document { return one(deepList(n)) }, 60},
		{"quotes around one paragraph", func(n int) *document.Document { return one(deepQuote(n)) }, 2000},
	} {
		// allocations and bytes allocated by one render
		cost := func(n int) [2]float64 {
			doc := c.doc(n)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			if err := Render(&bytes.Buffer{}, doc); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			return [2]float64{float64(after.Mallocs - before.Mallocs), float64(after.TotalAlloc - before.TotalAlloc)}
		}
		a, b := cost(c.n), cost(10*c.n)
		for k, what := range []string{"allocations", "bytes allocated"} {
			if r := b[k] / a[k]; r > 12 {
				t.Errorf("%s: %.0f %s for %d, %.0f for %d: %.1f times", c.name, a[k], what, c.n, b[k], 10*c.n, r)
			}
		}
		t.Logf("%s: %.0f allocations, %.0f bytes for %d; %.0f, %.0f for %d", c.name, a[0], a[1], c.n, b[0], b[1], 10*c.n)
	}
}
