package outdir_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/staging"
)

// tree makes the files named, each path relative to a new folder, which
// it returns; a name ending in "/" is a folder.
func tree(t *testing.T, names ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, n := range names {
		p := filepath.Join(root, filepath.FromSlash(n))
		if strings.HasSuffix(n, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

var (
	marker   = archive.MarkerName
	manifest = archive.ManifestName
)

// TestCheckRefuses: no command writes into an archive or anything in it,
// into a folder that holds one or holds a response's inputs, or over a
// file; each refusal says why.
func TestCheckRefuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		dir   string // the folder checked, inside the tree
		why   string
	}{
		{"an archive", []string{marker}, ".", "an archive of issued responses"},
		{"a response's folder in an archive", []string{marker, "r/r1/" + manifest}, "r", "inside the archive"},
		{"a folder below an archive", []string{marker, "x/"}, "x/y", "inside the archive"},
		{"a revision", []string{"r/r1/" + manifest}, "r/r1", "inside the issued revision"},
		{"a folder inside a revision", []string{"r/r1/" + manifest}, "r/r1/source", "inside the issued revision"},
		{"the office's folder", []string{"office.yaml"}, ".", "holds office.yaml"},
		{"a response folder", []string{"response.yaml"}, ".", "holds response.yaml"},
		{"a revision's copy", []string{manifest}, ".", "holds manifest.json"},
		{"a folder of response folders", []string{"r/response.yaml"}, ".", "holds the response folder r"},
		{"a folder holding an archive", []string{"a/" + marker}, ".", "holds the archive a"},
		{"a folder holding a revision", []string{"r1/" + manifest}, ".", "holds the issued revision r1"},
		{"a folder holding an archive without its marker", []string{"id/r2/" + manifest}, ".", "holds the issued revisions of id"},
		{"a file", []string{"out"}, "out", "a file, not a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := tree(t, tc.files...)
			dir := filepath.Join(root, filepath.FromSlash(tc.dir))
			err := outdir.Check(dir)
			var pe *outdir.ProtectedError
			if !errors.Is(err, outdir.ErrProtected) || !errors.As(err, &pe) || pe.Dir != dir || !strings.Contains(err.Error(), tc.why) {
				t.Errorf("Check = %v, want a refusal saying %q", err, tc.why)
			}
		})
	}
}

// TestCheckThroughLinks: a link to an archive, or into one, is the
// archive.
func TestCheckThroughLinks(t *testing.T) {
	root := tree(t, "archive/"+marker, "archive/r/r1/"+manifest)
	for _, l := range []struct{ name, to string }{{"site", "archive"}, {"rev", "archive/r/r1"}} {
		if err := os.Symlink(filepath.Join(root, l.to), filepath.Join(root, l.name)); err != nil {
			t.Fatal(err)
		}
		if err := outdir.Check(filepath.Join(root, l.name, "x")); !errors.Is(err, outdir.ErrProtected) {
			t.Errorf("a folder inside %s, a link to %s: %v", l.name, l.to, err)
		}
	}
}

// TestCheckAllows: a new folder, an empty one, an earlier build's output
// and a folder of other files may be written into.
func TestCheckAllows(t *testing.T) {
	for _, files := range [][]string{
		{}, {"out/"}, {"out/r/letter.pdf", "out/r/letter.html"}, {"out/notes.txt", "out/drafts/a.docx"},
	} {
		root := tree(t, files...)
		if err := outdir.Check(filepath.Join(root, "out")); err != nil {
			t.Errorf("%v: %v", files, err)
		}
	}
}

// TestCheckArchive: an archive is issued into when it is new, empty or
// marked as one; never a folder of other files, one inside an archive, or
// one of inputs.
func TestCheckArchive(t *testing.T) {
	for _, tc := range []struct {
		files []string
		dir   string
		ok    bool
	}{
		{nil, "archive", true},
		{[]string{"archive/"}, "archive", true},
		{[]string{"archive/" + marker, "archive/r/r1/" + manifest}, "archive", true},
		{[]string{"archive/notes.txt"}, "archive", false},
		{[]string{"archive/" + marker}, "archive/inner", false},
		{[]string{"archive/response.yaml"}, "archive", false},
		{[]string{"archive/r/response.yaml"}, "archive", false},
	} {
		root := tree(t, tc.files...)
		err := outdir.CheckArchive(filepath.Join(root, tc.dir))
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, outdir.ErrProtected)) {
			t.Errorf("%v, %s: %v, want ok %v", tc.files, tc.dir, err, tc.ok)
		}
	}
}

// TestCheckBuild: a build replaces a folder that holds only what a build
// writes, and nothing else.
func TestCheckBuild(t *testing.T) {
	for _, tc := range []struct {
		files []string
		ok    bool
	}{
		{nil, true},
		{[]string{"r/"}, true},
		{[]string{"r/letter.pdf", "r/letter.html", "r/appendix-12.cy.pdf", "r/response.en-gb.html"}, true},
		{[]string{"r/letter.pdf", "r/notes.txt"}, false},
		{[]string{"r/letter.pdf", "r/letter.pdf.bak"}, false},
		{[]string{"r/appendix-0.pdf"}, false},
		{[]string{"r/letter.pdf", "r/sub/"}, false},
		{[]string{"r/response.yaml"}, false},
		{[]string{"r"}, false},
	} {
		root := tree(t, tc.files...)
		err := outdir.CheckBuild(filepath.Join(root, "r"))
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, outdir.ErrForeign)) {
			t.Errorf("%v: %v, want ok %v", tc.files, err, tc.ok)
		}
	}
	root := tree(t, "r/", "elsewhere.pdf")
	if err := os.Symlink(filepath.Join(root, "elsewhere.pdf"), filepath.Join(root, "r", "letter.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := outdir.CheckBuild(filepath.Join(root, "r")); !errors.Is(err, outdir.ErrForeign) {
		t.Errorf("a link named letter.pdf: %v", err)
	}
}

// TestWriteBuild: a build's files replace an earlier build's as a whole;
// a folder a build did not write stays as it was.
func TestWriteBuild(t *testing.T) {
	root := tree(t, "out/r/letter.pdf", "out/r/appendix-2.pdf")
	dir := filepath.Join(root, "out", "r")
	files := []staging.File{{Name: "letter.pdf", Data: []byte("new letter")}, {Name: "letter.html", Data: []byte("<p>")}}
	if err := outdir.WriteBuild(dir, files); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"letter.html", "letter.pdf"}) {
		t.Errorf("the folder holds %v", names)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "letter.pdf")); string(data) != "new letter" {
		t.Errorf("letter.pdf holds %q", data)
	}

	mine := filepath.Join(dir, "mine.docx")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := outdir.WriteBuild(dir, files[:1]); !errors.Is(err, outdir.ErrForeign) {
		t.Fatalf("over a folder with another file: %v", err)
	}
	if data, err := os.ReadFile(mine); err != nil || string(data) != "mine" {
		t.Errorf("the other file is gone or changed: %q, %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "letter.html")); err != nil {
		t.Errorf("the refused build changed the folder: %v", err)
	}
}
