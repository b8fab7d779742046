package diag

import "unicode/utf8"

// Lines turns byte offsets of a text into the 1-based line and column
// that a message gives. It is the one place that says where a line ends,
// as YAML (1.2, 5.4) and CommonMark (2.1) do, and as text editors count:
// at "\n", at "\r\n" (one line end, not two) and at a "\r" standing alone.
// Columns count characters (runes), not bytes; a byte that is not UTF-8
// counts as one.
type Lines struct {
	data []byte
	// starts holds the offset at which each line begins: 0 first.
	starts []int
}

// NewLines indexes the lines of data, in one pass.
func NewLines(data []byte) *Lines {
	l := &Lines{data: data, starts: []int{0}}
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\n':
			l.starts = append(l.starts, i+1)
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// Count returns the number of lines: one more than the line ends, so a
// text ending with a line end has an empty last line.
func (l *Lines) Count() int { return len(l.starts) }

// Start returns the offset at which the 1-based line n begins; a line
// past the end begins at the end.
func (l *Lines) Start(n int) int {
	switch {
	case n < 1:
		return 0
	case n > len(l.starts):
		return len(l.data)
	}
	return l.starts[n-1]
}

// End returns the offset at which the 1-based line n ends, before its
// line end.
func (l *Lines) End(n int) int {
	if n < 1 || n >= len(l.starts) {
		if n < 1 {
			return l.Start(1)
		}
		return len(l.data)
	}
	end := l.starts[n] - 1 // the "\n" or the lone "\r"
	if l.data[end] == '\n' && end > 0 && l.data[end-1] == '\r' && end-1 >= l.starts[n-1] {
		end--
	}
	return end
}

// Line returns the text of the 1-based line n, without its line end.
func (l *Lines) Line(n int) []byte {
	if n < 1 || n > len(l.starts) {
		return nil
	}
	return l.data[l.Start(n):l.End(n)]
}

// Pos returns the 1-based line and column of byte offset off. An offset
// inside a "\r\n" is on the line that the pair ends; one past the text is
// just after its last character.
func (l *Lines) Pos(off int) (line, col int) {
	off = min(max(off, 0), len(l.data))
	lo, hi := 0, len(l.starts)-1
	for lo < hi { // the last line start at or before off
		mid := (lo + hi + 1) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, 1 + utf8.RuneCount(l.data[l.starts[lo]:off])
}

// Offset returns the byte offset of the 1-based line and column, the
// inverse of Pos: a column past the line's end gives its end.
func (l *Lines) Offset(line, col int) int {
	i, end := l.Start(line), l.End(line)
	for k := 1; k < col && i < end; k++ {
		_, size := utf8.DecodeRune(l.data[i:end])
		i += size
	}
	return i
}

// Position returns the 1-based line and column of byte offset off of
// data, counting lines as Lines does. For many offsets of one text, make
// a Lines once.
func Position(data []byte, off int) (line, col int) {
	return NewLines(data).Pos(off)
}
