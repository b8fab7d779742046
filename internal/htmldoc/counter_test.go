package htmldoc_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/theme"
)

// TestPageCounterEscaped: the page phrase of an office's phrase book is
// written into the print stylesheet's @page rule as a CSS string. Whatever
// it holds, it stays inside that string and the style element: a phrase
// holding "</style><script>" adds no element to the page, and the words of
// the phrase come back from the CSS string as written.
func TestPageCounterEscaped(t *testing.T) {
	for _, phrase := range []string{
		`</style><script>alert(1)</script> {{.Page}} / {{.Pages}}`,
		`Tudalen {{.Page}} o {{.Pages}} "quoted" \ & <!-- ' -->`,
		"</STYLE ><img src=x onerror=alert(1)>{{.Page}}",
	} {
		dir := t.TempDir()
		book := filepath.Join(dir, "en-GB", theme.PhraseFile)
		if err := os.MkdirAll(filepath.Dir(book), 0o755); err != nil {
			t.Fatal(err)
		}
		quoted := strings.ReplaceAll(phrase, `\`, `\\`)
		quoted = strings.ReplaceAll(quoted, `"`, `\"`)
		if err := os.WriteFile(book, []byte("page: \""+quoted+"\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		th, diags := theme.Load(dir, "en-GB")
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		doc := &document.Document{Lang: "en-GB", Title: "T", Parts: []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter",
			Blocks: []document.Block{&document.Paragraph{Spans: []document.Span{{Text: "Text."}}}}}}}
		var b bytes.Buffer
		if err := htmldoc.Render(&b, doc, th); err != nil {
			t.Fatal(err)
		}
		root, err := html.Parse(&b)
		if err != nil {
			t.Fatal(err)
		}
		var styles, scripts, imgs int
		var css string
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "style":
					styles++
					if n.FirstChild != nil {
						css += n.FirstChild.Data
					}
				case "script":
					scripts++
				case "img":
					imgs++
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(root)
		if styles != 1 || scripts != 0 || imgs != 0 {
			t.Errorf("%q: %d style, %d script and %d img elements, want the one style element alone", phrase, styles, scripts, imgs)
		}
		i := strings.Index(css, "content: ")
		if i < 0 {
			t.Fatalf("%q: no content in the stylesheet", phrase)
		}
		got := cssStrings(css[i+len("content: "):])
		want := strings.NewReplacer("{{.Page}}", "", "{{.Pages}}", "").Replace(phrase)
		if strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(want, " ", "") {
			t.Errorf("%q: the CSS strings read %q, want the phrase's words %q", phrase, got, want)
		}
	}
}

// cssStrings reads the CSS strings of a content value up to its ";" and
// returns their text joined, escapes decoded (CSS Syntax 4.3.7).
func cssStrings(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case !in && c == ';':
			return b.String()
		case c == '"':
			in = !in
		case in && c == '\\':
			j := i + 1
			for j < len(s) && j < i+7 && strings.IndexByte("0123456789abcdefABCDEF", s[j]) >= 0 {
				j++
			}
			if j == i+1 {
				b.WriteByte(s[j])
				i = j
				continue
			}
			var r rune
			for _, h := range s[i+1 : j] {
				r = r*16 + rune(strings.IndexRune("0123456789abcdef", h|0x20))
			}
			b.WriteRune(r)
			if j < len(s) && s[j] == ' ' {
				j++
			}
			i = j - 1
		case in:
			b.WriteByte(c)
		}
	}
	return b.String()
}
