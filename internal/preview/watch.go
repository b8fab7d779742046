package preview

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// watchSet is what a rebuild depends on: files by name, and folders in which
// any file counts (the response folder, where a missing file may appear, and
// the office's templates). Paths are absolute and clean.
type watchSet struct {
	files map[string]bool
	trees map[string]bool
}

// baseWatch is what every build of dir depends on, whatever it reads: the
// response folder and the office profile, which may not exist yet.
func baseWatch(dir, office string) watchSet {
	w := watchSet{files: map[string]bool{}, trees: map[string]bool{}}
	w.addTree(dir)
	if office == "" {
		office = filepath.Join(filepath.Dir(filepath.Clean(dir)), response.OfficeFileName)
	}
	w.addFile(office)
	return w
}

// add adds the files a build read: the folder's inputs and the office's
// templates.
func (w watchSet) add(f *response.Folder, th *theme.Theme) {
	for _, p := range f.Inputs {
		w.addFile(p)
	}
	for _, p := range th.Files {
		w.addFile(p)
	}
	if f.TemplatesDir != "" {
		w.addTree(f.TemplatesDir)
	}
}

// merge adds everything o holds.
func (w watchSet) merge(o watchSet) {
	maps.Copy(w.files, o.files)
	maps.Copy(w.trees, o.trees)
}

func (w watchSet) addFile(p string) { w.files[AbsPath(p)] = true }
func (w watchSet) addTree(p string) { w.trees[AbsPath(p)] = true }

// AbsPath is p made absolute, as the watcher and the saves compare paths;
// p cleaned when it cannot be.
func AbsPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// equal reports whether w and o hold the same paths.
func (w watchSet) equal(o watchSet) bool {
	return maps.Equal(w.files, o.files) && maps.Equal(w.trees, o.trees)
}

// matches reports whether a change to the file or folder called name counts.
func (w watchSet) matches(name string) bool {
	name = AbsPath(name)
	if w.files[name] {
		return true
	}
	for t := range w.trees {
		if name == t {
			return true
		}
		if rel, ok := strings.CutPrefix(name, t+string(filepath.Separator)); ok {
			return !noise(rel)
		}
	}
	return false
}

// noise reports whether a path inside a watched folder names an editor's
// scratch file (hidden files, backups, swap files), which no build reads.
func noise(rel string) bool {
	for part := range strings.SplitSeq(rel, string(filepath.Separator)) {
		if strings.HasPrefix(part, ".") || strings.HasPrefix(part, "#") {
			return true
		}
	}
	base := filepath.Base(rel)
	return strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") ||
		strings.HasSuffix(base, ".swx") || base == "4913"
}

// dirs returns the folders to watch for events, sorted: the folder of each
// file, and each tree with its subfolders.
func (w watchSet) dirs() []string {
	set := map[string]bool{}
	for f := range w.files {
		set[filepath.Dir(f)] = true
	}
	for t := range w.trees {
		w.walk(t, func(p string, d fs.DirEntry) {
			if d.IsDir() {
				set[p] = true
			}
		})
	}
	return slices.Sorted(maps.Keys(set))
}

// walk calls fn for the folder t and everything under it but noise, without
// following symbolic links. A folder that cannot be read is left out.
func (w watchSet) walk(t string, fn func(p string, d fs.DirEntry)) {
	filepath.WalkDir(t, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p != t {
			if rel, _ := filepath.Rel(t, p); noise(rel) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
		}
		fn(p, d)
		return nil
	})
}

// signature is what is known of one file: its kind and contents, and for
// polling its size and modification time, summed; the zero signature stands
// for no file.
type signature [sha256.Size]byte

// fingerprint returns the signature of every file the set names or holds,
// missing files included, so that any change gives another fingerprint.
// Stamped signatures hold each file's size and time too, for polling; the
// others only what a build reads, for telling whether a rebuild would read
// anything new.
func (w watchSet) fingerprint(stamped bool) map[string]signature {
	files := map[string]bool{}
	maps.Copy(files, w.files)
	for t := range w.trees {
		w.walk(t, func(p string, d fs.DirEntry) {
			files[p] = true
		})
	}
	out := make(map[string]signature, len(files))
	for p := range files {
		out[p] = sign(p, stamped)
	}
	return out
}

// sign returns the signature of the file p.
func sign(p string, stamped bool) signature {
	st, err := os.Stat(p)
	if err != nil {
		return signature{}
	}
	if st.IsDir() {
		return sha256.Sum256([]byte("folder\n"))
	}
	stamp := ""
	if stamped {
		stamp = fmt.Sprintf("%d %d\n", st.Size(), st.ModTime().UnixNano())
	}
	// input.Read refuses a FIFO or a device without opening it, so one in
	// place of an input cannot block the watcher.
	data, _ := input.Read(p)
	return signData(st.Mode().Type(), stamp, data)
}

// signData is the signature of a file of the kind mode holding data.
func signData(mode fs.FileMode, stamp string, data []byte) signature {
	h := sha256.New()
	fmt.Fprintf(h, "%v\n%s", mode, stamp)
	h.Write(data)
	var sig signature
	h.Sum(sig[:0])
	return sig
}

// watcher signals changes to a watchSet on the channel it was made with.
type watcher interface {
	// follow makes the watcher look at w from now on.
	follow(w watchSet) error
	close() error
}

// trigger signals ch without blocking; one pending signal is enough.
func trigger(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// notifier watches with file system events. It watches folders rather than
// files, so that an editor replacing a file by renaming another over it is
// seen, and keeps the events about the set's files.
type notifier struct {
	fw   *fsnotify.Watcher
	trig chan<- struct{}
	logf func(format string, args ...any)

	mu  sync.Mutex
	set watchSet
}

func newNotifier(trig chan<- struct{}, logf func(string, ...any)) (*notifier, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	n := &notifier{fw: fw, trig: trig, logf: logf}
	go n.loop()
	return n, nil
}

func (n *notifier) loop() {
	for {
		select {
		case ev, ok := <-n.fw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue // attributes only: no build reads them
			}
			n.mu.Lock()
			m := n.set.files != nil && n.set.matches(ev.Name)
			n.mu.Unlock()
			if m {
				trigger(n.trig)
			}
		case err, ok := <-n.fw.Errors:
			if !ok {
				return
			}
			// Events may have been lost: rebuild to be sure.
			n.logf("watching: %v", err)
			trigger(n.trig)
		}
	}
}

func (n *notifier) follow(w watchSet) error {
	n.mu.Lock()
	n.set = w
	n.mu.Unlock()
	want := w.dirs()
	for _, d := range want {
		if err := n.fw.Add(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("watching %s: %w", d, err)
		}
	}
	for _, d := range n.fw.WatchList() {
		if _, found := slices.BinarySearch(want, d); !found {
			n.fw.Remove(d) // gone already, or no longer wanted
		}
	}
	return nil
}

func (n *notifier) close() error { return n.fw.Close() }

// poller watches by reading every file of the set at an interval, for file
// systems that send no events (network drives).
type poller struct {
	trig chan<- struct{}
	stop chan struct{}

	mu      sync.Mutex
	set     watchSet
	version int // counts the sets followed
	last    map[string]signature
}

func newPoller(trig chan<- struct{}, interval time.Duration) *poller {
	p := &poller{trig: trig, stop: make(chan struct{})}
	go p.loop(interval)
	return p
}

func (p *poller) loop(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
		}
		p.mu.Lock()
		set, version := p.set, p.version
		p.mu.Unlock()
		if set.files == nil {
			continue
		}
		now := set.fingerprint(true)
		p.mu.Lock()
		if version == p.version && !maps.Equal(now, p.last) {
			p.last = now
			trigger(p.trig)
		}
		p.mu.Unlock()
	}
}

// follow makes w the set to poll. A file the old set already covered keeps
// the signature polling last saw, so a change made while the sets are
// swapped is still seen; a file it did not cover starts from what is there.
func (p *poller) follow(w watchSet) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.set.files != nil && w.equal(p.set) {
		return nil
	}
	now := w.fingerprint(true)
	if p.set.files != nil {
		for f := range now {
			if old, seen := p.last[f]; seen {
				now[f] = old
			} else if p.set.matches(f) {
				now[f] = signature{} // new since the last look
			}
		}
	}
	p.set, p.last = w, now
	p.version++
	return nil
}

func (p *poller) close() error {
	close(p.stop)
	return nil
}

// watching is the watcher of a running server, which turns to polling when
// file system events fail.
type watching struct {
	w        watcher
	trig     chan struct{}
	interval time.Duration
	logf     func(string, ...any)
}

// startWatcher starts watching what every build depends on.
func (s *Server) startWatcher() *watching {
	wt := &watching{trig: make(chan struct{}, 1), interval: s.opt.PollInterval, logf: s.logf}
	if !s.opt.Poll {
		n, err := newNotifier(wt.trig, s.logf)
		if err == nil {
			wt.w = n
		} else {
			s.logf("file system events unavailable (%v); polling every %v", err, s.opt.PollInterval)
		}
	}
	if wt.w == nil {
		wt.w = newPoller(wt.trig, s.opt.PollInterval)
	}
	wt.follow(baseWatch(s.dir, s.opt.Office))
	return wt
}

// follow watches w, turning to polling if events fail.
func (wt *watching) follow(w watchSet) {
	err := wt.w.follow(w)
	if err == nil {
		return
	}
	wt.logf("%v; polling every %v instead", err, wt.interval)
	wt.w.close()
	wt.w = newPoller(wt.trig, wt.interval)
	wt.w.follow(w)
	trigger(wt.trig) // a change may have been missed while switching
}

func (wt *watching) close() { wt.w.close() }

// watchSet returns what the latest rebuild depends on.
func (s *Server) watchSet() watchSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := watchSet{files: maps.Clone(s.watching.files), trees: maps.Clone(s.watching.trees)}
	if w.files == nil {
		w = baseWatch(s.dir, s.opt.Office)
	}
	return w
}

// watchLoop rebuilds after each change that is followed by a quiet spell,
// until ctx is done.
func (s *Server) watchLoop(ctx context.Context, wt *watching) {
	defer wt.close()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wt.trig:
		}
		if !s.quiet(ctx, wt.trig) {
			return
		}
		s.rebuild(pdfSettle, true)
		wt.follow(s.watchSet())
	}
}

// quiet waits until the write that brought a change has finished: it
// looks at the size and time of every file the rebuild reads, again each
// Debounce, and returns as soon as a look finds them as the one before,
// with no event between. A save in a text editor is done by its first
// look, so the rebuild starts one step after the event, not after a fixed
// wait; a file still being written is awaited, for maxDebounce at most. It
// returns false when ctx is done first.
func (s *Server) quiet(ctx context.Context, trig <-chan struct{}) bool {
	limit := time.NewTimer(maxDebounce)
	defer limit.Stop()
	set := s.watchSet()
	before := set.stamps()
	t := time.NewTimer(s.opt.Debounce)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-trig:
			before = set.stamps()
			t.Reset(s.opt.Debounce)
		case <-t.C:
			now := set.stamps()
			if maps.Equal(now, before) {
				return true
			}
			before = now
			t.Reset(s.opt.Debounce)
		case <-limit.C:
			return true
		}
	}
}

// stamp is what a look at a file finds without reading it.
type stamp struct {
	size, mtime int64
	mode        fs.FileMode
}

// stamps returns the stamp of every file of the set, missing ones as the
// zero stamp.
func (w watchSet) stamps() map[string]stamp {
	out := make(map[string]stamp, len(w.files))
	look := func(p string) {
		if st, err := os.Stat(p); err == nil {
			out[p] = stamp{st.Size(), st.ModTime().UnixNano(), st.Mode()}
		} else {
			out[p] = stamp{}
		}
	}
	for p := range w.files {
		look(p)
	}
	for t := range w.trees {
		w.walk(t, func(p string, d fs.DirEntry) { look(p) })
	}
	return out
}
