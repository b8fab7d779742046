// Package printable is s55's one policy on characters: which ones a
// published document may hold, and how text is cleaned before both
// renderers see it. A character may be published when it is assigned, is
// not a control, format, private-use or noncharacter code point, lies in
// the Basic Multilingual Plane (which the PDF library can encode) and has a
// glyph in every style of the embedded fonts (package fonts). DataProblem is the part of
// that policy that holds for every text s55 reads, printed or not; the
// strict YAML decoder applies it to every decoded value and check applies
// Problem to the printed ones, each at the place they were typed; compose
// cleans text with Clean.
package printable

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/opcc-tools/s55/internal/fonts"
)

// invisibles are characters that print nothing and that PDF fonts would
// print as a box or a hyphen: the soft hyphen and zero-width characters.
// Clean removes them.
const invisibles = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

// Invisible reports whether Clean removes r: soft hyphens and zero-width
// characters print nothing.
func Invisible(r rune) bool {
	return strings.ContainsRune(invisibles, r)
}

var invisible = strings.NewReplacer(func() []string {
	var pairs []string
	for _, r := range invisibles {
		pairs = append(pairs, string(r), "")
	}
	return pairs
}()...)

// Clean returns s normalised to NFC with the invisible characters removed,
// as both renderers print it. Text of ASCII alone, most of what an office
// writes, is both already, and is returned as it is.
func Clean(s string) string {
	if ASCIIPrefix(s) < len(s) {
		return invisible.Replace(norm.NFC.String(s))
	}
	return s
}

// Eight bytes at a time: the byte 1 in each place, and the high bit.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// word returns the first eight bytes of s, the first lowest: one load.
func word[T string | []byte](s T) uint64 {
	_ = s[7] // one bounds check for the eight
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// ASCIIPrefix returns the length of the longest prefix of s that is ASCII,
// read eight bytes at a time.
func ASCIIPrefix[T string | []byte](s T) int {
	i := 0
	for ; i+8 <= len(s) && word(s[i:])&highs == 0; i += 8 {
	}
	for ; i < len(s) && s[i] < utf8.RuneSelf; i++ {
	}
	return i
}

// PlainPrefix returns the length of the longest prefix of s that is
// printable ASCII, 0x20 to 0x7E, read eight bytes at a time: a word holds
// none other when no byte has its high bit, none is less than 0x20 and
// none is 0x7F (the tests of a byte "less than" and "zero" in a word, each
// exact for the word as a whole).
func PlainPrefix[T string | []byte](s T) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := word(s[i:])
		y := x ^ 0x7f*ones
		if (x|(x-0x20*ones)&^x|(y-ones)&^y)&highs != 0 {
			break
		}
	}
	for ; i < len(s) && s[i] >= 0x20 && s[i] < 0x7f; i++ {
	}
	return i
}

// Problem returns why r cannot be published, or "" when it can: the
// reasons of DataProblem, and then those of the PDF and its fonts.
func Problem(r rune) string {
	if p := DataProblem(r); p != "" {
		return p
	}
	switch {
	case r > 0xFFFF:
		return "the PDF cannot carry characters beyond U+FFFF, such as emoji"
	case r < 0x80, unicode.IsSpace(r):
		return ""
	case !hasGlyph(r):
		return "the embedded fonts have no glyph for it"
	}
	return ""
}

// Problems calls fn with each character of s that rule (Problem, or
// DataProblem for text that is read but not printed) finds a problem with,
// its byte offset and why, in order. A byte that is not UTF-8 is the
// replacement character, as range over s gives it. Printable ASCII, the
// tab and the line feed, which both rules accept and most of what an
// office writes, are passed over eight bytes at a time where they can be.
func Problems(s string, rule func(rune) string, fn func(off int, r rune, why string)) {
	for off := 0; off < len(s); {
		if off += PlainPrefix(s[off:]); off == len(s) {
			break
		}
		if c := s[off]; c == '\t' || c == '\n' {
			off++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[off:])
		if why := rule(r); why != "" {
			fn(off, r, why)
		}
		off += n
	}
}

// DataProblem returns why r may not stand in any text s55 reads, printed or
// not, or "" when it may: a control character (tabs and line feeds are
// white space), a line or paragraph separator, a noncharacter, a
// private-use or unassigned code point, half of a surrogate pair, an
// invisible formatting character other than those Clean removes, or the
// replacement character a lossy conversion leaves. Whether the fonts can
// print r is Problem's concern, and only for printed text.
func DataProblem(r rune) string {
	switch {
	case r >= 0x20 && r < 0x7F, r == '\t' || r == '\n':
		return ""
	case Invisible(r):
		return "" // removed by Clean
	case r == unicode.ReplacementChar:
		return "it is the replacement character, left where a character was lost in a conversion"
	case r == '\u2028' || r == '\u2029':
		return "it is a line or paragraph separator; break the line or start a paragraph instead"
	case unicode.IsControl(r):
		return "it is a control character"
	case isNoncharacter(r):
		return "it is a noncharacter, which Unicode reserves and never assigns"
	case unicode.Is(unicode.Co, r):
		return "it is a private-use character, which means nothing outside the program that made it"
	case unicode.Is(unicode.Cs, r):
		return "it is half of a surrogate pair"
	case !assigned(r):
		return "it is not an assigned Unicode character"
	case unicode.Is(unicode.Cf, r):
		return "it is an invisible formatting character"
	}
	return ""
}

// Describe names r for a message: the character, quoted when it can be
// seen, and its code point.
func Describe(r rune) string {
	if unicode.IsGraphic(r) && !unicode.IsSpace(r) {
		return fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return fmt.Sprintf("U+%04X", r)
}

func isNoncharacter(r rune) bool {
	return (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE
}

func assigned(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}

// hasGlyph reports whether every style of Liberation Sans, the face of
// every printed text but code, has a glyph for r (a code span falls back
// to Sans where Liberation Mono has none).
func hasGlyph(r rune) bool {
	for _, f := range fonts.Sans {
		if !f.Has(r) {
			return false
		}
	}
	return true
}

// ExpandTabs replaces each tab with the spaces up to the next multiple of
// four columns, as code keeps its layout in both renderers: the tree holds
// code with its tabs expanded, so the HTML and the PDF show the same
// spaces.
func ExpandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}
