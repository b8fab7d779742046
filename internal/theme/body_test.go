package theme

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/statute"
)

// office writes an office's phrase book for lang into a new templates
// folder and returns the folder.
func office(t *testing.T, lang, book string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, lang), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, lang, PhraseFile), []byte(book), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func phraseOf(t *testing.T, th *Theme, name string, data any) string {
	t.Helper()
	s, err := th.Phrase(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// TestBodies: each body reads its own phrases where the book gives one and
// the plain ones elsewhere, in each language; a title of the data reads as
// the office's role in the mayor's letter.
func TestBodies(t *testing.T) {
	data := phraseData("scaffold_capacity")
	data.(map[string]any)["Office"].(map[string]any)["PCC"].(map[string]any)["Title"] = "Deputy Mayor for Policing and Crime on behalf of the Mayor of London"
	for _, tc := range []struct {
		lang, body, name, want string
	}{
		{"en-GB", "", "pcc_comment", "PCC comment:"},
		{"en-GB", "pcc", "pcc_comment", "PCC comment:"},
		{"en-GB", "pfcc", "pcc_comment", "Commissioner's comment:"},
		{"en-GB", "mayor", "pcc_comment", "Mayor's comment:"},
		{"en-GB", "pfcc", "scaffold_capacity", "as Police, Fire and Crime Commissioner I am pleased to provide my formal response"},
		{"en-GB", "mayor", "scaffold_capacity", "as Deputy Mayor for Policing and Crime on behalf of the Mayor of London I am pleased to provide the Mayor's formal response"},
		{"en-GB", "mayor", "role", "Mayor"},
		{"en-GB", "pfcc", "force_response", "Force response:"}, // no body varies it
		{"cy-GB", "mayor", "pcc_comment", "Sylw'r Maer:"},
		{"cy-GB", "pfcc", "role", "Comisiynydd Heddlu, Tân a Throseddu"},
		{"cy-GB", "pcc", "role", "Comisiynydd Heddlu a Throseddu"},
	} {
		th, diags := Load("", tc.lang)
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		if tc.body != "" {
			th = th.ForBody(tc.body)
		}
		if got := phraseOf(t, th, tc.name, data); got != tc.want {
			t.Errorf("%s %s %s = %q, want %q", tc.lang, tc.body, tc.name, got, tc.want)
		}
	}
	// ForBody leaves the theme it is given as it was.
	th, _ := Load("", "en-GB")
	_ = th.ForBody("mayor")
	if got := phraseOf(t, th, "pcc_comment", nil); got != "PCC comment:" || th.Body() != "pcc" {
		t.Errorf("the plain theme reads %q as %s", got, th.Body())
	}
}

// TestBodiesOverride: an office's plain phrase stands for every body,
// over the book's own phrase for its body; an office's phrase for a body
// stands for that body alone, over its own plain phrase; standard
// sentences vary the same way.
func TestBodiesOverride(t *testing.T) {
	dir := office(t, "en-GB", `pcc_comment: "Our comment:"
bodies:
  mayor:
    pcc_comment: "The Mayor's view:"
    standard:
      other-bodies: "For {{and_list .Addressees}}: the Mayor will follow it."
`)
	th, diags := Load(dir, "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for body, want := range map[string]string{"pcc": "Our comment:", "pfcc": "Our comment:", "mayor": "The Mayor's view:"} {
		if got := phraseOf(t, th.ForBody(body), "pcc_comment", nil); got != want {
			t.Errorf("%s: pcc_comment %q, want %q", body, got, want)
		}
	}
	data := map[string]any{"Addressees": []string{"the CPS"}, "Force": map[string]any{"ShortName": "the force"}}
	if got, _ := th.ForBody("mayor").Standard("other-bodies", data); got != "For the CPS: the Mayor will follow it." {
		t.Errorf("the mayor's standard sentence %q", got)
	}
	if got, _ := th.ForBody("pfcc").Standard("other-bodies", data); !strings.HasPrefix(got, "This recommendation is addressed to the CPS.") {
		t.Errorf("the PFCC's standard sentence %q", got)
	}
	// The book's own phrase for a body the office does not vary stays.
	if got := phraseOf(t, th.ForBody("mayor"), "role", nil); got != "Mayor" {
		t.Errorf("the mayor's role %q", got)
	}
}

// TestBodiesRefused: a body the law does not know, a phrase a book does
// not have, a list where a phrase goes and what never varies by body are
// refused at their place.
func TestBodiesRefused(t *testing.T) {
	for book, want := range map[string]string{
		"bodies:\n  mayr:\n    pcc_comment: x\n":            `phrases.yaml:2:3: error: bodies: unknown body "mayr": the bodies are pcc, pfcc and mayor (did you mean "mayor"?)`,
		"bodies:\n  mayor:\n    pcc_coment: x\n":            `phrases.yaml:3:5: error: bodies.mayor: unknown phrase "pcc_coment": a body varies a phrase the book has (did you mean "pcc_comment"?)`,
		"bodies:\n  mayor:\n    months: [a]\n":              `phrases.yaml:3:5: error: bodies.mayor: months is the same for every body`,
		"bodies:\n  mayor:\n    standard: {nobody: x}\n":    `unknown standard sentence "nobody"`,
		"bodies:\n  mayor: [a]\n":                           `phrases.yaml:2:10: error: bodies.mayor: must be a mapping of fields, not a list`,
		"bodies: mayor\n":                                   `phrases.yaml:1:9: error: bodies: must be a mapping, not "mayor"`,
		"bodies:\n  mayor:\n    pcc_comment: \"{{.Nope\"\n": `phrase "pcc_comment"`,
		"bodies:\n  mayor:\n    names: Deputy Mayor\n":      `phrases.yaml:3:12: error: bodies.mayor.names: must be a list, not "Deputy Mayor"`,
		"bodies:\n  mayor:\n    pcc_comment: [x]\n":         `phrases.yaml:3:18: error: bodies.mayor.pcc_comment: must be text, not a list`,
		"bodies:\n  mayor: {}\n  mayor: {}\n":               `phrases.yaml:3:3: error: bodies: "mayor" is given twice (first on line 2)`,
	} {
		_, diags := Load(office(t, "en-GB", book), "en-GB")
		if err := diags.Err(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", book, err, want)
		}
	}
}

// TestBodiesAlike: every book s55 ships has a section for every body,
// each with the names that call an office by its role; and a phrase the
// English book varies for a body is varied for it in every book, unless
// the book's plain phrase names no body's role and so serves every body
// (the Welsh "Sylw'r Comisiynydd:" serves a PCC and a PFCC alike).
func TestBodiesAlike(t *testing.T) {
	en, _ := Load("", "en-GB")
	for _, lang := range Shipped() {
		th, diags := Load("", lang)
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, b := range statute.BodyNames() {
			if len(th.RoleNames(b)) == 0 {
				t.Errorf("%s: no names for %s", lang, b)
			}
			all = append(all, th.RoleNames(b)...)
		}
		for _, b := range statute.BodyNames() {
			for _, name := range bodyPhrases(en, b) {
				if th.bodies[b] != nil && th.bodies[b].phrases[name] != nil {
					continue
				}
				plain := th.lookup(name)
				if hits := FindNames(actions.ReplaceAllString(plain.text, " "), all); len(hits) > 0 {
					t.Errorf("%s: %s does not vary %s, whose plain phrase names %q", lang, b, name, hits[0].Name)
				}
			}
		}
	}
}

// bodyPhrases lists the phrases the book varies for body.
func bodyPhrases(th *Theme, body string) []string {
	if b := th.bodies[body]; b != nil {
		return slices.Sorted(maps.Keys(b.phrases))
	}
	return nil
}

// TestNoBodyNamesAnother holds every body's phrases, in every book s55
// ships, to the rule check applies to an office's letter: none calls the
// office by another body's role. A new phrase that names the role
// ("PCC response:") fails here until each body's section gives its own.
func TestNoBodyNamesAnother(t *testing.T) {
	for _, lang := range Shipped() {
		base, _ := Load("", lang)
		for _, body := range statute.BodyNames() {
			th := base.ForBody(body)
			for _, other := range statute.BodyNames() {
				if other == body {
					continue
				}
				for _, s := range th.Sources() {
					for _, hit := range FindNames(s.Words, th.RoleNames(other)) {
						t.Errorf("%s, %s: %s (%s:%d) says %q, the role of %s", lang, body, s.Name, s.File, s.Line, hit.Name, other)
					}
				}
			}
		}
	}
}

// BenchmarkFindNames looks for every name of the English book's bodies in
// a letter of n and 10n paragraphs, each naming a role: the work grows
// with the letter, linearly.
func BenchmarkFindNames(b *testing.B) {
	th, _ := Load("", "en-GB")
	var names []string
	for _, body := range statute.BodyNames() {
		names = append(names, th.RoleNames(body)...)
	}
	para := "As Police and Crime Commissioner I have asked the PCCs of the region, and the PFCC of Essex, to meet the Deputy Mayor for Policing and Crime. "
	for _, n := range []int{1000, 10000} {
		text := strings.Repeat(para, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if len(FindNames(text, names)) != 3*n {
					b.Fatal("names missed")
				}
			}
		})
	}
}
