package cli

import (
	"fmt"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/theme"
)

// dateFlag is a flag holding a day written YYYY-MM-DD.
type dateFlag struct{ t *time.Time }

func (d dateFlag) String() string {
	if d.t == nil || d.t.IsZero() {
		return ""
	}
	return day.ISO(*d.t)
}

func (d dateFlag) Set(s string) error {
	t, err := day.Parse(s)
	if err != nil {
		return err
	}
	*d.t = t
	return nil
}

func runCheck(env *Env, args []string) int {
	var (
		opt    build.Options
		strict bool
	)
	fs := newFlags(env, "check")
	fs.StringVar(&opt.Office, "office", "", "use the office profile `FILE` (default: office.yaml beside the response folders)")
	fs.Var(dateFlag{&opt.Today}, "today", "read the statutory clock on `DATE` (YYYY-MM-DD) instead of today")
	fs.BoolVar(&strict, "strict", false, "fail on warnings too")
	dirs, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(dirs) == 0 {
		return usageErr(env, fs, "no response folder given")
	}
	if opt.Today.IsZero() {
		opt.Today = day.Today()
	}
	status := OK
	for _, dir := range dirs {
		c, diags := build.Check(dir, opt)
		report(env, diags)
		if c != nil {
			fmt.Fprintln(env.Stdout, clockLine(dir, c))
		}
		if diags.Errors() > 0 || (strict && diags.Count(diag.Warning) > 0) {
			status = Failed
		}
		fmt.Fprintf(env.Stdout, "%s: %s\n", dir, tally(diags))
	}
	return status
}

// clockLine says where a response stands against s.55(5A).
func clockLine(dir string, c *build.Checked) string {
	k := c.Clock
	th := c.Theme
	if len(c.Themes) > 0 {
		th = theme.Officer(c.Themes) // English words, with English dates
	}
	date := func(t time.Time) string { return day.Format(th, t) }
	line := fmt.Sprintf("%s: report published %s; last day for publication %s", dir, date(k.Published), date(k.LastDay))
	switch late := k.DaysLate(k.Letter); {
	case late > 0:
		line += fmt.Sprintf("; the letter of %s is %s late", date(k.Letter), plural(late, "day"))
	case !k.Letter.Before(k.Published):
		line += fmt.Sprintf("; the letter of %s is on time", date(k.Letter))
	}
	return line + todayNote(k, date)
}

func todayNote(k check.Clock, date func(time.Time) string) string {
	switch left := k.DaysLeft(k.Today); {
	case k.Today.Before(k.Published):
		return ""
	case left > 0:
		return fmt.Sprintf("; today, %s, is day %d of 56 with %s left", date(k.Today), k.DayOf(k.Today), plural(left, "day"))
	case left == 0:
		return fmt.Sprintf("; today, %s, is the last day", date(k.Today))
	}
	return ""
}

func tally(diags diag.List) string {
	e, w, n := diags.Errors(), diags.Count(diag.Warning), diags.Count(diag.Note)
	if e == 0 && w == 0 && n == 0 {
		return "no problems"
	}
	s := plural(e, "error") + ", " + plural(w, "warning")
	if n > 0 {
		s += ", " + plural(n, "note")
	}
	return s
}

// plural words n with an English noun whose plural takes an s: "1 error",
// "2 errors".
func plural(n int, word string) string {
	return count.English(n, word, word+"s")
}
