package pdf

import (
	"bytes"
	"sync"

	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationmonoitalic"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"

	"github.com/opcc-tools/s55/internal/document"
)

// face is one of the embedded fonts: Liberation Sans (metric-compatible
// with Arial) or, for code, Liberation Mono, each in four styles.
type face uint8

// The bits of a face.
const (
	bold face = 1 << iota
	italic
	mono
	faces = 8 // how many faces there are
)

// regular is the face of body text.
const regular face = 0

// family is the family name gofpdf registers the face under.
func (f face) family() string {
	if f&mono != 0 {
		return "LiberationMono"
	}
	return "LiberationSans"
}

// style is the face's style as gofpdf spells it: "", "B", "I" or "BI".
func (f face) style() string {
	switch f &^ mono {
	case bold:
		return "B"
	case italic:
		return "I"
	case bold | italic:
		return "BI"
	}
	return ""
}

// sans returns the Liberation Sans face of the same style.
func (f face) sans() face { return f &^ mono }

// fontData holds the TrueType font of each face.
var fontData = [faces][]byte{
	regular:              liberationsansregular.TTF,
	bold:                 liberationsansbold.TTF,
	italic:               liberationsansitalic.TTF,
	bold | italic:        liberationsansbolditalic.TTF,
	mono:                 liberationmonoregular.TTF,
	mono | bold:          liberationmonobold.TTF,
	mono | italic:        liberationmonoitalic.TTF,
	mono | bold | italic: liberationmonobolditalic.TTF,
}

// postScriptNames are the PostScript names of the embedded fonts by
// gofpdf's font key (TestPostScriptNames checks them against the fonts).
var postScriptNames = map[string]string{
	"utf8liberationsans":   "LiberationSans",
	"utf8liberationsansB":  "LiberationSans-Bold",
	"utf8liberationsansI":  "LiberationSans-Italic",
	"utf8liberationsansBI": "LiberationSans-BoldItalic",
	"utf8liberationmono":   "LiberationMono",
	"utf8liberationmonoB":  "LiberationMono-Bold",
	"utf8liberationmonoI":  "LiberationMono-Italic",
	"utf8liberationmonoBI": "LiberationMono-BoldItalic",
}

// spanFace reports the face a span is set in.
func spanFace(s document.Span) face {
	var f face
	if s.Bold {
		f |= bold
	}
	if s.Italic {
		f |= italic
	}
	if s.Code {
		f |= mono
	}
	return f
}

// fpdfMetrics measures text with the fonts of a gofpdf document and
// registers each face the first time it is measured: parsing a font costs
// about 2 ms and subsetting it as much again, so a document embeds only
// the faces it sets text in. The drawing pass draws only what the layout
// measured, so every face it selects is registered by then.
type fpdfMetrics struct {
	pdf        *gofpdf.Fpdf
	registered [faces]bool
	cur        face
	size       float64
}

func newMetrics(f *gofpdf.Fpdf) *fpdfMetrics {
	m := &fpdfMetrics{pdf: f}
	// Regular is always there: the drawing pass selects it on every page
	// before anything else, as gofpdf's bookmarks need a UTF-8 font.
	m.register(regular)
	return m
}

// register adds the face's font to the document once.
func (m *fpdfMetrics) register(f face) {
	if m.registered[f] {
		return
	}
	m.registered[f] = true
	// gofpdf pads font tables in place while subsetting, writing into the
	// slice it was given: each document gets its own copy, so concurrent
	// renders do not share (and race on) the embedded bytes.
	m.pdf.AddUTF8FontFromBytes(f.family(), f.style(), bytes.Clone(fontData[f]))
}

func (m *fpdfMetrics) width(s string, f face, size float64) float64 {
	if f != m.cur || size != m.size {
		m.register(f)
		m.pdf.SetFont(f.family(), f.style(), size)
		m.cur, m.size = f, size
	}
	return m.pdf.GetStringWidth(s)
}

// monoFonts holds Liberation Mono's four styles parsed for glyph look-ups.
var monoFonts = sync.OnceValue(func() [4]*sfnt.Font {
	var out [4]*sfnt.Font
	for i := range out {
		f, err := sfnt.Parse(fontData[mono|face(i)])
		if err != nil {
			panic("pdf: embedded font does not parse: " + err.Error())
		}
		out[i] = f
	}
	return out
})

// monoGlyphs caches, by face and character, whether Liberation Mono has a
// glyph for a character outside ASCII.
var monoGlyphs sync.Map // monoKey -> bool

type monoKey struct {
	f face
	r rune
}

// hasGlyph reports whether the face has a glyph for r. Liberation Sans
// has one for every character that may be published (internal/printable
// checks that), so only Liberation Mono is looked up: it covers less, and
// a code span falls back to Sans where it has no glyph.
func hasGlyph(f face, r rune) bool {
	if f&mono == 0 || (r >= 0x20 && r < 0x7f) {
		return true
	}
	k := monoKey{f, r}
	if v, ok := monoGlyphs.Load(k); ok {
		return v.(bool)
	}
	var buf sfnt.Buffer
	i, err := monoFonts()[f&^mono].GlyphIndex(&buf, r)
	ok := err == nil && i != 0
	monoGlyphs.Store(k, ok)
	return ok
}

// faceRuns splits s, set in f, into runs of one face: a character that
// Liberation Mono lacks is set in Liberation Sans of the same style. It
// calls fn with each run in order; text set in Sans is one run.
func faceRuns(s string, f face, fn func(text string, f face)) {
	if f&mono == 0 {
		fn(s, f)
		return
	}
	start, cur := 0, f
	for i, r := range s {
		want := f
		if !hasGlyph(f, r) {
			want = f.sans()
		}
		if want != cur && i > start {
			fn(s[start:i], cur)
			start = i
		}
		cur = want
	}
	if start < len(s) {
		fn(s[start:], cur)
	}
}
