package workbook_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/workbook"
)

// FuzzPlanMerge: whatever bytes come back as the force's workbook, the
// merge plans or refuses (a *Refusal), never panics, and never writes.
func FuzzPlanMerge(f *testing.F) {
	dir := folder(f, refID, nil)
	blank := invitation(f, dir)
	f.Add(blank)
	f.Add(fill(f, blank, func(x *excelize.File) {
		must(f, x.SetCellStr(workbook.AnswersSheet, "I2", "An answer."))
		must(f, x.SetCellStr(workbook.AnswersSheet, "J2", "Accepted"))
		must(f, x.SetCellStr(workbook.AnswersSheet, "M2", "31/03/2022"))
	}))
	f.Add([]byte("PK\x03\x04"))
	file := filepath.Join(dir, response.FileName)
	before, err := os.ReadFile(file)
	must(f, err)
	f.Fuzz(func(t *testing.T, data []byte) {
		plan, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", data)
		var r *workbook.Refusal
		switch {
		case err == nil && plan == nil:
			t.Fatal("no plan and no error")
		case err != nil && !errors.As(err, &r):
			t.Fatalf("not a refusal: %v", err)
		}
		if now, _ := os.ReadFile(file); !bytes.Equal(now, before) {
			t.Fatal("planning wrote response.yaml")
		}
	})
}
