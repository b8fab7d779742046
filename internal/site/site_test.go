package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/site"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
)

// published issues the reference response and builds the site from it,
// with one status update, into a temporary folder.
func published(t *testing.T) (string, []tracker.Row) {
	t.Helper()
	r, diags := build.Render("../../responses/2021-09-13-rape-inspection-phase-one", build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	arch := t.TempDir()
	if _, err := archive.Issue(arch, r, archive.IssueOptions{Now: time.Date(2021, 9, 14, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	updates := []tracker.Update{{Response: r.Folder.ID, Item: "rec-1", Date: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), Status: "complete", Owner: "Head of Public Protection", Note: "Done."}}
	rows, rdiags := tracker.Rows(entries, updates, nil)
	if err := rdiags.Err(); err != nil {
		t.Fatal(err)
	}
	th, tdiags := theme.Load("", "en-GB")
	if err := tdiags.Err(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	if _, err := site.Write(out, entries, rows, th); err != nil {
		t.Fatal(err)
	}
	return out, rows
}

func TestTrackerRows(t *testing.T) {
	_, rows := published(t)
	if len(rows) != 13 {
		t.Fatalf("%d rows, want the 13 recommendations", len(rows))
	}
	want := map[string]string{"rec-1": "complete", "rec-2": "in-progress", "rec-7": "in-progress", "rec-8": "other-body", "rec-13": "other-body"}
	for _, r := range rows {
		if s, ok := want[r.Item]; ok && r.Status != s {
			t.Errorf("%s: status %q, want %q", r.Item, r.Status, s)
		}
		if !strings.HasSuffix(r.Link, "/r1/response.html#"+r.Item) {
			t.Errorf("%s: link %q", r.Item, r.Link)
		}
	}
}

func TestPagesConform(t *testing.T) {
	out, _ := published(t)
	files := []string{filepath.Join(out, "index.html"), filepath.Join(out, "tracker.html")}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(data), "<h1"); n != 1 {
			t.Errorf("%s: %d h1", f, n)
		}
	}
	conformance.CheckHTML(t, files...)
}
