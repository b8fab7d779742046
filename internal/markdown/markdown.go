// Package markdown turns the Markdown that people write (the letter's body,
// the report's text, the force's responses) into blocks of the document tree,
// with every problem found on the way at its byte offset in the source.
//
// It holds the project's one goldmark constructor: CommonMark 0.31 with GFM
// pipe tables, bare URLs made links, passages marked with their language
// ([Croeso]{lang=cy}, and ::: {lang=cy} fenced divs; see lang.go), and
// optionally the typographer's curly quotes and dashes. What a published document cannot carry is refused at
// its place rather than printed as text or dropped in silence: raw HTML
// (with the Markdown to write instead), links the link policy refuses,
// footnotes, images without a file or a text alternative, headings that
// skip a level, nesting deeper than six. An HTML comment is a drafting note:
// it is never published, and reported as a note.
package markdown

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/langtag"
	"github.com/opcc-tools/s55/internal/link"
	"github.com/opcc-tools/s55/internal/printable"
)

// MaxDepth is the deepest that lists and quotes may nest, and the deepest
// heading level a document has.
const MaxDepth = 6

// typographic holds the typographer's replacements as the characters
// themselves: goldmark's defaults are HTML entities, which only an HTML
// renderer would understand.
var typographic = map[extension.TypographicPunctuation]string{
	extension.LeftSingleQuote:  "‘",
	extension.RightSingleQuote: "’",
	extension.LeftDoubleQuote:  "“",
	extension.RightDoubleQuote: "”",
	extension.EnDash:           "–",
	extension.EmDash:           "—",
	extension.Ellipsis:         "…",
	extension.LeftAngleQuote:   "«",
	extension.RightAngleQuote:  "»",
	extension.Apostrophe:       "’",
}

var parsers [2]struct {
	once sync.Once
	md   goldmark.Markdown
}

// markdown returns the one configured goldmark, with or without the
// typographer. Only its parser is used: the renderers are s55's own and
// read the document tree. Footnotes are parsed so that they can be refused
// at their place instead of being read as links.
func markdown(typographer bool) goldmark.Markdown {
	i := 0
	if typographer {
		i = 1
	}
	p := &parsers[i]
	p.once.Do(func() {
		exts := []goldmark.Extender{limits{}, extension.Linkify, extension.Table, extension.Footnote, languages{}}
		if typographer {
			exts = append(exts, extension.NewTypographer(extension.WithTypographicSubstitutions(typographic)))
		}
		p.md = goldmark.New(goldmark.WithExtensions(exts...))
	})
	return p.md
}

// Options tune Parse.
type Options struct {
	// HeadingLevel is the level the first heading of the Markdown takes in
	// the document, whatever its number of "#"; later headings keep their
	// distance from it and may go at most one level deeper than the one
	// before. Zero means 2.
	HeadingLevel int
	// IDPrefix starts the ids given to headings, which are numbered in
	// order ("letter-h1", "letter-h2" ...), since goldmark's automatic ids
	// drop letters outside ASCII.
	IDPrefix string
	// Typographer turns straight quotes, "--", "---" and "..." into curly
	// quotes, dashes and an ellipsis.
	Typographer bool
	// Image returns the picture a Markdown image names (its destination as
	// written, escapes decoded), or a message saying why there is none.
	// When nil, every image is refused.
	Image func(dest string) (*document.Image, string)
}

// Problem is something wrong in the Markdown, at byte Off of the source.
type Problem struct {
	Off      int
	Severity diag.Severity
	Msg      string
}

// Anchor is a link to a place in the document ("#rec-3"), at byte Off of
// the source: the caller, which knows every id, confirms that it exists.
type Anchor struct {
	Off int
	ID  string
}

// Result is what Parse makes of a piece of Markdown.
type Result struct {
	Blocks   []document.Block
	Problems []Problem
	Anchors  []Anchor
}

// Parse converts Markdown source into document blocks, with every problem
// found in it.
func Parse(src []byte, opt Options) Result {
	return Read(src, opt.Typographer).Convert(opt)
}

// Parsed is a piece of Markdown as goldmark read it, to be converted into
// document blocks as many times as it is needed (once for each place it
// is printed, at that place's heading level) for the price of one parse.
// Converting reads the tree and never changes it.
type Parsed struct {
	src   []byte
	doc   ast.Node
	marks []Problem
}

// Read parses src with the one configured goldmark, and the typographer
// when typographer is true.
func Read(src []byte, typographer bool) *Parsed {
	pc := parser.NewContext()
	var marks []Problem
	pc.Set(markProblemsKey, &marks)
	src = lineEnds(src)
	doc := markdown(typographer).Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	return &Parsed{src: src, doc: doc, marks: marks}
}

// Convert makes document blocks of the Markdown with opt, whose
// Typographer is the one it was read with, with every problem found in it.
func (p *Parsed) Convert(opt Options) Result {
	if opt.HeadingLevel == 0 {
		opt.HeadingLevel = 2
	}
	c := converter{src: p.src, opt: opt, problems: slices.Clone(p.marks)}
	blocks := c.blocks(p.doc, 0)
	return Result{Blocks: blocks, Problems: c.problems, Anchors: c.anchors}
}

// Tree parses src with the one configured goldmark, without the
// typographer, and returns goldmark's own tree: for Markdown that is not a
// document's, such as the manual that s55 help prints. Nothing in it is
// checked or refused.
func Tree(src []byte) ast.Node {
	return markdown(false).Parser().Parse(text.NewReader(src))
}

// lineEnds returns src with each carriage return that stands alone made
// a line feed. CommonMark (2.1) ends a line at "\n", "\r\n" or a lone
// "\r", as editors and diag.Lines do; goldmark knows only the first two.
// The bytes keep their offsets, so positions still point into src.
func lineEnds(src []byte) []byte {
	var out []byte
	for i := bytes.IndexByte(src, '\r'); i >= 0 && i < len(src); i++ {
		if src[i] == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			if out == nil {
				out = bytes.Clone(src)
			}
			out[i] = '\n'
		}
	}
	if out == nil {
		return src
	}
	return out
}

// destination decodes a link or image destination as goldmark does before
// escaping it for HTML: backslash escapes, then character references.
func destination(d []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(d))))
}

type converter struct {
	src      []byte
	opt      Options
	problems []Problem
	anchors  []Anchor
	headings int
	// firstHeading is the number of "#" of the first heading, 0 before it;
	// lastLevel and lastHashes describe the heading before.
	firstHeading, lastLevel, lastHashes int
}

func (c *converter) problem(off int, sev diag.Severity, format string, args ...any) {
	c.problems = append(c.problems, Problem{Off: max(off, 0), Severity: sev, Msg: fmt.Sprintf(format, args...)})
}

func (c *converter) errorf(off int, format string, args ...any) {
	c.problem(off, diag.Error, format, args...)
}

// pos returns the offset of a node: its own when goldmark set one, else
// that of its first line or child.
func (c *converter) pos(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if p := c.pos(ch); p >= 0 {
			return p
		}
	}
	return 0
}

func (c *converter) blocks(parent ast.Node, depth int) []document.Block {
	var out []document.Block
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		out = append(out, c.block(n, depth)...)
	}
	return out
}

func (c *converter) block(n ast.Node, depth int) []document.Block {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return c.paragraph(n)
	case *ast.Heading:
		return []document.Block{c.heading(n)}
	case *ast.ThematicBreak:
		return []document.Block{&document.Rule{}}
	case *ast.CodeBlock:
		return []document.Block{&document.CodeBlock{Lines: c.codeLines(n)}}
	case *ast.FencedCodeBlock:
		info := ""
		if n.Info != nil {
			info = strings.TrimSpace(c.decode(n.Info.Segment))
		}
		return []document.Block{&document.CodeBlock{Info: info, Lines: c.codeLines(n)}}
	case *ast.Blockquote:
		if !c.deep(n, depth) {
			return nil
		}
		return []document.Block{&document.Quote{Blocks: c.blocks(n, depth+1)}}
	case *ast.List:
		if !c.deep(n, depth) {
			return nil
		}
		return []document.Block{c.list(n, depth+1)}
	case *ast.HTMLBlock:
		c.htmlBlock(n)
		return nil
	case *east.Table:
		return []document.Block{c.table(n)}
	case *langBlock:
		if !c.deep(n, depth) {
			return nil
		}
		lang := ""
		if !n.bad {
			lang = c.lang(n.Tag, n.TagOff)
		}
		if !n.closed {
			c.errorf(c.pos(n), "the passage marked ::: {lang=%s} has no line ::: to end it: close it after its last paragraph", n.Tag)
		}
		return []document.Block{&document.Group{Lang: lang, Blocks: c.blocks(n, depth+1)}}
	case *east.FootnoteList:
		for fn := n.FirstChild(); fn != nil; fn = fn.NextSibling() {
			c.errorf(c.pos(fn), "footnotes are not published: write the note into the text, in brackets or as a sentence of its own")
		}
		return nil
	}
	return c.blocks(n, depth)
}

// deep refuses a list or quote nested deeper than MaxDepth.
func (c *converter) deep(n ast.Node, depth int) bool {
	if depth < MaxDepth {
		return true
	}
	c.errorf(c.pos(n), "lists and quotes nest %d deep here; a document holds no more than %d levels, which is already more than a reader can follow: flatten the list", depth+1, MaxDepth)
	return false
}

func (c *converter) heading(n *ast.Heading) *document.Heading {
	c.headings++
	slot := c.opt.HeadingLevel
	level := slot
	if c.firstHeading == 0 {
		c.firstHeading = n.Level
	} else {
		level = max(slot, slot+n.Level-c.firstHeading)
	}
	spans := c.spansOnly(n, "a heading")
	name := strings.TrimSpace(document.Text(spans))
	switch {
	case c.lastLevel > 0 && level > c.lastLevel+1:
		c.errorf(c.pos(n), "heading %q is %q but the heading before it is %q: a level is skipped, which breaks the outline that screen readers navigate by; make it %q",
			name, strings.Repeat("#", n.Level), strings.Repeat("#", c.lastHashes), strings.Repeat("#", c.lastHashes+1))
	case level > MaxDepth:
		c.errorf(c.pos(n), "heading %q would be a heading of level %d here, and a document has only %d levels: use fewer \"#\"", name, level, MaxDepth)
	}
	c.lastLevel, c.lastHashes = level, n.Level
	return &document.Heading{
		Level: min(MaxDepth, level),
		ID:    c.opt.IDPrefix + "h" + strconv.Itoa(c.headings),
		Spans: spans,
	}
}

func (c *converter) list(n *ast.List, depth int) *document.List {
	l := &document.List{Ordered: n.IsOrdered()}
	num := n.Start
	for it := n.FirstChild(); it != nil; it = it.NextSibling() {
		li := &document.ListItem{Label: "•", Blocks: c.blocks(it, depth)}
		if l.Ordered {
			li.Value = num
			li.Label = strconv.Itoa(num) + string(n.Marker)
			num++
		}
		l.Items = append(l.Items, li)
	}
	return l
}

// codeLines returns the lines of a code block with their line ends cut
// and tabs expanded to the next multiple of four columns.
func (c *converter) codeLines(n ast.Node) []string {
	lines := n.Lines()
	out := make([]string, 0, lines.Len())
	for i := range lines.Len() {
		seg := lines.At(i)
		line := strings.Repeat(" ", seg.Padding) + string(seg.Value(c.src))
		line = strings.TrimRight(line, "\r\n")
		out = append(out, printable.ExpandTabs(strings.ReplaceAll(line, "\x00", "\uFFFD")))
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out
}

func (c *converter) table(n *east.Table) *document.Table {
	t := &document.Table{}
	for _, a := range n.Alignments {
		t.Align = append(t.Align, map[east.Alignment]document.Align{
			east.AlignLeft: document.AlignLeft, east.AlignCenter: document.AlignCenter, east.AlignRight: document.AlignRight,
		}[a])
	}
	row := func(r ast.Node) []document.Cell {
		var cells []document.Cell
		for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
			cells = append(cells, document.Cell{Spans: c.spansOnly(cell, "a table cell")})
		}
		for len(cells) < len(t.Align) {
			cells = append(cells, document.Cell{})
		}
		return cells[:len(t.Align)]
	}
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		switch r.(type) {
		case *east.TableHeader:
			t.Head = append(t.Head, row(r))
		case *east.TableRow:
			t.Body = append(t.Body, row(r))
		}
	}
	return t
}

// piece is what inline conversion yields: a span, or a picture that splits
// its paragraph.
type piece struct {
	span  document.Span
	image *document.Image
}

// paragraph converts a paragraph; a picture in it becomes a block of its
// own, splitting the text around it.
func (c *converter) paragraph(n ast.Node) []document.Block {
	var out []document.Block
	var spans []document.Span
	flush := func() {
		spans = merge(spans)
		if strings.TrimSpace(document.Text(spans)) != "" {
			out = append(out, &document.Paragraph{Spans: trimBreaks(spans)})
		}
		spans = nil
	}
	for _, p := range c.inlines(n, document.Span{}) {
		if p.image != nil {
			flush()
			out = append(out, p.image)
			continue
		}
		spans = append(spans, p.span)
	}
	flush()
	return out
}

// spansOnly converts the inlines of a heading or table cell, where a
// picture cannot stand.
func (c *converter) spansOnly(n ast.Node, where string) []document.Span {
	var spans []document.Span
	for _, p := range c.inlines(n, document.Span{}) {
		if p.image != nil {
			continue
		}
		spans = append(spans, p.span)
	}
	_ = ast.Walk(n, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := m.(*ast.Image); ok && entering {
			c.errorf(c.pos(m), "a picture cannot stand in %s: put it in a paragraph of its own", where)
		}
		return ast.WalkContinue, nil
	})
	return trimBreaks(merge(spans))
}

// inlines flattens the inline children of n into pieces, each span
// carrying the style it inherits.
func (c *converter) inlines(n ast.Node, style document.Span) []piece {
	return c.appendInlines(nil, n, style)
}

// appendInlines appends the pieces of the inline children of n to out.
// Nested inlines append to the same slice, so emphasis nested deep costs
// no more than emphasis side by side.
func (c *converter) appendInlines(out []piece, n ast.Node, style document.Span) []piece {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		out = c.inline(out, ch, style)
	}
	return out
}

// inline appends the pieces of the inline node n to out.
func (c *converter) inline(out []piece, n ast.Node, style document.Span) []piece {
	with := func(t string) piece {
		s := style
		s.Text = t
		return piece{span: s}
	}
	switch n := n.(type) {
	case *ast.Text:
		return c.text(out, n, with)
	case *ast.String:
		if n.IsCode() || n.IsRaw() {
			return append(out, with(string(n.Value)))
		}
		return append(out, with(c.decodeBytes(n.Value, c.pos(n))))
	case *ast.CodeSpan:
		return append(out, c.codeSpan(n, style))
	case *ast.Emphasis:
		s := style
		if n.Level >= 2 {
			s.Bold = true
		} else {
			s.Italic = true
		}
		return c.appendInlines(out, n, s)
	case *ast.Link:
		s := style
		s.Href = c.href(c.pos(n), destination(n.Destination))
		from := len(out)
		out = c.appendInlines(out, n, s)
		c.purpose(n, out[from:])
		return out
	case *ast.AutoLink:
		url := string(n.URL(c.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		s := style
		s.Href = c.href(c.pos(n), url)
		s.Text = string(n.Label(c.src))
		return append(out, piece{span: s})
	case *ast.Image:
		return append(out, c.image(n)...)
	case *ast.RawHTML:
		var b strings.Builder
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			b.Write(seg.Value(c.src))
		}
		off := c.pos(n)
		if n.Segments.Len() > 0 {
			off = n.Segments.At(0).Start
		}
		c.rawHTML(off, b.String())
		return out
	case *east.FootnoteLink:
		c.errorf(c.pos(n), "footnotes are not published: write the note into the text, in brackets or as a sentence of its own")
		return out
	case *langSpan:
		s := style
		s.Lang = c.lang(n.Tag, n.TagOff)
		return c.appendInlines(out, n, s)
	case *east.FootnoteBacklink:
		return out
	}
	return c.appendInlines(out, n, style)
}

// text appends the pieces of a text node, made by with: its text, raw or
// with its references decoded and tabs as spaces, then its line break.
func (c *converter) text(out []piece, n *ast.Text, with func(string) piece) []piece {
	if n.IsRaw() {
		out = append(out, with(string(n.Segment.Value(c.src))))
	} else {
		out = append(out, with(strings.ReplaceAll(c.decode(n.Segment), "\t", " ")))
	}
	switch {
	case n.HardLineBreak():
		out = append(out, piece{span: document.Span{Break: true}})
	case n.SoftLineBreak():
		out = append(out, with(" "))
	}
	return out
}

// codeSpan returns a code span's piece: its text as it is, line ends as
// spaces, tabs expanded, NUL as U+FFFD.
func (c *converter) codeSpan(n *ast.CodeSpan, style document.Span) piece {
	s := style
	s.Code = true
	var b strings.Builder
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch t := ch.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(c.src))
		case *ast.String:
			b.Write(t.Value)
		}
	}
	code := strings.ReplaceAll(strings.ReplaceAll(b.String(), "\r\n", " "), "\n", " ")
	s.Text = printable.ExpandTabs(strings.ReplaceAll(code, "\x00", "\uFFFD"))
	return piece{span: s}
}

// lang returns a mark's tag as the tree carries it, or "" with an error
// at off when it is no language tag.
func (c *converter) lang(tag string, off int) string {
	t, err := langtag.Parse(tag)
	if err != nil {
		c.errorf(off, "%q is not a language tag: mark the passage with a BCP 47 tag, such as {lang=cy} for Welsh or {lang=en-GB} for English", tag)
		return ""
	}
	return t
}

// href applies the link policy to a destination at off. A refused link is
// an error there, and the text stays, unlinked.
func (c *converter) href(off int, dest string) string {
	h, err := link.Canonical(dest)
	if err != nil {
		c.errorf(off, "%s", strings.TrimPrefix(err.Error(), link.ErrRefused.Error()+": "))
		return ""
	}
	if strings.HasPrefix(h, "#") {
		c.anchors = append(c.anchors, Anchor{Off: off, ID: h[1:]})
	}
	return h
}

// purpose warns of a link whose words do not say where it goes.
func (c *converter) purpose(n ast.Node, pieces []piece) {
	var b strings.Builder
	for _, p := range pieces {
		if p.image != nil {
			b.WriteString(p.image.Alt)
		}
		b.WriteString(p.span.Text)
	}
	if msg := link.Purpose(b.String()); msg != "" {
		c.problem(c.pos(n), diag.Warning, "%s", msg)
	}
}

// image resolves a picture through the caller, with its text alternative.
func (c *converter) image(n *ast.Image) []piece {
	off := c.pos(n)
	var alt strings.Builder
	for _, p := range c.inlines(n, document.Span{}) {
		if p.image != nil {
			alt.WriteString(p.image.Alt)
		}
		alt.WriteString(p.span.Text)
	}
	text := strings.Join(strings.Fields(alt.String()), " ")
	dest := destination(n.Destination)
	if text == "" {
		c.errorf(off, "the picture %q has no text alternative: write what it shows between the brackets, as in ![Chart of recorded crimes, 2020 to 2024](%s)", dest, dest)
	}
	if c.opt.Image == nil {
		c.errorf(off, "a picture cannot stand here: pictures are published only in the letter and the appendices' Markdown")
		return nil
	}
	img, why := c.opt.Image(dest)
	if img == nil {
		c.errorf(off, "%s", why)
		return nil
	}
	cp := *img
	cp.Alt = text
	return []piece{{image: &cp}}
}

// The kinds of raw HTML, and the Markdown to write instead.
var (
	tagName  = regexp.MustCompile(`^</?([A-Za-z][A-Za-z0-9-]*)`)
	instead  = map[string]string{}
	suggests = []struct{ tags, write string }{
		{"b strong", "**bold** instead"},
		{"i em cite var dfn", "*italic* instead"},
		{"br", "a backslash (\\) at the end of the line instead, to break it"},
		{"a", "[the words of the link](https://www.example.org/page) instead"},
		{"img picture figure", "![what the picture shows](picture.png) instead, with the file in the response folder"},
		{"table thead tbody tfoot tr td th caption colgroup col", "a pipe table instead (| Column | Column |, then | --- | --- |)"},
		{"p div section article header footer main aside nav center", "the text alone instead, with a blank line between paragraphs"},
		{"h1 h2 h3 h4 h5 h6", "a heading instead: a line starting with #"},
		{"ul ol li dl dt dd", "a list instead: lines starting with - or 1."},
		{"blockquote q", "a quote instead: lines starting with >"},
		{"pre code kbd samp tt", "`code` instead, or a block fenced with ``` lines"},
		{"hr", "--- on a line of its own instead"},
		{"script style iframe object embed form input button textarea select link meta base svg math video audio canvas noscript template frame frameset",
			"nothing in its place: a published document carries no scripts, styles, forms or embedded content"},
	}
)

func init() {
	for _, s := range suggests {
		for _, t := range strings.Fields(s.tags) {
			instead[t] = s.write
		}
	}
}

// comment matches an HTML comment as CommonMark 0.31 reads one: "<!-->",
// "<!--->" or "<!--" ... "-->".
var comment = regexp.MustCompile(`(?s)^<!--(?:>|->|.*?-->)`)

// commentBound cuts s, which may start with a comment, after the first
// "-->" that could end it: the comment, if any, lies within, and each
// comment is matched in work in proportion to its own length, however
// much text follows it.
func commentBound[T string | []byte](s T) T {
	for i := 4; i+3 <= len(s); i++ {
		if s[i] == '-' && s[i+1] == '-' && s[i+2] == '>' {
			return s[:i+3]
		}
	}
	return s
}

// rawHTML reports raw HTML at off: a comment is a drafting note, never
// published; anything else is an error naming the Markdown to write.
func (c *converter) rawHTML(off int, raw string) {
	if m := comment.FindString(raw); m != "" {
		c.note(off, m)
		if rest := strings.TrimSpace(raw[len(m):]); rest != "" {
			c.errorf(off+len(m), "text after a drafting note is not published: %q; put the note on a line of its own", short(firstLine(rest)))
		}
		return
	}
	what := "write plain text instead: a published document has no equivalent, and its words would be lost"
	shown := firstLine(strings.TrimSpace(raw))
	if m := tagName.FindStringSubmatch(raw); m != nil {
		if s, ok := instead[strings.ToLower(m[1])]; ok {
			what = "write " + s
		}
		shown = m[0] + ">"
	} else if strings.HasPrefix(raw, "<?") || strings.HasPrefix(raw, "<!") {
		what = "leave it out: it is markup for programs, not words for readers"
	}
	c.errorf(off, "raw HTML %q is not published: %s", short(shown), what)
}

func (c *converter) note(off int, comment string) {
	body := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(comment, "<!--"), "-->"))
	c.problem(off, diag.Note, "drafting note %q is not published", short(strings.Join(strings.Fields(body), " ")))
}

// htmlBlock reports a block of raw HTML: each comment in it is a drafting
// note, anything else an error.
func (c *converter) htmlBlock(n *ast.HTMLBlock) {
	var b strings.Builder
	// starts maps the block's text back to the source, line by line: the
	// lines may skip container markers ("> ").
	type mark struct{ at, src int }
	var starts []mark
	add := func(seg text.Segment) {
		starts = append(starts, mark{b.Len(), seg.Start})
		b.Write(seg.Value(c.src))
	}
	lines := n.Lines()
	for i := range lines.Len() {
		add(lines.At(i))
	}
	if n.HasClosure() {
		add(n.ClosureLine)
	}
	raw := b.String()
	off := func(i int) int {
		// The last line starting at or before i holds it.
		k := sort.Search(len(starts), func(k int) bool { return starts[k].at > i }) - 1
		if k < 0 {
			return 0
		}
		return starts[k].src + i - starts[k].at
	}
	i := len(raw) - len(strings.TrimLeft(raw, " \t"))
	if n.HTMLBlockType == ast.HTMLBlockType2 {
		for {
			m := comment.FindString(commentBound(raw[i:]))
			if m == "" {
				break
			}
			c.note(off(i), m)
			i += len(m)
			rest := strings.TrimLeft(raw[i:], " \t\r\n")
			if rest == "" {
				return
			}
			i = len(raw) - len(rest)
			if !strings.HasPrefix(rest, "<!--") {
				c.errorf(off(i), "text after a drafting note is not published: %q; put the note on a line of its own and the text after a blank line", short(firstLine(rest)))
				return
			}
		}
	}
	c.rawHTML(off(i), raw[i:])
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

func short(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		return string(r[:57]) + "..."
	}
	return s
}

// decode returns the text of a segment with backslash escapes and
// character references resolved, as CommonMark reads them.
func (c *converter) decode(seg text.Segment) string {
	return c.decodeBytes(seg.Value(c.src), seg.Start)
}

// decodeBytes resolves escapes and references in v, which starts at byte
// at of the source. A character a reference gives that cannot be printed is
// an error at the reference.
func (c *converter) decodeBytes(v []byte, at int) string {
	// Three searches for a byte each, which the library does many bytes at
	// a time, cost less than one for any of three.
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, 0) < 0 {
		return string(v)
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		ch := v[i]
		switch {
		case ch == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]):
			b.WriteByte(v[i+1])
			i++
		case ch == 0:
			b.WriteString("\uFFFD")
		case ch == '&':
			r, name, n := reference(v[i:])
			if n == 0 {
				b.WriteByte(ch)
				continue
			}
			if r >= 0 {
				if why := printable.Problem(r); why != "" {
					c.errorf(at+i, "the character reference %s gives %s, which cannot be printed: %s", v[i:i+n], printable.Describe(r), why)
				}
				b.WriteRune(r)
			} else {
				b.WriteString(name)
			}
			i += n - 1
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// reference reads a character reference at the start of v: a numeric one
// gives its rune (invalid ones U+FFFD, as CommonMark says), a named one its
// characters (with r < 0). n is 0 when v starts with none.
func reference(v []byte) (r rune, chars string, n int) {
	if len(v) < 3 || v[0] != '&' {
		return 0, "", 0
	}
	if v[1] == '#' {
		r, n := numericReference(v)
		return r, "", n
	}
	end := 1
	for end < len(v) && (isHex(v[end]) || v[end] >= 'g' && v[end] <= 'z' || v[end] >= 'G' && v[end] <= 'Z') {
		end++
	}
	if end == 1 || end >= len(v) || v[end] != ';' {
		return 0, "", 0
	}
	e, ok := util.LookUpHTML5EntityByName(string(v[1:end]))
	if !ok {
		return 0, "", 0
	}
	s := string(e.Characters)
	if rs := []rune(s); len(rs) == 1 {
		return rs[0], "", end + 1
	}
	return -1, s, end + 1
}

// numericReference reads the numeric character reference at the start of
// v, "&#" then up to seven decimal digits or "x" and up to six hexadecimal
// ones, then ";": its rune (U+FFFD for an invalid one) and its length, or
// 0 for none.
func numericReference(v []byte) (rune, int) {
	hex := len(v) > 2 && (v[2] == 'x' || v[2] == 'X')
	start, base, most := 2, 10, 7
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	if hex {
		start, base, most, digit = 3, 16, 6, isHex
	}
	end := start
	for end < len(v) && digit(v[end]) {
		end++
	}
	if digits := end - start; digits == 0 || end >= len(v) || v[end] != ';' || digits > most {
		return 0, 0
	}
	u, _ := strconv.ParseUint(string(v[start:end]), base, 32)
	return util.ToValidRune(rune(u)), end + 1
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// merge joins neighbouring spans of the same style and drops empty ones.
// Each run of spans is joined once, so the work is linear in the text.
func merge(spans []document.Span) []document.Span {
	out := spans[:0]
	var b strings.Builder
	run := 0 // spans joined into the last of out
	end := func() {
		if run > 1 {
			out[len(out)-1].Text = b.String()
		}
		b.Reset()
		run = 0
	}
	for _, s := range spans {
		if !s.Break && s.Text == "" {
			continue
		}
		if k := len(out) - 1; k >= 0 && !s.Break && !out[k].Break && sameStyle(out[k], s) {
			if run == 1 {
				b.WriteString(out[k].Text)
			}
			b.WriteString(s.Text)
			run++
			continue
		}
		end()
		out = append(out, s)
		run = 1
	}
	end()
	return out
}

func sameStyle(a, b document.Span) bool {
	a.Text, b.Text = "", ""
	return a == b
}

// trimBreaks drops line breaks at the start and end of spans, which print
// nothing.
func trimBreaks(spans []document.Span) []document.Span {
	for len(spans) > 0 && spans[0].Break {
		spans = spans[1:]
	}
	for len(spans) > 0 && spans[len(spans)-1].Break {
		spans = spans[:len(spans)-1]
	}
	return spans
}

// StripComments returns src without its HTML comments, the drafting notes
// that are never published, and reads to the same blocks: a comment whose
// removal would change how the rest reads (one that stands between two
// list items, say) is emptied to "<!---->" instead. It is idempotent.
func StripComments(src []byte) []byte {
	spans := comments(src)
	if len(spans) == 0 {
		return src
	}
	cut := func(keep string) []byte {
		var b []byte
		at := 0
		for _, s := range spans {
			b = append(b, src[at:s[0]]...)
			b = append(b, keep...)
			at = s[1]
		}
		return append(b, src[at:]...)
	}
	want := Parse(src, Options{}).Blocks
	if out := cut(""); sameBlocks(Parse(out, Options{}).Blocks, want) {
		return out
	}
	return cut("<!---->")
}

// Comments returns the byte ranges of the drafting notes of src (its HTML
// comments), in order: text that is never published.
func Comments(src []byte) [][2]int { return comments(src) }

// comments returns the byte ranges of the HTML comments of src, in order.
func comments(src []byte) [][2]int {
	if !strings.Contains(string(src), "<!--") {
		return nil
	}
	src = lineEnds(src)
	doc := markdown(false).Parser().Parse(text.NewReader(src))
	var out [][2]int
	add := func(from int) {
		if m := comment.Find(commentBound(src[from:])); m != nil && string(m) != "<!---->" {
			out = append(out, [2]int{from, from + len(m)})
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				add(n.Segments.At(0).Start)
			}
		case *ast.HTMLBlock:
			if n.HTMLBlockType != ast.HTMLBlockType2 || n.Lines().Len() == 0 {
				break
			}
			// A comment block may hold several comments on its lines.
			start := n.Lines().At(0).Start
			end := start
			if n.HasClosure() {
				end = n.ClosureLine.Stop
			} else {
				end = n.Lines().At(n.Lines().Len() - 1).Stop
			}
			for i := start; i < end; {
				k := bytes.Index(src[i:end], []byte("<!--"))
				if k < 0 {
					break
				}
				m := comment.Find(commentBound(src[i+k:]))
				if m == nil {
					break
				}
				if string(m) != "<!---->" {
					out = append(out, [2]int{i + k, i + k + len(m)})
				}
				i += k + len(m)
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// sameBlocks reports whether two trees say the same.
func sameBlocks(a, b []document.Block) bool {
	return reflect.DeepEqual(a, b)
}
