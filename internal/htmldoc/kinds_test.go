package htmldoc_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/markdown/spec"
	"github.com/opcc-tools/s55/internal/pdf"
	"github.com/opcc-tools/s55/internal/pdfread"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/templates"
)

// treeKinds are the kinds of node package document declares, read from its
// source, so that a kind added there is met here: the blocks (the types
// with an isBlock method), and the constants of each named type (the
// classes, the kinds of part, the alignments).
type treeKinds struct {
	blocks []string
	consts map[string][]constant
}

// constant is a constant of package document, with its value when it is
// written as a string.
type constant struct {
	name, value string
}

func readKinds(t *testing.T) treeKinds {
	t.Helper()
	fset := token.NewFileSet()
	k := treeKinds{consts: map[string][]constant{}}
	files, err := filepath.Glob("../document/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.Name == "isBlock" && d.Recv != nil && len(d.Recv.List) == 1 {
					if star, ok := d.Recv.List[0].Type.(*ast.StarExpr); ok {
						k.blocks = append(k.blocks, star.X.(*ast.Ident).Name)
					}
				}
			case *ast.GenDecl:
				if d.Tok == token.CONST {
					k.readConsts(d)
				}
			}
		}
	}
	if len(k.blocks) < 10 || len(k.consts["Class"]) < 15 || len(k.consts["PartKind"]) < 2 || len(k.consts["Align"]) < 4 {
		t.Fatalf("read %d kinds of block and %v constants from package document: too few", len(k.blocks), k.consts)
	}
	return k
}

// readConsts reads a block of constants: each named with its type, which
// a constant without one takes from the one before (iota), and with its
// value when it is a string.
func (k *treeKinds) readConsts(d *ast.GenDecl) {
	typ := ""
	for _, s := range d.Specs {
		vs := s.(*ast.ValueSpec)
		if id, ok := vs.Type.(*ast.Ident); ok {
			typ = id.Name
		} else if vs.Type != nil || len(vs.Values) > 0 {
			typ = "" // untyped, or a type of another package
		}
		if typ == "" {
			continue
		}
		for i, n := range vs.Names {
			c := constant{name: n.Name}
			if i < len(vs.Values) {
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					c.value, _ = strconv.Unquote(lit.Value)
				}
			}
			k.consts[typ] = append(k.consts[typ], c)
		}
	}
}

// sample is a node of one kind in a document of its own: the blocks, what
// the HTML must hold for it, and the PDF structure types it must give.
type sample struct {
	blocks []document.Block
	html   []string
	pdf    []string
}

func spans(s string) []document.Span { return []document.Span{{Text: s}} }

func para(s string) *document.Paragraph { return &document.Paragraph{Spans: spans(s)} }

// blockSamples holds a sample of every kind of block: a kind of the tree
// with no sample here fails TestEveryKind until it has one and renders.
func blockSamples(t *testing.T) map[string]sample {
	png, err := fs.ReadFile(templates.FS, templates.SignaturePlaceholder)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]sample{
		"Heading": {
			blocks: []document.Block{
				&document.Heading{Level: 1, ID: "h1", Spans: spans("Top heading")},
				&document.Heading{Level: 2, ID: "h2", Lang: "cy", Outline: "Adran", Spans: spans("Adran")},
				&document.Heading{Level: 6, ID: "h6", Spans: spans("Sixth level")},
			},
			html: []string{`<h1 id="h1">Top heading</h1>`, `<h2 id="h2" lang="cy">Adran</h2>`, `<h6 id="h6">Sixth level</h6>`},
			pdf:  []string{"H1", "H2", "H6"},
		},
		"Paragraph": {
			blocks: []document.Block{&document.Paragraph{Lang: "cy", Spans: spans("Paragraff o destun.")}},
			html:   []string{`<p lang="cy">Paragraff o destun.</p>`},
			pdf:    []string{"P"},
		},
		"List": {
			blocks: []document.Block{
				&document.List{Ordered: true, Class: document.Item, Items: []*document.ListItem{
					{ID: "rec-4", Value: 4, Label: "4.", Outline: "Recommendation 4", Blocks: []document.Block{para("The fourth.")}},
					{ID: "rec-5", Value: 5, Label: "5.", Blocks: []document.Block{para("The fifth.")}},
				}},
				&document.List{Items: []*document.ListItem{{Label: "•", Blocks: []document.Block{para("A bullet.")}}}},
			},
			html: []string{`<ol class="item">` + "\n" + `<li id="rec-4" value="4">` + "\n<p>The fourth.</p>\n</li>\n" + `<li id="rec-5" value="5">`,
				"<ul>\n<li>\n<p>A bullet.</p>\n</li>\n</ul>"},
			pdf: []string{"L", "LI", "LBody"},
		},
		"Image": {
			blocks: []document.Block{&document.Image{Class: document.Signature, Data: png, Type: "png", Alt: "The signature of Alex Example", Width: 40, Height: 15}},
			html:   []string{`<p class="picture signature"><img src="data:image/png;base64,`, `alt="The signature of Alex Example" width="151" height="57"></p>`},
			pdf:    []string{"Figure"},
		},
		"Group": {
			blocks: []document.Block{&document.Group{Class: document.Signatories, Lang: "cy", Blocks: []document.Block{
				&document.Group{Class: document.Signer, Blocks: []document.Block{para("Alex Example")}},
				&document.Group{Class: document.Signer, Blocks: []document.Block{para("Sam Example")}},
			}}},
			html: []string{`<div class="signatories" lang="cy">` + "\n" + `<div class="signer">` + "\n<p>Alex Example</p>\n</div>\n"},
			pdf:  []string{"Div"},
		},
		"Quote": {
			blocks: []document.Block{&document.Quote{Lang: "en-GB", Blocks: []document.Block{para("Quoted words.")}}},
			html:   []string{"<blockquote lang=\"en-GB\">\n<p>Quoted words.</p>\n</blockquote>"},
			pdf:    []string{"BlockQuote"},
		},
		"CodeBlock": {
			blocks: []document.Block{&document.CodeBlock{Info: "yaml", Lines: []string{"a: <b> & 'c'", "    indented"}}},
			html:   []string{"<pre><code>a: &lt;b&gt; &amp; &#39;c&#39;\n    indented</code></pre>"},
			pdf:    []string{"Code"},
		},
		"Rule": {
			blocks: []document.Block{para("Above."), &document.Rule{}, para("Below.")},
			html:   []string{"<p>Above.</p>\n<hr>\n<p>Below.</p>"},
		},
		"Table": {
			blocks: []document.Block{&document.Table{Lang: "en-GB", Label: "Table: Area and Grade",
				Align: []document.Align{document.AlignNone, document.AlignRight},
				Head:  [][]document.Cell{{{Spans: spans("Area")}, {Spans: spans("Grade")}}},
				Body:  [][]document.Cell{{{Spans: spans("Crime")}, {Spans: spans("Good")}}}}},
			html: []string{`<div class="table" role="region" aria-label="Table: Area and Grade" tabindex="0">` + "\n" + `<table lang="en-GB">`,
				`<thead>` + "\n" + `<tr><th scope="col">Area</th><th scope="col" class="align-right">Grade</th></tr>`,
				`<tbody>` + "\n" + `<tr><td>Crime</td><td class="align-right">Good</td></tr>`},
			pdf: []string{"Table", "THead", "TBody", "TR", "TH", "TD"},
		},
		"Space": {
			blocks: []document.Block{para("Yours sincerely"), &document.Space{Class: document.Signature, Height: 25}, para("Alex Example")},
			html:   []string{"<p>Yours sincerely</p>\n<div class=\"space signature\"></div>\n<p>Alex Example</p>"},
		},
	}
}

// spanSamples holds, for every field of a span, a paragraph whose span
// sets it: a field added to document.Span fails TestEveryKind until it
// has one here.
var spanSamples = map[string]struct {
	span document.Span
	html string
	pdf  []string
}{
	"Text":   {document.Span{Text: "Plain words"}, "<p>Plain words</p>", nil},
	"Bold":   {document.Span{Text: "Strong words", Bold: true}, "<p><strong>Strong words</strong></p>", nil},
	"Italic": {document.Span{Text: "Stressed words", Italic: true}, "<p><em>Stressed words</em></p>", nil},
	"Code":   {document.Span{Text: "x := 1 + 2", Code: true}, "<p><code>x := 1 &#43; 2</code></p>", []string{"Code"}},
	"Href":   {document.Span{Text: "The report", Href: "https://www.example.org/a?b=1&c=2"}, `<p><a href="https://www.example.org/a?b=1&amp;c=2">The report</a></p>`, []string{"Link"}},
	"Lang":   {document.Span{Text: "Croeso", Lang: "cy"}, `<p><span lang="cy">Croeso</span></p>`, []string{"Span"}},
	"Break":  {document.Span{Break: true}, "<p>Before<br>\nAfter</p>", nil},
}

// officeFrame is an office's own page template: a header and a footer of
// its own around the document, and its own head.
const officeFrame = `{{define "page"}}<!DOCTYPE html>
<html lang="{{.Doc.Lang}}">
<head><meta charset="utf-8"><title>{{.Doc.Title}} | Exampleshire</title><style>{{.CSS}}</style></head>
<body>
<header class="office-header"><p>Office of the Commissioner</p></header>
{{.Body}}
<footer class="office-footer"><p>Exampleshire House</p></footer>
</body>
</html>
{{end}}`

// TestEveryKind renders every kind of node of the tree, each in a document
// of its own, in both renderers: in the HTML page, with s55's frame and
// with an office's own, as the markup of its kind; in the PDF with the
// structure types of its kind; and the HTML's visible text (within the
// frame's own words) is the PDF's tagged text, both made from the one
// tree. Each node also changes both renderings: the same document without
// it gives other bytes. The kinds come from package document's source, so
// a kind added there fails here until both renderers render it.
func TestEveryKind(t *testing.T) {
	kinds := readKinds(t)
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	frames := map[string]frameCase{
		"s55's frame":       {th: th},
		"an office's frame": {th: officeTheme(t, officeFrame), before: "Office of the Commissioner", after: "Exampleshire House"},
	}

	samples := blockSamples(t)
	for _, k := range kinds.blocks {
		s, ok := samples[k]
		if !ok {
			t.Errorf("the tree's block kind %s has no sample in blockSamples: add one, and render it in both renderers", k)
			continue
		}
		prove(t, k, frames, s.blocks, nil, s.html, s.pdf)
	}
	for k := range samples {
		if !slices.Contains(kinds.blocks, k) {
			t.Errorf("blockSamples holds %s, which is no block kind of the tree", k)
		}
	}
	proveSpans(t, frames)
	proveClasses(t, frames, kinds.consts["Class"])
	provePartsAndAligns(t, frames, kinds)
}

type frameCase struct {
	th *theme.Theme
	// before and after are the words the frame shows around the document.
	before, after string
}

// proveSpans renders a span of each field of document.Span.
func proveSpans(t *testing.T, frames map[string]frameCase) {
	typ := reflect.TypeFor[document.Span]()
	for i := range typ.NumField() {
		f := typ.Field(i).Name
		s, ok := spanSamples[f]
		if !ok {
			t.Errorf("the span's field %s has no sample in spanSamples: add one, and render it in both renderers", f)
			continue
		}
		with := []document.Span{s.span}
		without := []document.Span{{Text: s.span.Text}}
		if f == "Text" {
			without = nil
		}
		if f == "Break" {
			with = []document.Span{{Text: "Before"}, s.span, {Text: "After"}}
			without = []document.Span{{Text: "Before"}, {Text: "After"}}
		}
		prove(t, "span "+f, frames, []document.Block{&document.Paragraph{Spans: with}}, []document.Block{&document.Paragraph{Spans: without}}, []string{s.html}, s.pdf)
	}
}

// proveClasses renders a paragraph and a group of every class the tree
// names: the letter's furniture, signatures and signatories, items,
// answers and labels.
func proveClasses(t *testing.T, frames map[string]frameCase, classes []constant) {
	for _, cl := range classes {
		c := document.Class(cl.value)
		open, group := "<p>", "<div>\n<p>"
		if c != document.Body {
			open, group = `<p class="`+cl.value+`">`, `<div class="`+cl.value+`">`+"\n<p>"
		}
		words := "Words of class " + cl.name
		prove(t, "class "+cl.name, frames, []document.Block{
			&document.Paragraph{Class: c, Spans: spans(words + ".")},
			&document.Group{Class: c, Blocks: []document.Block{para(words + ", grouped.")}},
		}, nil, []string{open + words + ".</p>", group + words + ", grouped.</p>\n</div>"}, []string{"P", "Div"})
	}
}

// provePartsAndAligns renders a part of every kind and a table column of
// every alignment.
func provePartsAndAligns(t *testing.T, frames map[string]frameCase, kinds treeKinds) {
	for _, pk := range kinds.consts["PartKind"] {
		k := document.PartKind(pk.value)
		proveDoc(t, "part "+pk.name, frames, &document.Document{Lang: "en-GB", Title: "Kinds", Parts: []*document.Part{
			{Kind: k, ID: "p-" + string(k), Outline: "The " + string(k), Blocks: []document.Block{para("In the " + string(k) + ".")}},
		}}, nil, []string{`<section class="part ` + string(k) + `" id="p-` + string(k) + `" aria-label="The ` + string(k) + `">`}, []string{"Part"})
	}
	aligns := map[string]struct {
		a     document.Align
		class string
	}{"AlignNone": {document.AlignNone, ""}, "AlignLeft": {document.AlignLeft, ` class="align-left"`},
		"AlignCenter": {document.AlignCenter, ` class="align-center"`}, "AlignRight": {document.AlignRight, ` class="align-right"`}}
	for _, c := range kinds.consts["Align"] {
		name := c.name
		a, ok := aligns[name]
		if !ok {
			t.Errorf("the tree's alignment %s is not known to provePartsAndAligns: add it, and render it in both renderers", name)
			continue
		}
		table := func(al document.Align) []document.Block {
			return []document.Block{&document.Table{Label: "Table: Figure", Align: []document.Align{al},
				Head: [][]document.Cell{{{Spans: spans("Figure")}}}, Body: [][]document.Cell{{{Spans: spans("1,234")}}}}}
		}
		// Compared with a column set on the other side: a column of no
		// alignment is set on the left, as print sets text.
		without := table(document.AlignRight)
		if a.a == document.AlignRight || a.a == document.AlignCenter {
			without = table(document.AlignLeft)
		}
		prove(t, "alignment "+name, frames, table(a.a), without,
			[]string{`<th scope="col"` + a.class + `>Figure</th>`, `<td` + a.class + `>1,234</td>`}, []string{"TH", "TD"})
	}
}

// prove renders blocks as a letter's part in every frame and as a PDF.
// without, when given, is what the document holds in their place to
// compare with; else it holds nothing.
func prove(t *testing.T, name string, frames map[string]frameCase, blocks, without []document.Block, html, pdfTypes []string) {
	t.Helper()
	doc := func(bs []document.Block) *document.Document {
		return &document.Document{Lang: "en-GB", Title: "Kinds", Parts: []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter", Blocks: bs}}}
	}
	proveDoc(t, name, frames, doc(blocks), doc(without), html, pdfTypes)
}

func proveDoc(t *testing.T, name string, frames map[string]frameCase, doc, without *document.Document, htmlWant, pdfTypes []string) {
	t.Helper()
	if without == nil {
		without = &document.Document{Lang: doc.Lang, Title: doc.Title, Parts: []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter"}}}
	}
	var p, q bytes.Buffer
	if err := pdf.Render(&p, doc); err != nil {
		t.Fatalf("%s: pdf: %v", name, err)
	}
	if err := pdf.Render(&q, without); err != nil {
		t.Fatalf("%s: pdf without it: %v", name, err)
	}
	if bytes.Equal(p.Bytes(), q.Bytes()) {
		t.Errorf("%s: the PDF is the same without it: the PDF renderer ignores it", name)
	}
	f, err := pdfread.Parse(p.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	root, err := f.StructTree()
	if err != nil {
		t.Fatal(err)
	}
	items := conformance.StructTextOf(root, true)
	tagged := spec.TaggedText(items)
	for _, want := range pdfTypes {
		if !slices.ContainsFunc(items, func(s conformance.StructText) bool { return s.Role == want }) {
			t.Errorf("%s: the PDF has no %s element", name, want)
		}
	}
	for fname, fr := range frames {
		page, other := renderHTML(t, doc, fr.th), renderHTML(t, without, fr.th)
		if page == other {
			t.Errorf("%s, %s: the page is the same without it: the HTML renderer ignores it", name, fname)
		}
		for _, want := range htmlWant {
			if !strings.Contains(page, want) {
				t.Errorf("%s, %s: the page lacks %q", name, fname, want)
			}
		}
		visible, err := spec.VisibleText(page)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSpace(strings.Join([]string{fr.before, tagged, fr.after}, " "))
		if visible != want {
			t.Errorf("%s, %s: the page reads\n%q\nthe PDF, in this frame, reads\n%q", name, fname, visible, want)
		}
		if tagged == "" && len(htmlWant) == 0 {
			t.Errorf("%s: nothing to compare", name)
		}
	}
}

func renderHTML(t *testing.T, doc *document.Document, th *theme.Theme) string {
	t.Helper()
	var b bytes.Buffer
	if err := htmldoc.Render(&b, doc, th); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestEscapedEverywhere: whatever a string of the tree holds, it stays
// inside its text or its attribute. Every string of a document holding a
// node of every kind (texts, ids, classes, languages, labels, links,
// outlines, the editions and the links beside it) is set to characters
// that could end an element or an attribute; the page has the same
// elements and attributes as with plain words, and reads each string back
// as written.
func TestEscapedEverywhere(t *testing.T) {
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	const hostile = `"'<>&+ </p><script>alert(1)</script><!-- x="y"`
	build := func(s string) *document.Document {
		var blocks []document.Block
		for _, k := range slices.Sorted(maps.Keys(blockSamples(t))) {
			blocks = append(blocks, blockSamples(t)[k].blocks...)
		}
		for _, k := range slices.Sorted(maps.Keys(spanSamples)) {
			blocks = append(blocks, &document.Paragraph{Spans: []document.Span{spanSamples[k].span, {Text: "x"}}})
		}
		doc := &document.Document{Parts: []*document.Part{{Blocks: blocks}, {}},
			Related:  []document.Related{{}, {}},
			Editions: []document.Edition{{}, {}}}
		fill(reflect.ValueOf(doc), s)
		return doc
	}
	plain, wild := renderHTML(t, build("plain"), th), renderHTML(t, build(hostile), th)
	a, b := structure(t, plain), structure(t, wild)
	if !slices.Equal(a.elems, b.elems) {
		t.Errorf("the strings changed the page's elements:\n%q\n%q", a.elems, b.elems)
	}
	if b.values < 100 || b.values != a.values {
		t.Errorf("%d texts and attributes read back as written (%d with plain words)", b.values, a.values)
	}
}

// fill sets every string reachable from v to s.
func fill(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			fill(v.Elem(), s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), s)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			fill(v.Index(i), s)
		}
	case reflect.String:
		v.SetString(s)
	}
}

type pageShape struct {
	// elems are the page's elements with their attributes' names.
	elems []string
	// values counts the texts and attribute values that hold the
	// document's string as it was written.
	values int
}

// structure reads a page's elements, and counts where the document's
// string stands whole.
func structure(t *testing.T, page string) pageShape {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var p pageShape
	for n := range doc.Descendants() {
		switch n.Type {
		case html.ElementNode:
			e := n.Data
			for _, a := range n.Attr {
				e += " " + a.Key
				if a.Key == "href" && strings.HasPrefix(a.Val, "#") {
					continue // a place in the page, percent-encoded
				}
				if strings.Contains(a.Val, "plain") || strings.Contains(a.Val, `</p><script>alert(1)</script><!-- x="y"`) {
					p.values++
				}
			}
			p.elems = append(p.elems, e)
		case html.TextNode:
			if strings.Contains(n.Data, "plain") || strings.Contains(n.Data, `</p><script>alert(1)</script><!-- x="y"`) {
				p.values++
			}
		}
	}
	return p
}

// TestNilNodes: a nil block, of any kind, a nil part and a nil list item
// are nothing to write, as they are nothing to print: the page is the page
// without them.
func TestNilNodes(t *testing.T) {
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	item := &document.ListItem{Value: 1, Blocks: []document.Block{para("One.")}}
	doc := func(nils bool) *document.Document {
		blocks := []document.Block{para("Text."), &document.List{Ordered: true, Items: []*document.ListItem{item}}}
		parts := []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter", Blocks: blocks}}
		if nils {
			blocks = append(blocks, nil, (*document.Heading)(nil), (*document.Paragraph)(nil), (*document.List)(nil),
				(*document.Image)(nil), (*document.Group)(nil), (*document.Quote)(nil), (*document.CodeBlock)(nil),
				(*document.Table)(nil), (*document.Space)(nil))
			blocks[1] = &document.List{Ordered: true, Items: []*document.ListItem{nil, item, nil}}
			parts = []*document.Part{nil, {Kind: document.Letter, ID: "letter", Outline: "Letter", Blocks: blocks}, nil}
		}
		return &document.Document{Lang: "en-GB", Title: "T", Parts: parts}
	}
	if with, without := renderHTML(t, doc(true), th), renderHTML(t, doc(false), th); with != without {
		t.Errorf("the nil nodes changed the page:\n%s\nwant\n%s", with, without)
	}
}
