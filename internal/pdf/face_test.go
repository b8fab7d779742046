package pdf

import (
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
)

// TestWidthsAsGofpdf measures strings in every face and size, twice (the
// second time from the table of widths kept for the process), and finds
// each width exactly what gofpdf's GetStringWidth gives for the string:
// Welsh letters, typographic marks, a character past the Basic
// Multilingual Plane, one outside the fonts and bytes that are not UTF-8.
func TestWidthsAsGofpdf(t *testing.T) {
	texts := []string{
		"", "Recommendation 1:", "Ŵ ŵ Ŷ ŷ Â â ŷ ẁ ẃ ẅ", "“quoted” — ‘dash’ … £1,000 €5 ½",
		"𝐀 astral 😀", "\u0378 unassigned", "bad \xff\xfe bytes", strings.Repeat("wide ", 200),
		"\x00nul", "tab\there",
	}
	for f := range face(faces) {
		for _, size := range []float64{8, 11, 14.5} {
			for pass := range 2 {
				ref := gofpdf.New("P", "mm", "A4", "")
				newMetrics(ref).register(f)
				ref.SetFont(f.family(), f.style(), size)
				m := newMetrics(gofpdf.New("P", "mm", "A4", ""))
				for _, s := range texts {
					got := m.width(s, f, size)
					if ref.Err() {
						t.Fatal(ref.Error())
					}
					if want := ref.GetStringWidth(s); got != want {
						t.Errorf("face %d, %gpt, pass %d: width(%q) = %v, gofpdf says %v", f, size, pass, s, got, want)
					}
				}
			}
		}
	}
}
