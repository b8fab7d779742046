package schema_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/schema"
)

func compile(t *testing.T) (office, resp *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for _, name := range []string{schema.Office, schema.Response} {
		data, err := fs.ReadFile(schema.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(name, doc); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if office, err = c.Compile(schema.Office); err != nil {
		t.Fatal(err)
	}
	if resp, err = c.Compile(schema.Response); err != nil {
		t.Fatal(err)
	}
	return office, resp
}

// yamlToJSON decodes a YAML file into the values JSON Schema validates,
// keeping dates as the strings they are written as.
func yamlToJSON(t *testing.T, file string) any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return nodeValue(n.Content[0])
}

func nodeValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i < len(n.Content); i += 2 {
			m[n.Content[i].Value] = nodeValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, nodeValue(c))
		}
		return l
	}
	switch n.Tag {
	case "!!int", "!!float":
		return json.Number(n.Value)
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

// TestExamples validates every data file of the repository.
func TestExamples(t *testing.T) {
	office, resp := compile(t)
	files, _ := filepath.Glob("../../responses/*/response.yaml")
	welsh, _ := filepath.Glob("../../responses/*/*/response.yaml")
	if len(files) == 0 || len(welsh) == 0 {
		t.Fatal("no response.yaml found")
	}
	for _, f := range append(files, welsh...) {
		if err := resp.Validate(yamlToJSON(t, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	offices, _ := filepath.Glob("../../responses/*/office.yaml")
	for _, f := range append(offices, "../../responses/office.yaml") {
		if err := office.Validate(yamlToJSON(t, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestRejects proves the schema can fail.
func TestRejects(t *testing.T) {
	_, resp := compile(t)
	for name, doc := range map[string]string{
		"misspelt field":              "report: {title: T, published: 2021-07-16, publised: x}\nletter: {date: 2021-09-13, body: l.md}",
		"bad kind":                    "report: {title: T, published: 2021-07-16}\nletter: {date: 2021-09-13, body: l.md}\nappendices: [{title: A, items: [{kind: recomendation, number: 1, text: t}]}]",
		"bad date":                    "report: {title: T, published: 16/07/2021}\nletter: {date: 2021-09-13, body: l.md}",
		"no letter":                   "report: {title: T, published: 2021-07-16}",
		"text not a mapping of texts": "report: {title: {cy-GB: [a]}, published: 2021-07-16}\nletter: {date: 2021-09-13, body: l.md}",
		"letter not Markdown":         "report: {title: T, published: 2021-07-16}\nletter: {date: 2021-09-13, body: {cy-GB: l.txt}}",
		"empty mapping":               "report: {title: {}, published: 2021-07-16}\nletter: {date: 2021-09-13, body: l.md}",
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatal(err)
		}
		if err := resp.Validate(nodeValue(n.Content[0])); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestFieldsMatch keeps the schemas and the Go types field for field.
func TestFieldsMatch(t *testing.T) {
	var schemas = map[string]map[string]any{}
	for _, name := range []string{schema.Office, schema.Response} {
		data, _ := fs.ReadFile(schema.FS, name)
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		schemas[name] = m
	}
	defs := func(file, name string) map[string]any {
		return schemas[file]["$defs"].(map[string]any)[name].(map[string]any)
	}
	props := func(s map[string]any, path ...string) map[string]any {
		for _, p := range path {
			s = s["properties"].(map[string]any)[p].(map[string]any)
			if items, ok := s["items"].(map[string]any); ok {
				s = items
			}
		}
		return s
	}
	check := func(where string, typ reflect.Type, s map[string]any) {
		t.Helper()
		var goNames, schemaNames []string
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ",")
			if name == "-" {
				continue // not a field of the file
			}
			goNames = append(goNames, name)
		}
		for k := range s["properties"].(map[string]any) {
			schemaNames = append(schemaNames, k)
		}
		slices.Sort(goNames)
		slices.Sort(schemaNames)
		if !slices.Equal(goNames, schemaNames) {
			t.Errorf("%s: Go fields %v, schema fields %v", where, goNames, schemaNames)
		}
	}
	office, resp := schemas[schema.Office], schemas[schema.Response]
	check("office", reflect.TypeFor[response.Office](), office)
	check("office.pcc", reflect.TypeFor[response.Person](), props(office, "pcc"))
	check("office.force", reflect.TypeFor[response.Force](), props(office, "force"))
	check("office.signature", reflect.TypeFor[response.Picture](), defs(schema.Office, "signature")["oneOf"].([]any)[1].(map[string]any))
	check("office.logo", reflect.TypeFor[response.Picture](), props(office, "logo"))
	check("signatory", reflect.TypeFor[response.Signatory](), defs(schema.Office, "signatory"))
	check("recipient", reflect.TypeFor[response.Recipient](), defs(schema.Office, "recipient"))
	check("response", reflect.TypeFor[response.Response](), resp)
	check("report", reflect.TypeFor[response.Report](), props(resp, "report"))
	check("letter", reflect.TypeFor[response.Letter](), props(resp, "letter"))
	check("appendix", reflect.TypeFor[response.Appendix](), props(resp, "appendices"))
	check("item", reflect.TypeFor[response.Item](), defs(schema.Response, "item"))

	var enum []string
	for _, v := range defs(schema.Response, "item")["properties"].(map[string]any)["status"].(map[string]any)["enum"].([]any) {
		enum = append(enum, v.(string))
	}
	if !slices.Equal(enum, response.Statuses) {
		t.Errorf("status enum %v, Go %v", enum, response.Statuses)
	}
}

// TestPublishedCopies keeps the copies beside the example responses, which
// s55 new writes beside every response folder, equal to the schemas here.
func TestPublishedCopies(t *testing.T) {
	offices, _ := filepath.Glob("../../responses/*/office.yaml")
	dirs := []string{"../../responses"}
	for _, o := range offices {
		dirs = append(dirs, filepath.Dir(o))
	}
	for _, dir := range dirs {
		for _, name := range []string{schema.Office, schema.Response} {
			want, _ := fs.ReadFile(schema.FS, name)
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("%s/%s differs from internal/schema/%s: copy it over", dir, name, name)
			}
		}
	}
}

// TestTextForms: every field that takes a text per language takes both
// forms, a string and a mapping of language tags, in the schema as in the
// decoder.
func TestTextForms(t *testing.T) {
	office, resp := compile(t)
	for _, doc := range []string{
		"report: {title: {cy-GB: Adroddiad, en-GB: Report}, published: 2021-07-16}\nletter: {date: 2021-09-13, body: {cy-GB: l.cy.md, en-GB: l.en.md}, subject: {cy-GB: a, en-GB: b}, cc: [{cy-GB: x, en-GB: y}]}\nappendices: [{title: {cy-GB: A, en-GB: B}, introduction: {cy-GB: a, en-GB: b}, items: [{kind: recommendation, number: 1, text: {cy-GB: t, en-GB: u}, response: {cy-GB: r, en-GB: s}, comment: {cy-GB: c, en-GB: d}, deadline: {cy-GB: e, en-GB: f}, addressees: [{cy-GB: y Coleg, en-GB: the College}]}]}]",
		"report: {title: Report, published: 2021-07-16}\nletter: {date: 2021-09-13, body: l.md}",
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatal(err)
		}
		if err := resp.Validate(nodeValue(n.Content[0])); err != nil {
			t.Errorf("%s: %v", doc, err)
		}
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("languages: [cy-GB, en-GB]\npcc: {name: A, title: {cy-GB: C, en-GB: P}}\nletterhead: [{cy-GB: a, en-GB: b}]\nsign_off: {cy-GB: Yn gywir, en-GB: Yours sincerely}\nrecipient: {role: {cy-GB: Ysgrifennydd Cartref, en-GB: Home Secretary}, address: [{cy-GB: Llundain, en-GB: London}]}"), &n); err != nil {
		t.Fatal(err)
	}
	if err := office.Validate(nodeValue(n.Content[0])); err != nil {
		t.Errorf("office: %v", err)
	}
}

// TestBodyForms: the office's body is one of the kinds the law knows; a
// title runs over several lines as a block or a list; a signature may be
// none; a letter may list its signatories, each with a name and a title.
func TestBodyForms(t *testing.T) {
	office, resp := compile(t)
	valid := func(s *jsonschema.Schema, doc string) error {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatal(err)
		}
		return s.Validate(nodeValue(n.Content[0]))
	}
	for _, doc := range []string{
		"body: mayor\npcc: {name: S, title: [Deputy Mayor for Policing and Crime, on behalf of the Mayor]}\nsignature: none\nlogo: {file: l.png, alt: '', width: 20}\nreference: R/1\ndelivery: By email",
		"body: pfcc\npcc: {title: {cy-GB: [a, b], en-GB: c}}\nsignatories: [{name: A, title: T, signature: none}, {name: B, title: [T, U], signature: {file: b.png, alt: Signature of B}}]",
	} {
		if err := valid(office, doc); err != nil {
			t.Errorf("%q: %v", doc, err)
		}
	}
	for _, doc := range []string{"body: pfc", "body: PCC", "signature: nothing", "signatories: []", "signatories: [{name: A}]", "pcc: {title: [[a]]}"} {
		if valid(office, doc) == nil {
			t.Errorf("%q: accepted", doc)
		}
	}
	const letter = "report: {title: T, published: 2021-07-16}\nletter: {date: 2021-09-13, body: l.md, "
	if err := valid(resp, letter+"reference: R/2, delivery: By hand, signatories: [{name: A, title: T}, {name: B, title: [C, D]}]}"); err != nil {
		t.Errorf("a joint letter: %v", err)
	}
	if valid(resp, letter+"signatories: [{title: T}]}") == nil {
		t.Error("a signatory with no name: accepted")
	}
}
