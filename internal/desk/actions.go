package desk

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/issue"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/site"
	"github.com/opcc-tools/s55/internal/tracker"
)

// Issue, the s.55(6) e-mail, record, track and publish: each calls what
// the command of the same name calls, under the archive's lock.

// problemsJSON are a load's problems as the API gives them for an action:
// each in words, with where it is for those who look in the files.
func problemsJSON(diags diag.List) []map[string]any {
	out := []map[string]any{}
	for _, d := range diags {
		out = append(out, map[string]any{"severity": d.Severity.String(), "file": d.File, "line": d.Line, "col": d.Col,
			"path": d.Path, "message": d.Msg, "text": d.Error()})
	}
	return out
}

// issueRequest is the body of POST .../issue.
type issueRequest struct {
	// Reason, for a response issued before, issues a correction.
	Reason *string `json:"reason"`
}

// issue answers POST /_s55/api/responses/{id}/issue: the response is
// built, checked and issued into the office's archive as "s55 issue" does
// it: 201 with the revision, 422 with the problems that keep it from
// being issued, 409 when it is issued already (without a reason) or
// unchanged since.
func (d *Desk) issue(w http.ResponseWriter, r *http.Request) *apiError {
	o, e := d.open(r.PathValue("id"))
	if e != nil {
		return e
	}
	var req issueRequest
	if e := readJSON(w, r, &req); e != nil {
		return e
	}
	reason := ""
	if req.Reason != nil {
		if reason = strings.TrimSpace(*req.Reason); reason == "" {
			return &apiError{status: http.StatusUnprocessableEntity, msg: "not issued: give the correction's reason",
				extra: map[string]any{"problems": []map[string]any{{"field": "reason", "message": "give the reason for the correction, as the site will show it"}}}}
		}
		if p := issue.ReasonProblem(reason); p != "" {
			return &apiError{status: http.StatusUnprocessableEntity, msg: "not issued: " + p,
				extra: map[string]any{"problems": []map[string]any{{"field": "reason", "message": p}}}}
		}
	}
	arch := d.archive()
	if err := outdir.CheckArchive(arch); err != nil {
		return failf(http.StatusConflict, "not issued: %v", err)
	}
	now := time.Now()
	if d.Now != nil {
		now = d.Now()
	}
	report, end := d.work.begin()
	defer end()
	steps(report, "issuing", 0, 2)
	res, diags, err := issue.Build(o.p.Dir(), arch, build.Options{Office: d.office}, reason, now)
	steps(report, "issuing", 1, 2)
	if err != nil {
		return failf(http.StatusUnprocessableEntity, "not issued: %v", err)
	}
	if res == nil || diags.Errors() > 0 {
		return &apiError{status: http.StatusUnprocessableEntity, msg: "not issued: the response has problems to put right first",
			extra: map[string]any{"problems": problemsJSON(diags)}}
	}
	iopt := archive.IssueOptions{Reason: reason, Now: now, Tool: d.Tool,
		MakeKeyIn: d.dir, KeyName: archive.KeyName(res.Folder.Office.Force.Name.String()), KeyDirs: archive.KeyDirs(arch, d.dir)}
	m, err := archive.Issue(arch, issue.Archived(res), iopt)
	steps(report, "issuing", 2, 2)
	switch {
	case errors.Is(err, archive.ErrIssued):
		return failf(http.StatusConflict, "not issued: it is issued already; to correct it, give the correction's reason")
	case errors.Is(err, archive.ErrUnchanged):
		return failf(http.StatusConflict, "not issued: nothing has changed since the revision it would correct")
	case err != nil:
		return failf(http.StatusUnprocessableEntity, "not issued: %v", err)
	}
	dir := archive.RevisionDir(arch, m.ID, m.Revision)
	body := map[string]any{"id": m.ID, "revision": m.Revision, "folder": dir, "files": len(m.Files) + 1,
		"issued": m.Issued.UTC().Format(time.RFC3339)}
	if m.Supersedes > 0 {
		body["supersedes"], body["reason"] = m.Supersedes, m.Reason
	}
	if m.Submission != "" {
		body["submission"] = "/_s55/api/responses/" + m.ID + "/submission.eml"
		body["to"] = res.Folder.Office.Submission.To
	}
	writeJSON(w, http.StatusCreated, body)
	return nil
}

// latest is the latest revision of the response id in the office's
// archive, or nil.
func (d *Desk) latest(id string) (*archive.Entry, error) {
	if _, err := os.Stat(d.archive()); err != nil {
		return nil, nil
	}
	entries, err := archive.List(d.archive())
	if err != nil {
		return nil, err
	}
	var l *archive.Entry
	for _, e := range entries {
		if e.Manifest.ID == id && (l == nil || e.Manifest.Revision > l.Manifest.Revision) {
			l = e
		}
	}
	return l, nil
}

// submission answers GET /_s55/api/responses/{id}/submission.eml: the
// s.55(6) e-mail of the latest revision issued, as the archive holds it,
// to open in Outlook and send.
func (d *Desk) submission(w http.ResponseWriter, r *http.Request) *apiError {
	id := r.PathValue("id")
	if !response.ValidID(id) {
		return failf(http.StatusNotFound, "%q is not the name of a response", id)
	}
	e, err := d.latest(id)
	if err != nil {
		return failf(http.StatusConflict, "the archive cannot be read: %v", err)
	}
	if e == nil || e.Manifest.Submission == "" {
		return failf(http.StatusNotFound, "no issued revision of %s carries an s.55(6) e-mail", id)
	}
	data, err := os.ReadFile(filepath.Join(e.Dir, e.Manifest.Submission))
	if err != nil {
		return failf(http.StatusConflict, "the e-mail cannot be read: %v", err)
	}
	h := w.Header()
	h.Set("Content-Type", "message/rfc822")
	h.Set("Content-Disposition", `attachment; filename="`+id+`-submission.eml"`)
	w.WriteHeader(http.StatusOK)
	w.Write(data)
	return nil
}

// refusal answers a refusal of the tracker: 404 for a response or item
// the archive does not hold, 422 with the field otherwise.
func refusal(err error) *apiError {
	var rf *tracker.Refusal
	if !errors.As(err, &rf) {
		return failf(http.StatusConflict, "%v", err)
	}
	status := http.StatusUnprocessableEntity
	if rf.Field == "response" || rf.Field == "item" {
		status = http.StatusNotFound
	}
	return &apiError{status: status, msg: "not recorded: " + rf.Msg,
		extra: map[string]any{"problems": []map[string]any{{"field": rf.Field, "message": rf.Msg}}}}
}

// dates reads the days of a request: YYYY-MM-DD, or empty.
func dates(fields map[string]*string) (map[string]time.Time, *apiError) {
	out := map[string]time.Time{}
	var probs []map[string]any
	for name, v := range fields {
		if v == nil || strings.TrimSpace(*v) == "" {
			continue
		}
		t, err := day.Parse(strings.TrimSpace(*v))
		if err != nil {
			probs = append(probs, map[string]any{"field": name, "message": "give the date, such as 2024-01-15"})
			continue
		}
		out[name] = t
	}
	if len(probs) > 0 {
		return nil, &apiError{status: http.StatusUnprocessableEntity, msg: "not recorded: a date is not one", extra: map[string]any{"problems": probs}}
	}
	return out, nil
}

// recordRequest is the body of POST .../record.
type recordRequest struct {
	Sent      *string `json:"sent"`
	Published *string `json:"published"`
	Reason    *string `json:"reason"`
}

// record answers POST /_s55/api/responses/{id}/record: the days the
// latest revision was sent and published, as "s55 record" records them.
func (d *Desk) record(w http.ResponseWriter, r *http.Request) *apiError {
	var req recordRequest
	if e := readJSON(w, r, &req); e != nil {
		return e
	}
	ds, e := dates(map[string]*string{"sent": req.Sent, "published": req.Published})
	if e != nil {
		return e
	}
	ev := tracker.Event{Response: r.PathValue("id"), Sent: ds["sent"], Published: ds["published"]}
	if req.Reason != nil {
		ev.Reason = strings.TrimSpace(*req.Reason)
	}
	if ev.Sent.IsZero() && ev.Published.IsZero() {
		return &apiError{status: http.StatusUnprocessableEntity, msg: "not recorded: give the day it was sent, the day it was published, or both",
			extra: map[string]any{"problems": []map[string]any{{"field": "sent", "message": "give the day it was sent, the day it was published, or both"}}}}
	}
	if _, err := os.Stat(d.archive()); err != nil {
		return failf(http.StatusNotFound, "nothing is issued yet: issue the response first")
	}
	ev, err := tracker.Record(d.archive(), ev, d.today(), nil)
	if err != nil {
		return refusal(err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": ev.Response, "revision": ev.Revision,
		"sent": day.ISO(ev.Sent), "published": day.ISO(ev.Published), "reason": ev.Reason})
	return nil
}

// trackRequest is the body of POST .../items/{item}/track.
type trackRequest struct {
	Status   string  `json:"status"`
	Owner    string  `json:"owner"`
	Target   *string `json:"target"`
	Note     string  `json:"note"`
	Evidence string  `json:"evidence"`
	Date     *string `json:"date"`
}

// track answers POST /_s55/api/responses/{id}/items/{item}/track: an
// update of the item in the archive's tracker.yaml, as "s55 track" writes
// it.
func (d *Desk) track(w http.ResponseWriter, r *http.Request) *apiError {
	var req trackRequest
	if e := readJSON(w, r, &req); e != nil {
		return e
	}
	ds, e := dates(map[string]*string{"target": req.Target, "date": req.Date})
	if e != nil {
		return e
	}
	today := d.today()
	u := tracker.Update{Response: r.PathValue("id"), Item: r.PathValue("item"), Status: strings.TrimSpace(req.Status),
		Owner: strings.TrimSpace(req.Owner), Target: ds["target"], Note: strings.TrimSpace(req.Note),
		Evidence: strings.TrimSpace(req.Evidence), Date: ds["date"]}
	if u.Date.IsZero() {
		u.Date = today
	}
	if u.Status == "" {
		return &apiError{status: http.StatusUnprocessableEntity, msg: "not recorded: give the item's status",
			extra: map[string]any{"problems": []map[string]any{{"field": "status", "message": "choose the item's status: " + strings.Join(tracker.Statuses, ", ")}}}}
	}
	if _, err := os.Stat(d.archive()); err != nil {
		return failf(http.StatusNotFound, "nothing is issued yet: issue the response first")
	}
	if err := tracker.Track(d.archive(), u, today, nil); err != nil {
		return refusal(err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": u.Response, "item": u.Item, "date": day.ISO(u.Date), "status": response.CanonicalStatus(u.Status)})
	return nil
}

// siteFolder is the folder the office's profile names for its site
// (site:, relative to the profile), or "site" beside it.
func (d *Desk) siteFolder() (string, *apiError) {
	off, _, diags := response.LoadOffice(d.office)
	if diags.Errors() > 0 {
		return "", &apiError{status: http.StatusUnprocessableEntity, msg: "not published: the office profile has problems",
			extra: map[string]any{"problems": problemsJSON(diags)}}
	}
	out := off.Site
	if out == "" {
		out = "site"
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(filepath.Dir(d.office), out)
	}
	return out, nil
}

// publish answers POST /_s55/api/publish: the site written into the
// folder the office's profile names, as "s55 index" writes it.
func (d *Desk) publish(w http.ResponseWriter, r *http.Request) *apiError {
	var req struct{}
	if e := readJSON(w, r, &req); e != nil {
		return e
	}
	out, e := d.siteFolder()
	if e != nil {
		return e
	}
	if err := archive.IsArchive(d.archive()); err != nil {
		return failf(http.StatusConflict, "not published: nothing is issued yet")
	}
	report, end := d.work.begin()
	defer end()
	res, diags, err := site.Publish(d.archive(), out, site.PublishOptions{Today: d.today(), Progress: report})
	if err != nil {
		return failf(http.StatusConflict, "not published: %v", err)
	}
	if diags.Errors() > 0 {
		return &apiError{status: http.StatusUnprocessableEntity, msg: "not published: the tracker's files have problems",
			extra: map[string]any{"problems": problemsJSON(diags)}}
	}
	writeJSON(w, http.StatusOK, map[string]any{"folder": out, "up_to_date": res.UpToDate, "revisions": res.Revisions,
		"tracked": res.Rows, "written": res.Stats.Written})
	return nil
}
