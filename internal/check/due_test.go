package check

import (
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/theme"
)

// TestChiefOfficerDue: once the day the chief officer's comments were due
// has passed, the items addressed to the force that still lack its
// response are named, at the field; not before, not on the day, and not
// for items the force need not answer. A day before the report's
// publication is a slip.
func TestChiefOfficerDue(t *testing.T) {
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	// Recommendation 2 (for police forces and support services) loses
	// its response; those for other bodies alone have none.
	unanswered := func(files map[string]string) {
		s := files["response.yaml"]
		i := strings.Index(s, "          The Constabulary provides a high standard")
		head := strings.LastIndex(s[:i], "        response: |\n")
		end := strings.Index(s[i:], "\n        status:") + i + 1
		files["response.yaml"] = s[:head] + s[end:]
	}
	day := func(s string) time.Time {
		t, _ := time.Parse(time.DateOnly, s)
		return t
	}
	for _, tc := range []struct {
		due, today string
		edit       func(map[string]string)
		want       string
	}{
		{"2021-08-20", "2021-08-25", unanswered, "response.yaml:116:20: warning: chief_officer_due: the chief officer's comments were due on 20th August 2021 (s.55(4)), 5 days ago, and 1 item still has no response from the force: recommendation 2"},
		{"2021-08-20", "2021-08-20", unanswered, ""},
		{"2021-08-20", "2021-08-19", unanswered, ""},
		{"2021-08-20", "2021-08-25", nil, ""},
		{"2021-07-01", "2021-08-25", nil, "response.yaml:118:20: warning: chief_officer_due: the chief officer's comments are due on 1st July 2021, before the report was published on 16th July 2021"},
	} {
		f := loadEdited(t, func(files map[string]string) {
			if tc.edit != nil {
				tc.edit(files)
			}
			files["response.yaml"] += "chief_officer_due: " + tc.due + "\n"
		})
		_, diags := Run(f, th, Options{Today: day(tc.today)})
		var got []string
		for _, d := range diags {
			if d.Path == "chief_officer_due" {
				got = append(got, d.Error())
			}
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("due %s, today %s: %q", tc.due, tc.today, got)
		case tc.want != "" && (len(got) != 1 || !strings.HasSuffix(got[0], tc.want)):
			t.Errorf("due %s, today %s: %q\nwant %q", tc.due, tc.today, got, tc.want)
		}
	}
}
