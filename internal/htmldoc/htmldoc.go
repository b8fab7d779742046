// Package htmldoc is s55's HTML renderer: it renders a document tree as one
// self-contained HTML page (the stylesheet inlined, images as data URIs,
// the language and title set, links to its PDF twin and to the report),
// and it parses the pages of the published site.
//
// Every node of the tree becomes HTML here, in Go, one function per kind
// of node (node.go): the office cannot change what a node says, only how
// it looks. The theme's page template is the frame around the document
// (the head, the stylesheet, whatever the office puts above and below),
// and the document's body comes to it as one value, .Body, which the frame
// must place once, where the page shows HTML (frame.go): a frame that
// would drop or repeat it is refused at its file and line. Every template
// is parsed here, with the functions it may call.
//
// The tree arrives finished: its links have passed the link policy and its
// text is clean, so the renderer decides nothing about either.
package htmldoc

import (
	"bufio"
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strings"
	"sync"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/theme"
)

// Frame is what the page template, the frame around a document, is given.
type Frame struct {
	// Doc is the document, for what the frame says of it: Lang, Title,
	// Author, Subject, Keywords, and Related, the links beside it, which
	// the head names (link rel="alternate").
	Doc *document.Document
	// CSS is the stylesheet, with the rules a page whose parts are in
	// several languages needs.
	CSS htmltemplate.CSS
	// Body is the document, rendered: its root element, of class
	// "s55-document", holding the links to its editions and beside it and
	// every part. The frame places it once, as it is.
	Body htmltemplate.HTML
}

// Render writes doc to w as an HTML page: the body rendered in Go, in the
// frame of the theme's page template.
func Render(w io.Writer, doc *document.Document, th *theme.Theme) error {
	f, err := page(th)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := f.tmpl.ExecuteTemplate(&out, "page", Frame{Doc: doc, CSS: css(th, doc), Body: bodyMark}); err != nil {
		return theme.TemplateError(th.PageFile, err)
	}
	before, after, err := f.cut(out.Bytes(), th.PageFile)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write(before)
	r := &writer{w: bw, th: th}
	r.document(doc)
	if r.err != nil {
		return r.err
	}
	bw.Write(after)
	return bw.Flush()
}

// css is the page's stylesheet: the theme's, and, when parts of the
// document carry their own language, rules that keep a browser from
// hyphenating them with another language's rules (hyphens: manual: the
// PDF breaks lines only between words) and that lay out the links to the
// editions.
func css(th *theme.Theme, doc *document.Document) htmltemplate.CSS {
	for _, p := range doc.Parts {
		if p != nil && p.Lang != "" {
			return htmltemplate.CSS(th.CSS + langCSS)
		}
	}
	return htmltemplate.CSS(th.CSS)
}

const langCSS = `
.s55-document [lang] { hyphens: manual; }
.s55-document .editions { margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; font-weight: bold; }
@media print { .s55-document .editions { display: none; } }`

// Check parses the theme's page template and reports its problems at its
// file and line, so that a broken template, or a frame that would not
// place the document, is found before anything is rendered.
func Check(th *theme.Theme) error {
	_, err := page(th)
	return err
}

// parsed keeps the frames of the last few themes: a frame is parsed,
// checked and escaped once per theme, however many documents it renders.
var parsed struct {
	sync.Mutex
	themes []*theme.Theme
	frames []*frame
}

func page(th *theme.Theme) (*frame, error) {
	parsed.Lock()
	defer parsed.Unlock()
	for i, t := range parsed.themes {
		if t == th {
			return parsed.frames[i], nil
		}
	}
	f, err := parseFrame(th)
	if err != nil {
		return nil, err
	}
	if len(parsed.themes) >= 4 {
		parsed.themes, parsed.frames = parsed.themes[1:], parsed.frames[1:]
	}
	parsed.themes = append(parsed.themes, th)
	parsed.frames = append(parsed.frames, f)
	return f, nil
}

// pageFuncs are the functions the page template may call.
func pageFuncs(th *theme.Theme) htmltemplate.FuncMap {
	funcs := htmltemplate.FuncMap{
		"keywords": func(d *document.Document) string { return strings.Join(d.Keywords, ", ") },
		// href marks a link of the tree as safe: the link policy passed
		// it when the tree was composed, and it is already in the form
		// html/template would give it.
		"href": func(s string) htmltemplate.URL { return htmltemplate.URL(s) },
		"phrase": func(name string) (string, error) {
			return th.Phrase(name, nil)
		},
		"pageCounter": func() (htmltemplate.CSS, error) { return pageCounter(th) },
	}
	// The functions a page template called when it wrote the document's
	// blocks itself still parse, so that Check can say what to do with
	// such a template (frame.go). Calling one is an error.
	for _, name := range retired {
		funcs[name] = func(...any) (string, error) {
			return "", fmt.Errorf("s55 writes the document itself: the page template places it with {{.Body}}, and has no %s", name)
		}
	}
	return funcs
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
