// Package preview is the live preview behind "s55 serve": it builds one
// response folder in memory, serves the letter, each appendix and the
// published response (HTML and PDF) over HTTP, watches every file the
// response is built from, rebuilds after each save and tells the open browser
// tabs to reload.
//
// It serves only what it built, from memory, at a fixed set of paths; any
// other request gets 404. Nothing is written to disk: the pages it serves
// differ from the built files only by one script element, added on the way
// out, that listens for rebuilds on a Server-Sent Events stream. A tab reloads
// when the preview it shows has changed: after a good rebuild it shows the new
// document; after a failed one it shows the problems, positioned as
// "file:line:col", with a link to the last good document.
//
// Changes are seen through file system events (fsnotify), or by polling when
// events are not available or not wanted (network drives). Bursts of events,
// such as an editor's write-then-rename, are gathered into one rebuild.
//
// Packages of handlers stand beside the preview (Mount): the editor
// (internal/editor) is one. The preview gives them what they need to change
// the response safely: a load of the response with some files given in
// memory (Load), the build lock that saves and rebuilds take turns under
// (Lock), publishing a load (Publish), and the guard of every request: the
// Host and Origin it answers to and the token of this start (CheckOrigin,
// CheckWrite). internal/serve puts them together.
package preview

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/staging"
)

// DefaultAddr is where the preview listens unless told otherwise: loopback
// only, so that a draft is not readable from other machines.
const DefaultAddr = "127.0.0.1:8055"

// The defaults of Options.
const (
	// DefaultDebounce is the step between two looks at the files after a
	// change: the rebuild starts once a look finds them as the one before,
	// the write finished.
	DefaultDebounce = 5 * time.Millisecond
	// DefaultPollInterval is how often polling looks at the files.
	DefaultPollInterval = 500 * time.Millisecond
)

// maxDebounce bounds the wait for quiet: files that keep changing are still
// rebuilt at least this often.
const maxDebounce = time.Second

// shutdownTimeout bounds the wait for requests in flight when the preview
// stops.
const shutdownTimeout = 5 * time.Second

// Options tune a preview.
type Options struct {
	// Office is the office profile, as for a build; empty means
	// office.yaml beside the response folder.
	Office string
	// Poll watches the files by polling instead of file system events.
	// Polling is also used when events cannot be had.
	Poll bool
	// PollInterval is how often polling looks; zero means
	// DefaultPollInterval.
	PollInterval time.Duration
	// Debounce is the step between two looks at the files after a change,
	// awaiting the end of the write before rebuilding; zero means
	// DefaultDebounce.
	Debounce time.Duration
	// Hosts are the names, besides loopback ones and the host of the
	// address listened on, that the preview answers to (s55 serve
	// --host): a request whose Host or Origin names another is refused,
	// so that a page that renamed itself to this machine cannot read the
	// draft.
	Hosts []string
	// Guard, when set, is the guard of a server the preview is one part
	// of (the office's desk): its names and token are the preview's.
	// Nil means a guard of the preview's own, of Hosts.
	Guard *Guard
	// Log receives a line for each rebuild that changed the preview, the
	// problems of a failed one, and notes about watching; nil discards.
	Log io.Writer
}

// Server is the preview of one response folder. Its zero value is not
// usable; make one with New.
type Server struct {
	dir string
	opt Options

	// buildMu serialises rebuilds and the writes of saves (not their
	// checks); it guards seen.
	buildMu sync.Mutex
	// checking, when set, is called as each load that checks a change
	// starts: tests hold a save in its check with it.
	checking func()
	// seen is what the files held when last was loaded (by fingerprint,
	// contents only): a change the watcher reports that leaves them so
	// needs no rebuild.
	seen map[string]signature
	// guard holds the names the server answers to and the key of this
	// start, made when the server is: every request that writes must
	// carry it.
	guard *Guard
	// bg counts the PDF builds that go on after a save has answered.
	bg sync.WaitGroup
	// loads counts the loads of the response; unchanged, the rebuilds
	// the watcher asked for that found nothing new. Tests read them.
	loads, unchanged atomic.Int64

	mu   sync.Mutex
	snap *snapshot
	// last is the load the latest rebuild or save published.
	last     *Load
	watching watchSet
	subs     map[chan struct{}]struct{}
	done     chan struct{} // closed when the server stops: ends event streams
	wantPDF  chan struct{} // a request waits for the PDFs of the latest build

	// handlers answer requests beside the preview's own (Mount).
	handlers []Handler

	logMu sync.Mutex
}

// snapshot is the state of the preview after a rebuild. It is never changed
// once published; a rebuild publishes a new one.
type snapshot struct {
	// gen counts the changes of the preview, from 1; good is the gen of
	// the last good build, 0 when there has been none.
	gen, good uint64
	// ok reports whether the latest rebuild succeeded.
	ok bool
	// diags are the latest rebuild's problems: errors when it failed,
	// warnings otherwise.
	diags diag.List
	// files are the last good build's outputs; builtAt is when it was
	// made. labels name its documents in words, by the name of their
	// files without the extension.
	files   []staging.File
	labels  map[string]string
	builtAt time.Time
	// pending, while the latest good build has its pages but not yet its
	// PDFs, is closed when the snapshot that completes it is published.
	pending chan struct{}
	// id names the response; took is how long the latest rebuild took,
	// and pages how long until its pages were out.
	id          string
	took, pages time.Duration
	// digest identifies what the tabs show: ok, diags and the pages.
	digest [sha256.Size]byte
}

// file returns the last good build's file called name.
func (s *snapshot) file(name string) (staging.File, bool) {
	for _, f := range s.files {
		if f.Name == name {
			return f, true
		}
	}
	return staging.File{}, false
}

// New returns the preview of the response folder dir. Nothing is read until
// Run or Rebuild.
func New(dir string, opt Options) *Server {
	opt.Debounce = cmp.Or(opt.Debounce, DefaultDebounce)
	opt.PollInterval = cmp.Or(opt.PollInterval, DefaultPollInterval)
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	return &Server{
		dir:     dir,
		opt:     opt,
		guard:   cmp.Or(opt.Guard, NewGuard(opt.Hosts)),
		snap:    &snapshot{},
		subs:    map[chan struct{}]struct{}{},
		done:    make(chan struct{}),
		wantPDF: make(chan struct{}, 1),
	}
}

// ErrInUse reports that the address to listen on is taken.
var ErrInUse = errors.New("in use")

// ErrPublic reports an address that other machines could reach, which
// Listen refuses unless it is told otherwise.
var ErrPublic = errors.New("other machines could read the draft")

// Listen opens the TCP address addr for Run. Unless public is set, an
// address that other machines could reach is refused, before anything
// listens, with an error wrapping ErrPublic that says why: any host but a
// loopback address or a name that only resolves to loopback addresses
// ("localhost"), and so an empty host (":8055", every interface) and
// 0.0.0.0 or [::]. An address that another program holds gives an error
// wrapping ErrInUse that says so in words.
func Listen(addr string, public bool) (net.Listener, error) {
	if !public {
		if err := loopbackOnly(addr); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%s is %w (is another s55 serve running? choose another port with --addr)", addr, ErrInUse)
	}
	if err == nil && !public && !Loopback(ln.Addr()) {
		ln.Close()
		return nil, fmt.Errorf("%s listens on %s, where %w", addr, ln.Addr(), ErrPublic)
	}
	return ln, err
}

// loopbackOnly refuses an address whose host other machines could reach.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil // net.Listen words it
	}
	if host == "" {
		return fmt.Errorf("%s has no host, so it listens on every network interface of this machine, where %w", addr, ErrPublic)
	}
	ips := []net.IP{net.ParseIP(strings.Split(host, "%")[0])}
	if ips[0] == nil {
		ips, err = net.LookupIP(host)
		if err != nil {
			return nil // net.Listen words it
		}
	}
	for _, ip := range ips {
		switch {
		case ip.IsUnspecified():
			return fmt.Errorf("%s listens on every network interface of this machine, where %w", addr, ErrPublic)
		case !ip.IsLoopback():
			return fmt.Errorf("%s is not a loopback address (%s), so %w", addr, ip, ErrPublic)
		}
	}
	return nil
}

// URL returns the address to open in a browser for a listener's address:
// the address it really listens on, [::] or 0.0.0.0 when that is every
// interface.
func URL(addr net.Addr) string {
	return "http://" + addr.String() + "/"
}

// Everywhere reports whether a listener's address is every interface of
// the machine.
func Everywhere(addr net.Addr) bool {
	t, ok := addr.(*net.TCPAddr)
	return ok && t.IP.IsUnspecified()
}

// Loopback reports whether a listener's address accepts only connections
// from this machine.
func Loopback(addr net.Addr) bool {
	t, ok := addr.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}

// Run builds the response, then serves it on ln and rebuilds it after every
// change until ctx is done. It then stops serving, waits briefly for requests
// in flight and returns nil; any other return is an error of the listener.
// A server runs once.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	s.guard.Listening(ln.Addr())

	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	w := s.startWatcher()
	s.Rebuild()
	w.follow(s.watchSet())
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		s.watchLoop(watchCtx, w)
	}()

	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(logWriter{s}, "s55 serve: ", 0),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	close(s.done) // ends the event streams, which never go idle
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil && err == nil {
		err = serr
	}
	stopWatch()
	<-watched
	s.bg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// logWriter writes to the server's log, one writer at a time.
type logWriter struct{ s *Server }

func (w logWriter) Write(p []byte) (int, error) {
	w.s.logMu.Lock()
	defer w.s.logMu.Unlock()
	return w.s.opt.Log.Write(p)
}

// logf writes a note to the log.
func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opt.Log, "s55 serve: "+format+"\n", args...)
}

// latest returns the load the latest rebuild or save published, or nil.
func (s *Server) latest() *Load {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// current returns the published snapshot.
func (s *Server) current() *snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snap
}

// subscribe returns a channel signalled after each change of the preview.
func (s *Server) subscribe() chan struct{} {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch
}

func (s *Server) unsubscribe(ch chan struct{}) {
	s.mu.Lock()
	delete(s.subs, ch)
	s.mu.Unlock()
}

// digest identifies what the tabs show of a snapshot: whether it is good,
// its problems and its HTML pages. The PDFs are made from the same document
// trees as the pages, and no tab reloads them.
func digest(snap *snapshot) [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "ok=%t\n", snap.ok)
	for _, d := range snap.diags {
		fmt.Fprintf(h, "%s\n", d.Error())
	}
	for _, f := range snap.files {
		if path.Ext(f.Name) != ".html" {
			continue
		}
		fmt.Fprintf(h, "%s %d\n", f.Name, len(f.Data))
		h.Write(f.Data)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// Millis writes a duration in whole milliseconds: "42 ms".
func Millis(d time.Duration) string {
	return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
}

func plural(n int, word string) string {
	return count.English(n, word, word+"s")
}

// insertBefore inserts ins before the last occurrence of the lower-case
// ASCII tag in page, in any case, or at the end when there is none.
func insertBefore(page []byte, tag, ins string) []byte {
	i := len(page)
	for j := len(page) - len(tag); j >= 0; j-- {
		if asciiFold(page[j:j+len(tag)], tag) {
			i = j
			break
		}
	}
	out := make([]byte, 0, len(page)+len(ins))
	out = append(out, page[:i]...)
	out = append(out, ins...)
	return append(out, page[i:]...)
}

// asciiFold reports whether b is the lower-case ASCII s in any case.
func asciiFold(b []byte, s string) bool {
	for i := range len(s) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}
