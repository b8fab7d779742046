// Package editor is the editor behind "s55 serve": forms beside the
// preview that write back to the response's files safely, and the small
// API they use (docs/serve.md documents it). It answers its paths as a
// handler mounted on the preview (internal/preview), whose load, build
// lock and guard it uses: a save reads the file, edits its bytes in place
// with response's YAML editor, checks the response once with the change
// (preview.Server.Load), writes it under the build lock and publishes that
// same load (preview.Server.Publish).
package editor

import (
	"net"
	"net/http"
	"strings"

	"github.com/opcc-tools/s55/internal/preview"
)

// Editor is the editor of the response a preview shows. Make one with New.
type Editor struct {
	p *preview.Server
}

// New returns the editor of p's response, mounted on p.
func New(p *preview.Server) *Editor {
	e := &Editor{p: p}
	p.Mount(e)
	return e
}

// URL returns the address of the editor for a listener's address.
func URL(addr net.Addr) string {
	return "http://" + addr.String() + pathEdit
}

// Serve answers the editor's pages, its script and its API
// (preview.Handler).
func (s *Editor) Serve(w http.ResponseWriter, r *http.Request, p string) bool {
	switch {
	case strings.HasPrefix(p, pathAPI):
		s.serveAPI(w, r, p)
	case (p == pathEdit || p == pathNew || p == pathEditorJS) && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		s.serveEditor(w, r, p)
	default:
		return false
	}
	return true
}
