package response

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/opcc-tools/s55/internal/diag"
)

// Markdown is one piece of Markdown in a response: the letter's body, or a
// field of response.yaml (an introduction, an item's text, response or
// comment). Its problems are reported with Diag, at the place the officer
// typed them.
type Markdown struct {
	// File holds the piece: letter.md, or response.yaml.
	File string
	// Path is the field path in response.yaml, "" for the letter.
	Path string
	Text []byte
	src  *Source
}

// Letter returns the letter's body in lang as a piece of Markdown (empty
// when the data names no file for lang).
func (f *Folder) Letter(lang string) Markdown {
	for _, b := range f.Letters {
		if b.Lang == lang {
			return Markdown{File: b.File, Text: b.Data}
		}
	}
	return Markdown{File: f.Source.File, Path: "letter.body"}
}

// Field returns the Markdown value text in lang, at the field path of
// response.yaml (a mapping's string at path.lang).
func (f *Folder) Field(path string, text Text, lang string) Markdown {
	return Markdown{File: f.Source.File, Path: text.Path(path, lang), Text: []byte(text.In(lang)), src: f.Source}
}

// MarkdownFields are the keys of response.yaml whose values are Markdown.
var MarkdownFields = map[string]bool{
	"introduction": true, "text": true, "response": true, "office_response": true,
	"position_reason": true, "comment": true,
}

// Pieces returns every piece of Markdown of the response in lang, in the
// order the documents print them.
func (f *Folder) Pieces(lang string) []Markdown {
	out := []Markdown{f.Letter(lang)}
	var items func(path string, list []Item)
	items = func(path string, list []Item) {
		for i, it := range list {
			p := fmt.Sprintf("%s.items[%d]", path, i)
			out = append(out, f.Field(p+".text", it.Text, lang))
			items(p, it.Items)
			out = append(out, f.Field(p+".position_reason", it.PositionReason, lang), f.Field(p+".response", it.Response, lang),
				f.Field(p+".office_response", it.OfficeResponse, lang), f.Field(p+".comment", it.Comment, lang))
		}
	}
	for i, a := range f.Response.Appendices {
		p := fmt.Sprintf("appendices[%d]", i)
		out = append(out, f.Field(p+".introduction", a.Introduction, lang))
		items(p, a.Items)
	}
	return out
}

// Diag returns a diagnostic at byte off of the piece's text.
func (m Markdown) Diag(off int, sev diag.Severity, msg string) diag.Diagnostic {
	d := diag.Diagnostic{File: m.File, Severity: sev, Path: m.Path, Msg: msg}
	if m.src != nil {
		p := m.src.PosAt(m.Path, off)
		d.Line, d.Col = p.Line, p.Col
		return d
	}
	d.Line, d.Col = diag.Position(m.Text, off)
	return d
}

// Figure is a picture the Markdown names: the image read, or why it
// could not be.
type Figure struct {
	Image *Image
	// Problem says why there is no image, for compose to report at each
	// place the picture is named.
	Problem string
}

// Picture returns the picture the Markdown names at dest: a PNG or JPEG
// file inside the response folder, read the first time any piece of
// Markdown names it (see image), or why it cannot be used. Compose asks
// for each picture where it parses the Markdown, so that each piece is
// parsed once, and reports a problem at the picture's place with the rest
// of the Markdown's problems.
func (f *Folder) Picture(dest string) Figure {
	if u := strings.ToLower(dest); strings.Contains(u, "://") || strings.HasPrefix(u, "data:") {
		return Figure{Problem: "picture " + quote(dest) + " is not a file: a picture is a PNG or JPEG file in the response folder, named by its path, such as chart.png"}
	}
	// The folder's own file checks, worded for a picture.
	name := filepath.FromSlash(ImageKey(dest))
	var found diag.List
	base, ok := f.localFile(f.Source, "", name, &found)
	if !ok {
		return Figure{Problem: "picture " + quote(dest) + ": " + found[0].Msg}
	}
	img, problem := f.image(base, name)
	if img == nil {
		return Figure{Problem: "picture " + quote(dest) + ": " + problem}
	}
	return Figure{Image: img}
}

// image reads the picture file name in the folder dir (readImage) once:
// a file named again, by the Markdown, a signature or the logo, gives what
// it gave the first time. A file read joins the folder's inputs, so that
// an archive and a PDF's source bundle keep it.
func (f *Folder) image(dir, name string) (*Image, string) {
	p := filepath.Join(dir, name)
	f.picturesMu.Lock()
	defer f.picturesMu.Unlock()
	if got, ok := f.pictures[p]; ok {
		return got.Image, got.Problem
	}
	img, problem := readImage(dir, name)
	if f.pictures == nil {
		f.pictures = map[string]Figure{}
	}
	f.pictures[p] = Figure{Image: img, Problem: problem}
	if img != nil && !slices.Contains(f.Inputs, img.File) {
		f.Inputs = append(f.Inputs, img.File)
	}
	return img, problem
}

// ImageKey is the file a picture's destination names: the path as
// written, cleaned, with forward slashes.
func ImageKey(dest string) string {
	return filepath.ToSlash(filepath.Clean(filepath.FromSlash(strings.TrimSpace(dest))))
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
