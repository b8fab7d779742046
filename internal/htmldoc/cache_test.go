package htmldoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/theme"
)

// TestPageCache: a theme's page template is parsed once and kept, and
// the cache keeps the four latest themes only, the oldest going first.
func TestPageCache(t *testing.T) {
	parsed.Lock()
	parsed.themes, parsed.frames = nil, nil
	parsed.Unlock()
	var themes []*theme.Theme
	for range 6 {
		th, diags := theme.Load("", "en-GB")
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		themes = append(themes, th)
	}
	first, err := page(themes[0])
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := page(themes[0]); again != first {
		t.Error("a theme's template was parsed again")
	}
	for _, th := range themes[1:] {
		if _, err := page(th); err != nil {
			t.Fatal(err)
		}
	}
	parsed.Lock()
	kept := append([]*theme.Theme(nil), parsed.themes...)
	parsed.Unlock()
	if len(kept) != 4 || kept[0] != themes[2] || kept[3] != themes[5] {
		t.Fatalf("the cache keeps %d themes, want the last 4 in order", len(kept))
	}
	if again, _ := page(themes[0]); again == first {
		t.Error("a theme dropped from the cache still gives its old template")
	}
}

// TestPx: millimetres become whole CSS pixels, 96 to the inch, rounded.
func TestPx(t *testing.T) {
	for mm, want := range map[float64]string{25.4: "96", 50: "189", 0: "0", 0.13: "0", 0.14: "1", 160: "605"} {
		if got := px(mm); got != want {
			t.Errorf("px(%v) = %s, want %s", mm, got, want)
		}
	}
}

// TestSiteTemplate: an office's site template must parse and define both
// pages; a problem names the template's file. Dates are written as the
// phrase book writes them, and anything else is left as it is.
func TestSiteTemplate(t *testing.T) {
	for src, want := range map[string]string{
		`{{define "index"}}i{{end}}{{define "tracker"}}t{{end}}`: "",
		`{{define "index"}}i{{end}}`:                             `defines no "tracker" template`,
		`{{define "tracker"}}t{{end}}`:                           `defines no "index" template`,
		`{{define "index"}}{{.Nope}`:                             "site.html.tmpl",
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, theme.SiteFile), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		th, diags := theme.Load(dir, "en-GB")
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		_, err := Site(th)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", src, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), filepath.Join(dir, theme.SiteFile))):
			t.Errorf("%s: %v, want an error at the file saying %q", src, err, want)
		}
	}
	th, _ := theme.Load("", "en-GB")
	for in, want := range map[string]string{"2021-09-13": "13th September 2021", "2021-02-30": "2021-02-30", "soon": "soon", "": ""} {
		if got := day.Reformat(th, in); got != want {
			t.Errorf("day.Reformat(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCut: the frame's output is cut at the body's place, which it must
// hold exactly once; else the page is refused at the template's file.
func TestCut(t *testing.T) {
	f := &frame{}
	mark := string(bodyMark)
	for out, want := range map[string]string{
		"<body>" + mark + "</body>":        "<body>|</body>",
		mark:                               "|",
		"<body></body>":                    "",
		"<body>" + mark + mark + "</body>": "",
		mark + "<p>" + mark:                "",
	} {
		before, after, err := f.cut([]byte(out), "tpl/page.html.tmpl")
		switch {
		case want == "" && (err == nil || !strings.HasPrefix(err.Error(), "tpl/page.html.tmpl: error: ")):
			t.Errorf("%q: %v, want an error at the template", out, err)
		case want != "" && (err != nil || string(before)+"|"+string(after) != want):
			t.Errorf("%q: %q | %q (%v), want %q", out, before, after, err, want)
		}
	}
}
