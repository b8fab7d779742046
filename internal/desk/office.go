package desk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/editor"
	"github.com/opcc-tools/s55/internal/standing"
)

// maxBody bounds a request's JSON body.
const maxBody = 1 << 20

// standings are where the office's responses stand, most urgent first:
// every draft in its folder, and every response issued into its archive
// (standing, as "s55 status --archive" reads them).
func (d *Desk) standings() ([]*standing.Standing, error) {
	var dirs []string
	for _, dir := range standing.Folders(d.dir) {
		if dir != d.dir { // else no response folder in the office yet
			dirs = append(dirs, dir)
		}
	}
	list := d.drafts(dirs)
	byID := map[string]*standing.Standing{}
	for _, s := range list {
		if s.Error == "" {
			byID[s.ID] = s
		}
	}
	if st, err := os.Stat(d.archive()); err == nil && st.IsDir() {
		more, err := standing.Issued(d.archive(), byID)
		if err != nil {
			return nil, err
		}
		list = append(list, more...)
	}
	slices.SortStableFunc(list, standing.Urgency)
	return list, nil
}

// getOffice answers GET /_s55/api/office: the responses with their
// clocks, as "s55 status --json" gives them.
func (d *Desk) getOffice(w http.ResponseWriter, r *http.Request) *apiError {
	list, err := d.standings()
	if err != nil {
		return failf(http.StatusConflict, "the archive cannot be read: %v", err)
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// readJSON reads a request's JSON object into v: Content-Type
// application/json, at most maxBody bytes, no field v lacks, no field
// given twice.
func readJSON(w http.ResponseWriter, r *http.Request, v any) *apiError {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "application/json" {
		return failf(http.StatusUnsupportedMediaType, "send JSON, with Content-Type: application/json")
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return failf(http.StatusRequestEntityTooLarge, "the body is larger than %d bytes", maxBody)
	}
	if e := uniqueKeys(data); e != nil {
		return e
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return failf(http.StatusBadRequest, "the body is not the JSON object this path takes: %v", err)
	}
	if dec.More() {
		return failf(http.StatusBadRequest, "the body holds more than one JSON value")
	}
	return nil
}

// uniqueKeys refuses a body that is not one JSON object, or that gives a
// key twice, which encoding/json would read as its last.
func uniqueKeys(data []byte) *apiError {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		return failf(http.StatusBadRequest, "the body is not one JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.Token() // the object's opening brace
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok {
			return nil
		}
		if seen[key] {
			return failf(http.StatusBadRequest, "%q is given twice", key)
		}
		seen[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil
		}
	}
	return nil
}

// newRequest is the body of POST /_s55/api/responses.
type newRequest struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Date      string `json:"date"`
	Text      string `json:"text"`
}

// newResponse answers POST /_s55/api/responses: a new response folder in
// the office's, made as "s55 new" makes it (editor.MakeResponse).
func (d *Desk) newResponse(w http.ResponseWriter, r *http.Request) *apiError {
	var req newRequest
	if e := readJSON(w, r, &req); e != nil {
		return e
	}
	status, body := editor.MakeResponse(d.dir, d.office,
		editor.NewRequest{Folder: req.ID, Report: req.Title, Published: req.Published, Date: req.Date, Text: req.Text},
		editor.NewNames{Folder: "id", Report: "title", Published: "published", Date: "date", Text: "text"})
	if status == http.StatusCreated {
		body["page"] = "/responses/" + req.ID
		body["folder"] = filepath.Join(d.dir, req.ID)
	}
	writeJSON(w, status, body)
	return nil
}

// known is a draft's standing as last read, and what its files were then.
type known struct {
	key string
	s   standing.Standing
}

// drafts reads where each draft stands (standing.Draft), on as many
// processors as there are, and keeps each reading until the folder's
// files, the office profile or the day change: the first page of an
// office of many responses loads only those that changed.
func (d *Desk) drafts(dirs []string) []*standing.Standing {
	today := d.today()
	out := make([]*standing.Standing, len(dirs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, dir := range dirs {
		key := folderKey(dir, d.office, today)
		d.cacheMu.Lock()
		k, ok := d.cache[dir]
		d.cacheMu.Unlock()
		if ok && k.key == key {
			s := k.s
			out[i] = &s
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			s := standing.Draft(dir, d.office, today)
			d.cacheMu.Lock()
			d.cache[dir] = known{key, *s}
			d.cacheMu.Unlock()
			out[i] = s
		}()
	}
	wg.Wait()
	return out
}

// folderKey is what a draft's standing is read from, as it stands: the
// name, size and time of every file of the folder and of the office
// profile, and the day.
func folderKey(dir, office string, today time.Time) string {
	var b strings.Builder
	b.WriteString(day.ISO(today))
	sign := func(p string) {
		if st, err := os.Stat(p); err == nil {
			fmt.Fprintf(&b, "\x00%s\x00%d\x00%d", p, st.Size(), st.ModTime().UnixNano())
		}
	}
	sign(office)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		sign(filepath.Join(dir, e.Name()))
	}
	return b.String()
}
