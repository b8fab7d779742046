// Package tracker follows what became of every recommendation, cause of
// concern and area for improvement after a response was issued, and when
// each issued response was sent and published. Issued documents never
// change, so these records live apart from them, beside the archive, as
// dated entries: ARCHIVE/tracker.yaml for the items, ARCHIVE/events.yaml
// for the responses. The status of an item is the one its latest update
// gives, or the one its response recorded when it was issued; its RAG
// rating follows from the status and the target date, and is never typed.
// New entries are appended to the files as text, so that every byte
// already there, comments too, stays as it was.
package tracker

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/addressee"
	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/link"
	"github.com/opcc-tools/s55/internal/markdown"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/strictyaml"
	"github.com/opcc-tools/s55/internal/theme"
)

// FileName is the tracker file's name in an archive.
const FileName = "tracker.yaml"

// File is the content of a tracker file.
type File struct {
	Updates []Update `yaml:"updates"`
}

// Update is one dated entry about one item of one issued response.
type Update struct {
	// Response is the response's id, its folder name.
	Response string `yaml:"response"`
	// Item is the item's anchor in the documents: "rec-1", "coc-2",
	// "afi-3" ("a2-rec-1" in a second appendix).
	Item string    `yaml:"item"`
	Date time.Time `yaml:"date"`
	// Status is one of not-started, in-progress, reported-complete (by
	// the force), closed (by HMICFRS) and other-body; complete is read as
	// reported-complete.
	Status string `yaml:"status"`
	// Owner is who in the force answers for the item.
	Owner string `yaml:"owner"`
	// Target is the date the force aims to finish by.
	Target time.Time `yaml:"target"`
	// Note says what happened.
	Note string `yaml:"note"`
	// Evidence is the address of what shows it: a published report, a
	// minute, a page of the force's website.
	Evidence string `yaml:"evidence"`
}

// Entry is one dated entry of an item's history, as the tracker lists it.
type Entry struct {
	Date     string `json:"date"`
	Status   string `json:"status,omitempty"`
	Owner    string `json:"owner,omitempty"`
	Target   string `json:"target,omitempty"`
	Note     string `json:"note,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

// Row is one item with its latest status, as the tracker page lists it.
type Row struct {
	Response   string   `json:"response"`
	Revision   int      `json:"revision"`
	Report     string   `json:"report"`
	Item       string   `json:"item"`
	Kind       string   `json:"kind"`
	Number     int      `json:"number"`
	Text       string   `json:"text"`
	Addressees []string `json:"addressees"`
	// AddresseesIn are, for a response given in several languages, the
	// addressees in each, by language tag: the site lists them in the
	// language of its page.
	AddresseesIn map[string][]string `json:"addressees_in,omitempty"`
	Deadline     string              `json:"deadline,omitempty"`
	// Position is the position the response took on the item (accepted,
	// partly-accepted, not-accepted, not-applicable), or "" for none, and
	// PositionReason the reason it gave, as its Markdown reads.
	Position       string `json:"position,omitempty"`
	PositionReason string `json:"position_reason,omitempty"`
	Status         string `json:"status"`
	Owner          string `json:"owner,omitempty"`
	Target         string `json:"target,omitempty"`
	Updated        string `json:"updated,omitempty"`
	Note           string `json:"note,omitempty"`
	Evidence       string `json:"evidence,omitempty"`
	// RAG is the rating that follows from the status and the target date
	// (see Rate): red, amber, green, or "" for an item that is another
	// body's to act on.
	RAG string `json:"rag"`
	// Issued is the day the response was issued.
	Issued string `json:"issued"`
	// Link is the item in the published response, relative to the site.
	Link string `json:"link"`
	// History is every update of the item, oldest first.
	History []Entry `json:"history"`
	// Closed says, for an item reported complete or closed by an update,
	// when, by whom (the item's owner then) and on what evidence.
	Closed *Closure `json:"closed,omitempty"`
}

// Closure is the update that reported an item complete or closed it.
type Closure struct {
	Date     string `json:"date"`
	By       string `json:"by,omitempty"`
	Evidence string `json:"evidence,omitempty"`
}

// Load reads the tracker file; a missing file holds no updates.
func Load(file string) ([]Update, *response.Source, diag.List) {
	return loadFile(file, decodeUpdates)
}

// loadFile reads a file of entries with decode; a missing file holds none.
func loadFile[T any](file string, decode func(string, []byte) (*response.Source, []T, diag.List)) ([]T, *response.Source, diag.List) {
	data, err := input.Read(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		var d diag.List
		d.Add(file, 0, 0, "", "%s", input.Reason(err))
		return nil, nil, d
	}
	src, entries, diags := decode(file, data)
	return entries, src, diags
}

// Items lists every item of one issued revision as rows, with the status,
// owner and target date its response recorded, before any update (the
// target the report's deadline sets, day.Deadline, when the force gave
// none): it reads the revision's archived folder (archive.Entry.Load). An
// item that gives no status is not-started, or other-body when it is
// addressed to other bodies alone (package addressee, with the archived
// office profile and templates).
func Items(e *archive.Entry) ([]Row, diag.List) {
	return items(e)
}

// Reading returns a loader for NewBook or Rows that reads each response's
// items as Items does and tells report each one read, of the responses
// of entries (one stage, "reading response 12 of 300"). It is Items
// itself when report is nil.
func Reading(entries []*archive.Entry, report progress.Func) func(*archive.Entry) ([]Row, diag.List) {
	if report == nil {
		return Items
	}
	ids := map[string]bool{}
	for _, e := range entries {
		ids[e.Manifest.ID] = true
	}
	count := report.Stage("reading", "response", len(ids))
	return func(e *archive.Entry) ([]Row, diag.List) {
		defer count.Add()
		return items(e)
	}
}

// items is Items.
func items(e *archive.Entry) ([]Row, diag.List) {
	resp, langs, otherOnly, diags := issued(e)
	if diags.Errors() > 0 {
		return nil, diags
	}
	m := e.Manifest
	n := 0
	for _, ap := range resp.Appendices {
		for _, it := range ap.Items {
			n += 1 + len(it.Items)
		}
	}
	rows := make([]Row, 0, n)
	add := func(appendix int, it response.Item) {
		// The force's target, or else the day the report's deadline
		// sets.
		target := it.Target
		if target.IsZero() {
			target, _ = it.DeadlineDay("", resp.Report.Published)
		}
		id := compose.ItemID(appendix, it.Kind, it.Number)
		status := it.Status
		if status == "" {
			status = "not-started"
			if len(it.Items) == 0 && otherOnly(it) {
				status = "other-body"
			}
		}
		r := Row{
			Response: m.ID, Revision: m.Revision, Report: m.Report.Title,
			Item: id, Kind: it.Kind, Number: it.Number, Text: plainText(it.Text),
			Addressees: texts(it.Addressees), Deadline: it.Deadline.String(), Status: status,
			Position: it.Position, PositionReason: plainText(it.PositionReason),
			Owner: it.Owner, Target: day.ISO(target),
			Link: ItemLink(m.ID, m.Revision, id),
		}
		if len(langs) > 1 && it.Addressees != nil {
			r.AddresseesIn = make(map[string][]string, len(langs))
			for _, l := range langs {
				r.AddresseesIn[l] = response.Strings(it.Addressees, l)
			}
		}
		rows = append(rows, r)
	}
	for a, ap := range resp.Appendices {
		for _, it := range ap.Items {
			add(a, it)
			for _, sub := range it.Items {
				add(a, sub)
			}
		}
	}
	return rows, nil
}

// issued reads the response a revision was issued with, its languages and
// what says whether an item is addressed to other bodies alone: from its
// archived folder and phrase books where they load, else from its
// response.yaml alone, in the first language, by the English phrase
// book's classifier.
func issued(e *archive.Entry) (*response.Response, []string, func(response.Item) bool, diag.List) {
	if f, diags := e.LoadData(); diags.Errors() == 0 {
		if words, diags := bookWords(f); diags.Errors() == 0 {
			who := addressee.FromWords(f, words)
			return &f.Response, f.Languages, func(it response.Item) bool { return who.Item(it).OtherOnly() }, nil
		}
	}
	var diags diag.List
	m := e.Manifest
	name := filepath.Join(filepath.FromSlash(m.Source.Response), response.FileName)
	file := filepath.Join(e.Dir, name)
	data, err := input.ReadIn(e.Dir, name, input.MaxSize)
	if err != nil {
		diags.Add(file, 0, 0, "", "%s", input.Reason(err))
		return nil, nil, nil, diags
	}
	var resp response.Response
	if _, d := strictyaml.Decode(file, data, &resp); d.Errors() > 0 {
		return nil, nil, nil, d
	}
	w, _ := theme.LoadWords("", response.DefaultLanguage)
	who := addressee.FromWords(&response.Folder{Office: response.Office{Language: response.DefaultLanguage}}, []theme.Words{w})
	return &resp, nil, func(it response.Item) bool { return who.Item(it).OtherOnly() }, nil
}

// bookWords reads the words of the phrase books of the folder's languages
// (theme.LoadWords), which are all the tracker needs of its themes.
func bookWords(f *response.Folder) ([]theme.Words, diag.List) {
	diags := check.Languages(f)
	if diags.Errors() > 0 {
		return nil, diags
	}
	words := make([]theme.Words, len(f.Languages))
	for i, lang := range f.Languages {
		var d diag.List
		words[i], d = theme.LoadWords(f.TemplatesDir, lang)
		diags = append(diags, d...)
	}
	return words, diags
}

// plainText is a Markdown text as the tracker prints it: in the first
// language, without drafting notes.
func plainText(t response.Text) string {
	return strings.TrimSpace(string(markdown.StripComments([]byte(t.String()))))
}

// texts returns a list of texts as the tracker prints them: in the first
// language of a response given in several.
func texts(list []response.Text) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.String()
	}
	return out
}

// Rows lists every item of the latest revision of each response, in the
// order of entries, with the updates applied in the order of their dates:
// the latest status, owner, target, note and evidence win, and every
// update is kept in the item's history. An update that Check refuses is
// reported at its place in the file.
//
// load lists a revision's items as its response recorded them; nil means
// Items, which reads the archived response.yaml. A site keeps what Items
// found for each revision, which never changes, so that a later run need
// not decode every response again.
//
// An update dated after today (when today is not zero) is refused at its
// place, so that a day typed wrong never wins over what really happened.
func Rows(entries []*archive.Entry, updates []Update, src *response.Source, load func(*archive.Entry) ([]Row, diag.List), today time.Time) ([]Row, diag.List) {
	b, diags := NewBook(entries, load)
	b.Today = today
	diags = append(diags, b.applyAll(updates, src)...)
	return b.Rows, diags
}

// applyAll applies the updates in the order of their dates; an update
// that Check refuses is left out and reported at its place in src.
func (b *Book) applyAll(updates []Update, src *response.Source) diag.List {
	if src == nil {
		src = &response.Source{File: FileName, Pos: map[string]response.Pos{}}
	}
	var diags diag.List
	order := make([]int, len(updates))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return updates[a].Date.Compare(updates[b].Date) })
	for _, i := range order {
		u := updates[i]
		p := fmt.Sprintf("updates[%d]", i)
		if field, msg := b.Check(u); msg != "" {
			if _, written := src.Pos[p+".date"]; field == "date" && u.Date.IsZero() && written {
				continue // an impossible date, reported by the decoder
			}
			pos := src.At(p + "." + field)
			diags.Add(src.File, pos.Line, pos.Col, p+"."+field, "%s", msg)
			continue
		}
		b.apply(u)
	}
	return diags
}

// Row returns the row of an item of a response, as it stands, or nil.
func (b *Book) Row(resp, item string) *Row {
	i, ok := b.find(resp, item)
	if !ok {
		return nil
	}
	return &b.Rows[i]
}

// Book is the items of an archive's latest revisions, to check and apply
// updates against.
type Book struct {
	// Rows are the items with the updates applied so far.
	Rows []Row
	// Today, when not zero, is the last day an update may bear.
	Today  time.Time
	latest map[string]*archive.Entry // by response id
	// spans are the rows of each response, by response id: [first, end).
	spans map[string][2]int
}

// NewBook lists the items of the latest revision of each response among
// entries (as archive.List orders them), through load (nil: Items).
func NewBook(entries []*archive.Entry, load func(*archive.Entry) ([]Row, diag.List)) (*Book, diag.List) {
	if load == nil {
		load = Items
	}
	var diags diag.List
	b := &Book{latest: map[string]*archive.Entry{}}
	var latest []*archive.Entry
	var loaded [][]Row
	total := 0
	for _, e := range entries {
		m := e.Manifest
		if b.latest[m.ID] != nil {
			continue
		}
		b.latest[m.ID] = e
		items, d := load(e)
		diags = append(diags, d...)
		latest, loaded = append(latest, e), append(loaded, items)
		total += len(items)
	}
	// One array of the rows, made at its size: an archive of thousands of
	// responses holds hundreds of thousands of them.
	b.Rows = make([]Row, 0, total)
	b.spans = make(map[string][2]int, len(latest))
	for k, e := range latest {
		m := e.Manifest
		issued := day.ISO(m.Issued)
		b.spans[m.ID] = [2]int{len(b.Rows), len(b.Rows) + len(loaded[k])}
		for _, r := range loaded[k] {
			r.Status = response.CanonicalStatus(r.Status)
			r.Issued = issued
			r.History = []Entry{}
			b.Rows = append(b.Rows, r)
		}
	}
	return b, diags
}

// find returns the place in Rows of an item of a response.
func (b *Book) find(resp, item string) (int, bool) {
	span, ok := b.spans[resp]
	if !ok {
		return 0, false
	}
	for i := span[0]; i < span[1]; i++ {
		if b.Rows[i].Item == item {
			return i, true
		}
	}
	return 0, false
}

// Thin returns a row with only what a book needs of it to check and apply
// updates, rate and count it and list its changes: its response,
// revision, report, item, kind, number, status, owner and target. A
// caller that keeps the rows of a large archive elsewhere (a site keeps
// each revision's items encoded) gives NewBook thin rows, and makes each
// whole again with Overlay as it lists them.
func Thin(r Row) Row {
	return Row{Response: r.Response, Revision: r.Revision, Report: r.Report, Item: r.Item, Kind: r.Kind, Number: r.Number,
		Status: r.Status, Owner: r.Owner, Target: r.Target}
}

// Overlay returns loaded, an item as load gave it to NewBook, with what
// the book now holds of it (now, its row in Book.Rows, thin or not): the
// status, owner and target the updates give, the latest update's day,
// note and evidence, the rating, the day of issue, the history and the
// closure.
func Overlay(loaded, now Row) Row {
	loaded.Status, loaded.Owner, loaded.Target = now.Status, now.Owner, now.Target
	loaded.Updated, loaded.Note, loaded.Evidence = now.Updated, now.Note, now.Evidence
	loaded.RAG, loaded.Issued, loaded.History, loaded.Closed = now.RAG, now.Issued, now.History, now.Closed
	return loaded
}

// ItemLink is the address of an item in its revision's published
// response, relative to the site: a row's Link.
func ItemLink(response string, revision int, item string) string {
	return archive.SitePath(response, revision) + "/" + published.Response + published.HTML + "#" + item
}

// Check says what is wrong with an update, naming its field ("response",
// "item", "date", "status", "evidence"), or returns "" for an update that
// may be applied: the response is issued, the item is one of its latest
// revision's, the date is given, not before the day of issue and not after
// Today, the status (when given) is known, and the evidence (when given)
// is a web address the link policy publishes.
func (b *Book) Check(u Update) (field, msg string) {
	e := b.latest[u.Response]
	switch {
	case e == nil:
		return "response", fmt.Sprintf("no issued response %q in the archive", u.Response)
	case u.Date.IsZero():
		return "date", "the update has no date"
	}
	issued := day.Of(e.Manifest.Issued)
	if day.Of(u.Date).Before(issued) {
		return "date", fmt.Sprintf("%s is before the response was issued, on %s", day.ISO(u.Date), day.ISO(issued))
	}
	if !b.Today.IsZero() && day.Of(u.Date).After(day.Of(b.Today)) {
		return "date", fmt.Sprintf("%s is a day still to come (today is %s): track what happened, once it has", day.ISO(u.Date), day.ISO(day.Of(b.Today)))
	}
	if _, ok := b.find(u.Response, u.Item); !ok {
		return "item", fmt.Sprintf("response %s has no item %q (items are named as in the documents: rec-1, coc-1, afi-1, a2-rec-1 in a second appendix)", u.Response, u.Item)
	}
	if u.Status != "" && !slices.Contains(response.Statuses, u.Status) {
		return "status", fmt.Sprintf("status %q is not one of %s", u.Status, strings.Join(Statuses, ", "))
	}
	if response.StatusNeedsReason(u.Status) && strings.TrimSpace(u.Note) == "" {
		return "note", fmt.Sprintf("status %s needs the reason the item does not apply: give it as the note", u.Status)
	}
	if u.Evidence != "" {
		if _, err := Evidence(u.Evidence); err != nil {
			return "evidence", err.Error()
		}
	}
	return "", ""
}

// Statuses are the statuses an item is tracked in, in order.
var Statuses = slices.DeleteFunc(slices.Clone(response.Statuses), func(s string) bool { return response.CanonicalStatus(s) != s })

// Evidence returns the one spelling of an evidence address, as the link
// policy decides it, refusing what is not a web page: an anchor, a mail
// or telephone address, or any link the policy refuses.
func Evidence(u string) (string, error) {
	c, err := link.Canonical(u)
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(c, "https:") && !strings.HasPrefix(c, "http:") {
		return "", fmt.Errorf("evidence %q is not a web address: give the https:// address of the page or document that shows it", u)
	}
	return c, nil
}

// apply lays an update over its item and adds it to the history. An
// update that reports the item complete or closes it is its closure, with
// the owner and evidence the item then has; one that opens it again
// clears it.
func (b *Book) apply(u Update) {
	i, _ := b.find(u.Response, u.Item)
	row := &b.Rows[i]
	h := Entry{Date: day.ISO(u.Date), Status: response.CanonicalStatus(u.Status), Owner: u.Owner, Note: u.Note}
	if !u.Target.IsZero() {
		h.Target = day.ISO(u.Target)
	}
	if u.Evidence != "" {
		h.Evidence, _ = Evidence(u.Evidence)
	}
	prev := row.Status
	if h.Status != "" {
		row.Status = h.Status
	}
	if h.Owner != "" {
		row.Owner = h.Owner
	}
	if h.Target != "" {
		row.Target = h.Target
	}
	row.Updated = h.Date
	if h.Note != "" {
		row.Note = h.Note
	}
	if h.Evidence != "" {
		row.Evidence = h.Evidence
	}
	switch {
	case h.Status == "":
	case !Done(h.Status):
		row.Closed = nil
	case row.Closed == nil || h.Status != prev:
		row.Closed = &Closure{Date: h.Date, By: row.Owner, Evidence: row.Evidence}
	}
	row.History = append(row.History, h)
}

// Done reports whether a status ends the item's tracking on the force's
// or HMICFRS's word: reported complete or closed.
func Done(status string) bool {
	s := response.CanonicalStatus(status)
	return s == "reported-complete" || s == "closed"
}

// The ratings of Rate.
const (
	Red   = "red"
	Amber = "amber"
	Green = "green"
)

// AmberDays is how near its target an item still open is rated amber.
const AmberDays = 30

// Rate gives an item its RAG rating on the day today, from its status and
// target date alone: reported complete or closed is green; another body's
// item has none (""); an item still open whose target has passed is red
// (overdue); one whose target is at most AmberDays away, that has no
// target, or that is not started is amber; one in progress with a target
// further off is green.
func Rate(status, target string, today time.Time) string {
	switch response.CanonicalStatus(status) {
	case "reported-complete", "closed":
		return Green
	case "other-body", "not-applicable":
		return ""
	}
	t, err := day.Parse(target)
	switch {
	case err != nil:
		return Amber
	case t.Before(day.Of(today)):
		return Red
	case day.Between(today, t) <= AmberDays || status == "not-started":
		return Amber
	}
	return Green
}

// RateAll rates every row on the day today.
func RateAll(rows []Row, today time.Time) {
	for i := range rows {
		rows[i].RAG = Rate(rows[i].Status, rows[i].Target, today)
	}
}

// Ratings are the RAG ratings in the order the counts give them; "" is
// no rating, for items another body acts on.
var Ratings = []string{Red, Amber, Green, ""}

// Count is how many items of one response (or of all) stand at each
// status and rating.
type Count struct {
	// Response and Report name the response; both are "" for the total.
	Response, Report string
	Items            int
	// Statuses counts the items at each of Statuses, in its order;
	// Ratings at each of Ratings.
	Statuses, Ratings []int
}

// Counts counts the rows by status and rating, for each response in the
// order the rows list them, and for all of them.
func Counts(rows []Row) (per []Count, total Count) {
	newCount := func(resp, report string) Count {
		return Count{Response: resp, Report: report, Statuses: make([]int, len(Statuses)), Ratings: make([]int, len(Ratings))}
	}
	total = newCount("", "")
	at := map[string]int{}
	for _, r := range rows {
		i, ok := at[r.Response]
		if !ok {
			i = len(per)
			at[r.Response] = i
			per = append(per, newCount(r.Response, r.Report))
		}
		for _, c := range []*Count{&per[i], &total} {
			c.Items++
			if k := slices.Index(Statuses, r.Status); k >= 0 {
				c.Statuses[k]++
			}
			if k := slices.Index(Ratings, r.RAG); k >= 0 {
				c.Ratings[k]++
			}
		}
	}
	return per, total
}

// Change is one entry of an item's history, with the item it is about.
type Change struct {
	Entry
	Response, Report, Item, Kind string
	Number                       int
	Link                         string
}

// Changes lists the entries of the rows' histories dated on or after
// since, newest first (and in the order of the rows on the same day).
func Changes(rows []Row, since time.Time) []Change {
	from := day.ISO(since)
	var out []Change
	for _, r := range rows {
		for _, h := range r.History {
			if h.Date >= from {
				out = append(out, Change{Entry: h, Response: r.Response, Report: r.Report, Item: r.Item, Kind: r.Kind, Number: r.Number, Link: ItemLink(r.Response, r.Revision, r.Item)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int { return strings.Compare(b.Date, a.Date) })
	return out
}
