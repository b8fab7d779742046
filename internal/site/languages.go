package site

import (
	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/response"
)

// Languages returns the languages the site is published in, the first
// first, and the office's kind of body: those of the office profile the
// latest revision of all was issued with, as the archive keeps it (an
// office that starts publishing in Welsh has its site in Welsh from its
// next issue). An archive that holds no revision, or whose latest does not
// load, is published in English.
func Languages(entries []*archive.Entry) (langs []string, body string) {
	var latest *archive.Entry
	for _, e := range entries {
		if latest == nil || e.Manifest.Sequence > latest.Manifest.Sequence {
			latest = e
		}
	}
	if latest != nil {
		if f, diags := latest.Load(); diags.Errors() == 0 && len(f.Languages) > 0 {
			return f.Languages, f.Office.PolicingBody()
		}
	}
	return []string{response.DefaultLanguage}, ""
}
