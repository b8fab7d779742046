package pdf

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/printable"
)

// ErrUnsupportedText reports text the PDF cannot carry: a character above
// U+FFFF (an emoji, say), which gofpdf cannot encode at all, or bytes that
// are not UTF-8. Render and PageCount wrap it with the offending character
// and the text around it.
//
// It is a guard, not a policy: which characters may be published, and how
// text is normalised, is decided once when the tree is composed
// (internal/printable), and the renderer prints the tree's text as it is.
// The guard only keeps text that would make gofpdf fail the document (or,
// measuring U+10000, panic) from reaching it.
var ErrUnsupportedText = errors.New("text the PDF renderer cannot encode")

// encodable fails with ErrUnsupportedText when s holds bytes that are not
// UTF-8 or a character above U+FFFF.
func encodable(s string) error {
	for i := 0; ; {
		if i += printable.ASCIIPrefix(s[i:]); i == len(s) {
			return nil
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return fmt.Errorf("byte 0x%02X in %q is not UTF-8: %w", s[i], context(s, i, 1), ErrUnsupportedText)
		case r > 0xffff:
			return fmt.Errorf("character U+%04X %q in %q is above U+FFFF: %w", r, string(r), context(s, i, n), ErrUnsupportedText)
		}
		i += n
	}
}

// context returns up to 30 bytes of s on either side of s[i:i+n], cut at
// rune boundaries, to show where a bad character sits.
func context(s string, i, n int) string {
	const span = 30
	lo, hi := max(i-span, 0), min(i+n+span, len(s))
	for lo > 0 && lo < i && !utf8.RuneStart(s[lo]) {
		lo++
	}
	for hi < len(s) && hi > i+n && !utf8.RuneStart(s[hi]) {
		hi--
	}
	return s[lo:hi]
}

// isSpace reports the ASCII white space that separates words; runs of it
// collapse to one space, as in HTML. No-break spaces are not among them.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// oneLine collapses the white space of s to single spaces and trims it.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < utf8.RuneSelf && isSpace(byte(r)) }), " ")
}

// metaText returns s as the information dictionary and the XMP packet both
// carry it: on one line (line and paragraph separators are white space
// there too), without the characters XML 1.0 cannot hold at all (controls
// other than white space, U+FFFE and U+FFFF), so that the two agree and the
// packet is always well-formed XML.
func metaText(s string) (string, error) {
	if err := encodable(s); err != nil {
		return "", err
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			return ' '
		case r < 0x20 && !isSpace(byte(r)), r == 0xfffe, r == 0xffff:
			return -1
		}
		return r
	}, s)
	return oneLine(s), nil
}

// uri returns href as a link annotation's URI, which is 7-bit ASCII. The
// tree's links are canonical already (the HTML prints them as they are),
// so this changes nothing in them: it only percent-encodes a byte that a
// URI cannot hold, should one ever reach the renderer.
func uri(href string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(href); i++ {
		c := href[i]
		if c <= 0x20 || c >= 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
