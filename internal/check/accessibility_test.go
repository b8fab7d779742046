package check

import (
	"bytes"
	"image"
	pngenc "image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/response"
)

// The reference response and its office, copied into each test's folder.
const (
	referenceDir = "../../responses"
	referenceID  = "2021-09-13-rape-inspection-phase-one"
)

// loadEdited copies the reference office and response into a temporary
// folder, lets edit change the text files by name ("office.yaml",
// "response.yaml", "letter.md"), and loads the response.
func loadEdited(t *testing.T, edit func(files map[string]string)) *response.Folder {
	t.Helper()
	files := map[string]string{}
	for name, from := range map[string]string{
		"office.yaml":   filepath.Join(referenceDir, "office.yaml"),
		"response.yaml": filepath.Join(referenceDir, referenceID, "response.yaml"),
		"letter.md":     filepath.Join(referenceDir, referenceID, "letter.md"),
	} {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(data)
	}
	if edit != nil {
		edit(files)
	}
	root := t.TempDir()
	dir := filepath.Join(root, "r")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// A signature other than the placeholder, so that only the test of
	// the placeholder meets its warning.
	var png bytes.Buffer
	if err := pngenc.Encode(&png, image.NewGray(image.Rect(0, 0, 40, 12))); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		filepath.Join(root, "office.yaml"):               []byte(files["office.yaml"]),
		filepath.Join(root, "signature-placeholder.png"): png.Bytes(),
		filepath.Join(dir, "response.yaml"):              []byte(files["response.yaml"]),
		filepath.Join(dir, "letter.md"):                  []byte(files["letter.md"]),
	} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, diags := response.Load(dir, response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return f
}

// accessibilityOf runs the accessibility checks alone and returns their
// diagnostics as "file:line:col: severity: message", the folder's path
// made relative.
func accessibilityOf(f *response.Folder) []string {
	c := &checker{f: f}
	c.diags = Languages(f)
	c.accessibility()
	var out []string
	for _, d := range c.diags {
		s := d.Error()
		if i := strings.Index(s, string(filepath.Separator)+"r"+string(filepath.Separator)); i >= 0 {
			s = s[i+1:]
		} else if i := strings.LastIndex(s[:strings.Index(s, ":")], string(filepath.Separator)); i >= 0 {
			s = s[i+1:]
		}
		out = append(out, s)
	}
	return out
}

func replace(files map[string]string, name, old, new string) {
	if !strings.Contains(files[name], old) {
		panic(name + " lacks " + old)
	}
	files[name] = strings.Replace(files[name], old, new, 1)
}

func TestAccessibilityReference(t *testing.T) {
	if got := accessibilityOf(loadEdited(t, nil)); len(got) != 0 {
		t.Errorf("the reference response: %q", got)
	}
}

func TestAccessibilityAlt(t *testing.T) {
	const alt = "alt: Signature of Darryl Preston"
	for value, want := range map[string]string{
		"signature-placeholder.png":   `office.yaml:19:8: error: signature.alt: the text alternative "signature-placeholder.png" is the image's file name: write what it shows, such as "Signature of Darryl Preston"`,
		"signature-placeholder":       `office.yaml:19:8: error: signature.alt: the text alternative "signature-placeholder" is the image's file name: write what it shows, such as "Signature of Darryl Preston"`,
		"Image.":                      `office.yaml:19:8: error: signature.alt: the text alternative "Image." names the kind of image, not what it shows: write, for instance, "Signature of Darryl Preston"`,
		"Signature":                   `office.yaml:19:8: error: signature.alt: the text alternative "Signature" names the kind of image, not what it shows: write, for instance, "Signature of Darryl Preston"`,
		"Signature of Darryl Preston": "",
	} {
		f := loadEdited(t, func(files map[string]string) { replace(files, "office.yaml", alt, "alt: "+value) })
		got := accessibilityOf(f)
		if want == "" && len(got) != 0 || want != "" && !slices.Equal(got, []string{want}) {
			t.Errorf("alt %q:\n%q\nwant\n%q", value, got, want)
		}
	}
	// The alternative set in the response's own office section is found
	// there.
	f := loadEdited(t, func(files map[string]string) {
		replace(files, "response.yaml", "report:\n", "office:\n  signature:\n    alt: picture\nreport:\n")
	})
	if got := accessibilityOf(f); len(got) != 1 || !strings.HasPrefix(got[0], "r/response.yaml:7:10: error: office.signature.alt:") {
		t.Errorf("alt in the response: %q", got)
	}
}

func TestAccessibilityLanguage(t *testing.T) {
	noBook := func(lang string) string {
		return `office.yaml:5:11: error: language: there is no phrase book for ` + lang + `: s55 has cy-GB and en-GB; put a whole one in ` + lang + `/phrases.yaml in the office's templates folder`
	}
	for value, want := range map[string]string{
		"en-GB": "", "cy-GB": "",
		"cy":      noBook("cy"),
		"gd-GB":   noBook("gd-GB"),
		"en_GB":   `office.yaml:5:11: error: language: language "en_GB" is not a BCP 47 tag such as en-GB or cy-GB`,
		"english": `office.yaml:5:11: error: language: language "english" is not a BCP 47 tag such as en-GB or cy-GB`,
		"xx-YY":   `office.yaml:5:11: error: language: language "xx-YY" is not a BCP 47 tag such as en-GB or cy-GB`,
		"../x":    `office.yaml:5:11: error: language: language "../x" is not a BCP 47 tag such as en-GB or cy-GB`,
	} {
		f := loadEdited(t, func(files map[string]string) { replace(files, "office.yaml", "language: en-GB", "language: "+value) })
		got := accessibilityOf(f)
		if want == "" && len(got) != 0 || want != "" && !slices.Equal(got, []string{want}) {
			t.Errorf("language %q: %q, want %q", value, got, want)
		}
	}
	// The languages of an office of several: each one, at its place.
	f := loadEdited(t, func(files map[string]string) {
		replace(files, "office.yaml", "language: en-GB", "languages: [cy-GB, en_GB, cy-GB]")
	})
	want := []string{
		`office.yaml:5:20: error: languages[1]: language "en_GB" is not a BCP 47 tag such as en-GB or cy-GB`,
		`office.yaml:5:27: error: languages[2]: language cy-GB is given twice`,
	}
	if got := accessibilityOf(f); !slices.Equal(got[:min(2, len(got))], want) {
		t.Errorf("languages: %q, want %q first", got, want)
	}
}

func TestAccessibilityTitle(t *testing.T) {
	f := loadEdited(t, func(files map[string]string) {
		lines := strings.Split(files["response.yaml"], "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "  title: ") {
				lines[i] = "  title: \"[Title of the report]\""
				break
			}
		}
		files["response.yaml"] = strings.Join(lines, "\n")
	})
	want := []string{"r/response.yaml:6:10: error: report.title: the report's title is missing: the documents' titles are made from it"}
	if got := accessibilityOf(f); !slices.Equal(got, want) {
		t.Errorf("%q, want %q", got, want)
	}
}
