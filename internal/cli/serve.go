package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/opcc-tools/s55/internal/desk"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/serve"
)

func runServe(env *Env, args []string) int {
	var (
		opt    serve.Options
		addr   string
		public bool
	)
	fs := newFlags(env, "serve")
	fs.StringVar(&addr, "addr", serve.DefaultAddr, "listen on `ADDR` (host:port): a loopback address, unless --public is given")
	fs.BoolVar(&public, "public", false, "allow an --addr that other machines can reach (\":8055\", 0.0.0.0:8055, a network address), so that they can read the draft")
	fs.Var(listFlag{&opt.Hosts}, "host", "answer to the host `NAME` too, as other machines reach this one (repeat for each); loopback names and the --addr host are always answered")
	fs.StringVar(&opt.Office, "office", "", "use the office profile `FILE` (default: office.yaml beside the response folder)")
	fs.BoolVar(&opt.Poll, "poll", false, "watch the files by polling every 500 ms instead of file system events (for network drives)")
	dirs, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	switch len(dirs) {
	case 0:
		return usageErr(env, fs, "no response folder given")
	case 1:
	default:
		return usageErr(env, fs, "one response folder at a time, not %d", len(dirs))
	}
	if msg := badAddr(addr); msg != "" {
		return usageErr(env, fs, "--addr %s: %s", addr, msg)
	}
	for _, h := range opt.Hosts {
		if strings.TrimSpace(h) == "" || strings.ContainsAny(h, "/ :@") {
			return usageErr(env, fs, "--host %q: give a host name or address, such as opcc-laptop.example.org, without a scheme or a port", h)
		}
	}
	dir := dirs[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		report(env, diag.List{{File: dir, Severity: diag.Error, Msg: "no such response folder"}})
		return Failed
	}

	ln, err := serve.Listen(addr, public)
	if errors.Is(err, serve.ErrPublic) {
		return usageErr(env, fs, "--addr %v; give --public to allow that, or an address such as %s", err, serve.DefaultAddr)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 serve: %v\n", err)
		return Failed
	}
	// The command lives until Ctrl-C (or a polite kill), then stops cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	opt.Log = env.Stderr
	if desk.IsOffice(dir) {
		d := desk.New(dir, opt)
		d.Tool = "s55 " + Version()
		fmt.Fprintf(env.Stdout, "s55 serve: the office's desk for %s at %s (Ctrl-C to stop)\n", dir, desk.URL(ln.Addr()))
		if err := d.Run(ctx, ln); err != nil {
			fmt.Fprintf(env.Stderr, "s55 serve: %v\n", err)
			return Failed
		}
		fmt.Fprintln(env.Stdout, "s55 serve: stopped")
		return OK
	}
	s := serve.New(dir, opt)
	where := ""
	if serve.Everywhere(ln.Addr()) {
		where = ", on every network interface of this machine"
	}
	fmt.Fprintf(env.Stdout, "s55 serve: previewing %s at %s%s (Ctrl-C to stop)\n", dir, serve.URL(ln.Addr()), where)
	fmt.Fprintf(env.Stdout, "s55 serve: edit it in the browser at %s\n", serve.EditURL(ln.Addr()))
	if !serve.Loopback(ln.Addr()) {
		fmt.Fprintf(env.Stderr, "s55 serve: listening on %s: other machines that can reach it can read the draft\n", ln.Addr())
	}
	if err := s.Run(ctx, ln); err != nil {
		fmt.Fprintf(env.Stderr, "s55 serve: %v\n", err)
		return Failed
	}
	fmt.Fprintln(env.Stdout, "s55 serve: stopped")
	return OK
}

// badAddr says what is wrong with the form of a listen address, or "":
// it is HOST:PORT, the port a number from 0 to 65535.
func badAddr(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "give HOST:PORT, such as " + serve.DefaultAddr
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Sprintf("port %q is not a number from 0 to 65535", port)
	}
	return ""
}
