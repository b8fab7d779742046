package cli

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/opcc-tools/s55/internal/progress"
)

// Interrupted is the exit status of a command stopped by Ctrl-C (SIGINT)
// or SIGTERM, as a shell gives a command killed by SIGINT.
const Interrupted = 130

// quietFlag adds --quiet, which silences the progress line on a terminal.
func quietFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("quiet", false, "show no progress line on a terminal (none is shown where standard error is not one)")
}

// longRun is what a long command shares: the progress line on the
// terminal, the last count it showed, and a context that Ctrl-C or
// SIGTERM cancels. After the first signal a second one kills the process
// as usual.
type longRun struct {
	ctx  context.Context
	stop context.CancelFunc
	line *progress.Line
	last progress.Last
	// signalled records, at the end, whether a signal stopped the run:
	// stop cancels ctx too.
	signalled bool
	ended     bool
}

// startLong starts a long run for env, quiet or not.
func startLong(env *Env, quiet bool) *longRun {
	r := &longRun{line: progress.Start(env.Stderr, quiet)}
	r.ctx, r.stop = signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-r.ctx.Done()
		r.stop()
	}()
	return r
}

// counts is the Func the run's work reports to.
func (r *longRun) counts() progress.Func {
	f := r.last.Then(r.line.Func())
	stage := os.Getenv(PauseEnv)
	if stage == "" {
		return f
	}
	var once sync.Once
	return func(c progress.Count) {
		f(c)
		if c.Doing == stage && c.Done > 0 && c.Done < c.Total {
			once.Do(func() { <-r.ctx.Done() })
		}
	}
}

// PauseEnv names the environment variable that makes a long command wait,
// once the stage it names ("checking", "publishing") is under way, until
// a signal stops it: tests stop it there to prove what a stop leaves,
// whatever the speed of the machine.
const PauseEnv = "S55_PAUSE"

// end clears the line and stops listening for signals; the command then
// prints what came of its work. Ending twice is ending once.
func (r *longRun) end() {
	if r.ended {
		return
	}
	r.ended = true
	r.signalled = r.ctx.Err() != nil
	r.line.Clear()
	r.stop()
}

// stopped reports whether a signal stopped the run, once it has ended.
func (r *longRun) stopped() bool { return r.signalled }
