package serve_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/serve"
)

// TestFIFODoesNotHang proves that a named pipe in place of an input blocks
// neither the build nor the watcher, with file system events and with
// polling: the preview shows the problem, and once the pipe is replaced by
// the file again, the document. Were the pipe opened for reading, the first
// rebuild would never end and start would fail after its patience.
func TestFIFODoesNotHang(t *testing.T) {
	for _, poll := range []bool{false, true} {
		for _, name := range []string{"response.yaml", "../office.yaml", "letter.md"} {
			t.Run(filepath.Base(name)+map[bool]string{false: "/events", true: "/poll"}[poll], func(t *testing.T) {
				dir := copyReference(t)
				file := filepath.Join(dir, name)
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.Remove(file); err != nil {
					t.Fatal(err)
				}
				if err := syscall.Mkfifo(file, 0o644); err != nil {
					t.Fatal(err)
				}
				p := start(t, dir, serve.Options{Poll: poll, PollInterval: 20 * time.Millisecond, Debounce: 10 * time.Millisecond})
				if st := p.waitState(t, func(state) bool { return true }); st.OK {
					t.Fatalf("a FIFO as %s built: %+v", name, st)
				}
				if _, body := p.get(t, "/"); !strings.Contains(body, "is a named pipe (FIFO), not a regular file") {
					t.Fatalf("the preview does not name the FIFO:\n%s", body)
				}
				// Replace the pipe by the file, as an editor saving it would.
				tmp := file + ".tmp"
				if err := os.WriteFile(tmp, data, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(tmp, file); err != nil {
					t.Fatal(err)
				}
				p.waitState(t, func(st state) bool { return st.OK })
			})
		}
	}
}
