package response

import (
	"fmt"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/statute"
)

// PolicingBody returns the kind of local policing body the office is:
// its body, or statute.DefaultBody when it names none.
func (o Office) PolicingBody() string {
	if o.Body == "" {
		return string(statute.DefaultBody)
	}
	return o.Body
}

// Signer is one who signs the letter, as the documents print them.
type Signer struct {
	Signatory
	// Image is the signature read, when the signatory has one.
	Image *Image
	// Path is the signatory's field path in the merged data ("office.pcc",
	// "letter.signatories[1]", "office.signatories[0]"), and
	// SignaturePath that of its signature ("office.signature",
	// "letter.signatories[1].signature").
	Path, SignaturePath string
}

// Blank reports whether the signer leaves a space to sign by hand:
// signature: none.
func (s Signer) Blank() bool { return s.Signature != nil && s.Signature.None }

// given reports whether response.yaml gives the field path.
func (f *Folder) given(path string) bool { return hasPos(f.Source, path) }

// resolveSigners settles who signs the letter (Folder.Signers) and reads
// their signatures: the letter's signatories, else the office's, else the
// PCC with the office's signature.
func (f *Folder) resolveSigners(diags *diag.List) {
	o := f.Office
	base, list := "", []Signatory(nil)
	switch {
	case f.given("letter.signatories"):
		base, list = "letter.signatories", f.Response.Letter.Signatories
	case len(o.Signatories) > 0:
		base, list = "office.signatories", o.Signatories
	}
	if base == "" {
		f.Signers = []Signer{{Signatory: Signatory{Name: o.PCC.Name, Title: o.PCC.Title, Signature: o.Signature},
			Path: "office.pcc", SignaturePath: "office.signature"}}
	}
	for i, s := range list {
		p := fmt.Sprintf("%s[%d]", base, i)
		f.Signers = append(f.Signers, Signer{Signatory: s, Path: p, SignaturePath: p + ".signature"})
	}
	for i := range f.Signers {
		s := &f.Signers[i]
		if s.Signature == nil || s.Signature.None || s.Signature.File == "" {
			continue
		}
		s.Image = f.readPicture(s.SignaturePath+".file", s.Signature.File, diags)
	}
	if base == "" {
		f.Signature = f.Signers[0].Image
	}
	if l := o.Logo; l != nil && !l.None && l.File != "" {
		f.Logo = f.readPicture("office.logo.file", l.File, diags)
	}
}

// readPicture reads the image file name, given at the field path of the
// merged data, from the folder of the file that gives it (image).
func (f *Folder) readPicture(path, name string, diags *diag.List) *Image {
	if f.noPictures {
		return nil
	}
	src := f.sourceOf(path)
	p := pathIn(src, f.Source, path)
	base, ok := f.localFile(src, p, name, diags)
	if !ok {
		return nil
	}
	img, problem := f.image(base, name)
	if img == nil {
		f.fail(diags, src, p, "%s", problem)
	}
	return img
}

// Input returns an input's bytes as the load read them: file is one of
// Inputs, by its absolute path.
func (f *Folder) Input(file string) ([]byte, bool) {
	same := func(q string) bool { a, _ := filepath.Abs(q); return a == file }
	switch {
	case f.Source != nil && same(f.Source.File):
		return f.Source.Data, true
	case f.OfficeSource != nil && same(f.OfficeSource.File):
		return f.OfficeSource.Data, true
	}
	for _, b := range f.Letters {
		if same(b.File) {
			return b.Data, true
		}
	}
	f.picturesMu.Lock()
	defer f.picturesMu.Unlock()
	for _, pic := range f.pictures {
		if pic.Image != nil && same(pic.Image.File) {
			return pic.Image.FileData, true
		}
	}
	return nil, false
}

// validateSigners reports the problems of the body, the signatories and
// the logo: an unknown body, a signatory without a name or title, a
// signature or logo without its file, a text alternative missing.
func (f *Folder) validateSigners(diags, office *diag.List) {
	f.validateBody(diags)
	f.validateSignatories(diags)
	f.validateSignatures(diags)
	f.validateWidths(diags)
	f.validateLogo(diags, office)
}

// validateBody reports a body that is not one of the kinds the law names,
// with the nearest if there is one.
func (f *Folder) validateBody(diags *diag.List) {
	body := f.Office.Body
	if body == "" || statute.IsBody(body) {
		return
	}
	src, p := f.Locate("office.body")
	msg := fmt.Sprintf("body %q is not one of %s", body, joinBodies())
	if s := diag.Suggest(body, statute.BodyNames()); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	f.fail(diags, src, p, "%s", msg)
}

// validateSignatories reports a list of signatories given empty, and a
// signatory without a name or a title.
func (f *Folder) validateSignatories(diags *diag.List) {
	for _, l := range []struct {
		base string
		n    int
	}{{"letter.signatories", len(f.Response.Letter.Signatories)}, {"office.signatories", len(f.Office.Signatories)}} {
		if src, p := f.Locate(l.base); hasPos(src, p) && l.n == 0 {
			f.fail(diags, src, p, "signatories is empty: list who signs the letter (name, title, signature), or leave it out for the PCC alone")
		}
	}
	for _, s := range f.Signers {
		if s.Path == "office.pcc" {
			continue // the PCC's own fields are the office's (OfficeFields)
		}
		need := func(v Text, field, what string) {
			if v.Blank() {
				src, p := f.Locate(s.Path + "." + field)
				f.fail(diags, src, p, "the signatory's %s is missing", what)
			}
		}
		need(s.Name, "name", "name")
		need(s.Title, "title", "title")
	}
}

// validateSignatures reports a signatory's signature without its file or
// its text alternative.
func (f *Folder) validateSignatures(diags *diag.List) {
	for _, s := range f.Signers {
		sig := s.Signature
		if sig == nil || sig.None || s.Path == "office.pcc" {
			continue // the office's signature is one of OfficeFields
		}
		if sig.File == "" {
			src, p := f.Locate(s.SignaturePath + ".file")
			f.fail(diags, src, p, "the signature's image file is missing: name a PNG or JPEG file, or write signature: none for a space to sign by hand")
		}
		if sig.Alt.Blank() {
			src, p := f.Locate(s.SignaturePath + ".alt")
			f.fail(diags, src, p, "the signature's text alternative is missing: say whose signature it is, such as \"Signature of %s\"", s.Name.String())
		}
	}
}

// validateWidths reports a logo or signature printed wider than a page's
// text, 160 mm.
func (f *Folder) validateWidths(diags *diag.List) {
	width := func(pic *Picture, path string) {
		if pic != nil && !pic.None && (pic.Width < 0 || pic.Width > maxPrintWidth) {
			src, p := f.Locate(path)
			f.fail(diags, src, p, "a width of %g mm does not fit the page: give 1 to %d mm, or leave it out for the default", pic.Width, maxPrintWidth)
		}
	}
	width(f.Office.Logo, "office.logo.width")
	for _, s := range f.Signers {
		width(s.Signature, s.SignaturePath+".width")
	}
}

// validateLogo reports a logo given as none, and a logo without its file
// or its text alternative.
func (f *Folder) validateLogo(diags, office *diag.List) {
	l := f.Office.Logo
	switch {
	case l == nil:
	case l.None:
		src, p := f.Locate("office.logo")
		f.fail(diags, src, p, "logo is a picture (file, alt, width): leave it out for none")
	default:
		if l.File == "" {
			src, p := f.Locate("office.logo.file")
			f.fail(office, src, p, "the logo's image file is missing: name a PNG or JPEG file beside this file, or leave the logo out")
		}
		if src, p := f.Locate("office.logo.alt"); !hasPos(src, p) {
			f.fail(office, src, p, "the logo's text alternative is missing: write what it says (alt: \"Exampleshire Police and Crime Commissioner\"), or alt: \"\" when the letterhead lines say the same")
		}
	}
}

// maxPrintWidth is the widest a picture of the data prints, in
// millimetres: the text column of an A4 page.
const maxPrintWidth = 160

func joinBodies() string {
	names := statute.BodyNames()
	out := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			out += " or "
		default:
			out += ", "
		}
		out += n
	}
	return out
}

// hasPos reports whether the file src gives the field path.
func hasPos(src *Source, path string) bool {
	_, ok := src.Pos[path]
	return ok
}
