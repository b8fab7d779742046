package desk

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/standing"
)

// The desk's pages, written by the server (html/template) and working with
// the keyboard alone; desk.js makes their forms use the API.

//go:embed desk.html.tmpl desk.js
var pageFiles embed.FS

var pages = template.Must(template.New("desk").Option("missingkey=error").Funcs(template.FuncMap{
	"days":  daysWords,
	"late":  func(n *int) bool { return n != nil && *n < 0 },
	"field": field,
	"items": items,
}).ParseFS(pageFiles, "desk.html.tmpl"))

var deskJS = func() []byte {
	b, err := pageFiles.ReadFile("desk.js")
	if err != nil {
		panic(err)
	}
	return b
}()

// deskCSP is the pages' content security policy: their own script and the
// API only; the draft preview framed from this server.
const deskCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; " +
	"frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// daysWords says a clock's days left in words: "12 days left", "today is
// the last day", "3 days late".
func daysWords(n *int) string {
	switch {
	case n == nil:
		return ""
	case *n > 1:
		return strconv.Itoa(*n) + " days left"
	case *n == 1:
		return "1 day left"
	case *n == 0:
		return "today is the last day"
	case *n == -1:
		return "1 day late"
	}
	return strconv.Itoa(-*n) + " days late"
}

// officeView is what the desk's first page shows.
type officeView struct {
	Title, Token, Dir, Today string
	Responses                []*standing.Standing
	Error                    string
}

// servePage answers the desk's first page: every response with its clock,
// most urgent first, and the form that starts a new one.
func (d *Desk) servePage(w http.ResponseWriter, r *http.Request) {
	v := &officeView{Title: "The office's responses – s55", Token: d.Token(), Dir: d.dir, Today: d.today().Format(time.DateOnly)}
	list, err := d.standings()
	if err != nil {
		v.Error = "The archive cannot be read: " + err.Error()
	}
	v.Responses = list
	d.writePage(w, r, "office", v)
}

// serveScript answers the pages' script.
func serveScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(deskJS))
}

// serveResponsePage answers a response's page: its own fields, its letter
// and its items' answers in one form, with its clock and progress.
func (d *Desk) serveResponsePage(w http.ResponseWriter, r *http.Request) {
	v, e := d.view(r, r.PathValue("id"))
	if e != nil {
		http.Error(w, e.msg, e.status)
		return
	}
	d.writePage(w, r, "response", v)
}

// writePage renders one of the desk's pages.
func (d *Desk) writePage(w http.ResponseWriter, r *http.Request, name string, data any) {
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", deskCSP)
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}

// inputView is one input of a response's page.
type inputView struct {
	// Name is the field's name in the API; ID the input's id.
	Name, ID, Label, Type, Value string
	Rows                         int
	// Fixed, when set, says why the page cannot change the field (a text
	// given per language, edited in the editor of the response).
	Fixed string
}

// textValue is an API text as one input holds it: a string, or, for a
// text given per language, its languages' texts and why the page shows
// it read-only.
func textValue(v any) (string, string) {
	switch t := v.(type) {
	case string:
		return t, ""
	case nil:
		return "", ""
	}
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b), "Given in more than one language: change it in the response's editor (s55 serve on its folder)."
}

// field is the input of a response's own field.
func field(name, label, typ string, values map[string]any) inputView {
	val, fixed := textValue(values[name])
	in := inputView{Name: name, ID: "f-" + strings.ReplaceAll(name, ".", "-"), Label: label, Type: typ, Value: val, Fixed: fixed}
	if fixed != "" {
		in.Type = "textarea"
	}
	if in.Type == "textarea" {
		in.Rows = 12
	}
	return in
}

// itemView is an item of a response's page: its heading and text, and
// the inputs of the answers it needs.
type itemView struct {
	ID, Heading, Text, Who, Version string
	Inputs                          []inputView
}

// answerLabels name the answers an item takes, in the page.
var answerLabels = map[string]struct{ field, label string }{
	"force":  {"response", "the force's response"},
	"office": {"office_response", "the office's response"},
}

// items are the items of an editor's answer as the page shows them; a
// cause of concern's recommendations stand after it.
func items(list []any) []itemView {
	var out []itemView
	for _, v := range list {
		it, _ := v.(map[string]any)
		if it == nil {
			continue
		}
		id, _ := it["id"].(string)
		heading, _ := it["heading"].(string)
		text, _ := textValue(it["text"])
		iv := itemView{ID: id, Heading: heading, Text: text}
		iv.Who, _ = it["who"].(string)
		iv.Version, _ = it["version"].(string)
		for _, a := range needs(it) {
			s, _ := a.(string)
			al, ok := answerLabels[s]
			if !ok {
				continue
			}
			val, fixed := textValue(it[al.field])
			iv.Inputs = append(iv.Inputs, inputView{Name: al.field, ID: "f-" + id + "-" + al.field,
				Label: iv.Heading + ", " + al.label, Type: "textarea", Rows: 8, Value: val, Fixed: fixed})
		}
		out = append(out, iv)
	}
	return out
}
