package fonts

import (
	"testing"

	"golang.org/x/image/font/sfnt"
)

// TestHas agrees with the font's own character map for every character of
// the Basic Multilingual Plane and a few beyond, in every face.
func TestHas(t *testing.T) {
	for f := range Face(Count) {
		font, err := sfnt.Parse(f.TTF())
		if err != nil {
			t.Fatal(err)
		}
		var buf sfnt.Buffer
		covered := 0
		for r := rune(0); r <= 0x1FFFF; r++ {
			if r >= 0x10000 && r%97 != 0 {
				continue
			}
			i, err := font.GlyphIndex(&buf, r)
			want := err == nil && i != 0 || r >= 0x20 && r < 0x7f
			if got := f.Has(r); got != want {
				t.Fatalf("face %d: Has(U+%04X) = %v, the font says %v", f, r, got, want)
			}
			if want {
				covered++
			}
		}
		if covered < 600 {
			t.Errorf("face %d covers %d characters: not the font it should be", f, covered)
		}
	}
}

// TestCoverage: Welsh letters, curly quotes, dashes and the pound are in
// every face; Sans covers what Mono does not (the dotless j), and
// neither has emoji.
func TestCoverage(t *testing.T) {
	for f := range Face(Count) {
		for _, r := range "ŵŷŴŶâêîôûáéíóú‘’“”–—£€" {
			if !f.Has(r) {
				t.Errorf("face %d has no glyph for %q", f, r)
			}
		}
		if f.Has('😀') || f.Has('\uE000') {
			t.Errorf("face %d claims an emoji or a private-use character", f)
		}
	}
	if !Regular.Has('ȷ') || Mono.Has('ȷ') {
		t.Errorf("dotless j: Sans %v, Mono %v; want Sans only", Regular.Has('ȷ'), Mono.Has('ȷ'))
	}
}
