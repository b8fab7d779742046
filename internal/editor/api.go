package editor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/preview"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/strictjson"
	"github.com/opcc-tools/s55/internal/yamledit"
)

// The editor's API, which its page uses and scripts may too. docs/serve.md
// documents it; in short:
//
//	GET  /_s55/api/items              the items, appendices and letter, with the token
//	PUT  /_s55/api/items/{id}         change an item's fields
//	PUT  /_s55/api/appendices/{id}    change an appendix's title or introduction
//	PUT  /_s55/api/letter             change the letter's body
//	POST /_s55/api/preview/...        the same bodies, rendered, nothing written
//	POST /_s55/api/new                make a new response folder beside this one
//
// A request that writes carries the token in X-S55-Token, JSON of at most
// maxBody bytes, and (PUT) If-Match with the version it changes.
const (
	pathAPI      = "/_s55/api/"
	pathItems    = "/_s55/api/items"
	pathLetter   = "/_s55/api/letter"
	pathAppendix = "/_s55/api/appendices/"
	pathPreview  = "/_s55/api/preview/"
	pathNewAPI   = "/_s55/api/new"
	pathResponse = "/_s55/api/response"
)

// responseFields are the response's own fields the editor reads and
// writes (PUT /_s55/api/response), by their paths in response.yaml.
var responseFields = []string{"letter_date", "report.title", "report.url", "report.published", "chief_officer_due"}

// fieldPath is the path in response.yaml of a field of the target at
// path.
func fieldPath(path, name string) string {
	switch {
	case path != ".":
		return path + "." + name
	case name == "letter_date":
		return "letter.date"
	}
	return name
}

// maxBody bounds a request's JSON body.
const maxBody = 1 << 20

// apiError is an answer other than 200: its status and message, and what
// the caller needs to carry on (the file's current version and values for
// a conflict, the problems for a refused save).
type apiError struct {
	status int
	msg    string
	extra  map[string]any
}

func (e *apiError) Error() string { return e.msg }

func failf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

// writeJSON answers with v as JSON (WriteJSON).
func writeJSON(w http.ResponseWriter, status int, v any) { WriteJSON(w, status, v) }

// WriteJSON answers with v as JSON, as every API of s55 serve answers.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // served as JSON, never sniffed: "<b>" reads as it is
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// writeError answers with the error as JSON (WriteError).
func writeError(w http.ResponseWriter, e *apiError) { WriteError(w, e.status, e.msg, e.extra) }

// WriteError answers a refusal as JSON, as every API of s55 serve
// answers one: {"error": msg, and the fields of extra}.
func WriteError(w http.ResponseWriter, status int, msg string, extra map[string]any) {
	body := map[string]any{"error": msg}
	for k, v := range extra {
		body[k] = v
	}
	WriteJSON(w, status, body)
}

// sameOrigin refuses a request that a page of another site sent
// (preview.Server.CheckOrigin).
func (s *Editor) sameOrigin(r *http.Request) *apiError {
	return refusal(s.p.CheckOrigin(r))
}

// mayWrite refuses a request that writes unless it comes from this machine
// with the token of this server's start (preview.Server.CheckWrite).
func (s *Editor) mayWrite(r *http.Request) *apiError {
	return refusal(s.p.CheckWrite(r))
}

// refusal is the preview's guard's refusal as the API's error.
func refusal(r *preview.Refusal) *apiError {
	if r == nil {
		return nil
	}
	return failf(r.Status, "%s", r.Msg)
}

// readBody reads a request's JSON object, of at most maxBody bytes, with
// only the fields allowed.
func readBody(w http.ResponseWriter, r *http.Request, allowed []string) (map[string]json.RawMessage, *apiError) {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "application/json" {
		return nil, failf(http.StatusUnsupportedMediaType, "send JSON, with Content-Type: application/json")
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, failf(http.StatusRequestEntityTooLarge, "the body is larger than %d bytes", maxBody)
	}
	if err != nil {
		return nil, failf(http.StatusBadRequest, "reading the body: %v", err)
	}
	if err := strictjson.Check(data); err != nil {
		return nil, failf(http.StatusBadRequest, "the body is not a JSON object as the editor takes it: %v", err)
	}
	var fields map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&fields); err != nil || fields == nil {
		return nil, failf(http.StatusBadRequest, "the body is not a JSON object: %v", err)
	}
	if dec.More() {
		return nil, failf(http.StatusBadRequest, "the body holds more than one JSON value")
	}
	for k := range fields {
		if !slices.Contains(allowed, k) {
			return nil, failf(http.StatusBadRequest, "unknown field %q: send only %s", k, strings.Join(allowed, ", "))
		}
	}
	if len(fields) == 0 {
		return nil, failf(http.StatusBadRequest, "nothing to change: send one of %s", strings.Join(allowed, ", "))
	}
	return fields, nil
}

// ifMatch returns the versions a request changes, from If-Match: one, or,
// for a letter in a file per language, the version of each file it
// changes, as a list ("v1", "v2"). The versions are strong ETags, and
// If-Match compares strongly (RFC 9110, 13.1.1): a weak one (W/"...")
// never matches, so a request that gives one is refused with 412.
func ifMatch(r *http.Request) ([]string, *apiError) {
	var out []string
	for _, v := range strings.Split(r.Header.Get("If-Match"), ",") {
		v = strings.TrimSpace(v)
		if strings.HasPrefix(v, "W/") {
			return nil, failf(http.StatusPreconditionFailed, "If-Match gives the weak version %s: send the version as GET %s gives it, a strong one, in quotes without W/", v, pathItems)
		}
		v = strings.Trim(v, `"`)
		if v != "" && v != "*" {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, failf(http.StatusPreconditionRequired, "no If-Match: send the version of the file the change is made to, as GET %s gives it", pathItems)
	}
	return out, nil
}

// serveAPI answers the editor's API.
func (s *Editor) serveAPI(w http.ResponseWriter, r *http.Request, p string) {
	if e := s.sameOrigin(r); e != nil {
		writeError(w, e)
		return
	}
	method := func(want string) bool {
		if r.Method == want || (want == http.MethodGet && r.Method == http.MethodHead) {
			return true
		}
		w.Header().Set("Allow", want)
		writeError(w, failf(http.StatusMethodNotAllowed, "%s takes %s", p, want))
		return false
	}
	var e *apiError
	switch {
	case p == pathItems:
		if method(http.MethodGet) {
			e = s.getItems(w)
		}
	case strings.HasPrefix(p, pathItems+"/"):
		if method(http.MethodPut) {
			e = s.save(w, r, target{kind: "item", id: strings.TrimPrefix(p, pathItems+"/")}, false)
		}
	case strings.HasPrefix(p, pathAppendix):
		if method(http.MethodPut) {
			e = s.save(w, r, target{kind: "appendix", id: strings.TrimPrefix(p, pathAppendix)}, false)
		}
	case p == pathResponse && r.Method == http.MethodPut:
		e = s.save(w, r, target{kind: "response"}, false)
	case p == pathResponse:
		if method(http.MethodGet) {
			e = s.getResponse(w)
		}
	case p == pathLetter:
		if method(http.MethodPut) {
			e = s.save(w, r, target{kind: "letter"}, false)
		}
	case strings.HasPrefix(p, pathPreview):
		t, ok := previewTarget(strings.TrimPrefix(p, pathPreview))
		if !ok {
			e = failf(http.StatusNotFound, "no such place to preview")
		} else if method(http.MethodPost) {
			e = s.save(w, r, t, true)
		}
	case p == pathNewAPI:
		if method(http.MethodPost) {
			e = s.newResponse(w, r)
		}
	default:
		e = failf(http.StatusNotFound, "no such API path")
	}
	if e != nil {
		writeError(w, e)
	}
}

// previewTarget reads "items/rec-3", "appendices/appendix-1" or "letter".
func previewTarget(rest string) (target, bool) {
	switch {
	case rest == "letter":
		return target{kind: "letter"}, true
	case strings.HasPrefix(rest, "items/"):
		return target{kind: "item", id: strings.TrimPrefix(rest, "items/")}, true
	case strings.HasPrefix(rest, "appendices/"):
		return target{kind: "appendix", id: strings.TrimPrefix(rest, "appendices/")}, true
	}
	return target{}, false
}

// target is what a save changes: an item's fields or an appendix's, in
// response.yaml, or the letter's body.
type target struct {
	kind string // "item", "appendix" or "letter"
	id   string
}

// String names the target in a sentence: "rec-3", "appendix-1", "the letter".
func (t target) String() string {
	switch t.kind {
	case "letter":
		return "the letter"
	case "response":
		return "the response's fields"
	}
	return t.id
}

// fields are the fields a save of the target takes.
func (t target) fields() []string {
	switch t.kind {
	case "item":
		return itemFields
	case "appendix":
		return []string{"title", "introduction"}
	case "response":
		return responseFields
	}
	return []string{"body"}
}

// appendixIndex reads an appendix's ID, "appendix-1", as its index.
func appendixIndex(id string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "appendix-"))
	if err != nil || !strings.HasPrefix(id, "appendix-") || n < 1 || strconv.Itoa(n) != strings.TrimPrefix(id, "appendix-") {
		return 0, false
	}
	return n - 1, true
}

// place is where a target stands in the files read for a save.
type place struct {
	// files are the files the target is in, as read: response.yaml for
	// an item or an appendix; for the letter, its file, or its file for
	// each language.
	files []placeFile
	y     *yamledit.YAMLFile
	it    *item  // for an item
	path  string // the item's or appendix's path in response.yaml
}

// placeFile is one file of a place, as read.
type placeFile struct {
	// lang is the language of a letter's file.
	lang, file string
	data       []byte
}

// perLanguage reports whether the place is a letter in a file for each
// language, whose values and versions the API gives per language.
func (pl *place) perLanguage() bool { return len(pl.files) > 1 }

// find locates the target in the files as they are on disk; last is the
// latest load, which knows the letter's files. The place's path is "" when
// the file does not hold the target.
func (s *Editor) find(t target, last *preview.Load) (*place, *apiError) {
	if t.kind == "letter" {
		if last == nil || len(last.Letters) == 0 {
			return nil, &apiError{status: http.StatusUnprocessableEntity, msg: "the letter's file is not known: response.yaml names none that can be read; fix it in a text editor",
				extra: map[string]any{"problems": s.problems(last, t, nil)}}
		}
		pl := &place{path: "letter.body"}
		for _, lf := range last.Letters {
			data, err := input.Read(lf.File)
			if err != nil {
				return nil, failf(http.StatusConflict, "%s %s", lf.File, input.Reason(err))
			}
			pl.files = append(pl.files, placeFile{lang: lf.Lang, file: lf.File, data: data})
		}
		return pl, nil
	}
	if t.kind != "response" && !idPattern.MatchString(t.id) {
		return nil, failf(http.StatusNotFound, "%q is not an ID of the editor", t.id)
	}
	file := s.p.ResponseFile()
	data, err := input.Read(file)
	if err != nil {
		return nil, failf(http.StatusConflict, "%s %s", file, input.Reason(err))
	}
	y, err := yamledit.OpenYAML(data)
	if err != nil {
		return nil, &apiError{status: http.StatusUnprocessableEntity, msg: file + " cannot be read: fix it in a text editor",
			extra: map[string]any{"problems": s.problems(last, t, nil)}}
	}
	pl := &place{files: []placeFile{{file: file, data: data}}, y: y}
	switch t.kind {
	case "item":
		if it := findItem(listItems(y), t.id); it != nil {
			pl.it, pl.path = it, it.Path
		}
	case "appendix":
		if i, ok := appendixIndex(t.id); ok && i < y.Len("appendices") {
			pl.path = fmt.Sprintf("appendices[%d]", i)
		}
	case "response":
		pl.path = "."
	}
	return pl, nil
}

// perFile gives one value for each file of the place, as the API gives
// them: a string for one file, an object keyed by language for a letter
// in a file per language.
func (pl *place) perFile(value func(placeFile) string) jsonValue {
	if !pl.perLanguage() {
		return jsonValue(yamledit.PlainText(value(pl.files[0])))
	}
	v := yamledit.FieldValue{Shape: yamledit.LangValue}
	for _, f := range pl.files {
		v.Langs = append(v.Langs, yamledit.LangText{Lang: f.lang, Text: value(f)})
	}
	return jsonValue(v)
}

// versions are the versions of the place's files, as the API gives them.
func (pl *place) versions() jsonValue {
	return pl.perFile(func(f placeFile) string { return preview.Version(f.data) })
}

// values returns the target's fields as the files at pl give them, for
// the API's answers.
func (pl *place) values(t target) map[string]jsonValue {
	out := map[string]jsonValue{}
	if t.kind == "letter" {
		out["body"] = pl.perFile(func(f placeFile) string { return string(f.data) })
		return out
	}
	if pl.path == "" {
		return nil
	}
	for _, name := range t.fields() {
		out[name] = jsonValue(offered(pl.y.Get(fieldPath(pl.path, name)), name, languages(pl.y, listItems(pl.y))))
	}
	return out
}

// with returns the place with the files' new contents, where given.
func (pl *place) with(datas [][]byte) *place {
	next := &place{path: pl.path, it: pl.it}
	for i, f := range pl.files {
		if datas[i] != nil {
			f.data = datas[i]
		}
		next.files = append(next.files, f)
	}
	if pl.y != nil {
		next.y, _ = yamledit.OpenYAML(next.files[0].data)
	}
	return next
}

// save changes the target as the request asks, or with dry set,
// renders the change and writes nothing.
//
// A save reads the files from disk, refuses a stale If-Match (409, with
// the files' versions and values), makes the edits (each proved by the
// editor of response.yaml), and loads the response once with the new bytes
// in place of the files'. It refuses (422) a change that brings a check
// error, or leaves one in a field it changes, with the problems placed.
// Otherwise it writes each file it changes atomically, once more sure that
// nobody changed it since it was read, and publishes the preview of that
// same load at once: the watcher's event for the write rebuilds nothing.
// The check runs outside the server's lock, so that a save of a large file
// holds up no page, preview or other save while it is checked; saves and
// rebuilds take turns only to write and publish (see writeAndPublish).
//
// A letter in a file for each language is saved per file: a save changes
// the files of the languages it sends, each at the version If-Match gives
// for it, and a change behind the form to another language's file does not
// hold it up.
func (s *Editor) save(w http.ResponseWriter, r *http.Request, t target, dry bool) *apiError {
	req, e := s.request(w, r, t, dry)
	if e != nil {
		return e
	}
	pl, e := s.locate(req)
	if e != nil {
		return e
	}
	datas, edited, e := s.change(pl, t, req.body)
	if e != nil {
		return e
	}
	over := overlay(pl, datas)
	if !dry && len(over) == 0 {
		// Nothing changes: nothing is written, and the files keep their
		// versions.
		s.answer(w, t, pl, pl, s.p.Latest())
		return nil
	}
	l := s.p.Load(over)
	if t.kind == "letter" && !sameLetters(l, pl) {
		return failf(http.StatusConflict, "response.yaml names other letter files now: reload the page")
	}
	if dry {
		html := s.renderPreview(l, t, pl)
		writeJSON(w, http.StatusOK, map[string]any{"html": html, "problems": s.problems(l, t, pl.it)})
		return nil
	}
	if e := s.refusal(t, pl, l, edited); e != nil {
		return e
	}
	if e := s.writeAndPublish(t, pl, datas, l); e != nil {
		return e
	}
	s.answer(w, t, pl.with(datas), pl, l)
	return nil
}

// saveRequest is a save's request as read: its target, its fields, and
// for a write (not dry), the versions If-Match gives.
type saveRequest struct {
	t    target
	dry  bool
	body map[string]json.RawMessage
	want []string
}

// request reads a save's request: from this machine with the token, JSON
// of the target's fields, and for a write, If-Match.
func (s *Editor) request(w http.ResponseWriter, r *http.Request, t target, dry bool) (*saveRequest, *apiError) {
	if e := s.mayWrite(r); e != nil {
		return nil, e
	}
	body, e := readBody(w, r, t.fields())
	if e != nil {
		return nil, e
	}
	req := &saveRequest{t: t, dry: dry, body: body}
	if !dry {
		if req.want, e = ifMatch(r); e != nil {
			return nil, e
		}
		s.p.WantPDFs() // a build settling before its PDFs makes them now
	}
	return req, nil
}

// locate reads the files the target is in; for a write, it refuses a file s55 may not write over and
// one whose version is not the request's (409, with the files' versions and
// values).
func (s *Editor) locate(req *saveRequest) (*place, *apiError) {
	t := req.t
	pl, e := s.find(t, s.p.Latest())
	if e != nil {
		return nil, e
	}
	sent, e := pl.sent(t, req.body)
	if e != nil {
		return nil, e
	}
	if !req.dry {
		if e := writable(pl, sent); e != nil {
			return nil, e
		}
		for _, i := range sent {
			if !slices.Contains(req.want, preview.Version(pl.files[i].data)) {
				return nil, &apiError{status: http.StatusConflict, msg: "the file has changed since the form was filled: your text is kept; compare it with the file's",
					extra: map[string]any{"version": pl.versions(), "current": pl.values(t)}}
			}
		}
	}
	if pl.path == "" {
		return nil, failf(http.StatusNotFound, "%s holds no %s %q", pl.files[0].file, t.kind, t.id)
	}
	return pl, nil
}

// overlay maps each file the save changes, by absolute path, to its new
// bytes, for the load that checks them.
func overlay(pl *place, datas [][]byte) map[string][]byte {
	over := map[string][]byte{}
	for i, d := range datas {
		if d != nil {
			over[preview.AbsPath(pl.files[i].file)] = d
		}
	}
	return over
}

// refusal refuses a change that the load l of it shows to bring a check
// error, or to leave one in a field it changes (422, with the problems
// placed), compared with the load of the files as they are; and a change
// whose files changed on disk while it was checked (409).
func (s *Editor) refusal(t target, pl *place, l *preview.Load, edited []string) *apiError {
	stale := func(l *preview.Load) bool {
		for _, f := range pl.files {
			if l == nil || l.VersionOf(f.file) != preview.Version(f.data) {
				return true
			}
		}
		return false
	}
	before := s.p.Latest()
	if stale(before) {
		// What the files now on disk give, to compare with.
		if before = s.p.Load(nil); stale(before) {
			return failf(http.StatusConflict, "the file changed while the change was checked: your text is kept; save again to compare")
		}
	}
	blocking := refusing(before.Diags, l.Diags, edited)
	if len(blocking) == 0 {
		return nil
	}
	probs := s.problems(l, t, pl.it)
	for i := range probs {
		probs[i].Blocking = blocking[probs[i].k]
	}
	return &apiError{status: http.StatusUnprocessableEntity, msg: "not saved: the change has problems, shown beside the fields; the file is as it was",
		extra: map[string]any{"problems": probs, "elsewhere": s.elsewhere(l, t, pl.it, blocking)}}
}

// answer answers a save: the files' versions now (npl) and before (pl),
// the target's values, and the problems of the load l, with the file's
// version as its ETag when there is one file.
func (s *Editor) answer(w http.ResponseWriter, t target, npl, pl *place, l *preview.Load) {
	if !npl.perLanguage() {
		w.Header().Set("ETag", `"`+preview.Version(npl.files[0].data)+`"`)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"version":  npl.versions(),
		"previous": pl.versions(),
		"values":   npl.values(t),
		"problems": s.problems(l, t, pl.it),
	})
}

// writeAndPublish writes a checked save and publishes its load l, taking
// turns with other saves and with rebuilds: it is sure, just before
// writing, that nobody changed the files since they were read (a save or
// an editor that wrote meanwhile brings a conflict, never a lost edit),
// writes them, and publishes the pages. Only this holds the server's lock,
// not the check before it; the PDFs are rendered after, outside it, and
// published only while no later load has been.
func (s *Editor) writeAndPublish(t target, pl *place, datas [][]byte, l *preview.Load) *apiError {
	s.p.Lock()
	defer s.p.Unlock()
	var names []string
	for i, d := range datas {
		if d == nil {
			continue
		}
		if now, err := input.Read(pl.files[i].file); err != nil || !bytes.Equal(now, pl.files[i].data) {
			return failf(http.StatusConflict, "the file changed while the change was checked: your text is kept; save again to compare")
		}
		names = append(names, pl.files[i].file)
	}
	seen := s.p.Watched()
	for i, d := range datas {
		if d == nil {
			continue
		}
		if err := staging.WriteFile(pl.files[i].file, d, true); err != nil {
			if e := refusedWrite(err); e != nil {
				return e
			}
			return failf(http.StatusInternalServerError, "%s could not be written, and is as it was: %v", pl.files[i].file, err)
		}
		seen.Wrote(pl.files[i].file, d)
	}
	s.p.Publish(l, seen)
	s.p.Logf("saved %s into %s in %s", t, strings.Join(names, " and "), preview.Millis(time.Since(l.Start)))
	return nil
}

// writable refuses a save into a file that s55 may not write over (see
// staging.CanReplace): 409, before anything is checked or written.
func writable(pl *place, sent []int) *apiError {
	for _, i := range sent {
		if _, err := staging.CanReplace(pl.files[i].file); err != nil {
			return failf(http.StatusConflict, "not saved: %v; your text is kept", err)
		}
	}
	return nil
}

// refusedWrite answers a file that staging refuses to write over: a
// symbolic link, a read-only file or one that is not regular (409), or
// nil for any other error.
func refusedWrite(err error) *apiError {
	if errors.Is(err, staging.ErrLink) || errors.Is(err, staging.ErrReadOnly) || errors.Is(err, staging.ErrNotRegular) {
		return failf(http.StatusConflict, "not saved: %v; your text is kept", err)
	}
	return nil
}

// sameLetters reports whether the load l read the letter from the files
// of pl, each under its language.
func sameLetters(l *preview.Load, pl *place) bool {
	if len(l.Letters) != len(pl.files) {
		return false
	}
	for i, lf := range l.Letters {
		if lf.Lang != pl.files[i].lang || preview.AbsPath(lf.File) != preview.AbsPath(pl.files[i].file) {
			return false
		}
	}
	return true
}

// sent returns the files of the place that the request's body changes:
// response.yaml for an item or an appendix; for the letter, its file, or
// the files of the languages sent.
func (pl *place) sent(t target, body map[string]json.RawMessage) ([]int, *apiError) {
	if t.kind != "letter" {
		return []int{0}, nil
	}
	v, err := parseValue(body["body"], false)
	if err != nil {
		return nil, failf(http.StatusBadRequest, "body: must be the letter's text, a string, or for a letter in a file for each language an object of texts keyed by language tag")
	}
	if v.Shape == yamledit.TextValue {
		if pl.perLanguage() {
			return nil, pl.letterRefusal("", "the letter is written in a file for each language: give it in %s, as an object keyed by language tag", strings.Join(pl.langs(), " and "))
		}
		return []int{0}, nil
	}
	var out []int
	for _, l := range v.Langs {
		i := slices.IndexFunc(pl.files, func(f placeFile) bool { return f.lang == l.Lang })
		if i < 0 {
			return nil, pl.letterRefusal(l.Lang, "%q is not a language of the letter's files (%s)", l.Lang, strings.Join(pl.langs(), ", "))
		}
		if slices.Contains(out, i) {
			return nil, failf(http.StatusBadRequest, "body: %s is given twice", l.Lang)
		}
		out = append(out, i)
	}
	return out, nil
}

// langs are the languages of a letter's files.
func (pl *place) langs() []string {
	var out []string
	for _, f := range pl.files {
		out = append(out, f.lang)
	}
	return out
}

// letterRefusal answers a letter's body that the files cannot take as
// sent: 422, with the problem beside the letter's field.
func (pl *place) letterRefusal(lang, format string, args ...any) *apiError {
	msg := fmt.Sprintf(format, args...)
	file := pl.files[0].file
	for _, f := range pl.files {
		if f.lang == lang {
			file = f.file
		}
	}
	p := problemJSON{Severity: "error", File: file, Path: "letter.body", Item: "letter", Field: "body", Message: msg, Blocking: true}
	if pl.perLanguage() {
		p.Lang = lang
	}
	p.Text = diag.Diagnostic{File: file, Severity: diag.Error, Path: "letter.body", Msg: msg}.Error()
	return &apiError{status: http.StatusUnprocessableEntity, msg: "not saved: body: " + msg, extra: map[string]any{"problems": []problemJSON{p}}}
}

// change makes the request's edits to the target's files, and returns the
// new bytes of each file it changes (nil for one it leaves as it is) and
// the field paths (or, for the letter, the files) changed.
func (s *Editor) change(pl *place, t target, body map[string]json.RawMessage) ([][]byte, []string, *apiError) {
	datas := make([][]byte, len(pl.files))
	if t.kind == "letter" {
		v, _ := parseValue(body["body"], false) // read by sent
		texts := v.Langs
		if v.Shape == yamledit.TextValue {
			texts = []yamledit.LangText{{Lang: pl.files[0].lang, Text: v.Text}}
		}
		var edited []string
		for _, lt := range texts {
			i := slices.IndexFunc(pl.files, func(f placeFile) bool { return f.lang == lt.Lang })
			f := pl.files[i]
			text := normalize("introduction", yamledit.PlainText(lt.Text)).Text
			if bytes.Contains(f.data, []byte("\r\n")) {
				text = strings.ReplaceAll(text, "\n", "\r\n")
			}
			if text != string(f.data) {
				datas[i] = []byte(text)
			}
			edited = append(edited, "file:"+preview.AbsPath(f.file))
		}
		return datas, edited, nil
	}
	var edits []edit
	var edited []string
	fields := map[string]string{}
	for _, name := range t.fields() {
		raw, ok := body[name]
		if !ok {
			continue
		}
		v, err := parseValue(raw, name == "addressees")
		if err == nil && name == "addressees" && v.Shape != yamledit.ListValue {
			err = errors.New("must be a list of texts")
		}
		if err != nil {
			return nil, nil, failf(http.StatusBadRequest, "%s: %v", name, err)
		}
		path := fieldPath(pl.path, name)
		es, err := plan(path, name, pl.y.Get(path), normalize(name, v))
		if err != nil {
			return nil, nil, s.fieldRefusal(t, pl, err)
		}
		for _, e := range es {
			fields[e.path] = name
		}
		edits = append(edits, es...)
		edited = append(edited, path)
	}
	data, err := apply(pl.files[0].data, edits, fields)
	if err != nil {
		return nil, nil, s.fieldRefusal(t, pl, err)
	}
	if !bytes.Equal(data, pl.files[0].data) {
		datas[0] = data
	}
	return datas, edited, nil
}

// fieldRefusal answers a field the file cannot take as sent: 422, with the
// problem beside the field.
func (s *Editor) fieldRefusal(t target, pl *place, err error) *apiError {
	var fe fieldError
	if !errors.As(err, &fe) {
		return failf(http.StatusUnprocessableEntity, "%v", err)
	}
	file := pl.files[0].file
	p := problemJSON{Severity: "error", File: file, Path: fe.path, Field: fe.field, Message: fe.msg, Blocking: true}
	if pl.it != nil {
		p.Item = pl.it.ID
	}
	p.Text = diag.Diagnostic{File: file, Severity: diag.Error, Path: fe.path, Msg: fe.msg}.Error()
	return &apiError{status: http.StatusUnprocessableEntity, msg: "not saved: " + fe.Error(),
		extra: map[string]any{"problems": []problemJSON{p}}}
}

// refusing returns the errors of after that refuse a save: every error that
// before (the file as it is) does not have, and every error in a field the
// save changes. Errors are told apart by file, field path and message, not
// by place, which the change moves. The file of the letter's body stands
// for itself in edited, as "file:" and its absolute path.
func refusing(before, after diag.List, edited []string) map[string]bool {
	had := map[string]int{}
	for _, d := range before {
		if d.Severity == diag.Error {
			had[problemKey(d)]++
		}
	}
	out := map[string]bool{}
	for _, d := range after {
		if d.Severity != diag.Error {
			continue
		}
		k := problemKey(d)
		inEdited := false
		for _, e := range edited {
			if f, ok := strings.CutPrefix(e, "file:"); ok {
				inEdited = inEdited || preview.AbsPath(d.File) == f
			} else {
				inEdited = inEdited || d.Path == e || strings.HasPrefix(d.Path, e+".") || strings.HasPrefix(d.Path, e+"[")
			}
		}
		if had[k] > 0 && !inEdited {
			had[k]--
			continue
		}
		out[k] = true
	}
	return out
}

// problemKey tells problems apart across loads of different bytes.
func problemKey(d diag.Diagnostic) string {
	return preview.AbsPath(d.File) + "\x00" + d.Path + "\x00" + d.Msg
}

// getItems answers GET /_s55/api/items.
func (s *Editor) getItems(w http.ResponseWriter) *apiError {
	v, e := s.view()
	if e != nil {
		return e
	}
	w.Header().Set("ETag", `"`+v.version+`"`)
	writeJSON(w, http.StatusOK, v.api(s.p.Token()))
	return nil
}

// getResponse answers GET /_s55/api/response: the response's own fields
// (responseFields), response.yaml's version and their problems.
func (s *Editor) getResponse(w http.ResponseWriter) *apiError {
	t := target{kind: "response"}
	l := s.p.Loaded()
	pl, e := s.find(t, l)
	if e != nil {
		return e
	}
	w.Header().Set("ETag", `"`+preview.Version(pl.files[0].data)+`"`)
	writeJSON(w, http.StatusOK, map[string]any{"version": pl.versions(), "values": pl.values(t), "problems": s.problems(l, t, nil)})
	return nil
}
