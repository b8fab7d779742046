package theme

import (
	"testing"
	"time"
)

// TestOfficer: s55's messages are English, so their dates are the English
// edition's in an office that has one, whichever language comes first,
// and the first language's in an office without English.
func TestOfficer(t *testing.T) {
	load := func(lang string) *Theme {
		th, diags := Load("", lang)
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		return th
	}
	cy, en := load("cy-GB"), load("en-GB")
	day := time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		themes []*Theme
		want   string
	}{
		{[]*Theme{cy, en}, "20th November 2025"},
		{[]*Theme{en, cy}, "20th November 2025"},
		{[]*Theme{cy}, "20fed Tachwedd 2025"},
	} {
		got, err := Officer(tc.themes).Date(day)
		if err != nil || got != tc.want {
			t.Errorf("the messages' date in %s first = %q (%v), want %q", tc.themes[0].Lang, got, err, tc.want)
		}
	}
}
