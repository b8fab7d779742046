package docs_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/opcc-tools/s55/internal/markdown"
)

// pages returns the Markdown files of the manual and the README.
func pages(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	return append(files, "../README.md")
}

// slug is the anchor GitHub gives a heading: lower case, punctuation but
// hyphens and underscores dropped, spaces made hyphens.
func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 0x7f && !strings.ContainsRune("–—’‘“”…", r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors returns the anchors of a Markdown file's headings, a repeated
// one numbered as GitHub numbers it.
func anchors(src []byte) map[string]bool {
	out := map[string]bool{}
	_ = ast.Walk(markdown.Tree(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var text strings.Builder
		_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := n.(*ast.Text); ok && entering {
				text.Write(t.Segment.Value(src))
			}
			return ast.WalkContinue, nil
		})
		a := slug(text.String())
		for i := 1; out[a]; i++ {
			a = fmt.Sprintf("%s-%d", slug(text.String()), i)
		}
		out[a] = true
		return ast.WalkSkipChildren, nil
	})
	return out
}

func TestSlug(t *testing.T) {
	for heading, want := range map[string]string{
		"The first hour: a new office":             "the-first-hour-a-new-office",
		"The s.55(6) copy: submission.eml":         "the-s556-copy-submissioneml",
		"The editor's API":                         "the-editors-api",
		"Editor support: JSON Schema":              "editor-support-json-schema",
		"The layout: consecutive parts":            "the-layout-consecutive-parts",
		"Where a dependency limits s55":            "where-a-dependency-limits-s55",
		"index.html – the site’s page":             "indexhtml--the-sites-page",
		"Words, lines and dates":                   "words-lines-and-dates",
		"What a full veraPDF or PAC run would add": "what-a-full-verapdf-or-pac-run-would-add",
	} {
		if got := slug(heading); got != want {
			t.Errorf("slug(%q) = %q, want %q", heading, got, want)
		}
	}
}

// TestLinks: every link of the manual and the README to a file of the
// repository finds it, and every link to a place finds a heading there.
func TestLinks(t *testing.T) {
	for _, page := range pages(t) {
		src, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		_ = ast.Walk(markdown.Tree(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			l, ok := n.(*ast.Link)
			if !entering || !ok {
				return ast.WalkContinue, nil
			}
			dest := string(l.Destination)
			if regexp.MustCompile(`^[a-z]+:`).MatchString(dest) {
				return ast.WalkContinue, nil
			}
			file, frag, _ := strings.Cut(dest, "#")
			target := page
			if file != "" {
				target = filepath.Join(filepath.Dir(page), filepath.FromSlash(file))
			}
			st, err := os.Stat(target)
			if err != nil {
				t.Errorf("%s: link to %s: %v", page, dest, err)
				return ast.WalkContinue, nil
			}
			if frag == "" {
				return ast.WalkContinue, nil
			}
			if st.IsDir() || !strings.HasSuffix(target, ".md") {
				t.Errorf("%s: link to %s: a place in a file that is not Markdown", page, dest)
				return ast.WalkContinue, nil
			}
			tsrc, err := os.ReadFile(target)
			if err != nil {
				t.Fatal(err)
			}
			if !anchors(tsrc)[frag] {
				t.Errorf("%s: link to %s: %s has no heading #%s", page, dest, target, frag)
			}
			return ast.WalkContinue, nil
		})
	}
}

// codeBlocks returns the lines of the fenced code blocks of a Markdown
// file, with a console block's "$ " taken off its commands.
func codeBlocks(src []byte) []string {
	var out []string
	_ = ast.Walk(markdown.Tree(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		code, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		for i := 0; i < code.Lines().Len(); i++ {
			seg := code.Lines().At(i)
			out = append(out, strings.TrimPrefix(strings.TrimSpace(string(seg.Value(src))), "$ "))
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// TestReadme: the README is a landing page of at most 250 lines, and its
// code blocks hold the install, the main job and the tests, exactly as
// .ci/run runs the tests.
func TestReadme(t *testing.T) {
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), "\n"); n > 250 {
		t.Errorf("README.md has %d lines: a landing page has at most 250; move the rest into docs/", n)
	}
	code := codeBlocks(src)
	want := []string{"go install ./cmd/s55", "s55 build responses/2021-09-13-rape-inspection-phase-one", "bash .ci/test"}
	run, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?m)^\s*(bash \.ci/\S+)`).FindAllStringSubmatch(string(run), -1) {
		want = append(want, m[1])
	}
	for _, w := range want {
		if !slices.Contains(code, w) {
			t.Errorf("README.md: no code block holds the command %q", w)
		}
	}
}

// TestReadmeExamples runs the README's install as written, into a folder
// of its own, and the README's examples with the binary it made (with
// -short, with the test's own s55).
func TestReadmeExamples(t *testing.T) {
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	bin := testscriptBin(t)
	if !testing.Short() {
		bin = t.TempDir()
		cmd := exec.Command("go", "install", "./cmd/s55")
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), "GOBIN="+bin)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go install ./cmd/s55: %v\n%s", err, out)
		}
	}
	runExamples(t, "../README.md", examples(t, "../README.md", src), bin)
}

// TestFieldsDocumented: every field of the data files' JSON Schemas is
// named on the page of its file.
func TestFieldsDocumented(t *testing.T) {
	for schema, page := range map[string]string{
		"../internal/schema/office.schema.json":   "office.md",
		"../internal/schema/response.schema.json": "response.md",
	} {
		data, err := os.ReadFile(schema)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range properties(doc, nil) {
			if !regexp.MustCompile("`" + name + "|[.`]" + name + "[`,:]|(?m)^[ -]*" + name + ":").Match(src) {
				t.Errorf("%s: the field %q of %s is not named", page, name, filepath.Base(schema))
			}
		}
	}
}

// properties returns the names of every property a JSON Schema defines.
func properties(n any, out []string) []string {
	switch n := n.(type) {
	case map[string]any:
		if props, ok := n["properties"].(map[string]any); ok {
			for k := range props {
				if !slices.Contains(out, k) {
					out = append(out, k)
				}
			}
		}
		for _, v := range n {
			out = properties(v, out)
		}
	case []any:
		for _, v := range n {
			out = properties(v, out)
		}
	}
	return out
}
