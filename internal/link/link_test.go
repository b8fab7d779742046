package link

import (
	"errors"
	"html"
	"html/template"
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	ok := map[string]string{
		"https://www.justiceinspectorates.gov.uk/hmicfrs/": "https://www.justiceinspectorates.gov.uk/hmicfrs/",
		"HTTPS://example.org/a b":                          "https://example.org/a%20b",
		"https://example.org/ŵyl?q=1&r=2#top":              "https://example.org/%C5%B5yl?q=1&r=2#top",
		"http://example.org/100%25":                        "http://example.org/100%25",
		"mailto:pcc@example.org":                           "mailto:pcc@example.org",
		"tel:+441234567890":                                "tel:+441234567890",
		"#rec-3":                                           "#rec-3",
		"  https://example.org/x  ":                        "https://example.org/x",
		"https://example.org/\"><script>":                  "https://example.org/%22%3E%3Cscript%3E",
	}
	for in, want := range ok {
		got, err := Canonical(in)
		if err != nil || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, err, want)
			continue
		}
		// A fixed point of Canonical, and of html/template's URL
		// normaliser, which the page's href function hands it to: so the
		// HTML's href is the PDF's /URI.
		if again, _ := Canonical(got); again != got {
			t.Errorf("Canonical(%q) = %q, not a fixed point", got, again)
		}
		var h strings.Builder
		template.Must(template.New("").Parse(`<a href="{{.}}">`)).Execute(&h, template.URL(got))
		attr := strings.TrimSuffix(strings.TrimPrefix(h.String(), `<a href="`), `">`)
		if html.UnescapeString(attr) != got {
			t.Errorf("html/template writes %s for %q: the href reads %q", h.String(), got, html.UnescapeString(attr))
		}
	}
	refused := map[string]string{
		"javascript:alert(1)":         "program",
		"JaVaScRiPt:alert(1)":         "program",
		"data:text/html,<b>x</b>":     "whole file",
		"file:///etc/passwd":          "own computer",
		"smb://server/share":          "Windows logon",
		"vbscript:x":                  "program",
		"ftp://example.org/":          "only to https",
		"report.pdf":                  "no scheme",
		"/hmicfrs/report":             "no scheme",
		"//example.org/x":             "no scheme",
		"":                            "goes nowhere",
		"#":                           "no place",
		"https:///nohost":             "no web site",
		"mailto:":                     "no address",
		"\u00a0javascript:alert(1)":   "",
		"java\tscript:alert(1)":       "",
		"https://example.org\\@evil/": "",
	}
	for in, why := range refused {
		got, err := Canonical(in)
		if why == "" {
			// Not one of the allowed schemes as a browser reads it: either
			// refused, or made harmless (no scheme a browser would run).
			if err == nil && !strings.HasPrefix(got, "https:") && !strings.HasPrefix(got, "http:") {
				t.Errorf("Canonical(%q) = %q, want it refused", in, got)
			}
			continue
		}
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), why) {
			t.Errorf("Canonical(%q) = %q, %v; want refused saying %q", in, got, err, why)
		}
	}
}

func TestPurpose(t *testing.T) {
	for _, text := range []string{"here", "Click here!", " read more… ", "", "link"} {
		if Purpose(text) == "" {
			t.Errorf("Purpose(%q) says nothing, want a problem", text)
		}
	}
	for _, text := range []string{"the inspection report", "HMICFRS's report on rape, phase one"} {
		if p := Purpose(text); p != "" {
			t.Errorf("Purpose(%q) = %q, want none", text, p)
		}
	}
}

// TestCutScheme holds the scheme to RFC 3986: a letter, then letters,
// digits, "+", "-" or "."; then a colon. Anything else has no scheme.
func TestCutScheme(t *testing.T) {
	for in, want := range map[string]string{
		"a+b.c-d1:x": "a+b.c-d1", "A:x": "A", "z9:": "z9", "Zz:y": "Zz",
		"1a:x": "", ":x": "", "+a:x": "", "-a:x": "", ".a:x": "", "ŵ:x": "", "aŵ:x": "",
		"a b:x": "", "a/b:x": "", "a_b:x": "", "`a:x": "", "{a:x": "", "@a:x": "", "[a:x": "", "a@:x": "", "a[:x": "", "a{:x": "",
		"a`:x": "", "a/:x": "", "a;:x": "", "noscheme": "",
	} {
		scheme, rest, ok := cutScheme(in)
		if ok != (want != "") || scheme != want || ok && rest != in[len(want)+1:] {
			t.Errorf("cutScheme(%q) = %q, %q, %v; want %q", in, scheme, rest, ok, want)
		}
	}
	for c := 0; c < 128; c++ {
		b := byte(c)
		if got, want := isLetter(b), 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'; got != want {
			t.Errorf("isLetter(%q) = %v", b, got)
		}
		if got, want := isDigit(b), '0' <= c && c <= '9'; got != want {
			t.Errorf("isDigit(%q) = %v", b, got)
		}
		if got, want := isHex(b), strings.IndexByte("0123456789abcdefABCDEF", b) >= 0; got != want {
			t.Errorf("isHex(%q) = %v", b, got)
		}
	}
}

// TestEncode: a "%" that starts an escape is kept, any other is encoded,
// up to the very end of the text; the characters a URL may hold stay.
func TestEncode(t *testing.T) {
	for in, want := range map[string]string{
		"%41":                   "%41",
		"a%4":                   "a%254",
		"a%4g":                  "a%254g",
		"%":                     "%25",
		"a%":                    "a%25",
		"%g1":                   "%25g1",
		"a%41b%fF":              "a%41b%fF",
		"-._~!#$&*+,/:;=?@[]":   "-._~!#$&*+,/:;=?@[]",
		"a b\x7f\"<>\\^`{|}'()": "a%20b%7F%22%3C%3E%5C%5E%60%7B%7C%7D%27%28%29",
		"é":                     "%C3%A9",
	} {
		if got := encode(in); got != want {
			t.Errorf("encode(%q) = %q, want %q", in, got, want)
		}
	}
}
