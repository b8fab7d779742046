package tracker

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// EventsName is the events file's name in an archive.
const EventsName = "events.yaml"

// EventFile is the content of an events file.
type EventFile struct {
	Events []Event `yaml:"events"`
}

// Event records when a revision of an issued response was sent to the
// Home Secretary and HMICFRS (s.55(6)), and when it was published, with
// why it was late when it was.
type Event struct {
	Response string `yaml:"response"`
	// Revision is the revision sent or published.
	Revision  int       `yaml:"revision"`
	Sent      time.Time `yaml:"sent"`
	Published time.Time `yaml:"published"`
	// Reason says why the response was published after the last day.
	Reason string `yaml:"reason"`
}

// Refusal is an entry that Track or Record will not write, naming what
// was wrong: the field of the entry ("response", "item", "date",
// "status", "target", "evidence", "sent", "published", "reason"), and,
// of several updates given at once (TrackAll), which, from 0.
type Refusal struct {
	Field, Msg string
	Index      int
}

func (r *Refusal) Error() string { return r.Msg }

// ErrRefused is what every Refusal is.
var ErrRefused = errors.New("refused")

// Is makes errors.Is(err, ErrRefused) hold for a Refusal.
func (r *Refusal) Is(target error) bool { return target == ErrRefused }

// Track checks an update of one item of an issued response against the
// archive (see Book.Check; a status is needed, and a date no later than
// today) and appends it to ARCHIVE/tracker.yaml, keeping every byte that
// was there. Tracks, records and issues into one archive take turns on its
// lock, so two at once both land. A refused update is a *Refusal and
// writes nothing. notice, when not nil, is told what opening the archive
// did beyond locking it (archive.WriterOptions.Notice: an archive of
// format 2 moved to the signed log).
func Track(arch string, u Update, today time.Time, notice func(string)) error {
	_, err := TrackAll(arch, today, nil, notice, func(*Book) ([]Update, error) { return []Update{u}, nil })
	return err
}

// TrackAll appends the updates that plan gives to ARCHIVE/tracker.yaml,
// all of them or none, under the archive's lock, keeping every byte that
// was there. plan is given the items as they stand, with every update of
// the tracker applied, so that it can tell what changed; each update it
// returns is checked as Track checks one, and a refused update is a
// *Refusal naming it by its Index, and writes nothing. It returns the
// updates as written: none when plan gives none. No update may bear a
// date after today. report, when not nil, is told each response read;
// notice, as for Track.
func TrackAll(arch string, today time.Time, report progress.Func, notice func(string), plan func(b *Book) ([]Update, error)) ([]Update, error) {
	w, err := archive.OpenWriter(arch, archive.WriterOptions{KeyDirs: archive.KeyDirs(arch, ""), Notice: notice})
	if err != nil {
		return nil, err
	}
	defer w.Close()
	entries, err := archive.List(arch)
	if err != nil {
		return nil, err
	}
	b, diags := NewBook(entries, Reading(entries, report))
	if err := diags.Err(); err != nil {
		return nil, err
	}
	b.Today = today
	file := filepath.Join(arch, FileName)
	old, src, diags := Load(file)
	if diags.Errors() > 0 {
		return nil, fmt.Errorf("%w\n%s: nothing written: put the file right first", diags.Err(), file)
	}
	b.applyAll(old, src) // updates it refuses are reported by index, not here
	updates, err := plan(b)
	if err != nil || len(updates) == 0 {
		return nil, err
	}
	var (
		entriesOut [][]field
		written    []Update
	)
	for i, u := range updates {
		if f, msg := b.CheckTrack(u); msg != "" {
			return nil, &Refusal{Field: f, Msg: msg, Index: i}
		}
		u = tidy(u)
		entriesOut = append(entriesOut, trackFields(u))
		written = append(written, u)
	}
	const header = "# What became of each item of the issued responses: dated entries, the latest\n" +
		"# for an item winning. s55 track adds entries at the end; comments stay.\n"
	if err := appendEntries(file, "updates", header, entriesOut, written, decodeUpdates); err != nil {
		return nil, err
	}
	return written, w.AddFile(FileName)
}

// CheckTrack says what is wrong with an update that Track is given, as
// Check does, and a status is needed.
func (b *Book) CheckTrack(u Update) (field, msg string) {
	if u.Status == "" {
		return "status", "give the item's status with --status: one of " + strings.Join(Statuses, ", ")
	}
	return b.Check(u)
}

// tidy writes an update as the file keeps it: its days without a time,
// its status by its canonical name, its evidence as the link policy
// spells it.
func tidy(u Update) Update {
	if u.Evidence != "" {
		u.Evidence, _ = Evidence(u.Evidence)
	}
	u.Date = day.Of(u.Date)
	u.Target = day.Of(u.Target)
	u.Status = response.CanonicalStatus(u.Status)
	return u
}

// trackFields are the fields of an update as tracker.yaml holds them.
func trackFields(u Update) []field {
	return []field{
		{"response", u.Response, ""}, {"item", u.Item, ""}, {"date", day.ISO(u.Date), "!!timestamp"},
		{"status", u.Status, ""}, {"owner", u.Owner, ""}, {"target", day.ISO(u.Target), "!!timestamp"},
		{"note", u.Note, ""}, {"evidence", u.Evidence, ""},
	}
}

// LoadEvents reads the events file; a missing file holds no events.
func LoadEvents(file string) ([]Event, *response.Source, diag.List) {
	return loadFile(file, decodeEvents)
}

func decodeEvents(file string, data []byte) (*response.Source, []Event, diag.List) {
	var f EventFile
	src, diags := strictyaml.Decode(file, data, &f)
	return src, f.Events, diags
}

// Publication is what the events say of one revision: when it was sent
// and published, and why it was late.
type Publication struct {
	Sent, Published string
	Reason          string
}

// Key names a revision: "id/rN".
func Key(id string, revision int) string { return id + "/r" + strconv.Itoa(revision) }

// Publications gathers the events by revision (Key): for each of sent,
// published and reason, the last event that gives it wins. Events that
// CheckEvents refuses are left out.
func Publications(entries []*archive.Entry, events []Event) map[string]Publication {
	issued := revisions(entries)
	out := map[string]Publication{}
	for _, ev := range events {
		if _, msg := checkEvent(issued, ev, time.Time{}); msg != "" {
			continue
		}
		k := Key(ev.Response, ev.Revision)
		p := out[k]
		if !ev.Sent.IsZero() {
			p.Sent = day.ISO(ev.Sent)
		}
		if !ev.Published.IsZero() {
			p.Published = day.ISO(ev.Published)
		}
		if ev.Reason != "" {
			p.Reason = ev.Reason
		}
		out[k] = p
	}
	return out
}

func revisions(entries []*archive.Entry) map[string]*archive.Entry {
	m := map[string]*archive.Entry{}
	for _, e := range entries {
		m[Key(e.Manifest.ID, e.Manifest.Revision)] = e
	}
	return m
}

// CheckEvents reports every event of the file that names no issued
// revision, or a day before it was issued, at its place.
func CheckEvents(entries []*archive.Entry, events []Event, src *response.Source) diag.List {
	var diags diag.List
	if src == nil {
		src = &response.Source{File: EventsName, Pos: map[string]response.Pos{}}
	}
	issued := revisions(entries)
	for i, ev := range events {
		if f, msg := checkEvent(issued, ev, time.Time{}); msg != "" {
			p := fmt.Sprintf("events[%d].%s", i, f)
			pos := src.At(p)
			diags.Add(src.File, pos.Line, pos.Col, p, "%s", msg)
		}
	}
	return diags
}

// checkEvent says what is wrong with an event, by field: the revision is
// issued, a day is given, and none is before the day of issue or (when
// today is set) after today.
func checkEvent(issued map[string]*archive.Entry, ev Event, today time.Time) (field, msg string) {
	e := issued[Key(ev.Response, ev.Revision)]
	switch {
	case e == nil && issued[Key(ev.Response, 1)] == nil:
		return "response", fmt.Sprintf("no issued response %q in the archive", ev.Response)
	case e == nil:
		return "revision", fmt.Sprintf("response %s has no revision %d", ev.Response, ev.Revision)
	case ev.Sent.IsZero() && ev.Published.IsZero():
		return "sent", "the entry gives neither the day the response was sent nor the day it was published"
	}
	then := day.Of(e.Manifest.Issued)
	for _, d := range []struct {
		field string
		t     time.Time
	}{{"sent", ev.Sent}, {"published", ev.Published}} {
		switch {
		case d.t.IsZero():
		case day.Of(d.t).Before(then):
			return d.field, fmt.Sprintf("%s is before revision %d was issued, on %s", day.ISO(d.t), ev.Revision, day.ISO(then))
		case !today.IsZero() && day.Of(d.t).After(day.Of(today)):
			return d.field, fmt.Sprintf("%s is a day still to come: record what happened, once it has", day.ISO(d.t))
		}
	}
	return "", ""
}

// Record appends an event of the latest revision of an issued response to
// ARCHIVE/events.yaml, keeping every byte that was there, after checking
// it: a day the response was sent, published or both, none before the
// day of issue or after today; and, for a response published after the
// last day for publication (its letter late, or its publication), a
// reason, given now or recorded before. A refused event is a *Refusal
// and writes nothing. It returns the event as written. notice, as for
// Track.
func Record(arch string, ev Event, today time.Time, notice func(string)) (Event, error) {
	w, err := archive.OpenWriter(arch, archive.WriterOptions{KeyDirs: archive.KeyDirs(arch, ""), Notice: notice})
	if err != nil {
		return ev, err
	}
	defer w.Close()
	entries, err := archive.List(arch)
	if err != nil {
		return ev, err
	}
	var latest *archive.Entry
	for _, e := range entries {
		if e.Manifest.ID == ev.Response && (latest == nil || e.Manifest.Revision > latest.Manifest.Revision) {
			latest = e
		}
	}
	if latest == nil {
		return ev, &Refusal{Field: "response", Msg: fmt.Sprintf("no issued response %q in the archive", ev.Response)}
	}
	ev.Revision = latest.Manifest.Revision
	ev.Reason = strings.TrimSpace(ev.Reason)
	if f, msg := checkEvent(revisions(entries), ev, today); msg != "" {
		return ev, &Refusal{Field: f, Msg: msg}
	}
	file := filepath.Join(arch, EventsName)
	events, _, diags := LoadEvents(file)
	if err := diags.Err(); err != nil {
		return ev, fmt.Errorf("%w\n%s: nothing written: put the file right first", err, file)
	}
	before := Publications(entries, events)[Key(ev.Response, ev.Revision)]
	if !ev.Published.IsZero() && ev.Reason == "" && before.Reason == "" {
		m := latest.Manifest
		last, _ := day.Parse(m.LastDay)
		late := max(m.DaysLate, day.Between(last, ev.Published))
		if late > 0 {
			return ev, &Refusal{Field: "reason", Msg: fmt.Sprintf("the response was published %s after the last day, %s: say why with --reason, as the site will show it",
				count.English(late, "day", "days"), m.LastDay)}
		}
	}
	ev.Sent, ev.Published = day.Of(ev.Sent), day.Of(ev.Published)
	fields := []field{
		{"response", ev.Response, ""}, {"revision", strconv.Itoa(ev.Revision), "!!int"},
		{"sent", day.ISO(ev.Sent), "!!timestamp"}, {"published", day.ISO(ev.Published), "!!timestamp"}, {"reason", ev.Reason, ""},
	}
	const header = "# When each issued response was sent to the Home Secretary and HMICFRS\n" +
		"# (s.55(6)) and published, and why it was late. s55 record adds entries at\n# the end; comments stay.\n"
	if err := appendEntry(file, "events", header, fields, ev, decodeEvents); err != nil {
		return ev, err
	}
	return ev, w.AddFile(EventsName)
}
