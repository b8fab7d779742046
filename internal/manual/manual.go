// Package manual prints the manual of s55 from its pages, the Markdown files
// of package docs: it finds a page by name, reads the lists of commands and
// topics from the front page, and renders a page as plain text for a
// terminal, wrapped to a width. "s55 help", "s55 help NAME" and each
// command's -h print through it, so the manual has one text: the files in
// docs/, which are also what a reader of the repository sees.
//
// The rendering is deliberately plain: headings underlined, paragraphs and
// list items wrapped, code indented and left as it stands, a table's rows
// each its first cell with the others indented below it, a link its words
// (and where it goes, when that is not a page of the manual or a place in
// it). HTML comments, which the pages may hold for their writers, are left
// out.
package manual

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/opcc-tools/s55/docs"
	"github.com/opcc-tools/s55/internal/markdown"
)

// Front is the name of the front page, docs/README.md: what s55 is, the
// commands and the topics, and what holds for every command.
const Front = "README"

// Headings of the front page's two lists.
const (
	commandsHeading = "Commands"
	topicsHeading   = "Topics"
)

// ErrNoPage is returned for a name that no page of the manual has.
var ErrNoPage = errors.New("no such page in the manual")

// Page is one page of the manual.
type Page struct {
	// Name is the file's name without ".md": a command ("build"), a topic
	// ("office") or Front.
	Name string
	// Title is the text of the page's first heading.
	Title string
	// Synopsis is, on a command's page, its usage: the page's first code
	// block, one line starting with "s55 " and the command's name, such
	// as "s55 build [-o OUT] [--office FILE] DIR...". It is "" on a page
	// whose first code block is not one.
	Synopsis string

	src             []byte
	root            ast.Node
	title, synopsis ast.Node
	// entries are the front page's lists of pages, which print as two
	// columns.
	entries map[ast.Node][]Entry
	// hideCode prints each code span as "CODE", for a test that no
	// Markdown syntax is left in the text around them.
	hideCode bool
}

// Open reads the page called name ("" for the front page).
func Open(name string) (*Page, error) {
	return open(docs.FS, name)
}

func open(fsys fs.FS, name string) (*Page, error) {
	if name == "" {
		name = Front
	}
	if !fs.ValidPath(name) || strings.ContainsAny(name, "/.") {
		return nil, fmt.Errorf("%q: %w", name, ErrNoPage)
	}
	src, err := fs.ReadFile(fsys, name+".md")
	if err != nil {
		return nil, fmt.Errorf("%q: %w", name, ErrNoPage)
	}
	p := &Page{Name: name, src: src, root: markdown.Tree(src)}
	for n := p.root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && p.title == nil {
			p.title, p.Title = h, plain(p.text(h))
		}
		if isCode(n) {
			lines := codeLines(n, src)
			if len(lines) == 1 && (lines[0] == "s55 "+name || strings.HasPrefix(lines[0], "s55 "+name+" ")) {
				p.synopsis, p.Synopsis = n, lines[0]
			}
			break
		}
	}
	return p, nil
}

// Entry is an item of the front page's lists: a page, and in a few words
// what it is for.
type Entry struct {
	Name, Summary string
}

// Contents returns the front page's two lists: the commands, the items of
// the list under the heading "Commands", and the topics, under "Topics".
// Each item starts with a link to its page, followed by a colon and the
// summary: "[`s55 build`](build.md): write each response's ...".
func Contents() (commands, topics []Entry, err error) {
	return contents(docs.FS)
}

func contents(fsys fs.FS) (commands, topics []Entry, err error) {
	p, err := open(fsys, Front)
	if err != nil {
		return nil, nil, err
	}
	commands, topics, _, err = p.lists()
	return commands, topics, err
}

// lists reads the front page's lists of commands and topics, and returns
// each list's entries by its node too.
func (p *Page) lists() (commands, topics []Entry, byNode map[ast.Node][]Entry, err error) {
	byNode = map[ast.Node][]Entry{}
	var list *[]Entry
	for n := p.root.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			switch plain(p.text(n)) {
			case commandsHeading:
				list = &commands
			case topicsHeading:
				list = &topics
			default:
				list = nil
			}
		case *ast.List:
			if list == nil {
				continue
			}
			for item := n.FirstChild(); item != nil; item = item.NextSibling() {
				e, err := p.entry(item)
				if err != nil {
					return nil, nil, nil, err
				}
				*list = append(*list, e)
				byNode[n] = append(byNode[n], e)
			}
		}
	}
	if len(commands) == 0 || len(topics) == 0 {
		return nil, nil, nil, fmt.Errorf("%s.md: no list under the headings %q and %q", Front, commandsHeading, topicsHeading)
	}
	return commands, topics, byNode, nil
}

// entry reads an item of a list of the front page.
func (p *Page) entry(item ast.Node) (Entry, error) {
	para := item.FirstChild()
	var link *ast.Link
	if para != nil {
		link, _ = para.FirstChild().(*ast.Link)
	}
	if link == nil {
		return Entry{}, fmt.Errorf("%s.md:%d: an item of the list of pages does not start with a link to its page", Front, p.line(item))
	}
	dest := string(link.Destination)
	name, ok := strings.CutSuffix(dest, ".md")
	if !ok || strings.ContainsAny(name, "/#.") {
		return Entry{}, fmt.Errorf("%s.md:%d: %q is not a page of the manual", Front, p.line(item), dest)
	}
	var b strings.Builder
	for n := link.NextSibling(); n != nil; n = n.NextSibling() {
		p.inline(&b, n)
	}
	summary, ok := strings.CutPrefix(strings.TrimSpace(plain(b.String())), ":")
	if !ok {
		return Entry{}, fmt.Errorf("%s.md:%d: the link to %s is not followed by a colon and what the page is for", Front, p.line(item), dest)
	}
	return Entry{Name: name, Summary: strings.TrimSpace(summary)}, nil
}

// line returns the line of the source where n's text starts.
func (p *Page) line(n ast.Node) int {
	for ; n != nil; n = n.FirstChild() {
		if n.Type() != ast.TypeInline && n.Lines().Len() > 0 {
			return 1 + strings.Count(string(p.src[:n.Lines().At(0).Start]), "\n")
		}
		if t, ok := n.(*ast.Text); ok {
			return 1 + strings.Count(string(p.src[:t.Segment.Start]), "\n")
		}
	}
	return 0
}

// Text renders the page as plain text wrapped at width columns. A
// command's page leaves out its title and synopsis, which "s55 help
// COMMAND" prints as its usage line.
//
// On the front page, the lists of commands and topics print as two
// columns, each name and what it is for, as the usage of s55 lists them.
func (p *Page) Text(width int) string {
	width = max(width, 20)
	if p.Name == Front {
		_, _, p.entries, _ = p.lists() // a list that is not one prints as a list
	}
	var lines []string
	for n := p.root.FirstChild(); n != nil; n = n.NextSibling() {
		if p.Synopsis != "" && (n == p.title || n == p.synopsis) {
			continue
		}
		block := p.block(n, width)
		if len(block) == 0 {
			continue
		}
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, block...)
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// blocks renders the blocks below parent, with a blank line between two
// unless the list they stand in is tight.
func (p *Page) blocks(parent ast.Node, width int, tight bool) []string {
	var out []string
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		block := p.block(n, width)
		if len(block) == 0 {
			continue
		}
		if len(out) > 0 && !tight {
			out = append(out, "")
		}
		out = append(out, block...)
	}
	return out
}

// block renders one block as lines of at most width columns, code aside.
func (p *Page) block(n ast.Node, width int) []string {
	switch n := n.(type) {
	case *ast.Heading:
		t := plain(p.text(n))
		switch n.Level {
		case 1:
			return []string{t, strings.Repeat("=", utf8.RuneCountInString(t))}
		case 2:
			return []string{t, strings.Repeat("-", utf8.RuneCountInString(t))}
		}
		return wrap(t, width)
	case *ast.Paragraph, *ast.TextBlock:
		return wrap(p.text(n), width)
	case *ast.List:
		if es, ok := p.entries[n]; ok {
			return Columns(es, width)
		}
		return p.list(n, width)
	case *ast.Blockquote:
		return indent(p.blocks(n, width-4, false), "    ", "    ")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return indent(codeLines(n, p.src), "    ", "    ")
	case *east.Table:
		return p.table(n, width)
	case *ast.ThematicBreak, *ast.HTMLBlock:
		return nil
	}
	return p.blocks(n, width, false)
}

// Columns lays out entries as two columns, indented by two spaces: each
// name, then what it is for, wrapped under itself at width.
func Columns(es []Entry, width int) []string {
	col := 8
	for _, e := range es {
		col = max(col, utf8.RuneCountInString(e.Name)+1)
	}
	var out []string
	for _, e := range es {
		lines := wrap(e.Summary, max(width-col-3, 20))
		out = append(out, fmt.Sprintf("  %-*s %s", col, e.Name, lines[0]))
		for _, l := range lines[1:] {
			out = append(out, strings.Repeat(" ", col+3)+l)
		}
	}
	return out
}

// list renders a list, each item's first line after its marker and the
// others under its text.
func (p *Page) list(l *ast.List, width int) []string {
	var out []string
	number := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "- "
		if l.IsOrdered() {
			marker = strconv.Itoa(number) + ". "
			number++
		}
		if len(out) > 0 && !l.IsTight {
			out = append(out, "")
		}
		lines := p.blocks(item, width-len(marker), l.IsTight)
		out = append(out, indent(lines, marker, strings.Repeat(" ", len(marker)))...)
	}
	return out
}

// table renders each row of a table as its first cell, and below it,
// indented, each other cell; in a table of more than two columns each
// other cell is named by its column's heading.
func (p *Page) table(t *east.Table, width int) []string {
	var head, out []string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, p.text(c))
		}
		if _, ok := row.(*east.TableHeader); ok {
			head = cells
			continue
		}
		if len(cells) == 0 {
			continue
		}
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, wrap(cells[0], width)...)
		for i, c := range cells[1:] {
			if c == "" {
				continue
			}
			if len(cells) > 2 && i+1 < len(head) && head[i+1] != "" {
				c = head[i+1] + ": " + c
			}
			out = append(out, indent(wrap(c, width-4), "    ", "    ")...)
		}
	}
	return out
}

// text returns the words of n's inline content, a hard line break as a
// newline.
func (p *Page) text(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.inline(&b, c)
	}
	return b.String()
}

// inline writes the words of one inline node.
func (p *Page) inline(b *strings.Builder, n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		b.WriteString(decode(n.Segment.Value(p.src)))
		switch {
		case n.HardLineBreak():
			b.WriteString("\n")
		case n.SoftLineBreak():
			b.WriteString(" ")
		}
	case *ast.String:
		b.Write(n.Value)
	case *ast.CodeSpan:
		if p.hideCode {
			b.WriteString("CODE")
			return
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				b.Write(t.Segment.Value(p.src))
				if t.SoftLineBreak() {
					b.WriteString(" ")
				}
			}
		}
	case *ast.AutoLink:
		b.Write(n.URL(p.src))
	case *ast.Link:
		words := p.text(n)
		b.WriteString(words + where(words, decode(n.Destination)))
	case *ast.RawHTML:
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			p.inline(b, c)
		}
	}
}

// where says where a link goes, after its words: a page of the manual as
// the command that prints it, in square brackets, and a web address in
// angle brackets; nothing for a place in the page, or for a file of the
// repository, which the words name.
func where(words, dest string) string {
	switch {
	case strings.HasPrefix(dest, "#"):
		return ""
	case strings.HasPrefix(dest, "https:"), strings.HasPrefix(dest, "http:"), strings.HasPrefix(dest, "mailto:"):
		if words == dest || "mailto:"+words == dest {
			return ""
		}
		return " <" + dest + ">"
	}
	file, _, _ := strings.Cut(dest, "#")
	name, ok := strings.CutSuffix(file, ".md")
	if !ok || strings.Contains(name, "/") {
		return ""
	}
	cmd := "s55 help " + name
	if name == Front {
		cmd = "s55 help"
	}
	if words == cmd || words == "s55 "+name {
		return ""
	}
	return " [" + cmd + "]"
}

// decode resolves backslash escapes and character references, as
// CommonMark reads text.
func decode(v []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v))))
}

// plain joins the lines of a text that a heading or a summary holds.
func plain(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// isCode says whether n is a code block.
func isCode(n ast.Node) bool {
	switch n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return true
	}
	return false
}

// codeLines returns the lines of a code block as they stand.
func codeLines(n ast.Node, src []byte) []string {
	lines := n.Lines()
	out := make([]string, 0, lines.Len())
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		out = append(out, strings.TrimRight(string(seg.Value(src)), "\r\n"))
	}
	return out
}

// indent puts first before the first line and rest before each other line
// that is not blank.
func indent(lines []string, first, rest string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		switch {
		case i == 0 && l == "":
			out[i] = strings.TrimRight(first, " ")
		case i == 0:
			out[i] = first + l
		case l == "":
			out[i] = ""
		default:
			out[i] = rest + l
		}
	}
	return out
}

// wrap fills the words of text into lines of at most width columns; a
// newline in text (a hard line break) starts a new line, and a word longer
// than width stands alone on its line.
func wrap(text string, width int) []string {
	var out []string
	for _, part := range strings.Split(text, "\n") {
		line, n := "", 0
		for _, w := range strings.Fields(part) {
			wn := utf8.RuneCountInString(w)
			if n > 0 && n+1+wn > width {
				out = append(out, line)
				line, n = "", 0
			}
			if n > 0 {
				line += " "
				n++
			}
			line += w
			n += wn
		}
		out = append(out, line)
	}
	for len(out) > 1 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
