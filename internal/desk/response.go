package desk

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/opcc-tools/s55/internal/standing"
)

// captured is the answer of a request the desk passes to a response's
// editor, kept to be read or merged before it is answered.
type captured struct {
	status int
	header http.Header
	body   bytes.Buffer
}

func (c *captured) Header() http.Header         { return c.header }
func (c *captured) Write(b []byte) (int, error) { return c.body.Write(b) }
func (c *captured) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

// json decodes the answer's body.
func (c *captured) json() map[string]any {
	var m map[string]any
	json.Unmarshal(c.body.Bytes(), &m)
	return m
}

// pass sends the response's editor the request r as method on path
// (the editor's API), with body, and returns its answer: the desk's saves
// are the editor's, with its locks, versions and checks.
func (o *opened) pass(r *http.Request, method, path string, body []byte) *captured {
	r2 := r.Clone(r.Context())
	r2.Method = method
	r2.URL.Path, r2.URL.RawPath = path, ""
	r2.RequestURI = path
	r2.Body = io.NopCloser(bytes.NewReader(body))
	r2.ContentLength = int64(len(body))
	if method == http.MethodGet {
		r2.Body = http.NoBody
		r2.ContentLength = 0
	}
	if o.p.Latest() == nil {
		o.p.Loaded() // the editor knows the letter's files from a load
	}
	c := &captured{header: http.Header{}}
	o.p.ServeHTTP(c, r2)
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c
}

// answer answers with a captured answer as it is.
func (c *captured) answer(w http.ResponseWriter) {
	for k, v := range c.header {
		w.Header()[k] = v
	}
	w.WriteHeader(c.status)
	w.Write(c.body.Bytes())
}

// answeredOf counts the items of an editor's items answer that have every
// answer they need ("7 of 11 items answered"): the force's response to
// one that needs it, the office's own to one that needs it. A cause of
// concern needs none of its own.
func answeredOf(items []any) (answered, total int) {
	for _, v := range items {
		it, _ := v.(map[string]any)
		if it == nil || it["kind"] == "cause-of-concern" {
			continue
		}
		total++
		done := true
		for _, a := range needs(it) {
			switch a {
			case "force":
				done = done && filled(it["response"])
			case "office":
				done = done && filled(it["office_response"])
			}
		}
		if done {
			answered++
		}
	}
	return answered, total
}

// filled reports whether a text of the API is written: a string, or every
// language's of an object of texts.
func filled(v any) bool {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t) != ""
	case map[string]any:
		for _, s := range t {
			if str, _ := s.(string); strings.TrimSpace(str) == "" {
				return false
			}
		}
		return len(t) > 0
	}
	return false
}

// responseView is a response as GET /_s55/api/responses/{id} gives it.
type responseView struct {
	ID    string `json:"id"`
	Token string `json:"token"`
	// Version is response.yaml's, LetterVersion the letter's file's (or
	// each language's).
	Version       any            `json:"version"`
	LetterVersion any            `json:"letter_version"`
	Values        map[string]any `json:"values"`
	Problems      []any          `json:"problems"`
	Items         []any          `json:"items"`
	Answered      int            `json:"answered"`
	Total         int            `json:"total"`
	// Standing is where it stands, as GET /_s55/api/office gives it.
	Standing *standing.Standing `json:"standing"`
	Error    string             `json:"error,omitempty"`
}

// view reads the response id: its own fields, its letter, its items and
// where it stands.
func (d *Desk) view(r *http.Request, id string) (*responseView, *apiError) {
	o, e := d.open(id)
	if e != nil {
		return nil, e
	}
	own := o.pass(r, http.MethodGet, "/_s55/api/response", nil)
	items := o.pass(r, http.MethodGet, "/_s55/api/items", nil).json()
	v := &responseView{ID: id, Token: d.Token(), Values: map[string]any{}, Problems: []any{}, Items: []any{}}
	if own.status != http.StatusOK {
		m := own.json()
		v.Error, _ = m["error"].(string)
	} else {
		m := own.json()
		v.Version = m["version"]
		v.Values, _ = m["values"].(map[string]any)
		if p, ok := m["problems"].([]any); ok {
			v.Problems = p
		}
	}
	if l, ok := items["letter"].(map[string]any); ok {
		v.Values["letter"] = l["body"]
		v.LetterVersion = l["version"]
		if p, ok := l["problems"].([]any); ok {
			v.Problems = append(v.Problems, p...)
		}
	}
	if list, ok := items["items"].([]any); ok {
		v.Items = list
	}
	v.Answered, v.Total = answeredOf(v.Items)
	if list, err := d.standings(); err == nil {
		for _, s := range list {
			if s.ID == id {
				v.Standing = s
			}
		}
	}
	return v, nil
}

// getResponse answers GET /_s55/api/responses/{id}.
func (d *Desk) getResponse(w http.ResponseWriter, r *http.Request) *apiError {
	v, e := d.view(r, r.PathValue("id"))
	if e != nil {
		return e
	}
	if s, ok := v.Version.(string); ok {
		w.Header().Set("ETag", `"`+s+`"`)
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// putResponse answers PUT /_s55/api/responses/{id}: the response's own
// fields are saved into response.yaml and the letter's text into its file,
// each by the editor's save, with If-Match listing the version of each
// file changed.
func (d *Desk) putResponse(w http.ResponseWriter, r *http.Request) *apiError {
	o, e := d.open(r.PathValue("id"))
	if e != nil {
		return e
	}
	var body map[string]json.RawMessage
	if e := readJSON(w, r, &body); e != nil {
		return e
	}
	letter, hasLetter := body["letter"]
	delete(body, "letter")
	var answers []*captured
	if len(body) > 0 || !hasLetter {
		data, _ := json.Marshal(body)
		c := o.labelled(r, o.pass(r, http.MethodPut, "/_s55/api/response", data))
		if c.status != http.StatusOK {
			c.answer(w)
			return nil
		}
		answers = append(answers, c)
	}
	if hasLetter {
		data, _ := json.Marshal(map[string]json.RawMessage{"body": letter})
		c := o.labelled(r, o.pass(r, http.MethodPut, "/_s55/api/letter", data))
		if c.status != http.StatusOK || len(answers) == 0 {
			c.answer(w)
			return nil
		}
		answers = append(answers, c)
	}
	if len(answers) == 1 {
		answers[0].answer(w)
		return nil
	}
	// Both: the fields' answer, with the letter's version and text.
	fields, letterAnswer := answers[0].json(), answers[1].json()
	fields["letter_version"] = letterAnswer["version"]
	if vals, ok := fields["values"].(map[string]any); ok {
		if lv, ok := letterAnswer["values"].(map[string]any); ok {
			vals["letter"] = lv["body"]
		}
	}
	w.Header().Set("ETag", answers[0].header.Get("ETag"))
	writeJSON(w, http.StatusOK, fields)
	return nil
}

// getItem answers GET /_s55/api/responses/{id}/items/{item}: the item as
// the editor gives it.
func (d *Desk) getItem(w http.ResponseWriter, r *http.Request) *apiError {
	o, e := d.open(r.PathValue("id"))
	if e != nil {
		return e
	}
	items := o.pass(r, http.MethodGet, "/_s55/api/items", nil).json()
	list, _ := items["items"].([]any)
	for _, v := range list {
		if it, ok := v.(map[string]any); ok && it["id"] == r.PathValue("item") {
			if s, ok := it["version"].(string); ok {
				w.Header().Set("ETag", `"`+s+`"`)
			}
			writeJSON(w, http.StatusOK, it)
			return nil
		}
	}
	return failf(http.StatusNotFound, "the response has no item %q", r.PathValue("item"))
}

// putItem answers PUT /_s55/api/responses/{id}/items/{item}: the editor's
// save of the item.
func (d *Desk) putItem(w http.ResponseWriter, r *http.Request) *apiError {
	o, e := d.open(r.PathValue("id"))
	if e != nil {
		return e
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return failf(http.StatusRequestEntityTooLarge, "the body is larger than %d bytes", maxBody)
	}
	o.labelled(r, o.pass(r, http.MethodPut, "/_s55/api/items/"+r.PathValue("item"), data)).answer(w)
	return nil
}

// needs are the answers an item of the editor's answer needs: as its
// addressees say, or, when the office does not load and they cannot be
// read, the force's.
func needs(it map[string]any) []any {
	answers, ok := it["answers"].([]any)
	if !ok {
		return []any{"force"}
	}
	return answers
}

// labelled adds to each problem of an editor's answer its field's label,
// as the page shows it ("Recommendation 3, the force's response"): a
// script, like the page, can say where a problem is without reading a
// path in the file.
func (o *opened) labelled(r *http.Request, c *captured) *captured {
	m := c.json()
	if m == nil {
		return c
	}
	var headings map[string]string
	for _, key := range []string{"problems", "elsewhere"} {
		list, ok := m[key].([]any)
		if !ok || len(list) == 0 {
			continue
		}
		if headings == nil {
			headings = o.headings(r)
		}
		for _, v := range list {
			if p, ok := v.(map[string]any); ok {
				item, _ := p["item"].(string)
				field, _ := p["field"].(string)
				if field == "body" && item == "letter" {
					field = "letter"
				}
				p["label"] = label(headings[item], field, field)
			}
		}
	}
	if headings == nil {
		return c
	}
	out := &captured{status: c.status, header: c.header}
	data, _ := json.MarshalIndent(m, "", "  ")
	out.body.Write(append(data, '\n'))
	out.header.Del("Content-Length")
	return out
}

// headings name the response's items by their IDs: "Recommendation 3".
func (o *opened) headings(r *http.Request) map[string]string {
	out := map[string]string{}
	list, _ := o.pass(r, http.MethodGet, "/_s55/api/items", nil).json()["items"].([]any)
	for _, v := range list {
		if it, ok := v.(map[string]any); ok {
			id, _ := it["id"].(string)
			out[id], _ = it["heading"].(string)
		}
	}
	return out
}
