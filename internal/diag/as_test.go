package diag

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

// TestAs finds a diagnostic however deep it is wrapped, and words any
// other error as one about the file named.
func TestAs(t *testing.T) {
	d := Diagnostic{File: "phrases.yaml", Line: 3, Col: 5, Severity: Error, Msg: "unclosed action"}
	for _, err := range []error{d, fmt.Errorf("loading: %w", d), errors.Join(errors.New("first"), fmt.Errorf("then: %w", d))} {
		if got := As(err, "other"); got != d {
			t.Errorf("As(%v) = %+v, want the diagnostic it wraps", err, got)
		}
	}
	got := As(fmt.Errorf("reading: %w", fs.ErrNotExist), "letter.md")
	want := Diagnostic{File: "letter.md", Severity: Error, Msg: "reading: file does not exist"}
	if got != want {
		t.Errorf("As(plain error) = %+v, want %+v", got, want)
	}
	if got := As(errors.New("x"), "").Error(); got != ": error: x" {
		t.Errorf("As without a file = %q", got)
	}
}
