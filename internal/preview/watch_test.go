package preview

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestPollerKeepsChangesAcrossSets: a file changed after the poller last
// looked and before it is given a new set (as after a rebuild) still counts
// as changed; a file that is new to it does not.
func TestPollerKeepsChangesAcrossSets(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "r")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, text string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(dir, "response.yaml")
	image := filepath.Join(root, "signature.png")
	write(data, "one")
	write(image, "png")

	trig := make(chan struct{}, 1)
	p := newPoller(trig, time.Hour) // looks only when the test says
	defer p.close()
	base := baseWatch(dir, "")
	p.follow(base)

	write(data, "two") // the same size: only the contents tell
	full := baseWatch(dir, "")
	full.addFile(image)
	p.follow(full)
	if now := full.fingerprint(true); maps.Equal(now, p.last) {
		t.Fatal("the change made before the new set was followed is lost")
	}
	if p.last[image] != sign(image, true) {
		t.Error("a file new to the poller does not start from what is there")
	}
}
