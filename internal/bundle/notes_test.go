package bundle_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/staging"
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
