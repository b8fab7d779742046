package markdown

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/opcc-tools/s55/internal/diag"
)

// Language marks: a passage in a language other than the text around it
// (Welsh in an English letter, English in a Welsh one) carries its tag, so
// that the HTML gives it a lang attribute and the PDF a /Lang, and a screen
// reader reads it with the right voice. The syntax is Pandoc's, which many
// writers know:
//
//	an inline passage, a bracketed span: [Croeso i Gymru]{lang=cy}
//	a link in another language:          [Heddlu Gwent](https://www.gwent.police.uk){lang=cy}
//	one block or more, a fenced div:     ::: {lang=cy}
//	                                     Mae'r Comisiynydd yn croesawu'r adroddiad.
//	                                     :::
//
// The tag is written lang=TAG or lang="TAG". A div ends at a line of at
// least as many colons as opened it; divs nest, and a fence inside fenced
// code is code. A mark that does not follow words in square brackets, or
// whose braces hold more than the language, is an error at its place, as is
// a tag that is not BCP 47 and a div left open: a mark is never printed as
// text, nor dropped in silence.

// langSpan is an inline passage marked with its language.
type langSpan struct {
	ast.BaseInline
	// Tag is the tag as written, and TagOff where it stands in the source.
	Tag    string
	TagOff int
}

// langBlock is a fenced div marked with its language.
type langBlock struct {
	ast.BaseBlock
	Tag    string
	TagOff int
	// fence is the number of colons that opened it; closed is set when its
	// closing fence was found, bad when the braces hold more than a tag.
	fence       int
	closed, bad bool
}

var (
	// kindLangSpan and kindLangBlock are the kinds of the language nodes.
	kindLangSpan  = ast.NewNodeKind("LangSpan")
	kindLangBlock = ast.NewNodeKind("LangBlock")
)

// Kind implements ast.Node.
func (*langSpan) Kind() ast.NodeKind { return kindLangSpan }

// Dump implements ast.Node.
func (n *langSpan) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Tag": n.Tag}, nil)
}

// Kind implements ast.Node.
func (*langBlock) Kind() ast.NodeKind { return kindLangBlock }

// Dump implements ast.Node.
func (n *langBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Tag": n.Tag}, nil)
}

// languages is the goldmark extension that reads language marks.
type languages struct{}

// Extend implements goldmark.Extender.
func (languages) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(langBlockParser{}, 750)),
		parser.WithASTTransformers(util.Prioritized(langSpans{}, 100)),
	)
}

// markProblemsKey holds, in the parser's context, the marks found wrong
// while parsing, for Parse to report.
var markProblemsKey = parser.NewContextKey()

func markProblem(pc parser.Context, off int, msg string) {
	list, _ := pc.Get(markProblemsKey).(*[]Problem)
	if list == nil {
		return // a parse that reports nothing (Images, comments)
	}
	*list = append(*list, Problem{Off: off, Severity: diag.Error, Msg: msg})
}

const markForm = "a language mark is written {lang=TAG} after the words in square brackets, as in [Croeso i Gymru]{lang=cy}"

var (
	// mark matches a mark at the start of text: the braces, and the tag
	// in group 1, 2 or 3.
	mark = regexp.MustCompile(`^\{[ \t]*lang[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'{}]+))[ \t]*\}`)
	// markStart matches what can only be meant as a mark: an opening brace
	// and lang=.
	markStart = regexp.MustCompile(`^\{[ \t]*lang[ \t]*=`)
)

// readMark reads a mark at the start of b, which starts at offset at of
// the source: the tag and its offset, the mark's length, and whether b
// starts with something meant as one (a malformed mark has n == 0).
func readMark(b []byte, at int) (tag string, tagOff, n int, meant bool) {
	m := mark.FindSubmatchIndex(b)
	if m == nil {
		return "", 0, 0, markStart.Match(b)
	}
	for g := 1; g <= 3; g++ {
		if m[2*g] >= 0 {
			return string(b[m[2*g]:m[2*g+1]]), at + m[2*g], m[1], true
		}
	}
	return "", 0, 0, true
}

// langSpans turns words in square brackets followed by a mark into
// langSpan nodes, once the inlines are parsed: goldmark leaves brackets
// that make no link as text, with the mark after the closing one.
type langSpans struct{}

// Transform implements parser.ASTTransformer.
func (langSpans) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !bytes.Contains(src, []byte("lang")) {
		return // no mark: nothing to look for
	}
	var containers []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.HasChildren() && n.FirstChild().Type() == ast.TypeInline {
			containers = append(containers, n)
		}
		return ast.WalkContinue, nil
	})
	for _, c := range containers {
		spansIn(c, src, pc)
	}
}

// opening is a "[" left in a text node.
type opening struct {
	node *ast.Text
	at   int // offset in the source
}

// spansIn finds the marked passages among the inline children of parent.
// Brackets pair within one parent, as goldmark pairs them for links.
func spansIn(parent ast.Node, src []byte, pc parser.Context) {
	var open []opening
	for n := parent.FirstChild(); n != nil; {
		switch x := n.(type) {
		case *ast.Link:
			n = markLink(parent, x, src)
		case *ast.Text:
			if x.IsRaw() {
				n = x.NextSibling()
			} else {
				n = scanText(parent, x, &open, src, pc)
			}
		default:
			n = n.NextSibling()
		}
	}
}

// scanText reads the brackets and marks of the text node t. When a "]"
// followed by a mark closes a "[" before it, the passage between becomes a
// langSpan and the text after the mark a node of its own, which scanText
// returns to be read next; otherwise it returns the node after t.
func scanText(parent ast.Node, t *ast.Text, open *[]opening, src []byte, pc parser.Context) ast.Node {
	seg := t.Segment
	for i := seg.Start; i < seg.Stop; i++ {
		switch src[i] {
		case '\\':
			i++ // an escaped character is no bracket
		case '[':
			*open = append(*open, opening{t, i})
		case ']':
			tag, tagOff, size, meant := readMark(restOfLine(src, i+1), i+1)
			if size > 0 && !plainUpTo(t, i+1+size) {
				size = 0 // emphasis or code inside the braces
			}
			switch {
			case size > 0 && len(*open) > 0:
				o := (*open)[len(*open)-1]
				*open = (*open)[:len(*open)-1]
				span := wrap(parent, o, t, i, i+1+size)
				span.Tag, span.TagOff = tag, tagOff
				return span.NextSibling()
			case meant && size == 0:
				markProblem(pc, i+1, markForm)
				i++ // past its brace
			case meant:
				markProblem(pc, i+1, "the language mark has no words in square brackets before it: "+markForm)
				i++
			}
			if len(*open) > 0 {
				*open = (*open)[:len(*open)-1]
			}
		case '{':
			if _, _, _, meant := readMark(restOfLine(src, i), i); meant {
				markProblem(pc, i, markForm)
			}
		}
	}
	return t.NextSibling()
}

// restOfLine returns src from i to the end of its line: a mark is written
// on one line.
func restOfLine(src []byte, i int) []byte {
	if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
		return src[i : i+k]
	}
	return src[i:]
}

// plainUpTo reports whether the source from t up to end is held by t and
// the text nodes after it: goldmark splits text at the characters that may
// start an inline ("_" among them), so a mark may span several.
func plainUpTo(t *ast.Text, end int) bool {
	stop := t.Segment.Stop
	for n := t.NextSibling(); stop < end; n = n.NextSibling() {
		next, ok := n.(*ast.Text)
		if !ok || next.IsRaw() || next.Segment.Start != stop {
			return false
		}
		stop = next.Segment.Stop
	}
	return true
}

// cutAfter removes from the text nodes after last those that a mark ending
// at end covers, and returns the text after the mark (keeping the line
// break that ends it) as a new node, or nil when nothing follows it.
func cutAfter(parent ast.Node, last *ast.Text, end int) *ast.Text {
	t := last
	for t.Segment.Stop < end {
		next := t.NextSibling().(*ast.Text) // plainUpTo holds
		if t != last {
			parent.RemoveChild(parent, t)
		}
		t = next
	}
	var rest *ast.Text
	if t.Segment.Stop > end || t.SoftLineBreak() || t.HardLineBreak() {
		rest = ast.NewTextSegment(t.Segment.WithStart(min(end, t.Segment.Stop)))
		rest.SetSoftLineBreak(t.SoftLineBreak())
		rest.SetHardLineBreak(t.HardLineBreak())
	}
	if t != last {
		parent.RemoveChild(parent, t)
	}
	return rest
}

// markLink gives a link followed at once by a mark its language, and
// returns the node to go on from.
func markLink(parent ast.Node, l *ast.Link, src []byte) ast.Node {
	t, ok := l.NextSibling().(*ast.Text)
	if !ok || t.IsRaw() {
		return l.NextSibling()
	}
	tag, tagOff, size, _ := readMark(restOfLine(src, t.Segment.Start), t.Segment.Start)
	if size == 0 || !plainUpTo(t, t.Segment.Start+size) {
		return t // a malformed mark is reported with the text
	}
	rest := cutAfter(parent, t, t.Segment.Start+size)
	span := &langSpan{Tag: tag, TagOff: tagOff}
	parent.InsertBefore(parent, l, span)
	parent.RemoveChild(parent, l)
	span.AppendChild(span, l)
	parent.RemoveChild(parent, t)
	if rest != nil {
		parent.InsertAfter(parent, span, rest)
	}
	return span.NextSibling()
}

// wrap moves what lies between the "[" at o and the "]" at close (in the
// text node last) into a new langSpan, dropping both brackets and the mark
// that ends at end, and returns the span.
func wrap(parent ast.Node, o opening, last *ast.Text, close, end int) *langSpan {
	rest := cutAfter(parent, last, end)
	span := &langSpan{}
	first := o.node
	before := first.Segment.WithStop(o.at)
	parent.InsertAfter(parent, first, span)
	if first == last {
		if inside := text.NewSegment(o.at+1, close); inside.Len() > 0 {
			span.AppendChild(span, ast.NewTextSegment(inside))
		}
	} else {
		if inside := first.Segment.WithStart(o.at + 1); inside.Len() > 0 || first.SoftLineBreak() || first.HardLineBreak() {
			head := ast.NewTextSegment(inside)
			head.SetSoftLineBreak(first.SoftLineBreak())
			head.SetHardLineBreak(first.HardLineBreak())
			span.AppendChild(span, head)
		}
		for n := span.NextSibling(); n != nil && n != ast.Node(last); {
			next := n.NextSibling()
			parent.RemoveChild(parent, n)
			span.AppendChild(span, n)
			n = next
		}
		if tail := last.Segment.WithStop(close); tail.Len() > 0 {
			span.AppendChild(span, ast.NewTextSegment(tail))
		}
		parent.RemoveChild(parent, last)
	}
	if rest != nil {
		parent.InsertAfter(parent, span, rest)
	}
	if before.Len() > 0 {
		first.Segment = before
		first.SetSoftLineBreak(false)
		first.SetHardLineBreak(false)
	} else {
		parent.RemoveChild(parent, first)
	}
	return span
}

// langBlockParser reads a fenced div: "::: {lang=cy}" ... ":::".
type langBlockParser struct{}

var (
	fenceOpen  = regexp.MustCompile(`^(:{3,})[ \t]*(\{[^\n]*\})[ \t]*\r?\n?$`)
	fenceClose = regexp.MustCompile(`^ {0,3}(:{3,})[ \t]*\r?\n?$`)
)

func (langBlockParser) Trigger() []byte { return []byte{':'} }

func (langBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) {
		return nil, parser.NoChildren
	}
	m := fenceOpen.FindSubmatchIndex(line[pos:])
	if m == nil {
		return nil, parser.NoChildren
	}
	attrs := line[pos+m[4] : pos+m[5]]
	at := seg.Start + pos + m[4]
	tag, tagOff, size, meant := readMark(attrs, at)
	if !meant {
		return nil, parser.NoChildren // "::: {.note}" is no mark of ours
	}
	n := &langBlock{Tag: tag, TagOff: tagOff, fence: m[3] - m[2], bad: size != len(attrs)}
	if n.bad {
		markProblem(pc, at, "a passage in another language starts with a line ::: {lang=TAG}, as in ::: {lang=cy}, and ends with a line :::")
	}
	reader.AdvanceToEOL()
	return n, parser.HasChildren
}

func (langBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*langBlock)
	line, _ := reader.PeekLine()
	m := fenceClose.FindSubmatchIndex(line)
	if m == nil || m[3]-m[2] < n.fence {
		return parser.Continue | parser.HasChildren
	}
	// A fence below an open div or inside fenced code is theirs.
	below := false
	for _, b := range pc.OpenedBlocks() {
		if below {
			switch b.Node.(type) {
			case *langBlock, *ast.FencedCodeBlock:
				return parser.Continue | parser.HasChildren
			}
		}
		below = below || b.Node == node
	}
	n.closed = true
	reader.AdvanceToEOL()
	return parser.Close
}

func (langBlockParser) Close(ast.Node, text.Reader, parser.Context) {}

func (langBlockParser) CanInterruptParagraph() bool { return true }

func (langBlockParser) CanAcceptIndentedLine() bool { return false }
