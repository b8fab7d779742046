package workbook_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/pdfread"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/workbook"
)

var update = flag.Bool("update", false, "rewrite the manual's example workbooks in docs/testdata")

const refID = "2021-09-13-rape-inspection-phase-one"

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// folder copies the office of the repository's examples and the response
// id into a new folder, and returns the response folder. edit, when not
// nil, changes the response's response.yaml first.
func folder(t testing.TB, id string, edit func(string) string) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "responses")
	if err := os.CopyFS(filepath.Join(root, id), os.DirFS(filepath.Join("../../responses", id))); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"office.yaml", "signature-placeholder.png", "response.schema.json", "office.schema.json"} {
		data, err := os.ReadFile(filepath.Join("../../responses", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(root, id)
	if edit != nil {
		file := filepath.Join(dir, response.FileName)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(edit(string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// replace replaces old with new in s once, failing when s does not hold
// old.
func replace(t testing.TB, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("the fixture does not hold %q", old)
	}
	return strings.Replace(s, old, new, 1)
}

// loaded loads a response folder and its themes.
func loaded(t testing.TB, dir string) (*response.Folder, []*theme.Theme) {
	t.Helper()
	f, diags := check.Load(dir, response.Options{})
	if diags.Errors() > 0 {
		t.Fatal(diags.Err())
	}
	themes, diags := check.Themes(f)
	if diags.Errors() > 0 {
		t.Fatal(diags.Err())
	}
	return f, themes
}

// invitation writes the invitation of the response folder dir.
func invitation(t testing.TB, dir string) []byte {
	t.Helper()
	f, themes := loaded(t, dir)
	var b bytes.Buffer
	if err := workbook.Invite(&b, f, themes, day("2021-08-20")); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fill opens a workbook with excelize, lets set fill it in as the force
// would, and saves it.
func fill(t testing.TB, data []byte, set func(x *excelize.File)) []byte {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	set(x)
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// unanswered is the reference with recommendation 1's response taken out,
// and drafting notes beside the items.
func unanswered(t testing.TB) func(string) string {
	return func(s string) string {
		i := strings.Index(s, "        response: |\n          The Constabulary is committed")
		j := strings.Index(s, "        status: in-progress\n")
		if i < 0 || j < i {
			t.Fatal("the reference's first response is not where the test takes it from")
		}
		s = s[:i] + "        # The force's answer is awaited.\n" + s[j:]
		s = replace(t, s, "        status: in-progress\n", "        status: in-progress # since the inspection\n")
		return replace(t, s, "      - kind: recommendation\n        number: 3\n", "      # Number 3 comes next.\n      - kind: recommendation\n        number: 3\n")
	}
}

// TestInvitation: the workbook holds what the force needs, as it was
// asked: its sheets, a row per item with whose answer is needed, the
// answers held already, the drop-down and date validation, the given cells
// locked and the others not, and a hidden sheet; the same response gives
// the same bytes.
func TestInvitation(t *testing.T) {
	dir := folder(t, refID, unanswered(t))
	data := invitation(t, dir)
	if again := invitation(t, dir); !bytes.Equal(data, again) {
		t.Error("the same response gave another workbook")
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	must(t, err)
	defer x.Close()
	if got := x.GetSheetList(); !slices.Equal(got, []string{workbook.InstructionsSheet, workbook.AnswersSheet, workbook.HiddenSheet}) {
		t.Errorf("sheets %q", got)
	}
	invitationInstructions(t, x)
	rows, err := x.GetRows(workbook.AnswersSheet)
	must(t, err)
	if len(rows) != 14 {
		t.Fatalf("%d rows, want a heading and 13 items", len(rows))
	}
	if want := []string{"Item", "Kind", "Number", "Report", "The report's text", "Addressees", "Deadline", "Whose answer is needed",
		"The force's answer", "Position", "Reason for the position", "Owner in the force", "Target date"}; !slices.Equal(rows[0], want) {
		t.Errorf("headings %q", rows[0])
	}
	cell := func(c string) string {
		v, err := x.GetCellValue(workbook.AnswersSheet, c)
		must(t, err)
		return v
	}
	for c, want := range map[string]string{
		"A2": "rec-1", "B2": "recommendation", "C2": "1", "G2": "Immediately", "F2": "police forces",
		"E2": "Immediately, police forces should ensure information on the protected characteristics of rape victims is accurately and consistently recorded.",
		"H2": "Cambridgeshire Constabulary", "I2": "",
		"A9": "rec-8", "F9": "the National Criminal Justice Board", "H9": "Other bodies alone: a standard sentence answers, unless the force writes its own",
		"A5": "rec-4", "F5": "police forces; CPS Areas; the NPCC lead for adult sexual offences; the CPS lead",
	} {
		if got := cell(c); got != want {
			t.Errorf("%s: %q, want %q", c, got, want)
		}
	}
	if !strings.HasPrefix(cell("I3"), "The Constabulary provides a high standard") || strings.HasSuffix(cell("I3"), "\n") {
		t.Errorf("I3 does not hold recommendation 2's answer as response.yaml does: %q", cell("I3"))
	}
	invitationProtection(t, x)
}

// TestMergeRoundTrip: the force's answers, filled in with excelize as a
// spreadsheet program would, reach response.yaml with every comment and
// every other byte kept, and from it the built PDF and HTML; a second
// merge of the same workbook changes nothing.
func TestMergeRoundTrip(t *testing.T) {
	dir := folder(t, refID, unanswered(t))
	file := filepath.Join(dir, response.FileName)
	before, err := os.ReadFile(file)
	must(t, err)
	answers := fill(t, invitation(t, dir), func(x *excelize.File) {
		const s = workbook.AnswersSheet
		must(t, x.SetCellStr(s, "I2", "The Constabulary records the protected characteristics of every victim.\n\n- A new form from March.\n- Audits each quarter."))
		must(t, x.SetCellStr(s, "J2", "Partly accepted"))
		must(t, x.SetCellStr(s, "K2", "Religion is recorded only where the victim gives it."))
		must(t, x.SetCellStr(s, "L2", "Head of Public Protection"))
		must(t, x.SetCellValue(s, "M2", day("2022-03-31")))
		must(t, x.SetCellStr(s, "I3", "A new answer to recommendation 2: support from first report to trial."))
		must(t, x.SetCellStr(s, "J4", "not-accepted"))
		must(t, x.SetCellStr(s, "K4", "The Home Office owns the outcome codes."))
		must(t, x.SetCellStr(s, "M5", "31/12/2022"))
	})
	plan, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", answers)
	must(t, err)
	got := map[string]workbook.ItemPlan{}
	for _, it := range plan.Items {
		got[it.ID] = it
	}
	for id, want := range map[string]workbook.ItemPlan{
		"rec-1": {Change: workbook.New, Fields: []string{"response", "position", "position_reason", "owner", "target"}},
		"rec-2": {Change: workbook.Changed, Fields: []string{"response"}},
		"rec-3": {Change: workbook.New, Fields: []string{"position", "position_reason"}},
		"rec-4": {Change: workbook.New, Fields: []string{"target"}},
		"rec-8": {Change: workbook.Unchanged},
	} {
		if g := got[id]; g.Change != want.Change || !slices.Equal(g.Fields, want.Fields) {
			t.Errorf("%s: %s %q, want %s %q", id, g.Change, g.Fields, want.Change, want.Fields)
		}
	}
	if a, c, u := plan.Counts(); a != 3 || c != 1 || u != 9 || len(plan.Items) != 13 {
		t.Errorf("%d new, %d changed, %d unchanged of %d", a, c, u, len(plan.Items))
	}
	if now, _ := os.ReadFile(file); !bytes.Equal(now, before) {
		t.Fatal("planning wrote response.yaml")
	}
	must(t, plan.Apply())
	after, err := os.ReadFile(file)
	must(t, err)

	// Every other byte as it was: the file is the old one with the new
	// values spliced in, comments too.
	want := string(before)
	want = replace(t, want, "        # The force's answer is awaited.\n        status: in-progress # since the inspection\n",
		"        # The force's answer is awaited.\n        status: in-progress # since the inspection\n"+
			"        response: |\n          The Constabulary records the protected characteristics of every victim.\n\n          - A new form from March.\n          - Audits each quarter.\n"+
			"        position: partly-accepted\n        position_reason: |\n          Religion is recorded only where the victim gives it.\n"+
			"        owner: Head of Public Protection\n        target: 2022-03-31\n")
	i := strings.Index(want, "          The Constabulary provides a high standard")
	j := strings.Index(want[i:], "\n") + i
	want = want[:i] + "          A new answer to recommendation 2: support from first report to trial." + want[j:]
	want = replace(t, want, "sexual violence.\n        status: in-progress\n      - kind: recommendation\n        number: 4\n",
		"sexual violence.\n        status: in-progress\n        position: not-accepted\n        position_reason: |\n          The Home Office owns the outcome codes.\n      - kind: recommendation\n        number: 4\n")
	want = replace(t, want, "will await further information on a national framework to support this activity.\n        status: in-progress\n",
		"will await further information on a national framework to support this activity.\n        status: in-progress\n        target: 2022-12-31\n")
	if string(after) != want {
		t.Errorf("response.yaml after the merge:\n%s", after)
	}

	// The answers reach the documents.
	r, diags := build.Render(dir, build.Options{Today: day("2021-09-13")})
	if diags.Errors() > 0 {
		t.Fatal(diags.Err())
	}
	html := string(r.File("response.html"))
	for _, want := range []string{"<li>\n<p>A new form from March.</p>", "A new answer to recommendation 2", "Partly accepted", "Religion is recorded only where the victim gives it.", "The Home Office owns the outcome codes."} {
		if !strings.Contains(html, want) {
			t.Errorf("response.html does not hold %q", want)
		}
	}
	pf, err := pdfread.Parse(r.File("response.pdf"))
	must(t, err)
	tree, err := pf.StructTree()
	must(t, err)
	text := tree.Text()
	for _, want := range []string{"A new form from March.", "A new answer to recommendation 2", "Religion is recorded only where the victim gives it."} {
		if !strings.Contains(text, want) {
			t.Errorf("response.pdf does not hold %q", want)
		}
	}

	// The same workbook again: nothing changes, nothing is written.
	again, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", answers)
	must(t, err)
	if a, c, u := again.Counts(); a != 0 || c != 0 || u != 13 || again.Changes() {
		t.Errorf("a second merge: %d new, %d changed, %d unchanged", a, c, u)
	}
	must(t, again.Apply())
	if now, _ := os.ReadFile(file); !bytes.Equal(now, after) {
		t.Error("a second merge wrote")
	}
}

// TestMergeStale: a plan is written only over the bytes it was made from.
func TestMergeStale(t *testing.T) {
	dir := folder(t, refID, unanswered(t))
	answers := fill(t, invitation(t, dir), func(x *excelize.File) {
		must(t, x.SetCellStr(workbook.AnswersSheet, "I2", "An answer."))
	})
	plan, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", answers)
	must(t, err)
	file := filepath.Join(dir, response.FileName)
	data, err := os.ReadFile(file)
	must(t, err)
	changed := append(data, "# A note added meanwhile.\n"...)
	must(t, os.WriteFile(file, changed, 0o644))
	if err := plan.Apply(); !errors.Is(err, workbook.ErrStale) {
		t.Errorf("Apply over a changed file: %v", err)
	}
	if now, _ := os.ReadFile(file); !bytes.Equal(now, changed) {
		t.Error("Apply wrote over a changed file")
	}
}

// TestRecordDue: the due date goes into response.yaml with every other
// byte kept, and a second time changes nothing.
func TestRecordDue(t *testing.T) {
	dir := folder(t, refID, nil)
	file := filepath.Join(dir, response.FileName)
	before, err := os.ReadFile(file)
	must(t, err)
	changed, err := workbook.RecordDue(dir, day("2021-08-20"))
	if err != nil || !changed {
		t.Fatalf("%v, %v", changed, err)
	}
	after, err := os.ReadFile(file)
	must(t, err)
	if string(after) != string(before)+"chief_officer_due: 2021-08-20\n" {
		t.Errorf("response.yaml:\n%s", after[max(0, len(after)-200):])
	}
	f, _ := loaded(t, dir)
	if !f.Response.ChiefOfficerDue.Equal(day("2021-08-20")) {
		t.Errorf("read back as %v", f.Response.ChiefOfficerDue)
	}
	if changed, err := workbook.RecordDue(dir, day("2021-08-20")); err != nil || changed {
		t.Errorf("the same day again: %v, %v", changed, err)
	}
	if _, err := workbook.RecordDue(dir, day("2021-08-27")); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(file); string(now) != string(before)+"chief_officer_due: 2021-08-27\n" {
		t.Errorf("a new day:\n%s", now[max(0, len(now)-200):])
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
		if got := workbook.Neutralise(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestDocsWorkbook: the manual's examples merge a workbook the force
// filled in (docs/testdata): it is what filling the reference's
// invitation gives (go test -update writes it again).
func TestDocsWorkbook(t *testing.T) {
	dir := folder(t, refID, nil)
	data := fill(t, invitation(t, dir), func(x *excelize.File) {
		const s = workbook.AnswersSheet
		must(t, x.SetCellStr(s, "J2", "Accepted"))
		must(t, x.SetCellStr(s, "L2", "Head of Public Protection"))
		must(t, x.SetCellValue(s, "M2", day("2022-03-31")))
		must(t, x.SetCellStr(s, "J4", "Partly accepted"))
		must(t, x.SetCellStr(s, "K4", "The outcome codes are the Home Office's to review."))
		must(t, x.SetCellStr(s, "L4", "Head of Crime"))
	})
	golden(t, "answers.xlsx", data)
}

// golden compares data with the file of docs/testdata, or writes it there
// with -update.
func golden(t *testing.T, name string, data []byte) {
	t.Helper()
	file := filepath.Join("../../docs/testdata", name)
	if *update {
		must(t, os.WriteFile(file, data, 0o644))
		return
	}
	old, err := os.ReadFile(file)
	must(t, err)
	if !bytes.Equal(old, data) {
		t.Errorf("%s is not what the test makes: go test ./internal/workbook -run %s -update", file, t.Name())
	}
}

// invitationInstructions requires the workbook to open on its
// instructions, its hidden sheet hidden, and the instructions to say what
// the force is asked.
func invitationInstructions(t *testing.T, x *excelize.File) {
	t.Helper()
	if x.GetActiveSheetIndex() != 0 {
		t.Error("the workbook does not open on its instructions")
	}
	if v, err := x.GetSheetVisible(workbook.HiddenSheet); err != nil || v {
		t.Errorf("the sheet %s is visible (%v)", workbook.HiddenSheet, err)
	}
	instructions, err := x.GetRows(workbook.InstructionsSheet)
	must(t, err)
	var text []string
	for _, r := range instructions {
		text = append(text, strings.Join(r, " "))
	}
	for _, want := range []string{"Please return this workbook by 20th August 2021.", "Police and Crime Commissioner for Cambridgeshire and Peterborough invites the chief officer of Cambridgeshire Constabulary",
		"must be published by 9th September 2021", "7 need the force's answer", "Accepted, Partly accepted, Not accepted, Not applicable"} {
		if !strings.Contains(strings.Join(text, "\n"), want) {
			t.Errorf("the instructions do not say %q:\n%s", want, strings.Join(text, "\n"))
		}
	}
}

// invitationProtection requires the given cells locked and the cells to
// fill in open, with the positions' drop-down and the dates' validation.
func invitationProtection(t *testing.T, x *excelize.File) {
	t.Helper()
	locked := func(c string) bool {
		id, err := x.GetCellStyle(workbook.AnswersSheet, c)
		must(t, err)
		st, err := x.GetStyle(id)
		must(t, err)
		return st.Protection == nil || st.Protection.Locked
	}
	for _, c := range []string{"A1", "A2", "C2", "E2", "H2", "E14"} {
		if !locked(c) {
			t.Errorf("%s is not locked", c)
		}
	}
	for _, c := range []string{"I2", "J2", "K2", "L2", "M2", "M14"} {
		if locked(c) {
			t.Errorf("%s, to fill in, is locked", c)
		}
	}
	dvs, err := x.GetDataValidations(workbook.AnswersSheet)
	must(t, err)
	var list, date bool
	for _, dv := range dvs {
		switch {
		case dv.Type == "list" && dv.Sqref == "J2:J14" && strings.Contains(dv.Formula1, "Partly accepted"):
			list = true
		case dv.Type == "date" && dv.Sqref == "M2:M14":
			date = true
		}
	}
	if !list || !date {
		t.Errorf("validations: the positions' drop-down %v, the dates' %v", list, date)
	}
}
