package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/tracker"
)

func runRecord(env *Env, args []string) int {
	var (
		ev    tracker.Event
		today time.Time
	)
	fs := newFlags(env, "record")
	fs.Var(dateFlag{&ev.Sent}, "sent", "the `DATE` (YYYY-MM-DD) the s.55(6) copy went to the Home Secretary and HMICFRS")
	fs.Var(dateFlag{&ev.Published}, "published", "the `DATE` (YYYY-MM-DD) the response was published on the office's website")
	fs.StringVar(&ev.Reason, "reason", "", "why the response was published after the last day (`TEXT`), as the site will show it")
	fs.Var(dateFlag{&today}, "today", "take `DATE` (YYYY-MM-DD) as today, after which no day may be recorded")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(pos) != 2 {
		return usageErr(env, fs, "give the archive and the response: s55 record ARCHIVE RESPONSE --sent DATE --published DATE")
	}
	if ev.Sent.IsZero() && ev.Published.IsZero() {
		return usageErr(env, fs, "give --sent DATE, --published DATE or both")
	}
	if flagGiven(fs, "reason") && strings.TrimSpace(ev.Reason) == "" {
		return usageErr(env, fs, "--reason needs a reason")
	}
	arch, status := archiveArg(env, fs, pos[:1])
	if status != OK {
		return status
	}
	if status := archiveHere(env, arch); status != OK {
		return status
	}
	if now := day.Today(); today.IsZero() {
		today = now
	} else if today.After(now) {
		return usageErr(env, fs, "--today %s is a day still to come: give today or a day before it", day.ISO(today))
	}
	ev.Response = pos[1]
	file := filepath.Join(arch, tracker.EventsName)
	ev, err = tracker.Record(arch, ev, today, notice(env))
	if err != nil {
		return refused(env, "record", file, err, map[string]string{"response": "RESPONSE", "sent": "--sent",
			"published": "--published", "reason": "--reason", "revision": "RESPONSE"})
	}
	var what []string
	if !ev.Sent.IsZero() {
		what = append(what, "sent "+day.ISO(ev.Sent))
	}
	if !ev.Published.IsZero() {
		what = append(what, "published "+day.ISO(ev.Published))
	}
	if ev.Reason != "" {
		what = append(what, "late because: "+ev.Reason)
	}
	fmt.Fprintf(env.Stdout, "%s: %s revision %d %s\n", file, ev.Response, ev.Revision, strings.Join(what, "; "))
	return OK
}
