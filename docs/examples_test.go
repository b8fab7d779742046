package docs_test

import (
	"cmp"
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/yuin/goldmark/ast"

	"github.com/opcc-tools/s55/internal/cli"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/markdown"
)

// The examples of the manual are its code blocks marked "console": lines
// "$ COMMAND" (a line ending in a backslash goes on to the next), each
// followed by what the command prints, standard output and standard error
// as a terminal shows them, and "[exit status N]" when it does not exit 0.
// A line of the output may hold "...", which stands for any text in the
// line; a line of "..." alone stands for any lines, or none.
//
// Each page's examples run in order, in bash, in a fresh folder holding a
// copy of the repository's responses/ and of docs/testdata/, with s55 on
// PATH, SOURCE_DATE_EPOCH set to 14th September 2021 10:00 UTC (the day
// the reference is issued in the examples) and TZ=UTC. A command ending
// in "&" runs in the background, its output compared as far as the example
// shows it; "s55 serve" listens on a free port of 127.0.0.1, which the
// examples and their output spell 127.0.0.1:8055. Whatever is still
// running when a page's examples end is stopped.

// update rewrites, in the pages, the output of every example whose output
// changed: go test ./docs -run TestExamples -update. An example whose
// output holds "..." or that runs in the background is left to edit by
// hand.
var update = flag.Bool("update", false, "rewrite the examples' output in the pages")

// exampleEpoch is SOURCE_DATE_EPOCH in the examples, and epochs that of
// a page whose examples issue on another day: the README's first hour
// issues a letter of 1st February 2024, on 5th February 2024 10:00 UTC.
const exampleEpoch = "1631613600"

var epochs = map[string]string{"../README.md": "1707127200"}

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"s55": func() { os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// example is one command of a console block and what it prints.
type example struct {
	line       int    // the line of its "$" in the page
	cmd        string // as typed, its lines joined by newlines
	want       []string
	status     int
	background bool
}

var exitLine = regexp.MustCompile(`^\[exit status (\d+)\]$`)

// examples returns the examples of a page.
func examples(t *testing.T, name string, src []byte) []example {
	t.Helper()
	var out []example
	_ = ast.Walk(markdown.Tree(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		code, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok || string(code.Language(src)) != "console" {
			return ast.WalkContinue, nil
		}
		lines := code.Lines()
		var cur *example
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			l := strings.TrimRight(string(seg.Value(src)), "\n")
			at := 1 + strings.Count(string(src[:seg.Start]), "\n")
			switch {
			case strings.HasPrefix(l, "$ "):
				out = append(out, example{line: at, cmd: l[2:]})
				cur = &out[len(out)-1]
				for strings.HasSuffix(cur.cmd, `\`) && i+1 < lines.Len() {
					i++
					next := lines.At(i)
					cur.cmd += "\n" + strings.TrimRight(string(next.Value(src)), "\n")
				}
				if c, ok := strings.CutSuffix(strings.TrimSpace(cur.cmd), "&"); ok {
					cur.cmd, cur.background = strings.TrimSpace(c), true
				}
			case cur == nil:
				t.Errorf("%s:%d: a console block's first line is not a command starting with \"$ \"", name, at)
				return ast.WalkStop, nil
			case exitLine.MatchString(l):
				cur.status, _ = strconv.Atoi(exitLine.FindStringSubmatch(l)[1])
			default:
				cur.want = append(cur.want, l)
			}
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// runExamples runs the examples of a page in a fresh copy of the fixture,
// with bin first on PATH.
func runExamples(t *testing.T, name string, exs []example, bin string) {
	t.Helper()
	work := t.TempDir()
	for from, to := range map[string]string{"../responses": "responses", "testdata": "."} {
		if err := os.CopyFS(filepath.Join(work, to), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	port := freePort(t)
	mark := "@@s55-example-" + rand.Text()
	var script strings.Builder
	script.WriteString("exec 2>&1 </dev/null\n")
	for i, ex := range exs {
		cmd := strings.ReplaceAll(ex.cmd, "127.0.0.1:8055", "127.0.0.1:"+port)
		cmd = regexp.MustCompile(`(^|\s)s55 serve `).ReplaceAllString(cmd, "${1}s55 serve --addr 127.0.0.1:"+port+" ")
		if ex.background {
			bg := filepath.Join(t.TempDir(), "output")
			fmt.Fprintf(&script, ": >%q\n%s >%q 2>&1 &\n", bg, cmd, bg)
			fmt.Fprintf(&script, "for i in $(seq 600); do [ \"$(wc -l <%q)\" -lt %d ] && kill -0 $! 2>/dev/null || break; sleep 0.1; done\n", bg, len(ex.want))
			fmt.Fprintf(&script, "head -n %d %q\nprintf '\\n%s %d 0\\n'\n", len(ex.want), bg, mark, i)
			continue
		}
		fmt.Fprintf(&script, "%s\nprintf '\\n%s %d %%d\\n' $?\n", cmd, mark, i)
	}
	script.WriteString("kill $(jobs -p) 2>/dev/null; wait\n")
	file := filepath.Join(t.TempDir(), "examples.sh")
	if err := os.WriteFile(file, []byte(script.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", file)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"SOURCE_DATE_EPOCH="+cmp.Or(epochs[name], exampleEpoch), "TZ=UTC", "S55_FAULT=")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	outb, err := cmd.Output()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // anything left behind
	}
	if err != nil {
		t.Errorf("%s: the examples did not run to their end: %v", name, err)
	}
	out := strings.ReplaceAll(string(outb), "127.0.0.1:"+port, "127.0.0.1:8055")
	var fixes []fix
	defer func() {
		if len(fixes) > 0 {
			if err := rewrite(name, fixes); err != nil {
				t.Error(err)
			}
		}
	}()

	for i, ex := range exs {
		before, after, ok := strings.Cut(out, "\n"+mark+" ")
		if !ok {
			t.Errorf("%s:%d: $ %s: never finished; the output after the example before it:\n%s", name, ex.line, ex.cmd, out)
			return
		}
		result, rest, _ := strings.Cut(after, "\n")
		out = rest
		var k, status int
		if _, err := fmt.Sscanf(result, "%d %d", &k, &status); err != nil || k != i {
			t.Fatalf("%s:%d: the examples' output is out of step: %q", name, ex.line, result)
		}
		got := strings.Split(before, "\n")
		if len(got) > 0 && got[len(got)-1] == "" {
			got = got[:len(got)-1]
		}
		t.Logf("%s:%d: $ %s\n%s\n[exit status %d]", name, ex.line, ex.cmd, strings.Join(got, "\n"), status)
		if (!matchLines(ex.want, got) || status != ex.status) && *update && rewritable(ex) {
			fixes = append(fixes, fix{ex, got, status})
			continue
		}
		if !matchLines(ex.want, got) || status != ex.status {
			t.Errorf("%s:%d: $ %s\nwant (exit status %d):\n%s\ngot (exit status %d):\n%s", name, ex.line, ex.cmd,
				ex.status, indent(ex.want), status, indent(got))
		}
	}
}

// fix is the output an example gave, to write in its page.
type fix struct {
	ex     example
	got    []string
	status int
}

// rewritable says whether -update may rewrite an example's output.
func rewritable(ex example) bool {
	if ex.background {
		return false
	}
	for _, l := range ex.want {
		if strings.Contains(l, "...") {
			return false
		}
	}
	return true
}

// rewrite puts each example's new output in its page, in place of the old.
func rewrite(name string, fixes []fix) error {
	src, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	lines := strings.Split(string(src), "\n")
	for i := len(fixes) - 1; i >= 0; i-- {
		f := fixes[i]
		from := f.ex.line + strings.Count(f.ex.cmd, "\n") // 0-based index of the first output line
		if f.ex.background {
			continue
		}
		n := len(f.ex.want)
		if f.ex.status != 0 {
			n++
		}
		repl := append([]string(nil), f.got...)
		if f.status != 0 {
			repl = append(repl, fmt.Sprintf("[exit status %d]", f.status))
		}
		lines = append(lines[:from], append(repl, lines[from+n:]...)...)
	}
	return os.WriteFile(name, []byte(strings.Join(lines, "\n")), 0o644)
}

func indent(lines []string) string {
	if len(lines) == 0 {
		return "\t(nothing)"
	}
	return "\t" + strings.Join(lines, "\n\t")
}

// matchLines says whether got matches want, where a line of "..." stands
// for any lines and "..." in a line for any text.
func matchLines(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if matchLines(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && matchLine(want[0], got[0]) && matchLines(want[1:], got[1:])
}

func matchLine(want, got string) bool {
	if !strings.Contains(want, "...") {
		return want == got
	}
	parts := strings.Split(want, "...")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$").MatchString(got)
}

func TestMatchLines(t *testing.T) {
	for _, c := range []struct {
		want, got string
		ok        bool
	}{
		{"a\nb", "a\nb", true},
		{"a\nb", "a\nc", false},
		{"a", "a\nb", false},
		{"a\n...", "a\nb\nc", true},
		{"a\n...\nc", "a\nc", true},
		{"a\n...\nc", "a\nb\nb\nc", true},
		{"a\n...\nc", "a\nb", false},
		{"x ... z", "x yy z", true},
		{"x ... z", "x yy", false},
		{"x (y)...", "x (y) and more", true},
		{"x (y)...", "x y", false},
	} {
		if got := matchLines(strings.Split(c.want, "\n"), strings.Split(c.got, "\n")); got != c.ok {
			t.Errorf("matchLines(%q, %q) = %v", c.want, c.got, got)
		}
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// TestExamples runs every example of every page of the manual;
// TestReadmeExamples runs the README's.
func TestExamples(t *testing.T) {
	pages, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	bin := testscriptBin(t)
	seen := 0
	for _, page := range pages {
		src, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		exs := examples(t, page, src)
		if len(exs) == 0 {
			continue
		}
		seen += len(exs)
		t.Run(filepath.Base(page), func(t *testing.T) {
			t.Parallel()
			conformance.Need(t, needs(exs)...)
			runExamples(t, page, exs, bin)
		})
	}
	if seen == 0 {
		t.Fatal("no examples found")
	}
}

// tools are the outside programs that examples may run, besides bash and
// the usual commands of a Debian system.
var tools = map[string]conformance.Tool{
	"curl":      conformance.Curl,
	"pdfinfo":   conformance.Pdfinfo,
	"pdffonts":  conformance.Pdffonts,
	"pdftotext": conformance.Pdftotext,
	"qpdf":      conformance.QPDF,
}

// needs returns the outside programs the examples run.
func needs(exs []example) []conformance.Tool {
	var out []conformance.Tool
	for _, ex := range exs {
		for _, w := range strings.Fields(ex.cmd) {
			if tl, ok := tools[w]; ok {
				out = append(out, tl)
			}
		}
	}
	return out
}

// testscriptBin returns the folder where testscript put s55: the test
// binary, which runs the command when called by that name.
func testscriptBin(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("s55")
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(p)
}
