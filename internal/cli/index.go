package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/site"
	"github.com/opcc-tools/s55/internal/tracker"
)

func runIndex(env *Env, args []string) int {
	var (
		out, trackerFile, templates string
		today, since                time.Time
	)
	fs := newFlags(env, "index")
	fs.Var(dateFlag{&today}, "today", "rate the tracker's items on `DATE` (YYYY-MM-DD) instead of today")
	fs.Var(dateFlag{&since}, "since", "list the tracker's changes from `DATE` (YYYY-MM-DD; default three months before today)")
	fs.StringVar(&out, "o", "site", "write the site to `SITE`: a new or empty folder, or a site written before, which is brought up to date")
	fs.StringVar(&trackerFile, "tracker", "", "read status updates from `FILE` (default: ARCHIVE/"+tracker.FileName+")")
	fs.StringVar(&templates, "templates", "", "override the site's templates with those in `DIR`")
	quiet := quietFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if out == "" {
		return usageErr(env, fs, "-o needs a folder")
	}
	arch, status := archiveArg(env, fs, pos)
	if status != OK {
		return status
	}
	if err := archive.IsArchive(arch); err != nil {
		fmt.Fprintln(env.Stderr, err)
		fmt.Fprintln(env.Stderr, "s55 index: nothing written")
		return Failed
	}
	run := startLong(env, *quiet)
	res, diags, err := site.Publish(arch, out, site.PublishOptions{Tracker: trackerFile, Templates: templates, Today: today, Since: since,
		Context: run.ctx, Progress: run.counts()})
	run.end()
	if run.stopped() && errors.Is(err, context.Canceled) {
		fmt.Fprintf(env.Stderr, "s55 index: %s; the site is as it was\n", run.last.Count().Stopped())
		return Interrupted
	}
	var perr *site.PublishError
	switch {
	case errors.As(err, &perr) && perr.Bare:
		fmt.Fprintln(env.Stderr, err)
		return Failed
	case err != nil:
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		if perr != nil && perr.NothingWritten {
			fmt.Fprintln(env.Stderr, "s55 index: nothing written")
		}
		return Failed
	}
	report(env, diags)
	if diags.Errors() > 0 {
		return Failed
	}
	if res.UpToDate {
		fmt.Fprintf(env.Stdout, "%s: up to date with %s; nothing written\n", out, plural(res.Revisions, "issued revision"))
		return OK
	}
	st := res.Stats
	fmt.Fprintf(env.Stdout, "%s: %s and %s\n", out, plural(res.Revisions, "issued revision"), plural(res.Rows, "tracked item"))
	fmt.Fprintf(env.Stdout, "%s: %s written (%s linked from the archive, %d copied), %d already there, %d removed\n",
		out, plural(st.Written, "revision"), plural(st.Linked, "document"), st.Copied, st.Kept, st.Removed)
	return OK
}
