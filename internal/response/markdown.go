package response

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/markdown"
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

// readImages reads the pictures the response's Markdown names: PNG or
// JPEG files inside the response folder. Those read join the inputs, so
// that an archive and a PDF's source bundle keep them; why the others
// cannot be used is kept for compose, which reports it at the picture's
// place with the rest of the Markdown's problems.
func (f *Folder) readImages() {
	var pieces []Markdown
	for _, lang := range f.Languages {
		pieces = append(pieces, f.Pieces(lang)...)
	}
	for _, m := range pieces {
		if len(m.Text) == 0 || !bytes.Contains(m.Text, []byte("![")) {
			continue
		}
		for _, ref := range markdown.Images(m.Text) {
			key := ImageKey(ref.Dest)
			if _, done := f.Images[key]; done {
				continue
			}
			if f.Images == nil {
				f.Images = map[string]Figure{}
			}
			if u := strings.ToLower(ref.Dest); strings.Contains(u, "://") || strings.HasPrefix(u, "data:") {
				f.Images[key] = Figure{Problem: "picture " + quote(ref.Dest) + " is not a file: a picture is a PNG or JPEG file in the response folder, named by its path, such as chart.png"}
				continue
			}
			// The folder's own file checks, worded for a picture.
			var found diag.List
			base, ok := f.localFile(f.Source, "", filepath.FromSlash(key), &found)
			var img *Image
			if ok {
				img, ok = readImage(base, filepath.FromSlash(key), f.Source, "", &found)
			}
			if !ok {
				msg := "cannot be read"
				if len(found) > 0 {
					msg = found[0].Msg
				}
				f.Images[key] = Figure{Problem: "picture " + quote(ref.Dest) + ": " + msg}
				continue
			}
			f.Images[key] = Figure{Image: img}
			f.Inputs = append(f.Inputs, img.File)
		}
	}
}

// ImageKey is how a picture's destination names its file in Folder.Images:
// the path as written, cleaned, with forward slashes.
func ImageKey(dest string) string {
	return filepath.ToSlash(filepath.Clean(filepath.FromSlash(strings.TrimSpace(dest))))
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
