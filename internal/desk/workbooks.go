package desk

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/tracker"
	"github.com/opcc-tools/s55/internal/workbook"
)

// The force's workbooks, as "s55 invite", "s55 merge" and "s55 track
// --from" make and read them: the invitation to comment on a response, its
// answers merged back (planned first, to be seen, then written), the
// quarterly progress of the open items and the updates read from it.

// xlsxType is a workbook's media type.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendWorkbook answers with a workbook to download as name.
func sendWorkbook(w http.ResponseWriter, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", xlsxType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// readWorkbook reads an uploaded workbook: the request's body, of the
// workbook's media type, at most workbook.MaxFileSize bytes.
func readWorkbook(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	if r.Header.Get("Content-Type") != xlsxType {
		return nil, failf(http.StatusUnsupportedMediaType, "send the workbook as it is, with Content-Type: %s", xlsxType)
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, workbook.MaxFileSize))
	if err != nil {
		return nil, failf(http.StatusRequestEntityTooLarge, "the workbook is larger than %d bytes", workbook.MaxFileSize)
	}
	return data, nil
}

// workbookRefusal answers a workbook that is refused: 422 with each
// problem at its cell, or 409 for a response.yaml changed since.
func workbookRefusal(err error) *apiError {
	var ref *workbook.Refusal
	switch {
	case errors.As(err, &ref):
		var probs []map[string]any
		for _, p := range ref.Problems {
			probs = append(probs, map[string]any{"cell": p.Where(), "message": p.Msg})
		}
		return &apiError{status: http.StatusUnprocessableEntity, msg: "nothing was written: the workbook has problems", extra: map[string]any{"problems": probs}}
	case errors.Is(err, workbook.ErrStale):
		return failf(http.StatusConflict, "%v", err)
	}
	return failf(http.StatusUnprocessableEntity, "nothing was written: %v", err)
}

// invitation answers GET /_s55/api/responses/{id}/invitation.xlsx: the
// invitation to the chief officer to comment, due on the day the response
// gives (chief_officer_due, set on its page). It writes nothing.
func (d *Desk) invitation(w http.ResponseWriter, r *http.Request) *apiError {
	o, e := d.open(r.PathValue("id"))
	if e != nil {
		return e
	}
	f, diags := check.Load(o.p.Dir(), response.Options{OfficeFile: d.office})
	if diags.Errors() > 0 {
		return &apiError{status: http.StatusUnprocessableEntity, msg: "the response has problems to put right first", extra: map[string]any{"problems": problemsJSON(diags)}}
	}
	themes, tdiags := check.Themes(f)
	if tdiags.Errors() > 0 {
		return &apiError{status: http.StatusUnprocessableEntity, msg: "the phrase books have problems", extra: map[string]any{"problems": problemsJSON(tdiags)}}
	}
	due := f.Response.ChiefOfficerDue
	if due.IsZero() {
		return &apiError{status: http.StatusUnprocessableEntity, msg: "give the date the chief officer's comments are due first",
			extra: map[string]any{"problems": []map[string]any{{"field": "chief_officer_due", "label": fieldLabels["chief_officer_due"], "message": "give the date first, and save it"}}}}
	}
	var b bytes.Buffer
	if err := workbook.Invite(&b, f, themes, due); err != nil {
		return failf(http.StatusUnprocessableEntity, "%v", err)
	}
	sendWorkbook(w, f.ID+"-invitation.xlsx", b.Bytes())
	return nil
}

// merge answers POST /_s55/api/responses/{id}/merge, the force's answers
// as a workbook: planned and shown (?dry=1), or planned and written. A
// workbook with problems is refused at its cells (422), a response.yaml
// changed while the merge was planned with 409.
func (d *Desk) merge(w http.ResponseWriter, r *http.Request) *apiError {
	o, e := d.open(r.PathValue("id"))
	if e != nil {
		return e
	}
	data, e := readWorkbook(w, r)
	if e != nil {
		return e
	}
	report, end := d.work.begin()
	defer end()
	steps(report, "merging", 0, 2)
	plan, err := workbook.PlanMerge(o.p.Dir(), response.Options{OfficeFile: d.office}, "the workbook", data)
	if err != nil {
		return workbookRefusal(err)
	}
	steps(report, "merging", 1, 2)
	dry := r.URL.Query().Get("dry") == "1"
	if !dry {
		if err := plan.Apply(); err != nil {
			return workbookRefusal(err)
		}
	}
	steps(report, "merging", 2, 2)
	added, changed, unchanged := plan.Counts()
	items := []map[string]any{}
	for _, it := range plan.Items {
		items = append(items, map[string]any{"id": it.ID, "row": it.Row, "change": string(it.Change), "fields": it.Fields})
	}
	writeJSON(w, http.StatusOK, map[string]any{"written": !dry && plan.Changes(), "version": plan.Version,
		"added": added, "changed": changed, "unchanged": unchanged, "items": items})
	return nil
}

// progress answers GET /_s55/api/progress.xlsx: the quarterly progress of
// the open items of every issued response, to send to the force.
func (d *Desk) progress(w http.ResponseWriter, r *http.Request) *apiError {
	if err := archive.IsArchive(d.archive()); err != nil {
		return failf(http.StatusNotFound, "nothing is issued yet")
	}
	entries, err := archive.List(d.archive())
	if err != nil {
		return failf(http.StatusConflict, "the archive cannot be read: %v", err)
	}
	today := d.today()
	updates, src, diags := tracker.Load(filepath.Join(d.archive(), tracker.FileName))
	rows, rdiags := tracker.Rows(entries, updates, src, nil, today)
	if diags = append(diags, rdiags...); diags.Errors() > 0 {
		return &apiError{status: http.StatusUnprocessableEntity, msg: "the tracker has problems", extra: map[string]any{"problems": problemsJSON(diags)}}
	}
	var b bytes.Buffer
	if err := workbook.Progress(&b, rows, today); err != nil {
		return failf(http.StatusUnprocessableEntity, "%v", err)
	}
	sendWorkbook(w, "progress-"+today.Format(time.DateOnly)+".xlsx", b.Bytes())
	return nil
}

// trackFrom answers POST /_s55/api/track-from, a progress workbook the
// force filled in: an update of every item it changed, all or none.
func (d *Desk) trackFrom(w http.ResponseWriter, r *http.Request) *apiError {
	data, e := readWorkbook(w, r)
	if e != nil {
		return e
	}
	if _, err := os.Stat(d.archive()); err != nil {
		return failf(http.StatusNotFound, "nothing is issued yet")
	}
	today := d.today()
	updates, err := workbook.TrackFrom(d.archive(), "the workbook", data, today, today, nil, nil)
	if err != nil {
		var rf *tracker.Refusal
		if errors.As(err, &rf) {
			return refusal(err)
		}
		return workbookRefusal(err)
	}
	list := []map[string]any{}
	for _, u := range updates {
		list = append(list, map[string]any{"id": u.Response, "item": u.Item, "date": day.ISO(u.Date), "status": response.CanonicalStatus(u.Status)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"updates": list})
	return nil
}
