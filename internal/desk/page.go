package desk

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/editor"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/standing"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/tracker"
)

// The desk's pages, written by the server (html/template) and working with
// the keyboard alone; desk.js makes their forms use the API.

//go:embed desk.html.tmpl desk.js
var pageFiles embed.FS

// pages are parsed when the desk first writes one, not at every command's
// start.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("desk").Option("missingkey=error").Funcs(template.FuncMap{
		"days":    daysWords,
		"late":    func(n *int) bool { return n != nil && *n < 0 },
		"plain":   plain,
		"unread":  unread,
		"plainIn": plainIn,
		"next":    nextRevision,
	}).ParseFS(pageFiles, "desk.html.tmpl"))
})

var deskJS = sync.OnceValue(func() []byte {
	b, err := pageFiles.ReadFile("desk.js")
	if err != nil {
		panic(err)
	}
	return b
})

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
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(deskJS()))
}

// serveResponsePage answers a response's page: its own fields, its letter
// and its items' answers in one form, with its clock and progress.
func (d *Desk) serveResponsePage(w http.ResponseWriter, r *http.Request) {
	v, e := d.view(r, r.PathValue("id"))
	if e != nil {
		http.Error(w, e.msg, e.status)
		return
	}
	d.writePage(w, r, "response", v.page(d.today()))
}

// writePage renders one of the desk's pages (editor.WritePage).
func (d *Desk) writePage(w http.ResponseWriter, r *http.Request, name string, data any) {
	editor.WritePage(w, r, pages(), name, data)
}

// inputView is one input of a response's page.
type inputView struct {
	// Name is the field's name in the API; ID the input's id.
	Name, ID, Label, Type, Value string
	Rows                         int
	// Fixed, when set, says why the page cannot change the field (a text
	// given per language, edited in the editor of the response).
	Fixed string
	// Problems are the field's problems, in words.
	Problems []string
	// Options are a select's choices; List marks a box of one entry a
	// line, sent as a list.
	Options []option
	List    bool
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

// ownFields are the response's own fields on its page: name, label and
// type of input.
var ownFields = [][3]string{
	{"report.title", "The report's title", "text"},
	{"report.url", "The report's address (URL)", "url"},
	{"report.published", "The report's publication date", "date"},
	{"letter_date", "The letter's date", "date"},
	{"chief_officer_due", "The date the chief officer's comments are due", "date"},
	{"letter", "The letter", "textarea"},
}

// fieldLabels name the fields of the response's own and of an item, as
// the page labels them and its messages name them.
var fieldLabels = map[string]string{
	"response":        "the force's response",
	"office_response": "the office's response",
	"comment":         "the PCC comment",
	"text":            "the report's text",
	"position":        "the position",
	"position_reason": "the reason for the position",
	"status":          "the status",
	"addressees":      "the addressees",
	"deadline":        "the deadline",
	"title":           "the title",
	"introduction":    "the introduction",
}

func init() {
	for _, f := range ownFields {
		fieldLabels[f[0]] = f[1]
	}
	fieldLabels["body"] = "The letter"
}

// responsePage is what a response's page shows.
type responsePage struct {
	*responseView
	// LastDay is the last day for publication, and DaysLeft the days
	// left to it, not issued: where it stands, or, when the response does
	// not load yet, as its report's publication date gives them.
	LastDay  string
	DaysLeft *int
	Own      []inputView
	Items    []itemView
	// Elsewhere are the problems of no field on the page, in words.
	Elsewhere []string
}

// problem is a problem of the editor's API, as the page reads it.
type problem struct {
	Item, Field, Message, Severity string
}

// problemsOf reads the problems of an API answer.
func problemsOf(list []any) []problem {
	var out []problem
	for _, v := range list {
		m, _ := v.(map[string]any)
		p := problem{}
		p.Item, _ = m["item"].(string)
		p.Field, _ = m["field"].(string)
		p.Message, _ = m["message"].(string)
		p.Severity, _ = m["severity"].(string)
		out = append(out, p)
	}
	return out
}

// page lays a response out as its page shows it: every problem beside its
// field, by the field's label.
func (v *responseView) page(today time.Time) *responsePage {
	pg := &responsePage{responseView: v}
	if v.Standing == nil {
		v.Standing = &standing.Standing{ID: v.ID}
	}
	pg.LastDay, pg.DaysLeft = v.Standing.LastDay, v.Standing.DaysLeft
	if published, err := day.Parse(fmt.Sprint(v.Values["report.published"])); pg.LastDay == "" && err == nil {
		clock := statute.NewClock(published)
		left := clock.DaysLeft(today)
		pg.LastDay, pg.DaysLeft = day.ISO(clock.LastDay), &left
	}
	placed := map[int]bool{}
	probs := problemsOf(v.Problems)
	take := func(item, field string) []string {
		var out []string
		for i, p := range probs {
			if !placed[i] && p.Item == item && p.Field == field {
				placed[i] = true
				out = append(out, p.Message)
			}
		}
		return out
	}
	for _, f := range ownFields {
		val, fixed := textValue(v.Values[f[0]])
		in := inputView{Name: f[0], ID: "f-" + strings.ReplaceAll(f[0], ".", "-"), Label: f[1], Type: f[2], Value: val, Fixed: fixed}
		if in.Name == "letter" {
			in.Problems = take("letter", "body")
		} else {
			in.Problems = take("response", f[0])
		}
		if fixed != "" {
			in.Type = "textarea"
		}
		if in.Type == "textarea" {
			in.Rows = 12
		}
		pg.Own = append(pg.Own, in)
	}
	pg.Items = items(v.Items)
	headings := map[string]string{}
	for _, it := range pg.Items {
		headings[it.ID] = it.Heading
	}
	for i, p := range probs {
		if !placed[i] && p.Severity == "error" {
			pg.Elsewhere = append(pg.Elsewhere, label(headings[p.Item], p.Field, "")+": "+p.Message)
		}
	}
	return pg
}

// label names a field in words: "Recommendation 3, the force's response"
// (heading "Recommendation 3"), "The letter's date" (no heading).
func label(heading, field, fallback string) string {
	name := cmp.Or(fieldLabels[field], fallback, field)
	if heading == "" {
		return strings.ToUpper(name[:1]) + name[1:]
	}
	return heading + ", " + name
}

// itemView is an item of a response's page: its heading and text, and
// the inputs of the answers it needs.
type itemView struct {
	ID, Heading, Text, Who, Version string
	Inputs                          []inputView
	// Problems are the item's problems of no input on the page.
	Problems []string
}

// answerFields are the answers an item takes, by who gives them.
var answerFields = map[string]string{"force": "response", "office": "office_response"}

// items are the items of an editor's answer as the page shows them.
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
		probs, _ := it["problems"].([]any)
		byField := map[string][]string{}
		for _, p := range problemsOf(probs) {
			byField[p.Field] = append(byField[p.Field], p.Message)
		}
		for _, a := range needs(it) {
			s, _ := a.(string)
			name, ok := answerFields[s]
			if !ok {
				continue
			}
			val, fixed := textValue(it[name])
			iv.Inputs = append(iv.Inputs, inputView{Name: name, ID: "f-" + id + "-" + name,
				Label: label(heading, name, name), Type: "textarea", Rows: 8, Value: val, Fixed: fixed, Problems: byField[name]})
			delete(byField, name)
		}
		if it["kind"] != "cause-of-concern" {
			iv.Inputs = append(iv.Inputs, itemDetails(it, id, heading, byField)...)
		}
		for f, msgs := range byField {
			for _, m := range msgs {
				iv.Problems = append(iv.Problems, label(heading, f, f)+": "+m)
			}
		}
		out = append(out, iv)
	}
	return out
}

// plain is an input of a form of its own (record, a correction), its id
// "r-" and its name.
func plain(name, label, typ, value string) inputView {
	return plainIn("r", name, label, typ, value)
}

// plainIn is an input of one of several forms of a page, its id prefix,
// "-" and its name.
func plainIn(prefix, name, label, typ, value string) inputView {
	return inputView{Name: name, ID: prefix + "-" + name, Label: label, Type: typ, Value: value}
}

// nextRevision is the revision an issue would make.
func nextRevision(s *standing.Standing) int {
	if s == nil || s.Issued == nil {
		return 1
	}
	return s.Issued.Revision + 1
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// trackItem is an item of the tracker's page: its text, its last update
// and the form of the next.
type trackItem struct {
	ID, Heading, Text, Last, Owner, Target string
	Statuses                               []option
}

// trackerPage is what a response's tracker page shows.
type trackerPage struct {
	ID, Token string
	Items     []trackItem
}

// serveTrackerPage answers a response's tracker page: a form for each
// item, with its text and its last update.
func (d *Desk) serveTrackerPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	v, e := d.view(r, id)
	if e != nil {
		http.Error(w, e.msg, e.status)
		return
	}
	last := map[string]tracker.Update{}
	if updates, _, diags := tracker.Load(filepath.Join(d.archive(), tracker.FileName)); diags.Errors() == 0 {
		for _, u := range updates {
			if u.Response == id {
				last[u.Item] = u
			}
		}
	}
	pg := &trackerPage{ID: id, Token: d.Token()}
	for _, it := range items(v.Items) {
		ti := trackItem{ID: it.ID, Heading: it.Heading, Text: it.Text}
		cur := ""
		if u, ok := last[it.ID]; ok {
			cur = response.CanonicalStatus(u.Status)
			ti.Last = day.ISO(u.Date) + ", " + strings.ToLower(editor.StatusLabel(cur))
			ti.Owner, ti.Target = u.Owner, day.ISO(u.Target)
		}
		for _, st := range tracker.Statuses {
			ti.Statuses = append(ti.Statuses, option{st, editor.StatusLabel(st), st == cur})
		}
		pg.Items = append(pg.Items, ti)
	}
	d.writePage(w, r, "tracker", pg)
}

// unread says in words why a response does not load, from its standing's
// error ("does not load (FILE:LINE:COL: error: PATH: MESSAGE)"): the
// message, and the file and line to put right, without the field's path.
func unread(s string) string {
	inner := strings.TrimSuffix(strings.TrimPrefix(s, "does not load ("), ")")
	where, rest, ok := strings.Cut(inner, ": error: ")
	if !ok {
		return inner
	}
	if path, msg, ok := strings.Cut(rest, ": "); ok && !strings.Contains(path, " ") {
		rest = msg
	}
	return rest + " (" + filepath.Base(where) + ")"
}

// itemDetails are the inputs of an item's position, its reason, its
// addressees (one a line) and its deadline, each with its problems
// (taken from byField).
func itemDetails(it map[string]any, id, heading string, byField map[string][]string) []inputView {
	var out []inputView
	add := func(in inputView) {
		in.ID, in.Label = "f-"+id+"-"+in.Name, label(heading, in.Name, in.Name)
		in.Problems = byField[in.Name]
		delete(byField, in.Name)
		out = append(out, in)
	}
	cur, _ := it["position"].(string)
	pos := inputView{Name: "position", Type: "select"}
	for _, p := range append([]string{""}, response.Positions...) {
		pos.Options = append(pos.Options, option{p, editor.PositionLabel(p), p == cur})
	}
	add(pos)
	reason, fixed := textValue(it["position_reason"])
	add(inputView{Name: "position_reason", Type: "text", Value: reason, Fixed: fixed})
	var lines []string
	list, _ := it["addressees"].([]any)
	for _, a := range list {
		s, _ := a.(string)
		lines = append(lines, s)
	}
	adds := inputView{Name: "addressees", Type: "textarea", Rows: 3, Value: strings.Join(lines, "\n"), List: true}
	if len(lines) < len(list) {
		adds.Fixed = "Given in more than one language: change them in the response's editor (s55 serve on its folder)."
	}
	add(adds)
	deadline, fixed := textValue(it["deadline"])
	add(inputView{Name: "deadline", Type: "text", Value: deadline, Fixed: fixed})
	return out
}
