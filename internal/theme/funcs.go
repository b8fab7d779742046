package theme

import (
	"encoding/base64"
	htmltemplate "html/template"
	"strconv"
	"strings"

	"github.com/opcc-tools/s55/internal/document"
)

// pageFuncs are the functions the HTML page template may call.
var pageFuncs = htmltemplate.FuncMap{
	"kind":     kind,
	"dataURI":  dataURI,
	"px":       px,
	"keywords": func(d *document.Document) string { return strings.Join(d.Keywords, ", ") },
}

// kind names the kind of a block for the page template.
func kind(b document.Block) string {
	switch b.(type) {
	case *document.Heading:
		return "heading"
	case *document.Paragraph:
		return "paragraph"
	case *document.List:
		return "list"
	case *document.Image:
		return "image"
	case *document.Group:
		return "group"
	}
	return ""
}

// dataURI encodes an image as a data URI, so a page needs no other file.
func dataURI(img *document.Image) htmltemplate.URL {
	return htmltemplate.URL("data:image/" + img.Type + ";base64," + base64.StdEncoding.EncodeToString(img.Data))
}

// px converts millimetres to whole CSS pixels (96 to the inch).
func px(mm float64) string {
	return strconv.Itoa(int(mm*96/25.4 + 0.5))
}
