package editor

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/yamledit"
)

// bilingual is a response.yaml of a bilingual office: texts per language,
// a text given once, and fields the file lacks.
const bilingual = `report:
  title: {cy-GB: "Arolygiad PEEL", en-GB: "PEEL inspection"}
appendices:
  - title: {cy-GB: Atodiad, en-GB: Appendix}
    items:
      - kind: recommendation
        number: 1
        text:
          cy-GB: |
            Testun.
          en-GB: |
            Text.
        response:
          cy-GB: |
            Ymateb.
          en-GB: |
            Response.
        status: in-progress
      - kind: recommendation
        number: 2
        text: |
          Given once.
      - kind: area-for-improvement
        number: 1
        text: x
      - kind: recommendation
        number: 1
        text: a second recommendation 1
      - kind: nonsense
        number: 3
        text: y
`

func TestListItems(t *testing.T) {
	y, err := yamledit.OpenYAML([]byte(bilingual))
	if err != nil {
		t.Fatal(err)
	}
	items := listItems(y)
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID+"="+it.Path)
	}
	// An ID that the documents' anchor would give twice, and one of no
	// kind, are named by their place.
	want := "rec-1=appendices[0].items[0] rec-2=appendices[0].items[1] afi-1=appendices[0].items[2] item-4=appendices[0].items[3] item-5=appendices[0].items[4]"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("ids:\n got %s\nwant %s", got, want)
	}
	if l := languages(y, items); strings.Join(l, " ") != "cy-GB en-GB" {
		t.Errorf("languages = %v", l)
	}
	js := func(v yamledit.FieldValue) string {
		data, err := json.Marshal(jsonValue(v))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	langs := languages(y, items)
	for _, tc := range []struct {
		it    int
		field string
		want  string
	}{
		{0, "response", `{"cy-GB":"Ymateb.\n","en-GB":"Response.\n"}`},
		{0, "status", `"in-progress"`},
		{1, "text", `"Given once.\n"`},
		// A field the file lacks is offered in the file's languages; a
		// status is one for every language; addressees, a list.
		{1, "comment", `{"cy-GB":"","en-GB":""}`},
		{1, "status", `""`},
		{1, "addressees", `[]`},
	} {
		if got := js(offered(items[tc.it].Fields[tc.field], tc.field, langs)); got != tc.want {
			t.Errorf("item %d %s = %s, want %s", tc.it, tc.field, got, tc.want)
		}
	}
}

// TestPlanKeepsTheShape: a value sent for a field is written in the shape
// the file gives it, once or per language, changing only the values sent.
func TestPlanKeepsTheShape(t *testing.T) {
	y, err := yamledit.OpenYAML([]byte(bilingual))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, field, body string
		old, new          string // the file's text replaced, "" for a refusal
		refused           string
	}{
		{"appendices[0].items[0].response", "response", `{"en-GB": "New response."}`,
			"          en-GB: |\n            Response.\n", "          en-GB: |\n            New response.\n", ""},
		{"appendices[0].items[0].response", "response", `{"cy-GB": "Ymateb newydd.", "en-GB": "New."}`,
			"            Ymateb.\n          en-GB: |\n            Response.\n", "            Ymateb newydd.\n          en-GB: |\n            New.\n", ""},
		{"appendices[0].items[0].response", "response", `"One text for both."`, "", "", "give it in cy-GB and en-GB"},
		{"appendices[0].items[1].text", "text", `"Still once."`, "          Given once.\n", "          Still once.\n", ""},
		{"appendices[0].items[1].comment", "comment", `{"cy-GB": "Sylw.", "en-GB": "A comment."}`,
			"          Given once.\n", "          Given once.\n        comment:\n          cy-GB: |\n            Sylw.\n          en-GB: |\n            A comment.\n", ""},
		{"appendices[0].items[1].deadline", "deadline", `{"en-GB": "At once"}`, "          Given once.\n", "          Given once.\n        deadline:\n          en-GB: At once\n", ""},
		{"appendices[0].title", "title", `{"en-GB": "Appendix, the first"}`, `en-GB: Appendix}`, `en-GB: "Appendix, the first"}`, ""},
	} {
		v, err := parseValue(json.RawMessage(tc.body), false)
		if err != nil {
			t.Fatal(err)
		}
		edits, err := plan(tc.path, tc.field, y.Get(tc.path), normalize(tc.field, v))
		if tc.refused != "" {
			if err == nil || !strings.Contains(err.Error(), tc.refused) {
				t.Errorf("%s = %s: %v, want a refusal saying %q", tc.path, tc.body, err, tc.refused)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s = %s: %v", tc.path, tc.body, err)
			continue
		}
		out, err := apply([]byte(bilingual), edits, nil)
		if err != nil {
			t.Errorf("%s = %s: %v", tc.path, tc.body, err)
			continue
		}
		if want := strings.Replace(bilingual, tc.old, tc.new, 1); string(out) != want || !strings.Contains(bilingual, tc.old) {
			t.Errorf("%s = %s: got\n%s\nwant\n%s", tc.path, tc.body, out, want)
		}
	}
}

func TestParseValue(t *testing.T) {
	for body, want := range map[string]string{
		`"a"`:                          `"a"`,
		`{"en-GB": "a", "cy-GB": "b"}`: `{"en-GB":"a","cy-GB":"b"}`, // the order as sent
		`["a", {"cy-GB": "b"}]`:        `["a",{"cy-GB":"b"}]`,
	} {
		v, err := parseValue(json.RawMessage(body), true)
		if err != nil {
			t.Errorf("%s: %v", body, err)
			continue
		}
		if got, _ := json.Marshal(jsonValue(v)); string(got) != want {
			t.Errorf("%s reads as %s, want %s", body, got, want)
		}
	}
	for _, body := range []string{`3`, `null`, `true`, `{}`, `{"en-GB": 3}`, `{"en-GB": ["a"]}`, `[["a"]]`, `"a" "b"`, `[`} {
		if _, err := parseValue(json.RawMessage(body), true); err == nil {
			t.Errorf("%s was taken", body)
		}
	}
	if _, err := parseValue(json.RawMessage(`["a"]`), false); err == nil {
		t.Error("a list was taken for a text")
	}
}
