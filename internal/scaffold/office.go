package scaffold

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/schema"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/submission"
	"github.com/opcc-tools/s55/internal/theme"
)

// OfficeOptions are the fields of a new office profile that s55 init fills
// from its flags; the others keep their defaults or stay to fill.
type OfficeOptions struct {
	// Languages are the office's languages, the first printed first;
	// none means en-GB. In an office of several, the texts below are
	// the first language's, the others' are left to write, and names
	// (PCC) stand for every language.
	Languages []string
	// Body is the kind of local policing body (statute.Body); "" means
	// the default, a PCC.
	Body                     string
	PCC, PCCTitle            string
	Force, ForceShort, Chief string
	Signature, SignatureAlt  string
	Letterhead, CC           []string
	// SubmissionTo, SubmissionCC and SubmissionFrom are the e-mail
	// addresses of the s.55(6) copy.
	SubmissionTo, SubmissionCC []string
	SubmissionFrom             string
}

// comments say what to write in the fields of an office profile that
// response.OfficeFields does not cover; a field missing from both falls back
// to its description in the JSON Schema.
var comments = map[string]string{
	"":                     "The office profile: what every response of the office shares. Each response folder beside this file inherits it and may override any field in its own \"office\" section. Fill in every field marked TO FILL (s55 check names those left, at their lines), then start a response with: s55 new DIR --report TITLE --published DATE",
	"language":             "The language of the documents, a BCP 47 tag that chooses the phrase book: en-GB, or cy-GB for Welsh.",
	"languages":            "The languages the office publishes in, BCP 47 tags, the first printed first: every response is built in each, and as one response in all of them.",
	"pcc":                  "Who signs the letters.",
	"force":                "The police force the office oversees.",
	"letterhead":           "Lines printed at the top right of the letter's first page, such as the office's name and address; [] for none. A logo may stand above them (logo: {file: logo.png, alt: \"\", width: 40}), its alt \"\" when these lines say what it says.",
	"reference":            `The reference line printed above the date as "Our ref: ..."; "" for none. A response's letter may give its own.`,
	"delivery":             `How the letters go, printed above the recipient, such as "By email"; "" for none. A response's letter may give its own.`,
	"signature":            "The scanned signature printed above the name; write signature: none to leave a space to sign by hand, or delete these lines to print nothing. A joint letter lists its signatories instead (signatories: [{name, title, signature}], in a response's letter or here).",
	"signature.width":      "Its printed width in millimetres.",
	"sign_off":             `The closing; "" for the phrase book's "Yours sincerely".`,
	"recipient":            "The default addressee of the letters.",
	"recipient.name":       `"" to let s55 new address each letter to the Home Secretary of its date.`,
	"recipient.role":       "The addressee's office.",
	"recipient.address":    "The address lines.",
	"recipient.salutation": "The greeting.",
	"cc":                   "Who receives a copy; s.55(6) sends one to HMICFRS.",
	"submission":           "The e-mail addresses of the copy s.55(6) sends to the Home Secretary and HMICFRS: s55 issue writes it as submission.eml in the archive, a message with the published PDF attached, ready to open in Outlook and send.",
	"templates":            `A folder of templates beside this file overriding the defaults; "" for the defaults.`,
}

// bodyComment says what the office profile's body means, for the office
// of the body kind.
func bodyComment(kind string) string {
	what := map[string]string{
		"pcc":   "a police and crime commissioner",
		"pfcc":  "a police, fire and crime commissioner, who is also the fire and rescue authority",
		"mayor": "a mayor who holds the functions of a police and crime commissioner, usually signing through a deputy mayor for policing and crime",
	}
	return "The kind of local policing body the office is: pcc (a police and crime commissioner), pfcc (a police, fire and crime commissioner) or mayor (a mayor with a commissioner's functions). It chooses the phrases that name the office's role, such as \"as Police, Fire and Crime Commissioner\" in the letter s55 new writes and \"Mayor's comment:\" in the appendix. This office: " + what[kind] + "."
}

// toFill marks the comment of a field left for the officer to fill.
const toFill = "TO FILL: "

// NewOffice returns the content of a new office profile: every field of
// response.Office, in order, each with a comment saying what to write, the
// fields given by opt filled, the fields s55 needs and opt leaves empty
// marked TO FILL, and the rest at their defaults: the chief officer's
// title and the recipient, the Home Secretary at the Home Office, from
// each language's phrase book (init_chief_officer, home_secretary,
// salutation, init_recipient_address).
//
// In an office of several languages every text is a mapping of the
// office's languages, but the names that may stay one string (s55:"same"
// fields: pcc.name, recipient.name); what opt gives is the first
// language's text, and the other languages' are left empty, marked TO
// FILL, for check to name until they are written.
func NewOffice(opt OfficeOptions) ([]byte, error) {
	langs := opt.Languages
	if len(langs) == 0 {
		langs = []string{response.DefaultLanguage}
	}
	o := newProfile(opt, langs)
	descriptions, err := schemaDescriptions()
	if err != nil {
		return nil, err
	}
	descriptions["body"] = bodyComment(o.Body)
	root, err := officeNode(reflect.ValueOf(o), "", descriptions)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# yaml-language-server: $schema=%s\n", schema.Office)
	head := []string{comments[""]}
	if len(langs) > 1 {
		head = append(head, "The office publishes in "+strings.Join(langs, " and ")+": every text is written in each, as a mapping of the languages ("+
			strings.Join(langs, ": ..., ")+": ...); the names that stay the same in every language (the PCC's, the recipient's) are one string. s55 check names each text still to write or translate.")
	}
	for i, para := range head {
		if i > 0 {
			b.WriteString("#\n")
		}
		for _, line := range wrap(para, 76) {
			fmt.Fprintf(&b, "# %s\n", line)
		}
	}
	b.WriteString("\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// newProfile is the office profile of opt in the languages langs: what
// opt gives, and the rest from each language's phrase book.
func newProfile(opt OfficeOptions, langs []string) response.Office {
	books := make([]*theme.Theme, len(langs))
	for i, lang := range langs {
		if th, diags := theme.Load("", lang); diags.Errors() == 0 {
			books[i] = th // a language s55 has no phrase book for has no defaults
		}
	}
	phrase := func(i int, name string, data any) string {
		if books[i] == nil {
			return ""
		}
		s, err := books[i].Phrase(name, data)
		if err != nil {
			return ""
		}
		return strings.TrimSpace(s)
	}
	// text is a text given by a flag, or by the phrase book in each
	// language when the flag is not: a plain string in an office of one
	// language, else the flag's text in the first language and nothing
	// in the others.
	text := func(flag string, book func(i int) string) response.Text {
		if len(langs) == 1 {
			if flag == "" && book != nil {
				flag = book(0)
			}
			return response.Plain(flag)
		}
		ts := make([]response.Translation, len(langs))
		for i, lang := range langs {
			ts[i].Lang = lang
			switch {
			case flag != "" && i == 0:
				ts[i].Text = flag
			case flag == "" && book != nil:
				ts[i].Text = book(i)
			}
		}
		return response.Translated(ts...)
	}
	list := func(lines []string) []response.Text {
		out := []response.Text{}
		for _, l := range lines {
			out = append(out, text(l, nil))
		}
		return out
	}
	role := func(i int) string { return phrase(i, "home_secretary", nil) }
	address := make([]response.Text, 3)
	for n := range address {
		address[n] = text("", func(i int) string {
			lines := strings.Split(phrase(i, "init_recipient_address", nil), "\n")
			if n < len(lines) {
				return strings.TrimSpace(lines[n])
			}
			return ""
		})
	}
	o := response.Office{
		Body: cmp.Or(opt.Body, string(statute.DefaultBody)),
		PCC:  response.Person{Name: response.Plain(opt.PCC), Title: text(opt.PCCTitle, nil)},
		Force: response.Force{Name: text(opt.Force, nil), ShortName: text(opt.ForceShort, nil),
			ChiefOfficer: text(opt.Chief, func(i int) string { return phrase(i, "init_chief_officer", nil) })},
		Letterhead: list(opt.Letterhead),
		Signature:  &response.Picture{File: opt.Signature, Alt: text(opt.SignatureAlt, nil), Width: 50},
		SignOff:    text("", nil),
		Reference:  text("", nil),
		Delivery:   text("", nil),
		Recipient: &response.Recipient{Role: text("", role), Address: address,
			Salutation: text("", func(i int) string {
				return phrase(i, "salutation", map[string]any{"Recipient": map[string]any{"Role": role(i)}})
			})},
		CC:           list(opt.CC),
		Submission:   &response.Submission{To: opt.SubmissionTo, CC: opt.SubmissionCC, From: opt.SubmissionFrom},
		SourceBundle: new(true),
	}
	if len(langs) == 1 {
		o.Language = langs[0]
	} else {
		o.Languages = langs
	}
	return o
}

// officeNode encodes v, a value of the office profile at path, with the
// comments of its fields. A text given per language is a mapping of its
// languages, each an empty string ("") where it is still to write.
func officeNode(v reflect.Value, path string, descriptions map[string]string) (*yaml.Node, error) {
	if t, ok := v.Interface().(response.Text); ok {
		if !t.Mapped() {
			return officeNode(reflect.ValueOf(t.String()), path, descriptions)
		}
		m := &yaml.Node{Kind: yaml.MappingNode}
		for _, tr := range t.Translations() {
			val, _ := officeNode(reflect.ValueOf(tr.Text), path+"."+tr.Lang, descriptions)
			m.Content = append(m.Content, str(tr.Lang), val)
		}
		return m, nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil, nil // an optional picture, left out
		}
		return officeNode(v.Elem(), path, descriptions)
	case reflect.Struct:
		return structNode(v, path, descriptions)
	case reflect.Slice:
		return sliceNode(v, path, descriptions)
	case reflect.String:
		n := str(v.String())
		if v.String() == "" {
			n.Style = yaml.DoubleQuotedStyle
		}
		return n, nil
	case reflect.Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v.Bool())}, nil
	case reflect.Float64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatFloat(v.Float(), 'f', -1, 64)}, nil
	}
	return nil, fmt.Errorf("scaffold: no encoding for the office field %s (%s)", path, v.Type())
}

// structNode encodes the struct v at path: each field the office gives,
// with its comment.
func structNode(v reflect.Value, path string, descriptions map[string]string) (*yaml.Node, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
		switch {
		case name == "" || name == "-":
			continue
		case name == "languages" && v.Field(i).Len() == 0, name == "language" && v.Field(i).String() == "" && path == "":
			continue // an office gives language alone, or languages alone
		case name == "signatories" && v.Field(i).Len() == 0:
			continue // a joint letter's, described with the signature
		}
		sub := name
		if path != "" {
			sub = path + "." + name
		}
		val, err := officeNode(v.Field(i), sub, descriptions)
		if err != nil {
			return nil, err
		}
		if val == nil {
			continue
		}
		comment, err := commentOf(sub, val, isText(v.Field(i).Type()), descriptions)
		if err != nil {
			return nil, err
		}
		width := 76 - 2*strings.Count(sub, ".")
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name, HeadComment: strings.Join(wrap(comment, width), "\n")}
		m.Content = append(m.Content, key, val)
	}
	return m, nil
}

// sliceNode encodes the list v at path: a flow list, or a list of texts
// per language one a line.
func sliceNode(v reflect.Value, path string, descriptions map[string]string) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for i := range v.Len() {
		item, err := officeNode(v.Index(i), fmt.Sprintf("%s[%d]", path, i), descriptions)
		if err != nil {
			return nil, err
		}
		if item.Kind == yaml.MappingNode {
			n.Style = 0 // a list of texts per language, one a line
		}
		item.Style = 0
		if item.Kind == yaml.MappingNode {
			item.Style = yaml.FlowStyle
		}
		n.Content = append(n.Content, item)
	}
	return n, nil
}

// isText reports whether a field of type t holds texts, which an office of
// several languages gives per language.
func isText(t reflect.Type) bool {
	return t == reflect.TypeFor[response.Text]() || t == reflect.TypeFor[[]response.Text]()
}

// unwritten reports whether a value of the profile is still to write. A
// needed field is, when it is an empty string or list, or a text empty in
// one of its languages; a text that is not needed is, when given in one
// language and not in another: a translation to write.
func unwritten(val *yaml.Node, text, needed bool) bool {
	switch val.Kind {
	case yaml.ScalarNode:
		return needed && val.Value == ""
	case yaml.SequenceNode:
		if len(val.Content) == 0 {
			return needed
		}
		for _, e := range val.Content {
			if text && e.Kind == yaml.MappingNode && unwritten(e, text, needed) {
				return true
			}
		}
	case yaml.MappingNode:
		if !text {
			return false
		}
		empty, full := 0, 0
		for i := 1; i < len(val.Content); i += 2 {
			if val.Content[i].Kind == yaml.ScalarNode && val.Content[i].Value == "" {
				empty++
			} else {
				full++
			}
		}
		return empty > 0 && (needed || full > 0)
	}
	return false
}

// commentOf says what to write in the field path whose value is val, and
// whether it is still to write; text says the field holds texts.
func commentOf(path string, val *yaml.Node, text bool, descriptions map[string]string) (string, error) {
	for _, f := range slices.Concat(response.OfficeFields, submission.Fields) {
		if f.Path == path {
			c := capitalize(f.What) + ": write " + f.Help + "."
			if unwritten(val, text, true) {
				c = toFill + c
			}
			return c, nil
		}
	}
	c := cmp.Or(comments[path], descriptions[path])
	if c == "" {
		return "", fmt.Errorf("scaffold: nothing says what to write in the office field %s", path)
	}
	if unwritten(val, text, false) {
		c = toFill + c + " Write each in every language."
	}
	return c, nil
}

// schemaDescriptions reads the description of every field of the office
// profile's JSON Schema, by field path.
func schemaDescriptions() (map[string]string, error) {
	data, err := fs.ReadFile(schema.FS, schema.Office)
	if err != nil {
		return nil, err
	}
	type node struct {
		Description string           `json:"description"`
		Properties  map[string]*node `json:"properties"`
		Ref         string           `json:"$ref"`
	}
	var root struct {
		node
		Defs map[string]*node `json:"$defs"`
	}
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	out := map[string]string{}
	var walk func(path string, n *node)
	walk = func(path string, n *node) {
		if name, ok := strings.CutPrefix(n.Ref, "#/$defs/"); ok && root.Defs[name] != nil {
			n = root.Defs[name]
		}
		out[path] = n.Description
		for k, p := range n.Properties {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			walk(sub, p)
		}
	}
	walk("", &root.node)
	return out, nil
}

// Schemas returns the JSON Schemas that the files s55 makes name, to be
// written beside them.
func Schemas() ([]staging.File, error) {
	var out []staging.File
	for _, name := range []string{schema.Response, schema.Office} {
		data, err := fs.ReadFile(schema.FS, name)
		if err != nil {
			return nil, err
		}
		out = append(out, staging.File{Name: name, Data: data})
	}
	return out, nil
}

// wrap breaks s into lines of at most width bytes, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
