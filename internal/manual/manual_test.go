package manual

import (
	"errors"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/opcc-tools/s55/docs"
	"github.com/opcc-tools/s55/internal/markdown"
)

func page(t *testing.T, src string) *Page {
	t.Helper()
	p, err := open(fstest.MapFS{"x.md": {Data: []byte(src)}}, "x")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestText(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"a paragraph is wrapped at the width",
			"one two three four five six seven eight nine ten eleven twelve thirteen\n",
			"one two three four five six seven eight nine ten\neleven twelve thirteen\n"},
		{"soft breaks join, hard breaks break",
			"one\ntwo\\\nthree  \nfour\n",
			"one two\nthree\nfour\n"},
		{"headings are underlined by level",
			"# Title\n\n## Part\n\n### Section\n\nText.\n",
			"Title\n=====\n\nPart\n----\n\nSection\n\nText.\n"},
		{"inline markup gives its words; escapes and references are decoded",
			"A *b* **c** `d  e` \\*f\\* R&amp;D &copy; &#x41;.\n",
			"A b c d e *f* R&D © A.\n"},
		{"a tight list keeps its items together, with hanging lines",
			"- one two three four five six seven eight nine ten eleven\n- two\n  - nested\n",
			"- one two three four five six seven eight nine ten\n  eleven\n- two\n  - nested\n"},
		{"a loose list has blank lines between its items; an ordered list keeps its start",
			"3. first\n\n4. second\n\n   more\n",
			"3. first\n\n4. second\n\n   more\n"},
		{"code stands as written, indented, never wrapped",
			"```console\n$ s55 check --strict responses/2021-09-13-rape-inspection-phase-one   \n\tindented\n```\n",
			"    $ s55 check --strict responses/2021-09-13-rape-inspection-phase-one   \n    \tindented\n"},
		{"an indented code block too",
			"Text:\n\n    code  here\n",
			"Text:\n\n    code  here\n"},
		{"a quote is indented",
			"> quoted words\n",
			"    quoted words\n"},
		{"a table of two columns: the first cell, then the other below it",
			"| file | what |\n|---|---|\n| `a.pdf` | the letter, as long as it may be, wrapped at the width |\n| `b.pdf` | |\n",
			"a.pdf\n    the letter, as long as it may be, wrapped at\n    the width\n\nb.pdf\n"},
		{"a table of more columns names the other cells by their heading",
			"| what | target | measured |\n|---|---|---|\n| build | 60 ms | 62 ms |\n",
			"build\n    target: 60 ms\n    measured: 62 ms\n"},
		{"links: a page of the manual as its command, a web address as it is, a place or a file by its words",
			"See [the archive](archive.md#the-chain), [`s55 build`](build.md), [the manual](README.md), [a site](https://example.org), <https://example.org/x>, [here](#below) and [the code](../internal/pdf/finish.go).\n",
			"See the archive [s55 help archive], s55 build, the\nmanual [s55 help], a site <https://example.org>,\nhttps://example.org/x, here and the code.\n"},
		{"HTML comments and rules are left out",
			"One.\n\n<!-- a note for writers -->\n\n---\n\nTwo.\n",
			"One.\n\nTwo.\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := page(t, c.src).Text(50); got != c.want {
				t.Errorf("Text of\n%s\ngot:\n%s\nwant:\n%s", c.src, got, c.want)
			}
		})
	}
}

// TestCommandPage: a command's page has its usage as its first code block,
// which Text leaves out with the title; a topic's page keeps both.
func TestCommandPage(t *testing.T) {
	fsys := fstest.MapFS{
		"build.md":  {Data: []byte("# s55 build\n\n```\ns55 build [-o OUT] DIR...\n```\n\nBuild it.\n\n```\ns55 build x\n```\n")},
		"office.md": {Data: []byte("# The office\n\n```\nresponses/\n  office.yaml\n```\n")},
		"other.md":  {Data: []byte("# s55 other\n\nText first.\n\n```\ns55 other\n```\n")},
	}
	p, err := open(fsys, "build")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "s55 build" || p.Synopsis != "s55 build [-o OUT] DIR..." {
		t.Errorf("title %q, synopsis %q", p.Title, p.Synopsis)
	}
	if got, want := p.Text(76), "Build it.\n\n    s55 build x\n"; got != want {
		t.Errorf("command page text %q, want %q", got, want)
	}
	p, _ = open(fsys, "office")
	if p.Synopsis != "" || p.Text(76) != "The office\n==========\n\n    responses/\n      office.yaml\n" {
		t.Errorf("topic page: synopsis %q, text %q", p.Synopsis, p.Text(76))
	}
	// The usage is the first code block, or there is none.
	p, _ = open(fsys, "other")
	if p.Synopsis != "s55 other" {
		t.Errorf("synopsis %q", p.Synopsis)
	}
}

func TestOpenRefuses(t *testing.T) {
	for _, name := range []string{"nosuch", "../README", "docs/build", "build.md", ".", "README.md"} {
		if _, err := Open(name); !errors.Is(err, ErrNoPage) {
			t.Errorf("Open(%q): %v, want ErrNoPage", name, err)
		}
	}
	p, err := Open("")
	if err != nil || p.Name != Front {
		t.Errorf(`Open(""): %v, %v`, p, err)
	}
}

func TestContentsRefuses(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"# M\n\n## Commands\n\n- plain text\n\n## Topics\n\n- [a](a.md): b\n", "README.md:5: an item of the list of pages does not start with a link to its page"},
		{"# M\n\n## Commands\n\n- [a](../a.md): b\n\n## Topics\n\n- [a](a.md): b\n", `README.md:5: "../a.md" is not a page of the manual`},
		{"# M\n\n## Commands\n\n- [a](a.md) b\n\n## Topics\n\n- [a](a.md): b\n", "README.md:5: the link to a.md is not followed by a colon and what the page is for"},
		{"# M\n\n## Commands\n\n- [a](a.md): b\n", `README.md: no list under the headings "Commands" and "Topics"`},
	} {
		_, _, err := contents(fstest.MapFS{"README.md": {Data: []byte(c.src)}})
		if err == nil || err.Error() != c.want {
			t.Errorf("contents of\n%s\n: %v, want %q", c.src, err, c.want)
		}
	}
}

// listed returns the names of the pages the front page lists.
func listed(t *testing.T) (commands []Entry, names map[string]bool) {
	t.Helper()
	commands, topics, err := Contents()
	if err != nil {
		t.Fatal(err)
	}
	names = map[string]bool{}
	for _, e := range slices.Concat(commands, topics) {
		if names[e.Name] {
			t.Errorf("%s is listed twice", e.Name)
		}
		names[e.Name] = true
		if e.Summary == "" || strings.HasSuffix(e.Summary, ".") {
			t.Errorf("%s: summary %q: want a few words, without a full stop", e.Name, e.Summary)
		}
		if _, err := Open(e.Name); err != nil {
			t.Errorf("%s is listed but has no page: %v", e.Name, err)
		}
	}
	return commands, names
}

// TestEveryPageListed: the front page lists every other page once, each
// with what it is for, and a command's page starts with its name and
// usage.
func TestEveryPageListed(t *testing.T) {
	commands, names := listed(t)
	for _, e := range commands {
		p, err := Open(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if p.Title != "s55 "+e.Name || p.Synopsis == "" {
			t.Errorf("%s.md: a command's page starts with the heading %q and its usage as its first code block; title %q, usage %q", e.Name, "s55 "+e.Name, p.Title, p.Synopsis)
		}
	}
	files, err := fs.Glob(docs.FS, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if name := strings.TrimSuffix(file, ".md"); name != Front && !names[name] {
			t.Errorf("%s is not listed on the front page", file)
		}
	}
}

// TestEveryPage renders every page of the manual: its text keeps no
// Markdown syntax, and stays within the width but for code.
func TestEveryPage(t *testing.T) {
	files, err := fs.Glob(docs.FS, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	leak := regexp.MustCompile("```|\\]\\(|^\\s*\\|.*\\||<!--|^#+ |\\*\\*")
	for _, file := range files {
		p, err := Open(strings.TrimSuffix(file, ".md"))
		if err != nil {
			t.Fatal(err)
		}
		p.hideCode = true
		text := p.Text(76)
		code := codeText(p)
		for i, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, "    ") && strings.Contains(code, strings.TrimLeft(l, " ")) {
				continue
			}
			if n := utf8.RuneCountInString(l); n > 76 && strings.Contains(strings.TrimSpace(l), " ") {
				t.Errorf("%s: line %d is %d columns wide: %q", file, i+1, n, l)
			}
			if leak.MatchString(l) {
				t.Errorf("%s: line %d holds Markdown syntax: %q", file, i+1, l)
			}
		}
		if !strings.Contains(text, p.Title) && p.Synopsis == "" {
			t.Errorf("%s: the title %q is not printed", file, p.Title)
		}
	}
}

// codeText returns the text of a page's code blocks.
func codeText(p *Page) string {
	var b strings.Builder
	_ = ast.Walk(p.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && isCode(n) {
			b.WriteString(strings.Join(codeLines(n, p.src), "\n") + "\n")
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestWordsKept: every word of a page's prose is in its text.
func TestWordsKept(t *testing.T) {
	files, _ := fs.Glob(docs.FS, "*.md")
	for _, file := range files {
		p, err := Open(strings.TrimSuffix(file, ".md"))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(p.Text(76)), " ")
		_ = ast.Walk(markdown.Tree(p.src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			if n == p.title && p.Synopsis != "" {
				return ast.WalkSkipChildren, nil
			}
			if _, ok := n.(*east.TableHeader); ok {
				return ast.WalkSkipChildren, nil // a table of two columns leaves it out
			}
			raw := func(n ast.Node) []byte { return n.(*ast.Text).Segment.Value(p.src) }
			if c, ok := n.(*ast.CodeSpan); ok {
				for ch := c.FirstChild(); ch != nil; ch = ch.NextSibling() {
					for _, w := range strings.Fields(string(raw(ch))) {
						if !strings.Contains(text, w) {
							t.Errorf("%s: %q is not in the text", file, w)
						}
					}
				}
				return ast.WalkSkipChildren, nil
			}
			if tx, ok := n.(*ast.Text); ok {
				for _, w := range strings.Fields(decode(tx.Segment.Value(p.src))) {
					if !strings.Contains(text, w) {
						t.Errorf("%s: %q is not in the text", file, w)
					}
				}
			}
			return ast.WalkContinue, nil
		})
	}
}

// TestFrontPage: the front page prints its lists of pages as two columns,
// as the usage of s55 lists the commands.
func TestFrontPage(t *testing.T) {
	fsys := fstest.MapFS{"README.md": {Data: []byte("# M\n\nText.\n\n## Commands\n\n- [`s55 a`](a.md): what a does, in words enough to be wrapped at the width\n- [`s55 bb`](bb.md): b\n\n## Topics\n\n- [`s55 help accessibility`](accessibility.md): c\n\n## Other\n\n- [x](x.md): a plain list\n")}}
	p, err := open(fsys, Front)
	if err != nil {
		t.Fatal(err)
	}
	want := "M\n=\n\nText.\n\nCommands\n--------\n\n" +
		"  a        what a does, in words enough to be wrapped at the width\n  bb       b\n\n" +
		"Topics\n------\n\n  accessibility  c\n\nOther\n-----\n\n- x [s55 help x]: a plain list\n"
	if got := p.Text(76); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := Columns([]Entry{{"a", "one two three four five"}}, 31); !slices.Equal(got, []string{"  a        one two three four", "           five"}) {
		t.Errorf("Columns: %q", got)
	}
}
