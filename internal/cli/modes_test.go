package cli

import (
	"bytes"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestModes proves that what init, new, build and issue write is readable
// by all, as files of a shared drive or a website must be: files 0644 and
// folders 0755, under the usual umask of 022.
func TestModes(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	root := t.TempDir()
	office := filepath.Join(root, "responses")
	var sig bytes.Buffer
	if err := png.Encode(&sig, image.NewGray(image.Rect(0, 0, 40, 20))); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) {
		t.Helper()
		var out, errs bytes.Buffer
		if code := Run(args, nil, &out, &errs); code != OK {
			t.Fatalf("s55 %v: exit %d\n%s%s", args, code, out.String(), errs.String())
		}
	}
	run("init", office, "--pcc", "Alex Example", "--pcc-title", "Police and Crime Commissioner for Exampleshire",
		"--force", "Exampleshire Police", "--force-short", "the force", "--signature", "sig.png", "--signature-alt", "The signature of Alex Example",
		"--submission-to", "s55@homeoffice.example", "--submission-cc", "s55@hmicfrs.example", "--submission-from", "office@opcc.example")
	if err := os.WriteFile(filepath.Join(office, "sig.png"), sig.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(root, "recs.txt")
	if err := os.WriteFile(rec, []byte("Recommendation 1: The force should act.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(office, "r")
	run("new", dir, "--report", "A report", "--published", "2024-01-15", "--date", "2024-02-01", "--recommendations", rec)
	resp := filepath.Join(dir, "response.yaml")
	data, err := os.ReadFile(resp)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(resp, bytes.Replace(data, []byte(`response: ""`), []byte("response: The force acts."), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	run("build", "-o", filepath.Join(root, "out"), dir)
	run("issue", "--archive", filepath.Join(root, "archive"), dir)

	n := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root || filepath.Base(p) == "sig.png" || p == rec {
			return err
		}
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		want := fs.FileMode(0o644)
		rel, _ := filepath.Rel(root, p)
		switch {
		case strings.HasPrefix(rel, filepath.Join("archive", "log")+string(filepath.Separator)):
			// The log is written again by each issue, record and track;
			// its signature, not its mode, proves it.
		case strings.HasPrefix(rel, "archive"+string(filepath.Separator)) && !d.IsDir() && filepath.Base(p) != ".s55-archive":
			want = 0o444 // an issued file is never to be changed
		case filepath.Base(p) == "office.key":
			want = 0o600 // the office's signing key is for its owner alone
		}
		if d.IsDir() {
			want = 0o755 | fs.ModeDir
		}
		if st.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, st.Mode(), want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Errorf("only %d files and folders written", n)
	}
}
