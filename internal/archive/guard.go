package archive

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/response"
)

// ErrProtected reports a folder that no command may write into or replace:
// an archive, a folder inside one, or a folder of a response's inputs.
var ErrProtected = errors.New("no command writes into or replaces this folder")

// ProtectedError is the error of CheckOutput: which folder, and why.
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

// CheckOutput refuses dir as a place to write output into when writing
// there could destroy what s55 did not make: when dir is an archive or
// lies inside one (a marker or a revision folder at or above it), holds an
// archive (a marker, or revision folders, one or two levels below it), or
// holds a response's inputs (an office profile or a response.yaml, or
// response folders one level below). The error wraps
// ErrProtected and says which.
func CheckOutput(dir string) error {
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
	if st, err := os.Lstat(filepath.Join(abs, MarkerName)); err == nil && st.Mode().IsRegular() {
		return nil
	}
	if err := holdsProtected(dir, abs); err != nil {
		return err
	}
	entries, err := os.ReadDir(abs)
	if err != nil || len(entries) == 0 {
		return nil
	}
	return protected(dir, "holds files but no %s, so it is no archive", MarkerName)
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
		case exists(filepath.Join(real, MarkerName)) && p == abs:
			return "", protected(dir, "an archive of issued responses")
		case exists(filepath.Join(real, MarkerName)):
			return "", protected(dir, "inside the archive %s", p)
		case isRevision(real):
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
	if exists(filepath.Join(abs, ManifestName)) {
		return protected(dir, "holds %s, as an issued revision does", ManifestName)
	}
	for _, e := range entries {
		sub := filepath.Join(abs, e.Name())
		if st, err := os.Stat(sub); err != nil || !st.IsDir() {
			continue
		}
		switch {
		case exists(filepath.Join(sub, MarkerName)):
			return protected(dir, "holds the archive %s", e.Name())
		case exists(filepath.Join(sub, response.FileName)):
			return protected(dir, "holds the response folder %s", e.Name())
		case isRevision(sub):
			return protected(dir, "holds the issued revision %s", e.Name())
		case holdsRevision(sub):
			return protected(dir, "holds the issued revisions of %s, as an archive does", e.Name())
		}
	}
	return nil
}

// isRevision reports whether dir is a revision folder: r<N> with a
// manifest.
func isRevision(dir string) bool {
	_, ok := revisionNumber(filepath.Base(dir))
	return ok && exists(filepath.Join(dir, ManifestName))
}

// holdsRevision reports whether dir holds a revision folder.
func holdsRevision(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if isRevision(filepath.Join(dir, e.Name())) {
			return true
		}
	}
	return false
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
