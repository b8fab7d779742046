package archive

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/staging"
)

// format2 copies the archive of format 2 in testdata, written by s55
// before the signed log, into a new folder, and returns it with its
// files.
func format2(t *testing.T) (string, []staging.File) {
	t.Helper()
	files, err := staging.ReadTree("testdata/format2/archive")
	if err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "archive")
	if err := staging.WriteDir(arch, files, false); err != nil {
		t.Fatal(err)
	}
	return arch, files
}

// TestMigrate: the first write to an archive of format 2 moves it to the
// signed log, once, in place: every file stays byte for byte, the log
// holds its revisions in the order of issue, then its events and tracker
// as they stand, and verify proves it all. Before, verify passes it with
// a warning.
func TestMigrate(t *testing.T) {
	arch, before := format2(t)
	res, err := Verify(arch, nil, VerifyOptions{NoRebuild: true})
	if err != nil || !res.OK() || !res.Unsigned || res.Log != nil || res.Head.Sequence != 2 {
		t.Fatalf("verify before: %v, %+v", err, res)
	}
	w, err := OpenWriter(arch, WriterOptions{KeyDirs: testKey(t)})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if len(w.Notices) != 1 || !strings.Contains(w.Notices[0], "moved to the signed log: its 2 revisions and what was recorded and tracked") {
		t.Errorf("notices %q", w.Notices)
	}
	for _, f := range before {
		data, err := os.ReadFile(filepath.Join(arch, filepath.FromSlash(f.Name)))
		if err != nil || string(data) != string(f.Data) {
			t.Errorf("%s: not kept as it was (%v)", f.Name, err)
		}
	}
	st := migratedLog(t, arch)
	res, err = Verify(arch, nil, VerifyOptions{NoRebuild: true, KeyDirs: testKey(t)})
	if err != nil || !res.OK() || res.Unsigned || res.Log == nil || len(res.Warnings) > 0 {
		t.Fatalf("verify after: %v, %+v", err, res)
	}
	// Once only.
	w, err = OpenWriter(arch, WriterOptions{KeyDirs: testKey(t)})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if len(w.Notices) != 0 {
		t.Errorf("moved again: %q", w.Notices)
	}
	if again, _ := ReadLog(arch); again.Checkpoint != st.Checkpoint {
		t.Errorf("the log changed: %+v", again.Checkpoint)
	}
}

// migratedLog checks that the log of the archive moved from format 2 holds
// its revisions in the order of issue, then its tracker and events.
func migratedLog(t *testing.T, arch string) *LogState {
	t.Helper()
	st, err := ReadLog(arch)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range []string{"r1", "r2"} {
		_, data, _ := ReadManifest(filepath.Join(arch, "r", r))
		want = append(want, "revision r/"+r+" "+Digest(data))
	}
	for _, name := range []string{"tracker.yaml", "events.yaml"} {
		data, _ := os.ReadFile(filepath.Join(arch, name))
		want = append(want, fileEntry(name, Digest(data)))
	}
	if !slices.Equal(st.Log.Entries, want) || st.Checkpoint.Size != 4 {
		t.Errorf("the log holds %q signed for %d, want %q", st.Log.Entries, st.Checkpoint.Size, want)
	}
	return st
}

// TestMigrateRefusesBrokenChain: an archive of format 2 whose chain does
// not hold is never signed; nothing is written. Nor is one with a
// manifest of the signed log's format but no log, which verify names.
func TestMigrateRefusesBrokenChain(t *testing.T) {
	arch, _ := format2(t)
	m := filepath.Join(arch, "r", "r1", ManifestName)
	data, _ := os.ReadFile(m)
	os.WriteFile(m, []byte(strings.Replace(string(data), `"tool": "s55`, `"tool": "s55 forged`, 1)), 0o644)
	_, err := OpenWriter(arch, WriterOptions{KeyDirs: testKey(t)})
	if err == nil || !strings.Contains(err.Error(), "the chain of revisions does not hold at number 2") {
		t.Errorf("a broken chain: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(arch, LogDir)); err == nil {
		t.Error("a log was written for a broken chain")
	}

	arch, _ = format2(t)
	if _, err := OpenWriter(arch, WriterOptions{}); err == nil || !strings.Contains(err.Error(), "make it once with s55 init --key") {
		t.Errorf("no key: %v", err)
	}
	root := responses(t, "q")
	if _, err := Issue(arch, render(t, filepath.Join(root, "q")), IssueOptions{KeyDirs: testKey(t), Now: when}); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(arch, LogDir))
	res, err := Verify(arch, nil, VerifyOptions{NoRebuild: true})
	if err != nil || res.OK() || !slices.ContainsFunc(res.Findings, func(f Finding) bool {
		return strings.Contains(f.Problem, "the archive holds revisions of the signed log, but no log")
	}) {
		t.Errorf("a log deleted: %v %+v", err, res.Findings)
	}
}
