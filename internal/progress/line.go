package progress

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// refresh is how often the line is drawn again.
const refresh = 250 * time.Millisecond

// Line is a command's progress line on a terminal: "verifying revision
// 4,120 of 13,000 [=====>-------] 12.3/s, 6m34s left". A nil Line shows
// nothing, and each of its methods may be called on it.
type Line struct {
	p   *mpb.Progress
	bar *mpb.Bar
	tty *os.File

	mu    sync.Mutex
	count Count
	// tell is held while the bar is told a count, so that a count of a
	// stage never follows the next stage's start.
	tell    sync.Mutex
	told    int // the Done the bar was last told
	stop    chan struct{}
	cleared sync.Once
}

// Terminal returns w as the terminal it writes to, or nil when it is not
// one: a file that golang.org/x/term says is a terminal, other than a
// dumb one (TERM=dumb), which cannot redraw a line.
func Terminal(w io.Writer) *os.File {
	f, ok := w.(*os.File)
	if !ok || f == nil || !term.IsTerminal(int(f.Fd())) || os.Getenv("TERM") == "dumb" {
		return nil
	}
	return f
}

// Start begins a progress line on stderr, a command's standard error,
// when it is a terminal and quiet is false; otherwise it returns nil, and
// nothing is ever written. The line shows the counts its Func is told.
func Start(stderr io.Writer, quiet bool) *Line {
	tty := Terminal(stderr)
	if tty == nil || quiet {
		return nil
	}
	l := &Line{tty: tty, stop: make(chan struct{})}
	l.p = mpb.New(mpb.WithOutput(tty), mpb.WithRefreshRate(refresh), mpb.WithWidth(24))
	l.bar = l.p.New(0, mpb.BarStyle(),
		mpb.PrependDecorators(decor.Any(l.label)),
		mpb.AppendDecorators(
			once(decor.AverageSpeed(0, "%.1f/s")),
			once(decor.Name(", ")),
			once(decor.AverageETA(decor.ET_STYLE_GO)),
			once(decor.Name(" left")),
		))
	go l.follow()
	return l
}

// follow tells the bar the latest count once a refresh, until the line
// is cleared: a count told thousands of times a second costs a lock, not
// a message to the bar each time.
func (l *Line) follow() {
	t := time.NewTicker(refresh)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.tell.Lock()
			l.mu.Lock()
			done := l.count.Done
			l.mu.Unlock()
			if done != l.told {
				l.told = done
				l.bar.SetCurrent(int64(done))
			}
			l.tell.Unlock()
		}
	}
}

// once shows d once the stage's first unit is done: before that there is
// no rate, and no time left to tell.
func once(d decor.Decorator) decor.Decorator { return onceDone{d} }

// onceDone is a decorator shown once the first unit is done. It unwraps
// to the decorator it shows, so that a new stage starts that one's
// average again.
type onceDone struct{ decor.Decorator }

func (o onceDone) Decor(s decor.Statistics) (string, int) {
	if s.Current == 0 {
		return o.Format("")
	}
	return o.Decorator.Decor(s)
}

func (o onceDone) Unwrap() decor.Decorator { return o.Decorator }

// label is what the line says is being done, with the count the bar
// shows, so that the two agree.
func (l *Line) label(s decor.Statistics) string {
	l.mu.Lock()
	c := l.count
	l.mu.Unlock()
	if c.Doing == "" {
		return ""
	}
	c.Done = int(s.Current)
	return c.String()
}

// Func returns the Func that shows its counts on the line; nil for a nil
// Line.
func (l *Line) Func() Func {
	if l == nil {
		return nil
	}
	return l.show
}

// show draws c at the next refresh (follow tells the bar). A new stage
// is told at once, and starts the rate and the time left again.
func (l *Line) show(c Count) {
	l.mu.Lock()
	prev := l.count
	l.count = c
	l.mu.Unlock()
	if c.Doing == prev.Doing && c.Unit == prev.Unit && c.Total == prev.Total {
		return
	}
	l.tell.Lock()
	defer l.tell.Unlock()
	l.bar.SetTotal(int64(c.Total), false)
	l.bar.SetCurrent(int64(c.Done))
	l.bar.DecoratorAverageAdjust(time.Now())
	l.told = c.Done
}

// Writer returns where a command writes its own lines to w while the line
// is shown: when w is the terminal the line is drawn on, the lines are
// printed above it, so that neither overwrites the other; otherwise w
// itself.
func (l *Line) Writer(w io.Writer) io.Writer {
	if l == nil {
		return w
	}
	f := Terminal(w)
	if f == nil {
		return w
	}
	a, errA := f.Stat()
	b, errB := l.tty.Stat()
	if errA != nil || errB != nil || !os.SameFile(a, b) {
		return w
	}
	return l.p
}

// Clear removes the line from the terminal and stops drawing it, leaving
// the cursor where the line began; a command calls it when its work ends,
// done or stopped, before it prints what came of it. Clearing twice is
// clearing once.
func (l *Line) Clear() {
	if l == nil {
		return
	}
	l.cleared.Do(func() {
		close(l.stop)
		l.bar.Abort(true)
		l.p.Wait()
	})
}
