package markdown

import (
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxBlocks is the deepest that goldmark's blocks may nest before s55
// stops reading a line: a list level counts two (the list and its item), a
// quote or a language passage one. A document holds no more than MaxDepth
// levels of lists and quotes, which is at most 2*MaxDepth blocks, so
// MaxBlocks never cuts a document that could be published. Without it, a
// line such as "- - - - ... x" or "> > > ... x" costs goldmark work in
// proportion to its nesting for every level it opens, and each line inside
// a deep list work in proportion to the depth: quadratic in the input.
const MaxBlocks = 2*MaxDepth + 4

// depthGuard is a block parser tried before every other on each line: it
// lets a block open while fewer than MaxBlocks blocks hold it, and past
// that takes the rest of the line as a block that is never published,
// with an error at its place. It also refuses a heading with more than
// MaxMarks marks.
type depthGuard struct{}

// tooDeep stands for what a guard refused: the rest of a line past
// MaxBlocks, a table wider than MaxColumns, a paragraph or heading with
// more than MaxMarks marks. It holds nothing.
type tooDeep struct{ ast.BaseBlock }

var kindTooDeep = ast.NewNodeKind("TooDeep")

// Kind implements ast.Node.
func (*tooDeep) Kind() ast.NodeKind { return kindTooDeep }

// Dump implements ast.Node.
func (n *tooDeep) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// everyByte triggers the guard on whatever a line starts with.
var everyByte = func() []byte {
	b := make([]byte, 0, 256)
	for c := range 256 {
		if c != '\n' {
			b = append(b, byte(c))
		}
	}
	return b
}()

// tooDeepReportedKey marks, in the parser's context, that the guard has
// reported once: a document nested too deep gets one error, not one for
// each line.
var tooDeepReportedKey = parser.NewContextKey()

func (depthGuard) Trigger() []byte { return everyByte }

func (depthGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil && n.Kind() != ast.KindDocument; n = n.Parent() {
		depth++
	}
	if depth < MaxBlocks {
		line, seg := reader.PeekLine()
		if pos := pc.BlockOffset(); pos >= 0 && pos < len(line) && line[pos] == '#' {
			// An ATX heading is one line, which no paragraph guard sees.
			if at, _ := marksPast(line[pos:], 0); at >= 0 {
				markProblem(pc, seg.Start+pos+at, manyMarks("heading"))
				reader.AdvanceToEOL()
				return &tooDeep{}, parser.NoChildren
			}
		}
		return nil, parser.NoChildren
	}
	if pc.Get(tooDeepReportedKey) == nil {
		pc.Set(tooDeepReportedKey, true)
		_, seg := reader.PeekLine()
		markProblem(pc, seg.Start+max(pc.BlockOffset(), 0), fmt.Sprintf(
			"the blocks nest more than %d deep here (a list counts two, a quote one), and s55 reads no further into the line: a document holds no more than %d levels of lists and quotes; flatten it", MaxBlocks, MaxDepth))
	}
	reader.AdvanceToEOL()
	return &tooDeep{}, parser.NoChildren
}

func (depthGuard) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }

func (depthGuard) Close(ast.Node, text.Reader, parser.Context) {}

func (depthGuard) CanInterruptParagraph() bool { return true }

func (depthGuard) CanAcceptIndentedLine() bool { return true }

// MaxColumns is the most columns a table may have. goldmark gives every
// row of a table as many cells as its header has, however few it writes,
// so a header of many columns above many short rows would make work (and
// a tree) in proportion to their product; no page can print a table that
// wide anyway.
const MaxColumns = 64

// MaxMarks is the most brackets, emphasis marks and angle brackets ("[",
// "]", "*", "_", "<") one paragraph or heading may hold. goldmark's inline
// parser can look across the whole paragraph from each of them (an
// unclosed link, emphasis that matches nothing, brackets nested deep), so
// its work grows with their number times the paragraph's length; a cap on
// their number keeps it in proportion to the length. A paragraph that
// needs more is a list or a table.
const MaxMarks = 256

// marksPast returns the offset in line of the mark that takes the count
// past MaxMarks, and the count so far.
func marksPast(line []byte, count int) (int, int) {
	for i, c := range line {
		switch c {
		case '[', ']', '*', '_', '<':
			count++
			if count > MaxMarks {
				return i, count
			}
		}
	}
	return -1, count
}

// manyMarks is the message for a paragraph or heading past MaxMarks.
func manyMarks(what string) string {
	return fmt.Sprintf("this %s holds more than %d of the marks \"[\", \"]\", \"*\", \"_\" and \"<\", and s55 reads no further: break it into paragraphs, or make it a list or a table", what, MaxMarks)
}

// paragraphGuard is a paragraph transformer run before goldmark's own (link
// reference definitions) and the table's. A paragraph that holds more than
// MaxMarks marks, or whose table delimiter row has more than MaxColumns
// cells, is taken out of the tree with an error at its place, before any
// inline or row of it is parsed.
type paragraphGuard struct{}

func (paragraphGuard) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	marks := 0
	for i := range lines.Len() {
		seg := lines.At(i)
		line := seg.Value(src)
		var at int
		if at, marks = marksPast(line, marks); at >= 0 {
			markProblem(pc, seg.Start+at, manyMarks("paragraph"))
			node.Parent().ReplaceChild(node.Parent(), node, &tooDeep{})
			return
		}
		if n := delimiterCells(line); i > 0 && n > MaxColumns {
			markProblem(pc, seg.Start, fmt.Sprintf(
				"this table has %d columns, and a table has at most %d: no page can print it; split it into narrower tables", n, MaxColumns))
			node.Parent().ReplaceChild(node.Parent(), node, &tooDeep{})
			return
		}
	}
}

// delimiterCells returns the number of cells of a table's delimiter row
// ("| --- | :-: |"), or 0 when line is none: only pipes, dashes, colons
// and spaces, with a dash in every cell.
func delimiterCells(line []byte) int {
	cells, dash, pipes := 0, false, 0
	for _, c := range line {
		switch c {
		case '|':
			pipes++
			if dash {
				cells++
			}
			dash = false
		case '-':
			dash = true
		case ':', ' ', '\t', '\r', '\n':
		default:
			return 0
		}
	}
	if dash {
		cells++
	}
	if pipes == 0 {
		return 0
	}
	return cells
}

// limits is the goldmark extension that installs the guards ahead of the
// parsers they protect.
type limits struct{}

// Extend implements goldmark.Extender.
func (limits) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(depthGuard{}, 0)),
		parser.WithParagraphTransformers(util.Prioritized(paragraphGuard{}, 50)),
	)
}
