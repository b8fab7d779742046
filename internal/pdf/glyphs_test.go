package pdf

import "testing"

func TestPrintable(t *testing.T) {
	for _, r := range "Aa–—‘’“”£€ŵŷŴŶâêîôûáéíóúàèìòùäëïöüÿ •" {
		if !Printable(r) {
			t.Errorf("%q (U+%04X) not printable", r, r)
		}
	}
	for _, r := range []rune{0x1F600, 0x4E2D, 0xFFFD, 0x10000} {
		if Printable(r) {
			t.Errorf("%q (U+%04X) printable", r, r)
		}
	}
}
