package htmldoc_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/markdown/spec"
)

// letterOf composes the letter whose letter.md is md and returns its HTML
// page, or the problems that refuse it.
func letterOf(t *testing.T, letters *spec.Letters, md string) (string, diag.List) {
	t.Helper()
	doc, diags, err := letters.Compose(md)
	if err != nil {
		t.Fatal(err)
	}
	if doc == nil {
		return "", diags
	}
	var b bytes.Buffer
	if err := htmldoc.Render(&b, doc, letters.Theme); err != nil {
		t.Fatal(err)
	}
	return b.String(), nil
}

// TestSpecExamples holds s55's Markdown to CommonMark 0.31 and to the GFM
// tables: each example, written as a letter, is either refused with an
// error at a line of letter.md, or its letter's visible text is the
// letter's own words around the visible text of the spec's HTML.
func TestSpecExamples(t *testing.T) {
	exs, err := spec.Examples()
	if err != nil {
		t.Fatal(err)
	}
	letters, err := spec.NewLetters(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// The letter's own words, before and after its body.
	empty, diags := letterOf(t, letters, "")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	frame, err := spec.VisibleText(empty)
	if err != nil {
		t.Fatal(err)
	}
	cut := strings.Index(frame, "Yours sincerely")
	if cut < 0 || !strings.Contains(frame[cut:], "The signature of Alex Example") {
		t.Fatalf("no sign-off with the signature's text alternative in %q", frame)
	}
	before, after := frame[:cut], frame[cut:]

	refused, published := 0, 0
	for _, ex := range exs {
		page, diags := letterOf(t, letters, ex.Markdown)
		if diags.Errors() > 0 {
			refused++
			for _, d := range diags {
				if d.Severity == diag.Error && (filepath.Base(d.File) != "letter.md" || d.Line < 1) {
					t.Errorf("%s (%s): refused, but not at a line of letter.md: %v\n%q", ex.Name, ex.Section, d, ex.Markdown)
				}
			}
			continue
		}
		published++
		got, err := spec.VisibleText(page)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSpace(before + ex.Visible + " " + after)
		if ex.Visible == "" {
			want = frame
		}
		if got != want {
			t.Errorf("%s (%s): %q\n got %q\nwant %q", ex.Name, ex.Section, ex.Markdown,
				strings.TrimSuffix(strings.TrimPrefix(got, before), after), ex.Visible)
		}
	}
	t.Logf("%d examples: %d published with the spec's visible text, %d refused at their place", len(exs), published, refused)
	if published < 300 {
		t.Errorf("only %d examples published", published)
	}
}
