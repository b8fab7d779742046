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
