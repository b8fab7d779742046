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
