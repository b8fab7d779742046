package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/theme"
)

// TestCounts: the total an introduction states is checked only in the
// sentence the phrase book's scaffold_introduction writes, in its own
// language, whatever the case, spacing and line breaks; every other
// number of an introduction is the office's own.
func TestCounts(t *testing.T) {
	load := func(dir, lang string) *theme.Theme {
		th, diags := theme.Load(dir, lang)
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		return th
	}
	en, cy := load("", "en-GB"), load("", "cy-GB")
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "en-GB"), 0o755); err != nil {
		t.Fatal(err)
	}
	book := "scaffold_introduction: 'The inspectorate made {{plural .Recommendations \"one\" \"# recommendation\" \"other\" \"# recommendations\"}}:'\n"
	if err := os.WriteFile(filepath.Join(dir, "en-GB", "phrases.yaml"), []byte(book), 0o644); err != nil {
		t.Fatal(err)
	}
	own := load(dir, "en-GB")
	const orig = "HMICFRS have set out 13 recommendations to improve how the investigation and prosecution of rape is currently handled:"
	for _, tc := range []struct {
		th    *theme.Theme
		intro string
		want  string // the total refused, or ""
	}{
		{en, orig, ""},
		{en, strings.Replace(orig, "13", "12", 1), `a total of 12 ("HMICFRS have set out 12"), but the appendix holds 13 recommendations`},
		{en, "hmicfrs  HAVE set\n      out 14 recommendations in the report:", `a total of 14 ("hmicfrs HAVE set out 14")`},
		{en, orig + " Three recommendations are addressed to chief constables, 4 to PCCs; 22 recommendations were made in 2 reports.", ""},
		{en, "Of the 9 recommendations HMICFRS have set out, 6 are for the police.", ""},
		{en, "HMICFRS made 12 recommendations.", ""},
		{en, "HMICFRS have set out 1 recommendation in the report:", `a total of 1 ("HMICFRS have set out 1")`},
		{own, "The inspectorate made 12 recommendations:", `a total of 12 ("The inspectorate made 12")`},
		{own, strings.Replace(orig, "13", "12", 1), ""},
		{cy, "Mae HMICFRS wedi gwneud 12 o argymhellion yn yr adroddiad: 3 i'r heddlu.", `a total of 12 ("Mae HMICFRS wedi gwneud 12")`},
		{cy, "Mae HMICFRS wedi gwneud 13 o argymhellion yn yr adroddiad, a 2 ohonynt i'r Swyddfa Gartref.", ""},
	} {
		f := loadEdited(t, func(files map[string]string) {
			replace(files, "response.yaml", orig, strings.ReplaceAll(tc.intro, "\n", "\n      "))
		})
		_, diags := Run(f, tc.th, Options{})
		var got []string
		for _, d := range diags {
			if strings.Contains(d.Msg, "states a total") {
				got = append(got, d.Msg)
			}
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%q: refused %q", tc.intro, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%q: %q, want one refusal of %s", tc.intro, got, tc.want)
		}
	}
}

// TestMissingNumbers names the numbers missing of each kind in its own
// plural.
func TestMissingNumbers(t *testing.T) {
	f := loadEdited(t, func(files map[string]string) {
		replace(files, "response.yaml", "      - kind: recommendation\n        number: 1\n", "      - kind: area-for-improvement\n        number: 4\n")
	})
	th, _ := theme.Load("", "en-GB")
	_, diags := Run(f, th, Options{})
	var got []string
	for _, d := range diags {
		if strings.Contains(d.Msg, "missing") && strings.Contains(d.Path, "number") {
			got = append(got, d.Msg)
		}
	}
	if want := []string{"areas for improvement 1 to 3 are missing", "recommendation 1 is missing"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("missing numbers %q, want %q", got, want)
	}
}
