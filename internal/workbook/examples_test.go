package workbook_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/workbook"
)

// office copies one of the repository's offices (a folder of responses
// with its office.yaml) into a new folder, and returns the response id's
// folder in it.
func office(t *testing.T, name, id string) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), name)
	must(t, os.CopyFS(root, os.DirFS(filepath.Join("../../responses", name))))
	return filepath.Join(root, id)
}

// TestEveryExample: the invitation of every example response, of every
// kind of office, merged back as it was written, changes nothing; a row
// per item, causes of concern and the recommendations under them too.
func TestEveryExample(t *testing.T) {
	dirs, err := filepath.Glob("../../responses/*/response.yaml")
	must(t, err)
	more, err := filepath.Glob("../../responses/*/*/response.yaml")
	must(t, err)
	for _, file := range append(dirs, more...) {
		rel, _ := filepath.Rel("../../responses", filepath.Dir(file))
		t.Run(rel, func(t *testing.T) {
			var dir string
			if parts := strings.Split(rel, string(filepath.Separator)); len(parts) == 2 {
				dir = office(t, parts[0], parts[1])
			} else {
				dir = folder(t, rel, nil)
			}
			f, _ := loaded(t, dir)
			items := 0
			var count func([]response.Item)
			count = func(list []response.Item) {
				for _, it := range list {
					items++
					count(it.Items)
				}
			}
			for _, a := range f.Response.Appendices {
				count(a.Items)
			}
			blank := invitation(t, dir)
			plan, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", blank)
			must(t, err)
			if a, c, u := plan.Counts(); a != 0 || c != 0 || u != items || plan.Changes() {
				t.Errorf("%d new, %d changed, %d unchanged of %d items", a, c, u, items)
			}
		})
	}
}

// TestWelshOffice: an office of two languages gets its English texts, and
// the force's answer goes into the English text of a field given per
// language, the Welsh one kept.
func TestWelshOffice(t *testing.T) {
	dir := office(t, "heddlu-enghraifft", "2025-11-20-peel-enghraifft")
	answers := fill(t, invitation(t, dir), func(x *excelize.File) {
		v, err := x.GetCellValue(workbook.AnswersSheet, "E2")
		must(t, err)
		if v != "The force should improve how quickly it answers emergency calls." {
			t.Errorf("E2: %q", v)
		}
		must(t, x.SetCellStr(workbook.AnswersSheet, "I2", "The force has recruited twelve more call handlers."))
		must(t, x.SetCellStr(workbook.AnswersSheet, "L2", "Head of Contact"))
	})
	plan, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", answers)
	must(t, err)
	must(t, plan.Apply())
	f, diags := check.Load(dir, response.Options{})
	must(t, diags.Err())
	it := f.Response.Appendices[0].Items[0]
	if it.Response.In("en-GB") != "The force has recruited twelve more call handlers.\n" || !strings.HasPrefix(it.Response.In("cy-GB"), "Mae'r Heddlu wedi recriwtio") || it.Owner != "Head of Contact" {
		t.Errorf("en-GB %q, cy-GB %q, owner %q", it.Response.In("en-GB"), it.Response.In("cy-GB"), it.Owner)
	}
}
