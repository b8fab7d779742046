// Package htmldoc renders a document tree as one self-contained HTML page:
// the stylesheet inlined, images as data URIs, the language and title set.
// The markup comes from the theme's page template, so an office can change it
// without touching Go code.
package htmldoc

import (
	"bufio"
	htmltemplate "html/template"
	"io"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/theme"
)

// pageData is what the page template sees.
type pageData struct {
	Doc *document.Document
	CSS htmltemplate.CSS
}

// Render writes doc to w as an HTML page made with the theme's page template.
func Render(w io.Writer, doc *document.Document, th *theme.Theme) error {
	bw := bufio.NewWriter(w)
	if err := th.Page.ExecuteTemplate(bw, "page", pageData{Doc: doc, CSS: htmltemplate.CSS(th.CSS)}); err != nil {
		return err
	}
	return bw.Flush()
}
