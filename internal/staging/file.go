package staging

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes data as the file name atomically: into a temporary file
// beside it, flushed to disk, then put in place, so that a reader sees the
// old file or the new one and a failure leaves neither half-written nor a
// temporary file behind. With replace set, the new file is renamed over any
// old one; without it, it is linked into place, so that an existing file,
// even one that appears meanwhile, is an error wrapping ErrExists and is
// left as it was. The file's mode is 0644, whatever the temporary file had.
func WriteFile(name string, data []byte, replace bool) (err error) {
	if !replace {
		if _, err := os.Lstat(name); err == nil {
			return fmt.Errorf("%s: %w", name, ErrExists)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
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
		err = tmp.Chmod(0o644)
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
