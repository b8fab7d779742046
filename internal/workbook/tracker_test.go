package workbook_test

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/tracker"
	"github.com/opcc-tools/s55/internal/workbook"
)

// TestWriteTracker: the tracker's workbook has a sheet of the items with
// their ratings, shaded, and histories, every text neutralised as the CSV
// is, and a sheet of the counts, the same as tracker.Counts; the same rows
// give the same bytes.
func TestWriteTracker(t *testing.T) {
	arch := issued(t)
	must(t, tracker.Track(arch, tracker.Update{Response: refID, Item: "rec-1", Date: day("2022-02-01"), Status: "in-progress",
		Owner: "=HYPERLINK(\"https://evil.example\",\"click\")", Target: day("2022-01-31"), Note: "-2+3"}, time.Time{}, nil))
	rs := rows(t, arch)
	today := day("2022-04-01")
	tracker.RateAll(rs, today)
	per, total := tracker.Counts(rs)
	var b bytes.Buffer
	must(t, workbook.WriteTracker(&b, slices.Values(rs), per, total, today))
	for range 10 {
		var again bytes.Buffer
		must(t, workbook.WriteTracker(&again, slices.Values(rs), per, total, today))
		if !bytes.Equal(b.Bytes(), again.Bytes()) {
			t.Fatal("the same rows gave another workbook")
		}
	}
	x, err := excelize.OpenReader(&b)
	must(t, err)
	defer x.Close()
	if got := x.GetSheetList(); !slices.Equal(got, []string{workbook.ItemsSheet, workbook.CountsSheet}) {
		t.Errorf("sheets %q", got)
	}
	trackerItems(t, x)
	trackerCounts(t, x, total)
}

// trackerItems requires the items sheet to hold each item's rating,
// shaded, and history, its texts neutralised and no formula.
func trackerItems(t *testing.T, x *excelize.File) {
	t.Helper()
	items, err := x.GetRows(workbook.ItemsSheet)
	must(t, err)
	if len(items) != 14 || items[0][11] != "Rating" || items[0][19] != "History" {
		t.Fatalf("%d rows; headings %q", len(items), items[0])
	}
	rec1 := items[1]
	if rec1[3] != "rec-1" || rec1[11] != "red" || rec1[12] != `'=HYPERLINK("https://evil.example","click")` || rec1[15] != "'-2+3" {
		t.Errorf("rec-1: %q", rec1)
	}
	if want := "2022-02-01; in-progress; owner: =HYPERLINK"; !strings.HasPrefix(rec1[19], "'"+want) && !strings.HasPrefix(rec1[19], want) {
		t.Errorf("rec-1's history: %q", rec1[19])
	}
	if items[4][19] != "2022-01-10; in-progress; owner: Detective Chief Superintendent, Crime; target: 2022-12-31; Reviews start in February." {
		t.Errorf("rec-4's history: %q", items[4][19])
	}
	// No cell holds a formula; the rating's cell is shaded.
	for r := range items {
		for c := range items[r] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if f, _ := x.GetCellFormula(workbook.ItemsSheet, cell); f != "" {
				t.Errorf("%s holds a formula: %s", cell, f)
			}
		}
	}
	id, err := x.GetCellStyle(workbook.ItemsSheet, "L2")
	must(t, err)
	st, err := x.GetStyle(id)
	must(t, err)
	if len(st.Fill.Color) != 1 || st.Fill.Color[0] != "F4B6B6" {
		t.Errorf("the red rating's fill: %+v", st.Fill)
	}
}

// trackerCounts requires the counts sheet to hold the reference's counts
// and the total's, statuses in tracker.Statuses' order, then ratings.
func trackerCounts(t *testing.T, x *excelize.File, total tracker.Count) {
	t.Helper()
	counts, err := x.GetRows(workbook.CountsSheet)
	must(t, err)
	want := []string{refID, "A Joint Thematic Inspection on the Police and Crown Prosecution Service's response to rape – Phase One: From report to Police or CPS decision to take no further action", "13"}
	if len(counts) != 3 || !slices.Equal(counts[1][:3], want) || counts[2][2] != "13" || counts[2][1] != "All responses, rated on 2022-04-01" {
		t.Errorf("counts %q", counts)
	}
	// Statuses in tracker.Statuses' order, then ratings.
	head := counts[0]
	for i, s := range tracker.Statuses {
		if got, want := counts[2][3+i], total.Statuses[i]; got != strconv.Itoa(want) {
			t.Errorf("%s (%s): %s, want %d", s, head[3+i], got, want)
		}
	}
	for i := range tracker.Ratings {
		if got, want := counts[2][3+len(tracker.Statuses)+i], total.Ratings[i]; got != strconv.Itoa(want) {
			t.Errorf("%s: %s, want %d", head[3+len(tracker.Statuses)+i], got, want)
		}
	}
}
