package strictyaml

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestPosAt checks, for every style of YAML text, that PosAt puts each
// character of the decoded value at the place in the file where it was
// typed.
func TestPosAt(t *testing.T) {
	cases := []struct {
		name, src, path string
		// marks are characters of the value to find: each must map to a
		// place in the file that holds the same character.
		marks string
	}{
		{"plain", "a: one two @three\n", "a", "@"},
		{"plain after wide characters", "a: Ŵŷ ŵ @x\n", "a", "@"},
		{"double quoted", "a: \"one @two\"\n", "a", "@"},
		{"double quoted escapes", "a: \"\\u00e9\\t\\x41 @b\"\n", "a", "@"},
		{"single quoted", "a: 'it''s @here'\n", "a", "@"},
		{"literal", "a: |\n  line one\n  line @two\n\n  line #three\n", "a", "@#"},
		{"literal keep", "a: |+\n    deep @x\n", "a", "@"},
		{"folded", "a: >\n  one\n  two @three\n  four #five\n", "a", "@#"},
		{"plain multi-line", "a: one\n  two\n  @three\n", "a", "@"},
		{"double quoted multi-line", "a: \"one\n  two @three\"\n", "a", "@"},
		{"in a list", "b:\n  c:\n    - first\n    - |\n      x @y\n", "b.c[1]", "@"},
		{"flow list", "b: {c: [one, \"t@wo\"]}\n", "b.c[1]", "@"},
	}
	for _, tc := range cases {
		for _, eol := range []string{"\n", "\r\n", "\r"} {
			t.Run(fmt.Sprintf("%s %q", tc.name, eol), func(t *testing.T) {
				posAt(t, strings.ReplaceAll(tc.src, "\n", eol), eol, tc.path, tc.marks)
			})
		}
	}
}

// posAt checks that each of marks of the value at path of text is placed
// where text holds it; text's lines end with eol.
func posAt(t *testing.T, text, eol, path, marks string) {
	var d struct {
		A string `yaml:"a"`
		B struct {
			C []string `yaml:"c"`
		} `yaml:"b"`
	}
	src, diags := Decode("f.yaml", []byte(text), &d)
	if diags.Errors() > 0 {
		t.Fatal(diags.Err())
	}
	value := d.A
	if path != "a" {
		value = d.B.C[1]
	}
	lines := strings.Split(text, eol)
	for _, mark := range marks {
		off := strings.IndexRune(value, mark)
		if off < 0 {
			t.Fatalf("%q not in value %q", mark, value)
		}
		p := src.PosAt(path, off)
		if p.Line < 1 || p.Line > len(lines) {
			t.Fatalf("%q at %v: no such line", mark, p)
		}
		line := lines[p.Line-1]
		r := []rune(line)
		if p.Col < 1 || p.Col > len(r) || r[p.Col-1] != mark {
			t.Errorf("%q of %q at %d:%d, where the file holds %q", mark, value, p.Line, p.Col, line)
		}
	}
}

// TestLineEnds checks that a problem of a file is placed on the same line
// and column whichever line ends the file has: "\n", "\r\n" or a lone
// "\r", which YAML and editors count as one line end each.
func TestLineEnds(t *testing.T) {
	const text = "report:\n  title: T\n\n  # a note\n  tilte: x\nletter: {date: 2021-09-31}\n"
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		var r struct {
			Report struct {
				Title string `yaml:"title"`
			} `yaml:"report"`
			Letter struct {
				Date time.Time `yaml:"date"`
			} `yaml:"letter"`
			A int    `yaml:"a"`
			B string `yaml:"b"`
		}
		_, diags := Decode("f.yaml", []byte(strings.ReplaceAll(text, "\n", eol)), &r)
		var got []string
		for _, d := range diags {
			got = append(got, fmt.Sprintf("%d:%d", d.Line, d.Col))
		}
		if want := "5:3 6:16"; strings.Join(got, " ") != want {
			t.Errorf("line end %q: problems at %v, want %s (%v)", eol, got, want, diags)
		}
		// A control character, which s55 finds before YAML reads the file.
		_, diags = Decode("f.yaml", []byte(strings.ReplaceAll("a: 1\n\nb: x\x01\n", "\n", eol)), &r)
		if len(diags) != 1 || diags[0].Line != 3 || diags[0].Col != 5 {
			t.Errorf("line end %q: %v, want one problem at 3:5", eol, diags)
		}
	}
}

// TestPosAtEscape checks that a character written as an escape is placed
// at the escape's backslash.
func TestPosAtEscape(t *testing.T) {
	var d struct {
		A string `yaml:"a"`
	}
	src, _ := Decode("f.yaml", []byte("a: \"ab\\u4E2Dc\"\n"), &d)
	off := strings.IndexRune(d.A, '中')
	if p := src.PosAt("a", off); p != (Pos{1, 7}) {
		t.Errorf("U+4E2D at %v, want 1:7 (its backslash)", p)
	}
	if p := src.PosAt("a", utf8.RuneLen('中')+off); p != (Pos{1, 13}) {
		t.Errorf("c at %v, want 1:13", p)
	}
	if p := src.PosAt("nothing", 0); p != src.At("nothing") {
		t.Errorf("unknown path at %v, want the file's position", p)
	}
}
