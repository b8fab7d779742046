package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/opcc-tools/s55/internal/archive/archivetest"
)

const referenceID = "2021-09-13-rape-inspection-phase-one"

// ttyRun is s55 running with its standard error on a pseudo-terminal, as
// an officer runs it, and its standard output on a pipe.
type ttyRun struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	ptm    *os.File
	mu     sync.Mutex
	screen bytes.Buffer // everything sent to the terminal
	read   chan struct{}
}

func startTTY(t *testing.T, bin, dir string, args ...string) *ttyRun {
	t.Helper()
	return startOnTTY(t, false, bin, dir, args...)
}

// startOnTTY starts s55 with its standard error on a pseudo-terminal, and
// its standard output too when both.
func startOnTTY(t *testing.T, both bool, bin, dir string, args ...string) *ttyRun {
	t.Helper()
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	if err := pty.Setsize(ptm, &pty.Winsize{Rows: 24, Cols: 120}); err != nil {
		t.Fatal(err)
	}
	r := &ttyRun{ptm: ptm, read: make(chan struct{})}
	r.cmd = exec.Command(bin, args...)
	r.cmd.Dir = dir
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, tty
	if both {
		r.cmd.Stdout = tty
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	go func() {
		defer close(r.read)
		buf := make([]byte, 4096)
		for {
			n, err := ptm.Read(buf)
			r.mu.Lock()
			r.screen.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return r
}

// ansi matches a terminal's control sequences.
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// waitMidStage waits until the terminal shows the stage with at least
// one unit done and more than half still to do ("publishing revision 12
// of 1,800"), failing if s55 ends first.
func (r *ttyRun) waitMidStage(t *testing.T, stage string) {
	t.Helper()
	counts := regexp.MustCompile(regexp.QuoteMeta(stage) + ` ([0-9,]+) of ([0-9,]+)`)
	number := func(s string) int {
		n, _ := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
		return n
	}
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		r.mu.Lock()
		plain := ansi.ReplaceAllString(r.screen.String(), "")
		r.mu.Unlock()
		for _, m := range counts.FindAllStringSubmatch(plain, -1) {
			if done, total := number(m[1]), number(m[2]); done >= 1 && done < total/2 {
				return
			}
		}
		select {
		case <-r.read:
			t.Fatalf("s55 ended before the terminal showed %s under way:\n%q", stage, plain)
		default:
		}
	}
	t.Fatalf("the terminal never showed %s under way", stage)
}

// wait waits for s55 to end and returns its exit status and what the
// terminal was sent.
func (r *ttyRun) wait(t *testing.T) (int, string) {
	t.Helper()
	err := r.cmd.Wait()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	<-r.read
	r.ptm.Close()
	return r.cmd.ProcessState.ExitCode(), r.screen.String()
}

// frame is one drawing of the progress line: its text, then the cursor
// back up to its start and the line erased, ready for the next.
var frame = regexp.MustCompile(`[^\r\n\x1b]*\r?\n\x1b\[1A\x1b\[J`)

// checkProgress requires the terminal to have been shown the progress
// line, with each of texts, redrawn in place with the rate and the time
// left, and cleared at the end; and besides it only stderr, what the
// command wrote to standard error with no terminal. A run too short to
// be drawn twice (short) need show only texts and the clear.
func checkProgress(t *testing.T, screen, stderr string, short bool, texts ...string) {
	t.Helper()
	if !short {
		texts = append(texts, "/s, ", " left")
	}
	plain := ansi.ReplaceAllString(screen, "")
	for _, want := range texts {
		if !strings.Contains(plain, want) {
			t.Errorf("the progress line never showed %q:\n%q", want, screen)
		}
	}
	frames := frame.FindAllString(screen, -1)
	if len(frames) < 2 && !(short && len(frames) == 1) {
		t.Errorf("the line was drawn %d times, want it redrawn:\n%q", len(frames), screen)
	}
	if rest, want := frame.ReplaceAllString(screen, ""), strings.ReplaceAll(stderr, "\n", "\r\n"); rest != want {
		t.Errorf("the terminal was sent, besides the progress line, %q, want %q (or the line was not cleared at the end)", rest, want)
	}
}

// run runs s55 with no terminal and returns its exit status, standard
// output and standard error.
func run(t *testing.T, bin, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// grownArchive issues the reference response into dir/archive and grows
// the archive to n issued responses.
func grownArchive(t *testing.T, bin, dir string, n int) string {
	t.Helper()
	office(t, dir, referenceID)
	runIn(t, bin, dir, 0, "issue", "--archive", "archive", filepath.Join("responses", referenceID))
	arch := filepath.Join(dir, "archive")
	archivetest.Grow(t, arch, referenceID, n)
	return arch
}

// TestProgressOnTerminal runs index and verify as an officer does, with a
// terminal: each shows its progress line, redrawn in place, and clears it
// before it ends; their output is the same byte for byte as with no
// terminal, where they print no progress at all; --quiet shows none on a
// terminal either. Ctrl-C stops verify with exit status 130, as it
// rebuilds and as it compares with a saved site.
func TestProgressOnTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("an archive of 600 responses")
	}
	bin := s55(t)
	root := t.TempDir()
	arch := grownArchive(t, bin, root, 600)
	dirs := map[string]string{}
	for _, name := range []string{"plain", "tty", "quiet"} {
		dirs[name] = filepath.Join(root, name)
		if err := os.Mkdir(dirs[name], 0o755); err != nil {
			t.Fatal(err)
		}
	}
	const day = "2026-12-07"
	code, plainOut, plainErr := run(t, bin, dirs["plain"], "index", "--today", day, arch, "-o", "site")
	if code != 0 || plainErr != "" || !strings.Contains(plainOut, "site: 600 issued revisions") {
		t.Fatalf("index with no terminal: exit %d\n%s%s", code, plainOut, plainErr)
	}

	r := startTTY(t, bin, dirs["tty"], "index", "--today", day, arch, "-o", "site")
	code, screen := r.wait(t)
	if code != 0 || r.stdout.String() != plainOut {
		t.Errorf("index on a terminal: exit %d, printed\n%s\nwant\n%s", code, r.stdout.String(), plainOut)
	}
	checkProgress(t, screen, "", false, "ing revision ", " of 600 ")
	if treeDigest(t, filepath.Join(dirs["tty"], "site"), false) != treeDigest(t, filepath.Join(dirs["plain"], "site"), false) {
		t.Errorf("the site written on a terminal differs from the one written without")
	}

	r = startTTY(t, bin, dirs["quiet"], "index", "--quiet", "--today", day, arch, "-o", "site")
	code, screen = r.wait(t)
	if code != 0 || r.stdout.String() != plainOut || screen != "" {
		t.Errorf("index --quiet on a terminal: exit %d, sent the terminal %q, printed\n%s", code, screen, r.stdout.String())
	}

	code, plainOut, plainErr = run(t, bin, root, "verify", "--no-rebuild", arch)
	if code != 0 || plainErr != "" || !strings.Contains(plainOut, "600 revisions verified, all intact") {
		t.Fatalf("verify with no terminal: exit %d\n%s%s", code, plainOut, plainErr)
	}
	r = startTTY(t, bin, root, "verify", "--no-rebuild", arch)
	code, screen = r.wait(t)
	if code != 0 || r.stdout.String() != plainOut {
		t.Errorf("verify on a terminal: exit %d, printed\n%s\nwant\n%s", code, r.stdout.String(), plainOut)
	}
	// Digests alone, verify may be over in a few frames.
	checkProgress(t, screen, "", true, "verifying revision", " of 600 ")

	// Ctrl-C: verify stops, says how far it got, and gives no verdict.
	// Built again, each revision takes a while (and comes out another
	// response: the archive is synthetic).
	stopMidStage(t, bin, root, "verifying", "verify", arch)
	// The same while it compares the archive with a saved copy of its
	// site (--against), after the archive's own checks.
	stopMidStage(t, bin, root, "comparing", "verify", "--no-rebuild", "--against", filepath.Join(dirs["plain"], "site"), arch)
}

// stopMidStage runs s55 verify on a terminal, sends it SIGINT once the
// stage doing ("comparing") is under way over the 600 revisions, and
// requires exit status 130, nothing on standard output, and the message
// that says how far it got.
func stopMidStage(t *testing.T, bin, dir, doing string, args ...string) {
	t.Helper()
	r := pausedTTY(t, doing, bin, dir, args...)
	r.waitMidStage(t, doing+" revision")
	if err := r.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code, screen := r.wait(t)
	stopped := regexp.MustCompile(`s55 verify: stopped after ` + doing + ` [0-9,]+ of 600 revisions; the archive is as it was\r?\n$`)
	if code != 130 || !stopped.MatchString(ansi.ReplaceAllString(screen, "")) || r.stdout.Len() != 0 {
		t.Errorf("verify stopped while %s: exit %d, printed %q, terminal %q", doing, code, r.stdout.String(), screen[max(0, len(screen)-300):])
	}
}

// TestBuildProgress builds twelve folders as an officer does, with a
// terminal: the line counts the folders checked and built; with standard
// output on the same terminal, build's own lines are printed above it,
// whole; with standard output on a pipe, they are the same bytes as with
// no terminal at all.
func TestBuildProgress(t *testing.T) {
	bin := s55(t)
	root := t.TempDir()
	names := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}
	office(t, root, names...)
	var folders []string
	for _, n := range names {
		folders = append(folders, "responses/"+n)
	}
	code, plainOut, plainErr := run(t, bin, root, append([]string{"build", "-o", "plain"}, folders...)...)
	if code != 0 || !strings.Contains(plainErr, "warning") {
		t.Fatalf("build with no terminal: exit %d\n%s%s", code, plainOut, plainErr)
	}
	r := startTTY(t, bin, root, append([]string{"build", "-o", "plain"}, folders...)...)
	code, screen := r.wait(t)
	if code != 0 || r.stdout.String() != plainOut {
		t.Errorf("build on a terminal: exit %d, printed\n%s\nwant\n%s", code, r.stdout.String(), plainOut)
	}
	checkProgress(t, screen, plainErr, false, "building response ", " of 12 ")

	r = startOnTTY(t, true, bin, root, append([]string{"build", "-o", "plain"}, folders...)...)
	code, screen = r.wait(t)
	plain := ansi.ReplaceAllString(screen, "")
	for _, line := range strings.SplitAfter(plainOut, "\n") {
		if line != "" && !strings.Contains(plain, strings.TrimSuffix(line, "\n")+"\r\n") {
			t.Errorf("the terminal was not shown %q:\n%q", line, screen)
		}
	}
	if code != 0 || !strings.Contains(plain, "building response ") || !strings.HasSuffix(screen, "\x1b[1A\x1b[J") {
		t.Errorf("build with both streams on a terminal: exit %d, the line not shown or not cleared:\n%q", code, screen)
	}
}

// TestInterruptedIndex stops index with SIGTERM while it checks the
// archive's documents and with SIGINT (Ctrl-C) while it stages the new
// revisions, on an archive of 2,000 responses, onto a site of the first
// 200: each time it says how far it got, exits 130, and leaves the site
// as it was, file for file (names, kinds, sizes, inodes, times and bytes,
// all but the folders' own times), with nothing half-written beside it. A
// run left alone then brings the site up to date. Stopped onto a new
// folder, it leaves no folder.
func TestInterruptedIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("an archive of 2,000 responses")
	}
	bin := s55(t)
	root := t.TempDir()
	arch := grownArchive(t, bin, root, 200)
	runIn(t, bin, root, 0, "index", arch, "-o", "site")
	archivetest.Grow(t, arch, referenceID, 2000)
	site := filepath.Join(root, "site")
	before := treeDigest(t, site, true)

	for _, c := range []struct {
		stage string
		sig   syscall.Signal
	}{
		{"checking revision", syscall.SIGTERM},
		{"publishing revision", syscall.SIGINT},
	} {
		r := pausedTTY(t, strings.Fields(c.stage)[0], bin, root, "index", arch, "-o", "site")
		r.waitMidStage(t, c.stage)
		if err := r.cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		code, screen := r.wait(t)
		stopped := regexp.MustCompile(`s55 index: stopped after ` + strings.Fields(c.stage)[0] + ` [0-9,]+ of (2,000|1,800) revisions; the site is as it was\r?\n$`)
		if code != 130 || !stopped.MatchString(ansi.ReplaceAllString(screen, "")) {
			t.Errorf("%s at %s: exit %d, terminal %q", c.sig, c.stage, code, screen[max(0, len(screen)-300):])
		}
		if r.stdout.Len() != 0 {
			t.Errorf("%s at %s printed %q", c.sig, c.stage, r.stdout.String())
		}
		if after := treeDigest(t, site, true); after != before {
			t.Fatalf("%s at %s changed the site", c.sig, c.stage)
		}
	}
	// Onto a new folder, stopped while publishing: no folder is left.
	r := pausedTTY(t, "publishing", bin, root, "index", arch, "-o", "fresh")
	r.waitMidStage(t, "publishing revision")
	if err := r.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code, screen := r.wait(t); code != 130 {
		t.Errorf("SIGINT onto a new folder: exit %d, terminal %q", code, screen[max(0, len(screen)-300):])
	}
	if _, err := os.Lstat(filepath.Join(root, "fresh")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an index stopped onto a new folder left it: %v", err)
	}

	out := runIn(t, bin, root, 0, "index", arch, "-o", "site")
	if !strings.Contains(out, "1800 revisions written") {
		t.Errorf("index after the interrupted runs:\n%s", out)
	}
}

// pausedTTY starts s55 as startTTY does, told to wait once the stage
// doing ("publishing") is under way until a signal stops it (S55_PAUSE):
// a fast machine would otherwise finish the stage before the signal.
func pausedTTY(t *testing.T, doing, bin, dir string, args ...string) *ttyRun {
	t.Helper()
	os.Setenv("S55_PAUSE", doing)
	defer os.Unsetenv("S55_PAUSE")
	return startTTY(t, bin, dir, args...)
}

// treeDigest digests everything below dir: each entry's path inside it,
// kind and permissions, and each file's bytes; with exact, each file's
// size, inode and modification time too, so that a file written again,
// even with the same bytes, changes it. A hidden file left beside the
// others changes it. A folder's own time is left out: making and removing
// a hidden file in a folder changes it.
func treeDigest(t *testing.T, dir string, exact bool) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		line := fmt.Sprintf("%s %v", rel, info.Mode())
		if !info.Mode().IsRegular() {
			lines = append(lines, line)
			return nil
		}
		if exact {
			st := info.Sys().(*syscall.Stat_t)
			line += fmt.Sprintf(" %d %d %d", info.Size(), st.Ino, info.ModTime().UnixNano())
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		lines = append(lines, line+fmt.Sprintf(" %x", h.Sum(nil)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return fmt.Sprintf("%x (%d entries)", sum, len(lines))
}

// TestWorkbookProgress: invite --progress and track --from read every
// response of the archive; on a terminal they count them on the progress
// line, and clear it, printing what they print with no terminal.
func TestWorkbookProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("an archive of 300 responses")
	}
	bin := s55(t)
	root := t.TempDir()
	arch := grownArchive(t, bin, root, 300)
	for _, args := range [][]string{
		{"invite", "--progress", "--today", "2026-12-07", "-o", "progress.xlsx", arch},
		{"track", "--from", "progress.xlsx", "--date", "2026-12-07", arch},
	} {
		plain, tty := filepath.Join(root, "plain"), filepath.Join(root, "tty")
		os.MkdirAll(plain, 0o755)
		os.MkdirAll(tty, 0o755)
		code, plainOut, plainErr := run(t, bin, plain, args...)
		if code != 0 || plainErr != "" {
			t.Fatalf("s55 %s with no terminal: exit %d\n%s%s", args[0], code, plainOut, plainErr)
		}
		r := startTTY(t, bin, tty, args...)
		code, screen := r.wait(t)
		if code != 0 || r.stdout.String() != plainOut {
			t.Errorf("s55 %s on a terminal: exit %d, printed\n%s\nwant\n%s", args[0], code, r.stdout.String(), plainOut)
		}
		checkProgress(t, screen, "", true, "reading response ", " of 300 ")
	}
}
