package preview

import (
	"testing"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/published"
)

// TestDocLabels names every document of a build in words, from what the
// set says each is: in one language as ever, and in an office of several
// with the language of each, the bilingual response with all of them; two
// languages of one (en-GB, en-US) are told apart by their tags.
func TestDocLabels(t *testing.T) {
	outputs := func(langs []string) []compose.Output {
		var out []compose.Output
		suffixes := []string{""}
		if len(langs) > 1 {
			suffixes = published.Suffixes(langs)
		}
		for i, l := range langs {
			name := func(base string) string {
				if suffixes[i] == "" {
					return base
				}
				return base + "." + suffixes[i]
			}
			one := []string{l}
			out = append(out, compose.Output{Name: name(published.Letter), Base: published.Letter, Langs: one})
			for a := range 2 {
				out = append(out, compose.Output{Name: name(published.Appendix(a)), Base: published.Appendix(a), Appendix: a + 1, Langs: one})
			}
			out = append(out, compose.Output{Name: name(published.Response), Base: published.Response, Langs: one})
		}
		if len(langs) > 1 {
			out = append(out, compose.Output{Name: published.Response, Base: published.Response, Langs: langs})
		}
		return out
	}
	for _, tc := range []struct {
		langs []string
		want  map[string]string
	}{
		{[]string{"en-GB"}, map[string]string{
			"letter": "Letter", "appendix-1": "Appendix 1", "appendix-2": "Appendix 2",
			"response": "Published response (letter and appendices)",
		}},
		{[]string{"cy-GB", "en-GB"}, map[string]string{
			"letter.cy": "Letter (Welsh)", "appendix-1.cy": "Appendix 1 (Welsh)", "appendix-2.cy": "Appendix 2 (Welsh)", "response.cy": "Response (Welsh)",
			"letter.en": "Letter (English)", "appendix-1.en": "Appendix 1 (English)", "appendix-2.en": "Appendix 2 (English)", "response.en": "Response (English)",
			"response": "Published response, Welsh and English",
		}},
		{[]string{"en-GB", "cy-GB", "en-US"}, map[string]string{
			"letter.en-gb": "Letter (English (en-GB))", "response.cy": "Response (Welsh)", "appendix-2.en-us": "Appendix 2 (English (en-US))",
			"response": "Published response, English (en-GB), Welsh and English (en-US)",
		}},
	} {
		got := docLabels(outputs(tc.langs), tc.langs)
		for name, want := range tc.want {
			if got[name] != want {
				t.Errorf("%v: %s is labelled %q, want %q", tc.langs, name, got[name], want)
			}
		}
		if len(got) != len(outputs(tc.langs)) {
			t.Errorf("%v: %d labels for %d documents", tc.langs, len(got), len(outputs(tc.langs)))
		}
	}
}
