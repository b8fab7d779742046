// Package staging puts sets of files into place all at once. Files are first
// written into a hidden folder beside the destination and then renamed over
// it, so a reader sees the old set or the new one, never a mixture, and a
// failure leaves nothing half-written behind.
package staging

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/opcc-tools/s55/internal/input"
)

// File is one file to write.
type File struct {
	// Name is the file's name inside the folder; it may hold slashes.
	Name string
	Data []byte
	// From, when set, names a regular file whose content is written
	// instead of Data: hard-linked where the file system allows, copied
	// otherwise. A file that is not regular (a symbolic link, a FIFO) is
	// refused.
	From string
}

// ErrExists reports that a folder is already there and may not be replaced.
var ErrExists = errors.New("already exists")

// Writer writes folders. The zero Writer is ready to use.
type Writer struct {
	// Fail, when set, runs before each step of a write ("write NAME",
	// "rename") and stops the write with the error it returns: tests use
	// it to prove a failure at any point leaves nothing half-written.
	Fail func(step string) error
	// NoSync skips flushing the files and folders to disk, for output
	// that can simply be made again (a build, a site); the rename stays
	// atomic, but after a power cut the files may be empty.
	NoSync bool
	// ReadOnly writes the files read-only (0444), as an archive keeps
	// them: a tool that writes a file in place (through a hard link of the
	// published site, say) is refused instead of changing the archive.
	ReadOnly bool
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
func (w Writer) WriteDir(dir string, files []File, replace bool) error {
	p, err := w.StageDir(dir, files, replace)
	if err != nil {
		return err
	}
	return p.Commit()
}

// PendingDir is a folder written into a hidden folder beside its place
// (StageDir): it is not there until Commit, and Abort removes it. Many
// can be staged, then put in place together in a moment.
type PendingDir struct {
	w        Writer
	tmp, dir string
	replace  bool
	linked   int
}

// StageDir writes files into a hidden folder beside dir, flushed unless
// NoSync, for Commit to put in place as WriteDir would. Without replace,
// an existing dir is an error wrapping ErrExists and nothing is written.
// The parent of dir is created if needed.
func (w Writer) StageDir(dir string, files []File, replace bool) (p *PendingDir, err error) {
	parent, base := filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if !replace {
		if _, err := os.Lstat(dir); err == nil {
			return nil, fmt.Errorf("%s: %w", dir, ErrExists)
		}
	}
	tmp, err := os.MkdirTemp(parent, tempPattern(base, "tmp"))
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, os.RemoveAll(tmp))
		}
	}()
	linked := 0
	for _, f := range files {
		if err := w.step("write " + f.Name); err != nil {
			return nil, err
		}
		name := filepath.Join(tmp, filepath.FromSlash(f.Name))
		// The staged folder itself is there: only a file in a folder
		// below it needs one made.
		if filepath.Dir(name) != tmp {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				return nil, err
			}
		}
		l, err := w.writeFile(name, f)
		if err != nil {
			return nil, err
		}
		if l {
			linked++
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	if err := w.syncTree(tmp); err != nil {
		return nil, err
	}
	return &PendingDir{w: w, tmp: tmp, dir: dir, replace: replace, linked: linked}, nil
}

// Staged is the hidden folder the files were written into, until Commit.
func (p *PendingDir) Staged() string { return p.tmp }

// Linked counts the files given From that were hard-linked into the
// folder; the others were copied.
func (p *PendingDir) Linked() int { return p.linked }

// Abort removes the staged folder, unless Commit put it in place.
func (p *PendingDir) Abort() error { return os.RemoveAll(p.tmp) }

// Commit renames the staged folder into place: with replace, over what
// was there, as a whole; without, only where nothing is. A failure
// removes the staged folder and leaves what was at its place.
func (p *PendingDir) Commit() (err error) {
	w, tmp, dir := p.w, p.tmp, p.dir
	parent := filepath.Dir(filepath.Clean(dir))
	base := filepath.Base(dir)
	defer func() {
		if err != nil {
			err = errors.Join(err, os.RemoveAll(tmp))
		}
	}()
	if err := w.step("rename"); err != nil {
		return err
	}
	if !p.replace {
		// A folder that appeared meanwhile is not replaced: on Linux,
		// renaming onto a non-empty folder fails.
		if err := os.Rename(tmp, dir); err != nil {
			if _, statErr := os.Lstat(dir); statErr == nil {
				return fmt.Errorf("%s: %w", dir, ErrExists)
			}
			return err
		}
		return w.syncDir(parent)
	}
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		o, err := os.MkdirTemp(parent, tempPattern(base, "old"))
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
	return w.syncDir(parent)
}

func (w Writer) writeFile(name string, file File) (linked bool, err error) {
	mode := fs.FileMode(0o644)
	if w.ReadOnly {
		mode = 0o444
	}
	data := file.Data
	if file.From != "" {
		st, err := os.Lstat(file.From)
		if err != nil {
			return false, err
		}
		if !st.Mode().IsRegular() {
			return false, fmt.Errorf("%s: not a regular file", file.From)
		}
		if err := os.Link(file.From, name); err == nil {
			return true, nil
		}
		// Another file system, or one without hard links: copy.
		if data, err = input.Read(file.From); err != nil {
			return false, err
		}
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return false, err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	if _, err := f.Write(data); err != nil {
		return false, err
	}
	if w.NoSync {
		return false, nil
	}
	return false, f.Sync()
}

func (w Writer) syncDir(dir string) error {
	if w.NoSync {
		return nil
	}
	return syncDir(dir)
}

// syncTree flushes every folder of a staged tree, so that the names of
// the files in subfolders are as durable as the files.
func (w Writer) syncTree(dir string) error {
	if w.NoSync {
		return nil
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return syncDir(p)
	})
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
// Each is read as package input reads an input: a symbolic link or a file
// that is not regular is an error.
func ReadTree(dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		var data []byte
		if rel == "." {
			data, err = input.Read(dir) // dir is a file
		} else {
			data, err = input.ReadIn(dir, rel, input.MaxSize)
		}
		if err != nil {
			return err
		}
		files = append(files, File{Name: filepath.ToSlash(rel), Data: data})
		return nil
	})
	return files, err
}

// Pending is a file written into a hidden temporary file beside its
// destination, put in place by Commit or removed by Abort. It streams, so
// a large page need not be held in memory.
type Pending struct {
	name string
	tmp  *os.File
	buf  *bufio.Writer
	w    Writer
	done bool
}

// Create starts writing the file name; the file is not there until Commit.
func (w Writer) Create(name string) (*Pending, error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, tempPattern(base, "tmp"))
	if err != nil {
		return nil, err
	}
	return &Pending{name: name, tmp: tmp, buf: bufio.NewWriterSize(tmp, 64<<10), w: w}, nil
}

// Write writes to the pending file.
func (p *Pending) Write(b []byte) (int, error) {
	if p.buf == nil {
		return 0, errFinished
	}
	return p.buf.Write(b)
}

// errFinished is a write to a pending file after Finish.
var errFinished = errors.New("staging: write after Finish")

// Finish writes out what is buffered and lets the buffer go, for a file
// written in full that waits for its Commit beside many others. Nothing
// more may be written to it.
func (p *Pending) Finish() error {
	if p.buf == nil {
		return nil
	}
	err := p.buf.Flush()
	p.buf = nil
	return err
}

// Commit flushes the file and renames it into place, replacing what was
// there.
func (p *Pending) Commit() (err error) {
	p.done = true
	defer func() {
		if err != nil {
			err = errors.Join(err, os.Remove(p.tmp.Name()))
		}
	}()
	if err := p.Finish(); err != nil {
		return errors.Join(err, p.tmp.Close())
	}
	if !p.w.NoSync {
		if err := p.tmp.Sync(); err != nil {
			return errors.Join(err, p.tmp.Close())
		}
	}
	if err := p.tmp.Chmod(0o644); err != nil {
		return errors.Join(err, p.tmp.Close())
	}
	if err := p.tmp.Close(); err != nil {
		return err
	}
	if err := p.w.step("rename " + filepath.Base(p.name)); err != nil {
		return err
	}
	if err := os.Rename(p.tmp.Name(), p.name); err != nil {
		return err
	}
	return p.w.syncDir(filepath.Dir(p.name))
}

// Abort removes the pending file, unless Commit was called.
func (p *Pending) Abort() error {
	if p.done {
		return nil
	}
	p.done = true
	return errors.Join(p.tmp.Close(), os.Remove(p.tmp.Name()))
}
