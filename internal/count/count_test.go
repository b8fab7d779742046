package count

import (
	"strings"
	"testing"
)

// TestCategory holds CLDR's rules for the languages s55 ships, read from
// x/text: Welsh has six categories (0, 1, 2, 3, 6, other).
func TestCategory(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en-GB", 0, "other"}, {"en-GB", 1, "one"}, {"en-GB", 2, "other"}, {"en-GB", 21, "other"},
		{"cy-GB", 0, "zero"}, {"cy-GB", 1, "one"}, {"cy-GB", 2, "two"}, {"cy-GB", 3, "few"},
		{"cy-GB", 4, "other"}, {"cy-GB", 6, "many"}, {"cy-GB", 13, "other"}, {"cy", 103, "other"},
		{"not a tag", 1, "one"}, {"en", -1, "one"},
	} {
		if got := Category(c.lang, c.n); got != c.want {
			t.Errorf("Category(%q, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestSelect(t *testing.T) {
	cy := []string{"zero", "# argymhellion", "one", "# argymhelliad", "two", "# argymhelliad", "few", "# argymhelliad", "many", "# argymhelliad", "other", "# o argymhellion"}
	for n, want := range map[int]string{0: "0 argymhellion", 1: "1 argymhelliad", 2: "2 argymhelliad", 3: "3 argymhelliad", 6: "6 argymhelliad", 13: "13 o argymhellion", 4: "4 o argymhellion"} {
		if got, err := Select("cy-GB", n, cy...); err != nil || got != want {
			t.Errorf("Select(cy, %d) = %q, %v; want %q", n, got, err, want)
		}
	}
	// English has no "two": the other form answers.
	if got, err := Select("en-GB", 2, "one", "# thing", "two", "a pair", "other", "# things"); err != nil || got != "2 things" {
		t.Errorf("Select(en, 2) = %q, %v", got, err)
	}
	for _, bad := range [][]string{{"one"}, {"single", "x", "other", "y"}, {"one", "x"}} {
		if _, err := Select("en-GB", 5, bad...); err == nil {
			t.Errorf("Select(%q) took bad forms", bad)
		}
	}
	if got := English(1, "day", "days") + "|" + English(0, "day", "days") + "|" + English(40, "item", "items"); got != "1 day|0 days|40 items" {
		t.Errorf("English = %q", got)
	}
	// Text without # keeps its words: a phrase may spell the number.
	if got, _ := Select("en", 1, "one", "a single one", "other", "#"); !strings.Contains(got, "single") {
		t.Errorf("Select = %q", got)
	}
}

// TestDigits: numbers in messages group their thousands as English does.
func TestDigits(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 4120: "4,120", 13000: "13,000", 1234567: "1,234,567", -4120: "-4,120"} {
		if got := Digits(n); got != want {
			t.Errorf("Digits(%d) = %q, want %q", n, got, want)
		}
	}
}
