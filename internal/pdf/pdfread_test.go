package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strconv"
)

// A small PDF reader for the tests, written apart from the post-processing
// pass so that it checks the pass rather than repeats it: it reads every
// revision's cross-reference table, resolves objects, decodes Flate streams
// and splits content streams into operators.

type (
	pName    string
	pRef     int
	pKeyword string
	pDict    map[string]any
	pStream  struct {
		dict pDict
		data []byte // decoded
	}
)

// pdfFile is a parsed PDF.
type pdfFile struct {
	b        []byte
	offsets  map[int]int
	trailers []pDict // newest first
	cache    map[int]any
}

func readPDF(b []byte) (*pdfFile, error) {
	f := &pdfFile{b: b, offsets: map[int]int{}, cache: map[int]any{}}
	at := bytes.LastIndex(b, []byte("startxref"))
	if at < 0 {
		return nil, fmt.Errorf("no startxref")
	}
	l := &lexer{b: b, i: at + len("startxref")}
	v, err := l.object()
	if err != nil {
		return nil, err
	}
	xref, ok := v.(int)
	seen := map[int]bool{}
	for ok {
		if seen[xref] {
			return nil, fmt.Errorf("the /Prev chain loops")
		}
		seen[xref] = true
		tr, err := f.readXref(xref)
		if err != nil {
			return nil, err
		}
		f.trailers = append(f.trailers, tr)
		xref, ok = tr["Prev"].(int)
	}
	return f, nil
}

// readXref reads the table at off, keeping newer entries, and returns the
// trailer that follows it.
func (f *pdfFile) readXref(off int) (pDict, error) {
	l := &lexer{b: f.b, i: off}
	if kw, _ := l.object(); kw != pKeyword("xref") {
		return nil, fmt.Errorf("no xref at %d", off)
	}
	for {
		v, err := l.object()
		if err != nil {
			return nil, err
		}
		if v == pKeyword("trailer") {
			break
		}
		start, ok := v.(int)
		c, _ := l.object()
		count, ok2 := c.(int)
		if !ok || !ok2 {
			return nil, fmt.Errorf("bad xref subsection at %d", l.i)
		}
		l.i = skipWS(f.b, l.i)
		for k := 0; k < count; k++ {
			e := f.b[l.i : l.i+20]
			if e[18] != ' ' || e[19] != '\n' {
				return nil, fmt.Errorf("xref entry %q is not 20 bytes", e)
			}
			n := start + k
			if _, known := f.offsets[n]; !known && e[17] == 'n' {
				o, _ := strconv.Atoi(string(e[:10]))
				f.offsets[n] = o
			}
			l.i += 20
		}
	}
	v, err := l.object()
	if err != nil {
		return nil, err
	}
	d, ok := v.(pDict)
	if !ok {
		return nil, fmt.Errorf("no trailer dictionary")
	}
	return d, nil
}

// obj returns object n.
func (f *pdfFile) obj(n int) (any, error) {
	if v, ok := f.cache[n]; ok {
		return v, nil
	}
	off, ok := f.offsets[n]
	if !ok {
		return nil, fmt.Errorf("object %d is not in the file", n)
	}
	l := &lexer{b: f.b, i: off}
	num, _ := l.object()
	gen, _ := l.object()
	kw, _ := l.object()
	if num != n || gen != 0 || kw != pKeyword("obj") {
		return nil, fmt.Errorf("object %d: header %v %v %v at %d", n, num, gen, kw, off)
	}
	v, err := l.object()
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", n, err)
	}
	save := l.i
	if kw, _ := l.object(); kw == pKeyword("stream") {
		d := v.(pDict)
		if f.b[l.i] == '\r' {
			l.i++
		}
		if f.b[l.i] != '\n' {
			return nil, fmt.Errorf("object %d: no EOL after stream", n)
		}
		l.i++
		length, ok := f.resolve(d["Length"]).(int)
		if !ok || l.i+length > len(f.b) {
			return nil, fmt.Errorf("object %d: bad /Length", n)
		}
		raw := f.b[l.i : l.i+length]
		if !bytes.HasPrefix(f.b[l.i+length:], []byte("\nendstream")) {
			return nil, fmt.Errorf("object %d: /Length %d does not end at endstream", n, length)
		}
		data := raw
		if d["Filter"] == pName("FlateDecode") {
			r, err := zlib.NewReader(bytes.NewReader(raw))
			if err != nil {
				return nil, fmt.Errorf("object %d: %w", n, err)
			}
			if data, err = io.ReadAll(r); err != nil {
				return nil, fmt.Errorf("object %d: %w", n, err)
			}
		} else if d["Filter"] != nil {
			return nil, fmt.Errorf("object %d: filter %v", n, d["Filter"])
		}
		v = &pStream{dict: d, data: data}
	} else {
		l.i = save
		if kw, _ := l.object(); kw != pKeyword("endobj") {
			return nil, fmt.Errorf("object %d: no endobj", n)
		}
	}
	f.cache[n] = v
	return v, nil
}

// resolve follows a reference; other values are returned as they are.
// A missing object resolves to nil.
func (f *pdfFile) resolve(v any) any {
	for {
		r, ok := v.(pRef)
		if !ok {
			return v
		}
		var err error
		if v, err = f.obj(int(r)); err != nil {
			return nil
		}
	}
}

// dict resolves v to a dictionary (a stream's dictionary for a stream).
func (f *pdfFile) dict(v any) pDict {
	switch v := f.resolve(v).(type) {
	case pDict:
		return v
	case *pStream:
		return v.dict
	}
	return nil
}

// array resolves v to an array; a single value is an array of one.
func (f *pdfFile) array(v any) []any {
	switch r := f.resolve(v).(type) {
	case []any:
		return r
	case nil:
		return nil
	default:
		return []any{v}
	}
}

func (f *pdfFile) root() pDict { return f.dict(f.trailers[0]["Root"]) }

// pages returns the page objects in order, with their object numbers.
func (f *pdfFile) pages() ([]pDict, []int) {
	var ds []pDict
	var ns []int
	var walk func(v any)
	walk = func(v any) {
		d := f.dict(v)
		if d["Type"] == pName("Page") {
			ds = append(ds, d)
			ns = append(ns, int(v.(pRef)))
			return
		}
		for _, k := range f.array(d["Kids"]) {
			walk(k)
		}
	}
	walk(f.root()["Pages"])
	return ds, ns
}

// contents returns the decoded content of a page.
func (f *pdfFile) contents(page pDict) []byte {
	var b []byte
	for _, c := range f.array(page["Contents"]) {
		if s, ok := f.resolve(c).(*pStream); ok {
			b = append(b, s.data...)
			b = append(b, '\n')
		}
	}
	return b
}

// op is an operator of a content stream with its operands.
type op struct {
	name string
	args []any
}

// operators splits a content stream into operators.
func operators(content []byte) ([]op, error) {
	l := &lexer{b: content}
	var ops []op
	var args []any
	for {
		l.i = skipWS(content, l.i)
		if l.i >= len(content) {
			return ops, nil
		}
		v, err := l.object()
		if err != nil {
			return nil, err
		}
		if kw, ok := v.(pKeyword); ok {
			if kw == "BI" {
				return nil, fmt.Errorf("inline images are not read")
			}
			ops = append(ops, op{string(kw), args})
			args = nil
			continue
		}
		args = append(args, v)
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) {
		switch {
		case isWhite(b[i]):
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

// lexer reads PDF objects.
type lexer struct {
	b []byte
	i int
}

func (l *lexer) object() (any, error) {
	b := l.b
	l.i = skipWS(b, l.i)
	if l.i >= len(b) {
		return nil, io.ErrUnexpectedEOF
	}
	switch c := b[l.i]; {
	case c == '<' && l.i+1 < len(b) && b[l.i+1] == '<':
		l.i += 2
		d := pDict{}
		for {
			l.i = skipWS(b, l.i)
			if bytes.HasPrefix(b[l.i:], []byte(">>")) {
				l.i += 2
				return d, nil
			}
			k, err := l.object()
			if err != nil {
				return nil, err
			}
			key, ok := k.(pName)
			if !ok {
				return nil, fmt.Errorf("dictionary key %v at %d", k, l.i)
			}
			v, err := l.object()
			if err != nil {
				return nil, err
			}
			d[string(key)] = v
		}
	case c == '[':
		l.i++
		a := []any{}
		for {
			l.i = skipWS(b, l.i)
			if l.i < len(b) && b[l.i] == ']' {
				l.i++
				return a, nil
			}
			v, err := l.object()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case c == '(':
		var s []byte
		depth := 0
		for l.i < len(b) {
			c := b[l.i]
			l.i++
			switch c {
			case '(':
				if depth++; depth == 1 {
					continue
				}
			case ')':
				if depth--; depth == 0 {
					return string(s), nil
				}
			case '\\':
				e := b[l.i]
				l.i++
				switch e {
				case 'n':
					c = '\n'
				case 'r':
					c = '\r'
				case 't':
					c = '\t'
				case 'b':
					c = '\b'
				case 'f':
					c = '\f'
				case '\n':
					continue
				default:
					if e >= '0' && e <= '7' {
						n := int(e - '0')
						for k := 0; k < 2 && b[l.i] >= '0' && b[l.i] <= '7'; k++ {
							n = n*8 + int(b[l.i]-'0')
							l.i++
						}
						c = byte(n)
					} else {
						c = e
					}
				}
			}
			s = append(s, c)
		}
		return nil, fmt.Errorf("unterminated string")
	case c == '<':
		end := bytes.IndexByte(b[l.i:], '>')
		if end < 0 {
			return nil, fmt.Errorf("unterminated hex string")
		}
		var hexd []byte
		for _, c := range b[l.i+1 : l.i+end] {
			if !isWhite(c) {
				hexd = append(hexd, c)
			}
		}
		if len(hexd)%2 == 1 {
			hexd = append(hexd, '0')
		}
		s := make([]byte, len(hexd)/2)
		for k := range s {
			v, err := strconv.ParseUint(string(hexd[2*k:2*k+2]), 16, 8)
			if err != nil {
				return nil, fmt.Errorf("bad hex string")
			}
			s[k] = byte(v)
		}
		l.i += end + 1
		return string(s), nil
	case c == '/':
		l.i++
		var s []byte
		for l.i < len(b) && !isWhite(b[l.i]) && !isDelim(b[l.i]) {
			if b[l.i] == '#' && l.i+2 < len(b) {
				v, err := strconv.ParseUint(string(b[l.i+1:l.i+3]), 16, 8)
				if err != nil {
					return nil, fmt.Errorf("bad name escape")
				}
				s = append(s, byte(v))
				l.i += 3
				continue
			}
			s = append(s, b[l.i])
			l.i++
		}
		return pName(s), nil
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		return nil, fmt.Errorf("unexpected %q at %d", c, l.i)
	}
	start := l.i
	for l.i < len(b) && !isWhite(b[l.i]) && !isDelim(b[l.i]) {
		l.i++
	}
	tok := string(b[start:l.i])
	if n, err := strconv.Atoi(tok); err == nil {
		// "12 0 R" is a reference. The two tokens after a number are read
		// as tokens, not objects: reading a run of numbers as objects
		// would look ahead again from each.
		save := l.i
		if isInt([]byte(l.token())) && l.token() == "R" {
			return pRef(n), nil
		}
		l.i = save
		return n, nil
	}
	if x, err := strconv.ParseFloat(tok, 64); err == nil {
		return x, nil
	}
	switch tok {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	case "":
		return nil, fmt.Errorf("empty token at %d", l.i)
	}
	return pKeyword(tok), nil
}

// token reads the next run of regular characters, after white space.
func (l *lexer) token() string {
	l.i = skipWS(l.b, l.i)
	start := l.i
	for l.i < len(l.b) && !isWhite(l.b[l.i]) && !isDelim(l.b[l.i]) {
		l.i++
	}
	return string(l.b[start:l.i])
}
