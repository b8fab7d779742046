package response_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// TestTextDecode: a Text takes a plain string or a mapping of language
// tags; each language's string has its own position (the language is the
// last element of its path), its key too, and PosAt finds a place inside
// it; a repeated tag or a value that is no text is an error at its place.
func TestTextDecode(t *testing.T) {
	src := "report:\n" +
		"  title: Plain\n" +
		"appendices:\n" +
		"  - title: {cy-GB: Atodiad, en-GB: Appendix}\n" +
		"    introduction:\n" +
		"      cy-GB: |\n" +
		"        Llinell un.\n" +
		"        Llinell ŵ dau.\n" +
		"      en-GB: \"Line \\u0021\"\n"
	var r response.Response
	s, diags := strictyaml.Decode("r.yaml", []byte(src), &r)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if r.Report.Title.Mapped() || r.Report.Title.In("cy-GB") != "Plain" || r.Report.Title.String() != "Plain" {
		t.Errorf("plain title %+v", r.Report.Title)
	}
	a := r.Appendices[0]
	if !a.Title.Mapped() || a.Title.In("cy-GB") != "Atodiad" || a.Title.In("en-GB") != "Appendix" || a.Title.In("fr") != "" || a.Title.String() != "Atodiad" {
		t.Errorf("title %+v", a.Title)
	}
	if got := a.Introduction.In("cy-GB"); got != "Llinell un.\nLlinell ŵ dau.\n" {
		t.Errorf("introduction in Welsh %q", got)
	}
	for path, want := range map[string]response.Pos{
		"appendices[0].title":                    {Line: 4, Col: 12},
		"appendices[0].title.cy-GB":              {Line: 4, Col: 20},
		"appendices[0].title.en-GB":              {Line: 4, Col: 36},
		"appendices[0].introduction.cy-GB":       {Line: 6, Col: 14},
		"appendices[0].introduction.en-GB":       {Line: 9, Col: 14},
		"appendices[0].introduction.en-GB.other": {Line: 9, Col: 14}, // the nearest enclosing value
	} {
		if got := s.At(path); got != want {
			t.Errorf("At(%s) = %v, want %v", path, got, want)
		}
	}
	if got, want := s.Key("appendices[0].introduction.en-GB"), (response.Pos{Line: 9, Col: 7}); got != want {
		t.Errorf("Key = %v, want %v", got, want)
	}
	// The ŵ of the Welsh introduction, inside the literal block.
	off := strings.Index(a.Introduction.In("cy-GB"), "ŵ")
	if got, want := s.PosAt("appendices[0].introduction.cy-GB", off), (response.Pos{Line: 8, Col: 17}); got != want {
		t.Errorf("PosAt(ŵ) = %v, want %v", got, want)
	}
	var paths []string
	for _, tf := range response.TextFields(s) {
		paths = append(paths, fmt.Sprintf("%s %v", tf.Path, tf.Text.Mapped()))
	}
	if want := []string{"report.title false", "appendices[0].title true", "appendices[0].introduction true"}; !slices.Equal(paths, want) {
		t.Errorf("text fields %q, want %q", paths, want)
	}

	for doc, want := range map[string]string{
		"report:\n  title: {cy-GB: A, cy-GB: B}\n":    `r.yaml:2:21: error: report.title: "cy-GB" is given twice (first on line 2)`,
		"report:\n  title: {cy-GB: [A]}\n":            "r.yaml:2:18: error: report.title.cy-GB: must be text, not a list",
		"report:\n  title: [A]\n":                     "r.yaml:2:10: error: report.title: must be text, or a mapping of language tags to texts, not a list",
		"report:\n  title: {[a]: A}\n":                "r.yaml:2:11: error: report.title: a language tag such as cy-GB or en-GB goes here, not a list",
		"appendices:\n  - items: [{text: {cy: 1}}]\n": "",
	} {
		var r response.Response
		_, diags := strictyaml.Decode("r.yaml", []byte(doc), &r)
		got := ""
		if len(diags) > 0 {
			got = diags[0].Error()
		}
		if got != want {
			t.Errorf("%q: %q, want %q", doc, got, want)
		}
	}
}

// TestPersonSame: the name fields may stay one string in every language;
// the decoder says so of each text it gives.
func TestPersonSame(t *testing.T) {
	var o response.Office
	s, diags := strictyaml.Decode("o.yaml", []byte("pcc:\n  name: Alys\n  title: T\nrecipient:\n  name: N\n  role: R\n"), &o)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	same := map[string]bool{}
	for _, tf := range response.TextFields(s) {
		same[tf.Path] = tf.Same
	}
	if want := map[string]bool{"pcc.name": true, "pcc.title": false, "recipient.name": true, "recipient.role": false}; !reflect.DeepEqual(same, want) {
		t.Errorf("same %v, want %v", same, want)
	}
}

// TestView: what the phrase book's templates see, in one language.
func TestView(t *testing.T) {
	day := time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)
	it := response.Item{Number: 3, Text: response.Translated(response.Translation{Lang: "cy-GB", Text: "Testun"}, response.Translation{Lang: "en-GB", Text: "Text"}),
		Addressees: response.PlainList("HMICFRS"), Items: []response.Item{{Number: 4}}}
	v := response.View(struct {
		response.Item
		Day       time.Time
		Recipient *response.Recipient
	}{it, day, nil}, "cy-GB").(map[string]any)
	if v["Text"] != "Testun" || v["Number"] != 3 || v["Day"] != day || v["Recipient"] != nil {
		t.Errorf("view %v", v)
	}
	if got, ok := v["Addressees"].([]string); !ok || !slices.Equal(got, []string{"HMICFRS"}) {
		t.Errorf("addressees %#v", v["Addressees"])
	}
	if sub, ok := v["Items"].([]any); !ok || len(sub) != 1 || sub[0].(map[string]any)["Number"] != 4 {
		t.Errorf("items %#v", v["Items"])
	}
	if got := response.View(it, "en-GB").(map[string]any)["Text"]; got != "Text" {
		t.Errorf("in English %v", got)
	}
}

// TestWelshOffice loads the bilingual example: its languages, a letter for
// each, and each language's pieces of Markdown at their paths.
func TestWelshOffice(t *testing.T) {
	f, diags := response.Load("../../responses/heddlu-enghraifft/2025-11-20-peel-enghraifft", response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if !f.Bilingual() || !slices.Equal(f.Languages, []string{"cy-GB", "en-GB"}) || f.Office.Language != "cy-GB" {
		t.Errorf("languages %v, first %s", f.Languages, f.Office.Language)
	}
	if len(f.Letters) != 2 || filepath.Base(f.Letters[0].File) != "letter.cy.md" || f.Letters[1].Lang != "en-GB" {
		t.Errorf("letters %+v", f.Letters)
	}
	for _, lang := range f.Languages {
		ps := f.Pieces(lang)
		if ps[0].Path != "" || filepath.Base(ps[0].File) != "letter."+lang[:2]+".md" {
			t.Errorf("%s: the letter is %s", lang, ps[0].File)
		}
		if !strings.HasSuffix(ps[1].Path, ".introduction."+lang) {
			t.Errorf("%s: piece 1 at %s", lang, ps[1].Path)
		}
	}
}

// TestLanguages: language and languages settle to one list; given
// together they must agree.
func TestLanguages(t *testing.T) {
	for office, want := range map[string]string{
		"":                                      "en-GB",
		"language: cy-GB\n":                     "cy-GB",
		"languages: [cy-GB, en-GB]\n":           "cy-GB en-GB",
		"language: cy-GB\nlanguages: [cy-GB]\n": "cy-GB",
		"language: en-GB\nlanguages: [cy-GB, en-GB]\n": "office.yaml:1:11: error: language: language is en-GB but languages starts with cy-GB",
	} {
		dir := t.TempDir()
		write := func(name, s string) {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write("office.yaml", office+"pcc: {name: A, title: B}\nforce: {name: C, short_name: D}\nrecipient: {role: Home Secretary}\n")
		write("r/response.yaml", "report: {title: T, published: 2021-07-16}\nletter: {date: 2021-09-13, body: letter.md}\n")
		write("r/letter.md", "Text.\n")
		f, diags := response.Load(filepath.Join(dir, "r"), response.Options{})
		got := strings.Join(f.Languages, " ")
		if len(diags) > 0 {
			got = diags[0].Error()
			got = got[strings.Index(got, "office.yaml"):]
		}
		if !strings.HasPrefix(got, want) {
			t.Errorf("%q: %q, want %q", office, got, want)
		}
	}
}
