package staging

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"unicode/utf8"
)

// ErrLink reports a file to write over that is a symbolic link: s55
// neither writes through a link nor replaces one with a file, which would
// leave the file it points to without the change.
var ErrLink = errors.New("is a symbolic link: s55 writes no file through a link, nor replaces the link with a file; edit the file it points to, or put that file itself here")

// ErrReadOnly reports a file to write over that its owner may not write:
// it was made read-only on purpose, and is left as it is.
var ErrReadOnly = errors.New("is read-only, so s55 does not write over it; make it writable first if it is to change")

// ErrNotRegular reports a file to write over that is a folder, a FIFO, a
// device or a socket.
var ErrNotRegular = errors.New("is not a regular file, so s55 does not write over it")

// CanReplace reports whether WriteFile may replace the file name: it is
// absent, or a regular file, not a symbolic link, that its owner may
// write. The error wraps ErrLink, ErrReadOnly or ErrNotRegular and names
// the file. It returns the mode a new file takes: the old file's.
func CanReplace(name string) (fs.FileMode, error) {
	st, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0o644, nil
	case err != nil:
		return 0, err
	case st.Mode()&fs.ModeSymlink != 0:
		return 0, fmt.Errorf("%s %w", name, ErrLink)
	case !st.Mode().IsRegular():
		return 0, fmt.Errorf("%s %w", name, ErrNotRegular)
	case st.Mode().Perm()&0o200 == 0:
		return 0, fmt.Errorf("%s %w", name, ErrReadOnly)
	}
	return st.Mode().Perm(), nil
}

// WriteFile writes data as the file name atomically: into a temporary file
// beside it, flushed to disk, then put in place, so that a reader sees the
// old file or the new one and a failure leaves neither half-written nor a
// temporary file behind. With replace set, the new file is renamed over the
// old one, which must pass CanReplace, and keeps its mode; without it, the
// new file is linked into place, so that an existing file, even one that
// appears meanwhile, is an error wrapping ErrExists and is left as it was.
// A new file's mode is 0644, whatever the temporary file had.
func WriteFile(name string, data []byte, replace bool) (err error) {
	mode := fs.FileMode(0o644)
	if !replace {
		if _, err := os.Lstat(name); err == nil {
			return fmt.Errorf("%s: %w", name, ErrExists)
		}
	} else if mode, err = CanReplace(name); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), tempPattern(filepath.Base(name), "tmp"))
	if err != nil {
		return err
	}
	renamed := false
	defer func() {
		if !renamed {
			err = errors.Join(err, os.Remove(tmp.Name()))
		}
	}()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err = errors.Join(err, tmp.Close()); err != nil {
		return err
	}
	if replace {
		if err := os.Rename(tmp.Name(), name); err != nil {
			return err
		}
		renamed = true
	} else if err := os.Link(tmp.Name(), name); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s: %w", name, ErrExists)
		}
		return err
	}
	return syncDir(filepath.Dir(name))
}

// tempPattern is the pattern of the hidden temporary name of a file or
// folder called base: ".BASE.tmp-" and a random number, which Leftovers
// finds. A long base is cut, so that the name still fits in the 255
// bytes a file system allows for a name.
func tempPattern(base, kind string) string {
	const keep = 200
	if len(base) > keep {
		cut := keep
		for cut > 0 && !utf8.RuneStart(base[cut]) {
			cut--
		}
		base = base[:cut]
	}
	return "." + base + "." + kind + "-"
}
