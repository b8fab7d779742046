package progress

import (
	"context"
	"sync"
)

// Each runs f for 0 <= i < n, in order of i, on workers goroutines (at
// least one), counting each i done on count, and returns the error of the
// lowest i that failed, so that the error reported does not depend on the
// order in which they ran. Once ctx is done no i is begun: the ones under
// way are finished, and ctx's error is returned.
func Each(ctx context.Context, n, workers int, count *Counter, f func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, n)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = f(i)
				count.Add()
			}
		})
	}
	send(ctx, next, n)
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// send sends 0 to n-1 on next, in order, until ctx is done.
func send(ctx context.Context, next chan<- int, n int) {
	for i := range n {
		if ctx.Err() != nil {
			return
		}
		select {
		case next <- i:
		case <-ctx.Done():
			return
		}
	}
}
