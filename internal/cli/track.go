package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/tracker"
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
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
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
	if err := tracker.Track(arch, u, today); err != nil {
		return refused(env, "track", file, err, map[string]string{"response": "RESPONSE", "item": "ITEM",
			"date": "--date", "status": "--status", "target": "--target", "evidence": "--evidence",
			"owner": "--owner", "note": "--note"})
	}
	fmt.Fprintf(env.Stdout, "%s: %s %s on %s: %s\n", file, u.Response, u.Item, day.ISO(u.Date), response.CanonicalStatus(u.Status))
	return OK
}

// archiveHere refuses a folder that is not an archive to add entries to.
func archiveHere(env *Env, arch string) int {
	if err := archive.CheckArchive(arch); err != nil {
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
