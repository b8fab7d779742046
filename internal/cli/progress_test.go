package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/opcc-tools/s55/internal/staging"
)

// TestNoTerminalNoProgress: with standard error a file, as in a scheduled
// job or a log, the long commands print exactly what they print into a
// buffer with --quiet: no progress line, no control character, not a byte
// more.
func TestNoTerminalNoProgress(t *testing.T) {
	root := t.TempDir()
	files, err := staging.ReadTree(filepath.Join(referenceDir, ".."))
	if err != nil {
		t.Fatal(err)
	}
	var two []staging.File
	for _, f := range files {
		two = append(two, f)
		if rest, ok := bytes.CutPrefix([]byte(f.Name), []byte("2021-09-13-rape-inspection-phase-one/")); ok {
			two = append(two, staging.File{Name: "second/" + string(rest), Data: f.Data})
		}
	}
	responses := filepath.Join(root, "responses")
	if err := staging.WriteDir(responses, two, false); err != nil {
		t.Fatal(err)
	}
	arch, site, out := filepath.Join(root, "archive"), filepath.Join(root, "site"), filepath.Join(root, "out")
	for _, dir := range []string{"2021-09-13-rape-inspection-phase-one", "second"} {
		if code := Run([]string{"issue", "--archive", arch, filepath.Join(responses, dir)}, nil, &bytes.Buffer{}, &bytes.Buffer{}); code != OK {
			t.Fatalf("issue %s: exit %d", dir, code)
		}
	}
	for _, args := range [][]string{
		{"build", "-o", out, filepath.Join(responses, "2021-09-13-rape-inspection-phase-one"), filepath.Join(responses, "second")},
		{"index", "--today", "2026-12-07", arch, "-o", site},
		{"verify", arch},
		{"invite", "--progress", "--today", "2026-12-07", "-o", filepath.Join(root, "progress.xlsx"), arch},
	} {
		var stdout, quietOut, quietErr bytes.Buffer
		stderr, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
		if err != nil {
			t.Fatal(err)
		}
		code := Run(args, nil, &stdout, stderr)
		stderr.Close()
		errText, err := os.ReadFile(stderr.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{out, site, filepath.Join(root, "progress.xlsx")} {
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
		}
		quietCode := Run(append(args, "--quiet"), nil, &quietOut, &quietErr)
		if code != OK || quietCode != OK {
			t.Fatalf("s55 %s: exit %d, with --quiet %d\n%s%s", args[0], code, quietCode, stdout.String(), errText)
		}
		if stdout.String() != quietOut.String() || string(errText) != quietErr.String() {
			t.Errorf("s55 %s with standard error a file printed\n%s%s\nwith --quiet into a buffer\n%s%s", args[0], stdout.String(), errText, quietOut.String(), quietErr.String())
		}
		if bytes.ContainsAny(errText, "\r\x1b") {
			t.Errorf("s55 %s wrote a control character to a file: %q", args[0], errText)
		}
	}
}
