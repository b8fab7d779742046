package pdf

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ErrUnsupportedText reports text the PDF cannot carry: a character above
// U+FFFF (an emoji, say), which gofpdf cannot encode at all, or bytes that
// are not UTF-8. Render and PageCount wrap it with the offending character
// and the text around it.
var ErrUnsupportedText = errors.New("text the PDF renderer cannot encode")

// invisible reports the characters dropped before measuring: the soft hyphen
// (gofpdf prints it as "-"), zero-width characters, and control characters
// other than the white space that separates words.
func invisible(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r':
		return false
	case '\u00ad', '\u180e', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return r < 0x20 || (r >= 0x7f && r < 0xa0)
}

// cleanText prepares s for measuring and drawing: it drops invisible
// characters and normalises to NFC (gofpdf draws decomposed accents beside
// their letter). It fails with ErrUnsupportedText on bytes that are not UTF-8
// and on characters above U+FFFF, which would make gofpdf fail the document
// (or, measuring U+10000, panic).
func cleanText(s string) (string, error) {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c < 0x20 && !isSpace(c)) || c == 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return s, nil
	}
	if !utf8.ValidString(s) {
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				return "", fmt.Errorf("byte 0x%02X in %q is not UTF-8: %w", s[i], context(s, i, 1), ErrUnsupportedText)
			}
			i += n
		}
	}
	if strings.IndexFunc(s, invisible) >= 0 {
		s = strings.Map(func(r rune) rune {
			if invisible(r) {
				return -1
			}
			return r
		}, s)
	}
	s = norm.NFC.String(s)
	for i, r := range s {
		if r > 0xffff {
			return "", fmt.Errorf("character U+%04X %q in %q is above U+FFFF: %w", r, string(r), context(s, i, utf8.RuneLen(r)), ErrUnsupportedText)
		}
	}
	return s, nil
}

// context returns up to 30 bytes of s on either side of s[i:i+n], cut at
// rune boundaries, to show where a bad character sits.
func context(s string, i, n int) string {
	const span = 30
	lo, hi := i-span, i+n+span
	if lo < 0 {
		lo = 0
	}
	if hi > len(s) {
		hi = len(s)
	}
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

// uri makes href safe for a PDF link annotation, whose URI is 7-bit ASCII:
// bytes outside printable ASCII are percent-encoded.
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
