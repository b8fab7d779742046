package main

import (
	"os"
	"testing"

	"github.com/opcc-tools/s55/internal/cli"
)

// TestManual keeps doc.go, the command's documentation, equal to the manual
// that s55 help prints from: go test -run TestManual -update rewrites it.
func TestManual(t *testing.T) {
	want := "/*\n" + cli.Manual(76) + "*/\npackage main\n"
	if *update {
		if err := os.WriteFile("doc.go", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("doc.go differs from the manual of internal/cli; run go test ./cmd/s55 -run TestManual -update")
	}
}
