package main

import (
	"os"
	"runtime/debug"

	"github.com/opcc-tools/s55/internal/cli"
)

func main() {
	tuneMemory(os.Args[1:])
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// tuneMemory sets the garbage collector for the command at hand. Most
// commands work one response at a time and allocate in bursts (the PDF
// library builds a compressor per stream): a build of the reference
// allocates about 60 MB and keeps little, so the collector waits until
// 256 MiB are in use and then collects, which a single build never
// reaches. index keeps what it lists, which grows with the archive: it
// collects as usual (when its heap has doubled since the last collection)
// but early enough to stay under indexMemory, which an archive of 13,000
// responses, holding at most about 195 MB, stays well within; past that,
// the collector runs whenever the heap nears it, and memory follows what
// index holds. serve collects as usual.
func tuneMemory(args []string) {
	switch {
	case len(args) > 0 && args[0] == "index":
		debug.SetMemoryLimit(indexMemory)
		return
	case len(args) > 0 && args[0] == "serve":
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(256 << 20)
}

// indexMemory is the heap index keeps under while it can.
const indexMemory = 300 << 20
