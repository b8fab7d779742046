package site

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/opcc-tools/s55/internal/tracker"
)

// rowsSource is a pass over n responses of three items each, counting the
// passes made and the batches given.
func rowsSource(n int, passes, batches *atomic.Int64) func(func([]tracker.Row) error) error {
	return func(yield func([]tracker.Row) error) error {
		passes.Add(1)
		for r := range n {
			batch := make([]tracker.Row, 3)
			for i := range batch {
				batch[i] = tracker.Row{Response: fmt.Sprintf("r%04d", r), Item: fmt.Sprintf("rec-%d", i+1)}
			}
			batches.Add(1)
			if err := yield(batch); err != nil {
				return err
			}
		}
		return nil
	}
}

// names lists what a writer read.
func names(rows iter.Seq[tracker.Row], limit int) []string {
	var out []string
	for r := range rows {
		out = append(out, r.Response+"/"+r.Item)
		if len(out) == limit {
			break
		}
	}
	return out
}

// TestFanOut: every writer of the tracker's pages reads every row, in
// order, from one pass over the archive's items, however many writers
// there are; a writer that stops early stops no other; one that reads the
// rows twice is given a second pass of its own; an error of a writer or of
// the pass is returned, and a pass stopped by its context ends.
func TestFanOut(t *testing.T) {
	var passes, batches atomic.Int64
	const n = 500
	var want []string
	for r := range n {
		for i := range 3 {
			want = append(want, fmt.Sprintf("r%04d/rec-%d", r, i+1))
		}
	}
	got := make([][]string, 6)
	var twice [2][]string
	writers := []func(iter.Seq[tracker.Row]) error{}
	for i := range 5 {
		writers = append(writers, func(rows iter.Seq[tracker.Row]) error { got[i] = names(rows, -1); return nil })
	}
	// One that reads two rows and returns.
	writers = append(writers, func(rows iter.Seq[tracker.Row]) error { got[5] = names(rows, 2); return nil })
	if err := fanOut(context.Background(), rowsSource(n, &passes, &batches), writers); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if !slices.Equal(got[i], want) {
			t.Errorf("writer %d read %d rows, not the %d in order", i, len(got[i]), len(want))
		}
	}
	if !slices.Equal(got[5], want[:2]) {
		t.Errorf("the writer that stopped read %v", got[5])
	}
	// Six writers, one pass: the rows are read once.
	if passes.Load() != 1 || batches.Load() != n {
		t.Errorf("%d passes, %d batches for six writers; want 1 and %d", passes.Load(), batches.Load(), n)
	}

	passes.Store(0)
	again := []func(iter.Seq[tracker.Row]) error{
		func(rows iter.Seq[tracker.Row]) error {
			twice[0], twice[1] = names(rows, -1), names(rows, -1)
			return nil
		},
		func(rows iter.Seq[tracker.Row]) error { names(rows, -1); return nil },
	}
	if err := fanOut(context.Background(), rowsSource(n, &passes, &batches), again); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(twice[0], want) || !slices.Equal(twice[1], want) || passes.Load() != 2 {
		t.Errorf("read twice: %d and %d rows over %d passes", len(twice[0]), len(twice[1]), passes.Load())
	}

	bad := errors.New("the disk is full")
	failing := []func(iter.Seq[tracker.Row]) error{
		func(rows iter.Seq[tracker.Row]) error { names(rows, 10); return bad },
		func(rows iter.Seq[tracker.Row]) error { names(rows, -1); return nil },
	}
	if err := fanOut(context.Background(), rowsSource(n, &passes, &batches), failing); !errors.Is(err, bad) {
		t.Errorf("a writer's error: %v", err)
	}
	broken := func(yield func([]tracker.Row) error) error {
		if err := yield([]tracker.Row{{Response: "r"}}); err != nil {
			return err
		}
		return bad
	}
	if err := fanOut(context.Background(), broken, writers[:2]); !errors.Is(err, bad) {
		t.Errorf("the pass's error: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopping := []func(iter.Seq[tracker.Row]) error{
		func(rows iter.Seq[tracker.Row]) error {
			for range rows {
				cancel()
				// Blocked until the pass sees the context is done.
				<-ctx.Done()
			}
			return nil
		},
		func(rows iter.Seq[tracker.Row]) error { names(rows, -1); return nil },
	}
	batches.Store(0)
	if err := fanOut(ctx, rowsSource(n, &passes, &batches), stopping); !errors.Is(err, context.Canceled) || batches.Load() >= n {
		t.Errorf("stopped: %v after %d batches", err, batches.Load())
	}
}
