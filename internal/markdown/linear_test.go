package markdown

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/diag"
)

// shapes are Markdown that an officer could type, or a hostile file hold,
// at n repeats: many lines, long lines, many items, deep nesting, long
// words, many links and marks, wide tables, and the CommonMark
// "pathological" inputs. Each is either read in work linear in its size or
// refused past a documented cap.
var shapes = []struct {
	name string
	make func(n int) string
}{
	{"one paragraph of many short lines", func(n int) string { return strings.Repeat("word more text\n", n) }},
	{"one long line", func(n int) string { return strings.Repeat("word more text ", n) }},
	{"many paragraphs", func(n int) string { return strings.Repeat("word more text\n\n", n) }},
	{"one long word", func(n int) string { return strings.Repeat("abcdefghij", n) }},
	{"many list items", func(n int) string { return strings.Repeat("- an item\n", n) }},
	{"many loose list items", func(n int) string { return strings.Repeat("1. an item\n\n", n) }},
	{"many headings", func(n int) string { return strings.Repeat("# a heading\n\ntext\n\n", n) }},
	{"many links", func(n int) string { return strings.Repeat("[the report](https://x.org/a) and\n", n) }},
	{"many bare links", func(n int) string { return strings.Repeat("https://x.org/a and\n", n) }},
	{"many language spans", func(n int) string { return strings.Repeat("[Croeso]{lang=cy} and\n", n) }},
	{"many hard breaks", func(n int) string { return strings.Repeat("a line\\\n", n) }},
	{"many comments on a line", func(n int) string { return strings.Repeat("<!-- a --> ", n) }},
	{"many comment lines", func(n int) string { return strings.Repeat("<!-- a -->\n", n) }},
	{"many code spans", func(n int) string { return strings.Repeat("`a` b\n", n) }},
	{"many table rows", func(n int) string { return "| a | b |\n| - | - |\n" + strings.Repeat("| a | b |\n", n) }},
	{"many typographer quotes", func(n int) string { return strings.Repeat("\"a\" -- b...\n", n) }},
	{"a long fenced code block", func(n int) string { return "```\n" + strings.Repeat("code\n", n) }},
	{"a long lazy quote", func(n int) string { return "> a\n" + strings.Repeat("b\n", n) }},
	{"lists nested on one line", func(n int) string { return strings.Repeat("- ", n) + "a\n" }},
	{"quotes nested on one line", func(n int) string { return strings.Repeat("> ", n) + "a\n" }},
	{"language passages nested", func(n int) string { return strings.Repeat("::: {lang=cy}\n", n) + "a\n" }},
	{"many lines inside deep quotes", func(n int) string { return strings.Repeat(strings.Repeat("> ", 40)+"a\n", n) }},
	{"emphasis nested", func(n int) string { return strings.Repeat("*a **", n) + "b" + strings.Repeat("** a*", n) }},
	{"language spans nested", func(n int) string { return strings.Repeat("[", n) + "a" + strings.Repeat("]{lang=cy}", n) }},
	{"brackets nested", func(n int) string { return strings.Repeat("[", n) + "a" + strings.Repeat("]", n) }},
	{"emphasis closers without openers", func(n int) string { return "a" + strings.Repeat("_ ", n) }},
	{"emphasis openers without closers", func(n int) string { return strings.Repeat(" _a", n) }},
	{"mismatched emphasis", func(n int) string { return strings.Repeat("*a_ ", n) }},
	{"link openers without closers", func(n int) string { return strings.Repeat("[a", n) }},
	{"unclosed links, angle", func(n int) string { return strings.Repeat("[a](<b", n) }},
	{"unclosed links, bare", func(n int) string { return strings.Repeat("[a](b", n) }},
	{"link reference definitions", func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "[a%d]: https://x.org\n", i)
		}
		return b.String()
	}},
	{"a wide table", func(n int) string {
		return "|" + strings.Repeat("a|", n) + "\n|" + strings.Repeat("-|", n) + "\n" + strings.Repeat("|a\n", n)
	}},
	{"a heading of many marks", func(n int) string { return "# " + strings.Repeat("[a](<b", n) + "\n" }},
}

// work returns the allocations and bytes allocated by f: a count of the
// work it does that does not depend on the machine's speed or load.
func work(f func()) (allocs, bytes uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc
}

// TestLinearWork: reading ten times the input costs at most about ten
// times the work, for every shape, through every way s55 reads Markdown.
func TestLinearWork(t *testing.T) {
	const n = 2000
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			var allocs, bytes [2]uint64
			for i, size := range []int{n, 10 * n} {
				src := []byte(sh.make(size))
				allocs[i], bytes[i] = work(func() {
					Parse(src, Options{Typographer: true})
					StripComments(src)
				})
			}
			t.Logf("allocs %d %d bytes %d %d", allocs[0], allocs[1], bytes[0], bytes[1])
			// Linear work grows tenfold, less what does not grow; work that
			// grows with the square grows a hundredfold.
			if r := float64(allocs[1]) / float64(allocs[0]); r > 15 {
				t.Errorf("allocations grew %.1f times for ten times the input (%d, %d)", r, allocs[0], allocs[1])
			}
			if r := float64(bytes[1]) / float64(bytes[0]); r > 15 {
				t.Errorf("bytes allocated grew %.1f times for ten times the input (%d, %d)", r, bytes[0], bytes[1])
			}
		})
	}
}

// TestCaps: past each documented cap, the Markdown is refused at the place
// the cap is passed, and nothing past it is published.
func TestCaps(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		off       int // of the refusal
		msg       string
	}{
		{"blocks nested past MaxBlocks on one line", strings.Repeat("- ", 30) + "a\n", MaxBlocks, "the blocks nest more than 16 deep"},
		{"quotes nested past MaxBlocks", "Text.\n\n" + strings.Repeat(">", 30) + " a\n", 7 + MaxBlocks, "the blocks nest more than 16 deep"},
		{"passages nested past MaxBlocks", strings.Repeat("::: {lang=cy}\n", 20) + "a\n", 14 * MaxBlocks, "the blocks nest more than 16 deep"},
		{"a table past MaxColumns", "|" + strings.Repeat(" a |", 65) + "\n|" + strings.Repeat(" - |", 65) + "\n| b |\n", 4*65 + 2, "this table has 65 columns, and a table has at most 64"},
		{"a paragraph past MaxMarks", "Intro.\n\n" + strings.Repeat("[a](b ", MaxMarks/2) + "\nmore [a](b", 8 + 6*MaxMarks/2 + 6, "this paragraph holds more than 256 of the marks"},
		{"a heading past MaxMarks", "Intro.\n\n## " + strings.Repeat("_", MaxMarks+1), 8 + 3 + MaxMarks, "this heading holds more than 256 of the marks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Parse([]byte(tc.src), Options{})
			var found bool
			for _, p := range r.Problems {
				if strings.HasPrefix(p.Msg, tc.msg) {
					found = true
					if p.Off != tc.off || p.Severity != diag.Error {
						t.Errorf("refused at %d (%v), want %d: %q", p.Off, p.Severity, tc.off, p.Msg)
					}
				}
			}
			if !found {
				t.Errorf("not refused; problems: %+v", r.Problems)
			}
		})
	}
	// At the caps, nothing is refused.
	for name, src := range map[string]string{
		"six levels of lists":       "- a\n  - b\n    - c\n      - d\n        - e\n          - f\n",
		"a table of MaxColumns":     "|" + strings.Repeat(" a |", MaxColumns) + "\n|" + strings.Repeat(" - |", MaxColumns) + "\n",
		"a paragraph of MaxMarks":   strings.Repeat("[a](https://x.org) ", MaxMarks/2),
		"a heading of MaxMarks":     "# " + strings.Repeat("*a*", MaxMarks/2),
		"underscores in many links": strings.Repeat("https://x.org/a_b ", 100),
	} {
		for _, p := range Parse([]byte(src), Options{}).Problems {
			t.Errorf("%s: %+v", name, p)
		}
	}
}

// BenchmarkParseParagraph parses one paragraph of 2 MB of short lines.
func BenchmarkParseParagraph(b *testing.B) {
	src := []byte(strings.Repeat("the force has improved its response\n", 2<<20/36))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Parse(src, Options{Typographer: true})
	}
}
