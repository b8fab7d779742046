package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/archive"
)

// TestMigrateArchive: an office's archive of format 2, written by s55
// before the signed log, verifies with a warning; the next issue makes
// the office's key, moves the archive to the signed log, keeping every
// file, and signs the new revision after the old ones; verify then proves
// them all against the log.
func TestMigrateArchive(t *testing.T) {
	root := filepath.Join(t.TempDir(), "office")
	copyTree(t, "../archive/testdata/format2", root)
	arch := filepath.Join(root, "archive")
	before, err := os.ReadFile(filepath.Join(arch, "r", "r2", archive.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	_, stderr := run(t, OK, "verify", "--no-rebuild", arch)
	if !strings.Contains(stderr, arch+": warning: no signed log yet (an archive of format 2") {
		t.Errorf("verify of format 2: %s", stderr)
	}
	copyTree(t, filepath.Join(root, "responses", "r"), filepath.Join(root, "responses", "q"))
	t.Setenv("SOURCE_DATE_EPOCH", "1631750400")
	stdout, _ := run(t, OK, "issue", "--archive", arch, filepath.Join(root, "responses", "q"))
	for _, want := range []string{
		filepath.Join(root, "responses", "office.key") + ": the office's signing key",
		arch + ": moved to the signed log: its 2 revisions and what was recorded and tracked, signed with " + filepath.Join(root, "responses", "office.key"),
		"issued revision 1 of q",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("issue does not say %q:\n%s", want, stdout)
		}
	}
	after, _ := os.ReadFile(filepath.Join(arch, "r", "r2", archive.ManifestName))
	if string(after) != string(before) {
		t.Error("the format-2 manifest was rewritten")
	}
	stdout, stderr = run(t, OK, "verify", "--no-rebuild", arch)
	if !strings.Contains(stdout, "3 revisions verified, all intact") || !strings.Contains(stdout, "signed log: 5 entries") || stderr != "" {
		t.Errorf("verify after:\n%s%s", stdout, stderr)
	}
}

// TestMigrateOnTrackAndRecord: the first track, or the first record, into
// an archive of format 2 moves it to the signed log and says so, as issue
// does; the next one says nothing of it.
func TestMigrateOnTrackAndRecord(t *testing.T) {
	for _, tc := range []struct {
		name string
		args func(arch string) []string
	}{
		{"track", func(arch string) []string {
			return []string{"track", arch, "r", "rec-1", "--status", "in-progress", "--date", "2021-10-01"}
		}},
		{"record", func(arch string) []string { return []string{"record", arch, "r", "--sent", "2021-09-16"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "office")
			copyTree(t, "../archive/testdata/format2", root)
			arch := filepath.Join(root, "archive")
			run(t, OK, "init", "--key", filepath.Join(root, "responses"))
			moved := arch + ": moved to the signed log: its 2 revisions and what was recorded and tracked, signed with " + filepath.Join(root, "responses", "office.key")
			stdout, _ := run(t, OK, tc.args(arch)...)
			if !strings.Contains(stdout, moved) {
				t.Errorf("the first %s does not say %q:\n%s", tc.name, moved, stdout)
			}
			stdout, _ = run(t, OK, tc.args(arch)...)
			if strings.Contains(stdout, "moved to the signed log") {
				t.Errorf("the second %s says it moved the archive again:\n%s", tc.name, stdout)
			}
			if stdout, stderr := run(t, OK, "verify", "--no-rebuild", arch); !strings.Contains(stdout, "all intact") || stderr != "" {
				t.Errorf("verify after %s:\n%s%s", tc.name, stdout, stderr)
			}
		})
	}
}
