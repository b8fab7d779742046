package bundle

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/response"
)

// withoutComments returns the YAML file data without its comments, every
// other byte as it was: a line that holds only a comment goes, and a
// comment after a value goes with the spaces before it. tree is data
// parsed; it says where each quoted and block scalar starts, the only
// places a "#" after a space is not a comment. ok is false where this
// cannot be done by taking bytes out, and the file is to be written out
// again from its tree instead: a Markdown value holding an HTML comment,
// a block scalar with an explicit indentation, a byte order mark, a line
// broken by anything but "\n" or "\r\n" (yaml.v3 counts lines at a "\r"
// alone and at U+0085, U+2028 and U+2029 too). Writing a large file out
// again costs as much as parsing it twice.
func withoutComments(data []byte, tree *yaml.Node) (out []byte, ok bool) {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || !utf8.Valid(data) || otherBreaks(data) {
		return nil, false
	}
	starts := map[[2]int]scalarStart{}
	if !scalarStarts(tree, -1, false, starts) {
		return nil, false
	}
	s := &stripper{starts: starts, out: make([]byte, 0, len(data))}
	line := 0
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n') + 1
		if end == 0 {
			end = len(data)
		}
		line++
		if !s.line(line, data[:end]) {
			return nil, false
		}
		data = data[end:]
	}
	if s.quote != 0 {
		return nil, false
	}
	return s.out, true
}

// scalarStart is a quoted or block scalar's style, and the indentation
// its block's content must go deeper than: its key's, or its sequence's.
type scalarStart struct {
	style yaml.Style
	inset int
}

// scalarStarts records where each quoted or block scalar of n starts, by
// line and column as yaml.v3 counts them (from 1, in characters), and
// reports false for a Markdown value holding an HTML comment, which only
// writing the value again can take out. inset is the indentation of the
// node that holds n.
func scalarStarts(n *yaml.Node, inset int, markdownValue bool, starts map[[2]int]scalarStart) bool {
	if n == nil {
		return true
	}
	if n.Kind == yaml.ScalarNode {
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			starts[[2]int{n.Line, n.Column}] = scalarStart{n.Style, inset}
		}
		return !markdownValue || !strings.Contains(n.Value, "<!--")
	}
	for i, child := range n.Content {
		md, in := false, n.Column-1
		if n.Kind == yaml.MappingNode && i%2 == 1 {
			md = response.MarkdownFields[n.Content[i-1].Value] || markdownValue
			in = n.Content[i-1].Column - 1
		}
		if n.Kind == yaml.DocumentNode {
			in = -1
		}
		if !scalarStarts(child, in, md, starts) {
			return false
		}
	}
	return true
}

// stripper copies a YAML file line by line, leaving its comments out.
type stripper struct {
	starts map[[2]int]scalarStart
	out    []byte
	// quote is the quote of a quoted scalar that goes on to the next
	// line; escaped, that the character after a backslash or a single
	// quote in it is the second of a pair.
	quote   byte
	escaped bool
	// A block scalar's content: the indentation it must go deeper than,
	// and its own once its first line is seen (-1 before).
	inBlock            bool
	header, blockInset int
}

// line copies one line, with its line break, leaving out its comment.
func (s *stripper) line(n int, text []byte) bool {
	if s.inBlock && s.blockLine(text) {
		s.out = append(s.out, text...)
		return true
	}
	body, brk := splitBreak(text)
	col, prevSpace := 0, true
	s.escaped = false // a backslash at the end of a line escapes the break
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		col++
		if s.quote != 0 {
			s.inQuote(body, i)
			i += size
			prevSpace = false
			continue
		}
		start := s.starts[[2]int{n, col}]
		switch {
		case start.style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && (r == '"' || r == '\''):
			s.quote = byte(r)
		case start.style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && (r == '|' || r == '>'):
			j := i + 1
			for j < len(body) && (body[j] == '-' || body[j] == '+') {
				j++
			}
			if j < len(body) && body[j] >= '0' && body[j] <= '9' {
				return false // an explicit indentation
			}
			s.inBlock, s.header, s.blockInset = true, start.inset, -1
			col += j - i - 1
			i = j
			prevSpace = false
			continue
		case r == '#' && prevSpace:
			kept := bytes.TrimRight(body[:i], " \t")
			if len(kept) == 0 {
				return true // a line that is only a comment
			}
			s.out = append(append(s.out, kept...), brk...)
			return true
		}
		prevSpace = r == ' ' || r == '\t'
		i += size
	}
	s.out = append(s.out, text...)
	return true
}

// blockLine reports whether a line is content of the block scalar open:
// blank, or indented as deep as its first line, which is deeper than
// the block's holder. The first line that is not ends the block.
func (s *stripper) blockLine(text []byte) bool {
	if blank(text) {
		return true
	}
	inset := indentOf(text)
	if s.blockInset < 0 && inset > s.header {
		s.blockInset = inset
	}
	if s.blockInset >= 0 && inset >= s.blockInset {
		return true
	}
	s.inBlock = false
	return false
}

// inQuote steps over the character at i inside a quoted scalar: a
// backslash's escape and a doubled single quote stay inside; the closing
// quote ends it.
func (s *stripper) inQuote(body []byte, i int) {
	c := body[i]
	switch {
	case s.escaped:
		s.escaped = false
	case s.quote == '"' && c == '\\':
		s.escaped = true
	case s.quote == '\'' && c == '\'' && i+1 < len(body) && body[i+1] == '\'':
		s.escaped = true
	case c == s.quote:
		s.quote = 0
	}
}

// otherBreaks reports whether data breaks a line with anything but "\n"
// or "\r\n".
func otherBreaks(data []byte) bool {
	for rest := data; ; {
		i := bytes.IndexByte(rest, '\r')
		if i < 0 {
			break
		}
		if i+1 == len(rest) || rest[i+1] != '\n' {
			return true
		}
		rest = rest[i+2:]
	}
	return bytes.Contains(data, []byte("\u0085")) || bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029"))
}

// splitBreak splits a line into its text and its line break.
func splitBreak(text []byte) (body, brk []byte) {
	body = bytes.TrimRight(text, "\r\n")
	return body, text[len(body):]
}

// blank reports whether a line holds nothing but spaces, tabs and its
// line break.
func blank(text []byte) bool {
	return len(bytes.Trim(text, " \t\r\n")) == 0
}

// indentOf is how many spaces a line starts with.
func indentOf(text []byte) int {
	return len(text) - len(bytes.TrimLeft(text, " "))
}
