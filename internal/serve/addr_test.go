package serve_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/serve"
)

// TestListenRefusesPublicAddresses proves that an address other machines
// could reach is refused unless asked for, and that the URL printed is the
// address really listened on.
func TestListenRefusesPublicAddresses(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want string // a piece of the error, or "" for a loopback listener
	}{
		{":0", "has no host, so it listens on every network interface"},
		{"0.0.0.0:0", "listens on every network interface"},
		{"[::]:0", "listens on every network interface"},
		{"192.0.2.1:0", "is not a loopback address (192.0.2.1)"},
		{"127.0.0.1:0", ""},
		{"127.0.0.2:0", ""},
		{"localhost:0", ""},
	} {
		ln, err := serve.Listen(tc.addr, false)
		if tc.want != "" {
			if !errors.Is(err, serve.ErrPublic) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Listen(%q): %v, want ErrPublic saying %q", tc.addr, err, tc.want)
			}
			if ln != nil {
				ln.Close()
			}
			continue
		}
		if err != nil {
			t.Errorf("Listen(%q): %v", tc.addr, err)
			continue
		}
		if !serve.Loopback(ln.Addr()) || serve.Everywhere(ln.Addr()) || !strings.HasPrefix(serve.URL(ln.Addr()), "http://127.0.0.") {
			t.Errorf("Listen(%q) listens on %v, URL %s", tc.addr, ln.Addr(), serve.URL(ln.Addr()))
		}
		ln.Close()
	}
}

// TestListenPublic proves that with public set, every interface may be
// listened on, and that the URL says so rather than "localhost".
func TestListenPublic(t *testing.T) {
	ln, err := serve.Listen(":0", true)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	u := serve.URL(ln.Addr())
	if !serve.Everywhere(ln.Addr()) || serve.Loopback(ln.Addr()) || strings.Contains(u, "localhost") ||
		!(strings.HasPrefix(u, "http://[::]:") || strings.HasPrefix(u, "http://0.0.0.0:")) {
		t.Fatalf("Listen(\":0\", true) listens on %v, URL %s", ln.Addr(), u)
	}
}
