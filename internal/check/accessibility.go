package check

import (
	"path/filepath"
	"strings"

	"golang.org/x/text/language"
)

// accessibility checks what the published documents need to be accessible
// (the Public Sector Bodies Accessibility Regulations 2018: WCAG 2.2 AA for
// the HTML, PDF/UA for the PDF) and that only the data can supply: a text
// alternative for the signature that says whose it is, a document title and
// a language. What the Markdown itself must get right (headings that do not
// skip a level, link texts that say where a link goes, pictures with a text
// alternative) is found where the Markdown is read, by compose, and
// reported with these.
func (c *checker) accessibility() {
	c.imageAlt()
	c.signature()
	c.title()
	c.language()
}

// genericAlt holds text alternatives that name the kind of image instead
// of saying what it shows.
var genericAlt = map[string]bool{"image": true, "picture": true, "photo": true, "img": true, "graphic": true,
	"signature": true, "logo": true, "alt": true, "alt text": true, "scan": true}

// imageAlt: the signature, the documents' one image, has a text
// alternative, and not the file's name or a word for an image.
func (c *checker) imageAlt() {
	sig := c.f.Office.Signature
	if sig == nil {
		return
	}
	alt := strings.TrimSpace(sig.Alt)
	src, path := c.f.Locate("office.signature.alt")
	base := filepath.Base(sig.File)
	switch {
	case alt == "":
		c.error(src, path, "the signature image has no text alternative: write what it shows, such as \"Signature of %s\"", c.f.Office.PCC.Name)
	case strings.EqualFold(alt, base) || strings.EqualFold(alt, strings.TrimSuffix(base, filepath.Ext(base))):
		c.error(src, path, "the text alternative %q is the image's file name: write what it shows, such as \"Signature of %s\"", alt, c.f.Office.PCC.Name)
	case genericAlt[strings.ToLower(strings.Trim(alt, " .:"))]:
		c.error(src, path, "the text alternative %q names the kind of image, not what it shows: write, for instance, \"Signature of %s\"", alt, c.f.Office.PCC.Name)
	}
}

// title: the documents take their title from the report's (the PDF's
// Title and the HTML's <title>, which assistive technology reads first).
func (c *checker) title() {
	if t := strings.TrimSpace(c.f.Response.Report.Title); t == "" || placeholder.MatchString(t) {
		c.error(c.f.Source, "report.title", "the report's title is missing: the documents' titles are made from it")
	}
}

// language: the documents' language is a well-formed BCP 47 tag, which
// the PDF (/Lang) and the HTML (lang) carry for screen readers.
func (c *checker) language() {
	lang := c.f.Office.Language
	src, path := c.f.Locate("office.language")
	if strings.TrimSpace(lang) == "" {
		c.error(src, path, "the documents have no language: set a BCP 47 tag such as en-GB or cy-GB")
		return
	}
	if _, err := language.Parse(lang); err != nil || strings.ContainsAny(lang, " _") {
		c.error(src, path, "language %q is not a BCP 47 tag such as en-GB or cy-GB", lang)
	}
}
