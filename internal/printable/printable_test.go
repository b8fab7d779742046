package printable

import (
	"reflect"
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

// TestProblems holds Problems to Problem and DataProblem applied to each
// character as range gives it, over text with every kind of character,
// bytes that are not UTF-8 among them.
func TestProblems(t *testing.T) {
	texts := []string{
		"", "plain text, all ASCII.\tTab\nline", "caf\u00e9 \u2019quoted\u2019 \u2014 dash",
		"bell\a and NUL\x00 and DEL\x7f and CR\r", "bad \xff byte, cut \xe2\x80 rune",
		"emoji \U0001F600 and private \ue000 and \u2028 separator", "soft\u00adhyphen zero\u200bwidth",
		"\ufffd replacement", "Welsh: \u0175 \u0177 \u00e2", "\U000E0001 tag, \uFDD0 nonchar",
	}
	for _, s := range texts {
		for name, rule := range map[string]func(rune) string{"Problem": Problem, "DataProblem": DataProblem} {
			type hit struct {
				off int
				r   rune
				why string
			}
			var want, got []hit
			for off, r := range s {
				if why := rule(r); why != "" {
					want = append(want, hit{off, r, why})
				}
			}
			Problems(s, rule, func(off int, r rune, why string) { got = append(got, hit{off, r, why}) })
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Problems(%q, %s) = %v, want %v", s, name, got, want)
			}
		}
	}
}

// TestPrefixes holds the word-at-a-time scans to a byte at a time: every
// byte value, at every place of text long enough for three words and a
// tail, after plain text.
func TestPrefixes(t *testing.T) {
	base := strings.Repeat("The force ~ {0} ", 2)[:29]
	for c := 0; c < 256; c++ {
		for at := 0; at < len(base); at++ {
			s := base[:at] + string([]byte{byte(c)}) + base[at+1:]
			wantASCII, wantPlain := len(s), len(s)
			for i := len(s) - 1; i >= 0; i-- {
				if s[i] >= 0x80 {
					wantASCII = i
				}
				if s[i] < 0x20 || s[i] >= 0x7f {
					wantPlain = i
				}
			}
			if got := ASCIIPrefix([]byte(s)); got != wantASCII {
				t.Fatalf("ASCIIPrefix([]byte(%q)) = %d, want %d", s, got, wantASCII)
			}
			if got := ASCIIPrefix(s); got != wantASCII {
				t.Fatalf("ASCIIPrefix(%q) = %d, want %d", s, got, wantASCII)
			}
			if got := PlainPrefix(s); got != wantPlain {
				t.Fatalf("PlainPrefix(%q) = %d, want %d", s, got, wantPlain)
			}
		}
	}
}
