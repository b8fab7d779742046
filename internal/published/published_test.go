package published_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/published"
)

// TestNames: the files of appendices, and the mark of each language's
// files.
func TestNames(t *testing.T) {
	if got := published.Appendix(0) + " " + published.Appendix(1) + " " + published.Appendix(9); got != "appendix-1 appendix-2 appendix-10" {
		t.Errorf("Appendix = %q", got)
	}
	if got := published.Name(published.Letter, "cy") + " " + published.Name(published.Response, ""); got != "letter.cy response" {
		t.Errorf("Name = %q", got)
	}
	for langs, want := range map[string]string{
		"cy-GB en-GB":        "cy en",
		"en-GB en-US":        "en-gb en-us",
		"en-GB":              "en",
		"cy en-GB cy-GB":     "cy en cy-gb",
		"zh-Hant-TW zh-Hans": "zh-hant-tw zh-hans",
		"gd-GB ga-IE":        "gd ga",
	} {
		if got := strings.Join(published.Suffixes(strings.Fields(langs)), " "); got != want {
			t.Errorf("Suffixes(%s) = %q, want %q", langs, got, want)
		}
	}
}

// officeLanguages are sets of languages an office may publish in.
var officeLanguages = [][]string{
	{"en-GB"}, {"cy-GB", "en-GB"}, {"en-GB", "cy-GB"}, {"en-GB", "en-US"},
	{"cy", "en-GB", "cy-GB"}, {"zh-Hant-TW", "zh-Hans"}, {"en-GB-oxendict", "en-GB"}, {"sgn-GB", "en-GB"},
}

// TestParseReadsEveryName: every name a build gives, in an office of any
// languages, reads back as what it names.
func TestParseReadsEveryName(t *testing.T) {
	for _, langs := range officeLanguages {
		suffixes := published.Suffixes(langs)
		if len(langs) == 1 {
			suffixes = []string{""}
		}
		for _, suffix := range append(suffixes, "") {
			for i, base := range []string{published.Letter, published.Response, published.Appendix(0), published.Appendix(11)} {
				for _, ext := range []string{published.PDF, published.HTML} {
					name := published.Name(base, suffix) + ext
					f, ok := published.Parse(name)
					want := published.File{Base: base, Suffix: suffix, Ext: ext, Appendix: []int{0, 0, 1, 12}[i]}
					if !ok || f != want {
						t.Errorf("Parse(%q) = %+v, %v; want %+v", name, f, ok, want)
					}
				}
			}
		}
	}
}

// TestParseRefuses: names a build never writes.
func TestParseRefuses(t *testing.T) {
	for _, name := range []string{
		"", ".pdf", "letter", "letter.txt", "letter.pdf.bak", "Letter.pdf", "letter.PDF", "letter.CY.pdf",
		"letter.c.pdf", "letter..pdf", "letter.cy..pdf", "letter.cy.en.pdf", "letter.cy-.html", "letter.-cy.html",
		"letter.abcdefghi.pdf", "letter.en-abcdefghi.pdf", "letter.1a.pdf", "letter.en_gb.pdf",
		"appendix-0.pdf", "appendix-01.pdf", "appendix-.pdf", "appendix-1a.pdf", "appendix--1.pdf", "appendix-+1.pdf",
		"appendix.pdf", "responses.html", "manifest.json", "source.zip", "index.html", ".letter.pdf",
		"letter.pdf/x", "submission.eml", "appendix-99999999999999999999999.pdf",
	} {
		if f, ok := published.Parse(name); ok {
			t.Errorf("Parse(%q) = %+v: not a file a build writes", name, f)
		}
	}
}

// builtName is the rule of the files a build writes as a regular
// expression, to hold Parse to.
var builtName = regexp.MustCompile(`^(letter|response|appendix-[1-9][0-9]*)(\.[a-z]{2,8}(-[a-z0-9]{1,8})*)?\.(pdf|html)$`)

// FuzzParse: Parse takes exactly the names of the rule.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"letter.pdf", "appendix-12.cy.html", "response.en-gb.pdf", "appendix-0.pdf", "letter.cy-.pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		_, ok := published.Parse(name)
		if want := builtName.MatchString(name) && !overflows(name); ok != want {
			t.Errorf("Parse(%q) reports %v, the rule %v", name, ok, want)
		}
	})
}

// overflows reports an appendix number too large to count: no build
// writes one.
func overflows(name string) bool {
	n, _, _ := strings.Cut(strings.TrimPrefix(name, "appendix-"), ".")
	return strings.HasPrefix(name, "appendix-") && len(n) > 18
}
