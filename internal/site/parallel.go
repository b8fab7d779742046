package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"runtime"
	"sync"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/tracker"
)

// workers is how many revisions are read or written at once: a revision's
// work is part reading and hashing, part waiting for the file system, so
// more than one for each processor keeps them all busy.
func workers() int { return 2 * runtime.GOMAXPROCS(0) }

// each runs f for 0 <= i < n on workers() goroutines, counting each i
// done on count, as progress.Each does.
func each(ctx context.Context, n int, count *progress.Counter, f func(i int) error) error {
	return progress.Each(ctx, n, workers(), count, f)
}

// items is what Load gives for one revision.
type items struct {
	rows  []tracker.Row
	diags diag.List
}

// Preload loads, across the processors, the items of every revision that
// tracker.Rows will ask Load for (the first, that is the latest, of each
// response in the archive's order), so that Load then only looks them up.
// report, when not nil, is told each response read. Once ctx is done it
// reads no more: Load reads the rest when asked.
func (c *ItemCache) Preload(ctx context.Context, entries []*archive.Entry, report progress.Func) {
	seen := map[string]bool{}
	var latest []*archive.Entry
	for _, e := range entries {
		if !seen[e.Manifest.ID] {
			seen[e.Manifest.ID] = true
			latest = append(latest, e)
		}
	}
	got := make([]items, len(latest))
	loaded := make([]bool, len(latest))
	_ = each(ctx, len(latest), report.Stage("reading", "response", len(latest)), func(i int) error {
		loaded[i] = true
		got[i].rows, got[i].diags = c.load(latest[i])
		return nil
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.preloaded == nil {
		c.preloaded = map[*archive.Entry]items{}
	}
	for i, e := range latest {
		if loaded[i] {
			c.preloaded[e] = got[i]
		}
	}
}

// buffers lend the workers the buffer a file is hashed through.
var buffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// fileDigest is archive.Digest of the file's bytes, read through a small
// buffer: the documents of thousands of revisions are proved without
// holding one whole in memory.
func fileDigest(name string) (string, error) {
	f, err := input.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	buf := buffers.Get().(*[]byte)
	defer buffers.Put(buf)
	// Only the file's Read: an *os.File's WriteTo would copy through a
	// buffer of its own, made for every file.
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, *buf); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
