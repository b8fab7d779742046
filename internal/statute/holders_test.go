package statute

import (
	"github.com/opcc-tools/s55/internal/day"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

const holdersFile = "../../templates/home-secretaries.yaml"

func loadHolders(t *testing.T) []Holder {
	t.Helper()
	data, err := os.ReadFile(holdersFile)
	if err != nil {
		t.Fatal(err)
	}
	hs, diags := ParseHolders("home-secretaries.yaml", data)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return hs
}

func TestHoldersFile(t *testing.T) {
	hs := loadHolders(t)
	if len(hs) != 10 {
		t.Fatalf("got %d holders, want 10", len(hs))
	}
	first, last := hs[0], hs[len(hs)-1]
	if first.Name != "Rt Hon Theresa May MP" || !first.From.Equal(day.Date(2010, 5, 12)) || !first.To.Equal(day.Date(2016, 7, 13)) {
		t.Errorf("first holder = %+v", first)
	}
	if last.Name != "Rt Hon Shabana Mahmood MP" || !last.InOffice() {
		t.Errorf("last holder = %+v, want Shabana Mahmood in office", last)
	}
	if hs[4].Name != "Rt Hon Suella Braverman KC MP" || hs[6].Name != hs[4].Name {
		t.Errorf("Braverman styled %q and %q", hs[4].Name, hs[6].Name)
	}
	for i, h := range hs[:len(hs)-1] {
		if h.InOffice() {
			t.Errorf("holder %d (%s) has no last day", i, h.Name)
		}
	}
}

func TestHoldersOn(t *testing.T) {
	hs := loadHolders(t)
	tests := []struct {
		day  time.Time
		want []string
	}{
		{day.Date(2010, 5, 11), nil},
		{day.Date(2010, 5, 12), []string{"Theresa May"}},
		{day.Date(2016, 7, 13), []string{"Theresa May", "Amber Rudd"}},
		{day.Date(2018, 4, 29), []string{"Amber Rudd"}},
		{day.Date(2018, 4, 30), []string{"Sajid Javid"}},
		{day.Date(2019, 7, 24), []string{"Sajid Javid", "Priti Patel"}},
		{day.Date(2021, 9, 13), []string{"Priti Patel"}},
		{day.Date(2022, 9, 5), []string{"Priti Patel"}},
		{day.Date(2022, 9, 6), []string{"Priti Patel", "Suella Braverman"}},
		{day.Date(2022, 9, 7), []string{"Suella Braverman"}},
		{day.Date(2022, 10, 19), []string{"Suella Braverman", "Grant Shapps"}},
		{day.Date(2022, 10, 20), []string{"Grant Shapps"}},
		{day.Date(2022, 10, 25), []string{"Grant Shapps", "Suella Braverman"}},
		{day.Date(2023, 11, 13), []string{"Suella Braverman", "James Cleverly"}},
		{day.Date(2024, 7, 5), []string{"James Cleverly", "Yvette Cooper"}},
		{day.Date(2025, 9, 5), []string{"Yvette Cooper", "Shabana Mahmood"}},
		{day.Date(2025, 9, 6), []string{"Shabana Mahmood"}},
		{day.Date(2026, 3, 1), []string{"Shabana Mahmood"}},
		{time.Date(2022, 9, 6, 18, 0, 0, 0, time.UTC), []string{"Priti Patel", "Suella Braverman"}},
	}
	for _, tt := range tests {
		var got []string
		for _, h := range HoldersOn(hs, tt.day) {
			got = append(got, plainName(h.Name))
		}
		var want []string
		for _, w := range tt.want {
			want = append(want, strings.ToLower(w))
		}
		if !slices.Equal(got, want) {
			t.Errorf("HoldersOn(%s) = %q, want %q", tt.day.Format(day.Layout), got, want)
		}
	}
}

func TestHeld(t *testing.T) {
	hs := loadHolders(t)
	tests := []struct {
		name string
		day  time.Time
		want bool
	}{
		{"Rt Hon Priti Patel MP", day.Date(2021, 9, 13), true},
		{"Priti Patel", day.Date(2021, 9, 13), true},
		{"priti  patel", day.Date(2021, 9, 13), true},
		{"The Rt. Hon. Priti Patel, MP", day.Date(2021, 9, 13), true},
		{"Rt Hon Priti Patel MP", day.Date(2022, 9, 6), true},
		{"Rt Hon Priti Patel MP", day.Date(2022, 9, 7), false},
		{"Suella Braverman", day.Date(2022, 9, 6), true},
		{"Rt Hon Suella Braverman MP", day.Date(2022, 10, 22), false},
		{"Suella Braverman QC MP", day.Date(2023, 1, 10), true},
		{"Grant Shapps", day.Date(2022, 10, 25), true},
		{"Grant Shapps", day.Date(2022, 10, 26), false},
		{"Sajid Javid", day.Date(2019, 7, 24), true},
		{"Shabana Mahmood", day.Date(2026, 1, 1), true},
		{"Yvette Cooper", day.Date(2026, 1, 1), false},
		{"Patel", day.Date(2021, 9, 13), false},
		{"Rt Hon MP", day.Date(2021, 9, 13), false},
		{"", day.Date(2021, 9, 13), false},
	}
	for _, tt := range tests {
		if got := Held(hs, tt.name, tt.day); got != tt.want {
			t.Errorf("Held(%q, %s) = %v, want %v", tt.name, tt.day.Format(day.Layout), got, tt.want)
		}
	}
}

// TestParseHoldersErrors: each problem of the table is reported at its
// place, worded as the strict decoder words it for every file.
func TestParseHoldersErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unknown key",
			"- name: Rt Hon Priti Patel MP\n  from: 2019-07-24\n  too: 2022-09-06\n",
			`hs.yaml:3:3: error: unknown field "too" in [0] (did you mean "to"?)`},
		{"impossible date",
			"- name: Rt Hon Priti Patel MP\n  from: 2022-02-31\n",
			`hs.yaml:2:9: error: [0].from: "2022-02-31" is not a day of the calendar`},
		{"impossible quoted date",
			"- name: Rt Hon Priti Patel MP\n  from: '2019-07-24'\n  to: \"2023-02-29\"\n",
			`hs.yaml:3:7: error: [0].to: "2023-02-29" is not a day of the calendar`},
		{"date of the wrong shape",
			"- name: Rt Hon Priti Patel MP\n  from: 24/07/2019\n",
			`hs.yaml:2:9: error: [0].from: "24/07/2019" is not a date; write it as YYYY-MM-DD`},
		{"a time of day",
			"- name: Rt Hon Priti Patel MP\n  from: 2019-07-24T09:00:00Z\n",
			`hs.yaml:2:9: error: [0].from: "2019-07-24T09:00:00Z" is not a date; write it as YYYY-MM-DD`},
		{"date as a list",
			"- name: Rt Hon Priti Patel MP\n  from: [2019, 7, 24]\n",
			"hs.yaml:2:9: error: [0].from: must be a date (YYYY-MM-DD), not a list"},
		{"name as a list",
			"- name: [A]\n  from: 2019-07-24\n",
			"hs.yaml:1:9: error: [0].name: must be text, not a list"},
		{"empty name",
			"- name: ' '\n  from: 2019-07-24\n",
			"hs.yaml:1:9: error: the holder's name is empty"},
		{"to before from",
			"- name: Rt Hon Priti Patel MP\n  from: 2019-07-24\n  to: 2019-07-23\n",
			"hs.yaml:3:7: error: to 2019-07-23 is before from 2019-07-24"},
		{"to before from, to first",
			"- name: Rt Hon Priti Patel MP\n  to: 2019-07-23\n  from: 2019-07-24\n",
			"hs.yaml:3:9: error: from 2019-07-24 is after to 2019-07-23"},
		{"repeated key",
			"- name: Rt Hon Priti Patel MP\n  from: 2019-07-24\n  from: 2019-07-25\n",
			`hs.yaml:3:3: error: "from" is given twice (first on line 2)`},
		{"no from",
			"- name: Rt Hon Priti Patel MP\n",
			`hs.yaml:1:3: error: holder has no "from"`},
		{"no name",
			"- from: 2019-07-24\n",
			`hs.yaml:1:3: error: holder has no "name"`},
		{"two in office",
			"- name: A\n  from: 2019-07-24\n- name: B\n  from: 2022-09-06\n",
			"hs.yaml:3:3: error: holder follows A, who has no \"to\": only the last holder can be in office"},
		{"out of order",
			"- name: A\n  from: 2019-07-24\n  to: 2022-09-06\n- name: B\n  from: 2018-04-30\n",
			"hs.yaml:4:3: error: holders out of order: B from 2018-04-30 comes before A from 2019-07-24"},
		{"not a list",
			"name: A\nfrom: 2019-07-24\n",
			"hs.yaml:1:1: error: must be a list, not a mapping"},
		{"item not a mapping",
			"- Rt Hon Priti Patel MP\n",
			`hs.yaml:1:3: error: [0]: must be a mapping of fields, not "Rt Hon Priti Patel MP"`},
		{"an empty list",
			"[]\n",
			"hs.yaml:1:1: error: no holders: want a list of holders with name, from and to"},
		{"only a comment",
			"# nothing yet\n",
			"hs.yaml: error: file holds no data"},
		{"an alias",
			"- &a {name: A, from: 2019-07-24}\n- *a\n",
			"hs.yaml:1:3: error: anchors and aliases are not supported; write the value out"},
		// yaml.v3 gives the line of a syntax error (here, of the block the
		// bad line breaks); the column is the line's first character.
		{"syntax error",
			"- name: A\n  from: 2019-07-24\n to: x\n",
			"hs.yaml:2:3: error: did not find expected '-' indicator"},
		{"not UTF-8",
			"- name: \xff\n",
			"hs.yaml:1:9: error: invalid UTF-8 (byte 0xFF); is this a binary file?"},
		{"unclosed quote",
			"- name: \"A\n  from: 2019-07-24\n",
			"hs.yaml:3:1: error: found unexpected end of stream (a quote or bracket is not closed)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, diags := ParseHolders("hs.yaml", []byte(tt.in))
			if diags.Errors() == 0 || hs != nil {
				t.Fatalf("no error; got %+v", hs)
			}
			if got := diags[0].Error(); got != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestParseHoldersQuotedDates(t *testing.T) {
	hs, diags := ParseHolders("hs.yaml", []byte("- name: \"Rt Hon Priti Patel MP\"\n  from: \"2019-07-24\"\n  to: '2022-09-06'\n"))
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	want := Holder{Name: "Rt Hon Priti Patel MP", From: day.Date(2019, 7, 24), To: day.Date(2022, 9, 6)}
	if len(hs) != 1 || hs[0] != want {
		t.Errorf("got %+v, want [%+v]", hs, want)
	}
}
