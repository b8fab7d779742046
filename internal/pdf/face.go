package pdf

import (
	"bytes"
	"sync/atomic"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/fonts"
)

// face is one of the embedded fonts (package fonts): Liberation Sans
// (metric-compatible with Arial) or, for code, Liberation Mono, each in
// four styles.
type face fonts.Face

// The bits of a face, as package fonts has them.
const (
	bold   = face(fonts.Bold)
	italic = face(fonts.Italic)
	mono   = face(fonts.Mono)
	faces  = fonts.Count // how many faces there are
)

// regular is the face of body text.
const regular = face(fonts.Regular)

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
//
// The face and size measured last are gofpdf's current font once the
// layout is done (flush), as gofpdf sets them again on each page it adds;
// in between, gofpdf is asked to select a font only when it measures a
// character for symbolWidths.
type fpdfMetrics struct {
	pdf        *gofpdf.Fpdf
	registered [faces]bool
	cur        face
	size       float64
	unit       float64 // the size in gofpdf's user unit, as GetStringWidth scales by it
	k          float64 // gofpdf's scale factor, by which it divides a size into its unit
	selected   bool    // gofpdf's current font is cur at size
}

func newMetrics(f *gofpdf.Fpdf) *fpdfMetrics {
	m := &fpdfMetrics{pdf: f, k: f.GetConversionRatio()}
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
	m.pdf.AddUTF8FontFromBytes(f.family(), f.style(), bytes.Clone(fonts.Face(f).TTF()))
}

func (m *fpdfMetrics) width(s string, f face, size float64) float64 {
	if f != m.cur || size != m.size {
		m.register(f)
		m.cur, m.size, m.selected = f, size, false
		m.unit = size / m.k // as gofpdf's SetFont computes it
	}
	if m.pdf.Err() {
		return 0 // as gofpdf, and nothing kept from a document in error
	}
	// gofpdf's GetStringWidth is the sum of each character's width in
	// the font, which depends on the font alone: the same sum from
	// symbolWidths, where gofpdf is asked once a character in the process,
	// gives the same widths without its copy of every string into runes.
	w, widths := 0, &symbolWidths[f]
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		if r >= 0x10000 {
			w += m.symbolWidth(r)
			continue
		}
		c := &widths[uint16(r)]
		v := c.Load()
		if v == 0 {
			v = uint32(m.symbolWidth(r)) + 1
			c.Store(v)
		}
		w += int(v - 1)
	}
	return float64(w) * m.unit / 1000
}

// symbolWidth asks gofpdf the width of r in the current face.
func (m *fpdfMetrics) symbolWidth(r rune) int {
	m.flush()
	return m.pdf.GetStringSymbolWidth(string(r))
}

// flush makes the face and size measured last gofpdf's current font.
func (m *fpdfMetrics) flush() {
	if !m.selected && m.size != 0 {
		m.pdf.SetFont(m.cur.family(), m.cur.style(), m.size)
		m.selected = true
	}
}

// symbolWidths holds, by face and character of the Basic Multilingual
// Plane, the character's width in glyph units plus one, as gofpdf gives it
// for the embedded font; 0 is not yet asked. Renders running at once share
// it: each entry is only ever set to the one value.
var symbolWidths [faces][0x10000]atomic.Uint32

// hasGlyph reports whether the face has a glyph for r. Liberation Sans
// has one for every character that may be published (package printable
// checks that), so only Liberation Mono is asked: it covers less, and a
// code span falls back to Sans where it has no glyph.
func hasGlyph(f face, r rune) bool {
	return f&mono == 0 || fonts.Face(f).Has(r)
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
