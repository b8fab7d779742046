package preview

import (
	"net/http"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/response"
)

// Handler answers some of the requests a preview gets, beside the
// preview's own: the editor's page and API (internal/editor) are one. A
// handler sees a request only once the server has checked its Host; it
// checks the rest with CheckOrigin and CheckWrite.
type Handler interface {
	// Serve answers r if p, its path as sent (escaped, undotted), is one
	// of the handler's, and reports whether it did.
	Serve(w http.ResponseWriter, r *http.Request, p string) bool
}

// Mount has the server offer each request to h, before its own paths,
// after the handlers mounted before it. Mount before Run or ServeHTTP.
func (s *Server) Mount(h Handler) { s.handlers = append(s.handlers, h) }

// Dir is the response folder the server previews.
func (s *Server) Dir() string { return s.dir }

// Office is the office profile, as Options.Office gives it.
func (s *Server) Office() string { return s.opt.Office }

// ResponseFile is the response's data file.
func (s *Server) ResponseFile() string { return filepath.Join(s.dir, response.FileName) }

// Latest returns the load the latest rebuild or save published, or nil.
func (s *Server) Latest() *Load { return s.latest() }

// Lock takes the build lock: rebuilds, and the writes of a save and the
// publishing of its load, take turns under it. A save checks its change
// outside it (Load), then writes and publishes under it.
func (s *Server) Lock() { s.buildMu.Lock() }

// Unlock releases the build lock.
func (s *Server) Unlock() { s.buildMu.Unlock() }

// Seen is what the watched files hold, as the watcher compares them.
type Seen struct{ m map[string]signature }

// Watched returns what the watched files hold now, before a save writes:
// given to Publish with what the save wrote (Seen.Wrote), it lets the
// watcher's event for the save's own writes rebuild nothing. Call it with
// the build lock held.
func (s *Server) Watched() Seen { return Seen{s.watchSet().fingerprint(false)} }

// Wrote records that the file name now holds data.
func (w Seen) Wrote(name string, data []byte) { w.m[AbsPath(name)] = signData(0, "", data) }

// Publish publishes the load l, which a save made of the files it then
// wrote (seen), with the build lock held: its problems, or its HTML pages
// at once and its PDFs a little later, outside the lock, unless a PDF is
// asked for meanwhile.
func (s *Server) Publish(l *Load, seen Seen) {
	if seen.m != nil {
		s.seen = seen.m
	}
	_, pdfs := s.pages(l)
	if pdfs != nil {
		s.bg.Add(1)
		go func() {
			defer s.bg.Done()
			pdfs(pdfSettle)
		}()
	}
}

// WantPDFs has a build that waits before its PDFs make them now.
func (s *Server) WantPDFs() { trigger(s.wantPDF) }

// Logf writes a line to the server's log.
func (s *Server) Logf(format string, args ...any) { s.logf(format, args...) }

// Loaded returns the latest load; when there has been none, it loads the
// response once and keeps that as the latest, publishing nothing: a
// server of several responses (the office's desk) previews a response
// only when asked to, and its editor needs a load to know the letter's
// files.
func (s *Server) Loaded() *Load {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	if l := s.latest(); l != nil {
		return l
	}
	l := s.Load(nil)
	s.mu.Lock()
	s.last = l
	s.mu.Unlock()
	return l
}
