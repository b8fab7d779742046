package progress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

func TestCountWords(t *testing.T) {
	c := Count{Doing: "verifying", Unit: "revision", Done: 4120, Total: 13000}
	if got, want := c.String(), "verifying revision 4,120 of 13,000"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := c.Stopped(), "stopped after verifying 4,120 of 13,000 revisions"; got != want {
		t.Errorf("Stopped() = %q, want %q", got, want)
	}
	one := Count{Doing: "checking", Unit: "response", Done: 0, Total: 1}
	if got, want := one.Stopped(), "stopped after checking 0 of 1 response"; got != want {
		t.Errorf("Stopped() = %q, want %q", got, want)
	}
	if got := (Count{}).Stopped(); got != "stopped" {
		t.Errorf("the zero Count's Stopped() = %q", got)
	}
}

// TestCounter: workers on many goroutines finish units in any order; the
// Func is told every count once, in order, one call at a time.
func TestCounter(t *testing.T) {
	var got []Count
	var last Last
	f := last.Then(func(c Count) { got = append(got, c) })
	c := f.Stage("checking", "revision", 500)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for range 50 {
				c.Add()
			}
		})
	}
	wg.Wait()
	if len(got) != 501 {
		t.Fatalf("told %d counts, want 501", len(got))
	}
	for i, c := range got {
		if c.Done != i || c.Total != 500 || c.Doing != "checking" || c.Unit != "revision" {
			t.Fatalf("count %d is %+v", i, c)
		}
	}
	if last.Count() != got[500] {
		t.Errorf("Last holds %+v, want %+v", last.Count(), got[500])
	}
	var nothing Func
	nothing.Stage("checking", "revision", 3).Add() // a nil Func's stage counts nothing
}

// TestCounts: the channel holds the latest count, and the work never
// waits for a reader.
func TestCounts(t *testing.T) {
	f, ch := Counts()
	c := f.Stage("publishing", "revision", 1000)
	for range 1000 {
		c.Add()
	}
	if got := <-ch; got.Done != 1000 || got.Total != 1000 {
		t.Errorf("the channel holds %+v, want the last count, 1000 of 1000", got)
	}
	select {
	case got := <-ch:
		t.Errorf("a second count %+v waits on the channel", got)
	default:
	}
}

// TestNotTerminal: a file, a pipe and a buffer get no line, and writing
// through a nil Line is writing to the writer itself.
func TestNotTerminal(t *testing.T) {
	file, err := os.Create(t.TempDir() + "/log")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	var buf bytes.Buffer
	for _, out := range []io.Writer{file, w, &buf, nil} {
		l := Start(out, false)
		if l != nil {
			t.Fatalf("a line was started on %T", out)
		}
		l.Func().Stage("verifying", "revision", 3).Add()
		if l.Writer(&buf) != &buf {
			t.Errorf("a nil line's Writer is not the writer given")
		}
		l.Clear()
	}
	if buf.Len() != 0 {
		t.Errorf("written: %q", buf.String())
	}
}

// ptyOutput runs f with the terminal side of a new pseudo-terminal and
// returns what the terminal was sent.
func ptyOutput(t *testing.T, f func(tty *os.File)) string {
	t.Helper()
	ptm, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	if err := pty.Setsize(ptm, &pty.Winsize{Rows: 24, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(&out, ptm)
		close(done)
	}()
	f(tty)
	tty.Close()
	<-done
	ptm.Close()
	return out.String()
}

// ansi matches the terminal's control sequences.
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// TestLineOnTerminal: on a terminal the line shows the count, the rate and
// the time left, is redrawn in place, and is cleared at the end; quiet
// shows nothing.
func TestLineOnTerminal(t *testing.T) {
	out := ptyOutput(t, func(tty *os.File) {
		l := Start(tty, false)
		if l == nil {
			t.Fatal("no line on a terminal")
		}
		c := l.Func().Stage("verifying", "revision", 13000)
		for range 4120 {
			c.Add()
		}
		time.Sleep(3 * refresh)
		for range 10 {
			c.Add()
		}
		time.Sleep(3 * refresh)
		l.Clear()
	})
	plain := ansi.ReplaceAllString(out, "")
	for _, want := range []string{"verifying revision 4,120 of 13,000", "verifying revision 4,130 of 13,000", "/s,", " left"} {
		if !strings.Contains(plain, want) {
			t.Errorf("the terminal was not shown %q:\n%q", want, out)
		}
	}
	// Redrawn in place: each frame after the first erases the one before.
	if n := strings.Count(out, "\x1b[J"); n < 2 {
		t.Errorf("the line was erased %d times, want a redraw and a clear:\n%q", n, out)
	}
	// Cleared at the end: the last thing sent erases the line.
	last := out[strings.LastIndex(out, "left"):]
	if !strings.Contains(last, "\x1b[J") || strings.Contains(ansi.ReplaceAllString(last, ""), "revision") {
		t.Errorf("the line was not cleared at the end: %q", last)
	}

	quiet := ptyOutput(t, func(tty *os.File) {
		l := Start(tty, true)
		l.Func().Stage("verifying", "revision", 3).Add()
		time.Sleep(2 * refresh)
		l.Clear()
	})
	if quiet != "" {
		t.Errorf("quiet sent the terminal %q", quiet)
	}
}

// TestWriterAbove: a command's own lines, written to the terminal the
// line is drawn on, are printed above it, every one, even the last
// written just before the line is cleared; lines for another file go to
// that file.
func TestWriterAbove(t *testing.T) {
	var other bytes.Buffer
	out := ptyOutput(t, func(tty *os.File) {
		l := Start(tty, false)
		c := l.Func().Stage("building", "response", 3)
		w := l.Writer(tty)
		if l.Writer(&other) != &other {
			t.Error("the writer of a buffer is not the buffer")
		}
		for _, line := range []string{"out/a: 9 files\n", "out/b: 9 files\n", "out/c: 9 files\n"} {
			c.Add()
			if _, err := io.WriteString(w, line); err != nil {
				t.Fatal(err)
			}
			time.Sleep(refresh)
		}
		io.WriteString(w, "last\n")
		l.Clear()
	})
	plain := ansi.ReplaceAllString(out, "")
	for _, want := range []string{"out/a: 9 files\r\n", "out/b: 9 files\r\n", "out/c: 9 files\r\n", "last\r\n", "building response ", " of 3 "} {
		if !strings.Contains(plain, want) {
			t.Errorf("the terminal was not shown %q:\n%q", want, out)
		}
	}
	if i, j := strings.Index(plain, "out/a"), strings.Index(plain, "out/c"); i > j {
		t.Errorf("the lines came out of order:\n%q", out)
	}
}

// TestStageRate: a new stage starts the rate again, and a stage shows no
// rate or time left until its first unit is done.
func TestStageRate(t *testing.T) {
	out := ptyOutput(t, func(tty *os.File) {
		l := Start(tty, false)
		f := l.Func()
		c := f.Stage("checking", "revision", 1000)
		for range 1000 {
			c.Add()
		}
		time.Sleep(2 * refresh)
		time.Sleep(time.Second)
		f.Stage("publishing", "revision", 1000)
		time.Sleep(2 * refresh)
		c = f.Stage("publishing", "revision", 10)
		time.Sleep(time.Second)
		c.Add()
		time.Sleep(2 * refresh)
		l.Clear()
	})
	plain := ansi.ReplaceAllString(out, "")
	if !regexp.MustCompile(`publishing revision 0 of 1,000 \[-+\] *\r?\n`).MatchString(plain) {
		t.Errorf("a stage with nothing done shows a rate or a time:\n%q", plain)
	}
	// One unit done a second after its stage began: about 1.0/s, not the
	// 1,000 a second of the stage before, nor an average over both.
	m := regexp.MustCompile(`publishing revision 1 of 10 \[[^]]*\] ([0-9.]+)/s, ([0-9a-z.]+) left`).FindStringSubmatch(plain)
	if m == nil {
		t.Fatalf("no rate shown for the new stage:\n%q", plain)
	}
	if rate, err := strconv.ParseFloat(m[1], 64); err != nil || rate < 0.2 || rate > 1.5 {
		t.Errorf("the rate of a new stage is not its own: %q\n%q", m, plain)
	}
}

// BenchmarkCount is what one unit counted costs: a Counter's Add telling
// a line shown on a terminal (a pseudo-terminal), and telling nothing.
func BenchmarkCount(b *testing.B) {
	b.Run("terminal", func(b *testing.B) {
		l := Start(discardTerminal(b), false)
		c := l.Func().Stage("verifying", "revision", b.N)
		for b.Loop() {
			c.Add()
		}
		l.Clear()
	})
	b.Run("quiet", func(b *testing.B) {
		c := Start(nil, true).Func().Stage("verifying", "revision", b.N)
		for b.Loop() {
			c.Add()
		}
	})
}

// BenchmarkRedraw is what drawing the line costs while the work runs: the
// processor time (user and system, on every core) the whole process
// spends in two seconds of a line shown on a terminal, redrawn every
// refresh, less the same two seconds with no line; in ms a second, so
// that 10 is 1% of one core. What telling it a count costs is
// BenchmarkCount's. The process here also reads the terminal's side, which
// a terminal's own process does for s55.
func BenchmarkRedraw(b *testing.B) {
	tty := discardTerminal(b)
	twoSeconds := func(out *os.File) time.Duration {
		start := cpuTime(b)
		l := Start(out, false)
		l.Func().Stage("verifying", "revision", 13000).Add()
		time.Sleep(2 * time.Second)
		l.Clear()
		return cpuTime(b) - start
	}
	var with, without time.Duration
	for b.Loop() {
		with += twoSeconds(tty)
		without += twoSeconds(nil)
	}
	b.ReportMetric(float64((with-without).Microseconds())/1000/2/float64(b.N), "cpu-ms/s")
}

// cpuTime is the processor time the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// discardTerminal returns the terminal side of a new pseudo-terminal whose
// output is read and dropped, closed when b ends.
func discardTerminal(b *testing.B) *os.File {
	ptm, tty, err := pty.Open()
	if err != nil {
		b.Skipf("no pseudo-terminal: %v", err)
	}
	b.Cleanup(func() {
		tty.Close()
		ptm.Close()
	})
	go io.Copy(io.Discard, ptm)
	return tty
}

// TestEach: every i runs once, the lowest failing i's error is returned
// whatever the order, each is counted; once ctx is done none is begun and
// ctx's error is returned.
func TestEach(t *testing.T) {
	var counts []Count
	f := Func(func(c Count) { counts = append(counts, c) })
	ran := make([]int, 100)
	var mu sync.Mutex
	err := Each(context.Background(), 100, 4, f.Stage("checking", "revision", 100), func(i int) error {
		mu.Lock()
		ran[i]++
		mu.Unlock()
		if i == 97 || i == 41 {
			return fmt.Errorf("unit %d", i)
		}
		return nil
	})
	if err == nil || err.Error() != "unit 41" {
		t.Errorf("Each returned %v, want the error of unit 41", err)
	}
	for i, n := range ran {
		if n != 1 {
			t.Fatalf("unit %d ran %d times", i, n)
		}
	}
	if last := counts[len(counts)-1]; last.Done != 100 {
		t.Errorf("the last count is %+v", last)
	}
	if err := Each(context.Background(), 0, 0, nil, func(int) error { panic("no unit") }); err != nil {
		t.Errorf("Each of nothing returned %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	begun := 0
	err = Each(ctx, 1000, 1, nil, func(i int) error {
		begun++
		if i == 9 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || begun > 11 {
		t.Errorf("Each stopped with %v after %d units, want context.Canceled after about 10", err, begun)
	}
}

// TestDumbTerminal: a terminal that cannot move its cursor (TERM=dumb, as
// in an editor's shell buffer) gets no line.
func TestDumbTerminal(t *testing.T) {
	t.Setenv("TERM", "dumb")
	out := ptyOutput(t, func(tty *os.File) {
		if l := Start(tty, false); l != nil {
			l.Clear()
			t.Error("a line was started on a dumb terminal")
		}
	})
	if out != "" {
		t.Errorf("the dumb terminal was sent %q", out)
	}
}
