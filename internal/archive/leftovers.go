package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/staging"
)

// ErrNotArchive reports a folder that is no archive of issued responses.
var ErrNotArchive = errors.New("no archive of issued responses")

// IsArchive refuses dir unless it is an archive: a folder with the marker
// every issue, track and record leaves at its top. A command that reads
// an archive to publish or prove it (index, verify) must not take an
// empty or unrelated folder for one, which would publish an empty site.
func IsArchive(dir string) error {
	st, err := os.Lstat(filepath.Join(dir, MarkerName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: error: %w: it has no %s, which every archive has at its top; give the folder that s55 issue wrote (by default, archive)", dir, ErrNotArchive, MarkerName)
	case err != nil:
		return fmt.Errorf("%s: error: %w", dir, err)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s: error: %w: its %s is not a regular file", dir, ErrNotArchive, MarkerName)
	}
	return nil
}

// RootFiles are the files an archive holds at its top, beside a folder
// for each response: the marker, the tracker's updates and the events.
var RootFiles = []string{MarkerName, "tracker.yaml", "events.yaml"}

// removeLeftovers deletes the temporary files and folders that a write
// killed part way left in dir (staging.Leftovers), and returns their
// names. It is called only under the archive's lock, when no other write
// is under way, so that every one is stale.
func removeLeftovers(dir string) ([]string, error) {
	found, err := staging.Leftovers(dir)
	if err != nil {
		return nil, err
	}
	for _, p := range found {
		if err := os.RemoveAll(p); err != nil {
			return nil, err
		}
	}
	return found, nil
}
