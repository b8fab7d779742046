// Package langtag decides which language tags s55 accepts: the tag of an
// office's languages, and the tag an author marks a passage with in the
// Markdown ([Croeso]{lang=cy}). A tag is well-formed BCP 47 (RFC 5646),
// as the HTML lang attribute and the PDF /Lang entry carry it, so that a
// screen reader can choose the voice and rules of the language.
package langtag

import (
	"errors"
	"strings"

	"golang.org/x/text/language"
)

// ErrNotTag reports a string that is not a BCP 47 language tag.
var ErrNotTag = errors.New("not a BCP 47 language tag such as cy, cy-GB or en-GB")

// Parse returns tag in its canonical case ("CY-gb" is "cy-GB"), or an
// error wrapping ErrNotTag. Spaces and underscores ("en_GB"), which
// golang.org/x/text would let through, are refused: neither HTML nor PDF
// readers take them.
func Parse(tag string) (string, error) {
	if tag == "" || strings.ContainsAny(tag, " _\t\n") {
		return "", ErrNotTag
	}
	t, err := language.Parse(tag)
	if err != nil {
		return "", ErrNotTag
	}
	if strings.HasPrefix(t.String(), "und") {
		return "", ErrNotTag // the undetermined language names none
	}
	return t.String(), nil
}

// Base returns the language of tag without its region or script: "cy" for
// "cy-GB". For a tag Parse refuses it returns tag lowercased.
func Base(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return strings.ToLower(tag)
	}
	b, _ := t.Base()
	return b.String()
}

// Messages returns the language, of an office's languages langs, whose
// phrase book words the dates and lists inside s55's own messages (check's
// problems, the statutory clock, status): s55 speaks English, so English
// when the office publishes in it, the first English tag of langs, else
// the first language. The documents keep their own languages.
func Messages(langs []string) string {
	for _, l := range langs {
		if Base(l) == "en" {
			return l
		}
	}
	if len(langs) == 0 {
		return ""
	}
	return langs[0]
}
