package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// MarkerName is the file at the top of every archive. It says what the
// folder is, so that no command writes into or replaces it, and issues
// take turns by locking it.
const MarkerName = ".s55-archive"

const markerText = "This folder is an s55 archive of issued responses. Never edit it by hand: s55 verify proves it.\n"

// Lock creates the archive folder and its marker if needed and locks the
// marker, waiting for any other issue to finish. The returned function
// unlocks it. The lock is the operating system's (flock), so it is let go
// when a process dies, even by SIGKILL. Once locked, the temporary files
// that a track, record or issue killed part way left at the archive's
// top are removed: with the lock held, none is being written.
func Lock(archive string) (unlock func(), err error) {
	if err := os.MkdirAll(archive, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(archive, MarkerName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: cannot lock the archive: %w", f.Name(), err)
	}
	if _, err := removeLeftovers(archive); err != nil {
		f.Close()
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		if _, err := f.WriteString(markerText); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, err
		}
	}
	return func() { f.Close() }, nil
}

// encode writes a manifest as issue does: indented JSON and a newline.
func encode(m *Manifest) ([]byte, error) {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
