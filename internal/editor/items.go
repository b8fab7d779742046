package editor

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/opcc-tools/s55/internal/addressee"
	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/yamledit"
)

// The editor reads the items of a response from the nodes of its
// response.yaml (yamledit.YAMLFile), not from the decoded model: it lists
// and edits a file the checks still fault (a new response, whose items have
// no response yet), and it sees the shape of each text as the file gives
// it, once or per language, whatever the model makes of it.

// itemFields are the fields of an item the editor reads and writes, in the
// order of its form.
var itemFields = []string{"text", "response", "office_response", "comment", "position", "position_reason", "status", "addressees", "deadline"}

// plainFields are the fields of an item given once, never per language.
var plainFields = map[string]bool{"status": true, "position": true}

// item is a recommendation, cause of concern or area for improvement as the
// editor knows it.
type item struct {
	// ID names it in the API and the page: its anchor in the documents
	// ("rec-3", "a2-afi-1"), or "item-N" (its place in the file, from 1)
	// when its kind or number cannot give one, or gives one twice.
	ID string
	// Path is its place in response.yaml: "appendices[0].items[2]".
	Path string
	// Appendix counts from 0.
	Appendix int
	Kind     string
	Number   int
	// Under is the ID of the cause of concern it stands under, or "".
	Under string
	// Fields are its values by name, as the file gives them.
	Fields map[string]yamledit.FieldValue
}

// kindNames name the kinds of item in a heading.
var kindNames = map[string]string{
	response.Recommendation:     "Recommendation",
	response.CauseOfConcern:     "Cause of concern",
	response.AreaForImprovement: "Area for improvement",
}

// Heading names the item as a heading does: "Recommendation 3".
func (it *item) Heading() string {
	name := kindNames[it.Kind]
	if name == "" {
		name = "Item"
	}
	if it.Number > 0 {
		return name + " " + strconv.Itoa(it.Number)
	}
	return name
}

// listItems returns every item of the file, in its order, a cause of
// concern before the items under it.
func listItems(y *yamledit.YAMLFile) []*item {
	var out []*item
	seen := map[string]bool{}
	var walk func(path string, appendix int, under string)
	walk = func(path string, appendix int, under string) {
		for j := range y.Len(path + ".items") {
			p := fmt.Sprintf("%s.items[%d]", path, j)
			it := &item{Path: p, Appendix: appendix, Under: under, Fields: map[string]yamledit.FieldValue{}}
			it.Kind = y.Get(p + ".kind").Text
			it.Number, _ = strconv.Atoi(y.Get(p + ".number").Text)
			for _, name := range itemFields {
				it.Fields[name] = y.Get(p + "." + name)
			}
			if kindNames[it.Kind] != "" && it.Number > 0 {
				it.ID = compose.ItemID(appendix, it.Kind, it.Number)
			}
			if it.ID == "" || seen[it.ID] {
				it.ID = "item-" + strconv.Itoa(len(out)+1)
			}
			seen[it.ID] = true
			out = append(out, it)
			walk(p, appendix, it.ID)
		}
	}
	for i := range y.Len("appendices") {
		walk(fmt.Sprintf("appendices[%d]", i), i, "")
	}
	return out
}

// whom returns what says, of an item as the editor knows it, which
// answers it needs (package addressee, with the office and phrase books of
// the latest load): "force", "office", both, or none for an item addressed
// to other bodies alone. It is nil when no load has been checked.
func (st *editorState) whom() func(it *item) []string {
	if st.last == nil || st.last.Checked == nil {
		return nil
	}
	who := addressee.New(st.last.Checked.Folder, st.last.Checked.Themes)
	return func(it *item) []string {
		var list []response.Text
		if v := it.Fields["addressees"]; v.Shape == yamledit.ListValue {
			for _, e := range v.List {
				list = append(list, textOf(e))
			}
		}
		force, office := who.Needs(response.Item{Kind: it.Kind, Addressees: list})
		out := []string{}
		if force {
			out = append(out, "force")
		}
		if office {
			out = append(out, "office")
		}
		return out
	}
}

// textOf is a value of the file as a Text.
func textOf(v yamledit.FieldValue) response.Text {
	if v.Shape != yamledit.LangValue {
		return response.Plain(v.Text)
	}
	var ts []response.Translation
	for _, l := range v.Langs {
		ts = append(ts, response.Translation(l))
	}
	return response.Translated(ts...)
}

// findItem returns the item called id, or nil.
func findItem(items []*item, id string) *item {
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

// idPattern is what an item's or an appendix's ID looks like.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,40}$`)

// languages returns the languages the file gives texts in, in the order of
// the first text given per language, or nil when it gives every text once.
// A field the file lacks is offered in these.
func languages(y *yamledit.YAMLFile, items []*item) []string {
	first := func(v yamledit.FieldValue) []string {
		if v.Shape != yamledit.LangValue {
			return nil
		}
		var out []string
		for _, l := range v.Langs {
			out = append(out, l.Lang)
		}
		return out
	}
	if l := first(y.Get("report.title")); l != nil {
		return l
	}
	for _, it := range items {
		for _, name := range itemFields {
			if l := first(it.Fields[name]); l != nil {
				return l
			}
		}
	}
	return nil
}

// offered is a field's value as the editor offers it: as the file gives
// it, or, for a field the file lacks, empty in the file's languages.
func offered(v yamledit.FieldValue, name string, langs []string) yamledit.FieldValue {
	if v.Shape != yamledit.NoValue {
		return v
	}
	if name == "addressees" {
		return yamledit.FieldValue{Shape: yamledit.ListValue, List: []yamledit.FieldValue{}}
	}
	if len(langs) > 0 && !plainFields[name] {
		v = yamledit.FieldValue{Shape: yamledit.LangValue}
		for _, l := range langs {
			v.Langs = append(v.Langs, yamledit.LangText{Lang: l})
		}
		return v
	}
	return yamledit.PlainText("")
}

// jsonValue is a field's value in the API: a string, an object keyed by
// language tag in the file's order, a list of those, or null for a value
// the editor cannot show (a mapping of fields).
type jsonValue yamledit.FieldValue

// MarshalJSON writes the value, keeping the order of its languages.
func (v jsonValue) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	str := func(s string) {
		data, _ := json.Marshal(s)
		b.Write(data)
	}
	switch v.Shape {
	case yamledit.TextValue:
		str(v.Text)
	case yamledit.LangValue:
		b.WriteByte('{')
		for i, l := range v.Langs {
			if i > 0 {
				b.WriteByte(',')
			}
			str(l.Lang)
			b.WriteByte(':')
			str(l.Text)
		}
		b.WriteByte('}')
	case yamledit.ListValue:
		b.WriteByte('[')
		for i, e := range v.List {
			if i > 0 {
				b.WriteByte(',')
			}
			data, _ := jsonValue(e).MarshalJSON()
			b.Write(data)
		}
		b.WriteByte(']')
	default:
		b.WriteString("null")
	}
	return b.Bytes(), nil
}

// parseValue reads a field's value from the API: a string, an object of
// strings keyed by language tag (in the order given), or, where list is
// set, a list of those.
func parseValue(raw json.RawMessage, list bool) (yamledit.FieldValue, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	v, err := readValue(dec, list)
	if err != nil {
		return v, err
	}
	if _, err := dec.Token(); err == nil {
		return v, errors.New("more than one value")
	}
	return v, nil
}

func readValue(dec *json.Decoder, list bool) (yamledit.FieldValue, error) {
	tok, err := dec.Token()
	if err != nil {
		return yamledit.FieldValue{}, err
	}
	switch t := tok.(type) {
	case string:
		return yamledit.PlainText(t), nil
	case json.Delim:
		switch {
		case t == '{':
			v := yamledit.FieldValue{Shape: yamledit.LangValue}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return v, err
				}
				val, err := dec.Token()
				text, ok := val.(string)
				if err != nil || !ok {
					return v, fmt.Errorf("the text of %v must be a string", k)
				}
				v.Langs = append(v.Langs, yamledit.LangText{Lang: k.(string), Text: text})
			}
			if _, err := dec.Token(); err != nil {
				return v, err
			}
			if len(v.Langs) == 0 {
				return v, errors.New("an object must give the text in at least one language")
			}
			return v, nil
		case t == '[' && list:
			v := yamledit.FieldValue{Shape: yamledit.ListValue, List: []yamledit.FieldValue{}}
			for dec.More() {
				e, err := readValue(dec, false)
				if err != nil {
					return v, err
				}
				v.List = append(v.List, e)
			}
			if _, err := dec.Token(); err != nil {
				return v, err
			}
			return v, nil
		}
	}
	if list {
		return yamledit.FieldValue{}, errors.New("must be a list of texts")
	}
	return yamledit.FieldValue{}, errors.New("must be a text, or an object of texts keyed by language tag")
}

// normalize tidies a value as the browser sends it: line breaks as "\n",
// Markdown ending with one line break (as a block in the file does), other
// texts without white space around them.
func normalize(name string, v yamledit.FieldValue) yamledit.FieldValue {
	text := func(s string) string {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		if response.MarkdownFields[name] {
			if s = strings.TrimRight(s, " \t\n"); s != "" {
				s += "\n"
			}
			return s
		}
		return strings.TrimSpace(s)
	}
	switch v.Shape {
	case yamledit.TextValue:
		v.Text = text(v.Text)
	case yamledit.LangValue:
		langs := make([]yamledit.LangText, len(v.Langs))
		for i, l := range v.Langs {
			langs[i] = yamledit.LangText{Lang: l.Lang, Text: text(l.Text)}
		}
		v.Langs = langs
	case yamledit.ListValue:
		list := make([]yamledit.FieldValue, 0, len(v.List))
		for _, e := range v.List {
			if e = normalize(name, e); e.Shape == yamledit.TextValue && e.Text == "" {
				continue // an empty line of the form is no addressee
			}
			list = append(list, e)
		}
		v.List = list
	}
	return v
}

// edit is one value to set in response.yaml.
type edit struct {
	path string
	v    yamledit.FieldValue
}

// fieldError is a request's problem with one field: the value cannot go
// into the file as it stands (say, one text for a field the file gives per
// language). It is answered 422, beside the field.
type fieldError struct {
	path, field, msg string
}

func (e fieldError) Error() string { return e.field + ": " + e.msg }

// plan turns the value sent for the field at path, whose value in the file
// is cur, into the edits that set it, keeping the file's shape: a text
// given once stays one text, a text per language keeps its languages and
// gets the values sent for each.
func plan(path, field string, cur, v yamledit.FieldValue) ([]edit, error) {
	fail := func(format string, args ...any) ([]edit, error) {
		return nil, fieldError{path, field, fmt.Sprintf(format, args...)}
	}
	if field == "addressees" {
		if v.Shape != yamledit.ListValue {
			return fail("must be a list of addressees")
		}
		if cur.Shape != yamledit.ListValue && cur.Shape != yamledit.NoValue && cur.Shape != yamledit.TextValue {
			return fail("response.yaml holds something other than a list here: correct it in a text editor")
		}
		return []edit{{path, v}}, nil
	}
	switch cur.Shape {
	case yamledit.LangValue:
		switch v.Shape {
		case yamledit.LangValue:
			var out []edit
			for _, l := range v.Langs {
				out = append(out, edit{path + "." + l.Lang, yamledit.PlainText(l.Text)})
			}
			return out, nil
		case yamledit.TextValue:
			if len(cur.Langs) == 1 {
				return []edit{{path + "." + cur.Langs[0].Lang, v}}, nil
			}
			var tags []string
			for _, l := range cur.Langs {
				tags = append(tags, l.Lang)
			}
			return fail("response.yaml gives it per language: give it in %s", strings.Join(tags, " and "))
		}
	case yamledit.TextValue, yamledit.NoValue:
		switch {
		case v.Shape == yamledit.TextValue:
			return []edit{{path, v}}, nil
		case v.Shape == yamledit.LangValue && len(v.Langs) == 1 && cur.Shape == yamledit.TextValue:
			return []edit{{path, yamledit.PlainText(v.Langs[0].Text)}}, nil
		case v.Shape == yamledit.LangValue:
			return []edit{{path, v}}, nil
		}
	default:
		return fail("response.yaml holds something other than a text here: correct it in a text editor")
	}
	return fail("must be a text, or an object of texts keyed by language tag")
}

// apply makes the edits one after another, each proved by the editor of
// response.yaml, and returns the file's new bytes.
func apply(data []byte, edits []edit, fields map[string]string) ([]byte, error) {
	for _, e := range edits {
		y, err := yamledit.OpenYAML(data)
		if err != nil {
			return nil, err
		}
		if data, err = y.Set(e.path, e.v); err != nil {
			field := fields[e.path]
			msg := "cannot be written into response.yaml without changing its other parts; edit it in a text editor"
			if !errors.Is(err, yamledit.ErrUnprovable) {
				msg = err.Error()
			}
			return nil, fieldError{e.path, field, msg}
		}
	}
	return data, nil
}
