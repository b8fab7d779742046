package editor

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opcc-tools/s55/internal/preview"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/yamledit"
)

// The editor's pages: forms for the letter, each appendix's title and
// introduction and each item's fields, beside the published response as
// built; and a page to start a new response from the report's text. They
// are written by the server (html/template) and work with the keyboard
// alone; editor.js makes them save through the API, preview each piece of
// Markdown as it is typed, and keep what was typed when the file changes
// behind the form.
const (
	pathEdit     = "/_s55/edit"
	pathNew      = "/_s55/new"
	pathEditorJS = "/_s55/editor.js"
)

//go:embed editor.html.tmpl editor.js
var editorFiles embed.FS

// editorTemplates are the editor's pages, parsed the first time one is
// served, not at the start of every command.
var editorTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("editor").Option("missingkey=error").Funcs(template.FuncMap{
		"newField": func(name, label, hint, typ, value string) newInput {
			return newInput{name, label, hint, typ, value}
		},
	}).ParseFS(editorFiles, "editor.html.tmpl"))
})

// newInput is one field of the page for a new response.
type newInput struct {
	Name, Label, Hint, Type, Value string
}

var editorJS = must(editorFiles.ReadFile("editor.js"))

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// editorCSP is the editor pages' content security policy: their own script
// and the API only, the documents framed from this server, the previews of
// one item written into frames, and never framed by another page.
const editorCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; " +
	"frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// editView is what the editor page shows.
type editView struct {
	Title, Heading string
	Dir, ID        string
	Token          string
	// Broken holds why response.yaml cannot be edited here, and the
	// problems the latest load found.
	Broken     string
	Problems   []string
	Letter     *formView
	Appendices []*appendixView
	// Unplaced are the problems of the response that no form shows.
	Unplaced []string
	// Built says when the preview was last built, and whether it shows
	// the files as they are.
	Stale bool
}

// appendixView is an appendix: its own form and its items'.
type appendixView struct {
	ID, Heading string
	Form        *formView
	Items       []*formView
}

// formView is the form of one part of the response.
type formView struct {
	// ID is the part's ID in the API ("rec-3", "appendix-1", "letter").
	ID string
	// Heading names the part; Name names it in the save button
	// ("recommendation 3").
	Heading, Name string
	// Level is the level of its heading.
	Level int
	// Target is its path under /_s55/api/ ("items/rec-3").
	Target  string
	Version string
	Under   string
	Fields  []*fieldView
	// Preview says whether the form shows how its Markdown prints.
	Preview bool
	// Problems are the part's problems that no field shows.
	Problems []string
	// Who says, for an item, whose answers it needs, as its addressees
	// say; "" when it is not known.
	Who string
}

// fieldView is one field of a form: one control, or one per language.
type fieldView struct {
	Name, Label, Hint string
	// HintID is the ID of the field's hint, when it has one control per
	// language.
	HintID string
	// Note, when set, says why the field cannot be edited here.
	Note   string
	Inputs []*inputView
}

// PerLanguage reports whether the field has a control per language.
func (f *fieldView) PerLanguage() bool {
	return len(f.Inputs) > 1 || (len(f.Inputs) == 1 && f.Inputs[0].Lang != "")
}

// inputView is one control.
type inputView struct {
	ID, Field, Lang, Label, Hint string
	// HintID is the ID of the hint that describes it: its own, or its
	// field's when it is one of several languages.
	HintID string
	// Control is "textarea", "input" or "select".
	Control string
	// Version is the version of the control's own file, for a letter in
	// a file for each language; else "", and the form's is used.
	Version string
	Value   string
	Rows    int
	// List says that each line is an entry of a list.
	List     bool
	Options  []option
	Problems []string
}

// option is a choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// DescribedBy lists the IDs that describe the control: its hint and its
// problem.
func (in *inputView) DescribedBy() string {
	ids := []string{in.ID + "-problem"}
	if in.HintID != "" {
		ids = append([]string{in.HintID}, ids...)
	}
	return strings.Join(ids, " ")
}

// fieldLabels name and explain the fields.
var fieldLabels = map[string][2]string{
	"text":            {"The report's text", "The report's own words, as they will be printed."},
	"response":        {"Force response", "The force's response, in Markdown: a blank line between paragraphs, **bold**, [words of a link](https://...). Needed when the item is addressed to the force; leave it empty for an item addressed only to other bodies: the standard sentence answers."},
	"office_response": {"Office response", "The office's own answer, in Markdown: needed when the item is addressed to the office (police and crime commissioners, PFCCs, mayors, local policing bodies), printed under the label of the office's kind (PCC response, Commissioner's response, Mayor's response)."},
	"comment":         {"The office's comment", "The comment of the PCC, PFCC or mayor on the item, if any, in Markdown: printed under the label of the office's kind (PCC comment, Commissioner's comment, Mayor's comment)."},
	"position":        {"Position", ""},
	"position_reason": {"Reason for the position", "Why, in Markdown: needed when the position is not accepted or not applicable."},
	"status":          {"Status", ""},
	"addressees":      {"Addressees", "Whom the report addresses it to, one a line, such as police forces or the Home Office."},
	"deadline":        {"Deadline", "As the report states it, such as Immediately or Within three months."},
	"title":           {"Title", ""},
	"introduction":    {"Introduction", "Printed before the items, in Markdown."},
	"body":            {"The letter's paragraphs", "In Markdown. An HTML comment, <!-- like this -->, is a drafting note: it is never published."},
}

// PositionLabel names a position in words, as the position selects do.
func PositionLabel(position string) string { return positionLabels[position] }

// positionLabels name the positions in the position select.
var positionLabels = map[string]string{
	"":                "No position stated",
	"accepted":        "Accepted",
	"partly-accepted": "Partly accepted",
	"not-accepted":    "Not accepted",
	"not-applicable":  "Not applicable",
}

// StatusLabel names a status in words, as the status selects do.
func StatusLabel(status string) string { return statusLabels[status] }

// statusLabels name the statuses in the status select.
var statusLabels = map[string]string{
	"":                  "No status",
	"not-started":       "Not started",
	"in-progress":       "In progress",
	"reported-complete": "Reported complete by the force",
	"complete":          "Complete (the older name of reported complete)",
	"closed":            "Closed by HMICFRS",
	"other-body":        "For another body",
	"not-applicable":    "Not applicable (give the reason under position_reason)",
}

// editPage builds the editor page's view from the editor's state.
func (s *Editor) editPage(st *editorState) *editView {
	v := &editView{
		Title: "Edit " + st.id + " – s55", Heading: "Edit " + st.id,
		Dir: s.p.Dir(), ID: st.id, Token: s.p.Token(), Stale: st.last == nil,
	}
	var probs []problemJSON
	if st.last != nil {
		probs = problemsOf(st.last, st.y, st.items)
	}
	placed := map[string]bool{}
	of := func(owner, field, lang string) []string {
		var out []string
		for _, p := range probs {
			if p.Item == owner && p.Field == field && p.Lang == lang {
				out = append(out, problemText(p))
				placed[p.k] = true
			}
		}
		return out
	}
	if st.y == nil {
		v.Broken = st.file + " cannot be read, so it cannot be edited here: " + st.openErr + ". Put it right in a text editor; this page shows the forms again once it reads."
		for _, d := range st.all {
			v.Problems = append(v.Problems, d.Error())
		}
		return v
	}
	if pl := st.letter(); pl != nil {
		v.Letter = s.letterForm(pl, of)
	}
	whom := st.whom()
	for i := range st.y.Len("appendices") {
		id := fmt.Sprintf("appendix-%d", i+1)
		path := fmt.Sprintf("appendices[%d]", i)
		title := st.y.Get(path + ".title")
		a := &appendixView{ID: id, Heading: fmt.Sprintf("Appendix %d: %s", i+1, firstText(title))}
		a.Form = &formView{
			ID: id, Heading: fmt.Sprintf("The title and introduction of Appendix %d", i+1), Name: fmt.Sprintf("Appendix %d", i+1),
			Level: 3, Target: "appendices/" + id, Version: st.version, Preview: true,
		}
		for _, name := range []string{"title", "introduction"} {
			a.Form.Fields = append(a.Form.Fields, s.field(id, name, offered(st.y.Get(path+"."+name), name, st.langs), nil, of, ""))
		}
		for _, it := range st.items {
			if it.Appendix != i {
				continue
			}
			f := &formView{
				ID: it.ID, Heading: it.Heading(), Name: strings.ToLower(it.Heading()[:1]) + it.Heading()[1:],
				Level: 3, Target: "items/" + it.ID, Version: st.version, Under: it.Under, Preview: true,
			}
			if it.Under != "" {
				f.Level = 4
			}
			for _, name := range itemFields {
				f.Fields = append(f.Fields, s.field(it.ID, name, offered(it.Fields[name], name, st.langs), it, of, ""))
			}
			if whom != nil && it.Kind != response.CauseOfConcern {
				f.Who = whoLine(whom(it))
			}
			a.Items = append(a.Items, f)
		}
		v.Appendices = append(v.Appendices, a)
	}
	// A problem of a part that no field shows stands at the end of its
	// form; one of no part, at the end of the page.
	forms := []*formView{}
	if v.Letter != nil {
		forms = append(forms, v.Letter)
	}
	for _, a := range v.Appendices {
		forms = append(forms, a.Form)
		forms = append(forms, a.Items...)
	}
	for _, p := range probs {
		if placed[p.k] {
			continue
		}
		i := slices.IndexFunc(forms, func(f *formView) bool { return f.ID == p.Item })
		if i >= 0 {
			forms[i].Problems = append(forms[i].Problems, problemText(p))
		} else {
			v.Unplaced = append(v.Unplaced, p.Text)
		}
	}
	return v
}

// whoLine says whose answers an item needs.
func whoLine(answers []string) string {
	switch strings.Join(answers, " ") {
	case "force":
		return "Addressed to the force: it needs the force's response."
	case "office":
		return "Addressed to the office: it needs the office's own response."
	case "force office":
		return "Addressed to the force and the office: it needs the force's response and the office's own."
	}
	return "Addressed to other bodies alone: the standard sentence answers unless the force responds."
}

// letterForm is the form of the letter's body: one box for a letter in
// one file, or one for each language's file, labelled with its language
// and carrying the version of its file, since each file is saved on its
// own.
func (s *Editor) letterForm(pl *place, of func(owner, field, lang string) []string) *formView {
	form := &formView{ID: "letter", Heading: "The letter", Name: "the letter", Level: 2, Target: "letter", Preview: true}
	var names []string
	for _, f := range pl.files {
		names = append(names, filepath.Base(f.file))
	}
	if !pl.perLanguage() {
		form.Version = preview.Version(pl.files[0].data)
		form.Fields = []*fieldView{s.field("letter", "body", yamledit.PlainText(string(pl.files[0].data)), nil, of, names[0])}
		return form
	}
	v := yamledit.FieldValue{Shape: yamledit.LangValue}
	for _, f := range pl.files {
		v.Langs = append(v.Langs, yamledit.LangText{Lang: f.lang, Text: string(f.data)})
	}
	field := s.field("letter", "body", v, nil, of, strings.Join(names, ", "))
	for i, in := range field.Inputs {
		in.Label = "Letter in " + preview.LangName(in.Lang)
		in.Version = preview.Version(pl.files[i].data)
	}
	form.Fields = []*fieldView{field}
	return form
}

// problemText words a problem beside its field: the message, with where
// in the field's text it stands.
func problemText(p problemJSON) string {
	sev := ""
	if p.Severity != "error" {
		sev = strings.ToUpper(p.Severity[:1]) + p.Severity[1:] + ": "
	}
	if p.At != nil {
		return fmt.Sprintf("%sline %d, column %d: %s", sev, p.At.Line, p.At.Col, p.Message)
	}
	return sev + p.Message
}

// firstText is a value's text, or its first language's.
func firstText(v yamledit.FieldValue) string {
	switch v.Shape {
	case yamledit.TextValue:
		return strings.TrimSpace(v.Text)
	case yamledit.LangValue:
		return strings.TrimSpace(v.Langs[0].Text)
	}
	return ""
}

// field builds the view of one field of the part owner.
func (s *Editor) field(owner, name string, v yamledit.FieldValue, it *item, of func(owner, field, lang string) []string, file string) *fieldView {
	l := fieldLabels[name]
	f := &fieldView{Name: name, Label: l[0], Hint: l[1]}
	if file != "" {
		f.Label += " (" + file + ")"
	}
	base := "f-" + owner + "-" + name
	in := func(lang, text string) *inputView {
		iv := &inputView{ID: base, Field: name, Lang: lang, Label: f.Label, Hint: f.Hint, Control: "textarea", Value: text, Problems: of(owner, name, lang)}
		if f.Hint != "" {
			iv.HintID = base + "-hint"
		}
		if lang != "" {
			iv.ID += "-" + lang
			iv.Label = f.Label + " in " + preview.LangName(lang)
			iv.Hint = "" // the field's, above the languages
		}
		switch name {
		case "status":
			iv.Control = "select"
			cur := strings.TrimSpace(text)
			for _, st := range append([]string{""}, response.Statuses...) {
				if st != response.CanonicalStatus(st) && st != cur {
					continue // an older name, offered only where the file has it
				}
				iv.Options = append(iv.Options, option{st, statusLabels[st], st == cur})
			}
			if !slices.Contains(response.Statuses, cur) && cur != "" {
				iv.Options = append(iv.Options, option{cur, cur + " (not a status s55 knows)", true})
			}
		case "position":
			iv.Control = "select"
			cur := strings.TrimSpace(text)
			for _, p := range append([]string{""}, response.Positions...) {
				iv.Options = append(iv.Options, option{p, positionLabels[p], p == cur})
			}
			if !slices.Contains(response.Positions, cur) && cur != "" {
				iv.Options = append(iv.Options, option{cur, cur + " (not a position s55 knows)", true})
			}
		case "deadline", "title":
			iv.Control = "input"
		case "body":
			iv.Rows = 20
		case "addressees":
			iv.Rows, iv.List = 3, true
		default:
			iv.Rows = max(4, min(16, 2+strings.Count(text, "\n")+len(text)/70))
		}
		return iv
	}
	switch v.Shape {
	case yamledit.TextValue:
		f.Inputs = []*inputView{in("", v.Text)}
	case yamledit.LangValue:
		for _, l := range v.Langs {
			f.Inputs = append(f.Inputs, in(l.Lang, l.Text))
		}
		if f.Hint != "" {
			f.HintID = base + "-hint"
		}
	case yamledit.ListValue:
		var lines []string
		for _, e := range v.List {
			if e.Shape != yamledit.TextValue {
				f.Note = "given per language in response.yaml; edit them there"
				return f
			}
			lines = append(lines, e.Text)
		}
		f.Inputs = []*inputView{in("", strings.Join(lines, "\n"))}
	default:
		f.Note = "response.yaml holds something here that is not a text; put it right in a text editor"
	}
	return f
}

// serveEditor answers the editor's pages and script.
func (s *Editor) serveEditor(w http.ResponseWriter, r *http.Request, p string) {
	if e := s.sameOrigin(r); e != nil {
		writeError(w, e)
		return
	}
	h := w.Header()
	switch p {
	case pathEditorJS:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(editorJS))
		return
	case pathEdit:
		st, e := s.view()
		if e != nil {
			http.Error(w, e.msg, e.status)
			return
		}
		s.writePage(w, r, "edit", s.editPage(st))
	case pathNew:
		s.writePage(w, r, "new", s.newPage())
	}
}

// newView is what the page for a new response shows.
type newView struct {
	Title, Token string
	// Parent is the folder the new response is made in.
	Parent string
	Today  string
}

func (s *Editor) newPage() *newView {
	return &newView{
		Title: "Start a new response – s55", Token: s.p.Token(),
		Parent: shown(filepath.Dir(preview.AbsPath(s.p.Dir()))), Today: day.ISO(day.Today()),
	}
}

// shown is how the pages name a folder: relative to the working folder
// when it is inside it, else in full.
func shown(dir string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, dir); err == nil && (rel == "." || filepath.IsLocal(rel)) {
			return rel
		}
	}
	return dir
}

// writePage renders one of the editor's pages.
func (s *Editor) writePage(w http.ResponseWriter, r *http.Request, name string, data any) {
	WritePage(w, r, editorTemplates(), name, data)
}

// WritePage renders the template name of t as a page of s55 serve's
// forms: under their content security policy (their own script and the
// API only, the documents framed from this server), framed by no page.
func WritePage(w http.ResponseWriter, r *http.Request, t *template.Template, name string, data any) {
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", editorCSP)
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}
