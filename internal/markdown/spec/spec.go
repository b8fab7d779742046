// Package spec holds the examples that test s55's Markdown against the
// specifications it follows: every example of the CommonMark 0.31 spec and
// the GFM table examples, as goldmark ships them, each with the text a
// reader sees in the spec's own HTML. Tests of both renderers use it: each
// example is either refused where it is written or published with that
// visible text. Only tests import it.
package spec

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/opcc-tools/s55/internal/printable"
)

// Example is one example of a specification.
type Example struct {
	// Name says where it comes from: "commonmark 12", "gfm-table 3".
	Name     string
	Section  string
	Markdown string
	// HTML is the specification's rendering.
	HTML string
	// Visible is the text a reader sees in HTML (see VisibleText).
	Visible string
}

// Examples returns every CommonMark example (goldmark's _test/spec.json,
// 652 of CommonMark 0.31) and every GFM table example
// (extension/_test/table.txt, 14 or more), read from the goldmark module in
// the module cache; fewer is an error.
func Examples() ([]Example, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		return nil, fmt.Errorf("finding goldmark: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	data, err := os.ReadFile(filepath.Join(dir, "_test", "spec.json"))
	if err != nil {
		return nil, err
	}
	var cm []struct {
		Markdown string `json:"markdown"`
		HTML     string `json:"html"`
		Example  int    `json:"example"`
		Section  string `json:"section"`
	}
	if err := json.Unmarshal(data, &cm); err != nil {
		return nil, err
	}
	var exs []Example
	for _, c := range cm {
		exs = append(exs, Example{Name: "commonmark " + strconv.Itoa(c.Example), Section: c.Section, Markdown: c.Markdown, HTML: c.HTML})
	}
	tables, err := os.ReadFile(filepath.Join(dir, "extension", "_test", "table.txt"))
	if err != nil {
		return nil, err
	}
	exs = append(exs, goldmarkCases("gfm-table", string(tables))...)
	if len(cm) < 652 || len(exs)-len(cm) < 14 {
		return nil, fmt.Errorf("goldmark's test data holds %d CommonMark and %d table examples, not 652 and 14 or more", len(cm), len(exs)-len(cm))
	}
	for i := range exs {
		if exs[i].Visible, err = VisibleText(exs[i].HTML); err != nil {
			return nil, fmt.Errorf("%s: %v", exs[i].Name, err)
		}
	}
	return exs, nil
}

// goldmarkCases reads goldmark's test case format: a number line, the
// Markdown between "//- - -" lines, the HTML up to a "//= = =" line.
func goldmarkCases(name, s string) []Example {
	const sep, end = "//- - - - - - - - -//\n", "//= = = = = = = = = = = = = = = = = = = = = = = =//"
	var out []Example
	for _, block := range strings.Split(s, end) {
		parts := strings.Split(block, sep)
		if len(parts) != 3 {
			continue
		}
		head := strings.Fields(parts[0])
		if len(head) == 0 {
			continue
		}
		md := strings.ReplaceAll(parts[1], "→", "\t")
		if strings.Contains(parts[0], `"enableEscape": true`) {
			md = strings.NewReplacer(`\t`, "\t", `\n`, "\n").Replace(md)
		}
		out = append(out, Example{Name: name + " " + head[0], Section: "Tables", Markdown: md, HTML: parts[2]})
	}
	return out
}

// blockish are the elements whose edges separate words on screen.
var blockish = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Pre: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Hr: true,
	atom.Br: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Div: true,
	atom.Thead: true, atom.Tbody: true, atom.Section: true, atom.Main: true, atom.Nav: true,
}

// VisibleText returns the text a reader sees in a fragment or page of
// HTML: the text nodes of its body (code blocks' content included) and
// each image's text alternative, in order, a space at the edges of block
// elements, white space collapsed, and cleaned as s55 cleans published
// text (NFC, invisible characters removed).
func VisibleText(src string) (string, error) {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if strings.Contains(src, "<html") {
		var doc *html.Node
		doc, err = html.Parse(strings.NewReader(src))
		nodes = []*html.Node{doc}
	}
	if err != nil {
		return "", err
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Head, atom.Script, atom.Style, atom.Template:
				return
			case atom.Img:
				for _, a := range n.Attr {
					if a.Key == "alt" {
						b.WriteString(a.Val)
					}
				}
			}
		}
		if blockish[n.DataAtom] {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if blockish[n.DataAtom] {
			b.WriteByte(' ')
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return strings.Join(strings.Fields(printable.Clean(b.String())), " "), nil
}
