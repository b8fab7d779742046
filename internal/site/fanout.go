package site

import (
	"context"
	"errors"
	"iter"
	"sync"
	"sync/atomic"

	"github.com/opcc-tools/s55/internal/tracker"
)

// errStopped ends a pass whose reader wants no more rows.
var errStopped = errors.New("stopped")

// fanOut runs every one of writers at once, each in a goroutine of its
// own, and gives each the rows of one pass of source, a batch at a time as
// the pass makes it: the tracker's pages of a large archive each list
// every row, and so the rows are read once and never held all at once. A
// writer that returns before it has read every row is given no more; one
// that ranges over its rows a second time (an office's template may) is
// given a pass of its own. It returns once every writer has, with their
// errors and the pass's. Once ctx is done the pass ends and the writers
// see no more rows.
func fanOut(ctx context.Context, source func(yield func([]tracker.Row) error) error, writers []func(iter.Seq[tracker.Row]) error) error {
	n := len(writers)
	batches := make([]chan []tracker.Row, n)
	done := make([]chan struct{}, n)
	errs := make([]error, n+1)
	var wg sync.WaitGroup
	for i, write := range writers {
		batches[i], done[i] = make(chan []tracker.Row, 1), make(chan struct{})
		var used atomic.Bool
		var again error
		rows := func(yield func(tracker.Row) bool) {
			if used.Swap(true) {
				again = source(func(batch []tracker.Row) error {
					for _, r := range batch {
						if !yield(r) {
							return errStopped
						}
					}
					return nil
				})
				if errors.Is(again, errStopped) {
					again = nil
				}
				return
			}
			for batch := range batches[i] {
				for _, r := range batch {
					if !yield(r) {
						return
					}
				}
			}
		}
		wg.Go(func() {
			defer close(done[i])
			err := write(rows)
			errs[i] = errors.Join(err, again)
		})
	}
	errs[n] = source(func(batch []tracker.Row) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range batches {
			select {
			case batches[i] <- batch:
			case <-done[i]:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for _, b := range batches {
		close(b)
	}
	wg.Wait()
	return errors.Join(errs...)
}
