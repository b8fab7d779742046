package spec

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// The office and the response of the folder that Letters writes.
const (
	letterOffice = `pcc: {name: Alex Example, title: Police and Crime Commissioner for Exampleshire}
force: {name: Exampleshire Police, short_name: the force}
recipient: {name: Rt Hon Priti Patel MP, role: Home Secretary, salutation: Dear Home Secretary}
signature: {file: signature.png, alt: The signature of Alex Example}
cc: [HMICFRS]
`
	letterResponse = `report: {title: A report, published: 2021-07-16}
letter: {date: 2021-09-01, body: letter.md}
`
)

// Letters composes letters whose Markdown is an example: a response folder
// with its office and a signature (so that every letter holds an image
// with its text alternative), written once, whose letter.md each call to Compose
// replaces. One Letters serves one goroutine at a time.
type Letters struct {
	dir string
	// Theme is the default theme in English, which the letters are
	// composed with.
	Theme *theme.Theme
}

// NewLetters writes the folder into root, which must be empty.
func NewLetters(root string) (*Letters, error) {
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		return nil, err
	}
	dir := filepath.Join(root, "r")
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	for name, data := range map[string]string{"office.yaml": letterOffice, "r/response.yaml": letterResponse, "signature.png": signature()} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			return nil, err
		}
	}
	return &Letters{dir: dir, Theme: th}, nil
}

// Compose writes md as the letter, then loads and composes the response as
// a build does: it returns the letter's document, or the problems that
// refuse it (nil document).
func (l *Letters) Compose(md string) (*document.Document, diag.List, error) {
	if err := os.WriteFile(filepath.Join(l.dir, "letter.md"), []byte(md), 0o644); err != nil {
		return nil, nil, err
	}
	f, diags := response.Load(l.dir, response.Options{})
	if diags.Errors() > 0 {
		return nil, diags, nil
	}
	set, diags := compose.Build(f, l.Theme)
	if diags.Errors() > 0 {
		return nil, diags, nil
	}
	return set.Letter, nil, nil
}

// signature draws a small signature-like PNG: a dark stroke on white.
func signature() string {
	img := image.NewGray(image.Rect(0, 0, 90, 30))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for x := 5; x < 85; x++ {
		img.SetGray(x, 15+(x%11-5)*(x%3)/2, color.Gray{})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.String()
}
