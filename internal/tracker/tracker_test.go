package tracker_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/tracker"
)

const id = "2021-09-13-rape-inspection-phase-one"

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// issued issues the reference response on 14 September 2021 into a new
// archive.
func issued(t *testing.T) string {
	t.Helper()
	r, diags := build.Render("../../responses/"+id, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "archive")
	if _, err := archive.Issue(arch, &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission}, archive.IssueOptions{MakeKeyIn: filepath.Dir(arch), KeyName: "test", Now: day("2021-09-14")}); err != nil {
		t.Fatal(err)
	}
	return arch
}

func TestRate(t *testing.T) {
	today := day("2022-06-30")
	for _, tc := range []struct{ status, target, want string }{
		{"closed", "2020-01-01", tracker.Green},
		{"reported-complete", "", tracker.Green},
		{"complete", "2020-01-01", tracker.Green},
		{"other-body", "2020-01-01", ""},
		{"in-progress", "2022-06-29", tracker.Red},
		{"not-started", "2022-06-29", tracker.Red},
		{"in-progress", "2022-06-30", tracker.Amber},
		{"in-progress", "2022-07-30", tracker.Amber},
		{"in-progress", "2022-07-31", tracker.Green},
		{"not-started", "2023-01-01", tracker.Amber},
		{"in-progress", "", tracker.Amber},
	} {
		if got := tracker.Rate(tc.status, tc.target, today); got != tc.want {
			t.Errorf("Rate(%q, %q) = %q, want %q", tc.status, tc.target, got, tc.want)
		}
	}
}

// TestTrackAppends: every byte of the file stays, comments and the
// officer's own indentation too, and the new entry reads back as given.
func TestTrackAppends(t *testing.T) {
	for _, before := range []string{
		"# Our tracker.\nupdates:\n  # the first\n  - response: " + id + "\n    item: rec-1\n    date: 2022-01-01 # new year\n    status: in-progress\n    note: |\n      Two\n      lines.\n\n# the end\n",
		"updates:\n- response: " + id + "\n  item: rec-1\n  date: 2022-01-01\n  status: in-progress",
		"updates:\n    -   response: " + id + "\n        item: rec-1\n        date: 2022-01-01\n",
		"updates:\n",
		"updates: # none yet\n",
	} {
		arch := issued(t)
		file := filepath.Join(arch, tracker.FileName)
		if err := os.WriteFile(file, []byte(before), 0o644); err != nil {
			t.Fatal(err)
		}
		u := tracker.Update{Response: id, Item: "rec-4", Date: day("2022-02-01"), Status: "complete", Owner: "DCS: Crime",
			Target: day("2022-12-31"), Note: "Line one\nline two: \"quoted\" # not a comment", Evidence: "https://example.org/a b"}
		if err := tracker.Track(arch, u, day("2022-02-01"), nil); err != nil {
			t.Fatalf("%q: %v", before, err)
		}
		data, _ := os.ReadFile(file)
		if !strings.HasPrefix(string(data), before) {
			t.Errorf("the file's bytes changed:\n%s", data)
		}
		updates, _, diags := tracker.Load(file)
		if err := diags.Err(); err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		got := updates[len(updates)-1]
		if got.Status != "reported-complete" || got.Owner != u.Owner || got.Note != u.Note || got.Evidence != "https://example.org/a%20b" || !got.Target.Equal(u.Target) {
			t.Errorf("read back %+v", got)
		}
	}
}

// TestTrackRefuses: nothing is written for an update the archive refutes,
// and the refusal names the field.
func TestTrackRefuses(t *testing.T) {
	arch := issued(t)
	file := filepath.Join(arch, tracker.FileName)
	good := tracker.Update{Response: id, Item: "rec-1", Date: day("2022-01-01"), Status: "in-progress"}
	for field, u := range map[string]tracker.Update{
		"response": {Response: "elsewhere", Item: "rec-1", Date: good.Date, Status: "closed"},
		"item":     {Response: id, Item: "rec-14", Date: good.Date, Status: "closed"},
		"status":   {Response: id, Item: "rec-1", Date: good.Date, Status: "done"},
		"date":     {Response: id, Item: "rec-1", Date: day("2021-09-13"), Status: "closed"},
		"evidence": {Response: id, Item: "rec-1", Date: good.Date, Status: "closed", Evidence: "file:///etc/passwd"},
		"note":     {Response: id, Item: "rec-1", Date: good.Date, Status: "closed", Note: "bell \a"},
		"future":   {Response: id, Item: "rec-1", Date: day("2022-01-02"), Status: "closed"},
		"far":      {Response: id, Item: "rec-1", Date: day("2999-01-01"), Status: "closed"},
	} {
		err := tracker.Track(arch, u, good.Date, nil)
		if field == "future" || field == "far" {
			field = "date"
		}
		var r *tracker.Refusal
		if !errors.As(err, &r) || r.Field != field {
			t.Errorf("%s: %v, want a refusal of the %s", field, err, field)
		}
		if _, err := os.Stat(file); err == nil {
			t.Fatalf("%s: the tracker file was written", field)
		}
	}
	if err := tracker.Track(arch, good, good.Date, nil); err != nil {
		t.Fatal(err)
	}
	// A list in brackets cannot be added to as text.
	if err := os.WriteFile(file, []byte("updates: [{response: "+id+", item: rec-1, date: 2022-01-01}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := tracker.Track(arch, good, good.Date, nil); err == nil || !strings.Contains(err.Error(), "in brackets") {
		t.Errorf("a flow list: %v", err)
	}
}

// TestTrackTogether: tracks at once take turns on the archive's lock, and
// every one lands.
func TestTrackTogether(t *testing.T) {
	arch := issued(t)
	const n = 12
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = tracker.Track(arch, tracker.Update{Response: id, Item: fmt.Sprintf("rec-%d", i%13+1), Date: day("2022-01-01"),
				Status: "in-progress", Note: fmt.Sprintf("update %d", i)}, time.Time{}, nil)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	updates, _, diags := tracker.Load(filepath.Join(arch, tracker.FileName))
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, u := range updates {
		seen[u.Note] = true
	}
	if len(updates) != n || len(seen) != n {
		t.Errorf("%d updates landed (%d different), want %d", len(updates), len(seen), n)
	}
}

// TestRecord: a late publication needs a reason, once; days before the
// issue or still to come are refused.
func TestRecord(t *testing.T) {
	arch := issued(t)
	today := day("2021-10-01")
	refuse := func(ev tracker.Event, field string) {
		t.Helper()
		_, err := tracker.Record(arch, ev, today, nil)
		var r *tracker.Refusal
		if !errors.As(err, &r) || r.Field != field {
			t.Errorf("%+v: %v, want a refusal of the %s", ev, err, field)
		}
	}
	refuse(tracker.Event{Response: "elsewhere", Sent: day("2021-09-14")}, "response")
	refuse(tracker.Event{Response: id, Sent: day("2021-09-13")}, "sent")
	refuse(tracker.Event{Response: id, Published: day("2021-10-02")}, "published")
	refuse(tracker.Event{Response: id, Published: day("2021-09-15")}, "reason")
	if _, err := os.Stat(filepath.Join(arch, tracker.EventsName)); err == nil {
		t.Fatal("a refused event was written")
	}
	ev, err := tracker.Record(arch, tracker.Event{Response: id, Sent: day("2021-09-14")}, today, nil)
	if err != nil || ev.Revision != 1 {
		t.Fatalf("%+v, %v", ev, err)
	}
	if _, err := tracker.Record(arch, tracker.Event{Response: id, Published: day("2021-09-15"), Reason: "The Board met late."}, today, nil); err != nil {
		t.Fatal(err)
	}
	// The reason is recorded: a later entry needs none.
	if _, err := tracker.Record(arch, tracker.Event{Response: id, Published: day("2021-09-16")}, today, nil); err != nil {
		t.Fatal(err)
	}
	entries, _ := archive.List(arch)
	events, _, diags := tracker.LoadEvents(filepath.Join(arch, tracker.EventsName))
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	p := tracker.Publications(entries, events)[tracker.Key(id, 1)]
	if p.Sent != "2021-09-14" || p.Published != "2021-09-16" || p.Reason != "The Board met late." {
		t.Errorf("publication %+v", p)
	}
}

// copyDir copies the folder src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestItemsWhom: an item that gives no status is other-body only when it
// is addressed to other bodies alone, as the addressee classifier of the
// archived office says (an item for the office with the office's answer
// alone is not), and the position an item takes is tracked with its
// reason.
func TestItemsWhom(t *testing.T) {
	const thematic = "2025-06-19-national-thematic-exampleshire"
	dir := filepath.Join(t.TempDir(), "responses")
	copyDir(t, "../../responses/"+thematic, filepath.Join(dir, thematic))
	for _, f := range []string{"office.yaml", "signature-placeholder.png", "response.schema.json"} {
		data, err := os.ReadFile("../../responses/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, thematic, "response.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Recommendation 2, for the office, answered by the office alone,
	// and recommendation 4, for the force and the CPS, lose their status.
	text := strings.Replace(string(data), "        position: accepted\n        status: in-progress\n      - kind: recommendation\n        number: 3", "        position: accepted\n      - kind: recommendation\n        number: 3", 1)
	text = strings.Replace(text, "signed an agreement on sharing the evidence of stalking cases in May 2025.\n        status: in-progress\n", "signed an agreement on sharing the evidence of stalking cases in May 2025.\n", 1)
	// The force's target for recommendation 3 wins over its deadline.
	text = strings.Replace(text, "        deadline: By 31 March 2026\n", "        deadline: By 31 March 2026\n        target: 2025-12-01\n", 1)
	if text == string(data) || strings.Count(text, "status:") != strings.Count(string(data), "status:")-2 || !strings.Contains(text, "target: 2025-12-01") {
		t.Fatal("the example's statuses are not where the test takes them from")
	}
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	r, diags := build.Render(filepath.Join(dir, thematic), build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "archive")
	if _, err := archive.Issue(arch, &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission}, archive.IssueOptions{MakeKeyIn: filepath.Dir(arch), KeyName: "test", Now: day("2025-06-20")}); err != nil {
		t.Fatal(err)
	}
	entries, err := archive.List(arch)
	if err != nil || len(entries) != 1 {
		t.Fatalf("%d entries, %v", len(entries), err)
	}
	rows, diags := tracker.Items(entries[0])
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	got := map[string]tracker.Row{}
	for _, row := range rows {
		got[row.Item] = row
	}
	for item, want := range map[string]string{"rec-2": "not-started", "rec-4": "not-started", "rec-8": "other-body", "rec-9": "other-body", "rec-6": "reported-complete"} {
		if got[item].Status != want {
			t.Errorf("%s: status %q, want %q", item, got[item].Status, want)
		}
	}
	if r := got["rec-7"]; r.Position != "not-accepted" || !strings.HasPrefix(r.PositionReason, "An evaluation of the programme was completed in 2024") {
		t.Errorf("rec-7: position %q, reason %q", r.Position, r.PositionReason)
	}
	if r := got["rec-1"]; r.Position != "accepted" || r.PositionReason != "" {
		t.Errorf("rec-1: position %q, reason %q", r.Position, r.PositionReason)
	}
	if r := got["rec-8"]; r.Position != "" {
		t.Errorf("rec-8: position %q", r.Position)
	}
	// Where the force gave no target, the report's deadline sets it:
	// "Within six months" of 8 May 2025; an item without a deadline has
	// none; the force's own target stands.
	for item, want := range map[string]string{"rec-1": "2025-11-08", "rec-3": "2025-12-01", "rec-2": ""} {
		if got[item].Target != want {
			t.Errorf("%s: target %q, want %q (deadline %q)", item, got[item].Target, want, got[item].Deadline)
		}
	}
}

// TestLoadRefusesLinks checks that the tracker and events files are read
// only as regular files of the archive, never through a symbolic link.
func TestLoadRefusesLinks(t *testing.T) {
	dir := t.TempDir()
	private := filepath.Join(dir, "private.yaml")
	if err := os.WriteFile(private, []byte("updates: []\nevents: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{tracker.FileName, tracker.EventsName} {
		if err := os.Symlink(private, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	_, src, diags := tracker.Load(filepath.Join(dir, tracker.FileName))
	if src != nil || len(diags) != 1 || !strings.HasPrefix(diags[0].Msg, "is a symbolic link") {
		t.Errorf("tracker.yaml as a link: %v, want one error saying it is a symbolic link", diags)
	}
	_, src, diags = tracker.LoadEvents(filepath.Join(dir, tracker.EventsName))
	if src != nil || len(diags) != 1 || !strings.HasPrefix(diags[0].Msg, "is a symbolic link") {
		t.Errorf("events.yaml as a link: %v, want one error saying it is a symbolic link", diags)
	}
}

// TestRowsRefuseFuture: an update in the tracker file dated after the day
// the tracker is read is refused at its date, and never wins over a real
// later update.
func TestRowsRefuseFuture(t *testing.T) {
	arch := issued(t)
	file := filepath.Join(arch, tracker.FileName)
	data := "updates:\n" +
		"  - response: " + id + "\n    item: rec-1\n    date: 2999-01-01\n    status: in-progress\n" +
		"  - response: " + id + "\n    item: rec-1\n    date: 2022-03-01\n    status: closed\n"
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	updates, src, diags := tracker.Load(file)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	rows, diags := tracker.Rows(entries, updates, src, nil, day("2022-03-01"))
	if len(diags) != 1 || diags[0].Line != 4 || diags[0].Col != 11 || !strings.Contains(diags[0].Msg, "2999-01-01 is a day still to come") {
		t.Errorf("problems %v, want one at 4:11 saying the day is still to come", diags)
	}
	for _, r := range rows {
		if r.Item == "rec-1" && (r.Status != "closed" || len(r.History) != 1) {
			t.Errorf("rec-1 is %q with %d updates, want closed by the one real update", r.Status, len(r.History))
		}
	}
	// Read on that far day, the update stands.
	if _, diags := tracker.Rows(entries, updates, src, nil, day("2999-01-01")); len(diags) != 0 {
		t.Errorf("read on 2999-01-01: %v", diags)
	}
}

// TestClosure: the update that reports an item complete or closes it is
// its closure, with the owner and evidence the item then has; a note after
// it or the same status again keeps its day; closing an item reported
// complete moves it; opening the item again clears it.
func TestClosure(t *testing.T) {
	arch := issued(t)
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	u := func(date, status, owner, evidence string) tracker.Update {
		return tracker.Update{Response: id, Item: "rec-4", Date: day(date), Status: status, Owner: owner, Evidence: evidence, Note: "n"}
	}
	closure := func(updates ...tracker.Update) *tracker.Closure {
		rows, diags := tracker.Rows(entries, updates, nil, nil, time.Time{})
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Item == "rec-4" {
				return r.Closed
			}
		}
		t.Fatal("no rec-4")
		return nil
	}
	steps := []tracker.Update{
		u("2022-01-01", "in-progress", "DCS Crime", ""),
		u("2022-03-01", "reported-complete", "", "https://example.org/audit"),
		u("2022-04-01", "", "", ""),
		u("2022-05-01", "reported-complete", "", ""),
		u("2022-06-01", "closed", "", "https://example.org/hmicfrs"),
		u("2022-07-01", "in-progress", "", ""),
	}
	if c := closure(steps[0]); c != nil {
		t.Errorf("an item in progress has a closure: %+v", c)
	}
	for n, want := range map[int]tracker.Closure{
		2: {Date: "2022-03-01", By: "DCS Crime", Evidence: "https://example.org/audit"},
		4: {Date: "2022-03-01", By: "DCS Crime", Evidence: "https://example.org/audit"},
		5: {Date: "2022-06-01", By: "DCS Crime", Evidence: "https://example.org/hmicfrs"},
	} {
		if c := closure(steps[:n]...); c == nil || *c != want {
			t.Errorf("after %d updates: closure %+v, want %+v", n, c, want)
		}
	}
	if c := closure(steps...); c != nil {
		t.Errorf("an item opened again keeps its closure: %+v", c)
	}
}

// TestThinBook: a book given thin rows (tracker.Thin) checks and applies
// the same updates, rates and counts the same and lists the same changes
// as one given the rows whole, and each of its rows laid over the row as
// loaded (tracker.Overlay) is the whole book's row, field for field.
func TestThinBook(t *testing.T) {
	arch := issued(t)
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	var loaded []tracker.Row
	load := func(e *archive.Entry) ([]tracker.Row, diag.List) {
		rows, diags := tracker.Items(e)
		// A status in its other spelling, an owner and a target, as a
		// response can give them: the book changes each.
		rows[0].Status, rows[0].Owner, rows[0].Target = "complete", "DCS Crime", "2022-03-31"
		loaded = rows
		return slices.Clone(rows), diags
	}
	thin := func(e *archive.Entry) ([]tracker.Row, diag.List) {
		rows, diags := load(e)
		for i, r := range rows {
			rows[i] = tracker.Thin(r)
		}
		return rows, diags
	}
	updates := []tracker.Update{
		{Response: id, Item: "rec-1", Date: day("2022-01-01"), Status: "in-progress", Owner: "Head of PVP", Target: day("2022-12-31"), Note: "begun", Evidence: "https://example.org/a"},
		{Response: id, Item: "rec-2", Date: day("2022-02-01"), Status: "closed", Note: "done", Evidence: "https://example.org/b"},
		{Response: id, Item: "rec-9", Date: day("2022-02-01"), Status: "not-a-status"},
	}
	whole, wdiags := tracker.Rows(entries, updates, nil, load, time.Time{})
	rows, diags := tracker.Rows(entries, updates, nil, thin, time.Time{})
	if len(wdiags) != 1 || !reflect.DeepEqual(diags, wdiags) {
		t.Fatalf("the thin book says %v, the whole one %v", diags, wdiags)
	}
	today := day("2023-01-01")
	tracker.RateAll(whole, today)
	tracker.RateAll(rows, today)
	if rows[0].Status != "in-progress" || rows[1].Closed == nil || rows[0].RAG == "" || rows[0].Issued == "" {
		t.Fatalf("the updates were not applied: %+v", rows[:2])
	}
	if rows[0].Text != "" || rows[0].Link != "" || rows[0].Addressees != nil {
		t.Fatalf("a thin row holds more than the book needs: %+v", rows[0])
	}
	if len(rows) != len(loaded) || len(whole) != len(loaded) {
		t.Fatalf("%d thin rows, %d whole, %d loaded", len(rows), len(whole), len(loaded))
	}
	for i := range loaded {
		if got := tracker.Overlay(loaded[i], rows[i]); !reflect.DeepEqual(got, whole[i]) {
			t.Errorf("row %d overlaid\n%+v\nwant\n%+v", i, got, whole[i])
		}
	}
	per, total := tracker.Counts(rows)
	wper, wtotal := tracker.Counts(whole)
	if !reflect.DeepEqual(per, wper) || !reflect.DeepEqual(total, wtotal) {
		t.Errorf("counts of the thin book %v %v, of the whole one %v %v", per, total, wper, wtotal)
	}
	since := day("2021-01-01")
	if got, want := tracker.Changes(rows, since), tracker.Changes(whole, since); len(want) != 2 || !reflect.DeepEqual(got, want) {
		t.Errorf("changes of the thin book\n%+v\nof the whole one\n%+v", got, want)
	}
}
