// Package archive keeps what an office issued, so that it can be found,
// proved and never silently changed. Each issue of a response is a revision
// folder, ARCHIVE/<id>/r<N>/, holding the published files, a copy of every
// input that produced them (source/) and manifest.json with the size and
// SHA-256 of every file. A revision is written once, exclusively and
// atomically, and never rewritten; a correction is a new revision naming the
// one it supersedes and why.
package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/statute"
)

// ManifestName is the manifest's file name in a revision folder.
const ManifestName = "manifest.json"

// SourceDir is the folder of a revision that holds the inputs.
const SourceDir = "source"

// Format is the manifest format this package writes.
const Format = 1

// Manifest describes one issued revision of a response.
type Manifest struct {
	Format     int    `json:"format"`
	ID         string `json:"id"`
	Revision   int    `json:"revision"`
	Supersedes int    `json:"supersedes,omitempty"`
	Reason     string `json:"reason,omitempty"`
	// Tool is the s55 version that issued the revision.
	Tool string `json:"tool"`
	// Issued is when the revision was issued, in UTC.
	Issued time.Time `json:"issued"`
	Report Report    `json:"report"`
	// LetterDate, LastDay and DaysLate place the letter on the statutory
	// clock of s.55(5A); DaysLate is 0 for a letter on time.
	LetterDate string `json:"letter_date"`
	LastDay    string `json:"last_day"`
	DaysLate   int    `json:"days_late"`
	// Source names the response folder and office profile inside source/.
	Source struct {
		Response string `json:"response"`
		Office   string `json:"office,omitempty"`
	} `json:"source"`
	// Outputs are the published files, in build order.
	Outputs []string `json:"outputs"`
	// Files lists every file of the revision but the manifest, by name.
	Files []File `json:"files"`
}

// Report is what the manifest records of the report.
type Report struct {
	Title         string   `json:"title"`
	Inspectorates []string `json:"inspectorates,omitempty"`
	Published     string   `json:"published"`
	URL           string   `json:"url,omitempty"`
}

// File is one file of a revision with its size and digest.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Entry is one revision found in an archive.
type Entry struct {
	// Dir is the revision's folder.
	Dir      string
	Manifest *Manifest
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
	// Tool names the s55 version.
	Tool string
	// Fail, when set, injects a failure before a step of writing the
	// revision (see staging.Writer); tests use it.
	Fail func(step string) error
}

var revisionName = regexp.MustCompile(`^r([1-9][0-9]*)$`)

// Revisions lists the revision numbers issued for id, in order.
func Revisions(archive, id string) ([]int, error) {
	entries, err := os.ReadDir(filepath.Join(archive, id))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var revs []int
	for _, e := range entries {
		if m := revisionName.FindStringSubmatch(e.Name()); m != nil && e.IsDir() {
			n, _ := strconv.Atoi(m[1])
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

// Issue records a built response in the archive as a new revision and
// returns its manifest. It never touches a revision that exists.
func Issue(archive string, r *build.Result, opt IssueOptions) (*Manifest, error) {
	id := r.Folder.ID
	revs, err := Revisions(archive, id)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Format: Format, ID: id, Revision: 1, Tool: opt.Tool, Issued: opt.Now.UTC().Truncate(time.Second)}
	switch {
	case len(revs) > 0 && opt.Reason == "":
		last := revs[len(revs)-1]
		prev, _ := ReadManifest(RevisionDir(archive, id, last))
		when := ""
		if prev != nil {
			when = " on " + prev.Issued.Format(time.DateOnly)
		}
		return nil, fmt.Errorf("%s: %w as revision %d%s; to correct it, issue again with --reason", id, ErrIssued, last, when)
	case len(revs) == 0 && opt.Reason != "":
		return nil, fmt.Errorf("%s: not issued yet, so there is nothing to correct; issue it without --reason", id)
	case len(revs) > 0:
		last := revs[len(revs)-1]
		if same, err := sameOutputs(RevisionDir(archive, id, last), r); err != nil {
			return nil, err
		} else if same {
			return nil, fmt.Errorf("%s: %w since revision %d: every published file is the same", id, ErrUnchanged, last)
		}
		m.Revision, m.Supersedes, m.Reason = last+1, last, opt.Reason
	}

	resp := r.Folder.Response
	clock := statute.NewClock(resp.Report.Published)
	m.Report = Report{Title: resp.Report.Title, Inspectorates: resp.Report.Inspectorates,
		Published: resp.Report.Published.Format(time.DateOnly), URL: resp.Report.URL}
	m.LetterDate = resp.Letter.Date.Format(time.DateOnly)
	m.LastDay = clock.LastDay.Format(time.DateOnly)
	m.DaysLate = max(0, clock.DaysLate(resp.Letter.Date))
	m.Source.Response, m.Source.Office = path.Join(SourceDir, r.Source.Response), ""
	if r.Source.Office != "" {
		m.Source.Office = path.Join(SourceDir, r.Source.Office)
	}

	files := slices.Clone(r.Files)
	for _, f := range r.Files {
		m.Outputs = append(m.Outputs, f.Name)
	}
	for _, f := range r.Source.Files {
		files = append(files, staging.File{Name: path.Join(SourceDir, f.Name), Data: f.Data})
	}
	slices.SortFunc(files, func(a, b staging.File) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range files {
		m.Files = append(m.Files, File{Name: f.Name, Size: int64(len(f.Data)), SHA256: digest(f.Data)})
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	files = append(files, staging.File{Name: ManifestName, Data: append(data, '\n')})

	dir := RevisionDir(archive, id, m.Revision)
	w := staging.Writer{Fail: opt.Fail}
	if err := w.WriteDir(dir, files, false); err != nil {
		if errors.Is(err, staging.ErrExists) {
			return nil, fmt.Errorf("%s: revision %d was issued meanwhile by someone else; look at it, then issue again", id, m.Revision)
		}
		return nil, err
	}
	return m, nil
}

// sameOutputs reports whether a revision's published files are exactly r's.
func sameOutputs(dir string, r *build.Result) (bool, error) {
	for _, f := range r.Files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if !bytes.Equal(data, f.Data) {
			return false, nil
		}
	}
	return true, nil
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ReadManifest reads the manifest of the revision folder dir.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	m := &Manifest{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, ManifestName), err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("%s: manifest format %d, want %d", filepath.Join(dir, ManifestName), m.Format, Format)
	}
	return m, nil
}

// List returns every revision in the archive: newest letter first, then by
// id, newest revision first. Folders that are not revisions are left out.
func List(archive string) ([]*Entry, error) {
	ids, err := os.ReadDir(archive)
	if err != nil {
		return nil, err
	}
	var out []*Entry
	for _, idEntry := range ids {
		if !idEntry.IsDir() || strings.HasPrefix(idEntry.Name(), ".") {
			continue
		}
		revs, err := Revisions(archive, idEntry.Name())
		if err != nil {
			return nil, err
		}
		for _, n := range revs {
			dir := RevisionDir(archive, idEntry.Name(), n)
			m, err := ReadManifest(dir)
			if err != nil {
				return nil, err
			}
			out = append(out, &Entry{Dir: dir, Manifest: m})
		}
	}
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
