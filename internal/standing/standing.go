// Package standing is where each response of an office stands: its clock,
// its answers, whether it is issued, sent and published, as "s55 status"
// prints it and the office's desk in "s55 serve" shows it.
package standing

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/addressee"
	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
)

// Standing is where one response stands: one line of s55 status, one
// element of its JSON.
type Standing struct {
	// Folder is the draft's response folder, or the issued revision's
	// folder for a response known only to the archive.
	Folder string `json:"folder"`
	ID     string `json:"id"`
	Report string `json:"report,omitempty"`
	// Published is the day the report was published; LastDay the last
	// day for publication of the response (s.55(5A)).
	Published string `json:"published,omitempty"`
	LastDay   string `json:"last_day,omitempty"`
	// LetterDate is the letter's date.
	LetterDate string `json:"letter_date,omitempty"`
	// DaysLeft, for a response not issued, is how many days are left to
	// the last day on the day of the reading: negative once it passed.
	DaysLeft *int `json:"days_left"`
	// DaysLate is how many days after the last day the response was (or,
	// not issued, is now) published: its publication as recorded, else
	// its letter's date, else today.
	DaysLate int `json:"days_late"`
	// Unanswered counts the items that lack an answer they need: the
	// force's response to an item addressed to the force (or to no one),
	// the office's own to one addressed to the office.
	Unanswered Unanswered `json:"unanswered"`
	// ChiefOfficerDue is the day the chief officer's comments are due
	// (s.55(4)), when the response gives it, and ChiefOfficerDaysLeft,
	// for a response not issued, the days left to it (negative once it
	// passed).
	ChiefOfficerDue      string `json:"chief_officer_due,omitempty"`
	ChiefOfficerDaysLeft *int   `json:"chief_officer_days_left,omitempty"`
	// Issued is the latest revision issued, or null.
	Issued *IssuedRevision `json:"issued"`
	// Sent and OnSite are the days the latest revision was sent to the
	// Home Secretary and HMICFRS, and published, as recorded ("" if not);
	// Reason why it was late.
	Sent   string `json:"sent"`
	OnSite string `json:"published_on_site"`
	Reason string `json:"reason,omitempty"`
	// Error says why the folder did not load.
	Error string `json:"error,omitempty"`

	// Officer is the theme whose book words the line's dates
	// (theme.Officer), nil when the response's themes did not load.
	Officer *theme.Theme `json:"-"`
}

type Unanswered struct {
	Recommendations     int `json:"recommendations"`
	AreasForImprovement int `json:"areas_for_improvement"`
}

type IssuedRevision struct {
	Revision int    `json:"revision"`
	Date     string `json:"date"`
}

// Folders lists dir when it is a response folder, else the
// response folders in it (a responses/ tree), in order; a folder that is
// neither is listed itself, to be reported.
func Folders(dir string) []string {
	if _, err := os.Lstat(filepath.Join(dir, response.FileName)); err == nil {
		return []string{dir}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []string{dir}
	}
	var out []string
	for _, e := range entries {
		sub := filepath.Join(dir, e.Name())
		if st, err := os.Stat(sub); err == nil && st.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			if _, err := os.Lstat(filepath.Join(sub, response.FileName)); err == nil {
				out = append(out, sub)
			}
		}
	}
	if len(out) == 0 {
		return []string{dir}
	}
	return out
}

// Draft loads a response folder as check does and reads its
// clock on today.
func Draft(dir, office string, today time.Time) *Standing {
	s := &Standing{Folder: dir}
	f, diags := response.Load(dir, response.Options{OfficeFile: office})
	s.ID = f.ID
	if diags.Errors() > 0 {
		first := diags.Err().Error()
		first, _, _ = strings.Cut(first, "\n")
		s.Error = fmt.Sprintf("does not load (%s)", first)
		return s
	}
	s.fill(f)
	clock := statute.NewClock(f.Response.Report.Published)
	left := clock.DaysLeft(today)
	s.DaysLeft = &left
	s.DaysLate = max(0, -left)
	if due := f.Response.ChiefOfficerDue; !due.IsZero() {
		n := day.Between(today, due)
		s.ChiefOfficerDaysLeft = &n
	}
	return s
}

// title is the report's title: in an office of several languages, its
// title in each, in the office's order.
func title(f *response.Folder) string {
	t := f.Response.Report.Title
	if !f.Bilingual() {
		return t.String()
	}
	var each []string
	for _, lang := range f.Languages {
		if s := t.In(lang); s != "" && !slices.Contains(each, s) {
			each = append(each, s)
		}
	}
	return strings.Join(each, " / ")
}

// fill takes what a loaded response says of itself.
func (s *Standing) fill(f *response.Folder) {
	r := f.Response
	clock := statute.NewClock(r.Report.Published)
	s.Report, s.Published, s.LastDay = title(f), day.ISO(clock.Published), day.ISO(clock.LastDay)
	s.LetterDate = day.ISO(r.Letter.Date)
	s.ChiefOfficerDue = day.ISO(r.ChiefOfficerDue)
	themes, diags := check.Themes(f)
	if diags.Errors() > 0 {
		return
	}
	// The line is English: its dates are the English edition's when the
	// office has one.
	s.Officer = theme.Officer(themes)
	who := addressee.New(f, themes)
	var count func(items []response.Item)
	count = func(items []response.Item) {
		for _, it := range items {
			if who.Unanswered(it) {
				if it.Kind == response.AreaForImprovement {
					s.Unanswered.AreasForImprovement++
				} else {
					s.Unanswered.Recommendations++
				}
			}
			count(it.Items)
		}
	}
	for _, a := range r.Appendices {
		count(a.Items)
	}
}

// Issued gives the latest revision of every response in the
// archive its standing, or lays it over the draft of the same id.
func Issued(arch string, drafts map[string]*Standing) ([]*Standing, error) {
	entries, err := archive.List(arch)
	if err != nil {
		return nil, err
	}
	events, _, diags := tracker.LoadEvents(filepath.Join(arch, tracker.EventsName))
	if err := diags.Err(); err != nil {
		return nil, err
	}
	pubs := tracker.Publications(entries, events)
	latest := map[string]*archive.Entry{}
	var ids []string
	for _, e := range entries {
		m := e.Manifest
		if l := latest[m.ID]; l == nil {
			ids = append(ids, m.ID)
		}
		if l := latest[m.ID]; l == nil || m.Revision > l.Manifest.Revision {
			latest[m.ID] = e
		}
	}
	var out []*Standing
	for _, id := range ids {
		e := latest[id]
		m := e.Manifest
		s := drafts[id]
		if s == nil {
			s = &Standing{Folder: e.Dir, ID: id}
			out = append(out, s)
			if f, diags := e.Load(); diags.Errors() == 0 {
				s.fill(f)
			}
			s.Report, s.Published, s.LastDay, s.LetterDate = m.Report.Title, m.Report.Published, m.LastDay, m.LetterDate
		}
		s.Issued = &IssuedRevision{Revision: m.Revision, Date: day.ISO(m.Issued)}
		s.DaysLeft, s.ChiefOfficerDaysLeft = nil, nil
		p := pubs[tracker.Key(id, m.Revision)]
		s.Sent, s.OnSite, s.Reason = p.Sent, p.Published, p.Reason
		s.DaysLate = m.DaysLate
		if last, err := day.Parse(m.LastDay); err == nil {
			if on, err := day.Parse(p.Published); err == nil {
				s.DaysLate = max(s.DaysLate, day.Between(last, on))
			}
		}
	}
	return out, nil
}

// Urgency orders the responses most urgent first: folders that do not
// load; then those not issued, late ones first (the latest first), then
// by the days left; then those issued but not sent, then those sent, each
// by their last day.
func Urgency(a, b *Standing) int {
	rank := func(s *Standing) int {
		switch {
		case s.Error != "":
			return 0
		case s.Issued == nil && s.DaysLeft != nil && *s.DaysLeft < 0:
			return 1
		case s.Issued == nil:
			return 2
		case s.Sent == "":
			return 3
		}
		return 4
	}
	left := func(s *Standing) int {
		if s.DaysLeft != nil {
			return *s.DaysLeft
		}
		return 0
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(left(a), left(b)),
		strings.Compare(a.LastDay, b.LastDay), strings.Compare(a.ID, b.ID), strings.Compare(a.Folder, b.Folder))
}

// Line says it in one line, dates as the response's phrase book writes
// them (english's when its themes did not load).
func (s *Standing) Line(english func() *theme.Theme) string {
	if s.Error != "" {
		return s.Folder + ": " + s.Error
	}
	th := s.Officer
	if th == nil {
		th = english()
	}
	date := func(iso string) string { return day.Reformat(th, iso) }
	parts := []string{s.Report, "report published " + date(s.Published), "last day " + date(s.LastDay)}
	switch {
	case s.Issued == nil && *s.DaysLeft > 0:
		parts = append(parts, plural(*s.DaysLeft, "day")+" left")
	case s.Issued == nil && *s.DaysLeft == 0:
		parts = append(parts, "today is the last day")
	case s.Issued == nil:
		parts = append(parts, plural(s.DaysLate, "day")+" late")
	case s.DaysLate > 0 && s.OnSite != "":
		parts = append(parts, "published "+plural(s.DaysLate, "day")+" late")
	case s.DaysLate > 0:
		parts = append(parts, "the letter "+plural(s.DaysLate, "day")+" late")
	default:
		parts = append(parts, "on time")
	}
	if s.Issued == nil && s.ChiefOfficerDaysLeft != nil {
		switch n := *s.ChiefOfficerDaysLeft; {
		case n > 0:
			parts = append(parts, fmt.Sprintf("the force's comments due %s, %s left", date(s.ChiefOfficerDue), plural(n, "day")))
		case n == 0:
			parts = append(parts, fmt.Sprintf("the force's comments due today, %s", date(s.ChiefOfficerDue)))
		default:
			parts = append(parts, fmt.Sprintf("the force's comments were due %s, %s ago", date(s.ChiefOfficerDue), plural(-n, "day")))
		}
	}
	var open []string
	if n := s.Unanswered.Recommendations; n > 0 {
		open = append(open, plural(n, "recommendation"))
	}
	if n := s.Unanswered.AreasForImprovement; n > 0 {
		open = append(open, count.English(n, "area", "areas")+" for improvement")
	}
	if len(open) > 0 {
		parts = append(parts, strings.Join(open, " and ")+" unanswered")
	} else {
		parts = append(parts, "every item answered")
	}
	if s.Issued == nil {
		parts = append(parts, "not issued", "not sent")
	} else {
		parts = append(parts, fmt.Sprintf("issued as revision %d on %s", s.Issued.Revision, date(s.Issued.Date)))
		if s.Sent == "" {
			parts = append(parts, "not sent")
		} else {
			parts = append(parts, "sent "+date(s.Sent))
		}
		if s.OnSite != "" {
			parts = append(parts, "published "+date(s.OnSite))
		}
		if s.Reason != "" {
			parts = append(parts, "late because: "+s.Reason)
		}
	}
	return s.Folder + ": " + strings.Join(parts, "; ")
}

// plural words n with an English noun whose plural takes an s.
func plural(n int, word string) string { return count.English(n, word, word+"s") }
