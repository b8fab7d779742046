// Package progress tells how far a long piece of work has got while it
// runs. The work reports counts (Count: "verifying revision 4,120 of
// 13,000") through a Func, which knows nothing of where they are shown;
// a Counter counts the units that workers finish, in order, from any
// goroutine.
//
// On a terminal, a Line shows the counts on standard error as one line,
// with the rate and the time left, redrawn in place by
// github.com/vbauerster/mpb and cleared at the end. Where standard error is
// not a terminal (golang.org/x/term says), or the officer asked for quiet,
// there is no Line and nothing is written: what a command prints to a
// pipe, a log file or a test is the same byte for byte with or without
// progress. A page shows the same counts through Counts, a Func whose
// counts arrive on a channel.
package progress

import (
	"fmt"
	"sync"

	"github.com/opcc-tools/s55/internal/count"
)

// Count is how far one stage of a piece of work has got: Done of Total
// units, each a Unit ("revision"), being Doing ("verifying").
type Count struct {
	Doing string `json:"doing"`
	Unit  string `json:"unit"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// String words the count as the progress line and a page's label show it:
// "verifying revision 4,120 of 13,000".
func (c Count) String() string {
	return fmt.Sprintf("%s %s %s of %s", c.Doing, c.Unit, count.Digits(c.Done), count.Digits(c.Total))
}

// Stopped words where an interrupted piece of work stopped: "stopped after
// verifying 4,120 of 13,000 revisions". The zero Count, work stopped
// before any stage began, is "stopped".
func (c Count) Stopped() string {
	if c.Doing == "" {
		return "stopped"
	}
	noun := c.Unit + "s"
	if c.Total == 1 {
		noun = c.Unit
	}
	return fmt.Sprintf("stopped after %s %s of %s %s", c.Doing, count.Digits(c.Done), count.Digits(c.Total), noun)
}

// Func is told each count as the work moves, one call at a time, Done
// never going back within a stage. A nil Func is told nothing.
type Func func(Count)

// Counter counts the units of one stage that workers finish. Its methods
// may be called from any goroutine; a nil Counter counts nothing.
type Counter struct {
	mu   sync.Mutex
	f    Func
	last Count
}

// Stage starts a stage of total units of unit being doing, telling f that
// none is done yet. It returns nil, a Counter that counts nothing, when f
// is nil.
func (f Func) Stage(doing, unit string, total int) *Counter {
	if f == nil {
		return nil
	}
	c := &Counter{f: f, last: Count{Doing: doing, Unit: unit, Total: total}}
	f(c.last)
	return c
}

// Add counts one more unit done.
func (c *Counter) Add() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last.Done++
	c.f(c.last)
}

// Last keeps the last count f was told, for the message that says how far
// an interrupted piece of work got; it is safe for concurrent use.
type Last struct {
	mu sync.Mutex
	c  Count
}

// Then returns a Func that records each count and tells f, when not nil.
func (l *Last) Then(f Func) Func {
	return func(c Count) {
		l.mu.Lock()
		l.c = c
		l.mu.Unlock()
		if f != nil {
			f(c)
		}
	}
}

// Count returns the last count recorded.
func (l *Last) Count() Count {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.c
}

// Counts returns a Func and the channel its counts arrive on, for a page
// that shows them (the desk's progress element, value Done, max Total,
// labelled with String). The channel holds the latest count: a reader that
// falls behind skips to it, and the work never waits for the reader.
func Counts() (Func, <-chan Count) {
	ch := make(chan Count, 1)
	var mu sync.Mutex
	return func(c Count) {
		mu.Lock()
		defer mu.Unlock()
		select {
		case <-ch:
		default:
		}
		ch <- c
	}, ch
}
