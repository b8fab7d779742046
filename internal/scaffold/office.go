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
	"github.com/opcc-tools/s55/internal/submission"
)

// OfficeOptions are the fields of a new office profile that s55 init fills
// from its flags; the others keep their defaults or stay to fill.
type OfficeOptions struct {
	Language                 string
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
	"pcc":                  "Who signs the letters.",
	"force":                "The police force the office oversees.",
	"letterhead":           "Lines printed at the top right of the letter's first page, such as the office's name and address; [] for none.",
	"signature":            "The scanned signature printed above the name; delete these lines to print none.",
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

// toFill marks the comment of a field left for the officer to fill.
const toFill = "TO FILL: "

// NewOffice returns the content of a new office profile: every field of
// response.Office, in order, each with a comment saying what to write, the
// fields given by opt filled, the fields s55 needs and opt leaves empty
// marked TO FILL, and the rest at their defaults.
func NewOffice(opt OfficeOptions) ([]byte, error) {
	plain := response.Plain
	o := response.Office{
		Language: cmp.Or(opt.Language, "en-GB"),
		PCC:      response.Person{Name: plain(opt.PCC), Title: plain(opt.PCCTitle)},
		Force: response.Force{Name: plain(opt.Force), ShortName: plain(opt.ForceShort),
			ChiefOfficer: plain(cmp.Or(opt.Chief, "Chief Constable"))},
		Letterhead: response.PlainList(opt.Letterhead...),
		Signature:  &response.Picture{File: opt.Signature, Alt: plain(opt.SignatureAlt), Width: 50},
		Recipient: &response.Recipient{Role: plain("Home Secretary"), Address: response.PlainList("2 Marsham Street", "London", "SW1P 4DF"),
			Salutation: plain("Dear Home Secretary")},
		CC:           response.PlainList(opt.CC...),
		Submission:   &response.Submission{To: opt.SubmissionTo, CC: opt.SubmissionCC, From: opt.SubmissionFrom},
		SourceBundle: new(true),
	}
	if o.Letterhead == nil {
		o.Letterhead = []response.Text{}
	}
	if o.CC == nil {
		o.CC = []response.Text{}
	}
	descriptions, err := schemaDescriptions()
	if err != nil {
		return nil, err
	}
	root, err := officeNode(reflect.ValueOf(o), "", descriptions)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# yaml-language-server: $schema=%s\n", schema.Office)
	for _, line := range wrap(comments[""], 76) {
		fmt.Fprintf(&b, "# %s\n", line)
	}
	b.WriteString("\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// officeNode encodes v, a value of the office profile at path, with the
// comments of its fields.
func officeNode(v reflect.Value, path string, descriptions map[string]string) (*yaml.Node, error) {
	if t, ok := v.Interface().(response.Text); ok {
		return officeNode(reflect.ValueOf(t.String()), path, descriptions)
	}
	switch v.Kind() {
	case reflect.Pointer:
		return officeNode(v.Elem(), path, descriptions)
	case reflect.Struct:
		m := &yaml.Node{Kind: yaml.MappingNode}
		for i := range v.NumField() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
			if name == "" || name == "-" || name == "languages" && v.Field(i).Len() == 0 {
				continue // an office of one language gives language alone
			}
			sub := name
			if path != "" {
				sub = path + "." + name
			}
			val, err := officeNode(v.Field(i), sub, descriptions)
			if err != nil {
				return nil, err
			}
			comment, err := commentOf(sub, val, descriptions)
			if err != nil {
				return nil, err
			}
			width := 76 - 2*strings.Count(sub, ".")
			key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name, HeadComment: strings.Join(wrap(comment, width), "\n")}
			m.Content = append(m.Content, key, val)
		}
		return m, nil
	case reflect.Slice:
		n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for i := range v.Len() {
			item, err := officeNode(v.Index(i), fmt.Sprintf("%s[%d]", path, i), descriptions)
			if err != nil {
				return nil, err
			}
			item.Style = 0
			n.Content = append(n.Content, item)
		}
		return n, nil
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

// commentOf says what to write in the field path whose value is val.
func commentOf(path string, val *yaml.Node, descriptions map[string]string) (string, error) {
	for _, f := range slices.Concat(response.OfficeFields, submission.Fields) {
		if f.Path == path {
			c := capitalize(f.What) + ": write " + f.Help + "."
			if val.Kind == yaml.ScalarNode && val.Value == "" || val.Kind == yaml.SequenceNode && len(val.Content) == 0 {
				c = toFill + c
			}
			return c, nil
		}
	}
	c := cmp.Or(comments[path], descriptions[path])
	if c == "" {
		return "", fmt.Errorf("scaffold: nothing says what to write in the office field %s", path)
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
