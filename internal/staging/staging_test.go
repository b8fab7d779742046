package staging

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

var files = []File{{Name: "a.pdf", Data: []byte("new a")}, {Name: "sub/b.html", Data: []byte("new b")}}

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestWriteDirReplaces(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "r")
	if err := WriteDir(dir, []File{{Name: "old.txt", Data: []byte("old")}}, true); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, files, true); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, "sub/b.html")); got != "new b" {
		t.Errorf("b.html = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "old.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("old.txt survived a replacement: %v", err)
	}
	if left, _ := Leftovers(filepath.Dir(dir)); len(left) > 0 {
		t.Errorf("leftovers: %q", left)
	}
}

func TestWriteDirExclusive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	if err := WriteDir(dir, []File{{Name: "a.pdf", Data: []byte("first")}}, false); err != nil {
		t.Fatal(err)
	}
	err := WriteDir(dir, files, false)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second exclusive write: %v, want ErrExists", err)
	}
	if got := read(t, filepath.Join(dir, "a.pdf")); got != "first" {
		t.Errorf("a.pdf = %q after a refused write", got)
	}
	if left, _ := Leftovers(filepath.Dir(dir)); len(left) > 0 {
		t.Errorf("leftovers: %q", left)
	}
}

// TestWriteDirFailure injects a failure before every step: the destination
// keeps its old content (or stays absent) and no staging folder is left.
func TestWriteDirFailure(t *testing.T) {
	boom := errors.New("injected")
	for _, at := range []string{"write a.pdf", "write sub/b.html", "rename"} {
		for _, existing := range []bool{false, true} {
			parent := t.TempDir()
			dir := filepath.Join(parent, "r")
			if existing {
				if err := WriteDir(dir, []File{{Name: "a.pdf", Data: []byte("old a")}}, true); err != nil {
					t.Fatal(err)
				}
			}
			w := Writer{Fail: func(step string) error {
				if step == at {
					return boom
				}
				return nil
			}}
			err := w.WriteDir(dir, files, true)
			if !errors.Is(err, boom) {
				t.Fatalf("%s: err = %v, want the injected error", at, err)
			}
			if existing {
				if got := read(t, filepath.Join(dir, "a.pdf")); got != "old a" {
					t.Errorf("%s: a.pdf = %q, want the old content", at, got)
				}
			} else if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s: destination exists after a failed first write", at)
			}
			if left, _ := Leftovers(parent); len(left) > 0 {
				t.Errorf("%s: leftovers %q", at, left)
			}
			// A retry succeeds.
			if err := WriteDir(dir, files, true); err != nil {
				t.Errorf("%s: retry: %v", at, err)
			}
		}
	}
}

func TestReadTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	if err := WriteDir(dir, files, false); err != nil {
		t.Fatal(err)
	}
	got, err := ReadTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "a.pdf" || got[1].Name != "sub/b.html" || string(got[1].Data) != "new b" {
		t.Errorf("ReadTree = %+v", got)
	}
}

// TestFrom: a file given by From is hard-linked, and a symbolic link or a
// FIFO given so is refused with nothing written.
func TestFrom(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.WriteFile(src, []byte("archived"), 0o444); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := (Writer{NoSync: true}).WriteDir(out, []File{{Name: "a/doc", From: src}}, false); err != nil {
		t.Fatal(err)
	}
	a, _ := os.Stat(src)
	b, err := os.Stat(filepath.Join(out, "a", "doc"))
	if err != nil || !os.SameFile(a, b) {
		t.Errorf("not a hard link of the source: %v", err)
	}
	// Staged, the folder counts the files it linked, not those given
	// their bytes.
	p, err := (Writer{NoSync: true}).StageDir(filepath.Join(dir, "staged"), []File{
		{Name: "one", From: src}, {Name: "manifest.json", Data: []byte("{}")}, {Name: "sub/two", From: src},
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.Linked() != 2 {
		t.Errorf("Linked() = %d, want 2", p.Linked())
	}
	if c, err := os.Stat(filepath.Join(p.Staged(), "sub", "two")); err != nil || !os.SameFile(a, c) {
		t.Errorf("sub/two is not a hard link of the source: %v", err)
	}
	if err := p.Abort(); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(src, link); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad")
	if err := (Writer{}).WriteDir(bad, []File{{Name: "doc", From: link}}, false); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a symbolic link as From: %v", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("something was written: %v", err)
	}
	if left, _ := Leftovers(dir); len(left) > 0 {
		t.Errorf("leftovers %q", left)
	}
}

// TestPending: a file streamed through Create is there only once
// committed; an aborted one leaves nothing.
func TestPending(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "page.html")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := (Writer{}).Create(name)
	if err != nil {
		t.Fatal(err)
	}
	p.Write([]byte("new"))
	if data, _ := os.ReadFile(name); string(data) != "old" {
		t.Errorf("before Commit: %q", data)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(name); string(data) != "new" {
		t.Errorf("after Commit: %q", data)
	}
	if err := p.Abort(); err != nil {
		t.Errorf("Abort after Commit: %v", err)
	}
	q, err := (Writer{}).Create(name)
	if err != nil {
		t.Fatal(err)
	}
	q.Write([]byte("never"))
	if err := q.Abort(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if data, _ := os.ReadFile(name); string(data) != "new" {
		t.Errorf("after Abort: %q", data)
	}
}

// TestPendingFinish: a pending file finished keeps all it was given, past
// its buffer, for its Commit, and refuses more.
func TestPendingFinish(t *testing.T) {
	name := filepath.Join(t.TempDir(), "tracker.json")
	p, err := (Writer{}).Create(name)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat("0123456789abcdef", 5000) + "end" // past 64 KB
	if _, err := io.WriteString(p, want); err != nil {
		t.Fatal(err)
	}
	if err := p.Finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Write([]byte("more")); err == nil {
		t.Error("a write after Finish is taken")
	}
	if err := p.Finish(); err != nil {
		t.Errorf("Finish twice: %v", err)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(name); string(data) != want {
		t.Errorf("committed %d bytes, want %d", len(data), len(want))
	}
}

// TestWriteDirNameTwice: each file of a folder is created exclusively, so
// a set that names one file twice (or a file inside a folder the set also
// gives as a file) is refused whole, never written with the last one
// winning, and nothing is put in place.
func TestWriteDirNameTwice(t *testing.T) {
	for name, files := range map[string][]File{
		"twice":             {{Name: "letter.pdf", Data: []byte("first")}, {Name: "letter.pdf", Data: []byte("second")}},
		"twice in a folder": {{Name: "source/r/letter.md", Data: []byte("a")}, {Name: "source/r/letter.md", Data: []byte("b")}},
		"from, then data":   {{Name: "a.pdf", From: "FROM"}, {Name: "a.pdf", Data: []byte("other")}},
	} {
		root := t.TempDir()
		from := filepath.Join(root, "from.pdf")
		if err := os.WriteFile(from, []byte("archived"), 0o444); err != nil {
			t.Fatal(err)
		}
		for i := range files {
			if files[i].From == "FROM" {
				files[i].From = from
			}
		}
		dir := filepath.Join(root, "out")
		err := WriteDir(dir, files, false)
		if err == nil || !errors.Is(err, os.ErrExist) {
			t.Errorf("%s: %v, want an error: the file exists", name, err)
		}
		if _, err := os.Lstat(dir); err == nil {
			t.Errorf("%s: the folder was put in place", name)
		}
		if data, _ := os.ReadFile(from); string(data) != "archived" {
			t.Errorf("%s: the file linked from became %q", name, data)
		}
		if left, _ := Leftovers(root); len(left) > 0 {
			t.Errorf("%s: leftovers %q", name, left)
		}
	}
}

// TestWriteDirModes: the folder, its subfolders and a parent made for it
// are 0755 (less the umask), its files 0644, or 0444 read-only.
func TestWriteDirModes(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "new-parent", "out")
	if err := (Writer{ReadOnly: true}).WriteDir(dir, []File{{Name: "a/b.txt", Data: []byte("x")}, {Name: "c.txt", Data: []byte("y")}}, false); err != nil {
		t.Fatal(err)
	}
	umask := fs.FileMode(syscall.Umask(0))
	syscall.Umask(int(umask))
	for p, want := range map[string]fs.FileMode{
		filepath.Join(root, "new-parent"): fs.ModeDir | 0o755&^umask,
		dir:                               fs.ModeDir | 0o755&^umask,
		filepath.Join(dir, "a"):           fs.ModeDir | 0o755&^umask,
		filepath.Join(dir, "a", "b.txt"):  0o444,
		filepath.Join(dir, "c.txt"):       0o444,
	} {
		st, err := os.Lstat(p)
		if err != nil || st.Mode() != want {
			t.Errorf("%s: mode %v, want %v (%v)", p, st.Mode(), want, err)
		}
	}
}

// TestWriteDirHere: a folder named without a parent is made in the
// current folder.
func TestWriteDirHere(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := WriteDir("out", []File{{Name: "a.txt", Data: []byte("x")}}, false); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join("out", "a.txt")); err != nil || string(data) != "x" {
		t.Errorf("out/a.txt: %q, %v", data, err)
	}
}

// TestWriteFileRace: files written at once under one new name, without
// replace, leave exactly one in place; each other writer is told the file
// exists, whether it found it before writing or when linking it in.
func TestWriteFileRace(t *testing.T) {
	dir := t.TempDir()
	for round := range 40 {
		name := filepath.Join(dir, fmt.Sprintf("f%d", round))
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { errs[i] = WriteFile(name, []byte(strconv.Itoa(i)), false) })
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Fatalf("round %d: writers %d and %d both wrote", round, won, i)
			case err == nil:
				won = i
			case !errors.Is(err, ErrExists):
				t.Fatalf("round %d: writer %d: %v, want ErrExists", round, i, err)
			}
		}
		if data, _ := os.ReadFile(name); won < 0 || string(data) != strconv.Itoa(won) {
			t.Fatalf("round %d: the file holds %q, written by %d", round, data, won)
		}
	}
	if left, _ := Leftovers(dir); len(left) > 0 {
		t.Errorf("leftovers %q", left)
	}
}

// TestLeftovers finds what an interrupted write leaves in a folder: the
// hidden temporary and old names staging makes, and nothing else.
func TestLeftovers(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{".out.tmp-1", ".out.old-2", ".page.html.tmp-3", "out.tmp-4", ".hidden", ".a.tmpx", "plain", ".s55-archive"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Leftovers(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i] = filepath.Base(got[i])
	}
	if want := []string{".out.old-2", ".out.tmp-1", ".page.html.tmp-3"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Leftovers = %q, want %q", got, want)
	}
	if got, err := Leftovers(filepath.Join(dir, "none")); err != nil || got != nil {
		t.Errorf("Leftovers of a missing folder = %q, %v", got, err)
	}
}

// TestPendingMode: a committed file is 0644, whatever it replaced, and a
// file named without a folder is written in the current one.
func TestPendingMode(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("page.html", []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := (Writer{NoSync: true}).Create("page.html")
	if err != nil {
		t.Fatal(err)
	}
	p.Write([]byte("new"))
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat("page.html"); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("the committed page's mode: %v %v", st.Mode().Perm(), err)
	}
	if left, _ := Leftovers("."); len(left) > 0 {
		t.Errorf("leftovers %q", left)
	}
}

// TestWriteDirFileMode: a folder's files are 0644 unless read-only.
func TestWriteDirFileMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := WriteDir(dir, []File{{Name: "a.txt", Data: []byte("x")}}, false); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(dir, "a.txt")); err != nil || st.Mode().Perm() != 0o644&^fs.FileMode(umask()) {
		t.Errorf("mode %v, %v", st.Mode().Perm(), err)
	}
}

func umask() int {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return m
}

// TestFromFIFO: a FIFO given as From is refused without blocking.
func TestFromFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(filepath.Join(dir, "out"), []File{{Name: "doc", From: fifo}}, false); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a FIFO as From: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "out")); err == nil {
		t.Error("the folder was put in place")
	}
}

// TestAbortTwice: aborting twice, or after Commit, is no error and
// changes nothing.
func TestAbortTwice(t *testing.T) {
	dir := t.TempDir()
	p, err := (Writer{}).Create(filepath.Join(dir, "a.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := p.Abort(); err != nil {
		t.Errorf("a second Abort: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
}

// TestReadTreeFile: a file given to ReadTree is read as one File named ".".
func TestReadTreeFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "office.yaml")
	os.WriteFile(name, []byte("pcc: {}\n"), 0o644)
	got, err := ReadTree(name)
	if err != nil || len(got) != 1 || got[0].Name != "." || string(got[0].Data) != "pcc: {}\n" {
		t.Errorf("ReadTree(file) = %+v, %v", got, err)
	}
}
