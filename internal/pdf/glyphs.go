package pdf

import (
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// parsed holds the embedded fonts parsed for glyph look-ups, once.
var parsed = sync.OnceValue(func() []*sfnt.Font {
	var fonts []*sfnt.Font
	for _, style := range []string{"", "B", "I", "BI"} {
		f, err := sfnt.Parse(fontData[style])
		if err != nil {
			panic("pdf: embedded font does not parse: " + err.Error())
		}
		fonts = append(fonts, f)
	}
	return fonts
})

var glyphCache sync.Map // rune -> bool

// Printable reports whether r can be printed in every style of the embedded
// fonts: it lies in the Basic Multilingual Plane, which the PDF library can
// encode, and each font has a glyph for it. White space counts as printable.
func Printable(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	if r > 0xFFFF || r == unicode.ReplacementChar {
		return false
	}
	if v, ok := glyphCache.Load(r); ok {
		return v.(bool)
	}
	var buf sfnt.Buffer
	ok := true
	for _, f := range parsed() {
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			ok = false
			break
		}
	}
	glyphCache.Store(r, ok)
	return ok
}
