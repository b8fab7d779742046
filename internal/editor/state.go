package editor

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/preview"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/yamledit"
)

// editorState is what the editor shows: the files as they are on disk, and
// the problems of the latest load when it read those very bytes.
type editorState struct {
	id      string
	file    string
	version string
	y       *yamledit.YAMLFile // nil when response.yaml cannot be opened
	openErr string
	items   []*item
	langs   []string
	// letters are the files of the letter's body as they are on disk,
	// when the latest load knew them: one, or one for each language.
	letters []placeFile
	// last is the latest load, when it read the files as they are now;
	// else nil, and no problem is shown.
	last *preview.Load
	// all is the latest load's problems, whatever it read.
	all diag.List
}

// view reads the editor's state.
func (s *Editor) view() (*editorState, *apiError) {
	last := s.p.Latest()
	st := &editorState{id: dirID(s.p.Dir(), last), file: s.p.ResponseFile()}
	data, err := input.Read(st.file)
	if err != nil {
		return nil, failf(http.StatusNotFound, "%s %s", st.file, input.Reason(err))
	}
	st.version = preview.Version(data)
	if last != nil {
		st.all = last.Diags
		if last.Version == st.version {
			st.last = last
		}
	}
	if st.y, err = yamledit.OpenYAML(data); err != nil {
		st.openErr = err.Error()
	} else {
		st.items = listItems(st.y)
		st.langs = languages(st.y, st.items)
	}
	if last != nil {
		for _, lf := range last.Letters {
			body, err := input.Read(lf.File)
			if err != nil {
				st.letters = nil // a letter part of which cannot be read is not edited here
				break
			}
			st.letters = append(st.letters, placeFile{lang: lf.Lang, file: lf.File, data: body})
			if preview.Version(body) != lf.Version {
				st.last = nil
			}
		}
	}
	return st, nil
}

// letter is the letter's place in the editor's state, or nil.
func (st *editorState) letter() *place {
	if len(st.letters) == 0 {
		return nil
	}
	return &place{files: st.letters, path: "letter.body"}
}

// dirID names the response of the folder dir, as a build does.
func dirID(dir string, last *preview.Load) string {
	if last != nil && last.Folder != nil {
		return last.Folder.ID
	}
	return filepath.Base(preview.AbsPath(dir))
}

// problemJSON is a problem as the API gives it: where it is in the file, in
// which item and field, where in the field's text, and the message.
type problemJSON struct {
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"col,omitempty"`
	Path     string `json:"path,omitempty"`
	// Item, Field and Lang place it in the editor: the item's ID (or
	// "letter", or the appendix's), the field ("response") and the
	// language of a text given per language.
	Item  string `json:"item,omitempty"`
	Field string `json:"field,omitempty"`
	Lang  string `json:"lang,omitempty"`
	// At is the place in the field's own text, line and column from 1.
	At      *textPos `json:"at,omitempty"`
	Message string   `json:"message"`
	// Text is the problem as s55 check prints it.
	Text string `json:"text"`
	// Blocking marks, in a refused save, the problems that refused it.
	Blocking bool `json:"blocking,omitempty"`

	k string // problemKey of the diagnostic
}

// textPos is a line and column in a field's text.
type textPos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// placeOf places a diagnostic of a load in the editor: the item or appendix
// and the field it belongs to. ok is false for a problem of neither.
func placeOf(d diag.Diagnostic, l *preview.Load, items []*item) (owner, field, lang string, ok bool) {
	if lf, ok := l.LetterOf(d.File); ok {
		if len(l.Letters) > 1 {
			lang = lf.Lang
		}
		return "letter", "body", lang, true
	}
	if d.Path == "letter.body" {
		return "letter", "body", "", true
	}
	if tag, ok := strings.CutPrefix(d.Path, "letter.body."); ok {
		return "letter", "body", tag, true
	}
	if field, lang, ok := responseField(d.Path); ok {
		return "response", field, lang, true
	}
	if d.Path == "" {
		return "", "", "", false
	}
	// The deepest item whose path holds the problem's.
	var best *item
	for _, it := range items {
		if d.Path == it.Path || strings.HasPrefix(d.Path, it.Path+".") {
			if best == nil || len(it.Path) > len(best.Path) {
				best = it
			}
		}
	}
	rest := ""
	switch {
	case best != nil:
		owner, rest = best.ID, strings.TrimPrefix(strings.TrimPrefix(d.Path, best.Path), ".")
	case strings.HasPrefix(d.Path, "appendices["):
		end := strings.IndexByte(d.Path, ']')
		var i int
		if _, err := fmt.Sscanf(d.Path[len("appendices["):end], "%d", &i); err != nil {
			return "", "", "", false
		}
		owner, rest = fmt.Sprintf("appendix-%d", i+1), strings.TrimPrefix(d.Path[end+1:], ".")
	default:
		return "", "", "", false
	}
	field, lang, _ = strings.Cut(rest, ".")
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	return owner, field, lang, true
}

// responseField places a problem's path on one of the response's own
// fields (responseFields), with the language of a text given per
// language.
func responseField(path string) (field, lang string, ok bool) {
	for _, name := range responseFields {
		p := fieldPath(".", name)
		if path == p {
			return name, "", true
		}
		if tag, ok := strings.CutPrefix(path, p+"."); ok && !strings.Contains(tag, ".") {
			return name, tag, true
		}
	}
	return "", "", false
}

// problemsOf returns a load's problems as the API gives them, placed in
// the editor by the items of y.
func problemsOf(l *preview.Load, y *yamledit.YAMLFile, items []*item) []problemJSON {
	if l == nil {
		return nil
	}
	var out []problemJSON
	for _, d := range l.Diags {
		p := problemJSON{
			Severity: d.Severity.String(), File: d.File, Line: d.Line, Col: d.Col, Path: d.Path,
			Message: d.Msg, Text: d.Error(), k: problemKey(d),
		}
		if owner, field, lang, ok := placeOf(d, l, items); ok {
			p.Item, p.Field, p.Lang = owner, field, lang
			p.At = fieldAt(l, y, d)
		}
		out = append(out, p)
	}
	return out
}

// fieldAt returns where in its field's own text a problem stands, when
// that can be told: for the letter, its place in the file; for a text of
// response.yaml, the offset in the text whose position in the file is the
// problem's.
func fieldAt(l *preview.Load, y *yamledit.YAMLFile, d diag.Diagnostic) *textPos {
	if d.Line < 1 {
		return nil
	}
	if _, ok := l.LetterOf(d.File); ok {
		return &textPos{d.Line, max(d.Col, 1)}
	}
	if l.Folder == nil || l.Folder.Source == nil || y == nil || preview.AbsPath(d.File) != preview.AbsPath(l.Folder.Source.File) {
		return nil
	}
	v := y.Get(d.Path)
	if v.Shape != yamledit.TextValue || v.Text == "" {
		return nil
	}
	src := l.Folder.Source
	before := func(p response.Pos) bool { return p.Line < d.Line || (p.Line == d.Line && p.Col <= d.Col) }
	if !before(src.PosAt(d.Path, 0)) {
		return nil
	}
	lo, hi := 0, len(v.Text)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if before(src.PosAt(d.Path, mid)) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if p := src.PosAt(d.Path, lo); p.Line != d.Line || p.Col != d.Col {
		return nil
	}
	line, col := diag.Position([]byte(v.Text), lo)
	return &textPos{line, col}
}

// problems returns the problems of a load that belong to the target.
func (s *Editor) problems(l *preview.Load, t target, it *item) []problemJSON {
	y, items := s.placing(l)
	owner := t.id
	switch {
	case t.kind == "letter" || t.kind == "response":
		owner = t.kind
	case it != nil:
		owner = it.ID
	}
	out := []problemJSON{}
	for _, p := range problemsOf(l, y, items) {
		if p.Item == owner {
			out = append(out, p)
		}
	}
	return out
}

// elsewhere returns the problems of a load that refused a save and belong
// to no field of the target.
func (s *Editor) elsewhere(l *preview.Load, t target, it *item, blocking map[string]bool) []problemJSON {
	y, items := s.placing(l)
	mine := map[string]bool{}
	for _, p := range s.problems(l, t, it) {
		mine[p.k] = true
	}
	out := []problemJSON{}
	for _, p := range problemsOf(l, y, items) {
		if blocking[p.k] && !mine[p.k] {
			p.Blocking = true
			out = append(out, p)
		}
	}
	return out
}

// placing returns the items of the response.yaml a load read, to place
// its problems by.
func (s *Editor) placing(l *preview.Load) (*yamledit.YAMLFile, []*item) {
	if l == nil || l.Folder == nil || l.Folder.Source == nil {
		return nil, nil
	}
	y, err := yamledit.OpenYAML(l.Folder.Source.Data)
	if err != nil {
		return nil, nil
	}
	return y, listItems(y)
}

// itemsJSON is the answer of GET /_s55/api/items.
type itemsJSON struct {
	// Token is the editor's key, for X-S55-Token.
	Token string `json:"token"`
	// Response names the response; File is its response.yaml, Version
	// that file's version, for If-Match.
	Response string `json:"response"`
	File     string `json:"file"`
	Version  string `json:"version"`
	// Languages are the languages the file gives texts in, when it gives
	// them per language; else empty.
	Languages  []string       `json:"languages"`
	Items      []itemJSON     `json:"items"`
	Appendices []appendixJSON `json:"appendices"`
	Letter     *letterJSON    `json:"letter"`
	// Problems are those of the response that belong to no item,
	// appendix or letter.
	Problems []problemJSON `json:"problems"`
	// Error says why response.yaml cannot be edited, when it cannot.
	Error string `json:"error,omitempty"`
}

// itemJSON is an item in the API.
type itemJSON struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Number int    `json:"number"`
	// Heading names it in words: "Recommendation 3".
	Heading  string    `json:"heading"`
	Text     jsonValue `json:"text"`
	Response jsonValue `json:"response"`
	// OfficeResponse is the office's own answer.
	OfficeResponse jsonValue `json:"office_response"`
	Comment        jsonValue `json:"comment"`
	// Position and PositionReason are the position taken on the item
	// and why.
	Position       jsonValue `json:"position"`
	PositionReason jsonValue `json:"position_reason"`
	Status         jsonValue `json:"status"`
	Addressees     jsonValue `json:"addressees"`
	Deadline       jsonValue `json:"deadline"`
	// Answers names the answers the item needs, as its addressees say:
	// "force", "office", both, or none for an item addressed to other
	// bodies alone; null before the file has been checked.
	Answers []string `json:"answers"`
	// Who says the same in words, as the page shows it.
	Who      string        `json:"who,omitempty"`
	Version  string        `json:"version"`
	Path     string        `json:"path"`
	Appendix int           `json:"appendix"`
	Under    string        `json:"under,omitempty"`
	Problems []problemJSON `json:"problems"`
}

// appendixJSON is an appendix in the API.
type appendixJSON struct {
	ID           string        `json:"id"`
	Number       int           `json:"number"`
	Title        jsonValue     `json:"title"`
	Introduction jsonValue     `json:"introduction"`
	Version      string        `json:"version"`
	Path         string        `json:"path"`
	Problems     []problemJSON `json:"problems"`
}

// letterJSON is the letter's body in the API: its file, text and version
// as strings, or, for a letter in a file for each language, each as an
// object keyed by language tag, in the office's order.
type letterJSON struct {
	File     jsonValue     `json:"file"`
	Body     jsonValue     `json:"body"`
	Version  jsonValue     `json:"version"`
	Problems []problemJSON `json:"problems"`
}

// api is the answer of GET /_s55/api/items.
func (st *editorState) api(token string) itemsJSON {
	out := itemsJSON{
		Token: token, Response: st.id, File: st.file, Version: st.version, Languages: st.langs,
		Items: []itemJSON{}, Appendices: []appendixJSON{}, Problems: []problemJSON{},
	}
	if out.Languages == nil {
		out.Languages = []string{}
	}
	var probs []problemJSON
	if st.last != nil {
		probs = problemsOf(st.last, st.y, st.items)
	}
	of := func(owner string) []problemJSON {
		list := []problemJSON{}
		for _, p := range probs {
			if p.Item == owner {
				list = append(list, p)
			}
		}
		return list
	}
	field := func(it *item, name string) jsonValue {
		return jsonValue(offered(it.Fields[name], name, st.langs))
	}
	whom := st.whom()
	if st.y == nil {
		out.Error = st.file + " cannot be read: " + st.openErr
	} else {
		for _, it := range st.items {
			var answers []string
			var who string
			if whom != nil && it.Kind != response.CauseOfConcern {
				answers = whom(it)
				who = whoLine(answers)
			}
			out.Items = append(out.Items, itemJSON{
				ID: it.ID, Kind: it.Kind, Number: it.Number, Heading: it.Heading(),
				Text: field(it, "text"), Response: field(it, "response"), Comment: field(it, "comment"),
				OfficeResponse: field(it, "office_response"), Position: field(it, "position"), PositionReason: field(it, "position_reason"),
				Status: field(it, "status"), Addressees: field(it, "addressees"), Deadline: field(it, "deadline"),
				Answers: answers, Who: who, Version: st.version, Path: it.Path, Appendix: it.Appendix + 1, Under: it.Under, Problems: of(it.ID),
			})
		}
		for i := range st.y.Len("appendices") {
			id := fmt.Sprintf("appendix-%d", i+1)
			path := fmt.Sprintf("appendices[%d]", i)
			out.Appendices = append(out.Appendices, appendixJSON{
				ID: id, Number: i + 1,
				Title:        jsonValue(offered(st.y.Get(path+".title"), "title", st.langs)),
				Introduction: jsonValue(offered(st.y.Get(path+".introduction"), "introduction", st.langs)),
				Version:      st.version, Path: path, Problems: of(id),
			})
		}
	}
	if pl := st.letter(); pl != nil {
		out.Letter = &letterJSON{
			File:    pl.perFile(func(f placeFile) string { return f.file }),
			Body:    pl.values(target{kind: "letter"})["body"],
			Version: pl.versions(), Problems: of("letter"),
		}
	}
	for _, p := range probs {
		if p.Item == "" {
			out.Problems = append(out.Problems, p)
		}
	}
	return out
}
