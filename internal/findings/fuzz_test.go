package findings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/diag"
)

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	for _, in := range []string{
		"Recommendation 1: Immediately, forces should act.\nRecommendation 2\nBy 31 March 2024, the CPS should act.",
		"Cause of concern\nThe force is slow.\nRecommendations\nWithin three months, the force should:\n• act\n• report",
		"Cause of concern 1\nDesc; we recommend:\n- a\n- b\nArea for improvement 1: x",
		"Areas for improvement\n\nThe force should x.\n\nThe force should y.",
		"1. a\n2) b\n(3) c\n1. d:\n1. e\n2. f;\n3. g\n\n7. H",
		"Recommendations\r\n\f12\r\nPage 1 of 2\r\n\u2022\u00a0x\r\n\u2013 y\r\no z\r",
		"4. **Recommendation 4:** Immediately, x\n3. Causes of concern\n1) x",
	} {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Parse(in)
		if err != nil {
			if got != nil {
				t.Errorf("error %v with findings %+v", err, got)
			}
			return
		}
		if len(got) == 0 {
			t.Fatal("no findings and no error")
		}
		lines := diag.NewLines([]byte(in)).Count()
		check(t, got, lines, false)
	})
}

// check asserts what must hold of any finding Parse returns.
func check(t *testing.T, fs []Finding, lines int, child bool) {
	t.Helper()
	for _, f := range fs {
		switch f.Kind {
		case Recommendation, CauseOfConcern, AreaForImprovement:
		default:
			t.Errorf("finding %+v: kind %q", f, f.Kind)
		}
		if child && f.Kind != Recommendation {
			t.Errorf("child %+v is not a recommendation", f)
		}
		if len(f.Children) > 0 && f.Kind != CauseOfConcern {
			t.Errorf("finding %+v has children but is not a cause of concern", f)
		}
		if f.Line < 1 || f.Line > lines {
			t.Errorf("finding %+v: line %d outside 1..%d", f, f.Line, lines)
		}
		if strings.TrimSpace(f.Text) != f.Text {
			t.Errorf("finding %+v: text not trimmed: %q", f, f.Text)
		}
		if strings.TrimSpace(f.Deadline) != f.Deadline {
			t.Errorf("finding %+v: deadline not trimmed: %q", f, f.Deadline)
		}
		if f.Number < 0 || f.Number > 999 {
			t.Errorf("finding %+v: number %d", f, f.Number)
		}
		if !utf8.ValidString(f.Text) || strings.Contains(f.Text, "\n\n\n") {
			t.Errorf("finding %+v: malformed text %q", f, f.Text)
		}
		for _, r := range f.Text {
			if r != '\n' && (unicode.IsControl(r) || (unicode.IsSpace(r) && r != ' ')) {
				t.Errorf("finding %+v: text holds %U", f, r)
				break
			}
		}
		check(t, f.Children, lines, true)
	}
}
