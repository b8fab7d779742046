package strictyaml

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/diag"
)

// PosAt returns the position in the file of byte off of the text decoded
// at path (a Markdown field, say), so that a problem found inside a value
// is reported where the officer typed it, not at the start of the field.
// Escapes, quotes, folded lines and the indentation of block scalars are
// all taken into account. When path holds no text, or off is outside it,
// PosAt returns At(path).
func (s *Source) PosAt(path string, off int) Pos {
	n := s.scalars[path]
	if n == nil || off < 0 || off >= len(n.Value) || n.Line < 1 {
		return s.At(path)
	}
	lines := diag.NewLines(s.Data)
	if n.Line > lines.Count() {
		return s.At(path)
	}
	if p, ok := s.literalPos(n, lines, off); ok {
		return p
	}
	return s.searchPos(n, lines, off)
}

// literalPos maps an offset of a literal block scalar (a "|" field, the
// usual way to write Markdown in YAML) directly: each line of the value is
// a line of the file, after the block's indentation. It reports false when
// the file's lines do not read as the value does (a shape it does not know),
// and the search is used instead.
func (s *Source) literalPos(n *yaml.Node, lines *diag.Lines, off int) (Pos, bool) {
	if n.Style&yaml.LiteralStyle == 0 {
		return Pos{}, false
	}
	k := strings.Count(n.Value[:off], "\n")
	lineStart := strings.LastIndexByte(n.Value[:off], '\n') + 1
	want := n.Value[lineStart:]
	if i := strings.IndexByte(want, '\n'); i >= 0 {
		want = want[:i]
	}
	file := n.Line + 1 + k // the header line holds the "|"
	if file > lines.Count() {
		return Pos{}, false
	}
	start := lines.Start(file)
	text := lines.Line(file)
	if !bytes.HasSuffix(text, []byte(want)) || len(want) == 0 && len(text) > 0 && !isBlank(text) {
		return Pos{}, false
	}
	indent := len(text) - len(want)
	if !isBlank(text[:indent]) {
		return Pos{}, false
	}
	return posOf(lines, start+indent+off-lineStart), true
}

// posOf returns the position of byte i.
func posOf(lines *diag.Lines, i int) Pos {
	line, col := lines.Pos(i)
	return Pos{Line: line, Col: col}
}

func isBlank(b []byte) bool {
	return len(bytes.Trim(b, " ")) == 0
}

// searchPos finds the position by decoding ever longer prefixes of the
// scalar's source with the YAML parser itself, so that every escape and
// folding rule is the parser's own: the source position of value byte off
// is the end of the longest prefix that decodes to no more than off bytes
// of the value.
func (s *Source) searchPos(n *yaml.Node, lines *diag.Lines, off int) Pos {
	start := lines.Offset(n.Line, n.Column)
	// cover decodes the source from start to end as the scalar would be
	// and reports how many leading bytes of the value it gives, or -1 when
	// the cut does not parse (inside an escape, say).
	closing := ""
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		closing = `"`
	case n.Style&yaml.SingleQuotedStyle != 0:
		closing = "'"
	}
	decode := func(src string) (string, bool) {
		var doc yaml.Node
		if yaml.Unmarshal([]byte(src), &doc) != nil || len(doc.Content) == 0 {
			return "", false
		}
		m := doc.Content[0]
		if m.Kind != yaml.MappingNode || len(m.Content) != 2 || m.Content[1].Kind != yaml.ScalarNode {
			return "", false
		}
		return m.Content[1].Value, true
	}
	cover := func(end int) int {
		raw := "x: " + string(s.Data[start:end])
		got, ok := decode(raw + closing + "\n")
		if !ok && closing != "" {
			// The cut holds the closing quote already.
			got, ok = decode(raw + "\n")
		}
		if !ok {
			return -1
		}
		k := 0
		for k < len(got) && k < len(n.Value) && got[k] == n.Value[k] {
			k++
		}
		return k
	}
	// Whole lines first: find the first line whose end covers more than
	// off, by bisection over the lines of the rest of the file.
	first := n.Line
	lo, hi := first, lines.Count()
	lineEnd := lines.End
	for lo < hi {
		// A cut that does not parse holds what follows the scalar's end
		// (a flow list's "]"): the place is on that line or before it.
		mid := (lo + hi) / 2
		if c := cover(lineEnd(mid)); c < 0 || c > off {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	line := lo
	from := start
	if line > first {
		from = lines.Start(line)
	}
	// Then character by character along that line: the last cut that
	// parses and covers no more than off is where value byte off begins.
	best := from
	for i := from; i < lineEnd(line); {
		_, size := utf8.DecodeRune(s.Data[i:])
		c := cover(i + size)
		if c > off {
			break
		}
		if c >= 0 {
			best = i + size
		}
		i += size
	}
	// Point at the character itself, not the white space before it.
	for best < lineEnd(line) && (s.Data[best] == ' ' || s.Data[best] == '\t') {
		best++
	}
	return posOf(lines, best)
}
