// Package input reads the files s55 is given: response data, office
// profiles, letters, images, templates, tracker files and PDFs. It reads
// regular files only. A FIFO, a device or a socket in place of an input
// would block a read forever or never end, so it is refused before it is
// opened for reading, and a file that grows past a limit is refused too.
package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxSize is the largest input Read accepts.
const MaxSize = 64 << 20

// ErrNotRegular reports an input that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge reports an input larger than its limit.
var ErrTooLarge = errors.New("too large")

// Read reads the regular file name, up to MaxSize bytes.
func Read(name string) ([]byte, error) {
	return ReadMax(name, MaxSize)
}

// ReadMax reads the regular file name, refusing one larger than max bytes.
// Errors are *fs.PathError values; those about the file's kind or size
// wrap ErrNotRegular or ErrTooLarge and say what the file is. Reason words
// any of them for a message.
func ReadMax(name string, max int64) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := regular(name, st); err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, &fs.PathError{Op: "read", Path: name, Err: reason{ErrTooLarge, fmt.Sprintf("is %d bytes; the limit is %d", st.Size(), max)}}
	}
	// O_NONBLOCK: should the file be swapped for a FIFO after the check,
	// opening it does not wait for a writer; the check below refuses it.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regular(name, st); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if int64(len(data)) > max {
		return nil, &fs.PathError{Op: "read", Path: name, Err: reason{ErrTooLarge, fmt.Sprintf("is more than %d bytes; the limit is %d", max, max)}}
	}
	return data, nil
}

// regular refuses anything but a regular file, naming what it is.
func regular(name string, st fs.FileInfo) error {
	m := st.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "a special file"
	switch {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
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
// a regular file", "is 70000000 bytes; the limit is 67108864".
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
