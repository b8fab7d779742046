package site

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/tracker"
)

// ItemsName is the file in a revision's folder of the site that keeps the
// tracker's items of that revision, as tracker.Items found them when the
// folder was written: a revision never changes, so a later run reads them
// here instead of decoding the archived response again.
const ItemsName = "items.json"

// ItemCache loads the tracker's items of each revision, from the site where
// it holds them already, from the archive otherwise.
//
// It gives the tracker's book thin rows (tracker.Thin) and keeps each
// revision's items whole elsewhere, encoded as items.json holds them:
// where the site holds them, in its items.json; where they were read from
// the archive, in a temporary file of its own, unlinked as soon as it is
// made. The tracker's pages get them back a response at a time, so that
// the items of an archive of thousands of responses, with every text, are
// never held in memory at once; Write keeps beside each revision read from
// the archive its items.json. Close removes the temporary file.
type ItemCache struct {
	out string

	mu        sync.Mutex
	preloaded map[*archive.Entry]items
	// kept are the items read from the archive, by site path: where
	// spill holds them, or, when no temporary file could be made, held.
	kept  map[string]span
	held  map[string][]byte
	spill *os.File
	// size is the length of spill; name its name while it could not be
	// removed (a system that keeps an open file's name); tried says one
	// was asked for.
	size  int64
	name  string
	tried bool
	// words are the short texts of the thin rows (ids, kinds, statuses,
	// owners, days), each held once.
	words map[string]string
}

// span is where a revision's items are in the temporary file.
type span struct{ off, n int64 }

// NewItemCache makes the cache of the site out.
func NewItemCache(out string) *ItemCache {
	return &ItemCache{out: out, kept: map[string]span{}, held: map[string][]byte{}, words: map[string]string{}}
}

// Close removes the cache's temporary file.
func (c *ItemCache) Close() error {
	if c == nil || c.spill == nil {
		return nil
	}
	err := c.spill.Close()
	if c.name != "" {
		err = errors.Join(err, os.Remove(c.name))
	}
	c.spill = nil
	return err
}

// Load returns the items of a revision, for tracker.Rows, thin. A
// revision's preloaded items are handed over once, and no longer held
// here.
func (c *ItemCache) Load(e *archive.Entry) ([]tracker.Row, diag.List) {
	c.mu.Lock()
	got, ok := c.preloaded[e]
	delete(c.preloaded, e)
	c.mu.Unlock()
	if ok {
		return got.rows, got.diags
	}
	return c.load(e)
}

// load reads the items of a revision from the site or the archive, keeps
// those read from the archive, and returns them thin; it is safe to call
// from several goroutines.
func (c *ItemCache) load(e *archive.Entry) ([]tracker.Row, diag.List) {
	m := e.Manifest
	dir := archive.SitePath(m.ID, m.Revision)
	rows, err := c.onSite(e)
	if err != nil {
		var diags diag.List
		rows, diags = tracker.Items(e)
		if diags.Errors() > 0 {
			return nil, diags
		}
		data, err := json.Marshal(rows)
		if err != nil {
			diags.Add(e.Dir, 0, 0, "", "%s", err)
			return nil, diags
		}
		c.keep(dir, data)
	}
	return c.thin(rows), nil
}

// onSite reads the items the site keeps beside a revision it holds.
func (c *ItemCache) onSite(e *archive.Entry) ([]tracker.Row, error) {
	if !current(c.out, e) {
		return nil, errors.New("not on the site")
	}
	m := e.Manifest
	data, err := input.Read(filepath.Join(c.out, filepath.FromSlash(archive.SitePath(m.ID, m.Revision)), ItemsName))
	if err != nil {
		return nil, err
	}
	var rows []tracker.Row
	return rows, json.Unmarshal(data, &rows)
}

// keep keeps the encoded items of the revision at dir: in the temporary
// file, made the first time, or held when it cannot be.
func (c *ItemCache) keep(dir string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.tried {
		c.tried = true
		if f, err := os.CreateTemp("", "s55-items-*"); err == nil {
			c.spill = f
			if os.Remove(f.Name()) != nil {
				c.name = f.Name()
			}
		}
	}
	if c.spill != nil {
		if _, err := c.spill.WriteAt(data, c.size); err == nil {
			c.kept[dir] = span{c.size, int64(len(data))}
			c.size += int64(len(data))
			return
		}
	}
	c.held[dir] = data
}

// thin makes rows thin, each short text held once.
func (c *ItemCache) thin(rows []tracker.Row) []tracker.Row {
	c.mu.Lock()
	defer c.mu.Unlock()
	word := func(s string) string {
		if w, ok := c.words[s]; ok {
			return w
		}
		c.words[s] = s
		return s
	}
	for i, r := range rows {
		r = tracker.Thin(r)
		r.Response, r.Report, r.Item, r.Kind = word(r.Response), word(r.Report), word(r.Item), word(r.Kind)
		r.Status, r.Owner, r.Target = word(r.Status), word(r.Owner), word(r.Target)
		rows[i] = r
	}
	return rows
}

// fresh reports whether the items of the revision at dir were read from
// the archive, and returns them encoded as items.json holds them.
func (c *ItemCache) fresh(dir string) ([]byte, bool, error) {
	if c == nil {
		return nil, false, nil
	}
	c.mu.Lock()
	s, inFile := c.kept[dir]
	data, held := c.held[dir]
	f := c.spill
	c.mu.Unlock()
	switch {
	case held:
		return data, true, nil
	case !inFile:
		return nil, false, nil
	case f == nil:
		return nil, true, errors.New("the items read from the archive are no longer kept: the cache was closed")
	}
	data = make([]byte, s.n)
	if _, err := f.ReadAt(data, s.off); err != nil && !errors.Is(err, io.EOF) {
		return nil, true, err
	}
	return data, true, nil
}

// freshDirs are the site paths of the revisions whose items were read from
// the archive.
func (c *ItemCache) freshDirs() []string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	dirs := make([]string, 0, len(c.kept)+len(c.held))
	for dir := range c.kept {
		dirs = append(dirs, dir)
	}
	for dir := range c.held {
		dirs = append(dirs, dir)
	}
	return dirs
}

// whole returns the items of a response's revision as they were loaded,
// whole: those kept, or those the site holds beside it.
func (c *ItemCache) whole(id string, revision int) ([]tracker.Row, error) {
	dir := archive.SitePath(id, revision)
	data, ok, err := c.fresh(dir)
	if err != nil {
		return nil, err
	}
	if !ok {
		if data, err = input.Read(filepath.Join(c.out, filepath.FromSlash(dir), ItemsName)); err != nil {
			return nil, err
		}
	}
	var rows []tracker.Row
	if err := json.Unmarshal(data, &rows); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(c.out, filepath.FromSlash(dir), ItemsName), err)
	}
	return rows, nil
}

// pass is one pass over the tracker's rows as the pages list them, a
// response at a time, in order: each of the book's rows laid over its item
// as loaded (tracker.Overlay), read again from where the cache keeps it.
// With no cache, the rows are whole already, and are given as they are.
func (c *ItemCache) pass(rows []tracker.Row) func(yield func([]tracker.Row) error) error {
	return func(yield func([]tracker.Row) error) error {
		for start := 0; start < len(rows); {
			end := start + 1
			for end < len(rows) && rows[end].Response == rows[start].Response {
				end++
			}
			now := rows[start:end]
			start = end
			if c == nil {
				if err := yield(now); err != nil {
					return err
				}
				continue
			}
			loaded, err := c.whole(now[0].Response, now[0].Revision)
			if err != nil {
				return err
			}
			if len(loaded) != len(now) {
				return fmt.Errorf("%s: the items of revision %d changed while the site was written", now[0].Response, now[0].Revision)
			}
			for i := range now {
				if loaded[i].Item != now[i].Item {
					return fmt.Errorf("%s: the items of revision %d changed while the site was written", now[0].Response, now[0].Revision)
				}
				loaded[i] = tracker.Overlay(loaded[i], now[i])
			}
			if err := yield(loaded); err != nil {
				return err
			}
		}
		return nil
	}
}
