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
	name, args, summary string
	run                 func(env *Env, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"init", "[--pcc NAME] [--pcc-title TITLE] [--force NAME] [--force-short S] [--chief-officer TITLE] [--language TAG] [--signature FILE] [--signature-alt TEXT] [--letterhead LINE]... [--cc WHO]... DIR", "start an office: write DIR/office.yaml with every field to fill, and the schemas", runInit},
		{"new", "--report TITLE --published DATE [--recommendations FILE|-] [--date DATE] [--office FILE] DIR", "make a new response folder, with the report's findings parsed from its text", runNew},
		{"check", "[--strict] [--today DATE] [--office FILE] DIR...", "check each response folder against section 55 and report every problem", runCheck},
		{"build", "[-o OUT] [--office FILE] DIR...", "write each response's letter, appendices and published response as PDF and HTML", runBuild},
		{"serve", "[--addr ADDR] [--public] [--host NAME]... [--poll] [--office FILE] DIR", "preview a response in the browser, rebuilt and reloaded on every save", runServe},
		{"issue", "[--archive ARCHIVE] [--reason REASON] [--office FILE] DIR", "build a response, then freeze it in the archive as a new revision", runIssue},
		{"verify", "[--no-rebuild] [--against SITE] [ARCHIVE]", "prove every archived file still matches its manifest and rebuilds the same", runVerify},
		{"index", "[-o SITE] [--tracker FILE] [--templates DIR] [ARCHIVE]", "write a publishable site of every issued response and a tracker of every recommendation", runIndex},
		{"status", "[--archive ARCHIVE] [--json] [--today DATE] [--office FILE] [DIR...]", "what is due, and when: every draft and issued response, most urgent first", runStatus},
		{"track", "--status S [--owner WHO] [--target DATE] [--note TEXT] [--evidence URL] [--date DATE] ARCHIVE RESPONSE ITEM", "record a dated update of one item of an issued response", runTrack},
		{"record", "[--sent DATE] [--published DATE] [--reason TEXT] [--today DATE] ARCHIVE RESPONSE", "record when an issued response was sent to the Home Secretary and HMICFRS, and published", runRecord},
		{"unpack", "PDF DIR", "unpack the data a PDF made by s55 was built from, to build it again", runUnpack},
		{"version", "", "print the version", runVersion},
		{"help", "[COMMAND]", "print the commands, or a command's manual", runHelp},
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

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: s55 <command> [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "s55 help <command>" for a command's manual and flags.`)
}

func runHelp(env *Env, args []string) int {
	fs := newFlags(env, "help")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	switch len(pos) {
	case 0:
		usage(env.Stdout)
		return OK
	case 1:
	default:
		return usageErr(env, fs, "one command at a time")
	}
	for _, c := range commands {
		if c.name == pos[0] {
			// The command's own -h prints its manual and flags; asked
			// for, they go to standard output.
			return c.run(&Env{Stdin: env.Stdin, Stdout: env.Stdout, Stderr: env.Stdout}, []string{"-h"})
		}
	}
	fmt.Fprintf(env.Stderr, "s55 help: unknown command %q\n", pos[0])
	usage(env.Stderr)
	return BadUsage
}

// newFlags makes the flag set of a command, printing its usage to env.Stderr.
func newFlags(env *Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("s55 "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	for _, c := range commands {
		if c.name == name {
			fs.Usage = func() {
				commandManual(env.Stderr, c)
				var b strings.Builder
				fs.SetOutput(&b)
				fs.PrintDefaults()
				fs.SetOutput(env.Stderr)
				if b.Len() > 0 {
					fmt.Fprintf(env.Stderr, "\nflags:\n%s", b.String())
				}
			}
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
