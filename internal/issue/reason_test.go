package issue

import (
	"strings"
	"testing"
)

// TestReasonProblem: a correction's reason is one printable line of at
// most 500 characters.
func TestReasonProblem(t *testing.T) {
	for reason, want := range map[string]string{
		"The force's answer was its draft.": "",
		"Ateb yr heddlu – ŵ ŷ":              "",
		"Two\nlines":                        "without line breaks",
		"A return\r":                        "without line breaks",
		"A bell \a":                         "U+0007 cannot be printed: it is a control character",
		"An emoji 🙂":                        "the PDF cannot carry characters beyond U+FFFF",
		"Private \ue000":                    "private-use",
		strings.Repeat("x", 501):            "501 characters long",
		strings.Repeat("ŵ", 500):            "",
	} {
		got := ReasonProblem(reason)
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("ReasonProblem(%q) = %q, want %q", reason, got, want)
		}
	}
}
