// Package htmldoc is s55's HTML renderer: it renders a document tree as one
// self-contained HTML page (the stylesheet inlined, images as data URIs,
// the language and title set, links to its PDF twin and to the report),
// and it parses the pages of the published site. The markup comes from the
// theme's templates, so an office can change it without touching Go code;
// every template is parsed here, with the functions it may call.
//
// The tree arrives finished: its links have passed the link policy and its
// text is clean, so the renderer decides nothing about either.
package htmldoc

import (
	"bufio"
	"encoding/base64"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/theme"
)

// pageData is what the page template sees.
type pageData struct {
	Doc *document.Document
	CSS htmltemplate.CSS
}

// Render writes doc to w as an HTML page made with the theme's page
// template.
func Render(w io.Writer, doc *document.Document, th *theme.Theme) error {
	tmpl, err := page(th)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if err := tmpl.ExecuteTemplate(bw, "page", pageData{Doc: doc, CSS: htmltemplate.CSS(th.CSS)}); err != nil {
		return theme.TemplateError(th.PageFile, err)
	}
	return bw.Flush()
}

// Check parses the theme's page template and reports its problems at its
// file and line, so that a broken template is found before anything is
// rendered.
func Check(th *theme.Theme) error {
	_, err := page(th)
	return err
}

// parsed keeps the page templates of the last few themes: a template is
// parsed and escaped once per theme, however many documents it renders.
var parsed struct {
	sync.Mutex
	themes []*theme.Theme
	tmpls  []*htmltemplate.Template
}

func page(th *theme.Theme) (*htmltemplate.Template, error) {
	parsed.Lock()
	defer parsed.Unlock()
	for i, t := range parsed.themes {
		if t == th {
			return parsed.tmpls[i], nil
		}
	}
	tmpl, err := htmltemplate.New(theme.PageFile).Option("missingkey=error").Funcs(pageFuncs(th)).Parse(th.Page)
	if err != nil {
		return nil, theme.TemplateError(th.PageFile, err)
	}
	if tmpl.Lookup("page") == nil {
		return nil, diag.Diagnostic{File: th.PageFile, Severity: diag.Error, Msg: `the page template defines no "page" template`}
	}
	if len(parsed.themes) >= 4 {
		parsed.themes, parsed.tmpls = parsed.themes[1:], parsed.tmpls[1:]
	}
	parsed.themes = append(parsed.themes, th)
	parsed.tmpls = append(parsed.tmpls, tmpl)
	return tmpl, nil
}

// pageFuncs are the functions the HTML page template may call.
func pageFuncs(th *theme.Theme) htmltemplate.FuncMap {
	return htmltemplate.FuncMap{
		"kind":     kind,
		"dataURI":  dataURI,
		"px":       px,
		"keywords": func(d *document.Document) string { return strings.Join(d.Keywords, ", ") },
		// href marks a link of the tree as safe: the link policy passed
		// it when the tree was composed, and it is already in the form
		// html/template would give it.
		"href":  func(s string) htmltemplate.URL { return htmltemplate.URL(s) },
		"align": align,
		"phrase": func(name string) (string, error) {
			return th.Phrase(name, nil)
		},
		// tableLabel is the label compose gave the table, in its
		// language; a tree made elsewhere gets the theme's.
		"tableLabel": func(t *document.Table) (string, error) {
			if t.Label != "" {
				return t.Label, nil
			}
			return th.Phrase("table_label", struct{ Columns string }{th.AndList(t.Columns())})
		},
		"pageCounter": func() (htmltemplate.CSS, error) { return pageCounter(th) },
	}
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
	case *document.Quote:
		return "quote"
	case *document.CodeBlock:
		return "code"
	case *document.Rule:
		return "rule"
	case *document.Table:
		return "table"
	case *document.Space:
		return "space"
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

// align names a column's alignment as a class, or "".
func align(a document.Align) string {
	switch a {
	case document.AlignLeft:
		return "align-left"
	case document.AlignCenter:
		return "align-center"
	case document.AlignRight:
		return "align-right"
	}
	return ""
}

// pageCounter turns the phrase book's page phrase ("Page {{.Page}} of
// {{.Pages}}") into the CSS content of a print page's foot, with the page
// counters in place of the numbers.
func pageCounter(th *theme.Theme) (htmltemplate.CSS, error) {
	const page, pages = "\x00page\x00", "\x00pages\x00"
	s, err := th.Phrase("page", struct{ Page, Pages string }{page, pages})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, part := range strings.SplitAfter(s, "\x00") {
		part = strings.TrimSuffix(part, "\x00")
		switch part {
		case "page", "pages":
			fmt.Fprintf(&b, " counter(%s) ", part)
		case "":
		default:
			b.WriteString(cssString(part))
		}
	}
	return htmltemplate.CSS(strings.TrimSpace(b.String())), nil
}

// cssString quotes s as a CSS string, escaping every character that could
// end it or the style element.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r < 0x80 && (r < ' ' || strings.ContainsRune(`"\<>&'`, r)) {
			fmt.Fprintf(&b, "\\%x ", r)
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// Site parses the template of the published site's pages (theme.SiteFile),
// which defines "index" and "tracker", for the language of th, with the
// functions it may call: phrase (a phrase of th's book: phrase NAME or
// phrase NAME DATA), join (a list as a sentence), date (YYYY-MM-DD as the
// phrase book writes dates) and plural (a number with its noun, as the
// phrase books' plural).
func Site(th *theme.Theme) (*htmltemplate.Template, error) {
	file, src, err := th.Source(theme.SiteFile)
	if err != nil {
		return nil, err
	}
	tmpl, err := htmltemplate.New(theme.SiteFile).Option("missingkey=error").Funcs(htmltemplate.FuncMap{
		"join":   th.AndList,
		"date":   func(s string) string { return day.Reformat(th, s) },
		"plural": th.Plural,
		"phrase": func(name string, data ...any) (string, error) {
			var d any
			if len(data) > 0 {
				d = data[0]
			}
			return th.Phrase(name, d)
		},
	}).Parse(string(src))
	if err != nil {
		return nil, theme.TemplateError(file, err)
	}
	for _, name := range []string{"index", "tracker"} {
		if tmpl.Lookup(name) == nil {
			return nil, diag.Diagnostic{File: file, Severity: diag.Error, Msg: fmt.Sprintf("the site template defines no %q template", name)}
		}
	}
	return tmpl, nil
}
