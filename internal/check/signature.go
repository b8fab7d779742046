package check

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"

	"github.com/opcc-tools/s55/internal/response"
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
// signature it is, for each who signs. A space to sign by hand
// (signature: none) is what the office asked for: nothing to warn of.
func (c *checker) signature() {
	shipped, _ := fs.ReadFile(templates.FS, templates.SignaturePlaceholder)
	for _, s := range c.f.Signers {
		sig := s.Signature
		if sig == nil || sig.None {
			continue
		}
		if img := s.Image; img != nil && len(shipped) > 0 && bytes.Equal(img.Data, shipped) {
			src, path := c.f.Locate(s.SignaturePath + ".file")
			c.warn(src, path, "the signature is s55's placeholder, not %s's signature: put the scanned signature in the folder and name it here before the letter is issued", c.nameOf(s))
		}
		for _, lang := range c.langs() {
			if alt := strings.TrimSpace(sig.Alt.In(lang)); alt != "" && describing.MatchString(alt) {
				src, path := c.f.Locate(s.SignaturePath + ".alt")
				c.warn(src, sig.Alt.Path(path, lang), "the text alternative %q describes how the picture looks; say whose signature it is instead, such as \"Signature of %s\"", alt, c.nameOf(s))
			}
			if !sig.Alt.Mapped() {
				break
			}
		}
	}
}

// nameOf is the name of one who signs, or a stand-in when it is missing.
func (c *checker) nameOf(s response.Signer) string {
	if n := strings.TrimSpace(s.Name.String()); n != "" {
		return n
	}
	return "the Commissioner"
}
