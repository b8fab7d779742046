package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/opcc-tools/s55/internal/manual"
)

// The manual of s55 is docs/: its front page (README.md) lists the commands
// and the topics, and each has a page of its own (build.md, office.md ...),
// which package manual prints. "s55 help" prints the front page, "s55 help
// NAME" a command's or a topic's page, and a command's -h its page and
// flags, so what the terminal shows is the text of those files.

// width is the width the manual is wrapped to.
const width = 76

// usage prints the commands, each with what it is for, as the manual's
// front page lists them.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: s55 <command> [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	cmds, _, err := manual.Contents()
	if err != nil {
		fmt.Fprintf(w, "s55: %v\n", err)
	}
	for _, l := range manual.Columns(cmds, width) {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "s55 help <command>" for a command's manual and flags.`)
	fmt.Fprintln(w, `Run "s55 help" for the whole manual's contents.`)
}

// commandManual prints the manual of the command name: its usage, then its
// page of the manual.
func commandManual(w io.Writer, name string) {
	p, err := manual.Open(name)
	if err != nil {
		fmt.Fprintf(w, "s55 %s: %v\n", name, err)
		return
	}
	fmt.Fprintf(w, "usage: %s\n\n%s", p.Synopsis, p.Text(width))
}

func runHelp(env *Env, args []string) int {
	fs := newFlags(env, "help")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	switch len(pos) {
	case 0:
		return printPage(env, manual.Front)
	case 1:
	default:
		return usageErr(env, fs, "one command or topic at a time")
	}
	for _, c := range commands {
		if c.name == pos[0] {
			// The command's own -h prints its manual and flags; asked
			// for, they go to standard output.
			return c.run(&Env{Stdin: env.Stdin, Stdout: env.Stdout, Stderr: env.Stdout}, []string{"-h"})
		}
	}
	if pos[0] != manual.Front {
		if _, err := manual.Open(pos[0]); err == nil {
			return printPage(env, pos[0])
		}
	}
	fmt.Fprintf(env.Stderr, "s55 help: no command or topic %q\n", pos[0])
	usage(env.Stderr)
	return BadUsage
}

// printPage prints the page called name.
func printPage(env *Env, name string) int {
	p, err := manual.Open(name)
	if errors.Is(err, manual.ErrNoPage) {
		fmt.Fprintf(env.Stderr, "s55 help: %v\n", err)
		return Failed
	}
	io.WriteString(env.Stdout, p.Text(width))
	return OK
}
