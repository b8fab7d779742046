package pdffinish

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/opcc-tools/s55/internal/pdfsyntax"
)

// This file reads gofpdf's output and writes the incremental update that
// the post-processing pass (finish.go) appends to it.

// binaryComment is the comment line PDF/A wants after the header: four
// bytes above 127 tell a transfer program the file is binary.
const binaryComment = "%\xe2\xe3\xcf\xd3\n"

// source is gofpdf's output, read.
type source struct {
	b       []byte
	offsets []int // by object number; -1 for a free entry
	xref    int   // offset of the cross-reference table
	trailer dict
	size    int
}

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
	p := b[xref:at]
	if !bytes.HasPrefix(p, []byte("xref\n0 ")) {
		return nil, fmt.Errorf("%w: no cross-reference table at %d", errSyntax, xref)
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
		if e[18] != ' ' || e[19] != '\n' {
			return nil, fmt.Errorf("%w: bad cross-reference entry %q", errSyntax, e)
		}
		switch e[17] {
		case 'f':
			s.offsets[i] = -1
		case 'n':
			off, err := strconv.Atoi(string(e[:10]))
			if err != nil || off >= xref {
				return nil, fmt.Errorf("%w: bad cross-reference entry %q", errSyntax, e)
			}
			s.offsets[i] = off
		default:
			return nil, fmt.Errorf("%w: bad cross-reference entry %q", errSyntax, e)
		}
	}
	rest := p[start+20*n:]
	if !bytes.HasPrefix(rest, []byte("trailer\n")) {
		return nil, fmt.Errorf("%w: no trailer", errSyntax)
	}
	if s.trailer, _, err = parseDict(rest[8:]); err != nil {
		return nil, err
	}
	if s.size, err = s.trailer.integer("/Size"); err != nil || s.size != n {
		return nil, fmt.Errorf("%w: trailer /Size is not the table's %d entries", errSyntax, n)
	}
	return s, nil
}

// object returns object n's dictionary and, for a stream, its data.
func (s *source) object(n int) (dict, []byte, error) {
	if n <= 0 || n >= len(s.offsets) || s.offsets[n] < 0 {
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

// incremental is the incremental update being written.
type incremental struct {
	next int // the next free object number
	// nums and objs are the objects written, in order.
	nums []int
	objs [][]byte
	buf  []byte
}

func (u *incremental) alloc() int {
	u.next++
	return u.next - 1
}

// put writes object n with the dictionary or other object body.
func (u *incremental) put(n int, body []byte) {
	b := strconv.AppendInt(u.buf[:0], int64(n), 10)
	b = append(b, " 0 obj\n"...)
	b = append(b, body...)
	b = append(b, "\nendobj\n"...)
	u.nums = append(u.nums, n)
	u.objs = append(u.objs, bytes.Clone(b))
	u.buf = b
}

// putDict writes object n as the dictionary d.
func (u *incremental) putDict(n int, d dict) { u.put(n, d.appendTo(nil)) }

// putStream writes object n as a stream of data with the dictionary
// entries given (Length is added).
func (u *incremental) putStream(n int, entries string, data []byte) {
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

// zlibWriters keeps compressors for reuse: each holds about a megabyte of
// tables, more than the streams the pass compresses.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestCompression)
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

// iccStream is the sRGB profile, compressed once.
var iccStream = sync.OnceValue(func() []byte { return deflate(SRGB()) })

// assemble returns the file: gofpdf's with the new header, its table
// shifted and an identifier in its trailer, then the update.
func (u *incremental) assemble(src *source, root, info int) []byte {
	shift := len(binaryComment)
	var body int
	for _, o := range u.objs {
		body += len(o)
	}
	// The identifier: a digest of gofpdf's output and the update.
	h := sha256.New()
	h.Write(src.b)
	for _, o := range u.objs {
		h.Write(o)
	}
	id := strings.ToUpper(hex.EncodeToString(h.Sum(nil)[:16]))
	ids := "[<" + id + "><" + id + ">]"

	out := make([]byte, 0, len(src.b)+shift+body+40*len(u.objs)+1024)
	out = append(out, "%PDF-1.7\n"...)
	out = append(out, binaryComment...)
	out = append(out, src.b[9:src.xref]...)
	out = append(out, "xref\n0 "...)
	out = strconv.AppendInt(out, int64(len(src.offsets)), 10)
	out = append(out, '\n')
	for _, off := range src.offsets {
		if off < 0 {
			out = append(out, "0000000000 65535 f \n"...)
			continue
		}
		out = appendOffset(out, off+shift)
	}
	out = append(out, "trailer\n"...)
	out = src.trailer.set("/ID", ids).appendTo(out)
	prev := src.xref + shift
	out = append(out, "\nstartxref\n"...)
	out = strconv.AppendInt(out, int64(prev), 10)
	out = append(out, "\n%%EOF\n"...)

	offsets := make(map[int]int, len(u.objs))
	for i, o := range u.objs {
		offsets[u.nums[i]] = len(out)
		out = append(out, o...)
	}
	nums := slices.Sorted(func(yield func(int) bool) {
		for n := range offsets {
			if !yield(n) {
				return
			}
		}
	})
	xref := len(out)
	out = append(out, "xref\n"...)
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		out = strconv.AppendInt(out, int64(nums[i]), 10)
		out = append(out, ' ')
		out = strconv.AppendInt(out, int64(j-i), 10)
		out = append(out, '\n')
		for _, n := range nums[i:j] {
			out = appendOffset(out, offsets[n])
		}
		i = j
	}
	out = append(out, "trailer\n"...)
	out = dict{
		{"/Size", []byte(strconv.Itoa(u.next))},
		{"/Root", []byte(ref(root))},
		{"/Info", []byte(ref(info))},
		{"/ID", []byte(ids)},
		{"/Prev", []byte(strconv.Itoa(prev))},
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
