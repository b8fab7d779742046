package printable

import (
	"strings"
	"testing"
)

func TestProblem(t *testing.T) {
	ok := "Aa–—‘’“”£€ŵŷŴŶâêîôûáéíóúàèìòùäëïöüÿ • \t\n\u00a0"
	for _, r := range ok {
		if p := Problem(r); p != "" {
			t.Errorf("%s: %s, want printable", Describe(r), p)
		}
	}
	bad := map[rune]string{
		'\x1b':   "control",
		'\x00':   "control",
		'\r':     "control",
		'\u0085': "control",
		'\uFFFE': "noncharacter",
		'\uFDD0': "noncharacter",
		'\u2028': "separator",
		'\u2029': "separator",
		'\uE000': "private-use",
		'\u0378': "not an assigned",
		'\u202E': "formatting",
		'\uFFFD': "replacement",
		'😀':      "beyond U+FFFF",
		'中':      "no glyph",
	}
	for r, want := range bad {
		if p := Problem(r); !strings.Contains(p, want) {
			t.Errorf("%s: %q, want it to say %q", Describe(r), p, want)
		}
	}
}

func TestClean(t *testing.T) {
	if got := Clean("e\u0301\u00adx\u200b"); got != "éx" {
		t.Errorf("Clean = %q, want NFC with invisibles removed", got)
	}
}

func TestExpandTabs(t *testing.T) {
	for in, want := range map[string]string{"a\tb": "a   b", "\tx": "    x", "abcd\te": "abcd    e", "ŵ\ty": "ŵ   y", "none": "none"} {
		if got := ExpandTabs(in); got != want {
			t.Errorf("ExpandTabs(%q) = %q, want %q", in, got, want)
		}
	}
}
