package cli

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/tracker"
	"github.com/opcc-tools/s55/internal/workbook"
)

func runTrack(env *Env, args []string) int {
	var u tracker.Update
	fs := newFlags(env, "track")
	fs.StringVar(&u.Status, "status", "", "the item's status `S`: "+strings.Join(tracker.Statuses, ", "))
	fs.StringVar(&u.Owner, "owner", "", "who in the force answers for the item (`WHO`)")
	fs.Var(dateFlag{&u.Target}, "target", "the `DATE` (YYYY-MM-DD) the force aims to finish by")
	fs.StringVar(&u.Note, "note", "", "what happened, in a sentence (`TEXT`)")
	fs.StringVar(&u.Evidence, "evidence", "", "the https:// address (`URL`) of what shows it")
	fs.Var(dateFlag{&u.Date}, "date", "the `DATE` (YYYY-MM-DD) of the update (default today)")
	var from string
	fs.StringVar(&from, "from", "", "add an update for every changed row of the progress workbook `FILE.xlsx` (s55 invite --progress)")
	quiet := quietFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if from != "" {
		for _, name := range []string{"status", "owner", "target", "note", "evidence"} {
			if flagGiven(fs, name) {
				return usageErr(env, fs, "--from takes the updates from the workbook: give no --%s", name)
			}
		}
		return trackFrom(env, fs, pos, from, u.Date, *quiet)
	}
	if len(pos) != 3 {
		return usageErr(env, fs, "give the archive, the response and the item: s55 track ARCHIVE RESPONSE ITEM --status S")
	}
	arch, status := archiveArg(env, fs, pos[:1])
	if status != OK {
		return status
	}
	if strings.TrimSpace(u.Status) == "" {
		return usageErr(env, fs, "give the item's status with --status: one of %s", strings.Join(tracker.Statuses, ", "))
	}
	u.Response, u.Item = pos[1], pos[2]
	today := day.Today()
	if u.Date.IsZero() {
		u.Date = today
	}
	if status := archiveHere(env, arch); status != OK {
		return status
	}
	file := filepath.Join(arch, tracker.FileName)
	if err := tracker.Track(arch, u, today, notice(env)); err != nil {
		return refused(env, "track", file, err, map[string]string{"response": "RESPONSE", "item": "ITEM",
			"date": "--date", "status": "--status", "target": "--target", "evidence": "--evidence",
			"owner": "--owner", "note": "--note"})
	}
	fmt.Fprintf(env.Stdout, "%s: %s %s on %s: %s\n", file, u.Response, u.Item, day.ISO(u.Date), response.CanonicalStatus(u.Status))
	return OK
}

// archiveHere refuses a folder that is not an archive to add entries to.
func archiveHere(env *Env, arch string) int {
	if err := outdir.CheckArchive(arch); err != nil {
		fmt.Fprintln(env.Stderr, err)
		return Failed
	}
	return OK
}

// refused reports why an entry was not written: a refusal names the
// argument or flag that was wrong; nothing was written either way.
func refused(env *Env, cmd, file string, err error, names map[string]string) int {
	var r *tracker.Refusal
	if errors.As(err, &r) {
		fmt.Fprintf(env.Stderr, "s55 %s: %s: %s\n", cmd, names[r.Field], r.Msg)
	} else {
		fmt.Fprintf(env.Stderr, "s55 %s: %v\n", cmd, err)
	}
	fmt.Fprintf(env.Stderr, "s55 %s: %s unchanged\n", cmd, file)
	return Failed
}

// trackFrom adds the updates of a progress workbook, showing how far it
// has got on a terminal unless quiet.
func trackFrom(env *Env, fs *flag.FlagSet, pos []string, name string, date time.Time, quiet bool) int {
	if len(pos) != 1 {
		return usageErr(env, fs, "give the archive alone with --from: s55 track ARCHIVE --from FILE.xlsx")
	}
	arch, status := archiveArg(env, fs, pos)
	if status != OK {
		return status
	}
	if status := archiveHere(env, arch); status != OK {
		return status
	}
	today := day.Today()
	if date.IsZero() {
		date = today
	}
	file := filepath.Join(arch, tracker.FileName)
	data, err := input.ReadMax(name, workbook.MaxFileSize)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: error: %s\n", name, input.Reason(err))
		fmt.Fprintf(env.Stderr, "s55 track: %s unchanged\n", file)
		return Failed
	}
	line := progress.Start(env.Stderr, quiet)
	updates, err := workbook.TrackFrom(arch, name, data, date, today, line.Func(), notice(env))
	line.Clear()
	if err != nil {
		if !workbookRefused(env, name, err) {
			fmt.Fprintf(env.Stderr, "s55 track: %v\n", err)
		}
		fmt.Fprintf(env.Stderr, "s55 track: %s unchanged\n", file)
		return Failed
	}
	for _, u := range updates {
		fmt.Fprintf(env.Stdout, "%s: %s %s on %s: %s\n", file, u.Response, u.Item, u.Date.Format(time.DateOnly), u.Status)
	}
	if len(updates) == 0 {
		fmt.Fprintf(env.Stdout, "%s: no row of %s changes an item; nothing written\n", file, name)
		return OK
	}
	fmt.Fprintf(env.Stdout, "%s: %s from %s\n", file, plural(len(updates), "update"), name)
	return OK
}

// notice prints what opening an archive did beyond locking it (an archive
// of format 2 moved to the signed log), as a line of the output.
func notice(env *Env) func(string) {
	return func(msg string) { fmt.Fprintln(env.Stdout, msg) }
}
