package bundle_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
	"gopkg.in/yaml.v3"
)

// TestPublishedDropsFieldNotes: the drafting notes (HTML comments) of the
// Markdown fields of response.yaml never reach the bundle a PDF carries:
// in an introduction, an item's text, response and comment, in every
// style YAML writes a text, in a nested item, and in a text given in
// each language. Fields that are no Markdown keep their text.
func TestPublishedDropsFieldNotes(t *testing.T) {
	const data = `report:
  title: "A report"
appendices:
  - title: Appendix
    introduction: "Intro <!-- note one --> text."
    items:
      - kind: recommendation
        number: 1
        text: |
          The report's words.

          <!-- note two -->
        response: >
          Folded <!-- note three --> answer.
        comment: 'Quoted <!-- note four -->'
      - kind: cause-of-concern
        number: 1
        text: Plain <!-- note five --> words
        items:
          - kind: recommendation
            number: 2
            text: {cy-GB: "Geiriau <!-- note six -->", en-GB: "Words <!-- note seven -->"}
            response:
              cy-GB: |
                Ateb. <!-- note eight -->
              en-GB: |
                Answer. <!-- note nine -->
`
	src := &bundle.Source{Response: "r", Files: []staging.File{{Name: "r/response.yaml", Data: []byte(data)}, {Name: "r/letter.md", Data: []byte("Text <!-- note ten -->.\n")}}}
	pub, err := src.Published()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range pub.Files {
		if bytes.Contains(f.Data, []byte("note")) || bytes.Count(f.Data, []byte("<!--")) != bytes.Count(f.Data, []byte("<!---->")) {
			t.Errorf("%s keeps a drafting note:\n%s", f.Name, f.Data)
		}
	}
	for _, want := range []string{"Intro", "text.", "The report's words.", "Folded", "answer.", "Quoted", "Plain", "Geiriau", "Words", "Ateb.", "Answer.", "A report"} {
		if !bytes.Contains(pub.Files[0].Data, []byte(want)) {
			t.Errorf("the published response.yaml lost %q:\n%s", want, pub.Files[0].Data)
		}
	}
}

// TestBundleHasNoFieldNotes builds the Welsh example with a drafting note
// in a response given in each language, and in the reference's force
// response, and reads the bundle out of the PDF: no note is in it, while
// the archive's copy of the inputs keeps them.
func TestBundleHasNoFieldNotes(t *testing.T) {
	for _, tc := range []struct {
		dir, old, new string
	}{
		{"../../responses/heddlu-enghraifft", "          en-GB: |\n            The force has recruited", "          en-GB: |\n            <!-- Drafting note: check the figures -->\n            The force has recruited"},
		{"../../responses", "    items:\n", "    items:\n"},
	} {
		root := t.TempDir()
		files, err := staging.ReadTree(tc.dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := staging.WriteDir(filepath.Join(root, "o"), files, false); err != nil {
			t.Fatal(err)
		}
		var resp string
		filepath.WalkDir(filepath.Join(root, "o"), func(p string, d os.DirEntry, err error) error {
			if err == nil && d.Name() == "response.yaml" && resp == "" {
				resp = p
			}
			return nil
		})
		data, _ := os.ReadFile(resp)
		text := string(data)
		if tc.old == "    items:\n" {
			// The reference: a note inside the first force response.
			i := strings.Index(text, "        response: |\n")
			if i < 0 {
				t.Fatal("no response field in the reference")
			}
			i += len("        response: |\n")
			text = text[:i] + "          <!-- Drafting note: agreed with the force -->\n" + text[i:]
		} else {
			if !strings.Contains(text, tc.old) {
				t.Fatalf("%s lacks %q", resp, tc.old)
			}
			text = strings.Replace(text, tc.old, tc.new, 1)
		}
		if err := os.WriteFile(resp, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		r, diags := build.Render(filepath.Dir(resp), build.Options{})
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		kept := false
		for _, f := range r.Source.Files {
			kept = kept || bytes.Contains(f.Data, []byte("Drafting note"))
		}
		if !kept {
			t.Errorf("%s: the archive's copy of the inputs lost the note", tc.dir)
		}
		for _, f := range r.Files {
			if !strings.HasSuffix(f.Name, ".pdf") {
				continue
			}
			bundle, err := bundle.Extract(f.Data)
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			for _, b := range bundle.Files {
				if bytes.Contains(b.Data, []byte("Drafting note")) {
					t.Errorf("%s: %s in the bundle of %s holds the drafting note", tc.dir, b.Name, f.Name)
				}
			}
			break
		}
	}
}

// TestPublishedFromTheLoad: the published copy of a YAML file the load
// parsed is written from the load's own tree, not from a second parse,
// and is byte for byte what a parse of the file gives (the bundle of a
// source unpacked from a PDF, which holds no tree); the load's tree keeps
// its comments. For every example response.
func TestPublishedFromTheLoad(t *testing.T) {
	dirs, err := filepath.Glob("../../responses/*/response.yaml")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("../../responses/*/*/response.yaml")
	dirs = append(dirs, more...)
	if len(dirs) < 8 {
		t.Fatalf("%d example responses", len(dirs))
	}
	for _, file := range dirs {
		f, themes, diags := loaded(t, filepath.Dir(file))
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		comments := func() string {
			var b bytes.Buffer
			if err := yaml.NewEncoder(&b).Encode(f.Source.Tree()); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		before := comments()
		src, err := bundle.Collect(f, theme.Joined(themes))
		if err != nil {
			t.Fatal(err)
		}
		fromTree, err := src.Published()
		if err != nil {
			t.Fatal(err)
		}
		data, err := src.Zip(f.Response.Letter.Date)
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := bundle.Unzip(data)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := unzipped.Published()
		if err != nil {
			t.Fatal(err)
		}
		for i, pf := range fromTree.Files {
			if !bytes.Equal(pf.Data, parsed.Files[i].Data) {
				t.Errorf("%s: %s from the load's tree differs from a parse of it", file, pf.Name)
			}
			if strings.HasSuffix(pf.Name, ".yaml") && bytes.Contains(pf.Data, []byte("\n#")) {
				t.Errorf("%s: %s keeps a comment", file, pf.Name)
			}
		}
		if after := comments(); after != before || !strings.Contains(before, "#") {
			t.Errorf("%s: the load's tree changed, or has no comments", file)
		}
	}
}

// loaded loads the response folder dir and its themes.
func loaded(t *testing.T, dir string) (*response.Folder, []*theme.Theme, diag.List) {
	t.Helper()
	f, diags := check.Load(dir, response.Options{})
	if diags.Errors() > 0 {
		return nil, nil, diags
	}
	themes, tdiags := check.Themes(f)
	return f, themes, append(diags, tdiags...)
}
