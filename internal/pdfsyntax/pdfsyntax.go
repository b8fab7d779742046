// Package pdfsyntax holds the lexical rules of PDF that s55's PDF writer
// (the post-processing pass of internal/pdf) and its PDF reader
// (internal/pdfread) share: which bytes are white space and delimiters
// (ISO 32000-1, 7.2.2), comments (7.2.3), and text strings (7.9.2.2), as
// the writer spells them and as the reader decodes them. It imports
// nothing of either, so the renderer does not depend on the reader.
package pdfsyntax

import "unicode/utf16"

// IsWhite reports PDF white space: NUL, tab, line feed, form feed,
// carriage return and space.
func IsWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

// IsDelim reports the PDF delimiters.
func IsDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// IsRegular reports a regular character: neither white space nor a
// delimiter, so part of a name, number or keyword.
func IsRegular(c byte) bool { return !IsWhite(c) && !IsDelim(c) }

// SkipWhite returns the index of the first byte at or after i that is
// neither white space nor in a comment (from % to the end of its line,
// which counts as white space).
func SkipWhite[T ~string | ~[]byte](b T, i int) int {
	for i < len(b) {
		switch {
		case IsWhite(b[i]):
			i++
		case b[i] == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// TextBytes returns the bytes of s as a PDF text string: s itself when it
// is printable ASCII, which PDFDocEncoding spells alike, else UTF-16BE
// after the byte order mark FE FF.
func TextBytes(s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return []byte(s)
	}
	b := []byte{0xfe, 0xff}
	for _, r := range s {
		var units [2]uint16
		for _, u := range utf16.AppendRune(units[:0], r) {
			b = append(b, byte(u>>8), byte(u))
		}
	}
	return b
}

// DecodeText decodes the bytes of a PDF text string: UTF-16BE after its
// byte order mark, UTF-8 after its (PDF 2.0), else PDFDocEncoding, read as
// Latin-1, which it equals for the characters TextBytes leaves as they
// are.
func DecodeText(s string) string {
	switch {
	case len(s) >= 2 && s[0] == 0xfe && s[1] == 0xff:
		return UTF16BE(s[2:])
	case len(s) >= 3 && s[:3] == "\xef\xbb\xbf":
		return s[3:]
	}
	return Latin1(s)
}

// UTF16BE decodes UTF-16BE without a byte order mark, as a ToUnicode
// map's destinations are written; an odd last byte is dropped.
func UTF16BE(s string) string {
	units := make([]uint16, len(s)/2)
	for i := range units {
		units[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return string(utf16.Decode(units))
}

// Latin1 reads bytes as Latin-1, a byte a character.
func Latin1(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}
