package htmldoc

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/theme"
)

// An office's frame may restyle the page but never drop or repeat the
// document. Three checks hold it to that, the first two once per theme
// (Check, so that s55 check reports them), the last at every page:
//
//   - the parse tree: the frame names .Body once, in the "page" template
//     itself, outside every {{if}}, {{range}} and {{with}}, as an action of
//     its own; so it runs exactly once, whatever the document;
//   - a probe: the frame runs on a document with every field set, and the
//     body's mark must come out as it went in, which it does only where
//     html/template sees the page's text (in an attribute, a comment, a
//     title, a script, a style or a textarea it is escaped or dropped; and
//     html/template allows no {{if}} to change that with the document),
//     inside the page's body and no element whose content a browser does
//     not show (a template, a hidden element ...);
//   - every page: the frame's output holds the mark exactly once, and the
//     renderer writes the body in its place.
//
// The body itself is never given to the template: the frame runs on
// bodyMark, and the renderer writes the document where the mark came out.

// retired are the functions a page template called when it wrote the
// document's blocks itself.
var retired = []string{"kind", "dataURI", "px", "align", "tableLabel"}

// bodyMark stands for the body in the frame's output. It cannot come from
// anything else the frame writes: html/template writes a NUL of any text,
// attribute, URL, script or style as something else.
const bodyMark = htmltemplate.HTML("\x00s55-body\x00")

// frame is a parsed page template that places the body.
type frame struct {
	tmpl *htmltemplate.Template
}

// cut splits the frame's output at the body's place.
func (f *frame) cut(out []byte, file string) (before, after []byte, err error) {
	before, after, found := bytes.Cut(out, []byte(bodyMark))
	if !found || bytes.Contains(after, []byte(bodyMark)) {
		return nil, nil, diag.Diagnostic{File: file, Severity: diag.Error, Msg: "the page template did not place the document once"}
	}
	return before, after, nil
}

// parseFrame parses the theme's page template and checks that it places
// the document.
func parseFrame(th *theme.Theme) (*frame, error) {
	file := th.PageFile
	tmpl, err := htmltemplate.New(theme.PageFile).Option("missingkey=error").Funcs(pageFuncs(th)).Parse(th.Page)
	if err != nil {
		return nil, theme.TemplateError(file, err)
	}
	pg := tmpl.Lookup("page")
	if pg == nil || pg.Tree == nil {
		return nil, diag.Diagnostic{File: file, Severity: diag.Error, Msg: `the page template defines no "page" template`}
	}
	at, err := placed(tmpl, pg, file)
	if err != nil {
		return nil, err
	}
	// The probe runs on a copy whose functions need no phrase book: a
	// broken phrase is the phrase book's error, reported at its place
	// when the documents are composed.
	pc, err := tmpl.Clone()
	if err != nil {
		return nil, theme.TemplateError(file, err)
	}
	pc.Funcs(htmltemplate.FuncMap{
		"phrase":      func(name string) (string, error) { return name, nil },
		"pageCounter": func() (htmltemplate.CSS, error) { return `"1"`, nil },
	})
	var out bytes.Buffer
	if err := pc.ExecuteTemplate(&out, "page", Frame{Doc: probe(th.Lang), CSS: htmltemplate.CSS(th.CSS), Body: bodyMark}); err != nil {
		return nil, theme.TemplateError(file, err)
	}
	if msg := shown(out.Bytes()); msg != "" {
		at.Msg = msg
		return nil, at
	}
	return &frame{tmpl: tmpl}, nil
}

// placed checks in the parse trees of every template of the frame that
// .Body is named once, as an action of its own at the top of "page"; it
// returns where, for what the probe finds there.
func placed(tmpl, pg *htmltemplate.Template, file string) (at diag.Diagnostic, err error) {
	type ref struct {
		t    *htmltemplate.Template
		node parse.Node
	}
	var refs, old []ref
	for _, t := range tmpl.Templates() {
		if t.Tree == nil {
			continue
		}
		walk(t.Tree.Root, func(n parse.Node) {
			if namesBody(n) {
				refs = append(refs, ref{t, n})
			}
			if id, ok := n.(*parse.IdentifierNode); ok && slices.Contains(retired, id.Ident) {
				old = append(old, ref{t, n})
			}
		})
	}
	// In the file's order: the templates come in no order.
	byPlace := func(a, b ref) int { return int(a.node.Position() - b.node.Position()) }
	slices.SortFunc(refs, byPlace)
	slices.SortFunc(old, byPlace)
	if len(old) > 0 {
		return at, position(old[0].t, old[0].node, file, "the page template writes the document's blocks itself, with "+old[0].node.String()+
			": s55 writes the document now, and the page template is the frame around it; keep its head, and write {{.Body}} where the document goes")
	}
	if len(refs) == 0 {
		return at, position(pg, pg.Tree.Root, file, `the page template does not place the document: write {{.Body}} in the "page" template, once, where the document goes`)
	}
	if len(refs) > 1 {
		return at, position(refs[1].t, refs[1].node, file, "the page template names .Body a second time: the document goes in the page once, so write {{.Body}} once")
	}
	t, n := refs[0].t, refs[0].node
	action := topAction(pg, n)
	if t != pg || action == nil {
		return at, position(t, n, file, `{{.Body}} is inside {{if}}, {{range}}, {{with}} or a template of its own, where the document could be left out or repeated: write it once in the "page" template itself, outside them`)
	}
	if p := action.Pipe; len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return at, position(pg, n, file, "write {{.Body}} as an action of its own: the document is placed as it is")
	}
	return position(pg, n, file, ""), nil
}

// position is a diagnostic saying msg at the line and column of node n
// of template t, which file holds.
func position(t *htmltemplate.Template, n parse.Node, file, msg string) diag.Diagnostic {
	d := diag.Diagnostic{File: file, Severity: diag.Error, Msg: msg}
	loc, _ := t.Tree.ErrorContext(n)
	// loc is "name:line:col", the column counted from 0.
	parts := strings.Split(loc, ":")
	if len(parts) >= 3 {
		d.Line, _ = strconv.Atoi(parts[len(parts)-2])
		col, _ := strconv.Atoi(parts[len(parts)-1])
		d.Col = col + 1
	}
	return d
}

// topAction returns the action of the top level of pg's template whose
// pipeline holds n, or nil.
func topAction(pg *htmltemplate.Template, n parse.Node) *parse.ActionNode {
	for _, top := range pg.Tree.Root.Nodes {
		a, ok := top.(*parse.ActionNode)
		if !ok {
			continue
		}
		found := false
		walk(a, func(m parse.Node) { found = found || m == n })
		if found {
			return a
		}
	}
	return nil
}

// namesBody reports a node that names the frame's Body: .Body, $.Body,
// $x.Body or (...).Body.
func namesBody(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.FieldNode:
		return len(n.Ident) > 0 && n.Ident[0] == "Body"
	case *parse.VariableNode:
		return len(n.Ident) > 1 && n.Ident[1] == "Body"
	case *parse.ChainNode:
		return len(n.Field) > 0 && n.Field[0] == "Body"
	}
	return false
}

// walk calls fn for n and every node below it.
func walk(n parse.Node, fn func(parse.Node)) {
	if n == nil {
		return
	}
	fn(n)
	for _, c := range children(n) {
		walk(c, fn)
	}
}

// children returns the nodes directly below n in a parse tree.
func children(n parse.Node) []parse.Node {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			return n.Nodes
		}
	case *parse.ActionNode:
		return []parse.Node{n.Pipe}
	case *parse.IfNode:
		return branch(&n.BranchNode)
	case *parse.RangeNode:
		return branch(&n.BranchNode)
	case *parse.WithNode:
		return branch(&n.BranchNode)
	case *parse.TemplateNode:
		return []parse.Node{n.Pipe}
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		var out []parse.Node
		for _, d := range n.Decl {
			out = append(out, d)
		}
		for _, c := range n.Cmds {
			out = append(out, c)
		}
		return out
	case *parse.CommandNode:
		return n.Args
	case *parse.ChainNode:
		return []parse.Node{n.Node}
	}
	return nil
}

func branch(b *parse.BranchNode) []parse.Node {
	out := []parse.Node{b.Pipe, b.List}
	if b.ElseList != nil {
		out = append(out, b.ElseList)
	}
	return out
}

// hidden are the elements whose content a browser does not show as part
// of the page, or shows only as a fallback.
var hidden = map[atom.Atom]bool{
	atom.Template: true, atom.Object: true, atom.Video: true, atom.Audio: true, atom.Canvas: true, atom.Datalist: true,
}

// shown returns what keeps the body's mark in the frame's output from
// being shown as part of the page, or "".
func shown(out []byte) string {
	const probeID = "s55-body-probe"
	if bytes.Count(out, []byte(bodyMark)) != 1 {
		return "{{.Body}} stands where the page does not show HTML (in an attribute, a comment, a title, a script, a style or a textarea): place it in the page's body"
	}
	page := bytes.Replace(out, []byte(bodyMark), []byte(`<div id="`+probeID+`"></div>`), 1)
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return err.Error()
	}
	var probe *html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Div && len(n.Attr) == 1 && n.Attr[0].Val == probeID {
			probe = n
			break
		}
	}
	if probe == nil || probe.Namespace != "" {
		return "{{.Body}} stands where the page does not read HTML (inside a noscript, an iframe or another element whose content is read as text): place it in the page's body"
	}
	for n := probe.Parent; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		if hidden[n.DataAtom] || n.DataAtom == atom.Dialog && !hasAttr(n, "open") {
			return fmt.Sprintf("{{.Body}} stands inside <%s>, whose content the page does not show: place it in the page's body", n.Data)
		}
		if hasAttr(n, "hidden") {
			return fmt.Sprintf("{{.Body}} stands inside <%s hidden>, which the page does not show: place it in the page's body", n.Data)
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// probe is a document with every field the frame may read set, to run a
// frame on before any document is rendered.
func probe(lang string) *document.Document {
	return &document.Document{
		Lang: lang, Title: "Title", Author: "Author", Subject: "Subject", Keywords: []string{"keyword", "other"},
		Parts: []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter", Lang: lang}},
		Related: []document.Related{
			{Rel: "alternate", Text: "PDF", Href: "letter.pdf", Type: "application/pdf"},
			{Rel: "alternate", Text: "Other", Href: "letter.cy.html", Lang: lang, Hreflang: lang},
			{Rel: "report", Text: "Report", Href: "https://www.example.org/report"},
		},
		Editions: []document.Edition{{Lang: lang, Title: "Title", Link: "Read", ID: "letter"}},
	}
}
