package preview

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// The guard of every request: the names the server answers to (Host, and
// Origin), and for requests of the handlers beside the preview (the
// editor's API), the origin and the token of this start.

// hostNames are the names a preview answers to, in a Host header or an
// Origin: every loopback name and address, the host of the address it
// listens on, and the names it was started for (Options.Hosts). A page
// that renamed itself to this machine (DNS rebinding) sends its own name,
// which is none of these, even with an Origin that matches its Host.
type hostNames struct {
	names []string // lower case, without a final dot
	ips   []net.IP
	// any, when the preview listens on every interface: the addresses of
	// every interface of the machine are its own.
	any bool
}

// Guard is the guard of a server's requests: the names it answers to, in
// Host and Origin, and the token of its start. A preview makes its own; a
// server of several previews (the office's desk) gives them its own
// (Options.Guard), so that one token and one set of names hold for all.
type Guard struct {
	extra []string
	token string

	mu    sync.Mutex
	hosts hostNames
}

// NewGuard returns the guard of a server that answers to the names extra
// besides loopback ones (Options.Hosts), with a new token.
func NewGuard(extra []string) *Guard {
	return &Guard{extra: extra, token: rand.Text(), hosts: newHostNames(nil, extra)}
}

// Listening has the guard answer to the host of the address the server
// listens on too.
func (g *Guard) Listening(addr net.Addr) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hosts = newHostNames(addr, g.extra)
}

// names returns the names the server answers to.
func (g *Guard) names() hostNames {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.hosts
}

// hostRefused is what a request whose Host the guard refuses is answered.
const hostRefused = "this preview answers only to localhost, 127.0.0.1 and the names it was started for (s55 serve --host NAME)"

// Admit sets the headers every answer of s55 serve carries (no caching,
// no sniffing, no referrer), and answers 403 to a request whose Host
// names none of the names the guard answers to: a page from elsewhere
// that renamed itself to this machine (DNS rebinding) must not read the
// draft. It reports whether the request may go on.
func (g *Guard) Admit(w http.ResponseWriter, r *http.Request) bool {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if !g.names().allows(r.Host) {
		http.Error(w, hostRefused, http.StatusForbidden)
		return false
	}
	return true
}

// newHostNames gathers the names of a preview listening on addr.
func newHostNames(addr net.Addr, extra []string) hostNames {
	h := hostNames{names: []string{"localhost"}}
	for _, n := range extra {
		h.names = append(h.names, canonicalHost(n))
	}
	if t, ok := addr.(*net.TCPAddr); ok {
		switch {
		case t.IP.IsUnspecified():
			h.any = true
		case t.IP != nil:
			h.ips = append(h.ips, t.IP)
		}
	}
	return h
}

// canonicalHost is a host name as hostNames compares it: lower case,
// without brackets, a port or a final dot.
func canonicalHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.ToLower(strings.TrimSuffix(host, "."))
}

// allows reports whether host, as a Host header or an Origin's host gives
// it, names this preview.
func (h hostNames) allows(host string) bool {
	host = canonicalHost(host)
	if host == "" {
		return false
	}
	if ip := net.ParseIP(host); ip != nil {
		if ip.IsLoopback() {
			return true
		}
		for _, own := range h.ips {
			if own.Equal(ip) {
				return true
			}
		}
		return h.any && machineAddress(ip)
	}
	for _, n := range h.names {
		if n == host || n == "localhost" && strings.HasSuffix(host, ".localhost") {
			return true
		}
	}
	return false
}

// machineAddress reports whether ip is an address of one of this
// machine's interfaces.
func machineAddress(ip net.IP) bool {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.Equal(ip) {
			return true
		}
	}
	return false
}

// allowsOrigin reports whether an Origin header names this preview and is
// the origin of the request's own Host: a page of this preview.
func (h hostNames) allowsOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || u.Host == "" || u.Path != "" || u.User != nil {
		return false
	}
	return h.allows(u.Host) && strings.EqualFold(u.Host, host)
}

// TokenHeader carries the token of the server's start, which every request
// that writes must send.
const TokenHeader = "X-S55-Token"

// Token is the key of this server's start: every request that writes
// carries it in TokenHeader. The handlers give it to their pages.
func (s *Server) Token() string { return s.guard.token }

// Token is the key of this start.
func (g *Guard) Token() string { return g.token }

// Refusal is a request the guard refuses: the HTTP status to answer and
// why, in words.
type Refusal struct {
	Status int
	Msg    string
}

func refuse(status int, format string, args ...any) *Refusal {
	return &Refusal{Status: status, Msg: fmt.Sprintf(format, args...)}
}

// CheckOrigin refuses a request that a page of another site sent: its
// Origin, when given, must name this preview (hostNames) and be the origin
// of the request's Host, and the browser must not call it cross-site.
func (s *Server) CheckOrigin(r *http.Request) *Refusal { return s.guard.CheckOrigin(r) }

// CheckOrigin refuses a request that a page of another site sent
// (Server.CheckOrigin).
func (g *Guard) CheckOrigin(r *http.Request) *Refusal {
	if o := r.Header.Get("Origin"); o != "" && !g.names().allowsOrigin(o, r.Host) {
		return refuse(http.StatusForbidden, "a page of another origin (%s) may not use s55 serve", o)
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return nil
	}
	return refuse(http.StatusForbidden, "a page of another site may not use s55 serve")
}

// CheckWrite refuses a request that writes unless it comes from this machine
// with the token of this server's start.
func (s *Server) CheckWrite(r *http.Request) *Refusal { return s.guard.CheckWrite(r) }

// CheckWrite refuses a request that writes unless it comes from this
// machine with the token of this start (Server.CheckWrite).
func (g *Guard) CheckWrite(r *http.Request) *Refusal {
	if e := g.CheckOrigin(r); e != nil {
		return e
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return refuse(http.StatusForbidden, "s55 serve takes changes only from this machine")
	}
	got := r.Header.Get(TokenHeader)
	if got == "" {
		return refuse(http.StatusForbidden, "no %s header: send the token the page was given", TokenHeader)
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(g.token)) != 1 {
		return refuse(http.StatusForbidden, "wrong %s: the server was started again since the page was opened; reload it (copy your text first)", TokenHeader)
	}
	return nil
}
