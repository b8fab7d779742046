package editor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/findings"
	"github.com/opcc-tools/s55/internal/preview"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/scaffold"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/statute"
)

// newRequest is the body of POST /_s55/api/new: what "s55 new" takes.
type newRequest struct {
	// Folder is the new response folder's name, made beside the one
	// served.
	Folder string `json:"folder"`
	// Report is the report's title.
	Report string `json:"report"`
	// Published is the report's publication day, YYYY-MM-DD.
	Published string `json:"published"`
	// Date is the letter's date, YYYY-MM-DD; empty means today.
	Date string `json:"date"`
	// Text is the report's text, pasted: its recommendations, causes of
	// concern and areas for improvement are read from it.
	Text string `json:"text"`
}

// newFields are newRequest's fields, as the page names its inputs.
var newFields = []string{"folder", "report", "published", "date", "text"}

// newResponse answers POST /_s55/api/new: it makes a new response folder
// beside the one served (MakeResponse).
func (s *Editor) newResponse(w http.ResponseWriter, r *http.Request) *apiError {
	if e := s.mayWrite(r); e != nil {
		return e
	}
	raw, e := readBody(w, r, newFields)
	if e != nil {
		return e
	}
	var req newRequest
	data, _ := json.Marshal(raw)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return failf(http.StatusBadRequest, "every field is a string: %v", err)
	}
	parent := filepath.Dir(preview.AbsPath(s.p.Dir()))
	status, body := MakeResponse(parent, s.p.Office(), NewRequest(req), NewNames{"folder", "report", "published", "date", "text"})
	writeJSON(w, status, body)
	return nil
}

// NewRequest is what a new response is made from, as "s55 new" takes it:
// the folder's name, the report's title, its publication day and the
// letter's date (YYYY-MM-DD; an empty date is today), and the report's
// text, pasted.
type NewRequest struct {
	Folder, Report, Published, Date, Text string
}

// NewNames are the names a form or an API gives NewRequest's fields, by
// which its problems are placed.
type NewNames struct {
	Folder, Report, Published, Date, Text string
}

// newMu serialises the new responses made from the browser.
var newMu sync.Mutex

// MakeResponse makes a new response folder in parent, as "s55 new" does,
// with the same code, and never over a folder that is there. It returns
// the status and the JSON body to answer: 201 with what it found and
// where the new response stands against check, 409 when the folder is
// there, and 422 with the problems placed by field (names).
func MakeResponse(parent, office string, req NewRequest, names NewNames) (int, map[string]any) {
	var probs []problemJSON
	bad := func(field, msg string) {
		probs = append(probs, problemJSON{Severity: "error", Item: "new", Field: field, Message: msg, Text: field + ": " + msg})
	}
	name := strings.TrimSpace(req.Folder)
	switch {
	case name == "":
		bad(names.Folder, "give the new response folder a name, such as 2024-02-01-peel")
	case !response.ValidID(name):
		bad(names.Folder, response.IDProblem(name)+", such as 2024-02-01-peel")
	}
	if strings.TrimSpace(req.Report) == "" {
		bad(names.Report, "give the report's title")
	}
	date := func(field, value string, need bool) time.Time {
		if value == "" && !need {
			return day.Today()
		}
		d, err := day.Parse(strings.TrimSpace(value))
		if err != nil {
			bad(field, "give the date, such as 2024-01-15")
		}
		return d
	}
	published := date(names.Published, req.Published, true)
	letterDate := date(names.Date, req.Date, false)
	if len(probs) == 0 {
		if msg := scaffold.LetterDateProblem(published, letterDate); msg != "" {
			bad(names.Date, msg)
		}
	}
	var found []findings.Finding
	if strings.TrimSpace(req.Text) != "" {
		var err error
		if found, err = findings.Parse(req.Text); err != nil {
			bad(names.Text, err.Error())
		}
	}
	if len(probs) > 0 {
		return http.StatusUnprocessableEntity, map[string]any{"error": "no response was made: see the problems beside the fields", "problems": probs}
	}

	dir := filepath.Join(parent, name)
	shown := shown(dir)
	newMu.Lock()
	defer newMu.Unlock()
	sc, diags := scaffold.Make(scaffold.Options{
		Dir: dir, Office: office, Report: strings.TrimSpace(req.Report),
		Published: published, LetterDate: letterDate, Findings: found,
	})
	if diags.Errors() > 0 {
		for _, d := range diags {
			probs = append(probs, problemJSON{Severity: d.Severity.String(), File: d.File, Line: d.Line, Col: d.Col, Path: d.Path, Message: d.Msg, Text: d.Error()})
		}
		return http.StatusUnprocessableEntity, map[string]any{"error": "no response was made: the office profile has problems", "problems": probs}
	}
	if err := sc.Write(dir); errors.Is(err, staging.ErrExists) {
		return http.StatusConflict, map[string]any{"error": shown + " is there already; a new response never replaces a folder",
			"problems": []problemJSON{{Severity: "error", Item: "new", Field: names.Folder, Message: "a folder of that name is there already: choose another name", Text: shown + ": already exists"}}}
	} else if err != nil {
		return http.StatusInternalServerError, map[string]any{"error": fmt.Sprintf("%s could not be made: %v", shown, err)}
	}

	// Where the new response stands, as "s55 check" would say.
	_, cdiags := build.Check(dir, build.Options{Office: office})
	checked := []string{}
	for _, d := range cdiags {
		checked = append(checked, d.Error())
	}
	list := []map[string]any{}
	var walk func(fs []findings.Finding)
	walk = func(fs []findings.Finding) {
		for _, f := range fs {
			list = append(list, map[string]any{"kind": string(f.Kind), "number": f.Number, "deadline": f.Deadline, "text": f.Text})
			walk(f.Children)
		}
	}
	walk(found)
	clock := statute.NewClock(published)
	return http.StatusCreated, map[string]any{
		"id":       name,
		"folder":   shown,
		"summary":  sc.Summary,
		"last_day": sc.Date(clock.LastDay),
		"found":    list,
		"check":    checked,
		"errors":   cdiags.Errors(),
		"commands": []string{"s55 serve " + shown, "s55 check " + shown},
	}
}
