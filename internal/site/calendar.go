package site

import (
	"fmt"
	"io"
	"iter"
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
//
// The feed is written an event at a time, as golang-ical writes each
// (VEvent.SerializeTo), so that the events of every item of a large
// archive are never held at once; the bytes are those of the calendar
// written whole.
func writeCalendar(w io.Writer, entries []*archive.Entry, rows iter.Seq[tracker.Row], themes []*theme.Theme) error {
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
	cfg := &ics.SerializationConfiguration{MaxLength: 75, PropertyMaxLength: 75, NewLine: string(ics.WithNewLineWindows)}
	cal := ics.NewCalendarFor("s55")
	cal.SetProductId("-//s55//tracker//EN")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(name)
	cal.SetName(name)
	if _, err := io.WriteString(w, "BEGIN:VCALENDAR"+cfg.NewLine); err != nil {
		return err
	}
	for _, p := range cal.CalendarProperties {
		if err := p.SerializeTo(w, cfg); err != nil {
			return err
		}
	}
	event := func(uid string, day, stamp time.Time, summary, description string) error {
		ev := ics.NewEvent(uid)
		ev.SetDtStampTime(stamp)
		ev.SetAllDayStartAt(day)
		ev.SetAllDayEndAt(day.AddDate(0, 0, 1))
		ev.SetSummary(summary)
		if description != "" {
			ev.SetDescription(description)
		}
		ev.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
		return ev.SerializeTo(w, cfg)
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
		if err := event(fmt.Sprintf("%s.last-day.%s@s55", m.ID, ns), last, m.Issued, summary, ""); err != nil {
			return err
		}
	}
	for r := range rows {
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
		if err := event(fmt.Sprintf("%s.%s.target.%s@s55", r.Response, r.Item, ns), target, stamp, summary, strings.TrimSpace(r.Text)); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "END:VCALENDAR"+cfg.NewLine)
	return err
}
