// Package fonts holds the fonts s55 embeds in its PDFs, Liberation Sans
// (metric-compatible with Arial) and, for code, Liberation Mono, each in
// four styles, and is the one place that reads which characters each of
// them has a glyph for: package printable asks it which characters may be
// printed, and the PDF renderer which face sets a character of code.
package fonts

import (
	"sync"
	"sync/atomic"

	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationmonoitalic"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
)

// Face is one of the embedded fonts: its family and style as bits.
type Face uint8

// The bits of a face; Regular, no bit, is Liberation Sans upright.
const (
	Bold Face = 1 << iota
	Italic
	Mono
	// Count is how many faces there are.
	Count = 8
)

// Regular is the face of body text.
const Regular Face = 0

// Sans lists the four styles of Liberation Sans, the face of every text
// but code.
var Sans = [4]Face{Regular, Bold, Italic, Bold | Italic}

// ttf holds the TrueType font of each face.
var ttf = [Count][]byte{
	Regular:              liberationsansregular.TTF,
	Bold:                 liberationsansbold.TTF,
	Italic:               liberationsansitalic.TTF,
	Bold | Italic:        liberationsansbolditalic.TTF,
	Mono:                 liberationmonoregular.TTF,
	Mono | Bold:          liberationmonobold.TTF,
	Mono | Italic:        liberationmonoitalic.TTF,
	Mono | Bold | Italic: liberationmonobolditalic.TTF,
}

// TTF returns the face's TrueType font. The bytes are shared: a caller
// that writes into them (gofpdf pads tables in place while subsetting)
// must copy them first.
func (f Face) TTF() []byte { return ttf[f] }

// parsed holds each face's font parsed for glyph look-ups, once.
var parsed = func() (out [Count]func() *sfnt.Font) {
	for f := range Face(Count) {
		out[f] = sync.OnceValue(func() *sfnt.Font {
			font, err := sfnt.Parse(ttf[f])
			if err != nil {
				panic("fonts: an embedded font does not parse: " + err.Error())
			}
			return font
		})
	}
	return out
}()

// block is which of 256 characters a face has glyphs for, a bit each.
type block [4]uint64

// blocks holds, by face, the coverage of each block of 256 characters of
// the Basic Multilingual Plane, read from the font the first time a
// character of the block is asked about: a document uses a few blocks
// (Latin-1, Latin Extended-A for ŵ and ŷ, punctuation), so a look-up is
// a bit test after the first.
var blocks [Count][256]atomic.Pointer[block]

// Has reports whether the face has a glyph for r.
func (f Face) Has(r rune) bool {
	switch {
	case r >= 0x20 && r < 0x7f:
		return true // every face has printable ASCII
	case r < 0 || r > 0xFFFF:
		return f.lookup(r)
	}
	n := r >> 8
	b := blocks[f][n].Load()
	if b == nil {
		b = new(block)
		for i := range rune(256) {
			if f.lookup(n<<8 | i) {
				b[i>>6] |= 1 << (i & 63)
			}
		}
		blocks[f][n].Store(b)
	}
	return b[(r&0xff)>>6]&(1<<(r&63)) != 0
}

// lookup asks the font whether it maps r to a glyph other than the
// missing glyph.
func (f Face) lookup(r rune) bool {
	var buf sfnt.Buffer
	i, err := parsed[f]().GlyphIndex(&buf, r)
	return err == nil && i != 0
}
