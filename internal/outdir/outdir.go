// Package outdir decides where s55 writes, so that no command destroys
// what it did not make: no command writes into or replaces an archive, a
// folder inside one, or a folder of a response's inputs, and a build
// replaces its own earlier output and nothing else. It puts a build's
// files in place all at once (staging).
package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
)

// ErrProtected reports a folder that no command may write into or replace:
// an archive, a folder inside one, or a folder of a response's inputs.
var ErrProtected = errors.New("no command writes into or replaces this folder")

// ProtectedError is the error of Check and CheckArchive: which folder,
// and why.
type ProtectedError struct {
	Dir, Why string
}

func (e *ProtectedError) Error() string {
	return e.Dir + ": error: " + e.Why + "; no command writes into it or replaces it"
}

// Unwrap returns ErrProtected.
func (e *ProtectedError) Unwrap() error { return ErrProtected }

func protected(dir, format string, args ...any) error {
	return &ProtectedError{Dir: dir, Why: fmt.Sprintf(format, args...)}
}

// Check refuses dir as a place to write output into when writing
// there could destroy what s55 did not make: when dir is an archive or
// lies inside one (a marker or a revision folder at or above it), holds an
// archive (a marker, or revision folders, one or two levels below it), or
// holds a response's inputs (an office profile or a response.yaml, or
// response folders one level below). The error wraps
// ErrProtected and says which.
func Check(dir string) error {
	abs, err := above(dir, true)
	if err != nil {
		return err
	}
	return holdsProtected(dir, abs)
}

// CheckArchive refuses dir as an archive to issue into unless it is
// absent, empty or an archive (it has the marker), and never inside
// another archive or a folder of a response's inputs.
func CheckArchive(dir string) error {
	abs, err := above(dir, false)
	if err != nil {
		return err
	}
	if st, err := os.Lstat(filepath.Join(abs, archive.MarkerName)); err == nil && st.Mode().IsRegular() {
		return nil
	}
	if err := holdsProtected(dir, abs); err != nil {
		return err
	}
	entries, err := os.ReadDir(abs)
	if err != nil || len(entries) == 0 {
		return nil
	}
	return protected(dir, "holds files but no %s, so it is no archive", archive.MarkerName)
}

// above refuses a folder that is (when self is set) or lies inside an
// archive or a revision, looking at it and every folder above it through
// symbolic links. It returns the folder's absolute path.
func above(dir string, self bool) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for p := abs; ; p = filepath.Dir(p) {
		real := p
		if r, err := filepath.EvalSymlinks(p); err == nil {
			real = r
		}
		switch {
		case p == abs && !self:
		case exists(filepath.Join(real, archive.MarkerName)) && p == abs:
			return "", protected(dir, "an archive of issued responses")
		case exists(filepath.Join(real, archive.MarkerName)):
			return "", protected(dir, "inside the archive %s", p)
		case archive.IsRevision(real):
			return "", protected(dir, "inside the issued revision %s", p)
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
	}
}

// holdsProtected refuses a folder that holds an archive or inputs.
func holdsProtected(dir, abs string) error {
	entries, err := os.ReadDir(abs)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		if st, serr := os.Stat(abs); serr == nil && !st.IsDir() {
			return protected(dir, "a file, not a folder")
		}
		return err
	}
	for _, name := range []string{response.OfficeFileName, response.FileName} {
		if exists(filepath.Join(abs, name)) {
			return protected(dir, "holds %s, a response's inputs", name)
		}
	}
	if exists(filepath.Join(abs, archive.ManifestName)) {
		return protected(dir, "holds %s, as an issued revision does", archive.ManifestName)
	}
	for _, e := range entries {
		sub := filepath.Join(abs, e.Name())
		if st, err := os.Stat(sub); err != nil || !st.IsDir() {
			continue
		}
		switch {
		case exists(filepath.Join(sub, archive.MarkerName)):
			return protected(dir, "holds the archive %s", e.Name())
		case exists(filepath.Join(sub, response.FileName)):
			return protected(dir, "holds the response folder %s", e.Name())
		case archive.IsRevision(sub):
			return protected(dir, "holds the issued revision %s", e.Name())
		case holdsRevision(sub):
			return protected(dir, "holds the issued revisions of %s, as an archive does", e.Name())
		}
	}
	return nil
}

// holdsRevision reports whether dir holds a revision folder.
func holdsRevision(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if archive.IsRevision(filepath.Join(dir, e.Name())) {
			return true
		}
	}
	return false
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// ErrForeign reports an output folder that holds files a build did not
// write, which a build does not replace.
var ErrForeign = errors.New("holds files that s55 build did not write")

// CheckBuild refuses to replace the folder dir (OUT/<id>) when it holds
// anything a build does not write: a folder, a link, a file of another
// name than a document's (published.Parse). The error wraps ErrForeign.
func CheckBuild(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		if st, serr := os.Lstat(dir); serr == nil && !st.IsDir() {
			return fmt.Errorf("%s: error: it is a file, which a build does not replace: %w", dir, ErrForeign)
		}
		return err
	}
	for _, e := range entries {
		if _, built := published.Parse(e.Name()); !e.Type().IsRegular() || !built {
			return fmt.Errorf("%s: error: %w (%s), so it is not replaced", dir, ErrForeign, e.Name())
		}
	}
	return nil
}

// WriteBuild puts a build's files in place as the folder dir (OUT/<id>),
// replacing an earlier build of the same response as a whole, unless
// CheckBuild refuses it. Build output can be made again at will, so it is
// not flushed to disk: the rename into place is atomic, but a power cut
// may leave it empty.
func WriteBuild(dir string, files []staging.File) error {
	if err := CheckBuild(dir); err != nil {
		return err
	}
	return staging.Writer{NoSync: true}.WriteDir(dir, files, true)
}
