package tracker_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/tracker"
)

// TestItemsOwnerTarget: the owner and target date an item of response.yaml
// gives are where its tracking starts, rated against, before any update.
func TestItemsOwnerTarget(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "responses")
	copyDir(t, "../../responses/"+id, filepath.Join(dir, id))
	for _, f := range []string{"office.yaml", "signature-placeholder.png"} {
		data, err := os.ReadFile("../../responses/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, id, "response.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "        status: in-progress\n", "        status: in-progress\n        owner: Head of Public Protection\n        target: 2022-03-31\n", 1)
	if text == string(data) {
		t.Fatal("no status to put the owner after")
	}
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	r, diags := build.Render(filepath.Join(dir, id), build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "archive")
	if _, err := archive.Issue(arch, &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission}, archive.IssueOptions{MakeKeyIn: filepath.Dir(arch), KeyName: "test", Now: day("2021-09-14")}); err != nil {
		t.Fatal(err)
	}
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	rows, diags := tracker.Rows(entries, nil, nil, nil, time.Time{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if r := rows[0]; r.Item != "rec-1" || r.Owner != "Head of Public Protection" || r.Target != "2022-03-31" || len(r.History) != 0 {
		t.Errorf("rec-1: %+v", r)
	}
	if r := rows[1]; r.Owner != "" || r.Target != "" {
		t.Errorf("rec-2 took another's owner or target: %+v", r)
	}
	tracker.RateAll(rows, day("2022-04-01"))
	if rows[0].RAG != tracker.Red {
		t.Errorf("rec-1, its target passed: %q", rows[0].RAG)
	}
	// An update keeps the owner it does not change.
	if err := tracker.Track(arch, tracker.Update{Response: id, Item: "rec-1", Date: day("2022-01-10"), Status: "in-progress", Target: day("2022-06-30")}, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	updates, src, _ := tracker.Load(filepath.Join(arch, tracker.FileName))
	rows, _ = tracker.Rows(entries, updates, src, nil, time.Time{})
	if r := rows[0]; r.Owner != "Head of Public Protection" || r.Target != "2022-06-30" {
		t.Errorf("rec-1 after the update: owner %q, target %q", r.Owner, r.Target)
	}
}

// TestTrackAll: the plan sees the items with every update applied; its
// updates land together, or, when one is refused, none does, and the
// refusal names which.
func TestTrackAll(t *testing.T) {
	arch := issued(t)
	file := filepath.Join(arch, tracker.FileName)
	if err := tracker.Track(arch, tracker.Update{Response: id, Item: "rec-2", Date: day("2022-01-01"), Status: "in-progress", Owner: "DCI Smith"}, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tracker.TrackAll(arch, time.Time{}, nil, nil, func(b *tracker.Book) ([]tracker.Update, error) {
		if r := b.Row(id, "rec-2"); r == nil || r.Owner != "DCI Smith" || r.Status != "in-progress" {
			t.Errorf("the plan sees rec-2 as %+v", r)
		}
		return []tracker.Update{
			{Response: id, Item: "rec-1", Date: day("2022-04-01"), Status: "closed"},
			{Response: id, Item: "rec-3", Date: day("2022-04-01"), Status: "closed"},
			{Response: id, Item: "rec-99", Date: day("2022-04-01"), Status: "closed"},
		}, nil
	})
	var r *tracker.Refusal
	if !errors.As(err, &r) || r.Index != 2 || r.Field != "item" {
		t.Fatalf("a bad third update: %v, want a refusal of its item", err)
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Fatalf("a refused batch wrote:\n%s", after)
	}
	// A note no file can hold is refused as its own entry's, too.
	_, err = tracker.TrackAll(arch, time.Time{}, nil, nil, func(*tracker.Book) ([]tracker.Update, error) {
		return []tracker.Update{
			{Response: id, Item: "rec-1", Date: day("2022-04-01"), Status: "closed"},
			{Response: id, Item: "rec-3", Date: day("2022-04-01"), Status: "closed", Note: "bell \a"},
		}, nil
	})
	if !errors.As(err, &r) || r.Index != 1 || r.Field != "note" {
		t.Fatalf("a bad note: %v", err)
	}
	got, err := tracker.TrackAll(arch, time.Time{}, nil, nil, func(*tracker.Book) ([]tracker.Update, error) {
		return []tracker.Update{
			{Response: id, Item: "rec-1", Date: day("2022-04-01"), Status: "closed"},
			{Response: id, Item: "rec-3", Date: day("2022-04-01"), Status: "complete", Evidence: "HTTPS://example.org/x"},
		}, nil
	})
	if err != nil || len(got) != 2 || got[1].Status != "reported-complete" || got[1].Evidence != "https://example.org/x" {
		t.Fatalf("%v, %+v", err, got)
	}
	updates, _, diags := tracker.Load(file)
	if err := diags.Err(); err != nil || len(updates) != 3 || updates[2].Item != "rec-3" {
		t.Fatalf("%d updates, %v", len(updates), err)
	}
	if after, _ := os.ReadFile(file); !strings.HasPrefix(string(after), string(before)) {
		t.Error("the bytes already there changed")
	}
	// A plan that gives nothing writes nothing.
	if got, err := tracker.TrackAll(arch, time.Time{}, nil, nil, func(*tracker.Book) ([]tracker.Update, error) { return nil, nil }); err != nil || got != nil {
		t.Errorf("nothing to add: %v, %v", got, err)
	}
}
