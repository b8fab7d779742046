// Package site makes the static site an office publishes from its archive:
// an index of every issued response, newest first, with whether it met the
// 56-day limit and the SHA-256 of every document; each revision's
// documents and manifest; archive.json, the chain head and every digest
// for machines; and a tracker of every recommendation's status, also as
// CSV, JSON and a workbook.
//
// The index and the tracker are published in each of the office's
// languages (Languages), a page for each language, every word from its
// phrase book: index.html and tracker.html in the first (Welsh, for an
// office of cy-GB and en-GB), index.en.html and tracker.en.html in the
// next, each page linking its twins in the other languages. A page in one
// language is read in one voice by a screen reader, reflows with one set
// of headings, and is the Welsh page the Welsh Language Standards ask for:
// as full as the English, linked from it directly.
//
// A site is written incrementally. An issued revision never changes, so
// its folder is written once (its documents hard-linked from the archive
// where the file system allows, copied otherwise) and kept on later runs;
// only the pages that list things are written again. The pages are
// streamed to their files, and documents are never held in memory, so the
// memory a run needs grows only with the lists.
package site

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/langtag"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
	"github.com/opcc-tools/s55/internal/workbook"
)

// MarkerName is the file at the top of every site s55 index writes. A
// folder that is neither empty nor marked is not replaced.
const MarkerName = ".s55-site"

const markerText = "This folder is a site written by s55 index from an archive; s55 index rewrites it.\n"

// inputsLine starts the marker's line that records the digest of the
// inputs the site was written from (see Inputs).
const inputsLine = "inputs: "

// Inputs is the digest of everything a site is made from: the s55 that
// makes it, the manifest of every revision in the order listed, the
// tracker's updates, the events of the responses, any templates, and the
// day the tracker is rated on and the day its changes are listed from
// (day, as "today/since"). The same digest means the same site.
func Inputs(tool string, entries []*archive.Entry, tracker, events []byte, templates []staging.File, day string) string {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	field([]byte(tool))
	for _, e := range entries {
		field([]byte(e.Dir))
		field([]byte(e.SHA256))
	}
	field(tracker)
	field(events)
	for _, f := range templates {
		field([]byte(f.Name))
		field(f.Data)
	}
	field([]byte(day))
	return hex.EncodeToString(h.Sum(nil))
}

// UpToDate reports whether the site in out was written, whole, from the
// inputs whose digest is inputs, and still holds every revision's folder
// and every page in each of langs: then nothing need be written.
func UpToDate(out, inputs string, entries []*archive.Entry, langs []string) bool {
	marker, err := input.Read(filepath.Join(out, MarkerName))
	if err != nil || !strings.Contains(string(marker), "\n"+inputsLine+inputs+"\n") {
		return false
	}
	names := []string{archive.PublicationName, "tracker.csv", "tracker.json", TrackerWorkbook, CalendarName}
	for _, p := range pageNames(langs) {
		names = append(names, p.Index, p.Tracker)
	}
	for _, name := range names {
		if st, err := os.Lstat(filepath.Join(out, name)); err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	for _, e := range entries {
		if !current(out, e) {
			return false
		}
	}
	return true
}

// TrackerWorkbook is the tracker as a workbook, beside tracker.csv: a
// sheet of the items with their ratings and histories, and one of the
// counts.
const TrackerWorkbook = "tracker.xlsx"

// ErrNotSite reports an output folder that holds files s55 index did not
// write.
var ErrNotSite = errors.New("holds files that s55 index did not write")

// entry is one revision as the index lists it.
type entry struct {
	ID                    string
	Revision              int
	Title, Inspectorates  string
	Published, LetterDate string
	LastDay               string
	DaysLate              int
	Supersedes            int
	SupersededBy          int
	Reason                string
	// Replaced and ReplacedBy are the responses (HTML) of the revisions
	// this one supersedes and is superseded by, or "".
	Replaced, ReplacedBy string
	// Issued is the day of issue, and BroughtIn the day a response issued
	// before the office used s55 was archived ("" for the others).
	Issued, BroughtIn string
	// Sent and OnSite are the days the revision was sent to the Home
	// Secretary and HMICFRS and published, as recorded; LateReason why it
	// was late.
	Sent, OnSite, LateReason string
	HTML, PDF                string
	// Editions are, for a response published in several languages, each
	// language's own response besides the bilingual one (HTML and PDF).
	Editions []edition
	// Documents are the published files with their digests.
	Documents []document
}

// edition is one language's response: its tag, the words of a link to it
// in its own language ("Darllen yn Gymraeg", from the phrase book), and
// its files.
type edition struct {
	Lang, Name, HTML, PDF string
}

// editions lists the language editions among the outputs of a revision in
// the folder dir of the site. A link to each is worded as the documents
// word it, by the phrase book of its language when s55 has one; named
// keeps what each file suffix gave, so that a book is read once a run.
func editions(dir string, outputs []string, named map[string]edition) []edition {
	var out []edition
	for _, o := range outputs {
		// One language's response: "response.cy.html".
		f, ok := published.Parse(o)
		if !ok || f.Base != published.Response || f.Suffix == "" || f.Ext != published.HTML {
			continue
		}
		e, ok := named[f.Suffix]
		if !ok {
			e = nameEdition(f.Suffix)
			named[f.Suffix] = e
		}
		e.HTML, e.PDF = path.Join(dir, o), path.Join(dir, published.Name(f.Base, f.Suffix)+published.PDF)
		out = append(out, e)
	}
	return out
}

// nameEdition finds the language and the link's words of the files marked
// suffix.
func nameEdition(suffix string) edition {
	e := edition{Lang: suffix, Name: suffix}
	for _, lang := range theme.Shipped() {
		if strings.ToLower(lang) != suffix && langtag.Base(lang) != suffix {
			continue
		}
		if th, diags := theme.Load("", lang); diags.Errors() == 0 {
			if s, err := th.Phrase("edition_link", nil); err == nil {
				e.Lang, e.Name = lang, s
			}
		}
		break
	}
	return e
}

type document struct {
	Name, Href, SHA256 string
}

type page struct {
	Lang, Title string
	CSS         htmltemplate.CSS
	// Pages are this language's pages; Versions this page in every
	// language, this one marked Current.
	Pages    pages
	Versions []version
	Entries  []entry
	// Rows are the tracker's rows, in order, each made as the page
	// ranges over them.
	Rows  iter.Seq[tracker.Row]
	Chain archive.PublishedHead
	// The tracker's: the day it was rated on, the counts per response and
	// in all, and the changes since Since.
	Today, Since string
	Counts       []tracker.Count
	Total        tracker.Count
	Changes      []tracker.Change
	Statuses     []string
	Ratings      []string
}

// pages are the file names of one language's index and tracker.
type pages struct {
	Index, Tracker string
}

// version is one language's version of a page: its language, the
// language's own name (the phrase book's "language") and its file.
type version struct {
	Lang, Name, Href string
	Current          bool
}

// pageNames names each language's pages: index.html and tracker.html for
// the first, the others with the language's suffix, as the documents'
// editions are named (published.Suffixes): index.en.html.
func pageNames(langs []string) []pages {
	suffixes := published.Suffixes(langs)
	out := make([]pages, len(langs))
	for i := range langs {
		if i == 0 {
			out[i] = pages{"index.html", "tracker.html"}
			continue
		}
		out[i] = pages{"index." + suffixes[i] + ".html", "tracker." + suffixes[i] + ".html"}
	}
	return out
}

// Tracking is what the tracker pages show and the index adds to each
// revision.
type Tracking struct {
	// Rows are the items, as tracker.Rows gives them (thin, when they
	// were loaded through an ItemCache); Write rates them on Today.
	Rows []tracker.Row
	// Publications are the days each revision was sent and published,
	// by tracker.Key.
	Publications map[string]tracker.Publication
	// Today is the day the items are rated on; Since the first day whose
	// changes are listed.
	Today, Since time.Time
	// Log is the archive's signed log, which the site publishes in log/
	// with the proof of each revision; nil for an archive not yet signed.
	Log *archive.LogState
}

// Stats says what Write did.
type Stats struct {
	// Written counts the revisions whose folders were written; Kept those
	// already in place; Removed those no longer in the archive.
	Written, Kept, Removed int
	// Linked and Copied count the documents put in place.
	Linked, Copied int
}

// Check refuses out as a site folder unless it is absent, empty or a site
// s55 index wrote, and never an archive, a folder inside one or a folder
// of a response's inputs.
func Check(out string) error {
	if err := outdir.Check(out); err != nil {
		return err
	}
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if st, err := os.Lstat(filepath.Join(out, MarkerName)); err == nil && st.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%s: error: %w (it has no %s); give a new or empty folder", out, ErrNotSite, MarkerName)
}

// Write makes or brings up to date the site in out from the archive's
// entries (as archive.List orders them) and the tracker's rows, with the
// index and the tracker in each language of themes (the office's, in its
// order: see Languages). Before anything is written, every document of a
// revision not yet on the site is read from the archive and must match its
// manifest's SHA-256, so that a changed file is never published. A failure
// writes nothing: pages are made first into hidden files, then the
// revisions are put in place, then the pages; a page of a language the
// site is no longer published in is removed last.
//
// items, when not nil, is the cache the rows were loaded through: the
// pages list each row whole again from the items it keeps, and the items
// it read from the archive are kept beside their revisions.
//
// inputs, when not "", is the digest of the inputs (Inputs), recorded so
// that a later run with the same inputs can leave the site as it is.
func Write(out string, entries []*archive.Entry, tr Tracking, themes []*theme.Theme, items *ItemCache, inputs string) (Stats, error) {
	return WriteContext(context.Background(), out, entries, tr, themes, items, inputs, nil)
}

// WriteContext is Write, told to report how far it has got (each
// revision checked, page written and revision staged) and stopped when
// ctx is done: everything is staged in hidden files and folders first,
// and put in place at once at the end, so a run stopped before then
// removes what it staged, returns ctx's error and leaves the site as it
// was. Once the staged files are being put in place, it goes on to the
// end.
func WriteContext(ctx context.Context, out string, entries []*archive.Entry, tr Tracking, themes []*theme.Theme, items *ItemCache, inputs string, report progress.Func) (st Stats, err error) {
	tracker.RateAll(tr.Rows, tr.Today)
	if err := Check(out); err != nil {
		return st, err
	}
	steps, err := pagesOf(entries, tr, themes, inputs)
	if err != nil {
		return st, err
	}
	pending, err := unpublished(ctx, out, entries, report)
	if err != nil {
		return st, err
	}
	st.Kept = len(entries) - len(pending)

	_, statErr := os.Stat(out)
	created := errors.Is(statErr, fs.ErrNotExist)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return st, err
	}
	for _, s := range steps {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(out, s.name)), 0o755); err != nil {
			return st, err
		}
	}
	var (
		pages []*staging.Pending
		revs  = &staged{}
	)
	defer func() {
		if err != nil {
			for _, p := range pages {
				err = errors.Join(err, p.Abort())
			}
			err = errors.Join(err, revs.abort())
			if created {
				err = errors.Join(err, os.RemoveAll(out))
			}
		}
	}()
	w := staging.Writer{NoSync: true}
	made, err := writePages(ctx, out, steps, items.pass(tr.Rows), w, report.Stage("writing", "page", len(steps)))
	for _, p := range made {
		if p != nil {
			pages = append(pages, p)
		}
	}
	if err != nil {
		return st, err
	}

	if err := stageRevisions(ctx, out, pending, items.fresh, revs, report); err != nil {
		return st, err
	}
	// Everything is staged: from here the site changes, at once.
	if err := revs.commit(&st); err != nil {
		return st, err
	}
	if st.Removed, err = prune(out, entries); err != nil {
		return st, err
	}
	kept, err := keepItems(out, items, w)
	pages = append(pages, kept...)
	if err != nil {
		return st, err
	}
	for _, p := range pages {
		if err := p.Commit(); err != nil {
			return st, err
		}
	}
	return st, removeOtherPages(out, steps)
}

// step is one file at the top of the site, and how it is written: from
// nothing else, or, for a page that lists the tracker's rows, from the
// rows, in order.
type step struct {
	name  string
	write func(io.Writer) error
	rows  func(io.Writer, iter.Seq[tracker.Row]) error
}

// writePages stages the files at the top of the site, telling count each
// one written. The pages are written at once: those that list the
// tracker's rows each in a goroutine of their own, given the rows of one
// pass of rows as it goes (fanOut), the others by the workers. It returns
// what it staged, nil where a page was not, with any error.
func writePages(ctx context.Context, out string, steps []step, rows func(func([]tracker.Row) error) error, w staging.Writer, count *progress.Counter) ([]*staging.Pending, error) {
	made := make([]*staging.Pending, len(steps))
	// stage writes page i with write, and lets go of its buffer: hundreds
	// of pages wait for their commit.
	stage := func(i int, write func(io.Writer) error) error {
		p, err := w.Create(filepath.Join(out, steps[i].name))
		if err != nil {
			return err
		}
		made[i] = p
		if err := write(p); err != nil {
			return err
		}
		return p.Finish()
	}
	var plain []int
	var listing []func(iter.Seq[tracker.Row]) error
	for i, s := range steps {
		if s.rows == nil {
			plain = append(plain, i)
			continue
		}
		listing = append(listing, func(rows iter.Seq[tracker.Row]) error {
			defer count.Add()
			return stage(i, func(w io.Writer) error { return s.rows(w, rows) })
		})
	}
	var listed error
	var wg sync.WaitGroup
	wg.Go(func() { listed = fanOut(ctx, rows, listing) })
	err := each(ctx, len(plain), count, func(k int) error { return stage(plain[k], steps[plain[k]].write) })
	wg.Wait()
	return made, errors.Join(err, listed)
}

// pagesOf makes the files at the top of the site: the marker, the
// publication and the tracker's files, and each language's index and
// tracker.
func pagesOf(entries []*archive.Entry, tr Tracking, themes []*theme.Theme, inputs string) ([]step, error) {
	rows := tr.Rows
	pub := publication(entries)
	counts, total := tracker.Counts(rows)
	tp := page{Today: day.ISO(tr.Today), Since: day.ISO(tr.Since),
		Counts: counts, Total: total, Changes: tracker.Changes(rows, tr.Since), Statuses: tracker.Statuses, Ratings: tracker.Ratings}
	steps := []step{
		{name: MarkerName, write: func(w io.Writer) error {
			text := markerText
			if inputs != "" {
				text += inputsLine + inputs + "\n"
			}
			_, err := io.WriteString(w, text)
			return err
		}},
		{name: archive.PublicationName, write: func(w io.Writer) error { return writeJSON(w, pub) }},
		{name: "tracker.csv", rows: writeCSV},
		{name: "tracker.json", rows: writeArray[tracker.Row]},
		{name: TrackerWorkbook, rows: func(w io.Writer, rows iter.Seq[tracker.Row]) error {
			return workbook.WriteTracker(w, rows, counts, total, tr.Today)
		}},
		{name: CalendarName, rows: func(w io.Writer, rows iter.Seq[tracker.Row]) error { return writeCalendar(w, entries, rows, themes) }},
	}
	if tr.Log != nil {
		files, err := tr.Log.SiteFiles(entries)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			steps = append(steps, step{name: filepath.FromSlash(f.Name), write: f.Write})
		}
	}
	langs := make([]string, len(themes))
	for i, th := range themes {
		langs[i] = th.Lang
	}
	names := pageNames(langs)
	for i, th := range themes {
		tmpl, err := htmldoc.Site(th)
		if err != nil {
			return nil, err
		}
		versions := func(href func(pages) string) []version {
			out := make([]version, len(themes))
			for k, other := range themes {
				name, _ := other.Phrase("language", nil)
				out[k] = version{Lang: other.Lang, Name: name, Href: href(names[k]), Current: k == i}
			}
			return out
		}
		render := func(tmplName, titlePhrase string, p page, href func(pages) string) func(io.Writer) error {
			return func(w io.Writer) error {
				title, err := th.Phrase(titlePhrase, nil)
				if err != nil {
					return err
				}
				p.Lang, p.Title, p.CSS, p.Chain = th.Lang, title, htmltemplate.CSS(th.CSS), pub.Chain
				p.Pages, p.Versions = names[i], versions(href)
				if err := tmpl.ExecuteTemplate(w, tmplName, p); err != nil {
					return theme.TemplateError(theme.SiteFile, err)
				}
				return nil
			}
		}
		index := func(w io.Writer) error {
			// Listed as the page is written, each language on its own,
			// and let go with it.
			list := listing(entries, th, tr.Publications, map[string]edition{})
			return render("index", "site_index_title", page{Entries: list}, func(p pages) string { return p.Index })(w)
		}
		steps = append(steps,
			step{name: names[i].Tracker, rows: func(w io.Writer, rows iter.Seq[tracker.Row]) error {
				p := tp
				p.Rows = rows
				return render("tracker", "site_tracker_title", p, func(p pages) string { return p.Tracker })(w)
			}},
			step{name: names[i].Index, write: index})
	}
	return steps, nil
}

// keepItems stages the items read again for a revision that was in place
// already, beside it.
func keepItems(out string, items *ItemCache, w staging.Writer) ([]*staging.Pending, error) {
	var made []*staging.Pending
	for _, dir := range items.freshDirs() {
		name := filepath.Join(out, filepath.FromSlash(dir), ItemsName)
		if _, err := os.Stat(filepath.Dir(name)); err != nil {
			continue // written with its revision above
		}
		if _, err := os.Stat(name); err == nil {
			continue
		}
		data, _, err := items.fresh(dir)
		if err != nil {
			return made, err
		}
		p, err := w.Create(name)
		if err != nil {
			return made, err
		}
		made = append(made, p)
		if _, err := p.Write(data); err != nil {
			return made, err
		}
		if err := p.Finish(); err != nil {
			return made, err
		}
	}
	return made, nil
}

// otherPage matches a page of the site in a language other than the
// first: index.en.html, tracker.en.html.
var otherPage = regexp.MustCompile(`^(?:index|tracker)\.[a-z0-9-]+\.html$`)

// removeOtherPages removes the pages of languages the site is no longer
// published in: those at its top that name a language and that steps did
// not write.
func removeOtherPages(out string, steps []step) error {
	written := map[string]bool{}
	for _, s := range steps {
		written[s.name] = true
	}
	files, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.Type().IsRegular() && otherPage.MatchString(f.Name()) && !written[f.Name()] {
			if err := os.Remove(filepath.Join(out, f.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// unpublished returns the entries the site does not hold yet, in order,
// having read each one's documents and proved them against its manifest
// (checkDocuments); the revisions are looked at across the processors,
// each told to report.
func unpublished(ctx context.Context, out string, entries []*archive.Entry, report progress.Func) ([]*archive.Entry, error) {
	isNew := make([]bool, len(entries))
	err := each(ctx, len(entries), report.Stage("checking", "revision", len(entries)), func(i int) error {
		if current(out, entries[i]) {
			return nil
		}
		isNew[i] = true
		return checkDocuments(entries[i])
	})
	if err != nil {
		return nil, err
	}
	var pending []*archive.Entry
	for i, e := range entries {
		if isNew[i] {
			pending = append(pending, e)
		}
	}
	return pending, nil
}

// staged are the revisions staged for the site, and the folders made to
// hold them, to be put in place or removed together.
type staged struct {
	dirs           []*staging.PendingDir
	linked, copied []int
	// made are the folders that were not there before the revisions
	// were staged (responses/ and responses/ID/), parents first.
	made []string
}

// stageRevisions stages the revisions of pending for the site, across the
// processors, with the items kept for each, into revs, telling report
// each one staged.
func stageRevisions(ctx context.Context, out string, pending []*archive.Entry, keep func(dir string) ([]byte, bool, error), revs *staged, report progress.Func) error {
	seen := map[string]bool{}
	for _, e := range pending {
		for _, dir := range []string{filepath.Join(out, "responses"), filepath.Join(out, "responses", e.Manifest.ID)} {
			if seen[dir] {
				continue
			}
			seen[dir] = true
			if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
				revs.made = append(revs.made, dir)
			}
		}
	}
	revs.dirs = make([]*staging.PendingDir, len(pending))
	revs.linked, revs.copied = make([]int, len(pending)), make([]int, len(pending))
	return each(ctx, len(pending), report.Stage("publishing", "revision", len(pending)), func(i int) error {
		m := pending[i].Manifest
		items, _, err := keep(archive.SitePath(m.ID, m.Revision))
		if err != nil {
			return err
		}
		revs.dirs[i], revs.linked[i], revs.copied[i], err = stageRevision(out, pending[i], items)
		return err
	})
}

// commit puts the staged revisions in place and counts them into st.
func (revs *staged) commit(st *Stats) error {
	for i, d := range revs.dirs {
		if err := d.Commit(); err != nil {
			return err
		}
		st.Written++
		st.Linked += revs.linked[i]
		st.Copied += revs.copied[i]
	}
	return nil
}

// abort removes the revisions staged and not put in place, and the
// folders made for them, when they hold nothing else.
func (revs *staged) abort() error {
	var err error
	for _, d := range revs.dirs {
		if d != nil {
			err = errors.Join(err, d.Abort())
		}
	}
	for _, dir := range slices.Backward(revs.made) {
		// A folder that holds a revision put in place before a later
		// failure stays.
		if rmErr := os.Remove(dir); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) && !errors.Is(rmErr, syscall.ENOTEMPTY) {
			err = errors.Join(err, rmErr)
		}
	}
	return err
}

// current reports whether the site holds the revision already: its copy
// of the manifest is the archive's, byte for byte.
func current(out string, e *archive.Entry) bool {
	m := e.Manifest
	data, err := input.Read(filepath.Join(out, filepath.FromSlash(archive.SitePath(m.ID, m.Revision)), archive.ManifestName))
	if err != nil || archive.Digest(data) != e.SHA256 {
		return false
	}
	for _, o := range m.Outputs {
		st, err := os.Lstat(filepath.Join(out, filepath.FromSlash(archive.SitePath(m.ID, m.Revision)), o))
		if err != nil || !st.Mode().IsRegular() || st.Size() != m.File(o).Size {
			return false
		}
	}
	return true
}

// checkDocuments reads every document of a revision from the archive and
// requires a regular file that matches its manifest.
func checkDocuments(e *archive.Entry) error {
	for _, o := range e.Manifest.Outputs {
		file := filepath.Join(e.Dir, o)
		st, err := os.Lstat(file)
		if err != nil {
			return err
		}
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file, so it is not published; run s55 verify", file)
		}
		sum, err := fileDigest(file)
		if err != nil {
			return err
		}
		if sum != e.Manifest.File(o).SHA256 {
			return fmt.Errorf("%s: changed since it was issued (its SHA-256 no longer matches the manifest), so it is not published; run s55 verify", file)
		}
	}
	return nil
}

// stageRevision stages a revision's documents and a copy of its manifest
// for the site, to replace whatever is at its place, and counts the
// documents hard-linked from the archive and those copied.
func stageRevision(out string, e *archive.Entry, items []byte) (p *staging.PendingDir, linked, copied int, err error) {
	m := e.Manifest
	data, err := input.Read(filepath.Join(e.Dir, archive.ManifestName))
	if err != nil {
		return nil, 0, 0, err
	}
	if archive.Digest(data) != e.SHA256 {
		return nil, 0, 0, fmt.Errorf("%s: changed while the site was written", filepath.Join(e.Dir, archive.ManifestName))
	}
	files := []staging.File{{Name: archive.ManifestName, Data: data}}
	for _, o := range m.Outputs {
		files = append(files, staging.File{Name: o, From: filepath.Join(e.Dir, o)})
	}
	if items != nil {
		files = append(files, staging.File{Name: ItemsName, Data: items})
	}
	dir := filepath.Join(out, filepath.FromSlash(archive.SitePath(m.ID, m.Revision)))
	p, err = (staging.Writer{NoSync: true}).StageDir(dir, files, true)
	if err != nil {
		return nil, 0, 0, err
	}
	linked = p.Linked()
	return p, linked, len(m.Outputs) - linked, nil
}

// prune removes the revision folders of the site that are no longer in the
// archive, and the response folders they leave empty.
func prune(out string, entries []*archive.Entry) (int, error) {
	keep := map[string]bool{}
	for _, e := range entries {
		keep[archive.SitePath(e.Manifest.ID, e.Manifest.Revision)] = true
	}
	root := filepath.Join(out, "responses")
	ids, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, id := range ids {
		if !id.IsDir() {
			continue
		}
		revs, err := os.ReadDir(filepath.Join(root, id.Name()))
		if err != nil {
			return removed, err
		}
		left := len(revs)
		for _, r := range revs {
			if !r.IsDir() || keep[path.Join("responses", id.Name(), r.Name())] {
				continue
			}
			if err := os.RemoveAll(filepath.Join(root, id.Name(), r.Name())); err != nil {
				return removed, err
			}
			removed++
			left--
		}
		if left == 0 {
			if err := os.Remove(filepath.Join(root, id.Name())); err != nil {
				return removed, err
			}
		}
	}
	return removed, nil
}

// publication is archive.json: the chain head and every revision, in the
// order of issue.
func publication(entries []*archive.Entry) *archive.Publication {
	pub := &archive.Publication{Format: archive.PublicationFormat, Revisions: []archive.PublishedRevision{}}
	bySeq := slices.Clone(entries)
	slices.SortFunc(bySeq, func(a, b *archive.Entry) int { return a.Manifest.Sequence - b.Manifest.Sequence })
	for _, e := range bySeq {
		size := int64(-1)
		if st, err := os.Stat(filepath.Join(e.Dir, archive.ManifestName)); err == nil {
			size = st.Size()
		}
		pub.Revisions = append(pub.Revisions, archive.Published(e, size))
	}
	if n := len(bySeq); n > 0 {
		last := bySeq[n-1]
		pub.Chain = archive.PublishedHead{Sequence: last.Manifest.Sequence, SHA256: last.SHA256,
			Manifest: path.Join(archive.SitePath(last.Manifest.ID, last.Manifest.Revision), archive.ManifestName)}
	}
	return pub
}

// listing is what the index page shows of each revision, in the language
// of th; named keeps the links to the language editions the books name.
func listing(entries []*archive.Entry, th *theme.Theme, pubs map[string]tracker.Publication, named map[string]edition) []entry {
	date := func(s string) string { return day.Reformat(th, s) }
	superseded := map[string]int{}
	for _, e := range entries {
		if m := e.Manifest; m.Supersedes > 0 {
			superseded[m.ID+"/"+strconv.Itoa(m.Supersedes)] = m.Revision
		}
	}
	list := make([]entry, 0, len(entries))
	for _, e := range entries {
		m := e.Manifest
		dir := archive.SitePath(m.ID, m.Revision)
		p := pubs[tracker.Key(m.ID, m.Revision)]
		en := entry{
			Sent: date(p.Sent), OnSite: date(p.Published), LateReason: p.Reason,
			ID: m.ID, Revision: m.Revision, Title: m.Report.Title,
			Inspectorates: th.AndList(m.Report.Inspectorates),
			Published:     date(m.Report.Published), LetterDate: date(m.LetterDate), LastDay: date(m.LastDay),
			DaysLate: m.DaysLate, Supersedes: m.Supersedes, Reason: m.Reason,
			SupersededBy: superseded[m.ID+"/"+strconv.Itoa(m.Revision)],
			HTML:         path.Join(dir, published.Response+published.HTML), PDF: path.Join(dir, published.Response+published.PDF),
		}
		response := func(n int) string {
			if n == 0 {
				return ""
			}
			return path.Join(archive.SitePath(m.ID, n), published.Response+published.HTML)
		}
		en.Replaced, en.ReplacedBy = response(en.Supersedes), response(en.SupersededBy)
		en.Issued, en.BroughtIn = date(day.ISO(day.Of(m.Issued))), date(m.BroughtIn)
		for _, o := range m.Outputs {
			en.Documents = append(en.Documents, document{Name: o, Href: path.Join(dir, o), SHA256: m.File(o).SHA256})
		}
		en.Editions = editions(dir, m.Outputs, named)
		en.Documents = append(en.Documents, document{Name: archive.ManifestName, Href: path.Join(dir, archive.ManifestName), SHA256: e.SHA256})
		list = append(list, en)
	}
	return list
}

// writeArray writes a list as indented JSON, one element at a time, so
// that a list of every item of every response is never held encoded in
// memory whole. The bytes are those of json.MarshalIndent on the list.
func writeArray[T any](w io.Writer, list iter.Seq[T]) error {
	sep := "[\n  "
	for v := range list {
		data, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
		sep = ",\n  "
	}
	if sep == "[\n  " {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeCSV writes the tracker as CSV. Every cell is neutralised as OWASP
// advises against formula injection (workbook.Neutralise): a cell that
// starts with = + - @, a tab or a carriage return, which a spreadsheet
// would run as a formula, starts with a single quote instead.
func writeCSV(out io.Writer, rows iter.Seq[tracker.Row]) error {
	w := csv.NewWriter(out)
	write := func(cells ...string) error {
		for i, c := range cells {
			cells[i] = workbook.Neutralise(c)
		}
		return w.Write(cells)
	}
	if err := write("response", "revision", "report", "item", "kind", "number", "addressees", "deadline", "status", "owner", "target", "updated", "note", "link", "text", "rag", "evidence", "position", "position_reason", "closed", "closed_by", "closed_evidence"); err != nil {
		return err
	}
	for r := range rows {
		var closed tracker.Closure
		if r.Closed != nil {
			closed = *r.Closed
		}
		if err := write(r.Response, strconv.Itoa(r.Revision), r.Report, r.Item, r.Kind, strconv.Itoa(r.Number),
			strings.Join(r.Addressees, "; "), r.Deadline, r.Status, r.Owner, r.Target, r.Updated, r.Note, r.Link, r.Text, r.RAG, r.Evidence, r.Position, r.PositionReason,
			closed.Date, closed.By, closed.Evidence); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
