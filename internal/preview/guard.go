package serve

import (
	"net"
	"net/url"
	"strings"
)

// The guard of the editor's requests: the names it answers to.

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

// names returns the names the preview answers to.
func (s *Server) names() hostNames {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hosts
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
