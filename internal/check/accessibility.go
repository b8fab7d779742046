package check

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/langtag"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
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
}

// genericAlt holds text alternatives that name the kind of image instead
// of saying what it shows.
var genericAlt = map[string]bool{"image": true, "picture": true, "photo": true, "img": true, "graphic": true,
	"signature": true, "logo": true, "alt": true, "alt text": true, "scan": true}

// imageAlt: each signature, and the logo, has a text alternative, and not
// the file's name or a word for an image; a logo's may be "", which makes
// it decoration (the letterhead lines say what it says). A signature:
// none has no picture and needs none.
func (c *checker) imageAlt() {
	for _, s := range c.f.Signers {
		if sig := s.Signature; sig != nil && !sig.None {
			c.pictureAlt(sig, s.SignaturePath+".alt", "signature", "Signature of "+c.nameOf(s), false)
		}
	}
	if logo := c.f.Office.Logo; logo != nil && !logo.None {
		c.pictureAlt(logo, "office.logo.alt", "logo", "the office's name as the logo writes it", true)
	}
}

// pictureAlt checks a picture's text alternative, at the field path of
// the merged data, in each language: what names the picture, and
// example what to write.
func (c *checker) pictureAlt(pic *response.Picture, field, what, example string, decorative bool) {
	for _, lang := range c.langs() {
		src, path := c.f.Locate(field)
		alt := strings.TrimSpace(pic.Alt.In(lang))
		if !(decorative && alt == "") {
			c.alt(alt, src, pic.Alt.Path(path, lang), filepath.Base(pic.File), what, example)
		}
		if !pic.Alt.Mapped() {
			return
		}
	}
}

// alt checks a picture's text alternative in one language.
func (c *checker) alt(alt string, src *response.Source, path, base, what, example string) {
	switch {
	case alt == "":
		c.error(src, path, "the %s image has no text alternative: write what it shows, such as %q", what, example)
	case strings.EqualFold(alt, base) || strings.EqualFold(alt, strings.TrimSuffix(base, filepath.Ext(base))):
		c.error(src, path, "the text alternative %q is the image's file name: write what it shows, such as %q", alt, example)
	case genericAlt[strings.ToLower(strings.Trim(alt, " .:"))]:
		c.error(src, path, "the text alternative %q names the kind of image, not what it shows: write, for instance, %q", alt, example)
	}
}

// title: the documents take their title from the report's (the PDF's
// Title and the HTML's <title>, which assistive technology reads first).
func (c *checker) title() {
	title := c.f.Response.Report.Title
	for _, lang := range c.langs() {
		if t := strings.TrimSpace(title.In(lang)); title.Blank() || placeholder.MatchString(t) {
			c.error(c.f.Source, title.Path("report.title", lang), "the report's title is missing: the documents' titles are made from it")
			return
		}
	}
}

// Languages checks the office's languages before any theme is loaded for
// them: each is a well-formed BCP 47 tag (the PDF's /Lang and the HTML's
// lang carry it for screen readers), none is given twice, and each has a
// phrase book, s55's own or one in the office's templates folder.
func Languages(f *response.Folder) diag.List {
	c := &checker{f: f}
	o := f.Office
	if len(o.Languages) == 0 || (len(o.Languages) == 1 && strings.TrimSpace(o.Languages[0]) == "") {
		src, path := f.Locate("office.language")
		c.error(src, path, "the documents have no language: set a BCP 47 tag such as en-GB or cy-GB")
		return c.diags
	}
	src, path := f.Locate("office.languages")
	given := true
	if _, ok := src.Pos[path]; !ok {
		src, path = f.Locate("office.language")
		given = false
	}
	for i, lang := range o.Languages {
		p := path
		if given {
			p = fmt.Sprintf("%s[%d]", path, i)
		}
		switch _, err := langtag.Parse(lang); {
		case err != nil:
			c.error(src, p, "language %q is not a BCP 47 tag such as en-GB or cy-GB", lang)
		case slices.Contains(o.Languages[:i], lang):
			c.error(src, p, "language %s is given twice", lang)
		case !theme.HasBook(f.TemplatesDir, lang):
			c.error(src, p, "there is no phrase book for %s: s55 has %s; put a whole one in %s/phrases.yaml in the office's templates folder",
				lang, strings.Join(theme.Shipped(), " and "), lang)
		}
	}
	return c.diags
}
