package pdf

import (
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/document"
)

// TestWelshDigraphs: a Welsh word too wide for its line breaks between
// letters, and a letter of two characters (ll, dd, ch ...) is never split
// across lines; the same word in English breaks between any characters,
// which the test proves it would.
func TestWelshDigraphs(t *testing.T) {
	word := strings.Repeat("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", 12) + "Ddŵr"
	splits := func(lang, spanLang string, depth int) (inside int, joined string) {
		t.Helper()
		var block document.Block = &document.Paragraph{Spans: []document.Span{{Text: "Cyn " + word + " wedyn.", Lang: spanLang}}}
		for range depth {
			block = &document.List{Items: []*document.ListItem{{Label: "1.", Blocks: []document.Block{block}}}}
		}
		lay := layoutOf(t, &document.Document{Lang: "en-GB", Parts: []*document.Part{{Lang: lang, Blocks: []document.Block{block}}}})
		var lines []string
		for _, pg := range lay.pages {
			for _, b := range content(pg) {
				if b.line != nil && len(b.line.segs) > 0 && lineText(b) != "1." {
					lines = append(lines, lineText(b))
				}
			}
		}
		for i := 1; i < len(lines); i++ {
			a, b := lines[i-1], lines[i]
			if a == "" || b == "" || strings.HasSuffix(a, " ") {
				continue
			}
			if digraph(a[len(a)-1:], b[:1]) {
				inside++
			}
		}
		return inside, strings.Join(lines, "")
	}
	for depth := range 6 {
		for _, tc := range []struct{ part, span string }{{"cy-GB", ""}, {"", "cy"}, {"", "CY-gb"}} {
			inside, text := splits(tc.part, tc.span, depth)
			if inside > 0 {
				t.Errorf("depth %d, part %q, span %q: %d lines break inside a Welsh letter", depth, tc.part, tc.span, inside)
			}
			if !strings.Contains(strings.ReplaceAll(text, " ", ""), strings.ReplaceAll(word, " ", "")) {
				t.Errorf("depth %d: the word does not come back whole from its lines", depth)
			}
		}
	}
	english := 0
	for depth := range 6 {
		n, _ := splits("", "", depth)
		english += n
	}
	if english == 0 {
		t.Errorf("in English the word never broke inside a digraph: the test cannot tell")
	}
}
