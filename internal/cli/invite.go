package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
	"github.com/opcc-tools/s55/internal/workbook"
)

func runInvite(env *Env, args []string) int {
	var (
		due, today   time.Time
		out, office  string
		quarterly    bool
		responseName string
	)
	fs := newFlags(env, "invite")
	fs.Var(dateFlag{&due}, "due", "the `DATE` (YYYY-MM-DD) the chief officer's comments are due by, recorded in response.yaml")
	fs.StringVar(&out, "o", "", "write the workbook as `FILE.xlsx` (default: ID-invitation.xlsx, or progress-DATE.xlsx)")
	fs.StringVar(&office, "office", "", "use the office profile `FILE` (default: office.yaml beside the response folder)")
	fs.BoolVar(&quarterly, "progress", false, "write the quarterly progress workbook of the open items of the issued responses in ARCHIVE")
	fs.StringVar(&responseName, "response", "", "with --progress, only the items of the response `ID`")
	fs.Var(dateFlag{&today}, "today", "with --progress, the `DATE` (YYYY-MM-DD) the workbook is made on (default today)")
	quiet := quietFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if today.IsZero() {
		today = day.Today()
	}
	if quarterly {
		if flagGiven(fs, "due") || office != "" {
			return usageErr(env, fs, "--progress takes no --due or --office: it reads the archive")
		}
		arch, status := archiveArg(env, fs, pos)
		if status != OK {
			return status
		}
		line := progress.Start(env.Stderr, *quiet)
		defer line.Clear()
		return inviteProgress(env, arch, responseName, out, today, line)
	}
	if responseName != "" || flagGiven(fs, "today") {
		return usageErr(env, fs, "--response and --today go with --progress")
	}
	if len(pos) != 1 {
		return usageErr(env, fs, "give one response folder: s55 invite DIR --due DATE")
	}
	if due.IsZero() {
		return usageErr(env, fs, "give the day the chief officer's comments are due: --due YYYY-MM-DD")
	}
	dir := pos[0]
	f, diags := check.Load(dir, response.Options{OfficeFile: office})
	if diags.Errors() > 0 {
		report(env, diags)
		fmt.Fprintf(env.Stderr, "s55 invite: %s: put the response right first; nothing written\n", dir)
		return Failed
	}
	themes, tdiags := check.Themes(f)
	if tdiags.Errors() > 0 {
		report(env, tdiags)
		return Failed
	}
	clock := statute.NewClock(f.Response.Report.Published)
	th := theme.Officer(themes)
	date := func(t time.Time) string { return day.Format(th, t) }
	if due.Before(clock.Published) {
		fmt.Fprintf(env.Stderr, "s55 invite: --due: %s is before the report was published, on %s; nothing written\n", date(due), date(clock.Published))
		return Failed
	}
	if due.After(clock.LastDay) {
		fmt.Fprintf(env.Stderr, "s55 invite: warning: --due: %s is after the last day for publication, %s: the force's comments would come too late to publish with the response\n", date(due), date(clock.LastDay))
	}
	if out == "" {
		out = f.ID + "-invitation.xlsx"
	}
	var b bytes.Buffer
	if err := workbook.Invite(&b, f, themes, due); err != nil {
		fmt.Fprintf(env.Stderr, "s55 invite: %s: %v; nothing written\n", dir, err)
		return Failed
	}
	if status := writeNew(env, "invite", out, b.Bytes()); status != OK {
		return status
	}
	file := filepath.Join(dir, response.FileName)
	changed, err := workbook.RecordDue(dir, due)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 invite: %v\n", err)
		if rmErr := os.Remove(out); rmErr == nil {
			fmt.Fprintf(env.Stderr, "s55 invite: %s removed; nothing written\n", out)
		}
		return Failed
	}
	if changed {
		fmt.Fprintf(env.Stdout, "%s: %s: %s\n", file, workbook.DueField, due.Format(time.DateOnly))
	}
	items := 0
	var count func([]response.Item)
	count = func(list []response.Item) {
		for _, it := range list {
			items++
			count(it.Items)
		}
	}
	for _, a := range f.Response.Appendices {
		count(a.Items)
	}
	fmt.Fprintf(env.Stdout, "%s: the invitation to comment on %s, due %s\n", out, plural(items, "item"), date(due))
	return OK
}

// writeNew writes data as the new file name, never over a file there:
// a workbook may hold what someone filled in.
func writeNew(env *Env, cmd, name string, data []byte) int {
	if err := staging.WriteFile(name, data, false); err != nil {
		if errors.Is(err, staging.ErrExists) {
			fmt.Fprintf(env.Stderr, "s55 %s: %s exists, and may hold what someone filled in: give another name with -o; nothing written\n", cmd, name)
		} else {
			fmt.Fprintf(env.Stderr, "s55 %s: %v; nothing written\n", cmd, err)
		}
		return Failed
	}
	return OK
}

// inviteProgress writes the workbook of quarterly progress of the open
// items of the archive's responses (or of one), showing on line how far
// it has got.
func inviteProgress(env *Env, arch, id, out string, today time.Time, line *progress.Line) int {
	entries, err := archive.List(arch)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 invite: %v\n", err)
		return Failed
	}
	file := filepath.Join(arch, tracker.FileName)
	updates, src, diags := tracker.Load(file)
	rows, rdiags := tracker.Rows(entries, updates, src, tracker.Reading(entries, line.Func()), today)
	line.Clear()
	diags = append(diags, rdiags...)
	report(env, diags)
	if diags.Errors() > 0 {
		fmt.Fprintf(env.Stderr, "s55 invite: put %s right first; nothing written\n", file)
		return Failed
	}
	if id != "" {
		var keep []tracker.Row
		for _, r := range rows {
			if r.Response == id {
				keep = append(keep, r)
			}
		}
		if !slices.ContainsFunc(entries, func(e *archive.Entry) bool { return e.Manifest.ID == id }) {
			fmt.Fprintf(env.Stderr, "s55 invite: --response: no issued response %q in %s; nothing written\n", id, arch)
			return Failed
		}
		rows = keep
	}
	if out == "" {
		out = "progress-" + today.Format(time.DateOnly) + ".xlsx"
	}
	var b bytes.Buffer
	if err := workbook.Progress(&b, rows, today); err != nil {
		fmt.Fprintf(env.Stderr, "s55 invite: %v; nothing written\n", err)
		return Failed
	}
	if status := writeNew(env, "invite", out, b.Bytes()); status != OK {
		return status
	}
	open := 0
	for _, r := range rows {
		if workbook.Open(r.Status) {
			open++
		}
	}
	fmt.Fprintf(env.Stdout, "%s: the progress of %s\n", out, plural(open, "open item"))
	return OK
}
