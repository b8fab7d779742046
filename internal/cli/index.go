package cli

import (
	"fmt"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/site"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
)

func runIndex(env *Env, args []string) int {
	var out, trackerFile, templates string
	fs := newFlags(env, "index")
	fs.StringVar(&out, "o", "site", "write the site to `SITE`: a new or empty folder, or a site written before, which is brought up to date")
	fs.StringVar(&trackerFile, "tracker", "", "read status updates from `FILE` (default: ARCHIVE/"+tracker.FileName+")")
	fs.StringVar(&templates, "templates", "", "override the site's templates with those in `DIR`")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	arch, status := archiveArg(env, fs, pos)
	if status != OK {
		return status
	}
	if err := site.Check(out); err != nil {
		fmt.Fprintln(env.Stderr, err)
		return Failed
	}
	if trackerFile == "" {
		trackerFile = filepath.Join(arch, tracker.FileName)
	}
	entries, err := archive.List(arch)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		fmt.Fprintln(env.Stderr, "s55 index: nothing written")
		return Failed
	}
	updates, src, diags := tracker.Load(trackerFile)
	items := site.NewItemCache(out)
	rows, rdiags := tracker.Rows(entries, updates, src, items.Load)
	diags = append(diags, rdiags...)
	th, tdiags := theme.Load(templates, "en-GB")
	diags = append(diags, tdiags...)
	diags.Sort()
	report(env, diags)
	if diags.Errors() > 0 {
		return Failed
	}
	st, err := site.Write(out, entries, rows, th, items)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		return Failed
	}
	fmt.Fprintf(env.Stdout, "%s: %s and %s\n", out, plural(len(entries), "issued revision"), plural(len(rows), "tracked item"))
	fmt.Fprintf(env.Stdout, "%s: %d revisions written (%s linked from the archive, %s copied), %d already there, %d removed\n",
		out, st.Written, plural(st.Linked, "document"), plural(st.Copied, "document"), st.Kept, st.Removed)
	return OK
}
