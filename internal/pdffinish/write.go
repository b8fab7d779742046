package pdffinish

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/opcc-tools/s55/internal/pdfsyntax"
)

// This file reads gofpdf's output and writes the finished file.

// binaryComment is the comment line PDF/A wants after the header: four
// bytes above 127 tell a transfer program the file is binary.
const binaryComment = "%\xe2\xe3\xcf\xd3\n"

// source is gofpdf's output, read.
type source struct {
	b []byte
	// offsets and ends give where each object's text starts and ends, by
	// object number (the first entry, 0, is the free list's head).
	offsets, ends []int
	xref          int // offset of the cross-reference table
	trailer       dict
	size          int
}

// readSource reads the cross-reference table and the trailer of b.
func readSource(b []byte) (*source, error) {
	if len(b) < 9 || !bytes.HasPrefix(b, []byte("%PDF-1.")) || b[8] != '\n' {
		return nil, fmt.Errorf("%w: no PDF header", errSyntax)
	}
	const eof = "\n%%EOF\n"
	at := bytes.LastIndex(b, []byte("\nstartxref\n"))
	if at < 0 || !bytes.HasSuffix(b, []byte(eof)) || at+11 > len(b)-len(eof) {
		return nil, fmt.Errorf("%w: no startxref at the end", errSyntax)
	}
	xref, err := strconv.Atoi(string(b[at+11 : len(b)-len(eof)]))
	if err != nil || xref <= 0 || xref >= at {
		return nil, fmt.Errorf("%w: bad startxref", errSyntax)
	}
	s := &source{b: b, xref: xref}
	rest, err := s.readXref(b[xref:at])
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(rest, []byte("trailer\n")) {
		return nil, fmt.Errorf("%w: no trailer", errSyntax)
	}
	if s.trailer, _, err = parseDict(rest[8:]); err != nil {
		return nil, err
	}
	if s.size, err = s.trailer.integer("/Size"); err != nil || s.size != len(s.offsets) {
		return nil, fmt.Errorf("%w: trailer /Size is not the table's %d entries", errSyntax, len(s.offsets))
	}
	return s, nil
}

// readXref reads the cross-reference table at the start of p, one
// section from object 0 whose entries are all in use but the first, and
// returns what follows it.
func (s *source) readXref(p []byte) ([]byte, error) {
	if !bytes.HasPrefix(p, []byte("xref\n0 ")) {
		return nil, fmt.Errorf("%w: no cross-reference table at %d", errSyntax, s.xref)
	}
	nl := bytes.IndexByte(p[7:], '\n')
	if nl < 0 {
		return nil, fmt.Errorf("%w: bad cross-reference table", errSyntax)
	}
	n, err := strconv.Atoi(string(p[7 : 7+nl]))
	start := 7 + nl + 1
	if err != nil || n < 1 || start+20*n > len(p) {
		return nil, fmt.Errorf("%w: bad cross-reference table", errSyntax)
	}
	s.offsets = make([]int, n)
	for i := range n {
		e := p[start+20*i : start+20*i+20]
		want := byte('n')
		if i == 0 {
			want = 'f'
		}
		off, err := strconv.Atoi(string(e[:10]))
		if e[17] != want || e[18] != ' ' || e[19] != '\n' || err != nil || off >= s.xref {
			return nil, fmt.Errorf("%w: bad cross-reference entry %d: %q", errSyntax, i, e)
		}
		s.offsets[i] = off
	}
	// Each object's text runs to the start of the next in the file.
	order := make([]int, n-1)
	for i := range order {
		order[i] = i + 1
	}
	slices.SortFunc(order, func(a, b int) int { return s.offsets[a] - s.offsets[b] })
	s.ends = make([]int, n)
	for i, o := range order {
		s.ends[o] = s.xref
		if i+1 < len(order) {
			s.ends[o] = s.offsets[order[i+1]]
		}
	}
	return p[start+20*n:], nil
}

// raw returns the text of object n as gofpdf wrote it.
func (s *source) raw(n int) []byte { return s.b[s.offsets[n]:s.ends[n]] }

// entry returns the dictionary that the entry key of d refers to.
func (s *source) entry(d dict, key string) (dict, error) {
	n, err := d.ref(key)
	if err != nil {
		return nil, err
	}
	e, _, err := s.object(n)
	return e, err
}

// object returns object n's dictionary and, for a stream, its data.
func (s *source) object(n int) (dict, []byte, error) {
	if n <= 0 || n >= len(s.offsets) {
		return nil, nil, fmt.Errorf("%w: no object %d", errSyntax, n)
	}
	off := s.offsets[n]
	head := strconv.Itoa(n) + " 0 obj\n"
	if !bytes.HasPrefix(s.b[off:], []byte(head)) {
		return nil, nil, fmt.Errorf("%w: object %d is not at %d", errSyntax, n, off)
	}
	body := s.b[off+len(head) : s.xref]
	d, end, err := parseDict(body)
	if err != nil {
		return nil, nil, fmt.Errorf("object %d: %w", n, err)
	}
	i := pdfsyntax.SkipWhite(body, end)
	if bytes.HasPrefix(body[i:], []byte("endobj")) {
		return d, nil, nil
	}
	if !bytes.HasPrefix(body[i:], []byte("stream\n")) {
		return nil, nil, fmt.Errorf("%w: object %d: neither endobj nor stream after the dictionary", errSyntax, n)
	}
	length, err := d.integer("/Length")
	i += len("stream\n")
	if err != nil || length < 0 || i+length > len(body) || !bytes.HasPrefix(body[i+length:], []byte("\nendstream")) {
		return nil, nil, fmt.Errorf("%w: object %d: bad stream length", errSyntax, n)
	}
	return d, body[i : i+length], nil
}

// file is the finished file being made: gofpdf's objects, those the pass
// writes again in their place, and the new ones.
type file struct {
	next int // the next free object number
	// objs holds each object written, by number; nil for one kept as
	// gofpdf wrote it.
	objs [][]byte
	buf  []byte
}

func (u *file) alloc() int {
	u.next++
	return u.next - 1
}

// put writes object n with the dictionary or other object body.
func (u *file) put(n int, body []byte) {
	b := strconv.AppendInt(u.buf[:0], int64(n), 10)
	b = append(b, " 0 obj\n"...)
	b = append(b, body...)
	b = append(b, "\nendobj\n"...)
	for len(u.objs) <= n {
		u.objs = append(u.objs, nil)
	}
	u.objs[n] = bytes.Clone(b)
	u.buf = b
}

// written reports whether object n has been written by the pass.
func (u *file) written(n int) bool { return n < len(u.objs) && u.objs[n] != nil }

// putDict writes object n as the dictionary d.
func (u *file) putDict(n int, d dict) { u.put(n, d.appendTo(nil)) }

// putStream writes object n as a stream of data with the dictionary
// entries given (Length is added).
func (u *file) putStream(n int, entries string, data []byte) {
	b := append([]byte("<<"), entries...)
	if entries != "" {
		b = append(b, ' ')
	}
	b = append(b, "/Length "...)
	b = strconv.AppendInt(b, int64(len(data)), 10)
	b = append(b, ">>\nstream\n"...)
	b = append(b, data...)
	b = append(b, "\nendstream"...)
	u.put(n, b)
}

// putStreamDict writes object n as a stream of data with the dictionary
// d, whose /Length it sets.
func (u *file) putStreamDict(n int, d dict, data []byte) {
	b := d.set("/Length", strconv.Itoa(len(data))).appendTo(nil)
	b = append(b, "\nstream\n"...)
	b = append(b, data...)
	u.put(n, append(b, "\nendstream"...))
}

// zlibWriters keeps compressors for reuse: each holds about a megabyte of
// tables, more than the streams the pass compresses. They compress at
// zlib's best speed, as gofpdf does: a reused compressor of that level
// starts again without clearing its tables, and the better levels cost
// more instructions than they save bytes (callgrind of a build of the
// reference: 316 M at best speed, 327 M at the default level, 328 M at the
// best, for files 3% smaller).
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// deflate compresses data for a /FlateDecode stream.
func deflate(data []byte) []byte {
	var b bytes.Buffer
	w := zlibWriters.Get().(*zlib.Writer)
	w.Reset(&b)
	w.Write(data)
	w.Close()
	zlibWriters.Put(w)
	return b.Bytes()
}

// flateReaders keeps decompressors for reuse.
var flateReaders sync.Pool

// inflate decompresses the /FlateDecode data packed into exactly dst.
// packed is a zlib stream that gofpdf has just written in memory: its
// two-byte header is checked, and its closing Adler-32 checksum, which
// would cost more than decoding the map of zeros it mostly guards, is not.
func inflate(dst, packed []byte) error {
	if len(packed) < 2 || packed[0]&0x0f != 8 || (uint16(packed[0])<<8|uint16(packed[1]))%31 != 0 || packed[1]&0x20 != 0 {
		return errors.New("not a zlib stream")
	}
	src := bytes.NewReader(packed[2:])
	var fr io.ReadCloser
	if r, ok := flateReaders.Get().(io.ReadCloser); ok {
		if err := r.(flate.Resetter).Reset(src, nil); err != nil {
			return err
		}
		fr = r
	} else {
		fr = flate.NewReader(src)
	}
	defer flateReaders.Put(fr)
	if _, err := io.ReadFull(fr, dst); err != nil {
		return fmt.Errorf("shorter than %d bytes: %v", len(dst), err)
	}
	var one [1]byte
	if k, _ := fr.Read(one[:]); k != 0 {
		return fmt.Errorf("longer than %d bytes", len(dst))
	}
	return nil
}

// iccStream is the sRGB profile, compressed once.
var iccStream = sync.OnceValue(func() []byte { return deflate(SRGB()) })

// assemble returns the file: the header and the binary comment, every
// object by number, gofpdf's as it wrote them unless the pass wrote them
// again, then one cross-reference table and the trailer, with an
// identifier that is a digest of the objects.
func (u *file) assemble(src *source, root, info int) []byte {
	size := 0
	for _, o := range u.objs {
		size += len(o)
	}
	out := make([]byte, 0, len(src.b)+size+20*u.next+1024)
	out = append(out, "%PDF-1.7\n"...)
	out = append(out, binaryComment...)
	offsets := make([]int, u.next)
	for n := 1; n < u.next; n++ {
		offsets[n] = len(out)
		if u.written(n) {
			out = append(out, u.objs[n]...)
			continue
		}
		out = append(out, src.raw(n)...)
	}
	h := sha256.Sum256(out)
	id := strings.ToUpper(hex.EncodeToString(h[:16]))

	xref := len(out)
	out = append(out, "xref\n0 "...)
	out = strconv.AppendInt(out, int64(u.next), 10)
	out = append(out, "\n0000000000 65535 f \n"...)
	for _, off := range offsets[1:] {
		out = appendOffset(out, off)
	}
	out = append(out, "trailer\n"...)
	out = dict{
		{"/Size", []byte(strconv.Itoa(u.next))},
		{"/Root", []byte(ref(root))},
		{"/Info", []byte(ref(info))},
		{"/ID", []byte("[<" + id + "><" + id + ">]")},
	}.appendTo(out)
	out = append(out, "\nstartxref\n"...)
	out = strconv.AppendInt(out, int64(xref), 10)
	return append(out, "\n%%EOF\n"...)
}

// appendOffset writes a cross-reference entry in use at off.
func appendOffset(b []byte, off int) []byte {
	s := strconv.Itoa(off)
	for range 10 - len(s) {
		b = append(b, '0')
	}
	b = append(b, s...)
	return append(b, " 00000 n \n"...)
}
