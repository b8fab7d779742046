// Package count words numbers of things as a language's grammar asks: it
// chooses, by the CLDR plural rules that golang.org/x/text carries, which of
// a phrase's forms goes with a number ("1 recommendation", "2
// recommendations"; in Welsh "1 argymhelliad", "2 argymhelliad", "13 o
// argymhellion"). Every number s55 writes beside a noun is worded here, in
// its documents (through the phrase book's plural function) and in its
// messages, so that no rule of a language is written by hand.
package count

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Forms are the names of CLDR's plural categories, the keys a phrase gives
// its forms under.
var Forms = []string{"zero", "one", "two", "few", "many", "other"}

var names = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// Category returns the CLDR plural category of the whole number n in the
// language lang (a BCP 47 tag): "one" for 1 in English, "few" for 3 in
// Welsh. A tag that does not parse has English's rules.
func Category(lang string, n int) string {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	if n < 0 {
		n = -n
	}
	return names[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
}

// Select returns, of forms given as pairs of a category and a text, the
// text of n's category in lang, or of "other" when the category is not
// given; every "#" in it is replaced by n in digits. A pair that names no
// category, or a missing "other", is an error.
func Select(lang string, n int, forms ...string) (string, error) {
	if len(forms)%2 != 0 {
		return "", fmt.Errorf("plural forms come in pairs of a category and a text, not %d values", len(forms))
	}
	byName := map[string]string{}
	for i := 0; i < len(forms); i += 2 {
		known := false
		for _, f := range Forms {
			known = known || f == forms[i]
		}
		if !known {
			return "", fmt.Errorf("%q is not a plural category (%s)", forms[i], strings.Join(Forms, ", "))
		}
		byName[forms[i]] = forms[i+1]
	}
	text, ok := byName[Category(lang, n)]
	if !ok {
		if text, ok = byName["other"]; !ok {
			return "", fmt.Errorf("the plural forms lack \"other\", the form of every number no other category takes")
		}
	}
	return strings.ReplaceAll(text, "#", strconv.Itoa(n)), nil
}

// English words n with the English noun one or many, as the messages of
// s55 are written: "1 day", "3 days".
func English(n int, one, many string) string {
	s, _ := Select("en", n, "one", "# "+one, "other", "# "+many)
	return s
}

// english writes numbers as English does in a sentence.
var english = message.NewPrinter(language.English)

// Digits writes the whole number n as an English sentence does, its
// thousands grouped: "4,120", "13,000".
func Digits(n int) string { return english.Sprintf("%d", n) }
