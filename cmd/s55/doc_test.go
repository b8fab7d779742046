package main

import (
	"os"
	"strings"
	"testing"
)

// TestDoc keeps doc.go a pointer to the manual, not a second copy of it:
// the manual is docs/, which s55 help prints (see internal/manual), and a
// copy here would be a text that no example tests.
func TestDoc(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	if n := strings.Count(doc, "\n"); n > 20 {
		t.Errorf("doc.go has %d lines: it points to the manual in docs/ and s55 help, and holds no copy of it", n)
	}
	for _, want := range []string{"docs/README.md", "s55 help COMMAND", "s55 help TOPIC"} {
		if !strings.Contains(doc, want) {
			t.Errorf("doc.go does not name %q", want)
		}
	}
	if _, err := os.Stat("../../docs/README.md"); err != nil {
		t.Errorf("doc.go points to docs/README.md: %v", err)
	}
}
