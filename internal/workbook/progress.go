package workbook

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/tracker"
)

// ProgressSheet is the sheet of the progress workbook that lists the
// items.
const ProgressSheet = "Progress"

// The columns of the progress sheet, from 1: what the archive says of each
// item, then what the force brings up to date.
const (
	pcolResponse = iota + 1
	pcolItem
	pcolKind
	pcolNumber
	pcolReport
	pcolText
	pcolDeadline
	pcolUpdated
	pcolStatus
	pcolOwner
	pcolTarget
	pcolNote
	pcolEvidence
	pnumCols = pcolEvidence
)

var progressHeader = []string{
	"Response", "Item", "Kind", "Number", "Report", "The report's text", "Deadline", "Last updated",
	"Status", "Owner in the force", "Target date", "Note", "Evidence (a web address)",
}

var progressWidths = []float64{24, 9, 20, 8, 24, 50, 14, 12, 18, 20, 12, 45, 30}

// Open reports whether an item is open for the force to report progress
// on: neither reported complete nor closed, nor another body's, nor one
// that does not apply.
func Open(status string) bool {
	switch response.CanonicalStatus(status) {
	case "reported-complete", "closed", "other-body", "not-applicable":
		return false
	}
	return true
}

// statusLabel is a status as the drop-down shows it: "In progress".
func statusLabel(s string) string {
	return capital(strings.ReplaceAll(s, "-", " "))
}

// Progress writes to w the workbook of quarterly progress: a first sheet
// of instructions, then a row for each open item (Open) among rows (the
// tracker's, every update applied: tracker.Rows), with its latest status,
// owner, target date, note and evidence for the force to bring up to date,
// and a hidden sheet naming each item and holding a digest of its text.
// today is the day the workbook is made, which its instructions give.
func Progress(w io.Writer, rows []tracker.Row, today time.Time) error {
	var open []tracker.Row
	for _, r := range rows {
		if Open(r.Status) {
			open = append(open, r)
		}
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", InstructionsSheet); err != nil {
		return err
	}
	var labels []string
	for _, s := range tracker.Statuses {
		labels = append(labels, statusLabel(s))
	}
	responses := map[string]bool{}
	for _, r := range open {
		responses[r.Response] = true
	}
	lines := []instruction{
		{text: "Progress on the recommendations of inspection reports", style: title},
		{text: fmt.Sprintf("Made on %s: %d open items of %d issued responses.", today.Format("2 January 2006"), len(open), len(responses)), style: strong},
		{},
		{text: "How to fill it in", style: strong},
		{text: fmt.Sprintf("The sheet %q lists every item still open, with its latest status, owner, target date, note and evidence as the office's tracker holds them.", ProgressSheet)},
		{text: "Bring the white columns on the right up to date: the status (choose from the list: " + strings.Join(labels, ", ") +
			"), who in the force owns the item, the target date, a note of what happened, and the web address of what shows it."},
		{text: "Change only what has changed: every row that changes comes back as a dated update of its item; a row left as it was adds nothing. A cell left empty keeps what the tracker holds."},
		{text: "Target date: a day, such as 2024-03-31. Type values, not formulas: a cell holding a formula is refused."},
		{text: "Leave the other cells as they are: they are locked, and s55 checks them when the workbook comes back."},
		{},
		{text: "Made by s55 invite --progress; read back by s55 track --from."},
	}
	if err := writeInstructions(x, lines); err != nil {
		return err
	}
	if _, err := x.NewSheet(ProgressSheet); err != nil {
		return err
	}
	st, err := newStyles(x)
	if err != nil {
		return err
	}
	const sheet = ProgressSheet
	if err := header(x, sheet, progressHeader, progressWidths, st.header); err != nil {
		return err
	}
	hid := make([]hiddenItem, 0, len(open))
	for i, r := range open {
		row := i + 2
		hid = append(hid, hiddenItem{response: r.Response, id: r.Item, kind: r.Kind, number: r.Number, digest: digest(r.Response, r.Item, r.Kind, r.Number, r.Text)})
		var target any
		if t, err := time.Parse(time.DateOnly, r.Target); err == nil {
			target = t
		}
		cells := []any{r.Response, r.Item, r.Kind, r.Number, r.Report, r.Text, r.Deadline, r.Updated,
			statusLabel(r.Status), r.Owner, target, r.Note, r.Evidence}
		if err := x.SetSheetRow(sheet, cellName(1, row), &cells); err != nil {
			return err
		}
		for _, s := range []struct{ from, to, style int }{
			{pcolResponse, pcolUpdated, st.given}, {pcolStatus, pcolOwner, st.fill}, {pcolTarget, pcolTarget, st.date}, {pcolNote, pcolEvidence, st.fill},
		} {
			if err := x.SetCellStyle(sheet, cellName(s.from, row), cellName(s.to, row), s.style); err != nil {
				return err
			}
		}
		if err := x.SetRowHeight(sheet, row, height(15, progressWidths, []string{r.Response, "", r.Kind, "", r.Report, r.Text, r.Deadline, "", "", r.Owner, "", r.Note, r.Evidence})); err != nil {
			return err
		}
	}
	last := len(open) + 1
	if len(open) > 0 {
		if err := validate(x, sheet, pcolStatus, pcolTarget, last, labels); err != nil {
			return err
		}
	}
	if err := protect(x, sheet, pnumCols, last, "landscape"); err != nil {
		return err
	}
	if err := writeHidden(x, hidden{kind: kindProgress, sheet: sheet, lang: response.DefaultLanguage}, hid, nil); err != nil {
		return err
	}
	x.SetActiveSheet(0)
	return write(x, w)
}

// progressRow is what one row of a progress workbook gives back.
type progressRow struct {
	row                                   int
	response, item                        string
	status, owner, target, note, evidence string
}

// readProgress reads the rows of a progress workbook, checking each
// against the hidden sheet.
func readProgress(name string, data []byte) ([]progressRow, error) {
	x, h, err := openMade(name, data, kindProgress)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	var p problems
	c, rows, err := rowsOf(name, x, h.sheet, &p)
	if err != nil {
		return nil, err
	}
	statuses := map[string]string{}
	var labels []string
	for _, s := range response.Statuses {
		statuses[norm(s)] = response.CanonicalStatus(s)
	}
	for _, s := range tracker.Statuses {
		labels = append(labels, statusLabel(s))
	}
	var out []progressRow
	seen := map[string]int{}
	for r := 2; r <= len(rows); r++ {
		if len(rows[r-1]) == 0 {
			continue
		}
		at := func(col int) string { return cellName(col, r) }
		resp := strings.TrimSpace(c.text(at(pcolResponse)))
		item := strings.TrimSpace(c.text(at(pcolItem)))
		if resp == "" && item == "" {
			if strings.Join(rows[r-1], "") != "" {
				p.add(h.sheet, at(pcolItem), "the row names no item: updates go in the rows of the items, as the workbook was made")
			}
			continue
		}
		key := resp + "/" + item
		hi, ok := h.items[key]
		if !ok {
			p.add(h.sheet, at(pcolItem), "%s of %s is not an item of this workbook: leave the response and item as they were", clip(item), clip(resp))
			continue
		}
		if first, dup := seen[key]; dup {
			p.add(h.sheet, at(pcolItem), "%s of %s is given twice (first in row %d): give each item's progress in one row", item, resp, first)
			continue
		}
		seen[key] = r
		if kind := strings.TrimSpace(c.text(at(pcolKind))); kind != hi.kind {
			p.add(h.sheet, at(pcolKind), "the kind of %s was changed to %q; it was %q: leave the report's cells as they were", item, clip(kind), hi.kind)
		}
		numText := strings.TrimSpace(c.text(at(pcolNumber)))
		if n, err := parseNumber(numText); err != nil || n != hi.number {
			p.add(h.sheet, at(pcolNumber), "the number of %s was changed to %q; it was %d: leave the report's cells as they were", item, clip(numText), hi.number)
		}
		if digest(resp, item, hi.kind, hi.number, c.text(at(pcolText))) != hi.digest {
			p.add(h.sheet, at(pcolText), "the report's text of %s was changed: leave the report's cells as they were", item)
		}
		pr := progressRow{row: r, response: resp, item: item}
		if s := strings.TrimSpace(c.text(at(pcolStatus))); s != "" {
			if pr.status = statuses[norm(s)]; pr.status == "" {
				p.add(h.sheet, at(pcolStatus), "%q is not a status: choose one of %s", clip(s), strings.Join(labels, ", "))
			}
		}
		pr.owner = strings.Join(strings.Fields(c.text(at(pcolOwner))), " ")
		if t := c.day(at(pcolTarget)); !t.IsZero() {
			pr.target = t.Format(time.DateOnly)
		}
		pr.note = strings.TrimSpace(c.text(at(pcolNote)))
		if e := strings.TrimSpace(c.text(at(pcolEvidence))); e != "" {
			var err error
			if pr.evidence, err = tracker.Evidence(e); err != nil {
				p.add(h.sheet, at(pcolEvidence), "%v", err)
			}
		}
		out = append(out, pr)
	}
	if err := p.err(name); err != nil {
		return nil, err
	}
	return out, nil
}

// parseNumber reads a whole number as a cell holds it ("3", "3.0").
func parseNumber(s string) (int, error) {
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil || f != float64(int(f)) {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return int(f), nil
}

// TrackFrom appends to the archive's tracker a dated update (of the day
// date) for every row of the progress workbook data (named name, as the
// user gave it) that changes its item: whose status, owner, target date,
// note or evidence differs from what the tracker holds. It goes through
// tracker.TrackAll, so each update gets the checks of s55 track, all of
// them land or none does, under the archive's lock; a second run of the
// same workbook adds nothing. A problem is refused at its cell (a
// *Refusal). It returns the updates written. No update may bear a date
// after today. report, when not nil, is told each response read from the
// archive.
func TrackFrom(arch, name string, data []byte, date, today time.Time, report progress.Func, notice func(string)) ([]tracker.Update, error) {
	rows, err := readProgress(name, data)
	if err != nil {
		return nil, err
	}
	var at []progressRow // the row of each update
	updates, err := tracker.TrackAll(arch, today, report, notice, func(b *tracker.Book) ([]tracker.Update, error) {
		var p problems
		var out []tracker.Update
		at = nil
		for _, pr := range rows {
			cur := b.Row(pr.response, pr.item)
			if cur == nil {
				p.add(ProgressSheet, cellName(pcolItem, pr.row), "the archive's latest revision of %s has no item %s: make a new workbook with s55 invite --progress", pr.response, pr.item)
				continue
			}
			u := tracker.Update{Response: pr.response, Item: pr.item, Date: date, Status: cur.Status}
			changed := false
			if pr.status != "" && pr.status != cur.Status {
				u.Status, changed = pr.status, true
			}
			if pr.owner != "" && pr.owner != cur.Owner {
				u.Owner, changed = pr.owner, true
			}
			if pr.target != "" && pr.target != cur.Target {
				u.Target, _ = time.Parse(time.DateOnly, pr.target)
				changed = true
			}
			if pr.note != "" && pr.note != cur.Note {
				u.Note, changed = pr.note, true
			}
			if pr.evidence != "" && pr.evidence != cur.Evidence {
				u.Evidence, changed = pr.evidence, true
			}
			if !changed {
				continue
			}
			if field, msg := b.CheckTrack(u); msg != "" {
				p.addField(pr, field, msg)
				continue
			}
			out = append(out, u)
			at = append(at, pr)
		}
		return out, p.err(name)
	})
	var r *tracker.Refusal
	if errors.As(err, &r) && r.Index < len(at) {
		var p problems
		p.addField(at[r.Index], r.Field, r.Msg)
		return nil, p.err(name)
	}
	return updates, err
}

// progressCols are the columns of the fields of an update.
var progressCols = map[string]int{
	"response": pcolResponse, "item": pcolItem, "status": pcolStatus, "owner": pcolOwner,
	"target": pcolTarget, "note": pcolNote, "evidence": pcolEvidence,
}

// addField adds a problem of an update's field, at its cell of the row;
// the day of the updates is none of the workbook's, and said once.
func (p *problems) addField(pr progressRow, field, msg string) {
	if field == "date" {
		msg = "the day of the updates: " + msg
		if !slices.ContainsFunc(p.list, func(e *CellError) bool { return e.Msg == msg }) {
			p.add("", "", "%s", msg)
		}
		return
	}
	if col, ok := progressCols[field]; ok {
		p.add(ProgressSheet, cellName(col, pr.row), "%s", msg)
		return
	}
	p.add(ProgressSheet, cellName(pcolItem, pr.row), "%s: %s", field, msg)
}
