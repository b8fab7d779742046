package workbook_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/workbook"
)

// resave saves a workbook again with LibreOffice, as the force would
// after filling it in with LibreOffice Calc.
func resave(t testing.TB, data []byte) []byte {
	t.Helper()
	file := filepath.Join(t.TempDir(), "answers.xlsx")
	must(t, os.WriteFile(file, data, 0o644))
	out, err := conformance.Resave(file)
	must(t, err)
	if bytes.Equal(out, data) {
		t.Fatal("LibreOffice gave the workbook back as it was")
	}
	return out
}

// TestMergeLibreOffice: a workbook filled in and saved by a real
// spreadsheet program merges as the one excelize saved: the same
// response.yaml, comments kept, and the answers in the documents; a
// formula LibreOffice saved with its value is still refused.
func TestMergeLibreOffice(t *testing.T) {
	conformance.Need(t, conformance.LibreOffice)
	viaExcelize := folder(t, refID, unanswered(t))
	viaLibreOffice := folder(t, refID, unanswered(t))
	answers := fill(t, invitation(t, viaExcelize), func(x *excelize.File) {
		const s = workbook.AnswersSheet
		must(t, x.SetCellStr(s, "I2", "The Constabulary records the protected characteristics of every victim.\n\n- A new form from March – ŵ.\n- Audits each quarter."))
		must(t, x.SetCellStr(s, "J2", "Partly accepted"))
		must(t, x.SetCellStr(s, "K2", "Religion is recorded only where the victim gives it."))
		must(t, x.SetCellStr(s, "L2", "Head of Public Protection"))
		must(t, x.SetCellValue(s, "M2", day("2022-03-31")))
		must(t, x.SetCellStr(s, "M5", "2022-12-31"))
		must(t, x.SetCellStr(s, "J4", "Not applicable"))
		must(t, x.SetCellStr(s, "K4", "The Home Office owns the outcome codes."))
	})
	saved := resave(t, answers)
	for _, m := range []struct {
		dir  string
		data []byte
	}{{viaExcelize, answers}, {viaLibreOffice, saved}} {
		plan, err := workbook.PlanMerge(m.dir, response.Options{}, "answers.xlsx", m.data)
		must(t, err)
		if a, c, u := plan.Counts(); a != 3 || c != 0 || u != 10 {
			t.Errorf("%d new, %d changed, %d unchanged", a, c, u)
		}
		must(t, plan.Apply())
	}
	a, err := os.ReadFile(filepath.Join(viaExcelize, response.FileName))
	must(t, err)
	b, err := os.ReadFile(filepath.Join(viaLibreOffice, response.FileName))
	must(t, err)
	if !bytes.Equal(a, b) {
		t.Errorf("LibreOffice's workbook gave another response.yaml:\n%s", b)
	}
	for _, c := range []string{"# The force's answer is awaited.", "status: in-progress # since the inspection", "# Number 3 comes next.", "# yaml-language-server: $schema=../response.schema.json"} {
		if !bytes.Contains(b, []byte(c)) {
			t.Errorf("the comment %q was lost", c)
		}
	}
	r, diags := build.Render(viaLibreOffice, build.Options{Today: day("2021-09-13")})
	if diags.Errors() > 0 {
		t.Fatal(diags.Err())
	}
	for _, name := range []string{"response.html", "appendix-1.html"} {
		html := string(r.File(name))
		for _, want := range []string{"A new form from March – ŵ.", "Not applicable", "The Home Office owns the outcome codes."} {
			if !strings.Contains(html, want) {
				t.Errorf("%s does not hold %q", name, want)
			}
		}
	}
	pdf := filepath.Join(t.TempDir(), "response.pdf")
	must(t, os.WriteFile(pdf, r.File("response.pdf"), 0o644))
	conformance.Need(t, conformance.Pdftotext)
	text, err := conformance.PDFText(pdf)
	must(t, err)
	for _, want := range []string{"A new form from March – ŵ.", "Religion is recorded only where the victim gives it."} {
		if !strings.Contains(text, want) {
			t.Errorf("response.pdf does not hold %q", want)
		}
	}

	// A formula, saved by LibreOffice with the value it computed, is
	// still a formula, and never run.
	withFormula := resave(t, fill(t, invitation(t, viaExcelize), func(x *excelize.File) {
		must(t, x.SetCellFormula(workbook.AnswersSheet, "I3", `CONCATENATE("A";"B")`))
	}))
	_, err = workbook.PlanMerge(viaExcelize, response.Options{}, "answers.xlsx", withFormula)
	var refusal *workbook.Refusal
	if !errors.As(err, &refusal) || refusal.Problems[0].Where() != "Answers!I3" || !strings.Contains(refusal.Problems[0].Msg, "formula") {
		t.Errorf("a formula saved by LibreOffice: %v", err)
	}
}
