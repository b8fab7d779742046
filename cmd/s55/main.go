package main

import (
	"os"
	"runtime/debug"

	"github.com/opcc-tools/s55/internal/cli"
)

func main() {
	// A run lives for tens of milliseconds and allocates in bursts (the PDF
	// library builds a compressor per stream); collecting less often halves
	// the time of a build.
	debug.SetGCPercent(400)
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
