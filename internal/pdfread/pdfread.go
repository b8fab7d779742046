// Package pdfread reads PDF files. It is s55's one PDF reader: unpack uses
// it to find the source bundle a PDF carries, and the tests use it to read
// any object, the pages' content streams (Operators), the fonts' ToUnicode
// maps (ParseCMap) and the structure tree with the text of its marked
// content (StructTree), the tagged text a screen reader meets. The
// parsing is pdfcpu's (cross-reference tables and streams, object streams,
// incremental updates, repairs), so a PDF that another tool re-saved (qpdf,
// Acrobat) reads as well as one s55 wrote.
//
// Objects come back as plain Go values, so a caller needs no pdfcpu type:
// Dict, []any (an array), Name, Ref (an indirect reference), int, float64,
// string (a string's bytes, escapes and hex resolved), bool, *Stream and nil.
package pdfread

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/opcc-tools/s55/internal/pdfsyntax"
)

// Name is a PDF name, without its slash.
type Name string

// Ref is an indirect reference, by object number.
type Ref int

// Dict is a PDF dictionary, keyed by name without the slash.
type Dict map[string]any

// Stream is a stream object: its dictionary and its data with every filter
// undone.
type Stream struct {
	Dict Dict
	Data []byte
}

// MaxStream caps the decoded size of any one stream, against
// decompression bombs.
const MaxStream = 64 << 20

// File is a parsed PDF.
type File struct {
	xref  *model.XRefTable
	mu    sync.Mutex
	cache map[int]any
	limit int64
}

// ErrNotPDF reports data that cannot be read as a PDF.
var ErrNotPDF = errors.New("not a PDF that can be read")

var configOnce sync.Once

// config is pdfcpu's configuration for reading: relaxed validation, and no
// configuration folder in the user's home (pdfcpu would make one).
func config() *model.Configuration {
	configOnce.Do(func() { model.ConfigPath = "disable" })
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationRelaxed
	c.Limits.MaxDecodeBytes = MaxStream
	return c
}

// Parse reads data as a PDF.
func Parse(data []byte) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrNotPDF, r)
		}
	}()
	ctx, err := pdfcpu.Read(bytes.NewReader(data), config())
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotPDF, err)
	}
	if ctx.XRefTable == nil || ctx.XRefTable.Root == nil {
		return nil, fmt.Errorf("%w: it has no catalog", ErrNotPDF)
	}
	return &File{xref: ctx.XRefTable, cache: map[int]any{}, limit: ctx.Conf.Limits.MaxDecodeBytes}, nil
}

// Trailer returns the trailer's entries that name objects: Root, Info and
// ID (Size and Prev belong to the cross-reference tables pdfcpu reads).
func (f *File) Trailer() Dict {
	d := Dict{"Root": Ref(f.xref.Root.ObjectNumber.Value())}
	if f.xref.Info != nil {
		d["Info"] = Ref(f.xref.Info.ObjectNumber.Value())
	}
	if f.xref.ID != nil {
		d["ID"] = f.convert(f.xref.ID)
	}
	return d
}

// Root returns the document catalog.
func (f *File) Root() Dict { return f.Dict(f.Trailer()["Root"]) }

// Info returns the document information dictionary, or nil.
func (f *File) Info() Dict { return f.Dict(f.Trailer()["Info"]) }

// Objects returns the numbers of the objects in the file, in order: those
// its cross-reference tables (or pdfcpu's repair) list as in use.
func (f *File) Objects() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ns []int
	for n, e := range f.xref.Table {
		if n > 0 && e != nil && !e.Free && e.Object != nil {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	return ns
}

// Object returns object n, a *Stream for a stream.
func (f *File) Object(n int) (v any, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v, ok := f.cache[n]; ok {
		return v, nil
	}
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("object %d: %v", n, r)
		}
	}()
	e, found := f.xref.FindTableEntryLight(n)
	if !found || e.Free || e.Object == nil {
		return nil, fmt.Errorf("object %d is not in the file", n)
	}
	gen := 0
	if e.Generation != nil {
		gen = *e.Generation
	}
	o, err := f.xref.Dereference(*types.NewIndirectRef(n, gen))
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", n, err)
	}
	switch o := o.(type) {
	case types.StreamDict:
		v, err = f.stream(o)
	default:
		v = f.convert(o)
	}
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", n, err)
	}
	f.cache[n] = v
	return v, nil
}

func (f *File) stream(sd types.StreamDict) (*Stream, error) {
	s := &Stream{Dict: f.convert(sd.Dict).(Dict)}
	if sd.Raw == nil && sd.Content == nil {
		return s, nil
	}
	if len(sd.FilterPipeline) == 0 {
		s.Data = sd.Raw
		if s.Data == nil {
			s.Data = sd.Content
		}
		return s, nil
	}
	c := sd
	c.Content = nil
	if err := c.DecodeWithLimit(f.limit); err != nil {
		return nil, err
	}
	s.Data = c.Content
	return s, nil
}

// convert turns a pdfcpu object into this package's plain values.
func (f *File) convert(o types.Object) any {
	switch o := o.(type) {
	case nil:
		return nil
	case types.Dict:
		d := make(Dict, len(o))
		for k, v := range o {
			d[k] = f.convert(v)
		}
		return d
	case types.Array:
		a := make([]any, len(o))
		for i, v := range o {
			a[i] = f.convert(v)
		}
		return a
	case types.IndirectRef:
		return Ref(o.ObjectNumber.Value())
	case *types.IndirectRef:
		return Ref(o.ObjectNumber.Value())
	case types.Name:
		return Name(o)
	case types.Integer:
		return int(o)
	case types.Float:
		return float64(o)
	case types.Boolean:
		return bool(o)
	case types.StringLiteral:
		b, err := types.Unescape(string(o))
		if err != nil {
			return string(o)
		}
		return string(b)
	case types.HexLiteral:
		b, err := o.Bytes()
		if err != nil {
			return string(o)
		}
		return string(b)
	case types.StreamDict:
		s, err := f.stream(o)
		if err != nil {
			return nil
		}
		return s
	}
	return nil
}

// Resolve follows references; other values come back as they are. A
// reference to a missing object resolves to nil, as the standard says.
func (f *File) Resolve(v any) any {
	for range 32 {
		r, ok := v.(Ref)
		if !ok {
			return v
		}
		var err error
		if v, err = f.Object(int(r)); err != nil {
			return nil
		}
	}
	return nil
}

// Dict resolves v to a dictionary (a stream's dictionary for a stream), or
// nil.
func (f *File) Dict(v any) Dict {
	switch v := f.Resolve(v).(type) {
	case Dict:
		return v
	case *Stream:
		return v.Dict
	}
	return nil
}

// Array resolves v to an array; a single value is an array of one, and
// nothing an empty array.
func (f *File) Array(v any) []any {
	switch r := f.Resolve(v).(type) {
	case []any:
		return r
	case nil:
		return nil
	default:
		return []any{v}
	}
}

// Stream resolves v to a stream, or nil.
func (f *File) Stream(v any) *Stream {
	s, _ := f.Resolve(v).(*Stream)
	return s
}

// Text resolves v to a string and decodes it as a PDF text string
// (pdfsyntax.DecodeText: UTF-16BE or UTF-8 with its byte order mark, or
// PDFDocEncoding, read as Latin-1, which it equals for the letters s55
// writes).
func (f *File) Text(v any) string {
	s, _ := f.Resolve(v).(string)
	return pdfsyntax.DecodeText(s)
}

// Pages returns the page objects in order, with their references.
func (f *File) Pages() ([]Dict, []Ref) {
	var ds []Dict
	var rs []Ref
	seen := map[Ref]bool{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		r, _ := v.(Ref)
		if depth > 64 || (r != 0 && seen[r]) {
			return
		}
		seen[r] = true
		d := f.Dict(v)
		if d["Type"] == Name("Page") {
			ds, rs = append(ds, d), append(rs, r)
			return
		}
		for _, k := range f.Array(d["Kids"]) {
			walk(k, depth+1)
		}
	}
	walk(f.Root()["Pages"], 0)
	return ds, rs
}

// Contents returns the decoded content of a page, its streams joined by
// newlines.
func (f *File) Contents(page Dict) []byte {
	var b []byte
	for _, c := range f.Array(page["Contents"]) {
		if s := f.Stream(c); s != nil {
			b = append(b, s.Data...)
			b = append(b, '\n')
		}
	}
	return b
}
