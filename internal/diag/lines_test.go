package diag

import (
	"bytes"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// endings are the three line ends, and a file mixing them.
var endings = map[string]func(lines ...string) string{
	"LF":   func(l ...string) string { return strings.Join(l, "\n") + "\n" },
	"CRLF": func(l ...string) string { return strings.Join(l, "\r\n") + "\r\n" },
	"CR":   func(l ...string) string { return strings.Join(l, "\r") + "\r" },
	"mixed": func(l ...string) string {
		return l[0] + "\r\n" + l[1] + "\n" + l[2] + "\r" + strings.Join(l[3:], "\n") + "\r\n"
	},
}

func TestLinesEachEnding(t *testing.T) {
	for name, join := range endings {
		t.Run(name, func(t *testing.T) {
			data := []byte(join("a: 1", "bé: 2", "", "c: [x, y]"))
			l := NewLines(data)
			if l.Count() != 5 {
				t.Errorf("Count = %d, want 5 (four lines and the empty one after the last end)", l.Count())
			}
			for n, want := range []string{"a: 1", "bé: 2", "", "c: [x, y]", ""} {
				if got := string(l.Line(n + 1)); got != want {
					t.Errorf("Line(%d) = %q, want %q", n+1, got, want)
				}
			}
			off := bytes.Index(data, []byte("y]"))
			if line, col := l.Pos(off); line != 4 || col != 8 {
				t.Errorf("Pos(y) = %d:%d, want 4:8", line, col)
			}
			if line, col := Position(data, off); line != 4 || col != 8 {
				t.Errorf("Position(y) = %d:%d, want 4:8", line, col)
			}
			off = bytes.Index(data, []byte(": 2"))
			if line, col := l.Pos(off); line != 2 || col != 3 {
				t.Errorf("Pos(: 2) = %d:%d, want 2:3 (columns count characters)", line, col)
			}
			if got := l.Offset(2, 3); got != off {
				t.Errorf("Offset(2, 3) = %d, want %d", got, off)
			}
			if got := l.Offset(2, 99); got != l.End(2) {
				t.Errorf("Offset past the end of line 2 = %d, want its end %d", got, l.End(2))
			}
		})
	}
}

// TestLinesAsYAMLCounts holds Lines to the YAML parser's own count: for a
// file of each kind of line end, every key is where yaml.v3 says it is.
func TestLinesAsYAMLCounts(t *testing.T) {
	for name, join := range endings {
		t.Run(name, func(t *testing.T) {
			data := []byte(join("a: 1", "# note", "b:", "  c: 2", "", "d: x"))
			var doc yaml.Node
			if err := yaml.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			l := NewLines(data)
			var walk func(n *yaml.Node)
			walk = func(n *yaml.Node) {
				if n.Kind == yaml.ScalarNode {
					off := bytes.Index(data, []byte(n.Value+":"))
					if off < 0 {
						off = bytes.Index(data, []byte(": "+n.Value)) + 2
					}
					if line, col := l.Pos(off); line != n.Line || col != n.Column {
						t.Errorf("%q: Lines says %d:%d, YAML %d:%d", n.Value, line, col, n.Line, n.Column)
					}
				}
				for _, c := range n.Content {
					walk(c)
				}
			}
			walk(&doc)
		})
	}
	// The case a fuzzer found: two lone carriage returns put "0" on line 3.
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("\r\r0"), &doc); err != nil {
		t.Fatal(err)
	}
	if line, _ := Position([]byte("\r\r0"), 2); doc.Content[0].Line != 3 || line != 3 {
		t.Errorf("\"\\r\\r0\": YAML line %d, Lines %d; want 3 for both", doc.Content[0].Line, line)
	}
}
