package input

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("data"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Read(file); err != nil || string(got) != "data" {
		t.Fatalf("Read = %q, %v", got, err)
	}
	if _, err := ReadMax(file, 3); !errors.Is(err, ErrTooLarge) || Reason(err) != "is 4 bytes; the limit is 3" {
		t.Errorf("4 bytes with a limit of 3: %v (%q), want ErrTooLarge", err, Reason(err))
	}
	if _, err := Read(dir); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a folder") {
		t.Errorf("a folder: %v", err)
	}
	if _, err := Read(filepath.Join(dir, "none")); !errors.Is(err, os.ErrNotExist) || Reason(err) != "does not exist" {
		t.Errorf("a missing file: %v", err)
	}
}

// TestReadFIFO proves that a FIFO is refused at once: were it opened for
// reading, the test would block forever, since nothing writes to it.
func TestReadFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "response.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(fifo)
	if !errors.Is(err, ErrNotRegular) || Reason(err) != "is a named pipe (FIFO), not a regular file" {
		t.Fatalf("FIFO: %v (%q), want ErrNotRegular naming a named pipe", err, Reason(err))
	}
}

func TestReadDevice(t *testing.T) {
	if _, err := Read("/dev/zero"); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "device") {
		t.Fatalf("/dev/zero: %v, want ErrNotRegular naming a device", err)
	}
}

// TestReadInLinks proves that no input is read through a symbolic link:
// not the file itself, not a folder on the way, whether the link points
// outside the folder or back inside it.
func TestReadInLinks(t *testing.T) {
	root := t.TempDir()
	office := filepath.Join(root, "office")
	private := filepath.Join(root, "private")
	for _, d := range []string{office, private, filepath.Join(office, "templates"), filepath.Join(office, "real")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(private, "secret.css"), "secret")
	write(filepath.Join(office, "real", "style.css"), "inside")
	write(filepath.Join(office, "templates", "page.html.tmpl"), "page")
	link(filepath.Join(private, "secret.css"), filepath.Join(office, "templates", "style.css"))
	link("page.html.tmpl", filepath.Join(office, "templates", "inside.css"))
	link(private, filepath.Join(office, "linked"))
	link("real", filepath.Join(office, "alias"))

	if got, err := ReadIn(office, "templates/page.html.tmpl", MaxSize); err != nil || string(got) != "page" {
		t.Fatalf("a plain file: %q, %v", got, err)
	}
	for name, want := range map[string]string{
		"templates/style.css":  "is a symbolic link",
		"templates/inside.css": "is a symbolic link",
		"linked/secret.css":    "is reached through " + filepath.Join(office, "linked") + ", a symbolic link",
		"alias/style.css":      "is reached through " + filepath.Join(office, "alias") + ", a symbolic link",
	} {
		got, err := ReadIn(office, name, MaxSize)
		if !errors.Is(err, ErrSymlink) || !strings.HasPrefix(Reason(err), want) || got != nil {
			t.Errorf("%s: %q, %v (%q), want ErrSymlink: %s", name, got, err, Reason(err), want)
		}
	}
	if _, err := Read(filepath.Join(office, "templates", "style.css")); !errors.Is(err, ErrSymlink) {
		t.Errorf("Read of a link: %v, want ErrSymlink", err)
	}
	if err := CheckDir(office, "templates"); err != nil {
		t.Errorf("CheckDir(templates): %v", err)
	}
	if err := CheckDir(office, "linked"); !errors.Is(err, ErrSymlink) {
		t.Errorf("CheckDir of a linked folder: %v, want ErrSymlink", err)
	}
	if err := CheckDir(office, "templates/page.html.tmpl"); err == nil || !strings.Contains(Reason(err), "not a folder") {
		t.Errorf("CheckDir of a file: %v, want not a folder", err)
	}
	for _, name := range []string{"../private/secret.css", filepath.Join(private, "secret.css"), "templates/../../private/secret.css"} {
		if _, err := ReadIn(office, name, MaxSize); !errors.Is(err, ErrOutside) {
			t.Errorf("%s: %v, want ErrOutside", name, err)
		}
	}
	if _, err := ReadIn(office, "templates/none/x.css", MaxSize); !errors.Is(err, os.ErrNotExist) || Reason(err) != "does not exist" {
		t.Errorf("a missing folder on the way: %v (%q)", err, Reason(err))
	}
}

// TestReadInFIFOOnTheWay proves that a FIFO found where a file is read
// inside a folder is refused without blocking, as Read refuses it.
func TestReadInFIFOOnTheWay(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "en-GB"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "en-GB", "phrases.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadIn(dir, "en-GB/phrases.yaml", MaxSize); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("FIFO: %v, want ErrNotRegular", err)
	}
}
