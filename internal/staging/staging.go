// Package staging puts sets of files into place all at once. Files are first
// written into a hidden folder beside the destination and then renamed over
// it, so a reader sees the old set or the new one, never a mixture, and a
// failure leaves nothing half-written behind.
package staging

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File is one file to write.
type File struct {
	// Name is the file's name inside the folder; it may hold slashes.
	Name string
	Data []byte
}

// ErrExists reports that a folder is already there and may not be replaced.
var ErrExists = errors.New("already exists")

// Writer writes folders. The zero Writer is ready to use.
type Writer struct {
	// Fail, when set, runs before each step of a write ("write NAME",
	// "rename") and stops the write with the error it returns: tests use
	// it to prove a failure at any point leaves nothing half-written.
	Fail func(step string) error
	// NoSync skips flushing each file to disk before the rename, for
	// output that can simply be made again (a site); the rename stays
	// atomic, but after a power cut the files may be empty.
	NoSync bool
}

func (w Writer) step(name string) error {
	if w.Fail != nil {
		return w.Fail(name)
	}
	return nil
}

// WriteDir writes files as the folder dir with the zero Writer.
func WriteDir(dir string, files []File, replace bool) error {
	return Writer{}.WriteDir(dir, files, replace)
}

// WriteDir writes files as the folder dir. With replace set, an existing dir
// is replaced as a whole; without it, an existing dir is an error wrapping
// ErrExists and nothing is written. The parent of dir is created if needed.
func (w Writer) WriteDir(dir string, files []File, replace bool) (err error) {
	parent, base := filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	if !replace {
		if _, err := os.Lstat(dir); err == nil {
			return fmt.Errorf("%s: %w", dir, ErrExists)
		}
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, os.RemoveAll(tmp))
		}
	}()
	for _, f := range files {
		if err := w.step("write " + f.Name); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(tmp, filepath.FromSlash(f.Name)), f.Data, !w.NoSync); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := syncDir(tmp); err != nil {
		return err
	}
	if err := w.step("rename"); err != nil {
		return err
	}
	if !replace {
		// A folder that appeared meanwhile is not replaced: on Linux,
		// renaming onto a non-empty folder fails.
		if err := os.Rename(tmp, dir); err != nil {
			if _, statErr := os.Lstat(dir); statErr == nil {
				return fmt.Errorf("%s: %w", dir, ErrExists)
			}
			return err
		}
		return syncDir(parent)
	}
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		o, err := os.MkdirTemp(parent, "."+base+".old-")
		if err != nil {
			return err
		}
		if err := os.Remove(o); err != nil {
			return err
		}
		if err := os.Rename(dir, o); err != nil {
			return err
		}
		old = o
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			err = errors.Join(err, os.Rename(old, dir))
		}
		return err
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return err
		}
	}
	return syncDir(parent)
}

func writeFile(name string, data []byte, sync bool) (err error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if !sync {
		return nil
	}
	return f.Sync()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	return errors.Join(err, d.Close())
}

// Leftovers lists staging folders that an interrupted write left in parent.
func Leftovers(parent string) ([]string, error) {
	entries, err := os.ReadDir(parent)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, ".") && (strings.Contains(n, ".tmp-") || strings.Contains(n, ".old-")) {
			out = append(out, filepath.Join(parent, n))
		}
	}
	return out, err
}

// ReadTree reads every file below dir as Files named by slash-separated
// paths relative to dir, sorted by name, ready to be written elsewhere.
func ReadTree(dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files = append(files, File{Name: filepath.ToSlash(rel), Data: data})
		return nil
	})
	return files, err
}
