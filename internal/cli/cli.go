// Package cli is the s55 command: it parses the arguments, runs the
// subcommand and reports problems, returning the exit status. Nothing in it
// touches the process's own arguments, streams or exit.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/opcc-tools/s55/internal/diag"
)

// Exit statuses.
const (
	OK       = 0
	Failed   = 1 // bad input, or a check that failed
	BadUsage = 2 // bad flags or arguments
)

// Env is the world a command runs in.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

type command struct {
	name string
	run  func(env *Env, args []string) int
}

// commands are the commands s55 runs. Their usage, what each is for and
// their manual are pages of docs/, which package manual prints.
var commands []command

func init() {
	commands = []command{
		{"init", runInit},
		{"new", runNew},
		{"check", runCheck},
		{"build", runBuild},
		{"serve", runServe},
		{"invite", runInvite},
		{"merge", runMerge},
		{"issue", runIssue},
		{"verify", runVerify},
		{"index", runIndex},
		{"status", runStatus},
		{"track", runTrack},
		{"record", runRecord},
		{"unpack", runUnpack},
		{"version", runVersion},
		{"help", runHelp},
	}
}

// Run runs s55 with args (without the program name) and returns the exit
// status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return BadUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return OK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(env, args[1:])
		}
	}
	fmt.Fprintf(stderr, "s55: unknown command %q\n", args[0])
	usage(stderr)
	return BadUsage
}

// newFlags makes the flag set of a command, printing its usage to env.Stderr.
func newFlags(env *Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("s55 "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		commandManual(env.Stderr, name)
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(env.Stderr)
		if b.Len() > 0 {
			fmt.Fprintf(env.Stderr, "\nflags:\n%s", b.String())
		}
	}
	return fs
}

// parse parses args with flags standing before, between or after the
// positional arguments, which it returns. A bad flag prints the usage.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageErr reports a usage problem and returns BadUsage.
func usageErr(env *Env, fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(env.Stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return BadUsage
}

// flagStatus maps a flag parsing error to an exit status.
func flagStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return OK
	}
	return BadUsage
}

// report prints diagnostics, errors and warnings alike, one a line.
func report(env *Env, diags diag.List) {
	for _, d := range diags {
		fmt.Fprintln(env.Stderr, d.Error())
	}
}

func runVersion(env *Env, args []string) int {
	fs := newFlags(env, "version")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(pos) > 0 {
		return usageErr(env, fs, "version takes no arguments")
	}
	fmt.Fprintln(env.Stdout, "s55", Version())
	return OK
}
