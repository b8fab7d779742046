package htmldoc_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

const reference = "../../responses/2021-09-13-rape-inspection-phase-one"

// referenceSet composes the reference's documents with its theme.
func referenceSet(t testing.TB) (*compose.Set, *theme.Theme) {
	t.Helper()
	f, diags := response.Load(reference, response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	th, diags := theme.Load("", f.Office.Language)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	set, diags := compose.Build(f, th)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return set, th
}

func render(t *testing.T) (letter, appendix, resp string) {
	t.Helper()
	set, th := referenceSet(t)
	out := func(i int) string {
		var b bytes.Buffer
		docs := append(append([]*document.Document{set.Letter}, set.Appendices...), set.Response)
		if err := htmldoc.Render(&b, docs[i], th); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	return out(0), out(1), out(2)
}

func TestReferencePages(t *testing.T) {
	letter, appendix, resp := render(t)
	if dir := os.Getenv("S55_DUMP"); dir != "" {
		os.WriteFile(filepath.Join(dir, "letter.html"), []byte(letter), 0o644)
		os.WriteFile(filepath.Join(dir, "response.html"), []byte(resp), 0o644)
	}
	for name, page := range map[string]string{"letter": letter, "appendix": appendix, "response": resp} {
		if n := strings.Count(page, "<h1"); n != 1 {
			t.Errorf("%s: %d h1 elements, want 1", name, n)
		}
		if !strings.Contains(page, `<html lang="en-GB">`) {
			t.Errorf("%s: no lang", name)
		}
		if !strings.Contains(page, "<body>\n<div class=\"s55-document\">") {
			t.Errorf("%s: the document is not inside its one root element", name)
		}
		// The report, as report.url gives it.
		if !strings.Contains(page, `<a href="https://www.justiceinspectorates.gov.uk/hmicfrs/publications/a-joint-thematic-inspection-of-the-police-and-crown-prosecution-services-response-to-rape/">The report on the inspectorate&#39;s website</a>`) {
			t.Errorf("%s: no link to the report", name)
		}
		if strings.Contains(page, `class="label"`) {
			t.Errorf("%s: list numbers printed as text", name)
		}
	}
	for name, pdf := range map[string]string{"letter.pdf": letter, "appendix-1.pdf": appendix, "response.pdf": resp} {
		if !strings.Contains(pdf, `<a href="`+name+`" type="application/pdf">This document as a PDF</a>`) ||
			!strings.Contains(pdf, `<link rel="alternate" type="application/pdf" href="`+name+`"`) {
			t.Errorf("the page does not link its twin %s", name)
		}
	}
	for _, want := range []string{
		`<img src="data:image/png;base64,`,
		`alt="Signature of Darryl Preston"`,
		`<p class="date">13th September 2021</p>`,
		`<p class="salutation">Dear Home Secretary</p>`,
		`<p class="recipient">Rt Hon Priti Patel MP<br>`,
		`cc PCC@hmic.gsi.gov.uk`,
	} {
		if !strings.Contains(letter, want) {
			t.Errorf("letter lacks %q", want)
		}
	}
	for _, want := range []string{
		`<ol class="item">`,
		`<li id="rec-1" value="1">`,
		`<li id="rec-13" value="13">`,
		`<p class="answer"><strong>Force response:</strong> This recommendation is addressed to the National Criminal Justice Board. The Constabulary will await further information on progress against this.`,
		`This recommendation is addressed to the College of Policing and NPCC lead for adult sexual offences in the first instance. The Constabulary will await`,
		`<h2 id="appendix-1-title">Appendix 1<br>`,
	} {
		if !strings.Contains(resp, want) {
			t.Errorf("response lacks %q", want)
		}
	}
	if !strings.Contains(appendix, `<h1 id="appendix-1-title">Appendix 1<br>`) {
		t.Errorf("appendix alone does not start with its h1")
	}
}

// TestBlocks renders blocks of several kinds together on one page, with
// the theme's table label and page counter.
func TestBlocks(t *testing.T) {
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	span := func(s string) []document.Span { return []document.Span{{Text: s}} }
	doc := &document.Document{Lang: "en-GB", Title: "T", Parts: []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter", Blocks: []document.Block{
		&document.Heading{Level: 1, ID: "h", Spans: span("Title")},
		&document.Quote{Blocks: []document.Block{&document.Paragraph{Spans: span("Quoted words.")}}},
		&document.CodeBlock{Info: "yaml", Lines: []string{"a: <b>", "    indented"}},
		&document.Rule{},
		&document.Table{Align: []document.Align{document.AlignNone, document.AlignRight}, Head: [][]document.Cell{{{Spans: span("Area")}, {Spans: span("Grade")}}},
			Body: [][]document.Cell{{{Spans: span("Crime")}, {Spans: []document.Span{{Text: "good", Code: true}}}}}},
		&document.List{Ordered: true, Items: []*document.ListItem{{Value: 7, Label: "7.", Blocks: []document.Block{&document.Paragraph{Spans: span("seven")}}}}},
		&document.Paragraph{Lang: "cy", Spans: []document.Span{{Text: "Diolch", Href: "https://example.org/a%28b%29"}, {Text: " yn ", Lang: "cy-GB"}}},
	}}}}
	var b bytes.Buffer
	if err := htmldoc.Render(&b, doc, th); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		"<blockquote>\n<p>Quoted words.</p>\n</blockquote>",
		"<pre><code>a: &lt;b&gt;\n    indented</code></pre>",
		"<hr>",
		`<div class="table" role="region" aria-label="Table: Area and Grade" tabindex="0">`,
		`<th scope="col">Area</th><th scope="col" class="align-right">Grade</th>`,
		`<td>Crime</td><td class="align-right"><code>good</code></td>`,
		`<li value="7">`,
		`<p lang="cy"><a href="https://example.org/a%28b%29">Diolch</a><span lang="cy-GB"> yn </span></p>`,
		`content: "Page " counter(page) " of " counter(pages);`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestScopedCSS: every rule of the stylesheet applies inside the
// document's root element only, so a web site that embeds the page keeps
// its own look; only @page stands outside.
func TestScopedCSS(t *testing.T) {
	data, err := os.ReadFile("../../templates/style.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(data), "")
	var selectors []string
	var stack []string
	var prelude strings.Builder
	for _, r := range css {
		switch r {
		case '{':
			p := strings.TrimSpace(prelude.String())
			prelude.Reset()
			inPage := len(stack) > 0 && strings.HasPrefix(stack[len(stack)-1], "@page")
			if !strings.HasPrefix(p, "@") && !inPage {
				selectors = append(selectors, strings.Split(p, ",")...)
			}
			stack = append(stack, p)
		case '}':
			prelude.Reset()
			stack = stack[:len(stack)-1]
		case ';':
			prelude.Reset()
		default:
			prelude.WriteRune(r)
		}
	}
	if len(selectors) < 30 {
		t.Fatalf("only %d selectors read", len(selectors))
	}
	for _, s := range selectors {
		if s = strings.TrimSpace(s); !strings.HasPrefix(s, ".s55-document") {
			t.Errorf("selector %q styles more than the document", s)
		}
	}
}

// BenchmarkRender renders the reference's published response, its letter
// and its appendix, as an HTML page.
func BenchmarkRender(b *testing.B) {
	set, th := referenceSet(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := htmldoc.Render(io.Discard, set.Response, th); err != nil {
			b.Fatal(err)
		}
	}
}
