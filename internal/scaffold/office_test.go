package scaffold

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/schema"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// newOffice makes the profile of opt and decodes it strictly.
func newOffice(t *testing.T, opt OfficeOptions) ([]byte, response.Office, *response.Source) {
	t.Helper()
	data, err := NewOffice(opt)
	if err != nil {
		t.Fatal(err)
	}
	var o response.Office
	src, diags := strictyaml.Decode("office.yaml", data, &o)
	if err := diags.Err(); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return data, o, src
}

// TestNewOffice proves that the profile s55 init writes holds every field
// of the office profile, each with a comment, decodes strictly, carries
// what the flags gave, and marks as TO FILL exactly the needed fields they
// left empty.
func TestNewOffice(t *testing.T) {
	opt := OfficeOptions{PCC: "Alex Example", ForceShort: `the "force": #1`, Languages: []string{"cy-GB"}, CC: []string{"HMICFRS", "a, b"},
		SubmissionTo: []string{"Home Office <s55@homeoffice.example>"}}
	data, o, src := newOffice(t, opt)
	if o.PCC.Name.String() != opt.PCC || o.Force.ShortName.String() != opt.ForceShort || o.Language != "cy-GB" || !reflect.DeepEqual(o.CC, response.PlainList(opt.CC...)) ||
		o.Force.ChiefOfficer.String() != "Prif Gwnstabl" || !reflect.DeepEqual(o.Submission.To, opt.SubmissionTo) || o.Recipient.Role.String() != "Ysgrifennydd Cartref" ||
		o.Recipient.Salutation.String() != "Annwyl Ysgrifennydd Cartref" || !reflect.DeepEqual(o.Recipient.Address, response.PlainList("2 Marsham Street", "Llundain", "SW1P 4DF")) || o.Signature.Width != 50 {
		t.Errorf("decoded %+v", o)
	}
	// Every field of the profile is in the file, with a comment above it.
	lines := strings.Split(string(data), "\n")
	var walk func(t reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		if typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || typ == reflect.TypeFor[response.Text]() {
			return
		}
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ",")
			sub := strings.TrimPrefix(path+"."+name, ".")
			switch {
			case sub == "languages", name == "-":
				continue // an office of one language gives language alone
			case sub == "logo", sub == "signatories":
				// Left out, and shown in the comments of the fields
				// beside them, for an office to add.
				if comments := strings.ReplaceAll(string(data), "\n# ", " "); !strings.Contains(comments, "("+sub+": ") {
					t.Errorf("%s is neither in the profile nor shown in a comment", sub)
				}
				continue
			}
			p, ok := src.Pos[sub]
			if !ok {
				t.Errorf("%s is not in the profile", sub)
				continue
			}
			if p.Line < 2 || !strings.HasPrefix(strings.TrimSpace(lines[p.Line-2]), "#") {
				t.Errorf("%s (line %d) has no comment above it", sub, p.Line)
			}
			walk(typ.Field(i).Type, sub)
		}
	}
	walk(reflect.TypeFor[response.Office](), "")
	marked := toFillKeys(data)
	if want := []string{"title", "name", "file", "alt", "cc", "from"}; !reflect.DeepEqual(marked, want) {
		t.Errorf("fields marked TO FILL: %v, want %v (pcc.title, force.name, signature.file, signature.alt, submission.cc, submission.from)", marked, want)
	}
}

// toFillKeys lists the keys of the fields a profile marks TO FILL, in its
// order: the key under each such comment.
func toFillKeys(data []byte) []string {
	lines := strings.Split(string(data), "\n")
	var marked []string
	for i, l := range lines {
		if strings.Contains(l, "# TO FILL:") {
			for j := i + 1; j < len(lines); j++ {
				if k, _, ok := strings.Cut(strings.TrimSpace(lines[j]), ":"); ok && !strings.HasPrefix(k, "#") {
					marked = append(marked, k)
					break
				}
			}
		}
	}
	return marked
}

// TestNewWelshOffice proves that the profile s55 init writes for an office
// of several languages lists them, gives every text as a mapping of them
// in their order (and the names that may stay one string as one string),
// holds each flag's text in the first language and nothing in the others,
// the defaults of each language's phrase book, marks TO FILL exactly the
// fields still to write or translate, and is valid by the JSON Schema
// written beside it.
func TestNewWelshOffice(t *testing.T) {
	langs := []string{"cy-GB", "en-GB"}
	opt := OfficeOptions{Languages: langs, PCC: "Alys Enghraifft", PCCTitle: "Comisiynydd Heddlu a Throseddu Enghraifft",
		ForceShort: "yr Heddlu", Letterhead: []string{"Swyddfa'r Comisiynydd"}, Signature: "llofnod.png",
		SubmissionTo: []string{"Home Office <s55@homeoffice.example>"}, SubmissionCC: []string{"HMICFRS <s55@hmicfrs.example>"}}
	data, o, src := newOffice(t, opt)
	if !reflect.DeepEqual(o.Languages, langs) || o.Language != "" {
		t.Errorf("languages %v, language %q", o.Languages, o.Language)
	}
	checkPerLanguage(t, src, langs)
	// The flags' texts are the first language's; the defaults are each
	// language's own.
	for _, tc := range []struct {
		what   string
		got    response.Text
		cy, en string
	}{
		{"pcc.title", o.PCC.Title, opt.PCCTitle, ""},
		{"force.short_name", o.Force.ShortName, opt.ForceShort, ""},
		{"force.name", o.Force.Name, "", ""},
		{"force.chief_officer", o.Force.ChiefOfficer, "Prif Gwnstabl", "Chief Constable"},
		{"letterhead[0]", o.Letterhead[0], opt.Letterhead[0], ""},
		{"recipient.role", o.Recipient.Role, "Ysgrifennydd Cartref", "Home Secretary"},
		{"recipient.salutation", o.Recipient.Salutation, "Annwyl Ysgrifennydd Cartref", "Dear Home Secretary"},
		{"recipient.address[1]", o.Recipient.Address[1], "Llundain", "London"},
		{"signature.alt", o.Signature.Alt, "", ""},
	} {
		if tc.got.In("cy-GB") != tc.cy || tc.got.In("en-GB") != tc.en {
			t.Errorf("%s = %q / %q, want %q / %q", tc.what, tc.got.In("cy-GB"), tc.got.In("en-GB"), tc.cy, tc.en)
		}
	}
	if o.PCC.Name.Mapped() || o.PCC.Name.String() != opt.PCC || o.Recipient.Name.Mapped() {
		t.Errorf("the names: %+v, %+v", o.PCC.Name, o.Recipient.Name)
	}
	// TO FILL marks the fields still to write, and those given in one
	// language and not in the other.
	marked := toFillKeys(data)
	if want := []string{"title", "name", "short_name", "letterhead", "alt", "from"}; !reflect.DeepEqual(marked, want) {
		t.Errorf("fields marked TO FILL: %v, want %v (pcc.title, force.name, force.short_name, letterhead, signature.alt, submission.from)", marked, want)
	}
	checkOfficeSchema(t, data)

}

// checkPerLanguage: every text of the profile src is a mapping of the
// languages, in their order, but the names, which stay one string.
func checkPerLanguage(t *testing.T, src *response.Source, langs []string) {
	t.Helper()
	texts := response.TextFields(src)
	if len(texts) < 12 {
		t.Fatalf("%d texts in the profile", len(texts))
	}
	for _, tf := range texts {
		switch {
		case tf.Same && tf.Text.Mapped():
			t.Errorf("%s, a name, is given per language", tf.Path)
		case !tf.Same:
			var got []string
			for _, tr := range tf.Text.Translations() {
				got = append(got, tr.Lang)
			}
			if !reflect.DeepEqual(got, langs) {
				t.Errorf("%s is given in %v, want %v", tf.Path, got, langs)
			}
		}
	}
}

// checkOfficeSchema: the profile data is valid by the schema s55 init
// writes beside it, and one whose languages are not a list is not.
func checkOfficeSchema(t *testing.T, data []byte) {
	t.Helper()
	schemas, err := Schemas()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	for _, f := range schemas {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(f.Name, doc); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := c.Compile(schema.Office)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("the profile is not valid by %s: %v", schema.Office, err)
	}
	// A profile whose languages are not a list is not valid by it: the
	// schema can fail.
	bad := strings.Replace(string(data), "languages: [cy-GB, en-GB]", "languages: cy-GB", 1)
	if err := yaml.Unmarshal([]byte(bad), &doc); err != nil {
		t.Fatal(err)
	}
	if sch.Validate(doc) == nil {
		t.Error("the schema takes a profile whose languages are not a list")
	}
}
