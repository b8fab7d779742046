package workbook_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/tracker"
	"github.com/opcc-tools/s55/internal/workbook"
)

// many is the reference with its items replaced by n recommendations, each
// with a report text of some 300 characters, half of them answered.
func many(t testing.TB, n int) string {
	return folder(t, refID, func(s string) string {
		var b strings.Builder
		b.WriteString(s[:strings.Index(s, "    items:\n")+len("    items:\n")])
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "      - kind: recommendation\n        number: %d\n        addressees: [police forces, the Home Office]\n        text: |\n", i)
			fmt.Fprintf(&b, "          By March %d, police forces should review how they record item %d, and the Home Office should publish what it learns, so that victims are supported at every stage of the case and forces can compare their practice.\n", 2024+i%5, i)
			if i%2 == 0 {
				fmt.Fprintf(&b, "        response: |\n          The Constabulary has reviewed its recording of item %d and will report to the panel.\n        status: in-progress # reviewed\n", i)
			}
		}
		return b.String()
	})
}

// BenchmarkInviteMerge: a response of n items exported to a workbook, the
// workbook (filled in beforehand with an answer, a position, an owner and
// a target for every item) merged and written. The work is linear: compare
// n=200 with n=2000.
func BenchmarkInviteMerge(b *testing.B) {
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			dir := many(b, n)
			file := filepath.Join(dir, response.FileName)
			original, err := os.ReadFile(file)
			must(b, err)
			filled := fill(b, invitation(b, dir), func(x *excelize.File) {
				for r := 2; r <= n+1; r++ {
					row := fmt.Sprint(r)
					must(b, x.SetCellStr(workbook.AnswersSheet, "I"+row, fmt.Sprintf("The force's answer to item %d, as the lead wrote it.", r-1)))
					must(b, x.SetCellStr(workbook.AnswersSheet, "J"+row, "Accepted"))
					must(b, x.SetCellStr(workbook.AnswersSheet, "L"+row, "Head of Crime"))
					must(b, x.SetCellValue(workbook.AnswersSheet, "M"+row, day("2025-03-31")))
				}
			})
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				must(b, os.WriteFile(file, original, 0o644))
				b.StartTimer()
				f, themes := loaded(b, dir)
				var w bytes.Buffer
				must(b, workbook.Invite(&w, f, themes, day("2024-03-01")))
				plan, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", filled)
				must(b, err)
				if added, changed, _ := plan.Counts(); added+changed != n {
					b.Fatalf("%d items merged, want %d", added+changed, n)
				}
				must(b, plan.Apply())
			}
		})
	}
}

// BenchmarkWriteTracker: the tracker's workbook of n items, as index
// writes it for a site (13,000: 1,000 responses of 13 items).
func BenchmarkWriteTracker(b *testing.B) {
	for _, n := range []int{1300, 13000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			rs := make([]tracker.Row, n)
			for i := range rs {
				rs[i] = tracker.Row{Response: fmt.Sprintf("2024-01-%02d-report-%d", i%28+1, i/13), Revision: 1, Report: "A report of some length, as HMICFRS titles them",
					Item: fmt.Sprintf("rec-%d", i%13+1), Kind: "recommendation", Number: i%13 + 1, Text: strings.Repeat("The force should do better. ", 10),
					Addressees: []string{"chief constables"}, Status: "in-progress", Owner: "Head of Crime", Target: "2025-03-31", RAG: tracker.Amber,
					History: []tracker.Entry{{Date: "2024-06-01", Status: "in-progress", Note: "Work has started."}}}
			}
			per, total := tracker.Counts(rs)
			b.ResetTimer()
			for b.Loop() {
				var w bytes.Buffer
				must(b, workbook.WriteTracker(&w, slices.Values(rs), per, total, day("2025-01-01")))
			}
		})
	}
}
