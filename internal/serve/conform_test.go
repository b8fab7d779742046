package serve_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/serve"
)

// servedPages writes the pages the preview adds, in each state, as served,
// to files, and returns them: the index of a good build (with a warning),
// the index and the problems page after a failed save (with markup in the
// message), and both when nothing has been built yet; the editor of texts
// per language, and the Welsh office's editor and index, good and with a
// problem in its Welsh letter. The served letter is
// there too, to show the added script keeps a document valid.
func servedPages(t *testing.T) []string {
	t.Helper()
	out := t.TempDir()
	var files []string
	save := func(p *preview, path, name string) {
		t.Helper()
		_, body := p.get(t, path)
		f := filepath.Join(out, name)
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}

	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	save(p, "/", "index-good.html")
	save(p, "/_s55/edit", "editor.html")
	save(p, "/_s55/new", "new.html")
	save(p, "/letter.html", "letter-served.html")
	save(p, "/response.html", "response-served.html")
	edit(t, filepath.Join(dir, "response.yaml"), goodKey, "\n\"<em>leter</em> & co\": x\nleter:\n")
	p.Rebuild()
	save(p, "/", "index-failed.html")
	save(p, "/letter.html", "problems.html")

	dir = copyReference(t)
	edit(t, filepath.Join(dir, "response.yaml"), goodKey, brokenKey)
	p = start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	save(p, "/", "index-nothing-built.html")
	save(p, "/response.html", "problems-nothing-built.html")
	save(p, "/_s55/edit", "editor-misspelt.html")

	// response.yaml that does not parse: the editor says why it cannot
	// edit it.
	dir = copyReference(t)
	edit(t, filepath.Join(dir, "response.yaml"), goodKey, "\nletter: [\n")
	p = start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	save(p, "/_s55/edit", "editor-broken.html")

	// Texts per language: a control per language, each in its language.
	p = start(t, bilingualReference(t), serve.Options{Poll: true, PollInterval: time.Hour})
	save(p, "/_s55/edit", "editor-bilingual.html")

	// The Welsh office's example: a letter in a file for each language,
	// every text in both, and an index of its fourteen files.
	dir = copyWelsh(t)
	p = start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	save(p, "/_s55/edit", "editor-welsh.html")
	save(p, "/", "index-welsh.html")
	edit(t, filepath.Join(dir, "letter.cy.md"), "Rwy'n croesawu", "Rwy'n <b>croesawu</b>")
	p.Rebuild()
	save(p, "/_s55/edit", "editor-welsh-problems.html")
	save(p, "/", "index-welsh-failed.html")
	return files
}

// bilingualReference is the reference response with recommendation 1's
// response, and the appendix's title, given in Welsh and English, as a
// bilingual office gives them.
func bilingualReference(t *testing.T) string {
	t.Helper()
	dir := copyReference(t)
	file := filepath.Join(dir, "response.yaml")
	edit(t, file, "        response: |\n          The Constabulary is committed to improving outcomes",
		"        response:\n          cy-GB: |\n            Mae'r Cwnstabliaeth wedi ymrwymo.\n          en-GB: |\n            The Constabulary is committed to improving outcomes")
	edit(t, file, "  - title: \"Cambridgeshire Constabulary's response", "  - title:\n      cy-GB: Ymateb Cwnstabliaeth Swydd Gaergrawnt\n      en-GB: \"Cambridgeshire Constabulary's response")
	return dir
}

// TestPagesConform runs the Nu HTML Checker and axe-core's WCAG 2.2 A and AA
// rules over the pages the preview adds.
func TestPagesConform(t *testing.T) {
	conformance.CheckHTML(t, servedPages(t)...)
}
