package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
)

const example = "../../responses/2024-04-25-peel-exampleshire"

// TestExample builds the second example response, which uses a heading
// inside a force's response, a table, a quote, a chart with its text
// alternative and a drafting note: it passes check, its words come back
// from the PDF and the HTML, and the drafting note from neither.
func TestExample(t *testing.T) {
	r, diags := build.Render(example, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if n := diags.Count(diag.Note); n != 1 {
		t.Errorf("%d notes, want the letter's drafting note: %v", n, diags)
	}
	out := t.TempDir()
	if err := build.Write(out, r); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, r.Folder.ID)

	// The tree has every kind of block the example is there to show.
	kinds := map[string]bool{}
	var texts, printed []string
	for _, p := range r.Set.Response.Parts {
		document.Walk(p.Blocks, func(b document.Block) {
			switch b := b.(type) {
			case *document.Table:
				kinds["table"] = true
				for _, row := range append(b.Head, b.Body...) {
					for _, c := range row {
						texts = append(texts, document.Text(c.Spans))
					}
				}
			case *document.Quote:
				kinds["quote"] = true
			case *document.Image:
				if b.Class != document.Signature {
					kinds["picture"] = b.Alt != ""
				}
			case *document.Heading:
				if b.Level > 2 {
					kinds["heading"] = true
				}
				printed = append(printed, document.Text(b.Spans))
			case *document.Paragraph:
				texts = append(texts, document.Text(b.Spans))
			}
		})
	}
	for _, k := range []string{"table", "quote", "picture", "heading"} {
		if !kinds[k] {
			t.Errorf("the example has no %s", k)
		}
	}
	// Paragraphs outside tables and quotes: the PDF renderer's own tests
	// hold the words of its tables and quotes.
	for _, p := range r.Set.Response.Parts {
		for _, b := range p.Blocks {
			collectPrinted(b, &printed)
		}
	}

	// Compared without spaces: the text read from the HTML has a space
	// where each tag was.
	htmlWords := bare(htmlText(t, filepath.Join(dir, "response.html")))
	for _, s := range texts {
		if !strings.Contains(htmlWords, bare(s)) {
			t.Errorf("response.html lacks %q", s)
		}
	}
	for _, name := range []string{"letter", "appendix-1", "response"} {
		for _, ext := range []string{".html", ".pdf"} {
			data, err := os.ReadFile(filepath.Join(dir, name+ext))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(data, []byte("performance team before")) {
				t.Errorf("%s%s carries the drafting note", name, ext)
			}
		}
	}
	t.Run("pdf", func(t *testing.T) {
		conformance.Need(t, conformance.QPDF, conformance.Pdftotext)
		for _, name := range []string{"letter", "appendix-1", "response"} {
			if err := conformance.QPDFCheck(filepath.Join(dir, name+".pdf")); err != nil {
				t.Error(err)
			}
		}
		text := normalize(pdfText(t, filepath.Join(dir, "response.pdf")))
		if strings.Contains(text, "performance team before") {
			t.Errorf("the PDF's text holds the drafting note")
		}
		for _, s := range printed {
			if !strings.Contains(text, normalize(s)) {
				t.Errorf("response.pdf lacks %q", s)
			}
		}
	})
	t.Run("html", func(t *testing.T) {
		var files []string
		for _, name := range []string{"letter", "appendix-1", "response"} {
			files = append(files, filepath.Join(dir, name+".html"))
		}
		conformance.CheckHTML(t, files...)
	})
}

// collectPrinted gathers the texts of paragraphs and headings outside
// tables and quotes.
func collectPrinted(b document.Block, out *[]string) {
	switch b := b.(type) {
	case *document.Paragraph:
		*out = append(*out, document.Text(b.Spans))
	case *document.Group:
		for _, c := range b.Blocks {
			collectPrinted(c, out)
		}
	case *document.List:
		for _, it := range b.Items {
			for _, c := range it.Blocks {
				collectPrinted(c, out)
			}
		}
	}
}

// TestBundleHasNoNotes: the source bundle the PDFs carry holds no YAML
// comment and no drafting note, builds the same documents again byte for
// byte, and is its own published form; an office can leave it out.
func TestBundleHasNoNotes(t *testing.T) {
	first, diags := build.Render(example, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	src, err := build.ExtractSource(first.File("response.pdf"))
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
			var root yaml.Node
			if err := yaml.Unmarshal(f.Data, &root); err != nil {
				t.Fatal(err)
			}
			var walk func(n *yaml.Node)
			walk = func(n *yaml.Node) {
				if n.HeadComment+n.LineComment+n.FootComment != "" {
					t.Errorf("%s in the bundle holds the comment %q", f.Name, n.HeadComment+n.LineComment+n.FootComment)
				}
				for _, c := range n.Content {
					walk(c)
				}
			}
			walk(&root)
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
	dir := unpack(t, src)
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
			if _, err := build.ExtractSource(f.Data); err == nil || bytes.Contains(f.Data, []byte(build.SourceName)) {
				t.Errorf("%s carries a bundle with source_bundle: false", f.Name)
			}
		}
	}
}
