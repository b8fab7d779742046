package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
)

func TestParse(t *testing.T) {
	p := func(spans ...document.Span) *document.Paragraph { return &document.Paragraph{Spans: spans} }
	txt := func(s string) document.Span { return document.Span{Text: s} }
	for _, tc := range []struct {
		name string
		src  string
		want []document.Block
	}{
		{"paragraphs", "One\nline.\n\nTwo.", []document.Block{p(txt("One line.")), p(txt("Two."))}},
		{"emphasis", "A **bold** and *italic* word.", []document.Block{
			p(txt("A "), document.Span{Text: "bold", Bold: true}, txt(" and "), document.Span{Text: "italic", Italic: true}, txt(" word."))}},
		{"entities and escapes", `R&amp;D &copy; \* 1986\. \&amp;`, []document.Block{p(txt("R&D © * 1986. &amp;"))}},
		{"link", "See [the report](https://example.org/r) now.", []document.Block{
			p(txt("See "), document.Span{Text: "the report", Href: "https://example.org/r"}, txt(" now."))}},
		{"bare link", "At https://example.org/x today.", []document.Block{
			p(txt("At "), document.Span{Text: "https://example.org/x", Href: "https://example.org/x"}, txt(" today."))}},
		{"hard breaks", "Line one  \nLine two\\\nthree", []document.Block{
			p(txt("Line one"), document.Span{Break: true}, txt("Line two"), document.Span{Break: true}, txt("three"))}},
		{"lists keep their numbers", "- a\n\n3. c\n4. d\n\n7) e", []document.Block{
			&document.List{Items: []*document.ListItem{{Label: "•", Blocks: []document.Block{p(txt("a"))}}}},
			&document.List{Ordered: true, Items: []*document.ListItem{
				{Value: 3, Label: "3.", Blocks: []document.Block{p(txt("c"))}},
				{Value: 4, Label: "4.", Blocks: []document.Block{p(txt("d"))}},
			}},
			&document.List{Ordered: true, Items: []*document.ListItem{{Value: 7, Label: "7)", Blocks: []document.Block{p(txt("e"))}}}},
		}},
		{"heading", "# Ŵyneb", []document.Block{&document.Heading{Level: 2, ID: "x-h1", Spans: []document.Span{txt("Ŵyneb")}}}},
		{"code", "Run `a\tb` now.\n\n```yaml\n\tkey: <b>\n```\n\n    x\ty\n", []document.Block{
			p(txt("Run "), document.Span{Text: "a   b", Code: true}, txt(" now.")),
			&document.CodeBlock{Info: "yaml", Lines: []string{"    key: <b>"}},
			&document.CodeBlock{Lines: []string{"x   y"}},
		}},
		{"quote and rule", "> Their words.\n\n---\n\nOurs.", []document.Block{
			&document.Quote{Blocks: []document.Block{p(txt("Their words."))}}, &document.Rule{}, p(txt("Ours."))}},
		{"table", "| Area | Grade |\n| :-- | --: |\n| Crime | *good* |\n", []document.Block{&document.Table{
			Align: []document.Align{document.AlignLeft, document.AlignRight},
			Head:  [][]document.Cell{{{Spans: []document.Span{txt("Area")}}, {Spans: []document.Span{txt("Grade")}}}},
			Body:  [][]document.Cell{{{Spans: []document.Span{txt("Crime")}}, {Spans: []document.Span{{Text: "good", Italic: true}}}}},
		}}},
		{"a note is not published", "Text <!-- check with the DCC --> more.\n\n<!-- a note\non two lines -->\n\nEnd.", []document.Block{p(txt("Text  more.")), p(txt("End."))}},
		{"inline numbering stays in its paragraph", "include: 1) one; 2) two.", []document.Block{p(txt("include: 1) one; 2) two."))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Parse([]byte(tc.src), Options{IDPrefix: "x-"})
			if !reflect.DeepEqual(r.Blocks, tc.want) {
				t.Errorf("Parse(%q):\n got %s\nwant %s", tc.src, dump(r.Blocks), dump(tc.want))
			}
			for _, p := range r.Problems {
				if p.Severity != diag.Note {
					t.Errorf("problem: %+v", p)
				}
			}
		})
	}
}

// TestProblems: what a document cannot carry is refused at its offset.
func TestProblems(t *testing.T) {
	img := func(dest string) (*document.Image, string) {
		if dest == "chart.png" {
			return &document.Image{Type: "png", Data: []byte("x"), Width: 10, Height: 5}, ""
		}
		return nil, "no file " + dest
	}
	for _, tc := range []struct {
		src  string
		want []string // "offset severity message part"
	}{
		{"<!-- check with the DCC -->\n", []string{`0 note drafting note "check with the DCC" is not published`}},
		{"A <b>bold</b> word.", []string{`2 error raw HTML "<b>" is not published: write **bold** instead`, `9 error raw HTML "</b>" is not published: write **bold** instead`}},
		{"One<br>two", []string{`3 error raw HTML "<br>" is not published: write a backslash`}},
		{"<div>\nx\n</div>\n", []string{`0 error raw HTML "<div>" is not published: write the text alone`}},
		{"<table><tr><td>x</td></tr></table>\n", []string{`0 error raw HTML "<table>" is not published: write a pipe table`}},
		{"a <span>b</span>", []string{`2 error raw HTML "<span>" is not published: write plain text instead`, `9 error raw HTML "</span>"`}},
		{"`<b>` is code", nil},
		{"[x](javascript:alert(1))", []string{`0 error "javascript:": links are not published: they run a program`}},
		{"a [x](file:///etc/passwd)", []string{`2 error "file:": links are not published`}},
		{"[share](smb://host/share)", []string{`0 error "smb:": links are not published: they open a Windows file share`}},
		{"[d](data:text/html,hi)", []string{`0 error "data:": links are not published`}},
		{"[rel](page.html)", []string{`0 error the link "page.html" has no scheme`}},
		{"[click here](https://example.org/)", []string{`0 warning link text "click here" does not say where the link goes`}},
		{"Note[^1].\n\n[^1]: A footnote.", []string{`4 error footnotes are not published`, `11 error footnotes are not published`}},
		{"![A chart](chart.png)", nil},
		{"![](chart.png)", []string{`0 error the picture "chart.png" has no text alternative`}},
		{"See ![A chart](gone.png)", []string{`4 error no file gone.png`}},
		{"# A ![chart](chart.png)", []string{`4 error a picture cannot stand in a heading`}},
		{"# One\n\n### Three", []string{`7 error heading "Three" is "###" but the heading before it is "#": a level is skipped`}},
		{"&#x1F600; &#0;", []string{`0 error the character reference &#x1F600; gives '😀' (U+1F600), which cannot be printed`, `10 error the character reference &#0; gives`}},
		{strings.Repeat(" ", 0) + "- 1\n  - 2\n    - 3\n      - 4\n        - 5\n          - 6\n            - 7\n", []string{`66 error lists and quotes nest 7 deep here`}},
	} {
		problemsAre(t, tc.src, Parse([]byte(tc.src), Options{Image: img}), tc.want)
	}
}

// problemsAre fails t unless the problems of r are, one for one, "offset
// severity message" lines starting with want's.
func problemsAre(t *testing.T, src string, r Result, want []string) {
	t.Helper()
	var got []string
	for _, p := range r.Problems {
		got = append(got, fmt.Sprintf("%d %v %s", p.Off, p.Severity, p.Msg))
	}
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("Parse(%q):\n got %q\nwant %q", src, got, want)
	}
}

// TestHeadingsShift: a piece's first heading takes its slot's level,
// whatever its number of "#", and the rest keep their distance.
func TestHeadingsShift(t *testing.T) {
	r := Parse([]byte("### A\n\n#### B\n\n### C\n\n# D\n"), Options{HeadingLevel: 4})
	var levels []int
	document.Walk(r.Blocks, func(b document.Block) {
		if h, ok := b.(*document.Heading); ok {
			levels = append(levels, h.Level)
		}
	})
	if !reflect.DeepEqual(levels, []int{4, 5, 4, 4}) || len(r.Problems) != 0 {
		t.Errorf("levels %v, problems %v", levels, r.Problems)
	}
	r = Parse([]byte("# A\n\n## B\n\n### C\n"), Options{HeadingLevel: 5})
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Msg, "a document has only 6 levels") {
		t.Errorf("too deep: %v", r.Problems)
	}
}

func TestTypographer(t *testing.T) {
	src := []byte(`"Quoted" -- and --- it's...`)
	if got := document.Text(Parse(src, Options{Typographer: true}).Blocks[0].(*document.Paragraph).Spans); got != "“Quoted” – and — it’s…" {
		t.Errorf("typographer: %q", got)
	}
	if got := document.Text(Parse(src, Options{}).Blocks[0].(*document.Paragraph).Spans); got != string(src) {
		t.Errorf("without: %q", got)
	}
}

// TestStripComments: the comments go, the blocks stay, and stripping again
// changes nothing.
func TestStripComments(t *testing.T) {
	for src, want := range map[string]string{
		"A <!-- note --> b.\n":                "A  b.\n",
		"<!-- note -->\n\nText.\n":            "\n\nText.\n",
		"Para\n<!-- a\nnote -->\nmore\n":      "Para\n\nmore\n",
		"- a\n<!-- note -->\n- b\n":           "- a\n<!---->\n- b\n",
		"`<!-- code -->` stays\n":             "`<!-- code -->` stays\n",
		"> q <!--x-->\n> <!-- y -->\n":        "> q <!---->\n> <!---->\n",
		"No comment.\n":                       "No comment.\n",
		"Two <!-- a --> and <!-- b --> here.": "Two  and  here.",
	} {
		got := string(StripComments([]byte(src)))
		if got != want {
			t.Errorf("StripComments(%q) = %q, want %q", src, got, want)
		}
		if !reflect.DeepEqual(Parse([]byte(got), Options{}).Blocks, Parse([]byte(src), Options{}).Blocks) {
			t.Errorf("StripComments(%q) changes the blocks", src)
		}
		if again := string(StripComments([]byte(got))); again != got {
			t.Errorf("StripComments(%q) again = %q", got, again)
		}
	}
}

func dump(bs []document.Block) string {
	var s string
	document.Walk(bs, func(b document.Block) {
		s += fmt.Sprintf("%T%+v ", b, b)
	})
	return s
}

// TestLineEnds checks that Markdown whose lines end with "\r\n" or a lone
// "\r" reads as the same blocks as with "\n", as CommonMark (2.1) says, and
// that its problems keep their offsets.
func TestLineEnds(t *testing.T) {
	const text = "# Title\n\nFirst line\nsecond line.\n\n- one\n- two <b>x</b>\n\n<!-- a note -->\nLast.\n"
	want := Parse([]byte(text), Options{})
	for _, eol := range []string{"\r\n", "\r"} {
		src := []byte(strings.ReplaceAll(text, "\n", eol))
		got := Parse(src, Options{})
		if !reflect.DeepEqual(got.Blocks, want.Blocks) {
			t.Errorf("line end %q: blocks %#v, want %#v", eol, got.Blocks, want.Blocks)
		}
		if len(got.Problems) != 3 || string(src[got.Problems[0].Off:got.Problems[0].Off+3]) != "<b>" ||
			string(src[got.Problems[2].Off:got.Problems[2].Off+4]) != "<!--" {
			t.Errorf("line end %q: problems %v, want <b>, </b> and the note, each at its place", eol, got.Problems)
		}
		if stripped := string(StripComments(src)); strings.Contains(stripped, "note") || !strings.Contains(stripped, "Last.") {
			t.Errorf("line end %q: StripComments gave %q", eol, stripped)
		}
	}
}

// TestReadOnceConvertMany converts one reading of a piece at several
// heading levels and prefixes, in turn and again, and finds each result
// what a parse of its own gives, problems and anchors included: converting
// leaves the tree as it was read.
func TestReadOnceConvertMany(t *testing.T) {
	src := []byte("# Heading\n\nText with [a link](#rec-2) and <https://example.org/x>.\n\n## Below\n\n" +
		"- one\n  - two\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n#### Skipped\n\nA note[^1].\n\n[^1]: Footnote.\n\n> quoted **bold**\n")
	for _, typo := range []bool{false, true} {
		read := Read(src, typo)
		for range 2 {
			for _, opt := range []Options{{}, {HeadingLevel: 3, IDPrefix: "a-"}, {HeadingLevel: 5, IDPrefix: "b-"}, {HeadingLevel: 2, IDPrefix: "a-"}} {
				opt.Typographer = typo
				got, want := read.Convert(opt), Parse(src, opt)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("typographer %v, %+v: converted %+v, parsed %+v", typo, opt, got, want)
				}
				if len(want.Problems) < 2 || len(want.Anchors) != 1 {
					t.Fatalf("%+v: the piece should give the skipped heading's and the footnote's problems and one anchor: %+v", opt, want)
				}
			}
		}
	}
}
