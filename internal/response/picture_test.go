package response_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
)

// fixture copies the scripts' small response and its office into a new
// folder, with letter as its letter, and returns the response folder.
func fixture(t *testing.T, letter string) string {
	t.Helper()
	root := t.TempDir()
	files, err := staging.ReadTree("../../cmd/s55/testdata/fixture/responses")
	if err != nil {
		t.Fatal(err)
	}
	if err := staging.WriteDir(root, files, true); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "r")
	if err := os.WriteFile(filepath.Join(dir, "letter.md"), []byte(letter), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPicturesReadWhereParsed: loading reads no picture the Markdown
// names, and reports none missing: pictures are found where the Markdown
// is parsed (compose asks Picture), and each joins the inputs when read.
func TestPicturesReadWhereParsed(t *testing.T) {
	dir := fixture(t, "Text.\n\n![A chart](chart.png)\n\n![Gone](missing.png)\n")
	png, err := os.ReadFile(filepath.Join(dir, "..", "signature-placeholder.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "chart.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	f, diags := response.Load(dir, response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	chart := filepath.Join(dir, "chart.png")
	if slices.Contains(f.Inputs, chart) {
		t.Errorf("the load read the letter's picture: %v", f.Inputs)
	}
	if p := f.Picture("chart.png"); p.Image == nil || p.Problem != "" || !slices.Contains(f.Inputs, chart) {
		t.Errorf("the picture %+v, inputs %v", p, f.Inputs)
	}
	if data, ok := f.Input(mustAbs(t, chart)); !ok || string(data) != string(png) {
		t.Errorf("the picture's bytes as read: %d, %v", len(data), ok)
	}
	p := f.Picture("missing.png")
	if p.Image != nil || !strings.Contains(p.Problem, `picture "missing.png": `) || !strings.Contains(p.Problem, "does not exist") {
		t.Errorf("a missing picture: %+v", p)
	}
	for _, dest := range []string{"https://example.org/a.png", "data:image/png;base64,AAAA", "../office.yaml", "/etc/passwd"} {
		if p := f.Picture(dest); p.Image != nil || p.Problem == "" {
			t.Errorf("%s: %+v", dest, p)
		}
	}
}

// TestPictureReadOnce: a picture file named more than once (by two
// signatories, by two spellings in the Markdown, as a signature and in the
// Markdown) is read once: once read, it gives what it gave, even when the
// file is gone.
func TestPictureReadOnce(t *testing.T) {
	dir := fixture(t, "Text.\n")
	if err := os.WriteFile(filepath.Join(dir, "sig.png"), mustRead(t, filepath.Join(dir, "..", "signature-placeholder.png")), 0o644); err != nil {
		t.Fatal(err)
	}
	data := mustRead(t, filepath.Join(dir, "response.yaml"))
	signers := "  signatories:\n" +
		"    - {name: Alex Example, title: Commissioner, signature: {file: sig.png, alt: Signature of Alex Example}}\n" +
		"    - {name: Sam Example, title: Chief Constable, signature: {file: ./sig.png, alt: Signature of Sam Example}}\n"
	data = []byte(strings.Replace(string(data), "  body: letter.md\n", "  body: letter.md\n"+signers, 1))
	if err := os.WriteFile(filepath.Join(dir, "response.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, diags := response.Load(dir, response.Options{})
	if err := diags.Err(); err != nil || len(f.Signers) != 2 {
		t.Fatalf("%v, %d signers", err, len(f.Signers))
	}
	first := f.Picture("sig.png")
	if first.Image == nil || f.Signers[0].Image != first.Image || f.Signers[1].Image != first.Image {
		t.Fatalf("the signatures and the picture are read apart: %+v, %p %p", first, f.Signers[0].Image, f.Signers[1].Image)
	}
	if err := os.Remove(filepath.Join(dir, "sig.png")); err != nil {
		t.Fatal(err)
	}
	for _, dest := range []string{"sig.png", "./sig.png", "pictures/../sig.png"} {
		if p := f.Picture(dest); p.Image != first.Image {
			t.Errorf("%s was read again: %+v", dest, p)
		}
	}
	// The signature lies beside the office profile: the Markdown names it
	// from the response folder.
	if p := f.Picture("../signature-placeholder.png"); p.Image != nil {
		t.Errorf("a picture outside the response folder was taken: %+v", p)
	}
	n := 0
	for _, in := range f.Inputs {
		if filepath.Base(in) == "sig.png" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the picture is %d times among the inputs %v", n, f.Inputs)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustAbs(t *testing.T, name string) string {
	t.Helper()
	a, err := filepath.Abs(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
