// Package archive keeps what an office issued, so that it can be found,
// proved and never silently changed. Each issue of a response is a revision
// folder, ARCHIVE/<id>/r<N>/, holding the published files, a copy of every
// input that produced them (source/) and manifest.json with the size and
// SHA-256 of every file. A revision is written once, exclusively and
// atomically, and never rewritten; a correction is a new revision naming the
// one it supersedes and why. The revisions are chained in the order of
// issue: each manifest records the SHA-256 of the manifest issued before it,
// anywhere in the archive, so the digest of the last one (the chain head)
// vouches for every revision before it.
package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/submission"
)

// Entry is one revision found in an archive.
type Entry struct {
	// Dir is the revision's folder.
	Dir      string
	Manifest *Manifest
	// SHA256 is the digest of the manifest's bytes: the revision's link
	// in the chain.
	SHA256 string
}

// Errors of Issue.
var (
	// ErrIssued reports a response that is issued already.
	ErrIssued = errors.New("already issued")
	// ErrUnchanged reports a correction identical to what it corrects.
	ErrUnchanged = errors.New("nothing changed")
)

// IssueOptions tune Issue.
type IssueOptions struct {
	// Reason, when set, issues a correction: a new revision superseding
	// the latest one. Without it, a response issued before is refused.
	Reason string
	// Now is the time of issue.
	Now time.Time
	// BroughtIn, when set, is the day a response issued before the
	// office used s55 is brought into the archive: Now is then its day of
	// issue, which may be no earlier than the report's publication and
	// no later than BroughtIn, and the manifest records both.
	BroughtIn time.Time
	// Tool names the s55 version.
	Tool string
	// Fail, when set, injects a failure before a step of writing the
	// revision (see staging.Writer); tests use it.
	Fail func(step string) error
	// Locked, when set, runs once the archive is locked, before anything
	// is read; tests use it to hold an issue at that point.
	Locked func()
	// KeyDirs are where the office's signing key is looked for
	// (KeyDirs); MakeKeyIn and KeyName make one there for an archive not
	// yet signed (WriterOptions).
	KeyDirs            []string
	MakeKeyIn, KeyName string
	// Notice, when set, is told what the issue did beyond the revision:
	// a key made, an archive moved to the signed log.
	Notice func(string)
}

// Revisions lists the revision numbers issued for id, in order. Only
// folder entries named r1, r2 ... count; symbolic links among them are
// counted too, so that verify can refuse them.
func Revisions(archive, id string) ([]int, error) {
	entries, err := os.ReadDir(filepath.Join(archive, id))
	if notExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var revs []int
	for _, e := range entries {
		if n, ok := revisionNumber(e.Name()); ok && (e.IsDir() || e.Type()&os.ModeSymlink != 0) {
			revs = append(revs, n)
		}
	}
	slices.Sort(revs)
	return revs, nil
}

// RevisionDir is the folder of revision n of id.
func RevisionDir(archive, id string, n int) string {
	return filepath.Join(archive, id, "r"+strconv.Itoa(n))
}

// Built is what an issue freezes: a response's published files, the
// inputs they were built from, and the facts its manifest records. How
// the files were made is no concern of the archive's: Issue takes them as
// they are, and Verify builds them again with the function it is given.
type Built struct {
	// Facts are what the response says of itself.
	Facts published.Facts
	// Files are the published documents, in the order the build made
	// them.
	Files []staging.File
	// Source holds every input the files were built from.
	Source *bundle.Source
	// Submission, when set, makes the s.55(6) e-mail that sends the
	// response, as at the time of issue; a nil message means the office
	// gives no addresses.
	Submission func(issued time.Time) ([]byte, error)
	// Correction is the correction the files say they are; nil for a
	// first issue.
	Correction *published.Correction
}

// Describe fills in everything a manifest says that follows from the built
// response and the time of issue: the report, the statutory dates, the
// source folder and profile, the outputs, the s.55(6) submission (when the
// office gives its addresses) and every file with its digest. Issue
// records it; verify derives it again from the archived inputs and the
// recorded time of issue, and compares. It also returns the files of the
// revision, manifest aside, sorted by name.
func Describe(b *Built, issued time.Time) (*Manifest, []staging.File, error) {
	fa := b.Facts
	m := &Manifest{Format: Format, ID: fa.ID}
	clock := statute.NewClock(fa.Published)
	m.Report = Report{Title: fa.Title, Inspectorates: fa.Inspectorates,
		Published: fa.Published.Format(time.DateOnly), URL: fa.URL}
	m.LetterDate = fa.LetterDate.Format(time.DateOnly)
	m.LastDay = clock.LastDay.Format(time.DateOnly)
	m.DaysLate = max(0, clock.DaysLate(fa.LetterDate))
	m.Source.Response = path.Join(SourceDir, b.Source.Response)
	if b.Source.Office != "" {
		m.Source.Office = path.Join(SourceDir, b.Source.Office)
	}
	if c := b.Correction; c != nil {
		m.Replaces, m.Changed = day.ISO(c.Replaces), slices.Clone(c.Changed)
	}
	files := slices.Clone(b.Files)
	for _, f := range b.Files {
		m.Outputs = append(m.Outputs, f.Name)
	}
	if b.Submission != nil {
		data, err := b.Submission(issued)
		if err != nil {
			return nil, nil, err
		}
		if data != nil {
			m.Submission = submission.FileName
			files = append(files, staging.File{Name: submission.FileName, Data: data})
		}
	}
	for _, f := range b.Source.Files {
		files = append(files, staging.File{Name: path.Join(SourceDir, f.Name), Data: f.Data})
	}
	slices.SortFunc(files, func(a, b staging.File) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range files {
		m.Files = append(m.Files, File{Name: f.Name, Size: int64(len(f.Data)), SHA256: Digest(f.Data)})
	}
	return m, files, nil
}

// Issue records a built response in the archive as a new revision and
// returns its manifest. It never touches a revision that exists. Issues
// into one archive take turns (a lock on the archive's marker file), so
// two issues at once both land, chained one after the other.
func Issue(archive string, b *Built, opt IssueOptions) (*Manifest, error) {
	issued := opt.Now.UTC().Truncate(time.Second)
	if err := mayIssue(b.Facts, issued, opt); err != nil {
		return nil, err
	}
	w, err := OpenWriter(archive, WriterOptions{KeyDirs: opt.KeyDirs, MakeKeyIn: opt.MakeKeyIn, KeyName: opt.KeyName, Locked: opt.Locked, Notice: opt.Notice})
	if err != nil {
		return nil, err
	}
	defer w.Close()
	id := b.Facts.ID
	// A revision's staging folder that a killed issue left.
	if _, err := removeLeftovers(filepath.Join(archive, id)); err != nil {
		return nil, err
	}
	revs, err := Revisions(archive, id)
	if err != nil {
		return nil, err
	}
	m, files, err := Describe(b, issued)
	if err != nil {
		return nil, err
	}
	m.Revision, m.Tool, m.Issued = 1, opt.Tool, issued
	if !opt.BroughtIn.IsZero() {
		m.BroughtIn = day.ISO(opt.BroughtIn)
	}
	if err := place(archive, revs, m, b, opt.Reason); err != nil {
		return nil, err
	}
	m.Sequence = w.issued() + 1
	data, err := encode(m)
	if err != nil {
		return nil, err
	}
	files = append(files, staging.File{Name: ManifestName, Data: data})

	dir := RevisionDir(archive, id, m.Revision)
	sw := staging.Writer{Fail: opt.Fail, ReadOnly: true}
	if err := sw.WriteDir(dir, files, false); err != nil {
		if errors.Is(err, staging.ErrExists) {
			return nil, fmt.Errorf("%s: revision %d was issued meanwhile by someone else; look at it, then issue again", id, m.Revision)
		}
		return nil, err
	}
	if opt.Fail != nil {
		if err := opt.Fail("issued"); err != nil {
			return nil, err
		}
	}
	if err := w.add(RevisionEntry(id, m.Revision, Digest(data))); err != nil {
		return nil, fmt.Errorf("%s: revision %d is issued, but not signed into the log: %w", id, m.Revision, err)
	}
	return m, nil
}

// mayIssue refuses a time of issue before the letter's date, or, for a
// response brought in, before the report's publication or after the day
// it is archived; and an id the archive keeps its log under.
func mayIssue(fa published.Facts, issued time.Time, opt IssueOptions) error {
	if !opt.BroughtIn.IsZero() {
		if err := broughtIn(fa, issued, day.Of(opt.BroughtIn)); err != nil {
			return err
		}
	}
	if letter := fa.LetterDate; day.Of(issued).Before(day.Of(letter)) {
		return fmt.Errorf("%s: the letter is dated %s, after the time of issue, %s: a letter is issued on its date or after it", fa.ID, letter.Format(time.DateOnly), issued.Format(time.DateOnly))
	}
	if fa.ID == LogDir {
		return fmt.Errorf("%s: the archive keeps its log in a folder of that name: give the response folder another name", fa.ID)
	}
	return nil
}

// place numbers the new revision m of a response whose revisions so far
// are revs: 1 for the first, the next for a correction, which must give
// a reason (supersede). A response issued already without a reason, or
// one never issued with one, is refused.
func place(archive string, revs []int, m *Manifest, b *Built, reason string) error {
	id := m.ID
	switch {
	case len(revs) > 0 && reason == "":
		last := revs[len(revs)-1]
		when := ""
		if prev, _, err := ReadManifest(RevisionDir(archive, id, last)); err == nil {
			when = " on " + prev.Issued.Format(time.DateOnly)
		}
		return fmt.Errorf("%s: %w as revision %d%s; to correct it, issue again with --reason", id, ErrIssued, last, when)
	case len(revs) == 0 && reason != "":
		return fmt.Errorf("%s: not issued yet, so there is nothing to correct; issue it without --reason", id)
	case len(revs) > 0:
		return supersede(archive, m, b, revs[len(revs)-1], reason)
	}
	return nil
}

// supersede makes m the correction of revision last, for reason: refused
// when it would publish what last did, or when its documents say they
// correct another.
func supersede(archive string, m *Manifest, b *Built, last int, reason string) error {
	prev, _, err := ReadManifest(RevisionDir(archive, m.ID, last))
	if err != nil {
		return err
	}
	if m.Issued.Before(prev.Issued) {
		return fmt.Errorf("%s: issued on %s, before revision %d it corrects, issued on %s: a correction comes after what it corrects", m.ID, day.ISO(m.Issued), last, day.ISO(prev.Issued))
	}
	if unchanged(prev, m, b.Correction != nil) {
		same := "every published file is the same"
		if b.Correction != nil {
			same = "every input is the same"
		}
		return fmt.Errorf("%s: %w since revision %d: %s", m.ID, ErrUnchanged, last, same)
	}
	if err := sameCorrection(b.Correction, prev, m.Issued, reason); err != nil {
		return fmt.Errorf("%s: %w", m.ID, err)
	}
	m.Revision, m.Supersedes, m.Reason = last+1, last, reason
	return nil
}

// broughtIn refuses a day of issue for a response brought in on the day
// archived that is before the report's publication or after that day.
func broughtIn(fa published.Facts, issued, archived time.Time) error {
	switch on := day.Of(issued); {
	case on.Before(day.Of(fa.Published)):
		return fmt.Errorf("%s: issued on %s, before the report was published, on %s: a response is issued after the report it answers", fa.ID, day.ISO(on), day.ISO(fa.Published))
	case on.After(archived):
		return fmt.Errorf("%s: issued on %s, a day still to come (today is %s): bring in a response once it is issued", fa.ID, day.ISO(on), day.ISO(archived))
	}
	return nil
}

// sameCorrection refuses files that say they correct another revision
// than prev, or on another day or for another reason than the issue's:
// a revision issued meanwhile by someone else.
func sameCorrection(c *published.Correction, prev *Manifest, issued time.Time, reason string) error {
	switch {
	case c == nil:
		return nil
	case !c.Replaces.Equal(day.Of(prev.Issued)):
		return fmt.Errorf("the documents say they replace the response issued on %s, but the latest revision, %d, was issued on %s (meanwhile by someone else?); look at it, then issue again",
			day.ISO(c.Replaces), prev.Revision, day.ISO(prev.Issued))
	case !c.Day.Equal(day.Of(issued)) || c.Reason != reason:
		return fmt.Errorf("the documents say they are corrected on %s for %q, but the issue is on %s for %q", day.ISO(c.Day), c.Reason, day.ISO(issued), reason)
	}
	return nil
}

// unchanged reports whether the revision m would publish what prev did:
// the same outputs with the same digests, or, for documents that say they
// are a correction (and so always differ), every input the same.
func unchanged(prev, m *Manifest, corrected bool) bool {
	if !slices.Equal(prev.Outputs, m.Outputs) {
		return false
	}
	if !corrected {
		return sameDigests(prev, m)
	}
	inputs := func(m *Manifest) []File {
		return slices.DeleteFunc(slices.Clone(m.Files), func(f File) bool { return !strings.HasPrefix(f.Name, SourceDir+"/") })
	}
	return prev.Source == m.Source && slices.Equal(inputs(prev), inputs(m))
}

// sameDigests reports whether every output of b has the digest a records.
func sameDigests(a, b *Manifest) bool {
	for _, o := range b.Outputs {
		fa, fb := a.File(o), b.File(o)
		if fa == nil || fb == nil || fa.SHA256 != fb.SHA256 {
			return false
		}
	}
	return true
}

// ChainHead is the last link of an archive's chain.
type ChainHead struct {
	// Sequence is the number of revisions issued into the archive.
	Sequence int
	// SHA256 is the digest of the last one's manifest ("" for none).
	SHA256 string
	// Dir is the last revision's folder ("" for none).
	Dir string
}

// Head finds the chain head: the revision with the highest sequence. It
// reads every manifest, and refuses an archive with a manifest it cannot
// trust, so that nothing is chained onto a damaged archive.
func Head(archive string) (ChainHead, error) {
	var h ChainHead
	err := Walk(archive, func(e *Entry) error {
		if e.Manifest.Sequence > h.Sequence {
			h = ChainHead{Sequence: e.Manifest.Sequence, SHA256: e.SHA256, Dir: e.Dir}
		}
		return nil
	})
	return h, err
}

// Walk reads every revision of the archive in the order of its folders
// (ids, then revision numbers) and calls fn with each, one at a time, so
// that memory does not grow with the archive. A manifest that cannot be
// read or breaks the rules stops the walk with an error naming it.
func Walk(archive string, fn func(*Entry) error) error {
	ids, err := responseIDs(archive)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := walkResponse(archive, id, fn); err != nil {
			return err
		}
	}
	return nil
}

// responseIDs are the names of the archive's response folders, in order.
func responseIDs(archive string) ([]string, error) {
	entries, err := os.ReadDir(archive)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}

// walkResponse reads the revisions of one response, in order, and calls
// fn with each.
func walkResponse(archive, id string, fn func(*Entry) error) error {
	revs, err := Revisions(archive, id)
	if err != nil {
		return err
	}
	for _, n := range revs {
		dir := RevisionDir(archive, id, n)
		if err := realDir(dir); err != nil {
			return err
		}
		m, data, err := ReadManifest(dir)
		if err != nil {
			return err
		}
		if err := fn(&Entry{Dir: dir, Manifest: m, SHA256: Digest(data)}); err != nil {
			return err
		}
	}
	return nil
}

// realDir refuses a revision folder that is a symbolic link.
func realDir(dir string) error {
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s: a revision is a real folder, and this is a symbolic link or a file", dir)
	}
	return nil
}

// List returns every revision in the archive: newest letter first, then by
// id, newest revision first.
//
// The responses are read on every processor at once, as Walk reads each;
// the error is the one Walk would stop at.
func List(archive string) ([]*Entry, error) {
	ids, err := responseIDs(archive)
	if err != nil {
		return nil, err
	}
	per := make([][]*Entry, len(ids))
	err = progress.Each(context.Background(), len(ids), 2*runtime.GOMAXPROCS(0), nil, func(i int) error {
		return walkResponse(archive, ids[i], func(e *Entry) error { per[i] = append(per[i], e); return nil })
	})
	if err != nil {
		return nil, err
	}
	out := slices.Concat(per...)
	slices.SortStableFunc(out, func(a, b *Entry) int {
		if c := strings.Compare(b.Manifest.LetterDate, a.Manifest.LetterDate); c != 0 {
			return c
		}
		if c := strings.Compare(a.Manifest.ID, b.Manifest.ID); c != 0 {
			return c
		}
		return b.Manifest.Revision - a.Manifest.Revision
	})
	return out, nil
}
