package staging

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "office.yaml")
	if err := WriteFile(name, []byte("one"), false); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(name, []byte("two"), false); !errors.Is(err, ErrExists) {
		t.Fatalf("writing over a file without replace: %v, want ErrExists", err)
	}
	if data, _ := os.ReadFile(name); string(data) != "one" {
		t.Fatalf("the refused write changed the file to %q", data)
	}
	if err := WriteFile(name, []byte("three"), true); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(name); string(data) != "three" {
		t.Fatalf("replace gave %q", data)
	}
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want the file alone: %v", len(entries), entries)
	}
	if err := WriteFile(filepath.Join(dir, "none", "f"), nil, false); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

// TestWriteFileOver checks the rule for a file written over: never
// through a symbolic link nor over one, never over a read-only file, and
// the file keeps the mode it had.
func TestWriteFileOver(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.yaml")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "response.yaml")
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), true); !errors.Is(err, ErrLink) {
		t.Errorf("over a link: %v, want ErrLink", err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", st.Mode(), err)
	}
	if data, _ := os.ReadFile(target); string(data) != "old" {
		t.Errorf("the file the link points to became %q", data)
	}

	private := filepath.Join(dir, "private.yaml")
	if err := os.WriteFile(private, []byte("a"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(private, []byte("b"), true); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(private); st.Mode().Perm() != 0o600 {
		t.Errorf("a 0600 file became %v", st.Mode().Perm())
	}
	shared := filepath.Join(dir, "shared.yaml")
	if err := os.WriteFile(shared, []byte("a"), 0o664); err != nil {
		t.Fatal(err)
	}
	os.Chmod(shared, 0o664) // past the umask
	if err := WriteFile(shared, []byte("b"), true); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(shared); st.Mode().Perm() != 0o664 {
		t.Errorf("a 0664 file became %v", st.Mode().Perm())
	}

	locked := filepath.Join(dir, "locked.yaml")
	if err := os.WriteFile(locked, []byte("kept"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(locked, []byte("lost"), true); !errors.Is(err, ErrReadOnly) {
		t.Errorf("over a read-only file: %v, want ErrReadOnly", err)
	}
	if data, _ := os.ReadFile(locked); string(data) != "kept" {
		t.Errorf("the read-only file became %q", data)
	}
	if st, _ := os.Stat(locked); st.Mode().Perm() != 0o444 {
		t.Errorf("the read-only file's mode became %v", st.Mode().Perm())
	}
	if err := WriteFile(dir, []byte("x"), true); !errors.Is(err, ErrNotRegular) {
		t.Errorf("over a folder: %v, want ErrNotRegular", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 5 {
		t.Errorf("the folder holds %v, want the five files and no temporary one", entries)
	}
}

// TestWriteFileNewMode: a file replace makes where there was none is
// 0644, less the umask; one whose owner may not write, 0555 say, is
// read-only.
func TestWriteFileNewMode(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "tracker.yaml")
	if err := WriteFile(name, []byte("x"), true); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(name); st.Mode().Perm() != 0o644 {
		t.Errorf("a new file's mode %v, want 0644", st.Mode().Perm())
	}
	exec := filepath.Join(dir, "exec.yaml")
	if err := os.WriteFile(exec, []byte("x"), 0o555); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(exec, []byte("y"), true); !errors.Is(err, ErrReadOnly) {
		t.Errorf("over a 0555 file: %v, want ErrReadOnly", err)
	}
}

// TestTempPattern: a temporary name keeps a short base whole and cuts a
// long one to 200 bytes at most, at a character's start, so that it fits
// the 255 bytes of a name and stays UTF-8.
func TestTempPattern(t *testing.T) {
	for base, want := range map[string]string{
		"out":                          ".out.tmp-",
		strings.Repeat("x", 200):       "." + strings.Repeat("x", 200) + ".tmp-",
		strings.Repeat("x", 201):       "." + strings.Repeat("x", 200) + ".tmp-",
		"a" + strings.Repeat("é", 150): ".a" + strings.Repeat("é", 99) + ".tmp-",
	} {
		if got := tempPattern(base, "tmp"); got != want {
			t.Errorf("tempPattern(%.12q...) = %.20q... (%d bytes), want %d bytes", base, got, len(got), len(want))
		}
	}
}
