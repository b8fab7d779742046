// Package published says what a build publishes: the files of each
// document, named here and nowhere else (letter.pdf, appendix-1.html, in
// an office of several languages letter.cy.pdf ...), and the facts of the
// response they publish, which an archive records beside them. It knows no
// renderer, so that what keeps and lists the files (the archive, the site,
// the tracker) does not depend on what made them.
package published

import (
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/langtag"
)

// The bases of the documents' file names: what each document is.
const (
	// Letter is the letter alone.
	Letter = "letter"
	// Response is the letter followed by its appendices, as published; in
	// an office of several languages, the bilingual response, and, marked
	// with a language, each language's.
	Response = "response"
	// appendix starts the base of an appendix, numbered from 1.
	appendix = "appendix-"
)

// The extensions of a document's two files.
const (
	PDF  = ".pdf"
	HTML = ".html"
)

// Appendix is the base of the files of appendix i, counted from 0:
// "appendix-1" for the first.
func Appendix(i int) string { return appendix + strconv.Itoa(i+1) }

// Name is the name of a document's files without their extension: base,
// marked in an office of several languages with the suffix of the
// document's language ("letter.cy"); suffix is "" in an office of one
// language and for the bilingual response.
func Name(base, suffix string) string {
	if suffix == "" {
		return base
	}
	return base + "." + suffix
}

// Suffixes returns the suffix that marks each language's files in an
// office of the languages langs: the language without its region ("cy"
// for cy-GB), or the whole tag, lowercased, where two languages share one
// ("en-gb", "en-us").
func Suffixes(langs []string) []string {
	out := make([]string, len(langs))
	count := map[string]int{}
	for _, l := range langs {
		count[langtag.Base(l)]++
	}
	for i, l := range langs {
		out[i] = langtag.Base(l)
		if count[out[i]] > 1 {
			out[i] = strings.ToLower(l)
		}
	}
	return out
}

// File is a file name a build writes, read back into its parts.
type File struct {
	// Base is what the document is: Letter, Response or Appendix(i).
	Base string
	// Appendix numbers an appendix from 1; 0 for the others.
	Appendix int
	// Suffix marks the document's language in an office of several; "".
	Suffix string
	// Ext is PDF or HTML.
	Ext string
}

// Parse reads name as the name of a file a build writes: a document's
// base, then a language's suffix or none, then .pdf or .html
// ("appendix-2.cy.html"). It reports false for any other name. A suffix
// has the shape Suffixes gives: a lowercased language tag, its first part
// two to eight letters, each other part one to eight letters or digits.
func Parse(name string) (File, bool) {
	var f File
	stem, ok := strings.CutSuffix(name, PDF)
	f.Ext = PDF
	if !ok {
		if stem, ok = strings.CutSuffix(name, HTML); !ok {
			return File{}, false
		}
		f.Ext = HTML
	}
	var marked bool
	f.Base, f.Suffix, marked = strings.Cut(stem, ".")
	switch {
	case f.Base == Letter, f.Base == Response:
	case strings.HasPrefix(f.Base, appendix):
		n, err := strconv.Atoi(f.Base[len(appendix):])
		if err != nil || n < 1 || Appendix(n-1) != f.Base {
			return File{}, false
		}
		f.Appendix = n
	default:
		return File{}, false
	}
	if marked && !suffixShape(f.Suffix) {
		return File{}, false
	}
	return f, true
}

// suffixShape reports whether s has the shape of a language's suffix.
func suffixShape(s string) bool {
	for i, part := range strings.Split(s, "-") {
		lo, letters := 1, i == 0
		if letters {
			lo = 2
		}
		if len(part) < lo || len(part) > 8 {
			return false
		}
		for _, c := range []byte(part) {
			if !('a' <= c && c <= 'z' || !letters && '0' <= c && c <= '9') {
				return false
			}
		}
	}
	return true
}

// Facts are what a response says of itself that an archive records with
// its files, and a site lists.
type Facts struct {
	// ID names the response: its folder's name.
	ID string
	// Title is the report's title as published: in an office of several
	// languages, each language's side by side, as its phrase book joins
	// them ("Arolygiad PEEL ... / PEEL inspection ...").
	Title string
	// Inspectorates are the inspectorates that wrote the report.
	Inspectorates []string
	// Published is the day the report was published, which starts the
	// statutory clock; LetterDate is the letter's date.
	Published, LetterDate time.Time
	// URL is the report's address, as the data gives it.
	URL string
}

// Correction is what a revision that supersedes another says of itself:
// the documents print it ("Corrected on DATE: REASON. This replaces the
// response issued on DATE."), and the s.55(6) e-mail names it in its
// subject and lists what changed. A build is told of it before it
// composes; an archive records it in the revision's manifest, so that the
// revision can be built again the same.
type Correction struct {
	// Day is the day of the correction's issue; Replaces the day the
	// revision it supersedes was issued.
	Day, Replaces time.Time
	// Reason says why, as the officer gave it.
	Reason string
	// Changed names each field of response.yaml that differs from the
	// superseded revision's, as check's messages name them
	// ("appendices[0].items[2].response").
	Changed []string
}

// Why is the reason as the documents print it: without its surrounding
// space and its last full stop, which the phrase gives.
func (c *Correction) Why() string {
	return strings.TrimSuffix(strings.TrimSpace(c.Reason), ".")
}
