package response_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// TestTitleLines: a title of several lines is given as a block or a list
// (per language too), prints as its lines and reads on one line in a
// sentence (response.View); any other text still refuses a list.
func TestTitleLines(t *testing.T) {
	for doc, want := range map[string][]string{
		"pcc:\n  title: |\n    Deputy Mayor for Policing and Crime\n    on behalf of the Mayor of London\n": {"Deputy Mayor for Policing and Crime", "on behalf of the Mayor of London"},
		"pcc:\n  title: [Deputy Mayor for Policing and Crime, '  on behalf of the Mayor of London ']\n":     {"Deputy Mayor for Policing and Crime", "on behalf of the Mayor of London"},
		"pcc:\n  title: {en-GB: [Chief Constable, Westshire Constabulary], cy-GB: Prif Gwnstabl}\n":         {"Chief Constable", "Westshire Constabulary"},
		"pcc:\n  title: Police and Crime Commissioner for Exampleshire\n":                                   {"Police and Crime Commissioner for Exampleshire"},
	} {
		var o response.Office
		if _, diags := strictyaml.Decode("o.yaml", []byte(doc), &o); diags.Err() != nil {
			t.Fatalf("%q: %v", doc, diags.Err())
		}
		if got := o.PCC.Title.Lines("en-GB"); !slices.Equal(got, want) {
			t.Errorf("%q: lines %q, want %q", doc, got, want)
		}
		v := response.View(o, "en-GB").(map[string]any)["PCC"].(map[string]any)["Title"]
		if v != strings.Join(want, " ") || o.PCC.Title.Line("en-GB") != v {
			t.Errorf("%q: in a sentence %q", doc, v)
		}
	}
	for doc, want := range map[string]string{
		"pcc:\n  title: [a, [b]]\n":      "o.yaml:2:14: error: pcc.title[1]: a line must be text, not a list",
		"pcc:\n  name: [Sam, Example]\n": "o.yaml:2:9: error: pcc.name: must be text, or a mapping of language tags to texts, not a list",
		"force:\n  name: [A, B]\n":       "o.yaml:2:9: error: force.name: must be text, or a mapping of language tags to texts, not a list",
	} {
		var o response.Office
		_, diags := strictyaml.Decode("o.yaml", []byte(doc), &o)
		if len(diags) == 0 || diags[0].Error() != want {
			t.Errorf("%q: %v, want %q", doc, diags, want)
		}
	}
}

// office writes an office profile and a response folder beside it, with
// the signature files both name, and loads the response.
func loadWith(t *testing.T, office, resp string) (*response.Folder, error) {
	t.Helper()
	dir := t.TempDir()
	png, err := os.ReadFile("../../templates/signature-placeholder.png")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sig.png", string(png))
	write("r/sig.png", string(png))
	write("r/letter.md", "Text.\n")
	write("office.yaml", "pcc: {name: Alex Example, title: Police and Crime Commissioner for Exampleshire}\n"+
		"force: {name: Exampleshire Police, short_name: the force, chief_officer: Chief Constable}\n"+
		"recipient: {role: Home Secretary}\n"+office)
	write("r/response.yaml", "report: {title: T, published: 2025-01-02}\nletter:\n  date: 2025-02-03\n  body: letter.md\n"+resp)
	f, diags := response.Load(filepath.Join(dir, "r"), response.Options{})
	return f, diags.Err()
}

// TestSigners: who signs is the letter's signatories, else the office's,
// else the PCC with the office's signature; signature: none asks for a
// space and needs no file; each signature is read from the folder of the
// file that names it.
func TestSigners(t *testing.T) {
	for _, tc := range []struct {
		office, resp string
		want         []string // name, path, and "image", "none" or "" for each
	}{
		{"signature: {file: sig.png, alt: Signature of Alex Example}\n", "", []string{"Alex Example office.pcc image"}},
		{"signature: none\n", "", []string{"Alex Example office.pcc none"}},
		{"", "", []string{"Alex Example office.pcc "}},
		{"signature: none\nsignatories:\n  - {name: A, title: [T1, T2], signature: {file: sig.png, alt: Signature of A}}\n  - {name: B, title: T, signature: none}\n", "",
			[]string{"A office.signatories[0] image", "B office.signatories[1] none"}},
		{"signatories: [{name: A, title: T}]\n", "  signatories:\n    - {name: P, title: PCC, signature: {file: sig.png, alt: Signature of P}}\n    - {name: C, title: [Chief Constable, Westshire], signature: none}\n",
			[]string{"P letter.signatories[0] image", "C letter.signatories[1] none"}},
	} {
		f, err := loadWith(t, tc.office, tc.resp)
		if err != nil {
			t.Fatalf("%q %q: %v", tc.office, tc.resp, err)
		}
		var got []string
		for _, s := range f.Signers {
			what := ""
			switch {
			case s.Image != nil:
				what = "image"
			case s.Blank():
				what = "none"
			}
			got = append(got, s.Name.String()+" "+s.Path+" "+what)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q %q: signers %q, want %q", tc.office, tc.resp, got, tc.want)
		}
		if (f.Signature != nil) != strings.HasSuffix(tc.want[0], "office.pcc image") {
			t.Errorf("%q: the PCC's signature %v", tc.office, f.Signature)
		}
	}
}

// TestSignersRefused: an unknown body (with the likely one), a signatory
// without a name or title, a signature without its file or text
// alternative, an empty list of signatories, a picture written as another
// word than none and a logo without its alt are errors at their place.
func TestSignersRefused(t *testing.T) {
	for _, tc := range []struct{ office, resp, want string }{
		{"body: pfc\n", "", `office.yaml:4:7: error: body: body "pfc" is not one of pcc, pfcc or mayor`},
		{"body: Mayor\n", "", `(did you mean "mayor"?)`},
		{"", "  signatories:\n    - {name: A}\n", `r/response.yaml:6:7: error: letter.signatories[0].title: the signatory's title is missing`},
		{"", "  signatories:\n    - {title: T, signature: {alt: x}}\n", `letter.signatories[0].signature.file: the signature's image file is missing`},
		{"", "  signatories:\n    - {name: A, title: T, signature: {file: sig.png}}\n", `letter.signatories[0].signature.alt: the signature's text alternative is missing`},
		{"", "  signatories: []\n", `letter.signatories: signatories is empty`},
		{"signature: nothing\n", "", `office.yaml:4:12: error: signature: must be a mapping of fields (file, alt, width), or none for a space to sign by hand, not "nothing"`},
		{"logo: {file: sig.png}\n", "", `office.yaml:4:7: error: logo.alt: the logo's text alternative is missing: write what it says`},
		{"logo: none\n", "", `logo is a picture (file, alt, width): leave it out for none`},
		{"logo: {file: sig.png, alt: '', width: 1e9}\n", "", `office.yaml:4:39: error: logo.width: a width of 1e+09 mm does not fit the page: give 1 to 160 mm`},
		{"signature: {file: sig.png, alt: S, width: -5}\n", "", `signature.width: a width of -5 mm does not fit the page`},
		{"", "  signatories:\n    - {name: A, title: T, signature: {file: ../sig.png, alt: S}}\n", `"../sig.png" must be a path inside`},
	} {
		_, err := loadWith(t, tc.office, tc.resp)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q %q: %v, want %q", tc.office, tc.resp, err, tc.want)
		}
	}
	// A logo whose text alternative is "" is decoration, and so allowed.
	if f, err := loadWith(t, "logo: {file: sig.png, alt: \"\"}\n", ""); err != nil || f.Logo == nil {
		t.Errorf("a decorative logo: %v", err)
	}
}

// TestReferenceAndDelivery: the letter's reference and delivery lines
// replace the office's; the office's stand where the letter gives none.
func TestReferenceAndDelivery(t *testing.T) {
	f, err := loadWith(t, "reference: OPCC/1\ndelivery: By email\n", "  reference: OPCC/2\n")
	if err != nil {
		t.Fatal(err)
	}
	if f.Reference.String() != "OPCC/2" || f.Delivery.String() != "By email" {
		t.Errorf("reference %q, delivery %q", f.Reference, f.Delivery)
	}
}
