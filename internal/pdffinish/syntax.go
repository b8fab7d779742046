package pdffinish

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"github.com/opcc-tools/s55/internal/pdfsyntax"
)

// This file reads and writes the little PDF syntax the post-processing pass
// needs: the objects gofpdf writes are dictionaries of names, numbers,
// references, arrays, strings and nested dictionaries. The lexical rules
// (white space, delimiters, text strings) are internal/pdfsyntax's, which
// the PDF reader shares.

// errSyntax reports PDF that the pass cannot read.
var errSyntax = errors.New("unexpected PDF syntax")

// objectEnd returns the end of the object that starts at b[i]: a
// dictionary, an array, a string, a name, a number or a keyword (a
// reference "3 0 R" is three objects).
func objectEnd(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errSyntax
	}
	switch c := b[i]; {
	case c == '<' && i+1 < len(b) && b[i+1] == '<':
		return itemsEnd(b, i+2, ">>")
	case c == '[':
		return itemsEnd(b, i+1, "]")
	case c == '(':
		return literalEnd(b, i)
	case c == '<':
		if k := bytes.IndexByte(b[i:], '>'); k >= 0 {
			return i + k + 1, nil
		}
		return 0, errSyntax
	case c == '/':
		i++
	case pdfsyntax.IsDelim(c):
		return 0, errSyntax
	}
	for i < len(b) && pdfsyntax.IsRegular(b[i]) {
		i++
	}
	return i, nil
}

// itemsEnd returns the end of a dictionary's or an array's items from
// b[i] to the closing delimiter end.
func itemsEnd(b []byte, i int, end string) (int, error) {
	for {
		i = pdfsyntax.SkipWhite(b, i)
		if bytes.HasPrefix(b[i:], []byte(end)) {
			return i + len(end), nil
		}
		j, err := objectEnd(b, i)
		if err != nil {
			return 0, err
		}
		i = j
	}
}

// literalEnd returns the end of the literal string at b[i], whose
// parentheses balance and whose backslash escapes the next byte.
func literalEnd(b []byte, i int) (int, error) {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		}
	}
	return 0, errSyntax
}

// entry is a key and the raw text of its value.
type entry struct {
	key string // with its slash: "/Type"
	val []byte
}

// dict is a dictionary as read: its entries in order, values raw.
type dict []entry

// parseDict reads the dictionary at the start of b (after white space) and
// returns it with the end of its text.
func parseDict(b []byte) (dict, int, error) {
	i := pdfsyntax.SkipWhite(b, 0)
	if i+1 >= len(b) || b[i] != '<' || b[i+1] != '<' {
		return nil, 0, fmt.Errorf("%w: no dictionary at %.20q", errSyntax, b[i:])
	}
	i += 2
	var d dict
	for {
		i = pdfsyntax.SkipWhite(b, i)
		if i+1 < len(b) && b[i] == '>' && b[i+1] == '>' {
			return d, i + 2, nil
		}
		if i >= len(b) || b[i] != '/' {
			return nil, 0, fmt.Errorf("%w: no key at %.20q", errSyntax, b[i:])
		}
		k, err := objectEnd(b, i)
		if err != nil {
			return nil, 0, err
		}
		key := string(b[i:k])
		v := pdfsyntax.SkipWhite(b, k)
		e, err := objectEnd(b, v)
		if err != nil {
			return nil, 0, err
		}
		// A reference is three objects: "12 0 R".
		if g := pdfsyntax.SkipWhite(b, e); isInt(b[v:e]) && g < len(b) {
			if ge, err := objectEnd(b, g); err == nil && isInt(b[g:ge]) {
				if r := pdfsyntax.SkipWhite(b, ge); r < len(b) && b[r] == 'R' && (r+1 == len(b) || pdfsyntax.IsWhite(b[r+1]) || pdfsyntax.IsDelim(b[r+1])) {
					e = r + 1
				}
			}
		}
		d = append(d, entry{key, b[v:e]})
		i = e
	}
}

func isInt(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// get returns the raw value of key.
func (d dict) get(key string) ([]byte, bool) {
	for _, e := range d {
		if e.key == key {
			return e.val, true
		}
	}
	return nil, false
}

// ref returns the object number that key refers to.
func (d dict) ref(key string) (int, error) {
	v, ok := d.get(key)
	if !ok {
		return 0, fmt.Errorf("%w: no %s", errSyntax, key)
	}
	refs, err := parseRefs(v)
	if err != nil || len(refs) != 1 || v[0] == '[' {
		return 0, fmt.Errorf("%w: %s %q is not a reference", errSyntax, key, v)
	}
	return refs[0], nil
}

// integer returns the integer value of key.
func (d dict) integer(key string) (int, error) {
	v, ok := d.get(key)
	if !ok {
		return 0, fmt.Errorf("%w: no %s", errSyntax, key)
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return 0, fmt.Errorf("%w: %s %q is not an integer", errSyntax, key, v)
	}
	return n, nil
}

// set replaces the value of key, or adds the entry at the end.
func (d dict) set(key, val string) dict {
	for i, e := range d {
		if e.key == key {
			d[i].val = []byte(val)
			return d
		}
	}
	return append(d, entry{key, []byte(val)})
}

// without returns d without key.
func (d dict) without(key string) dict {
	out := d[:0:0]
	for _, e := range d {
		if e.key != key {
			out = append(out, e)
		}
	}
	return out
}

// appendTo writes d as PDF, one entry a line.
func (d dict) appendTo(b []byte) []byte {
	b = append(b, "<<"...)
	for i, e := range d {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, e.key...)
		b = append(b, ' ')
		b = append(b, e.val...)
	}
	return append(b, ">>"...)
}

// parseRefs reads the references in b: "12 0 R" or "[3 0 R 5 0 R]".
func parseRefs(b []byte) ([]int, error) {
	i := pdfsyntax.SkipWhite(b, 0)
	if i < len(b) && b[i] == '[' {
		i++
	}
	var refs []int
	for {
		i = pdfsyntax.SkipWhite(b, i)
		if i >= len(b) || b[i] == ']' {
			return refs, nil
		}
		var nums [2]int
		for k := range nums {
			j, err := objectEnd(b, i)
			if err != nil || !isInt(b[i:j]) {
				return nil, fmt.Errorf("%w: %q holds something other than references", errSyntax, b)
			}
			nums[k], _ = strconv.Atoi(string(b[i:j]))
			i = pdfsyntax.SkipWhite(b, j)
		}
		if i >= len(b) || b[i] != 'R' || nums[1] != 0 {
			return nil, fmt.Errorf("%w: %q holds something other than references", errSyntax, b)
		}
		refs = append(refs, nums[0])
		i++
	}
}

// appendRef writes "n 0 R".
func appendRef(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " 0 R"...)
}

// appendRefs writes an array of references: "[3 0 R 5 0 R]".
func appendRefs(b []byte, refs []int) []byte {
	b = append(b, '[')
	for i, r := range refs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendRef(b, r)
	}
	return append(b, ']')
}

// ref returns "n 0 R".
func ref(n int) string { return string(appendRef(nil, n)) }

// appendText writes s as a PDF text string (pdfsyntax.TextBytes): a
// literal string when it is printable ASCII, else UTF-16BE with a byte
// order mark in hexadecimal.
func appendText(b []byte, s string) []byte {
	t := pdfsyntax.TextBytes(s)
	if len(t) < 2 || t[0] != 0xfe || t[1] != 0xff {
		b = append(b, '(')
		for _, c := range t {
			if c == '(' || c == ')' || c == '\\' {
				b = append(b, '\\')
			}
			b = append(b, c)
		}
		return append(b, ')')
	}
	const hex = "0123456789ABCDEF"
	b = append(b, '<')
	for _, c := range t {
		b = append(b, hex[c>>4], hex[c&15])
	}
	return append(b, '>')
}

// textString returns s as a PDF text string.
func textString(s string) string { return string(appendText(nil, s)) }

// appendReal writes v with two decimals, as gofpdf writes coordinates.
func appendReal(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, v, 'f', 2, 64)
}
