package archive

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

var (
	keyOnce sync.Once
	keyDir  string
	keyErr  error
)

// testKey is the folder of one office key that every test of the package
// signs with, made once.
func testKey(t testing.TB) []string {
	t.Helper()
	keyOnce.Do(func() {
		keyDir, keyErr = os.MkdirTemp("", "s55-key-")
		if keyErr == nil {
			_, keyErr = MakeKey(keyDir, KeyName("Exampleshire Police"))
		}
	})
	if keyErr != nil {
		t.Fatal(keyErr)
	}
	return []string{keyDir}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if keyDir != "" {
		os.RemoveAll(keyDir)
	}
	os.Exit(code)
}

// A checkpoint is C2SP's text, signed; another key, a changed text or a
// changed signature is refused, and the origin must be the key's name.
func TestCheckpoint(t *testing.T) {
	skey, vkey, err := note.GenerateKey(nil, "exampleshire-police/s55-archive")
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := note.NewSigner(skey)
	l := &Log{}
	for i := range 5 {
		if err := l.Append(RevisionEntry(fmt.Sprintf("r%d", i), 1, strings.Repeat("ab", 32))); err != nil {
			t.Fatal(err)
		}
	}
	root, _ := l.Root(5)
	c := Checkpoint{Origin: signer.Name(), Size: 5, Root: root}
	msg, err := c.Sign(signer)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(msg), "\n")
	if lines[0] != "exampleshire-police/s55-archive" || lines[1] != "5" || len(lines[2]) != 44 || lines[3] != "" || !strings.HasPrefix(lines[4], "— exampleshire-police/s55-archive ") {
		t.Errorf("checkpoint text:\n%s", msg)
	}
	got, err := OpenCheckpoint(msg, vkey)
	if err != nil || got != c {
		t.Fatalf("OpenCheckpoint = %+v, %v; want %+v", got, err, c)
	}
	_, otherV, _ := note.GenerateKey(nil, "exampleshire-police/s55-archive")
	if _, err := OpenCheckpoint(msg, otherV); !errors.Is(err, ErrSignature) {
		t.Errorf("another key of the same name: %v", err)
	}
	forged := strings.Replace(string(msg), "\n5\n", "\n4\n", 1)
	if _, err := OpenCheckpoint([]byte(forged), vkey); !errors.Is(err, ErrSignature) {
		t.Errorf("a changed size: %v", err)
	}
	for i := range 5 {
		p, err := l.Inclusion(int64(i), 5)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckInclusion(c, int64(i), l.Entries[i], p); err != nil {
			t.Errorf("entry %d: %v", i, err)
		}
		if err := CheckInclusion(c, int64(i), l.Entries[(i+1)%5], p); err == nil {
			t.Errorf("entry %d proved with another's text", i)
		}
	}
	for n := int64(1); n <= 5; n++ {
		old, _ := l.Root(n)
		p, err := l.Consistency(n, 5)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckConsistency(Checkpoint{Size: n, Root: old}, c, p); err != nil {
			t.Errorf("from %d to 5: %v", n, err)
		}
	}
	// A rewritten history: the old tree's entry 2 differs.
	rewritten := &Log{}
	for i, e := range l.Entries {
		if i == 2 {
			e = RevisionEntry("forged", 1, strings.Repeat("cd", 32))
		}
		rewritten.Append(e)
	}
	old, _ := l.Root(3)
	newRoot, _ := rewritten.Root(5)
	p, _ := rewritten.Consistency(3, 5)
	if err := CheckConsistency(Checkpoint{Size: 3, Root: old}, Checkpoint{Size: 5, Root: newRoot}, p); err == nil {
		t.Error("a rewritten history passed the consistency proof")
	}
}

// An entry is one line of a form s55 writes; anything else in the
// entries file is refused.
func TestEntries(t *testing.T) {
	d := strings.Repeat("0a", 32)
	for _, line := range []string{RevisionEntry("r", 1, d), fileEntry("events.yaml", d), fileEntry("tracker.yaml", d)} {
		if err := checkEntry(line); err != nil {
			t.Errorf("%q: %v", line, err)
		}
	}
	for _, line := range []string{"", "revision r/r1", "revision ../r1 " + d, "revision r/r01 " + d, "revision r/r1 " + strings.ToUpper(d),
		"file office.key " + d, "revision  r/r1 " + d, "note r/r1 " + d, "revision r/r1 " + d + " extra"} {
		if err := checkEntry(line); err == nil {
			t.Errorf("%q passed", line)
		}
	}
	if _, err := parseEntries([]byte(RevisionEntry("r", 1, d))); err == nil {
		t.Error("an entry with no end of line passed")
	}
}

// A key's file readable by others is refused, as is a public key that is
// not the private key's; a key is never overwritten.
func TestKeys(t *testing.T) {
	dir := t.TempDir()
	file, err := MakeKey(dir, KeyName("Police and Crime Commissioner for Exampleshire (PCC)"))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(file)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("the private key's mode is %04o", st.Mode().Perm())
	}
	k, err := FindKey([]string{t.TempDir(), dir})
	if err != nil || k.Signer.Name() != "police-and-crime-commissioner-for-exampleshire-pcc/s55-archive" {
		t.Fatalf("FindKey = %+v, %v", k, err)
	}
	if _, err := MakeKey(dir, "x"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a key made again: %v", err)
	}
	os.Chmod(file, 0o640)
	if _, err := FindKey([]string{dir}); err == nil || !strings.Contains(err.Error(), "others may read") {
		t.Errorf("a key others may read: %v", err)
	}
	os.Chmod(file, 0o600)
	other := t.TempDir()
	MakeKey(other, "x")
	pub, _ := os.ReadFile(filepath.Join(other, VerifierName))
	os.Chmod(filepath.Join(dir, VerifierName), 0o644)
	os.WriteFile(filepath.Join(dir, VerifierName), pub, 0o644)
	if _, err := FindKey([]string{dir}); err == nil || !strings.Contains(err.Error(), "is not this key's") {
		t.Errorf("a public key of another: %v", err)
	}
	if _, err := FindKey([]string{t.TempDir()}); !errors.Is(err, ErrNoKey) {
		t.Errorf("no key: %v", err)
	}
	if got := KeyName(" — "); got != "office/s55-archive" {
		t.Errorf("KeyName of nothing = %q", got)
	}
}
