package cli

import (
	"fmt"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/site"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
)

func runIndex(env *Env, args []string) int {
	var out, trackerFile, templates string
	fs := newFlags(env, "index")
	fs.StringVar(&out, "o", "site", "write the site to `SITE`, replacing it as a whole")
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
	if trackerFile == "" {
		trackerFile = filepath.Join(arch, tracker.FileName)
	}
	entries, err := archive.List(arch)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		return Failed
	}
	updates, src, diags := tracker.Load(trackerFile)
	rows, rdiags := tracker.Rows(entries, updates, src)
	diags = append(diags, rdiags...)
	th, tdiags := theme.Load(templates, "en-GB")
	diags = append(diags, tdiags...)
	diags.Sort()
	report(env, diags)
	if diags.Errors() > 0 {
		return Failed
	}
	files, err := site.Build(entries, rows, th)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		return Failed
	}
	// A site is made again from the archive at will: atomic, not durable.
	if err := (staging.Writer{NoSync: true}).WriteDir(out, files, true); err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		return Failed
	}
	fmt.Fprintf(env.Stdout, "%s: %s and %s\n", out, plural(len(entries), "issued revision"), plural(len(rows), "tracked item"))
	return OK
}
