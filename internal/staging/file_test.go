package staging

import (
	"errors"
	"os"
	"path/filepath"
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
