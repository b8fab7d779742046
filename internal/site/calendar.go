package site

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
)

// CalendarName is the iCalendar feed's file in the site.
const CalendarName = "tracker.ics"

// writeCalendar writes the site's iCalendar feed (RFC 5545): an all-day
// event on the last day for publication of every issued response, and on
// every item's target date. Each event's UID is made of the response's
// id, the item and the kind of date, with the archive's first manifest
// digest to keep two offices' feeds apart, so that a calendar that
// subscribes to the feed updates an event when its date moves. DTSTAMP is
// the day the event's data last changed (the issue, or the item's latest
// update), so that the same data gives the same feed. Summaries come from
// the phrase books of the site's languages, in each, side by side as the
// first book joins texts ("... / ...").
func writeCalendar(w io.Writer, entries []*archive.Entry, rows []tracker.Row, themes []*theme.Theme) error {
	ns := "s55"
	for _, e := range entries {
		if e.Manifest.Sequence == 1 {
			ns = e.SHA256[:16]
		}
	}
	// say is a phrase in every language, joined.
	say := func(name string, data func(th *theme.Theme) (any, error)) (string, error) {
		each := make([]string, len(themes))
		for i, th := range themes {
			d, err := data(th)
			if err != nil {
				return "", err
			}
			if each[i], err = th.Phrase(name, d); err != nil {
				return "", err
			}
		}
		if len(each) == 1 {
			return each[0], nil
		}
		return themes[0].Join(each)
	}
	name, err := say("calendar_name", func(*theme.Theme) (any, error) { return nil, nil })
	if err != nil {
		return err
	}
	cal := ics.NewCalendarFor("s55")
	cal.SetProductId("-//s55//tracker//EN")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(name)
	cal.SetName(name)
	event := func(uid string, day, stamp time.Time, summary, description string) {
		ev := cal.AddEvent(uid)
		ev.SetDtStampTime(stamp)
		ev.SetAllDayStartAt(day)
		ev.SetAllDayEndAt(day.AddDate(0, 0, 1))
		ev.SetSummary(summary)
		if description != "" {
			ev.SetDescription(description)
		}
		ev.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
	}
	seen := map[string]bool{}
	for _, e := range entries {
		m := e.Manifest
		if seen[m.ID] {
			continue // an older revision: the latest comes first
		}
		seen[m.ID] = true
		last, err := day.Parse(m.LastDay)
		if err != nil {
			continue
		}
		summary, err := say("calendar_last_day", func(*theme.Theme) (any, error) { return struct{ Report, ID string }{m.Report.Title, m.ID}, nil })
		if err != nil {
			return err
		}
		event(fmt.Sprintf("%s.last-day.%s@s55", m.ID, ns), last, m.Issued, summary, "")
	}
	for _, r := range rows {
		target, err := day.Parse(r.Target)
		if err != nil {
			continue
		}
		summary, err := say("calendar_target", func(th *theme.Theme) (any, error) {
			item, err := th.Phrase(r.Kind+"_outline", struct{ Number int }{r.Number})
			return struct{ Item, Report, Owner, Status string }{item, r.Report, r.Owner, r.Status}, err
		})
		if err != nil {
			return err
		}
		stamp, _ := day.Parse(r.Issued)
		if n := len(r.History); n > 0 {
			if d, err := day.Parse(r.History[n-1].Date); err == nil {
				stamp = d
			}
		}
		event(fmt.Sprintf("%s.%s.target.%s@s55", r.Response, r.Item, ns), target, stamp, summary, strings.TrimSpace(r.Text))
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}
