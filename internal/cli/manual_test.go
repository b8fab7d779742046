package cli

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/manual"
)

// TestCommandsListed: the manual's front page lists exactly the commands
// s55 runs, each with a page whose usage starts with its name.
func TestCommandsListed(t *testing.T) {
	listed, _, err := manual.Contents()
	if err != nil {
		t.Fatal(err)
	}
	var names, runs []string
	for _, e := range listed {
		names = append(names, e.Name)
	}
	for _, c := range commands {
		runs = append(runs, c.name)
	}
	if !slices.Equal(names, runs) {
		t.Errorf("the front page lists %v; s55 runs %v", names, runs)
	}
}

var (
	// synopsisFlag finds a flag in a command's usage: -o, --office.
	synopsisFlag = regexp.MustCompile(`(?:^|[\s\[|])--?([a-z][a-z0-9-]*)`)
	// defaultsFlag finds a flag in what flag.PrintDefaults prints.
	defaultsFlag = regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)
)

// TestUsage: each command's usage, the first code block of its page,
// names exactly the flags the command takes, and its -h prints the page
// and the flags; "s55 help COMMAND" prints the same to standard output.
func TestUsage(t *testing.T) {
	for _, c := range commands {
		p, err := manual.Open(c.name)
		if err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := Run([]string{c.name, "-h"}, nil, &stdout, &stderr); code != OK {
			t.Fatalf("s55 %s -h: exit status %d", c.name, code)
		}
		help := stderr.String()
		want := "usage: " + p.Synopsis + "\n\n" + p.Text(width)
		if !strings.HasPrefix(help, want) {
			t.Errorf("s55 %s -h does not start with its page:\n%s", c.name, help)
		}
		var named, taken []string
		for _, m := range synopsisFlag.FindAllStringSubmatch(strings.TrimPrefix(p.Synopsis, "s55 "+c.name), -1) {
			if !slices.Contains(named, m[1]) {
				named = append(named, m[1])
			}
		}
		_, flags, _ := strings.Cut(help[len(want):], "\nflags:\n")
		for _, m := range defaultsFlag.FindAllStringSubmatch(flags, -1) {
			taken = append(taken, m[1])
		}
		slices.Sort(named)
		slices.Sort(taken)
		if !slices.Equal(named, taken) {
			t.Errorf("%s.md: the usage %q names the flags %v; s55 %s takes %v", c.name, p.Synopsis, named, c.name, taken)
		}

		stdout.Reset()
		stderr.Reset()
		if code := Run([]string{"help", c.name}, nil, &stdout, &stderr); code != OK || stdout.String() != help || stderr.Len() > 0 {
			t.Errorf("s55 help %s: exit status %d, and not what -h prints", c.name, code)
		}
	}
}

// TestHelpPages: "s55 help" prints the front page, and "s55 help TOPIC"
// each topic's page; an unknown name is bad usage.
func TestHelpPages(t *testing.T) {
	_, topics, err := manual.Contents()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append([]string{""}, topicNames(topics)...) {
		p, err := manual.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		args := []string{"help"}
		if name != "" {
			args = append(args, name)
		}
		var stdout, stderr bytes.Buffer
		if code := Run(args, nil, &stdout, &stderr); code != OK || stdout.String() != p.Text(width) || stderr.Len() > 0 {
			t.Errorf("s55 %s: exit status %d; printed %d bytes, want the page's %d", strings.Join(args, " "), code, stdout.Len(), len(p.Text(width)))
		}
	}
	for _, name := range []string{"nosuch", "README", "../README", "build.md"} {
		var stdout, stderr bytes.Buffer
		if code := Run([]string{"help", name}, nil, &stdout, &stderr); code != BadUsage || !strings.HasPrefix(stderr.String(), `s55 help: no command or topic "`+name+`"`) {
			t.Errorf("s55 help %s: exit status %d, %q", name, code, stderr.String())
		}
	}
}

func topicNames(es []manual.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return out
}
