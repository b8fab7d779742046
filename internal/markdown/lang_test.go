package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/document"
)

// TestLanguageMarks: a passage marked with its language carries the tag in
// the tree, inline and as a block, whatever it holds and wherever it
// stands.
func TestLanguageMarks(t *testing.T) {
	p := func(spans ...document.Span) *document.Paragraph { return &document.Paragraph{Spans: spans} }
	txt := func(s string) document.Span { return document.Span{Text: s} }
	cy := func(s string) document.Span { return document.Span{Text: s, Lang: "cy"} }
	for _, tc := range []struct {
		name string
		src  string
		want []document.Block
	}{
		{"a span", "The motto [Croeso i Gymru]{lang=cy} greets.", []document.Block{
			p(txt("The motto "), cy("Croeso i Gymru"), txt(" greets."))}},
		{"quoted tag, canonical case", `A [Bore da]{lang="CY-gb"}.`, []document.Block{
			p(txt("A "), document.Span{Text: "Bore da", Lang: "cy-GB"}, txt("."))}},
		{"single-quoted tag and spaces", `A [Bore da]{ lang = 'cy' }.`, []document.Block{
			p(txt("A "), cy("Bore da"), txt("."))}},
		{"at the start and the end", "[Diolch]{lang=cy}", []document.Block{p(cy("Diolch"))}},
		{"emphasis inside", "A [Croeso i *Gymru*]{lang=cy} b", []document.Block{
			p(txt("A "), cy("Croeso i "), document.Span{Text: "Gymru", Italic: true, Lang: "cy"}, txt(" b"))}},
		{"emphasis outside", "*Yn [gywir]{lang=cy}*", []document.Block{
			p(document.Span{Text: "Yn ", Italic: true}, document.Span{Text: "gywir", Italic: true, Lang: "cy"})}},
		{"brackets inside", "a [b [c] d]{lang=cy} e", []document.Block{p(txt("a "), cy("b [c] d"), txt(" e"))}},
		{"over a line end", "one [dau\ntri]{lang=cy} four", []document.Block{p(txt("one "), cy("dau tri"), txt(" four"))}},
		{"two in a line", "[un]{lang=cy} and [dau]{lang=cy}.", []document.Block{p(cy("un"), txt(" and "), cy("dau"), txt("."))}},
		{"nested languages", "[Mae'r [Home Office]{lang=en-GB} yn cytuno]{lang=cy}", []document.Block{
			p(cy("Mae'r "), document.Span{Text: "Home Office", Lang: "en-GB"}, cy(" yn cytuno"))}},
		{"a link", "See [Heddlu Gwent](https://www.gwent.police.uk/){lang=cy} now.", []document.Block{
			p(txt("See "), document.Span{Text: "Heddlu Gwent", Href: "https://www.gwent.police.uk/", Lang: "cy"}, txt(" now."))}},
		{"a link inside", "[Gweler [y wefan](https://example.org/a)]{lang=cy}", []document.Block{
			p(cy("Gweler "), document.Span{Text: "y wefan", Href: "https://example.org/a", Lang: "cy"})}},
		{"in a heading", "# Ymateb [yr heddlu]{lang=cy}", []document.Block{
			&document.Heading{Level: 2, ID: "x-h1", Spans: []document.Span{txt("Ymateb "), cy("yr heddlu")}}}},
		{"an escaped bracket is text", `\[not]{lang=cy}`, nil}, // a problem: see TestLanguageMarkProblems
		{"code keeps its text", "`[x]{lang=cy}`", []document.Block{p(document.Span{Text: "[x]{lang=cy}", Code: true})}},
		{"brackets without a mark stay", "a [b] c", []document.Block{p(txt("a [b] c"))}},
		{"a block", "English.\n\n::: {lang=cy}\nMae'r Comisiynydd yn croesawu'r adroddiad.\n\nAil baragraff.\n:::\n\nEnglish again.", []document.Block{
			p(txt("English.")),
			&document.Group{Lang: "cy", Blocks: []document.Block{p(txt("Mae'r Comisiynydd yn croesawu'r adroddiad.")), p(txt("Ail baragraff."))}},
			p(txt("English again."))}},
		{"a block after a paragraph, longer fences", "English.\n:::: {lang=cy}\nCymraeg.\n::::\nEnglish.", []document.Block{
			p(txt("English.")), &document.Group{Lang: "cy", Blocks: []document.Block{p(txt("Cymraeg."))}}, p(txt("English."))}},
		{"nested blocks", "::: {lang=cy}\nUn.\n\n::: {lang=en-GB}\nTwo.\n:::\n\nTri.\n:::", []document.Block{
			&document.Group{Lang: "cy", Blocks: []document.Block{
				p(txt("Un.")),
				&document.Group{Lang: "en-GB", Blocks: []document.Block{p(txt("Two."))}},
				p(txt("Tri."))}}}},
		{"a fence in code is code", "::: {lang=cy}\n```\n:::\n```\nDiwedd.\n:::", []document.Block{
			&document.Group{Lang: "cy", Blocks: []document.Block{&document.CodeBlock{Lines: []string{":::"}}, p(txt("Diwedd."))}}}},
		{"a block in a list", "- ::: {lang=cy}\n  Eitem.\n  :::\n- Item.", []document.Block{
			&document.List{Items: []*document.ListItem{
				{Label: "•", Blocks: []document.Block{&document.Group{Lang: "cy", Blocks: []document.Block{p(txt("Eitem."))}}}},
				{Label: "•", Blocks: []document.Block{p(txt("Item."))}}}}}},
		{"other fences are text", "::: note\nx\n:::", []document.Block{p(txt("::: note x :::"))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Parse([]byte(tc.src), Options{IDPrefix: "x-"})
			if tc.want == nil {
				return
			}
			if !reflect.DeepEqual(r.Blocks, tc.want) {
				t.Errorf("Parse(%q):\n got %s\nwant %s", tc.src, dump(r.Blocks), dump(tc.want))
			}
			if len(r.Problems) > 0 {
				t.Errorf("problems: %+v", r.Problems)
			}
		})
	}
}

// TestLanguageMarkProblems: a mark that cannot be read is refused at its
// place, never printed as text.
func TestLanguageMarkProblems(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string // "offset message part"
	}{
		{"A [Croeso]{lang=xx_YY} b", []string{`16 "xx_YY" is not a language tag`}},
		{"A [Croeso]{lang=welsh-language} b", []string{`16 "welsh-language" is not a language tag`}},
		{"A [Croeso]{lang=cy .x} b", []string{`10 a language mark is written {lang=TAG}`}},
		{"Croeso{lang=cy} b", []string{`6 a language mark is written {lang=TAG}`}},
		{"[Croeso] {lang=cy}", []string{`9 a language mark is written {lang=TAG}`}},
		{"Croeso]{lang=cy}", []string{`7 the language mark has no words in square brackets before it`}},
		{`\[not]{lang=cy}`, []string{`6 the language mark has no words in square brackets before it`}},
		{"![Map](chart.png){lang=cy}", []string{`17 a language mark is written {lang=TAG}`}},
		{"::: {lang=cy}\nHeb ddiwedd.", []string{`0 the passage marked ::: {lang=cy} has no line ::: to end it`}},
		{"::: {lang=zz-!!}\nx\n:::", []string{`10 "zz-!!" is not a language tag`}},
		{"::: {lang=cy class=x}\nx\n:::", []string{`4 a passage in another language starts with a line ::: {lang=TAG}`}},
		{"> " + strings.Repeat("::: {lang=cy}\n", 8) + "x", []string{"", ""}},
	} {
		img := func(string) (*document.Image, string) {
			return &document.Image{Type: "png", Data: []byte("x"), Width: 1, Height: 1}, ""
		}
		r := Parse([]byte(tc.src), Options{Image: img})
		if tc.want[0] == "" {
			// Deep nesting is refused, with the open divs.
			if len(r.Problems) == 0 || !strings.Contains(fmt.Sprint(r.Problems), "nest") {
				t.Errorf("Parse(%q): %v, want the nesting refused", tc.src, r.Problems)
			}
			continue
		}
		for i := range tc.want {
			off, msg, _ := strings.Cut(tc.want[i], " ")
			tc.want[i] = off + " error " + msg
		}
		problemsAre(t, tc.src, r, tc.want)
	}
}

// FuzzLanguageMarks parses Markdown full of marks: it never panics (the
// marks move goldmark's nodes about), every problem is inside the source,
// and every language the tree carries is a tag.
func FuzzLanguageMarks(f *testing.F) {
	for _, seed := range []string{
		"A [Croeso i *Gymru*]{lang=cy} b",
		"[a [b [c]{lang=cy} d]{lang=en} e]{lang=cy}",
		"*a [b* c]{lang=cy} `[x]{lang=cy}` \\[y]{lang=cy}",
		"[x](https://example.org){lang=cy}[y][r]{lang=cy}\n\n[r]: https://example.org/r",
		"::: {lang=cy}\n- a\n- ::: {lang=en}\n  b\n  :::\n:::\n::::",
		"> ::: {lang=cy}\n> x\n\n:::",
		"[a\nb]{lang=\ncy}",
		"[_x_]{lang=x_y_z}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4000 {
			return
		}
		r := Parse([]byte(src), Options{})
		for _, p := range r.Problems {
			if p.Off < 0 || p.Off > len(src) {
				t.Errorf("problem at %d outside %d bytes: %s", p.Off, len(src), p.Msg)
			}
		}
		check := func(lang string) {
			if lang != "" && !strings.ContainsAny(lang, "abcdefghijklmnopqrstuvwxyz") {
				t.Errorf("language %q", lang)
			}
		}
		document.Walk(r.Blocks, func(b document.Block) {
			switch b := b.(type) {
			case *document.Group:
				check(b.Lang)
			case *document.Paragraph:
				for _, s := range b.Spans {
					check(s.Lang)
				}
			}
		})
	})
}
