package langtag

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]string{"cy": "cy", "cy-GB": "cy-GB", "CY-gb": "cy-GB", "en-GB": "en-GB", "ga-IE": "ga-IE", "gd": "gd"} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "en_GB", "en GB", "welsh-language", "xx-!!", "c", "und", "cy-", "-GB"} {
		if got, err := Parse(in); !errors.Is(err, ErrNotTag) {
			t.Errorf("Parse(%q) = %q, %v; want refused", in, got, err)
		}
	}
	if b := Base("cy-GB"); b != "cy" {
		t.Errorf("Base(cy-GB) = %q", b)
	}
}

func TestMessages(t *testing.T) {
	for _, tc := range []struct {
		langs []string
		want  string
	}{
		{[]string{"cy-GB", "en-GB"}, "en-GB"},
		{[]string{"en-GB", "cy-GB"}, "en-GB"},
		{[]string{"cy-GB"}, "cy-GB"},
		{[]string{"gd-GB", "cy-GB"}, "gd-GB"},
		{[]string{"cy-GB", "en-US", "en-GB"}, "en-US"},
		{[]string{"cy", "en"}, "en"},
		{nil, ""},
	} {
		if got := Messages(tc.langs); got != tc.want {
			t.Errorf("Messages(%v) = %q, want %q", tc.langs, got, tc.want)
		}
	}
}
