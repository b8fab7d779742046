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
