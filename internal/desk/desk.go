// Package desk is the office's desk in "s55 serve OFFICE_DIR": the folder
// that holds office.yaml, its response folders and its archive, served as
// pages and a JSON API (docs/serve.md documents both). The desk lists
// every response with its clock (internal/standing, as "s55 status"),
// starts new ones from the report's pasted text, edits each response's
// fields, previews a draft, issues, records, publishes and tracks.
//
// It owns no rule of its own. Each response it opens has a preview
// (internal/preview) and an editor (internal/editor) of its own, never
// run, that share the desk's guard (preview.Guard: the Host and Origin it
// answers to and the token of this start): an item's or the letter's save
// is the editor's save, under the same locks, versions and checks. Issue,
// record, track and publish call the packages the commands call, under the
// archive's lock.
package desk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/editor"
	"github.com/opcc-tools/s55/internal/preview"
	"github.com/opcc-tools/s55/internal/response"
)

// ArchiveName is the office's archive, in the office's folder.
const ArchiveName = "archive"

// Desk is the office's desk. Make one with New.
type Desk struct {
	dir    string // the office's folder
	office string // its profile
	opt    preview.Options
	guard  *preview.Guard
	mux    *http.ServeMux
	// Today gives the day the clocks are read on; nil means today.
	Today func() time.Time
	// Now gives the time of issue; nil means now.
	Now func() time.Time
	// Tool names the program in what it issues ("s55 v1.2").
	Tool string

	mu        sync.Mutex
	responses map[string]*opened

	cacheMu sync.Mutex
	cache   map[string]known // by response folder

	// work is how far publish, issue or merge has got.
	work work
}

// opened is a response the desk has opened: its preview and editor.
type opened struct {
	p  *preview.Server
	ed *editor.Editor
}

// IsOffice reports whether dir is an office's folder: it holds office.yaml
// and no response.yaml.
func IsOffice(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, response.FileName)); err == nil {
		return false
	}
	st, err := os.Stat(filepath.Join(dir, response.OfficeFileName))
	return err == nil && st.Mode().IsRegular()
}

// New returns the desk of the office folder dir. opt.Office, when set,
// is the office profile; else office.yaml in dir.
func New(dir string, opt preview.Options) *Desk {
	if opt.Office == "" {
		opt.Office = filepath.Join(dir, response.OfficeFileName)
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	g := preview.NewGuard(opt.Hosts)
	opt.Guard = g
	d := &Desk{dir: dir, office: opt.Office, opt: opt, guard: g, responses: map[string]*opened{}, cache: map[string]known{}}
	d.routes()
	return d
}

// Token is the key of this start, which every request that writes carries.
func (d *Desk) Token() string { return d.guard.Token() }

// URL returns the address of the desk for a listener's address.
func URL(addr net.Addr) string { return preview.URL(addr) }

// today is the day the clocks are read on.
func (d *Desk) today() time.Time {
	if d.Today != nil {
		return d.Today()
	}
	return day.Today()
}

// archive is the office's archive folder.
func (d *Desk) archive() string { return filepath.Join(d.dir, ArchiveName) }

// Run serves the desk on ln until ctx is done, then waits briefly for
// requests in flight and for the work they left, and returns nil; any
// other return is an error of the listener.
func (d *Desk) Run(ctx context.Context, ln net.Listener) error {
	d.guard.Listening(ln.Addr())
	// Where each response stands is read once now, so that the first
	// page, opened in a moment, reads only what changed since.
	warm := make(chan struct{})
	go func() {
		defer close(warm)
		d.standings()
	}()
	defer func() { <-warm }()
	srv := &http.Server{
		Handler:           d,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(d.opt.Log, "s55 serve: ", 0),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil && err == nil {
		err = serr
	}
	d.Settle()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Settle waits for the work the saves left behind them (the PDFs of their
// previews).
func (d *Desk) Settle() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, o := range d.responses {
		o.p.SettlePDFs()
	}
}

// ServeHTTP answers the desk's pages and API, to the names the guard
// allows only.
func (d *Desk) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !d.guard.Admit(w, r) {
		return
	}
	if e := d.guard.CheckOrigin(r); e != nil {
		writeError(w, &apiError{status: e.Status, msg: e.Msg})
		return
	}
	d.mux.ServeHTTP(w, r)
}

// open returns the response id of the office, opened, or a 404.
func (d *Desk) open(id string) (*opened, *apiError) {
	if !response.ValidID(id) {
		return nil, failf(http.StatusNotFound, "%q is not the name of a response", id)
	}
	dir := filepath.Join(d.dir, id)
	if st, err := os.Lstat(filepath.Join(dir, response.FileName)); err != nil || !st.Mode().IsRegular() {
		return nil, failf(http.StatusNotFound, "the office has no response %q", id)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if o := d.responses[id]; o != nil {
		return o, nil
	}
	opt := d.opt
	opt.Log = io.Discard
	p := preview.New(dir, opt)
	o := &opened{p: p, ed: editor.New(p)}
	d.responses[id] = o
	return o, nil
}

// apiError is an answer other than 2xx: its status and message, and what
// the caller needs to carry on.
type apiError struct {
	status int
	msg    string
	extra  map[string]any
}

func failf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

// writeJSON answers with v as JSON (editor.WriteJSON).
func writeJSON(w http.ResponseWriter, status int, v any) { editor.WriteJSON(w, status, v) }

// writeError answers with the error as JSON (editor.WriteError).
func writeError(w http.ResponseWriter, e *apiError) { editor.WriteError(w, e.status, e.msg, e.extra) }

// handler is one of the desk's answers; it returns the error to answer,
// or nil once it has answered.
type handler func(w http.ResponseWriter, r *http.Request) *apiError

// reads answers a request that only reads.
func reads(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if e := h(w, r); e != nil {
			writeError(w, e)
		}
	}
}

// writes answers a request that writes: only from this machine with the
// token of this start.
func (d *Desk) writes(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if e := d.guard.CheckWrite(r); e != nil {
			writeError(w, &apiError{status: e.Status, msg: e.Msg})
			return
		}
		if e := h(w, r); e != nil {
			writeError(w, e)
		}
	}
}

// routes are the desk's paths.
func (d *Desk) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", d.servePage)
	m.HandleFunc("GET /_s55/desk.js", serveScript)
	m.HandleFunc("GET /responses/{id}", d.serveResponsePage)
	m.HandleFunc("GET /responses/{id}/tracker", d.serveTrackerPage)
	m.HandleFunc("GET /_s55/api/office", reads(d.getOffice))
	m.HandleFunc("POST /_s55/api/responses", d.writes(d.newResponse))
	m.HandleFunc("GET /_s55/api/responses/{id}", reads(d.getResponse))
	m.HandleFunc("PUT /_s55/api/responses/{id}", d.writes(d.putResponse))
	m.HandleFunc("GET /_s55/api/responses/{id}/items/{item}", reads(d.getItem))
	m.HandleFunc("GET /_s55/api/responses/{id}/preview", d.servePreview)
	m.HandleFunc("POST /_s55/api/responses/{id}/issue", d.writes(d.issue))
	m.HandleFunc("GET /_s55/api/responses/{id}/submission.eml", reads(d.submission))
	m.HandleFunc("POST /_s55/api/responses/{id}/record", d.writes(d.record))
	m.HandleFunc("POST /_s55/api/responses/{id}/items/{item}/track", d.writes(d.track))
	m.HandleFunc("POST /_s55/api/publish", d.writes(d.publish))
	m.HandleFunc("GET /_s55/api/responses/{id}/invitation.xlsx", reads(d.invitation))
	m.HandleFunc("POST /_s55/api/responses/{id}/merge", d.writes(d.merge))
	m.HandleFunc("GET /_s55/api/progress.xlsx", reads(d.progress))
	m.HandleFunc("GET /_s55/api/work", reads(d.getWork))
	m.HandleFunc("POST /_s55/api/track-from", d.writes(d.trackFrom))
	m.HandleFunc("PUT /_s55/api/responses/{id}/items/{item}", d.writes(d.putItem))
	d.mux = m
}
