package response_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/tracker"
)

// TestTrackerText proves that the tracker file, decoded by the same
// decoder, refuses control characters at their place: a note that would
// colour a terminal or hide text on the published tracker.
func TestTrackerText(t *testing.T) {
	file := filepath.Join(t.TempDir(), tracker.FileName)
	data := "updates:\n  - response: r\n    item: rec-1\n    date: 2022-01-10\n    status: in-progress\n    note: \"Done \\e[8mhidden\"\n"
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, diags := tracker.Load(file)
	want := diag.Diagnostic{File: file, Line: 6, Col: 17, Severity: diag.Error, Path: "updates[0].note",
		Msg: "character U+001B cannot be used: it is a control character"}
	if len(diags) != 1 || diags[0] != want {
		t.Fatalf("got %v\nwant %v", diags, want)
	}
}

// TestOfficeText proves the same for the office profile, through Load.
func TestOfficeText(t *testing.T) {
	dir := t.TempDir()
	office := filepath.Join(dir, response.OfficeFileName)
	if err := os.WriteFile(office, []byte("pcc:\n  name: \"Darryl\\u2028Preston\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, diags := response.LoadOffice(office)
	if len(diags) != 1 || diags[0].Line != 2 || diags[0].Col != 16 || diags[0].Path != "pcc.name" {
		t.Fatalf("got %v, want one error at 2:16 at pcc.name", diags)
	}
}
