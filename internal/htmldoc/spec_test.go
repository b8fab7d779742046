package htmldoc_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/markdown/spec"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// specFolder is a response folder whose letter is each example in turn.
const (
	specOffice = `pcc: {name: Alex Example, title: Police and Crime Commissioner for Exampleshire}
force: {name: Exampleshire Police, short_name: the force}
recipient: {name: Rt Hon Priti Patel MP, role: Home Secretary, salutation: Dear Home Secretary}
cc: [HMICFRS]
`
	specResponse = `report: {title: A report, published: 2021-07-16}
letter: {date: 2021-09-01, body: letter.md}
`
)

// letterOf composes the letter of a response folder whose letter.md is md,
// and returns its HTML page, or the problems that refuse it.
func letterOf(t *testing.T, root string, th *theme.Theme, md string) (string, diag.List) {
	t.Helper()
	dir := filepath.Join(root, "r")
	if err := os.WriteFile(filepath.Join(dir, "letter.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	f, diags := response.Load(dir, response.Options{})
	if diags.Errors() > 0 {
		return "", diags
	}
	set, diags := compose.Build(f, th)
	if diags.Errors() > 0 {
		return "", diags
	}
	var b bytes.Buffer
	if err := htmldoc.Render(&b, set.Letter, th); err != nil {
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
	if len(exs) < 652+14 {
		t.Fatalf("%d examples", len(exs))
	}
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "r"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"office.yaml": specOffice, "r/response.yaml": specResponse} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	// The letter's own words, before and after its body.
	empty, diags := letterOf(t, root, th, "")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	frame, err := spec.VisibleText(empty)
	if err != nil {
		t.Fatal(err)
	}
	cut := strings.Index(frame, "Yours sincerely")
	if cut < 0 {
		t.Fatalf("no sign-off in %q", frame)
	}
	before, after := frame[:cut], frame[cut:]

	refused, published := 0, 0
	for _, ex := range exs {
		page, diags := letterOf(t, root, th, ex.Markdown)
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
