package build_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/markdown/spec"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/pdfread"
	"github.com/opcc-tools/s55/internal/staging"
)

const example = "../../responses/2024-04-25-peel-exampleshire"

// TestExample builds the second example response, which uses a heading
// inside a force's response, a table, a quote, a chart with its text
// alternative and a drafting note: it passes check; its words (every
// heading, paragraph and table cell, inside quotes and tables too) come
// back from the HTML, from the PDF's text as pdftotext extracts it and,
// in order, from the PDF's tagged text, each cell as its own TH or TD;
// and the drafting note is in none of the files, nor anywhere inside a
// PDF (a string, a decoded stream, the source bundle).
func TestExample(t *testing.T) {
	r, diags := build.Render(example, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if n := diags.Count(diag.Note); n != 1 {
		t.Errorf("%d notes, want the letter's drafting note: %v", n, diags)
	}
	out := t.TempDir()
	if err := outdir.WriteBuild(filepath.Join(out, r.Folder.ID), r.Files); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, r.Folder.ID)

	tree := exampleTree(r)
	for _, k := range []string{"table", "quote", "picture", "heading"} {
		if !tree.kinds[k] {
			t.Errorf("the example has no %s", k)
		}
	}
	if len(tree.cells) < 9 || len(tree.quoted) == 0 {
		t.Fatalf("%d cells and %d paragraphs quoted", len(tree.cells), len(tree.quoted))
	}

	// Compared without spaces: the text read from the HTML has a space
	// where each tag was.
	htmlWords := bare(htmlText(t, filepath.Join(dir, "response.html")))
	for _, s := range tree.words {
		if !strings.Contains(htmlWords, bare(s)) {
			t.Errorf("response.html lacks %q", s)
		}
	}
	const note = "performance team before"
	noDraftingNote(t, r, note)
	t.Run("pdf", func(t *testing.T) { examplePDFText(t, dir, tree.words, note) })
	t.Run("tagged", func(t *testing.T) { exampleTagged(t, r.File("response.pdf"), tree) })
	t.Run("html", func(t *testing.T) {
		var files []string
		for _, name := range []string{"letter", "appendix-1", "response"} {
			files = append(files, filepath.Join(dir, name+".html"))
		}
		conformance.CheckHTML(t, files...)
	})
}

// treeWords is what the example's document tree holds: the kinds of block
// it shows, its words in reading order, its table cells and what it
// quotes.
type treeWords struct {
	kinds                map[string]bool
	words, cells, quoted []string
}

// exampleTree walks the parts of the response document of r.
func exampleTree(r *build.Result) treeWords {
	tw := treeWords{kinds: map[string]bool{}}
	for _, p := range r.Set.Response.Parts {
		document.Walk(p.Blocks, tw.block)
	}
	return tw
}

func (tw *treeWords) block(b document.Block) {
	switch b := b.(type) {
	case *document.Table:
		tw.kinds["table"] = true
		for _, row := range append(b.Head, b.Body...) {
			for _, c := range row {
				tw.cells = append(tw.cells, document.Text(c.Spans))
				tw.words = append(tw.words, document.Text(c.Spans))
			}
		}
	case *document.Quote:
		tw.kinds["quote"] = true
		document.Walk(b.Blocks, func(b document.Block) {
			if p, ok := b.(*document.Paragraph); ok {
				tw.quoted = append(tw.quoted, document.Text(p.Spans))
			}
		})
	case *document.Image:
		if b.Class != document.Signature {
			tw.kinds["picture"] = b.Alt != ""
		}
	case *document.Heading:
		if b.Level > 2 {
			tw.kinds["heading"] = true
		}
		tw.words = append(tw.words, document.Text(b.Spans))
	case *document.Paragraph:
		tw.words = append(tw.words, document.Text(b.Spans))
	}
}

// noDraftingNote requires the note in none of the built files, after
// proving that pdfHolds finds what it looks for where it looks.
func noDraftingNote(t *testing.T, r *build.Result, note string) {
	t.Helper()
	for s, want := range map[string]string{"twelve call handlers": "the text of page", "Exampleshire Police": "a string of object", "kind: cause-of-concern": "the bundle's"} {
		where := pdfHolds(t, r.File("response.pdf"), s)
		if !slices.ContainsFunc(where, func(w string) bool { return strings.HasPrefix(w, want) }) {
			t.Errorf("pdfHolds finds %q in %q, not in %s ...", s, where, want)
		}
	}
	for _, name := range []string{"letter", "appendix-1", "response"} {
		if bytes.Contains(r.File(name+".html"), []byte(note)) {
			t.Errorf("%s.html carries the drafting note", name)
		}
		if where := pdfHolds(t, r.File(name+".pdf"), note); len(where) > 0 {
			t.Errorf("%s.pdf carries the drafting note, in %s", name, where)
		}
	}
}

// examplePDFText checks the PDFs with qpdf and requires every word of the
// tree, and not the note, in the text pdftotext reads from response.pdf.
func examplePDFText(t *testing.T, dir string, words []string, note string) {
	conformance.Need(t, conformance.QPDF, conformance.Pdftotext)
	for _, name := range []string{"letter", "appendix-1", "response"} {
		if err := conformance.QPDFCheck(filepath.Join(dir, name+".pdf")); err != nil {
			t.Error(err)
		}
	}
	text := normalize(pdfText(t, filepath.Join(dir, "response.pdf")))
	if strings.Contains(text, note) {
		t.Errorf("the PDF's text holds the drafting note")
	}
	for _, s := range words {
		if !strings.Contains(text, normalize(s)) {
			t.Errorf("pdftotext of response.pdf lacks %q", s)
		}
	}
}

// exampleTagged requires the tree's words, in order, in the PDF's tagged
// text, and its table cells each as its own TH or TD.
func exampleTagged(t *testing.T, data []byte, tree treeWords) {
	root := structTree(t, data)
	var paras []string
	for _, s := range tree.words {
		paras = append(paras, normalize(s))
	}
	if p, ok := inOrder(spec.TaggedText(conformance.StructTextOf(root, true)), paras); !ok {
		t.Errorf("the tagged text of response.pdf lacks, in order: %q", p)
	}
	var fromPDF []string
	root.Walk(func(_ *pdfread.Element, c pdfread.Content, _ int) {
		if c.Elem != nil && (c.Elem.Type == "TH" || c.Elem.Type == "TD") {
			fromPDF = append(fromPDF, c.Elem.Text())
		}
	})
	if !slices.Equal(fromPDF, tree.cells) {
		t.Errorf("the PDF's table cells %q, want %q", fromPDF, tree.cells)
	}
}

// pdfHolds reads a PDF with internal/pdfread and says where it holds s: in
// the text of a page, in a string, in a stream's decoded data, or in a
// file of the source bundle it carries; nothing where it holds it nowhere.
func pdfHolds(t *testing.T, data []byte, s string) []string {
	t.Helper()
	f, err := pdfread.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var where []string
	var look func(n int, v any)
	look = func(n int, v any) {
		switch v := v.(type) {
		case string:
			if strings.Contains(f.Text(v), s) || strings.Contains(v, s) {
				where = append(where, fmt.Sprintf("a string of object %d", n))
			}
		case pdfread.Dict:
			for _, e := range v {
				look(n, e)
			}
		case []any:
			for _, e := range v {
				look(n, e)
			}
		case *pdfread.Stream:
			look(n, v.Dict)
			if bytes.Contains(v.Data, []byte(s)) {
				where = append(where, fmt.Sprintf("the data of stream %d", n))
			}
		}
	}
	objs := f.Objects()
	if len(objs) < 20 {
		t.Fatalf("%d objects", len(objs))
	}
	for _, n := range objs {
		v, err := f.Object(n)
		if err != nil {
			t.Fatal(err)
		}
		look(n, v)
	}
	pages, _ := f.Pages()
	for i, pg := range pages {
		text, err := f.MarkedText(pg)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range text {
			if strings.Contains(m, s) {
				where = append(where, fmt.Sprintf("the text of page %d", i+1))
			}
		}
	}
	for _, a := range attachments(t, data) {
		src, err := bundle.Unzip(a.Data)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range src.Files {
			if bytes.Contains(file.Data, []byte(s)) {
				where = append(where, "the bundle's "+file.Name)
			}
		}
	}
	return where
}

// attachments returns the files a PDF carries, read with internal/pdfread.
func attachments(t *testing.T, data []byte) []pdfread.Attachment {
	t.Helper()
	f, err := pdfread.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return f.Attachments()
}

// TestBundleHasNoNotes: the source bundle the PDFs carry holds no YAML
// comment and no drafting note, builds the same documents again byte for
// byte, and is its own published form; an office can leave it out.
func TestBundleHasNoNotes(t *testing.T) {
	first, diags := build.Render(example, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	src, err := bundle.Extract(first.File("response.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range src.Files {
		names[f.Name] = true
		if bytes.Contains(f.Data, []byte("<!--")) || bytes.Contains(f.Data, []byte("Drafting note")) {
			t.Errorf("%s in the bundle holds a drafting note", f.Name)
		}
		if strings.HasSuffix(f.Name, ".yaml") {
			for _, c := range yamlComments(t, f.Data) {
				t.Errorf("%s in the bundle holds the comment %q", f.Name, c)
			}
		}
	}
	if !names["2024-04-25-peel-exampleshire/emergency-calls.png"] {
		t.Errorf("the bundle lacks the chart: %v", names)
	}
	// The archive keeps the originals.
	if orig := string(first.Source.Files[0].Data); !strings.Contains(orig, "#") {
		t.Errorf("the archive's copy lost its comments")
	}
	again, err := src.Published()
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range src.Files {
		if !bytes.Equal(f.Data, again.Files[i].Data) {
			t.Errorf("%s changes when published again", f.Name)
		}
	}
	dir := filepath.Join(t.TempDir(), "unpacked")
	if err := staging.WriteDir(dir, src.Files, false); err != nil {
		t.Fatal(err)
	}
	rebuilt, diags := build.Render(filepath.Join(dir, src.Response), build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for _, f := range first.Files {
		if !bytes.Equal(f.Data, rebuilt.File(f.Name)) {
			t.Errorf("%s differs when built from the bundle", f.Name)
		}
	}

	// source_bundle: false leaves it out.
	office, err := os.ReadFile(filepath.Join(dir, src.Office))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, src.Office), append(office, "source_bundle: false\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	off, diags := build.Render(filepath.Join(dir, src.Response), build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for _, f := range off.Files {
		if strings.HasSuffix(f.Name, ".pdf") {
			if _, err := bundle.Extract(f.Data); err == nil || len(attachments(t, f.Data)) != 0 {
				t.Errorf("%s carries a bundle with source_bundle: false", f.Name)
			}
		}
	}
}

// yamlComments returns every comment of a YAML file, node by node.
func yamlComments(t *testing.T, data []byte) []string {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	var comments []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if c := n.HeadComment + n.LineComment + n.FootComment; c != "" {
			comments = append(comments, c)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&root)
	return comments
}

// structTree reads a PDF's structure tree with internal/pdfread.
func structTree(t *testing.T, data []byte) *pdfread.Element {
	t.Helper()
	f, err := pdfread.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	root, err := f.StructTree()
	if err != nil {
		t.Fatal(err)
	}
	return root
}
