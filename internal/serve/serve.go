// Package serve is "s55 serve": the live preview of one response folder
// (internal/preview) with the editor beside it (internal/editor), on one
// server. It puts them together and gives the command what it needs; each
// package owns its own part. A further package of handlers mounts on the
// preview as the editor does, in New.
package serve

import (
	"net"

	"github.com/opcc-tools/s55/internal/editor"
	"github.com/opcc-tools/s55/internal/preview"
)

// DefaultAddr is where the server listens unless told otherwise: loopback
// only, so that a draft is not readable from other machines.
const DefaultAddr = preview.DefaultAddr

// Options tune the server (preview.Options).
type Options = preview.Options

// Server is the preview of one response folder with its editor. Its zero
// value is not usable; make one with New.
type Server struct {
	*preview.Server
	// Editor is the editor mounted on the preview.
	Editor *editor.Editor
}

// New returns the preview of the response folder dir with its editor.
// Nothing is read until Run or Rebuild.
func New(dir string, opt Options) *Server {
	p := preview.New(dir, opt)
	return &Server{Server: p, Editor: editor.New(p)}
}

// ErrInUse reports that the address to listen on is taken.
var ErrInUse = preview.ErrInUse

// ErrPublic reports an address that other machines could reach, which
// Listen refuses unless it is told otherwise.
var ErrPublic = preview.ErrPublic

// Listen opens the TCP address addr for Run (preview.Listen).
func Listen(addr string, public bool) (net.Listener, error) { return preview.Listen(addr, public) }

// URL returns the address of the preview for a listener's address.
func URL(addr net.Addr) string { return preview.URL(addr) }

// EditURL returns the address of the editor for a listener's address.
func EditURL(addr net.Addr) string { return editor.URL(addr) }

// Everywhere reports whether a listener's address is every interface of
// the machine.
func Everywhere(addr net.Addr) bool { return preview.Everywhere(addr) }

// Loopback reports whether a listener's address is a loopback address.
func Loopback(addr net.Addr) bool { return preview.Loopback(addr) }
