package site

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/staging"
)

// RemoveLeftovers deletes the hidden temporary files and folders that an
// index killed part way left in the site out: at its top (pages), in
// responses/ and each response's folder (revisions being put in place) and
// in each revision's folder (its items). They are never published: the
// office uploads the site folder as it is. index calls it holding the
// archive's lock, so no other index is writing them, before it decides
// whether the site is up to date.
func RemoveLeftovers(out string) error {
	dirs := []string{out, filepath.Join(out, "responses")}
	ids, err := os.ReadDir(filepath.Join(out, "responses"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, id := range ids {
		if !id.IsDir() {
			continue
		}
		dir := filepath.Join(out, "responses", id.Name())
		dirs = append(dirs, dir)
		revs, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, r := range revs {
			if r.IsDir() {
				dirs = append(dirs, filepath.Join(dir, r.Name()))
			}
		}
	}
	for _, d := range dirs {
		found, err := staging.Leftovers(d)
		if err != nil {
			return err
		}
		for _, p := range found {
			if err := os.RemoveAll(p); err != nil {
				return err
			}
		}
	}
	return nil
}
