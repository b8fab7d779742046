package check

import (
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/theme"
)

// TestClockBoundaries checks the warning of s.55(5A) on the days around
// its edges: the reference report was published on 16 July 2021, so the
// last day is 9 September 2021. A letter of that day is in time; one of
// the day after is one day late, and warned; one dated before the report
// is an error; one of the day of publication is in time.
func TestClockBoundaries(t *testing.T) {
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		date string
		sev  diag.Severity
		want string // "" for no problem of the letter's date
	}{
		{"2021-07-15", diag.Error, "the letter (15th July 2021) is dated before the report was published (16th July 2021)"},
		{"2021-07-16", 0, ""},
		{"2021-09-08", 0, ""},
		{"2021-09-09", 0, ""},
		{"2021-09-10", diag.Warning, "the letter of 10th September 2021 is 1 day late: s.55(5A) required publication by 9th September 2021, 56 days beginning with 16th July 2021"},
		{"2021-09-11", diag.Warning, "is 2 days late"},
	} {
		f := loadEdited(t, func(files map[string]string) {
			replace(files, "response.yaml", "  date: 2021-09-13", "  date: "+tc.date)
		})
		_, diags := Run(f, th, Options{})
		var got []diag.Diagnostic
		for _, d := range diags {
			if d.Path == "letter.date" {
				got = append(got, d)
			}
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s: %v, want no problem of the letter's date", tc.date, got)
		case tc.want != "" && (len(got) != 1 || got[0].Severity != tc.sev || !strings.Contains(got[0].Msg, tc.want) || got[0].Line != 12 || got[0].Col != 9):
			t.Errorf("%s: %v, want one %v at 12:9 saying %q", tc.date, got, tc.sev, tc.want)
		}
	}
}
