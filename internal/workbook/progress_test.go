package workbook_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/tracker"
	"github.com/opcc-tools/s55/internal/workbook"
)

// issued issues the reference response on 14 September 2021 into a new
// archive, with an update of recommendation 4, and returns the archive.
func issued(t testing.TB) string {
	t.Helper()
	r, diags := build.Render(folder(t, refID, nil), build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "archive")
	if _, err := archive.Issue(arch, &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission}, archive.IssueOptions{MakeKeyIn: filepath.Dir(arch), KeyName: "test", Now: day("2021-09-14")}); err != nil {
		t.Fatal(err)
	}
	must(t, tracker.Track(arch, tracker.Update{Response: refID, Item: "rec-4", Date: day("2022-01-10"), Status: "in-progress",
		Owner: "Detective Chief Superintendent, Crime", Target: day("2022-12-31"), Note: "Reviews start in February."}, time.Time{}, nil))
	return arch
}

// rows are the tracker's rows of the archive, every update applied.
func rows(t testing.TB, arch string) []tracker.Row {
	t.Helper()
	entries, err := archive.List(arch)
	must(t, err)
	updates, src, diags := tracker.Load(filepath.Join(arch, tracker.FileName))
	must(t, diags.Err())
	rows, diags := tracker.Rows(entries, updates, src, nil, time.Time{})
	must(t, diags.Err())
	return rows
}

// progress writes the progress workbook of the archive.
func progress(t testing.TB, arch string) []byte {
	t.Helper()
	var b bytes.Buffer
	must(t, workbook.Progress(&b, rows(t, arch), day("2022-04-01")))
	return b.Bytes()
}

// TestProgressRoundTrip: the workbook lists the open items with their
// latest status, owner and target; filled in, it lands exactly the changed
// rows as dated updates, checked as s55 track checks them; the same
// workbook again adds nothing.
func TestProgressRoundTrip(t *testing.T) {
	arch := issued(t)
	data := progress(t, arch)
	progressRows(t, data)
	filled := fill(t, data, func(x *excelize.File) {
		const s = workbook.ProgressSheet
		must(t, x.SetCellStr(s, "I2", "Reported complete"))
		must(t, x.SetCellStr(s, "M2", "https://www.example.org/audit"))
		must(t, x.SetCellStr(s, "J3", "Head of Public Protection"))
		must(t, x.SetCellStr(s, "L4", "The panel met in March."))
		must(t, x.SetCellValue(s, "K6", day("2022-09-30")))
		must(t, x.SetCellStr(s, "I7", "in-progress")) // as it was: no change
	})
	file := filepath.Join(arch, tracker.FileName)
	before, err := os.ReadFile(file)
	must(t, err)
	updates, err := workbook.TrackFrom(arch, "progress.xlsx", filled, day("2022-04-05"), day("2022-04-05"), nil, nil)
	must(t, err)
	want := []tracker.Update{
		{Response: refID, Item: "rec-1", Date: day("2022-04-05"), Status: "reported-complete", Evidence: "https://www.example.org/audit"},
		{Response: refID, Item: "rec-2", Date: day("2022-04-05"), Status: "in-progress", Owner: "Head of Public Protection"},
		{Response: refID, Item: "rec-3", Date: day("2022-04-05"), Status: "in-progress", Note: "The panel met in March."},
		{Response: refID, Item: "rec-5", Date: day("2022-04-05"), Status: "in-progress", Target: day("2022-09-30")},
	}
	if !slices.EqualFunc(updates, want, sameUpdate) {
		t.Errorf("updates %+v, want %+v", updates, want)
	}
	after, err := os.ReadFile(file)
	must(t, err)
	if !bytes.HasPrefix(after, before) {
		t.Error("the bytes already in tracker.yaml changed")
	}
	tail := string(after[len(before):])
	if wantTail := "  - response: " + refID + "\n    item: rec-1\n    date: 2022-04-05\n    status: reported-complete\n    evidence: https://www.example.org/audit\n" +
		"  - response: " + refID + "\n    item: rec-2\n    date: 2022-04-05\n    status: in-progress\n    owner: Head of Public Protection\n" +
		"  - response: " + refID + "\n    item: rec-3\n    date: 2022-04-05\n    status: in-progress\n    note: The panel met in March.\n" +
		"  - response: " + refID + "\n    item: rec-5\n    date: 2022-04-05\n    status: in-progress\n    target: 2022-09-30\n"; tail != wantTail {
		t.Errorf("appended:\n%s\nwant:\n%s", tail, wantTail)
	}

	// The same workbook again, another day: nothing changed since.
	again, err := workbook.TrackFrom(arch, "progress.xlsx", filled, day("2022-04-06"), day("2022-04-06"), nil, nil)
	if err != nil || len(again) != 0 {
		t.Errorf("a second run: %v, %v", again, err)
	}
	if now, _ := os.ReadFile(file); !bytes.Equal(now, after) {
		t.Error("a second run wrote")
	}
	// Reported complete, recommendation 1 is no longer open.
	if x, err := excelize.OpenReader(bytes.NewReader(progress(t, arch))); err == nil {
		got, _ := x.GetRows(workbook.ProgressSheet)
		if len(got) != 7 || got[1][1] != "rec-2" {
			t.Errorf("the next quarter's rows: %q", got)
		}
	}
}

// TestProgressRefusals: a bad row is refused at its cell, and none of the
// rows lands.
func TestProgressRefusals(t *testing.T) {
	arch := issued(t)
	data := progress(t, arch)
	file := filepath.Join(arch, tracker.FileName)
	before, err := os.ReadFile(file)
	must(t, err)
	good := func(x *excelize.File) { must(t, x.SetCellStr(workbook.ProgressSheet, "L2", "A good note.")) }
	str := func(cell, v string) func(*excelize.File) {
		return func(x *excelize.File) { must(t, x.SetCellStr(workbook.ProgressSheet, cell, v)) }
	}
	for _, tc := range []struct {
		name, where, msg string
		edit             func(*excelize.File)
		date             time.Time
	}{
		{"an unknown status", "Progress!I3", `"Done" is not a status: choose one of Not started, In progress, Reported complete, Closed, Other body, Not applicable`, str("I3", "Done"), time.Time{}},
		{"evidence no web address", "Progress!M3", `"javascript:": links are not published`, str("M3", "javascript:alert(1)"), time.Time{}},
		{"a target no date", "Progress!K3", `"soon" is not a date`, str("K3", "soon"), time.Time{}},
		{"the report's text changed", "Progress!F3", "the report's text of rec-2 was changed", str("F3", "Something else."), time.Time{}},
		{"an item of another response", "Progress!B3", "is not an item of this workbook", str("A3", "2024-04-25-peel-exampleshire"), time.Time{}},
		{"a formula", "Progress!L3", "holds a formula", func(x *excelize.File) { must(t, x.SetCellFormula(workbook.ProgressSheet, "L3", "1+1")) }, time.Time{}},
		{"a note no file can hold", "Progress!L3", "cannot be used", str("L3", "A bell \a rings."), time.Time{}},
		{"a day before the issue", "", "the day of the updates: 2021-09-13 is before the response was issued", str("L3", "A note."), day("2021-09-13")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			date := tc.date
			if date.IsZero() {
				date = day("2022-04-05")
			}
			_, err := workbook.TrackFrom(arch, "progress.xlsx", fill(t, data, func(x *excelize.File) { good(x); tc.edit(x) }), date, date, nil, nil)
			var r *workbook.Refusal
			if !errors.As(err, &r) || r.Problems[0].Where() != tc.where || !strings.Contains(r.Problems[0].Msg, tc.msg) {
				t.Errorf("%v, want %s: ...%s...", err, tc.where, tc.msg)
			}
			if now, _ := os.ReadFile(file); !bytes.Equal(now, before) {
				t.Error("an update landed")
			}
		})
	}
	// An invitation is not a progress workbook.
	_, err = workbook.TrackFrom(arch, "answers.xlsx", invitation(t, folder(t, refID, nil)), day("2022-04-05"), day("2022-04-05"), nil, nil)
	var r *workbook.Refusal
	if !errors.As(err, &r) || r.Problems[0].Where() != "s55!B1" {
		t.Errorf("an invitation: %v", err)
	}
}

// TestProgressLibreOffice: the progress workbook, filled in and saved by
// LibreOffice, lands the same updates.
func TestProgressLibreOffice(t *testing.T) {
	conformance.Need(t, conformance.LibreOffice)
	arch := issued(t)
	filled := resave(t, fill(t, progress(t, arch), func(x *excelize.File) {
		must(t, x.SetCellStr(workbook.ProgressSheet, "I2", "Closed"))
		must(t, x.SetCellValue(workbook.ProgressSheet, "K3", day("2022-09-30")))
		must(t, x.SetCellStr(workbook.ProgressSheet, "L4", "Two lines:\nthe second."))
	}))
	updates, err := workbook.TrackFrom(arch, "progress.xlsx", filled, day("2022-04-05"), day("2022-04-05"), nil, nil)
	must(t, err)
	if len(updates) != 3 || updates[0].Status != "closed" || !updates[1].Target.Equal(day("2022-09-30")) || updates[2].Note != "Two lines:\nthe second." {
		t.Errorf("%+v", updates)
	}
	if again, err := workbook.TrackFrom(arch, "progress.xlsx", filled, day("2022-04-06"), day("2022-04-06"), nil, nil); err != nil || len(again) != 0 {
		t.Errorf("a second run: %v, %v", again, err)
	}
}

// TestDocsProgressWorkbook: the manual's example of s55 track --from reads
// a progress workbook the force filled in (docs/testdata): it is what
// filling the reference's, issued with no update, gives (go test -update
// writes it again).
func TestDocsProgressWorkbook(t *testing.T) {
	r, diags := build.Render(folder(t, refID, nil), build.Options{})
	must(t, diags.Err())
	arch := filepath.Join(t.TempDir(), "archive")
	_, err := archive.Issue(arch, &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission}, archive.IssueOptions{MakeKeyIn: filepath.Dir(arch), KeyName: "test", Now: day("2021-09-14")})
	must(t, err)
	var b bytes.Buffer
	must(t, workbook.Progress(&b, rows(t, arch), day("2022-04-01")))
	golden(t, "progress.xlsx", fill(t, b.Bytes(), func(x *excelize.File) {
		const s = workbook.ProgressSheet
		must(t, x.SetCellStr(s, "I2", "Reported complete"))
		must(t, x.SetCellStr(s, "M2", "https://www.example.org/board-minutes-2022-03"))
		must(t, x.SetCellStr(s, "J5", "Detective Chief Superintendent, Crime"))
		must(t, x.SetCellValue(s, "K5", day("2022-12-31")))
		must(t, x.SetCellStr(s, "L5", "Reviews started in February."))
	}))
}

// progressRows requires the progress workbook to list the reference's
// open items, with recommendation 4's latest status, owner and target.
func progressRows(t *testing.T, data []byte) {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	must(t, err)
	got, err := x.GetRows(workbook.ProgressSheet)
	must(t, err)
	x.Close()
	var items []string
	for _, r := range got[1:] {
		items = append(items, r[1])
	}
	// The reference's recommendations 8 to 13 are other bodies'.
	if want := []string{"rec-1", "rec-2", "rec-3", "rec-4", "rec-5", "rec-6", "rec-7"}; !slices.Equal(items, want) {
		t.Fatalf("items %q, want %q", items, want)
	}
	if r := got[4]; r[0] != refID || r[8] != "In progress" || r[9] != "Detective Chief Superintendent, Crime" || r[10] != "12-31-22" && r[10] != "2022-12-31" || r[11] != "Reviews start in February." {
		t.Errorf("rec-4 as given: %q", r)
	}
}

// sameUpdate reports whether two updates say the same.
func sameUpdate(a, b tracker.Update) bool {
	return a.Response == b.Response && a.Item == b.Item && a.Date.Equal(b.Date) && a.Status == b.Status && a.Owner == b.Owner &&
		a.Target.Equal(b.Target) && a.Note == b.Note && a.Evidence == b.Evidence
}
