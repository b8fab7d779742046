package check

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"

	"github.com/opcc-tools/s55/templates"
)

// describing matches text alternatives that describe how an image looks
// ("a handwritten signature in black ink", "image of ...", "scan of ...")
// instead of saying whose signature it is, which is what a reader needs:
// the ink, the box and the scan are not the signature's meaning.
var describing = regexp.MustCompile(`(?i)\b(?:(?:image|picture|photo(?:graph)?|scan|scanned copy|drawing|graphic|illustration|screenshot) of|hand-?written|handwriting|in (?:black|blue|dark) ink|\bink\b|appearing to read|which reads|reads as|squiggle|scrawl|cursive|pen stroke|grey box|gray box|rectangular box|box standing|rectangle|enclosed in)`)

// signature warns of a signature that is the placeholder s55 ships (a
// stand-in, which an issued letter should not carry), and of a text
// alternative that describes the picture rather than saying whose
// signature it is.
func (c *checker) signature() {
	sig := c.f.Office.Signature
	if sig == nil {
		return
	}
	if img := c.f.Signature; img != nil {
		if shipped, err := fs.ReadFile(templates.FS, templates.SignaturePlaceholder); err == nil && bytes.Equal(img.Data, shipped) {
			src, path := c.f.Locate("office.signature.file")
			c.warn(src, path, "the signature is s55's placeholder, not %s's signature: put the scanned signature in the folder and name it here before the letter is issued", c.name())
		}
	}
	for _, lang := range c.langs() {
		if alt := strings.TrimSpace(sig.Alt.In(lang)); alt != "" && describing.MatchString(alt) {
			src, path := c.f.Locate("office.signature.alt")
			c.warn(src, sig.Alt.Path(path, lang), "the text alternative %q describes how the picture looks; say whose signature it is instead, such as \"Signature of %s\"", alt, c.name())
		}
		if !sig.Alt.Mapped() {
			break
		}
	}
}

// name is the PCC's name, or a stand-in when it is missing.
func (c *checker) name() string {
	if n := strings.TrimSpace(c.f.Office.PCC.Name.String()); n != "" {
		return n
	}
	return "the Commissioner"
}
