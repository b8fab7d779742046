// Package input reads the files s55 is given: response data, office
// profiles, letters, images, signatures, templates and phrase books, the
// table of Home Secretaries, tracker and events files, manifests and PDFs.
// It is the one place that decides whether a file may be read, and every
// reader of an input goes through it. A file is read only when it is:
//
//   - inside the folder it belongs to: a name that the data gives
//     ("letter.md", "templates/style.css") is a path inside the folder of
//     the file that gives it, never absolute and never climbing out with
//     "..";
//   - reached without a symbolic link: neither the file nor a folder on
//     the way to it below that folder may be a link, not even one that
//     points back inside, so that what a folder holds is what its listing
//     shows, and a link to a private file is never read, inlined or
//     archived;
//   - a regular file: a FIFO, a device or a socket would block a read
//     forever or never end, so it is refused before it is opened, and it is
//     opened without blocking (O_NONBLOCK), in case one was swapped in
//     after the check; the file opened must be the file checked;
//   - no larger than a limit (MaxSize unless the caller sets another).
//
// Every folder below the one the file belongs to is opened in turn
// without following links (openat with O_NOFOLLOW), so a link swapped in
// while a file is read is refused too. The folder named itself (the
// response folder, the folder of a file given on the command line) is
// taken as given.
package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// MaxSize is the largest input Read accepts.
const MaxSize = 64 << 20

// ErrNotRegular reports an input that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge reports an input larger than its limit.
var ErrTooLarge = errors.New("too large")

// ErrSymlink reports an input that is a symbolic link, or that is reached
// through one.
var ErrSymlink = errors.New("symbolic link")

// ErrOutside reports a name that leads outside the folder it belongs to.
var ErrOutside = errors.New("outside its folder")

// Read reads the regular file name, up to MaxSize bytes. The file itself
// must not be a symbolic link; the folders of the path are followed as
// given.
func Read(name string) ([]byte, error) {
	return ReadMax(name, MaxSize)
}

// ReadMax reads the regular file name as Read does, refusing one larger
// than max bytes.
func ReadMax(name string, max int64) ([]byte, error) {
	return ReadIn(filepath.Dir(name), filepath.Base(name), max)
}

// ReadIn reads the file name inside the folder dir: name is a relative
// path, such as a file name that data gives, and it is read under every
// rule of the package, refusing a file larger than max bytes. Errors are
// *fs.PathError values whose Path is dir joined with name; those about
// the file's kind, place, links or size wrap ErrNotRegular, ErrOutside,
// ErrSymlink or ErrTooLarge and say what is wrong. Reason words any of
// them for a message.
func ReadIn(dir, name string, max int64) ([]byte, error) {
	full := filepath.Join(dir, name)
	f, st, err := openIn(dir, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > max {
		return nil, tooLarge(full, fmt.Sprintf("is %d bytes; the limit is %d", st.Size(), max))
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: full, Err: err}
	}
	if int64(len(data)) > max {
		return nil, tooLarge(full, fmt.Sprintf("is more than %d bytes; the limit is %d", max, max))
	}
	return data, nil
}

// Open opens the regular file name for reading under the rules Read
// reads it by, for a reader that streams it (a digest of a large
// document); the caller closes it.
func Open(name string) (*os.File, error) {
	f, _, err := openIn(filepath.Dir(name), filepath.Base(name))
	return f, err
}

// StatIn reports what the file name inside the folder dir is, under the
// rules ReadIn reads it by, without reading it.
func StatIn(dir, name string) (fs.FileInfo, error) {
	f, st, err := openIn(dir, name)
	if err != nil {
		return nil, err
	}
	return st, f.Close()
}

// CheckDir reports whether name, a relative path inside the folder dir, is
// a folder reached without a symbolic link: a folder of inputs, such as
// the office's templates, whose files are then read with ReadIn. Errors
// are those of ReadIn.
func CheckDir(dir, name string) error {
	fd, err := walk(dir, name, filepath.Join(dir, name))
	if err != nil {
		return err
	}
	return unix.Close(fd)
}

func tooLarge(path, text string) error {
	return &fs.PathError{Op: "read", Path: path, Err: reason{ErrTooLarge, text}}
}

// openIn opens the regular file name inside dir under the package's rules
// and returns it with what fstat says of it.
func openIn(dir, name string) (*os.File, fs.FileInfo, error) {
	full := filepath.Join(dir, name)
	parent, err := walk(dir, filepath.Dir(name), full)
	if err != nil {
		return nil, nil, err
	}
	defer unix.Close(parent)
	base := filepath.Base(name)
	// What the name is, not following a link: refused before opening,
	// which for a device or a FIFO could block or do something.
	var before unix.Stat_t
	if err := unix.Fstatat(parent, base, &before, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, nil, &fs.PathError{Op: "read", Path: full, Err: err}
	}
	if err := kind(full, uint32(before.Mode)); err != nil {
		return nil, nil, err
	}
	// O_NOFOLLOW: a link swapped in meanwhile is not followed (ELOOP);
	// O_NONBLOCK: nor does a FIFO swapped in block the open.
	fd, err := unix.Openat(parent, base, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.ELOOP) {
			return nil, nil, symlink(full, "")
		}
		return nil, nil, &fs.PathError{Op: "read", Path: full, Err: err}
	}
	f := os.NewFile(uintptr(fd), full)
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	var after unix.Stat_t
	if err := unix.Fstat(fd, &after); err != nil || after.Dev != before.Dev || after.Ino != before.Ino {
		f.Close()
		return nil, nil, &fs.PathError{Op: "read", Path: full, Err: errors.New("changed while it was opened; try again")}
	}
	if err := kind(full, uint32(after.Mode)); err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// walk opens the folder name inside dir, one folder at a time, following
// no link, and returns its descriptor. Its errors are about file, the
// path being read: the folder itself (CheckDir) or a file inside it.
func walk(dir, name, file string) (int, error) {
	full := file
	if filepath.IsAbs(name) || !filepath.IsLocal(name) && filepath.Clean(name) != "." {
		where := dir
		if where == "." {
			where = "its folder"
		}
		return -1, &fs.PathError{Op: "read", Path: full, Err: reason{ErrOutside, "is not inside " + where}}
	}
	if dir == "" {
		dir = "."
	}
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, &fs.PathError{Op: "read", Path: full, Err: folderError(dir, err)}
	}
	clean := filepath.Clean(name)
	if clean == "." {
		return fd, nil
	}
	at := dir
	for _, part := range strings.Split(clean, string(filepath.Separator)) {
		at = filepath.Join(at, part)
		next, err := unix.Openat(fd, part, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			var st unix.Stat_t
			isLink := unix.Fstatat(fd, part, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK
			unix.Close(fd)
			switch {
			case isLink && at == full:
				return -1, &fs.PathError{Op: "read", Path: full, Err: reason{ErrSymlink, "is a symbolic link: s55 reads no input through a link, not even one that stays inside the folder; put the folder itself there"}}
			case isLink:
				return -1, symlink(full, at)
			case at == full && errors.Is(err, unix.ENOTDIR):
				return -1, &fs.PathError{Op: "read", Path: full, Err: reason{ErrNotRegular, "is not a folder"}}
			}
			return -1, &fs.PathError{Op: "read", Path: full, Err: folderError(at, err)}
		}
		unix.Close(fd)
		fd = next
	}
	return fd, nil
}

// folderError words an error opening the folder at, on the way to a file.
func folderError(at string, err error) error {
	switch {
	case errors.Is(err, unix.ENOENT):
		return err // "does not exist"
	case errors.Is(err, unix.ENOTDIR):
		return fmt.Errorf("%s is not a folder", at)
	}
	return err
}

// symlink is the error of a link: the file itself, or the folder on the
// way to it.
func symlink(full, folder string) error {
	text := "is a symbolic link: s55 reads no input through a link, not even one that stays inside the folder; put the file itself there"
	if folder != "" {
		text = "is reached through " + folder + ", a symbolic link: s55 reads no input through a link, not even one that stays inside the folder; put the folder itself there"
	}
	return &fs.PathError{Op: "read", Path: full, Err: reason{ErrSymlink, text}}
}

// kind refuses anything but a regular file, naming what it is.
func kind(name string, mode uint32) error {
	what := "a special file"
	switch mode & unix.S_IFMT {
	case unix.S_IFREG:
		return nil
	case unix.S_IFLNK:
		return symlink(name, "")
	case unix.S_IFDIR:
		what = "a folder"
	case unix.S_IFIFO:
		what = "a named pipe (FIFO)"
	case unix.S_IFSOCK:
		what = "a socket"
	case unix.S_IFCHR, unix.S_IFBLK:
		what = "a device"
	}
	return &fs.PathError{Op: "read", Path: name, Err: reason{ErrNotRegular, "is " + what + ", not a regular file"}}
}

// reason is an error of a kind, worded as what the file is.
type reason struct {
	kind error
	text string
}

func (r reason) Error() string { return r.text }
func (r reason) Unwrap() error { return r.kind }

// Reason words an error of Read as what is wrong with the file, without the
// operation or the path, to follow the file's name in a message: "does not
// exist", "cannot be read: permission denied", "is a named pipe (FIFO), not
// a regular file", "is 70000000 bytes; the limit is 67108864", "is a
// symbolic link: ...".
func Reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist"
	case errors.Is(err, fs.ErrPermission):
		return "cannot be read: permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if _, ok := pe.Err.(reason); ok {
			return pe.Err.Error()
		}
		return "cannot be read: " + pe.Err.Error()
	}
	return "cannot be read: " + err.Error()
}
