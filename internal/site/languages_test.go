package site_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/site"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
)

const welsh = "../../responses/heddlu-enghraifft/2025-11-20-peel-enghraifft"

// bilingual issues the reference response, then the Welsh office's, into
// a new archive and writes its site in the languages Languages finds.
func bilingual(t *testing.T) (out string, entries []*archive.Entry) {
	t.Helper()
	arch := filepath.Join(t.TempDir(), "archive")
	for _, c := range []struct {
		dir string
		now time.Time
	}{{"../../responses/2021-09-13-rape-inspection-phase-one", time.Date(2021, 9, 14, 0, 0, 0, 0, time.UTC)}, {welsh, time.Date(2025, 11, 21, 0, 0, 0, 0, time.UTC)}} {
		r, diags := build.Render(c.dir, build.Options{})
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		if _, err := archive.Issue(arch, &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission}, archive.IssueOptions{MakeKeyIn: filepath.Dir(arch), KeyName: "test", Now: c.now}); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	out = filepath.Join(t.TempDir(), "site")
	write(t, out, entries, siteThemes(t, entries))
	return out, entries
}

// siteThemes loads the themes of the site's languages.
func siteThemes(t *testing.T, entries []*archive.Entry) []*theme.Theme {
	t.Helper()
	langs, body := site.Languages(entries)
	var themes []*theme.Theme
	for _, l := range langs {
		th, diags := theme.Load("", l)
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		themes = append(themes, th.ForBody(body))
	}
	return themes
}

func write(t *testing.T, out string, entries []*archive.Entry, themes []*theme.Theme) {
	t.Helper()
	rows, diags := tracker.Rows(entries, nil, nil, nil, time.Time{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := site.Write(out, entries, site.Tracking{Rows: rows, Today: today, Since: today.AddDate(0, -3, 0)}, themes, nil, ""); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestLanguages: the site speaks the languages of the office that issued
// last, in its order, and English where the archive holds nothing.
func TestLanguages(t *testing.T) {
	_, entries := bilingual(t)
	if langs, body := site.Languages(entries); !slices.Equal(langs, []string{"cy-GB", "en-GB"}) || body != "pcc" {
		t.Errorf("languages %v, body %q", langs, body)
	}
	// The reference's office, English only, issued last.
	var english []*archive.Entry
	for _, e := range entries {
		if e.Manifest.ID == "2021-09-13-rape-inspection-phase-one" {
			english = append(english, e)
		}
	}
	if langs, _ := site.Languages(english); !slices.Equal(langs, []string{"en-GB"}) {
		t.Errorf("an English office: %v", langs)
	}
	if langs, _ := site.Languages(nil); !slices.Equal(langs, []string{"en-GB"}) {
		t.Errorf("an empty archive: %v", langs)
	}
}

// TestWelshSite: an office of cy-GB and en-GB gets its index and tracker
// in Welsh (index.html, tracker.html) and in English (index.en.html,
// tracker.en.html), each page in one language, marked so, linking its twin
// in the other and naming the other site pages of its own language.
func TestWelshSite(t *testing.T) {
	out, _ := bilingual(t)
	pages := map[string]string{"index.html": "cy-GB", "tracker.html": "cy-GB", "index.en.html": "en-GB", "tracker.en.html": "en-GB"}
	twin := map[string]string{"index.html": "index.en.html", "tracker.html": "tracker.en.html", "index.en.html": "index.html", "tracker.en.html": "tracker.html"}
	for name, lang := range pages {
		page := read(t, filepath.Join(out, name))
		if !strings.Contains(page, `<html lang="`+lang+`">`) {
			t.Errorf("%s is not marked %s", name, lang)
		}
		other := pages[twin[name]]
		link := `<a href="` + twin[name] + `" hreflang="` + other + `" lang="` + other + `">`
		if !strings.Contains(page, link) {
			t.Errorf("%s does not link its twin: %s", name, link)
		}
		for _, alt := range []string{name, twin[name]} {
			if !strings.Contains(page, `<link rel="alternate" hreflang="`+pages[alt]+`" href="`+alt+`">`) {
				t.Errorf("%s names no alternate %s", name, alt)
			}
		}
		own := map[string]string{"cy-GB": ".html", "en-GB": ".en.html"}[lang]
		for _, nav := range []string{"index", "tracker"} {
			if !strings.Contains(page, `<li><a href="`+nav+own+`">`) {
				t.Errorf("%s does not link its own language's %s", name, nav)
			}
		}
	}
	cy, en := read(t, filepath.Join(out, "tracker.html")), read(t, filepath.Join(out, "tracker.en.html"))
	for _, want := range []string{
		"<h1>Cynnydd yr argymhellion</h1>",
		"<td>y Swyddfa Gartref a&#39;r Coleg Plismona</td>",
		`<a href="responses/2025-11-20-peel-enghraifft/r1/response.html#rec-3">Argymhelliad 3</a>`,
		"<td>I gorff arall</td>",
	} {
		if !strings.Contains(cy, want) {
			t.Errorf("the Welsh tracker lacks %s", want)
		}
	}
	for _, want := range []string{"<h1>Recommendation tracker</h1>", "<td>the Home Office and the College of Policing</td>", "<td>For another body</td>"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English tracker lacks %s", want)
		}
	}
	index := read(t, filepath.Join(out, "index.html"))
	for _, want := range []string{"<td>20fed Tachwedd 2025</td>", "<td><span class=\"late\">Naddo</span>: 4 o ddiwrnodau ar ôl 9fed Medi 2021</td>", "<td>HMICFRS a HMCPSI</td>"} {
		if !strings.Contains(index, want) {
			t.Errorf("the Welsh index lacks %s", want)
		}
	}
	// The calendar holds every language, the first first.
	if ics := read(t, filepath.Join(out, site.CalendarName)); !strings.Contains(strings.ReplaceAll(ics, "\r\n ", ""), "NAME:Ymatebion adran 55: diwrnodau olaf a dyddiadau targed / Section 55 responses: last days and target dates") {
		t.Errorf("the calendar's name is not in both languages")
	}
}

// TestEveryWordFromTheBook: no fixed word of a page is of another
// language: the text of every phrase of the site that the English book
// writes alike each time (no data in it) stands on no Welsh page, unless
// the Welsh book says the same.
func TestEveryWordFromTheBook(t *testing.T) {
	out, _ := bilingual(t)
	en, _ := theme.Load("", "en-GB")
	cy, _ := theme.Load("", "cy-GB")
	tags := regexp.MustCompile(`<[^>]*>`)
	text := func(name string) string {
		return strings.ReplaceAll(tags.ReplaceAllString(read(t, filepath.Join(out, name)), "\n"), "&#39;", "'")
	}
	pages := text("index.html") + text("tracker.html")
	checked := 0
	for _, s := range en.Sources() {
		if !strings.HasPrefix(s.Name, "site_") && !strings.HasPrefix(s.Name, "status_") && !strings.HasPrefix(s.Name, "rating_") && s.Name != "language" {
			continue
		}
		if strings.Contains(s.Text, "{{") || len(s.Text) < 4 {
			continue // data in it, or a word too short to tell
		}
		if w, _ := cy.Phrase(s.Name, nil); w == s.Text {
			continue
		}
		checked++
		if strings.Contains(pages, "\n"+s.Text) && s.Name != "language" {
			t.Errorf("the Welsh pages hold the English %s: %q", s.Name, s.Text)
		}
	}
	if checked < 40 {
		t.Errorf("%d phrases checked: the site's phrases are not where the test looks", checked)
	}
}

// TestLanguageDropped: a page of a language the site is no longer
// published in leaves it.
func TestLanguageDropped(t *testing.T) {
	out, entries := bilingual(t)
	en, _ := theme.Load("", "en-GB")
	write(t, out, entries, []*theme.Theme{en})
	for _, name := range []string{"index.en.html", "tracker.en.html"} {
		if _, err := os.Stat(filepath.Join(out, name)); !os.IsNotExist(err) {
			t.Errorf("%s is still there: %v", name, err)
		}
	}
	if page := read(t, filepath.Join(out, "index.html")); !strings.Contains(page, `<html lang="en-GB">`) || strings.Contains(page, `aria-label="Languages"`) || strings.Contains(page, "index.en.html") {
		t.Errorf("index.html is not the English page alone")
	}
}

// TestWelshPagesConform: Nu and axe-core find nothing in every page of the
// site in every language.
func TestWelshPagesConform(t *testing.T) {
	out, _ := bilingual(t)
	var files []string
	for _, name := range []string{"index.html", "tracker.html", "index.en.html", "tracker.en.html"} {
		files = append(files, filepath.Join(out, name))
	}
	conformance.CheckHTML(t, files...)
}

// TestSiteReflow loads every page of the site in headless Chromium 320 CSS
// pixels wide (WCAG 2.2 SC 1.4.10): none scrolls sideways, and a table
// wider than the screen scrolls in its own box.
func TestSiteReflow(t *testing.T) {
	conformance.Need(t, conformance.Chromium)
	out, _ := bilingual(t)
	english, _ := published(t)
	files := []string{filepath.Join(english, "index.html"), filepath.Join(english, "tracker.html")}
	for _, name := range []string{"index.html", "tracker.html", "index.en.html", "tracker.en.html"} {
		files = append(files, filepath.Join(out, name))
	}
	tab := conformance.Tab(t)
	type measured struct {
		Width  int `json:"width"`
		Scroll []struct {
			Scroll int `json:"scroll"`
			Client int `json:"client"`
		} `json:"scroll"`
	}
	const measure = `(() => ({
  width: document.documentElement.scrollWidth,
  scroll: [...document.querySelectorAll('.s55-site .scroll')].map(e => ({scroll: e.scrollWidth, client: e.clientWidth})),
}))()`
	boxed := 0
	for _, f := range files {
		got := conformance.Measure[measured](t, tab, f, 320, 640, measure)
		if got.Width > 320 {
			t.Errorf("%s: the page is %d CSS pixels wide at a width of 320", filepath.Base(f), got.Width)
		}
		for _, s := range got.Scroll {
			if s.Scroll > s.Client {
				boxed++
			}
		}
	}
	if boxed == 0 {
		t.Errorf("no table scrolled in its own box at 320 pixels: the index's table should")
	}
}
