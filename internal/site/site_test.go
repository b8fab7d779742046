package site_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
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
	rows, rdiags := tracker.Rows(entries, updates, nil, nil)
	if err := rdiags.Err(); err != nil {
		t.Fatal(err)
	}
	th, tdiags := theme.Load("", "en-GB")
	if err := tdiags.Err(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	if _, err := site.Write(out, entries, rows, th, nil, ""); err != nil {
		t.Fatal(err)
	}
	return out, rows
}

func TestTrackerRows(t *testing.T) {
	_, rows := published(t)
	if len(rows) != 13 {
		t.Fatalf("%d rows, want the 13 recommendations", len(rows))
	}
	want := map[string]string{"rec-1": "reported-complete", "rec-2": "in-progress", "rec-7": "in-progress", "rec-8": "other-body", "rec-13": "other-body"}
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

// issued issues the reference response into a new archive.
func issued(t *testing.T) (string, *build.Result) {
	t.Helper()
	r, diags := build.Render("../../responses/2021-09-13-rape-inspection-phase-one", build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "archive")
	if _, err := archive.Issue(arch, r, archive.IssueOptions{Now: time.Date(2021, 9, 14, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return arch, r
}

// TestIncremental writes a site, then again with nothing new: no document
// is written again, and each is a hard link of the archived file. A new
// revision adds its folder; a revision gone from the archive leaves.
func TestIncremental(t *testing.T) {
	arch, r := issued(t)
	th, tdiags := theme.Load("", "en-GB")
	if err := tdiags.Err(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	write := func() site.Stats {
		t.Helper()
		entries, err := archive.List(arch)
		if err != nil {
			t.Fatal(err)
		}
		st, err := site.Write(out, entries, nil, th, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := write(); st.Written != 1 || st.Kept != 0 || st.Linked != 6 || st.Copied != 0 {
		t.Fatalf("first run: %+v", st)
	}
	doc := filepath.Join(out, "responses", r.Folder.ID, "r1", "letter.pdf")
	before, err := os.Stat(doc)
	if err != nil {
		t.Fatal(err)
	}
	archived, err := os.Stat(filepath.Join(arch, r.Folder.ID, "r1", "letter.pdf"))
	if err != nil || !os.SameFile(before, archived) {
		t.Fatalf("the site's letter.pdf is not the archive's file: %v", err)
	}
	index, err := os.Stat(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if st := write(); st.Written != 0 || st.Kept != 1 || st.Linked != 0 {
		t.Fatalf("second run: %+v", st)
	}
	after, err := os.Stat(doc)
	if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("the second run touched letter.pdf: %v", err)
	}
	index2, err := os.Stat(filepath.Join(out, "index.html"))
	if err != nil || os.SameFile(index, index2) {
		t.Errorf("the second run did not write index.html again: %v", err)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}

	// A revision the site holds but the archive no longer does leaves.
	stale := filepath.Join(out, "responses", "gone", "r1")
	if err := os.MkdirAll(stale, 0o755); err != nil {
		t.Fatal(err)
	}
	if st := write(); st.Removed != 1 {
		t.Errorf("third run: %+v", st)
	}
	if _, err := os.Stat(filepath.Join(out, "responses", "gone")); !os.IsNotExist(err) {
		t.Errorf("the stale revision is still there: %v", err)
	}

	// archive.json names the chain head and every digest.
	pub, err := archive.ReadPublication(out)
	if err != nil {
		t.Fatal(err)
	}
	m, data, err := archive.ReadManifest(filepath.Join(arch, r.Folder.ID, "r1"))
	if err != nil {
		t.Fatal(err)
	}
	if pub.Chain.Sequence != 1 || pub.Chain.SHA256 != archive.Digest(data) || len(pub.Revisions) != 1 || len(pub.Revisions[0].Documents) != 6 {
		t.Fatalf("archive.json %+v", pub)
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range m.Outputs {
		if !strings.Contains(string(page), m.File(o).SHA256) {
			t.Errorf("index.html does not show the SHA-256 of %s", o)
		}
	}
	// The message to the Home Office is the office's to send, not a
	// published document.
	if _, err := os.Stat(filepath.Join(out, "responses", r.Folder.ID, "r1", "submission.eml")); err == nil || m.File("submission.eml") == nil {
		t.Errorf("submission.eml published, or not issued")
	}
	if !strings.Contains(string(page), archive.Digest(data)) {
		t.Errorf("index.html does not show the chain head")
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("https://example.com","x")`: `'=HYPERLINK("https://example.com","x")`,
		"+cmd|' /C calc'!A0":                    "'+cmd|' /C calc'!A0",
		"-2+3":                                  "'-2+3",
		"@SUM(A1:A2)":                           "'@SUM(A1:A2)",
		"\t=1":                                  "'\t=1",
		"\r=1":                                  "'\r=1",
		"Head of Public Protection":             "Head of Public Protection",
		"a = b":                                 "a = b",
		"":                                      "",
	} {
		if got := site.Neutralise(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestItemCache: the tracker's items of a revision are kept beside it on
// the first run and read from there on the next, the same rows both times,
// and tracker.json is what json.MarshalIndent makes of them.
func TestItemCache(t *testing.T) {
	arch, r := issued(t)
	th, _ := theme.Load("", "en-GB")
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	var runs [][]tracker.Row
	for range 2 {
		items := site.NewItemCache(out)
		rows, d := tracker.Rows(entries, nil, nil, items.Load)
		if err := d.Err(); err != nil {
			t.Fatal(err)
		}
		if _, err := site.Write(out, entries, rows, th, items, ""); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, rows)
	}
	want, _ := tracker.Rows(entries, nil, nil, nil)
	for i, rows := range runs {
		if len(rows) != 13 || !reflect.DeepEqual(rows, want) {
			t.Errorf("run %d: %d rows, not those of the archive", i+1, len(rows))
		}
	}
	if _, err := os.Stat(filepath.Join(out, "responses", r.Folder.ID, "r1", site.ItemsName)); err != nil {
		t.Errorf("no %s: %v", site.ItemsName, err)
	}
	data, err := os.ReadFile(filepath.Join(out, "tracker.json"))
	if err != nil {
		t.Fatal(err)
	}
	whole, _ := json.MarshalIndent(want, "", "  ")
	if string(data) != string(whole)+"\n" {
		t.Errorf("tracker.json is not the list indented as a whole")
	}
}
