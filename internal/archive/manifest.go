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
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/strictjson"
	"github.com/opcc-tools/s55/internal/submission"
)

// ManifestName is the manifest's file name in a revision folder.
const ManifestName = "manifest.json"

// SourceDir is the folder of a revision that holds the inputs.
const SourceDir = "source"

// Format is the manifest format this package writes. Format 3 is kept in
// the archive's signed log (log.go): it records its place in the order of
// issue, and no digest of the manifest before it. Format 2 chained the
// revisions by hand, each manifest recording the SHA-256 of the one
// issued before it; it is still read, and an archive of format 2 is moved
// to the signed log, its manifests kept as they are, by the first write
// (OpenWriter). Format 1 had no chain; it is refused with a message saying
// so, because a format-1 revision can prove nothing about what came
// before or after it.
const Format = 3

// chained is the format whose manifests chain by hand.
const chained = 2

// maxManifest caps a manifest's size: a manifest lists a few dozen files.
const maxManifest = 1 << 20

// Manifest describes one issued revision of a response.
type Manifest struct {
	Format     int    `json:"format"`
	ID         string `json:"id"`
	Revision   int    `json:"revision"`
	Supersedes int    `json:"supersedes,omitempty"`
	Reason     string `json:"reason,omitempty"`
	// Replaces is the day the superseded revision was issued, which a
	// correction's documents print beside its reason, and Changed the
	// fields of response.yaml that differ from that revision's, which its
	// s.55(6) e-mail lists (published.Correction). A correction issued
	// before its documents said so has neither, and is built again
	// without.
	Replaces string   `json:"replaces,omitempty"`
	Changed  []string `json:"changed,omitempty"`
	// Sequence is the revision's place in the order of issue across the
	// whole archive: 1 for the first revision ever issued into it.
	Sequence int `json:"sequence"`
	// Previous, in format 2 only, is the SHA-256 of the manifest issued
	// just before this one (sequence-1), in hex; "" for the first.
	Previous string `json:"previous,omitempty"`
	// Tool is the s55 version that issued the revision.
	Tool string `json:"tool"`
	// Issued is when the revision was issued, in UTC.
	Issued time.Time `json:"issued"`
	// BroughtIn marks a revision issued before the office used s55 and
	// brought into the archive later: the day it was archived. Issued is
	// then the day of issue the office gave.
	BroughtIn string `json:"brought_in,omitempty"`
	Report    Report `json:"report"`
	// LetterDate, LastDay and DaysLate place the letter on the statutory
	// clock of s.55(5A); DaysLate is 0 for a letter on time.
	LetterDate string `json:"letter_date"`
	LastDay    string `json:"last_day"`
	DaysLate   int    `json:"days_late"`
	// Source names the response folder and office profile inside source/.
	Source Source `json:"source"`
	// Outputs are the published files, in build order.
	Outputs []string `json:"outputs"`
	// Submission names the s.55(6) copy to the Home Secretary and
	// HMICFRS, an e-mail message ready to send (submission.eml), when the
	// office gave its addresses.
	Submission string `json:"submission,omitempty"`
	// Files lists every file of the revision but the manifest, by name,
	// sorted.
	Files []File `json:"files"`
}

// Source names the inputs' response folder and office profile, as paths
// inside the revision.
type Source struct {
	Response string `json:"response"`
	Office   string `json:"office,omitempty"`
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

// File returns the entry for name, or nil.
func (m *Manifest) File(name string) *File {
	i, ok := slices.BinarySearchFunc(m.Files, name, func(f File, n string) int { return strings.Compare(f.Name, n) })
	if !ok {
		return nil
	}
	return &m.Files[i]
}

// Digest returns the SHA-256 of data in hex, as manifests write it.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Correction is the correction the revision's documents say they are, as
// a build is told of it; nil for a first revision, and for a correction
// issued before documents said so.
func (m *Manifest) Correction() *published.Correction {
	replaces, err := day.Parse(m.Replaces)
	if m.Replaces == "" || err != nil {
		return nil
	}
	return &published.Correction{Day: day.Of(m.Issued), Replaces: replaces, Reason: m.Reason, Changed: slices.Clone(m.Changed)}
}

// ErrManifest reports a manifest that is not one this version of s55 can
// trust: unreadable, of another format, or with a field that breaks the
// rules of Problems.
var ErrManifest = errors.New("bad manifest")

// ManifestError lists every problem of one manifest.
type ManifestError struct {
	// File is the manifest ("" when the data came from elsewhere).
	File     string
	Problems []string
}

// Error prints each problem on its own line, naming the file.
func (e *ManifestError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if e.File != "" {
			b.WriteString(e.File + ": ")
		}
		b.WriteString("bad manifest: " + p)
	}
	return b.String()
}

// Unwrap returns ErrManifest.
func (e *ManifestError) Unwrap() error { return ErrManifest }

func manifestError(problems ...string) error {
	return &ManifestError{Problems: problems}
}

// ReadManifest reads and validates the manifest of the revision folder dir,
// ARCHIVE/<id>/r<N>: its id must be <id> and its revision N. It returns the
// manifest and its bytes, whose SHA-256 is the revision's link in the
// chain. Errors name the file.
func ReadManifest(dir string) (*Manifest, []byte, error) {
	file := filepath.Join(dir, ManifestName)
	data, err := input.ReadMax(file, maxManifest)
	if err != nil {
		return nil, nil, err
	}
	id := filepath.Base(filepath.Dir(filepath.Clean(dir)))
	n, ok := revisionNumber(filepath.Base(dir))
	if !ok {
		return nil, nil, &ManifestError{File: file, Problems: []string{dir + " is not a revision folder (r1, r2 ...)"}}
	}
	m, err := ParseManifest(data, id, n)
	if err != nil {
		err.(*ManifestError).File = file
		return nil, nil, err
	}
	return m, data, nil
}

// ParseManifest decodes a manifest strictly and validates it as the
// manifest of revision n of the response id. The error is a
// *ManifestError.
func ParseManifest(data []byte, id string, n int) (*Manifest, error) {
	// A key given twice would hide the first: "files" ahead of the real
	// list, say.
	if err := strictjson.Check(data); err != nil {
		return nil, manifestError(err.Error())
	}
	var probe struct {
		Format int `json:"format"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, manifestError(err.Error())
	}
	if probe.Format != Format && probe.Format != chained {
		if probe.Format == 1 {
			return nil, manifestError(fmt.Sprintf("format 1 has no chain of revisions; this s55 reads formats %d and %d only, so issue the responses again into a new archive", chained, Format))
		}
		return nil, manifestError(fmt.Sprintf("format %d, want %d", probe.Format, Format))
	}
	m := &Manifest{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return nil, manifestError(err.Error())
	}
	if dec.More() {
		return nil, manifestError("more than one JSON value")
	}
	if problems := m.Problems(id, n); len(problems) > 0 {
		return nil, manifestError(problems...)
	}
	return m, nil
}

// Problems checks a manifest's fields as the manifest of revision n of
// response id and returns every problem found: the id and revision equal their folders; a correction
// supersedes the revision before it and says why; the chain fields are
// well formed; every file name is a plain relative path inside the
// revision, listed once and in order; every output is a published file of
// the revision's top folder; the source's response folder and office
// profile are inside source/ and listed; dates are days.
func (m *Manifest) Problems(id string, n int) []string {
	c := &manifestCheck{m: m}
	c.identity(id, n)
	c.correction()
	c.record()
	c.chain()
	c.days()
	c.files()
	published := c.outputs()
	c.source()
	if m.Submission != "" {
		c.submission()
		published[m.Submission] = true
	}
	c.strays(published)
	return c.problems
}

// manifestCheck collects the problems of one manifest, in the order its
// fields are read.
type manifestCheck struct {
	m        *Manifest
	problems []string
}

func (c *manifestCheck) bad(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// identity: the id and the revision are those of the manifest's folders.
func (c *manifestCheck) identity(id string, n int) {
	m := c.m
	if m.ID != id {
		c.bad("id %q is not its folder's name %q", m.ID, id)
	}
	if !plainName(m.ID) {
		c.bad("id %q is not a plain folder name", m.ID)
	}
	if m.Revision != n {
		c.bad("revision %d is not its folder's number r%d", m.Revision, n)
	}
}

// correction: a revision after the first supersedes the one before it and
// says why; the first supersedes nothing.
func (c *manifestCheck) correction() {
	m := c.m
	switch {
	case m.Revision > 1 && m.Supersedes != m.Revision-1:
		c.bad("revision %d supersedes %d: a correction supersedes the revision before it, %d", m.Revision, m.Supersedes, m.Revision-1)
	case m.Revision > 1 && strings.TrimSpace(m.Reason) == "":
		c.bad("revision %d gives no reason for the correction", m.Revision)
	case m.Revision == 1 && (m.Supersedes != 0 || m.Reason != ""):
		c.bad("revision 1 supersedes nothing, yet it names revision %d and reason %q", m.Supersedes, m.Reason)
	}
}

// record: a correction's day replaced is a day, and only a correction
// gives one; a response brought in was issued on or before the day it
// was archived.
func (c *manifestCheck) record() {
	m := c.m
	switch {
	case m.Replaces == "" && len(m.Changed) > 0:
		c.bad("changed lists fields, yet replaces names no revision's day of issue")
	case m.Replaces == "":
	case m.Revision == 1:
		c.bad("revision 1 replaces nothing, yet replaces is %q", m.Replaces)
	default:
		if _, err := day.Parse(m.Replaces); err != nil {
			c.bad("replaces %q is not a day (YYYY-MM-DD)", m.Replaces)
		}
	}
	if m.BroughtIn != "" {
		if archived, err := day.Parse(m.BroughtIn); err != nil {
			c.bad("brought_in %q is not a day (YYYY-MM-DD)", m.BroughtIn)
		} else if day.Of(m.Issued).After(archived) {
			c.bad("issued %s is after the day it was brought in, %s", day.ISO(m.Issued), m.BroughtIn)
		}
	}
}

// chain: the sequence counts from 1; in format 2, every revision after
// the first names the digest of the manifest issued before it, and in a
// later format none does (the signed log keeps the order).
func (c *manifestCheck) chain() {
	m := c.m
	switch {
	case m.Sequence < 1:
		c.bad("sequence %d: the first revision issued into an archive is 1", m.Sequence)
	case m.Format != chained && m.Previous != "":
		c.bad("previous %q: a manifest of format %d is kept in the signed log, and names no manifest before it", m.Previous, m.Format)
	case m.Format != chained:
	case m.Sequence == 1 && m.Previous != "":
		c.bad("sequence 1 is the first revision issued, yet previous is %q", m.Previous)
	case m.Sequence > 1 && !isDigest(m.Previous):
		c.bad("previous %q is not the SHA-256 of the manifest issued before", m.Previous)
	}
}

// days: the dates are days, and lateness is not negative.
func (c *manifestCheck) days() {
	m := c.m
	for _, d := range []struct{ field, value string }{{"letter_date", m.LetterDate}, {"last_day", m.LastDay}, {"report.published", m.Report.Published}} {
		if _, err := day.Parse(d.value); err != nil {
			c.bad("%s %q is not a day (YYYY-MM-DD)", d.field, d.value)
		}
	}
	if m.DaysLate < 0 {
		c.bad("days_late %d is negative", m.DaysLate)
	}
}

// files: every file is a plain path inside the revision, listed once and
// in order, with a size and a digest; the manifest is not among them.
func (c *manifestCheck) files() {
	files := c.m.Files
	for i, f := range files {
		switch {
		case !plainPath(f.Name):
			c.bad("files[%d]: %q is not a plain relative path inside the revision", i, f.Name)
		case f.Name == ManifestName:
			c.bad("files[%d]: the manifest does not list itself", i)
		case i > 0 && f.Name <= files[i-1].Name:
			c.bad("files[%d]: %q is listed out of order or twice", i, f.Name)
		case i > 0 && strings.HasPrefix(f.Name, files[i-1].Name+"/"):
			c.bad("files[%d]: %q lies inside the file %q", i, f.Name, files[i-1].Name)
		}
		if f.Size < 0 || !isDigest(f.SHA256) {
			c.bad("files[%d]: %q has size %d and SHA-256 %q", i, f.Name, f.Size, f.SHA256)
		}
	}
}

// outputs: at least one published file, each a .pdf or .html of the
// revision's top folder, listed once and among the files. It returns the
// names listed.
func (c *manifestCheck) outputs() map[string]bool {
	m := c.m
	if len(m.Outputs) == 0 {
		c.bad("outputs lists no published file")
	}
	seen := map[string]bool{}
	for i, o := range m.Outputs {
		switch {
		case !plainName(o) || !(strings.HasSuffix(o, ".pdf") || strings.HasSuffix(o, ".html")):
			c.bad("outputs[%d]: %q is not a published file's name (a .pdf or .html in the revision's folder)", i, o)
		case seen[o]:
			c.bad("outputs[%d]: %q is listed twice", i, o)
		case m.File(o) == nil:
			c.bad("outputs[%d]: %q is not among the files", i, o)
		}
		seen[o] = true
	}
	return seen
}

// source: the response folder and the office profile lie inside source/
// and are among the files.
func (c *manifestCheck) source() {
	m := c.m
	c.inSource("response", m.Source.Response, m.Source.Response+"/response.yaml")
	if m.Source.Office != "" {
		c.inSource("office", m.Source.Office, m.Source.Office)
	}
}

func (c *manifestCheck) inSource(field, p string, listed string) {
	switch {
	case !plainPath(p) || !strings.HasPrefix(p, SourceDir+"/"):
		c.bad("source.%s %q is not a plain path inside %s/", field, p, SourceDir)
	case c.m.File(listed) == nil:
		c.bad("source.%s %q: %s is not among the files", field, p, listed)
	}
}

// submission: the e-mail, when there is one, has its one name and is
// among the files.
func (c *manifestCheck) submission() {
	m := c.m
	if m.Submission != submission.FileName {
		c.bad("submission %q is not %s", m.Submission, submission.FileName)
	} else if m.File(m.Submission) == nil {
		c.bad("submission %q is not among the files", m.Submission)
	}
}

// strays: every file outside source/ is one the manifest publishes.
func (c *manifestCheck) strays(published map[string]bool) {
	for _, f := range c.m.Files {
		if !strings.HasPrefix(f.Name, SourceDir+"/") && !published[f.Name] {
			c.bad("%q is neither an output nor an input under %s/", f.Name, SourceDir)
		}
	}
}

// plainName reports whether s is one plain file or folder name: no
// separator, not "." or "..", not hidden, printable.
func plainName(s string) bool {
	return s != "" && !strings.ContainsAny(s, `/\`) && plainPath(s)
}

// plainPath reports whether p is a plain relative slash path: every part a
// printable name that is not "", ".", ".." or hidden, with no backslash.
func plainPath(p string) bool {
	if p == "" || len(p) > 1024 || !utf8.ValidString(p) || strings.Contains(p, `\`) || path.Clean(p) != p || path.IsAbs(p) || !filepath.IsLocal(filepath.FromSlash(p)) {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." || strings.HasPrefix(part, ".") {
			return false
		}
	}
	for _, r := range p {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

func isDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// IsRevision reports whether dir is a revision folder: r<N> holding a
// manifest.
func IsRevision(dir string) bool {
	_, ok := revisionNumber(filepath.Base(dir))
	_, err := os.Lstat(filepath.Join(dir, ManifestName))
	return ok && err == nil
}

// revisionNumber reads a revision folder's name, r1, r2 ...
func revisionNumber(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, "r")
	if !ok || rest == "" || rest[0] == '0' {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 1 || strconv.Itoa(n) != rest {
		return 0, false
	}
	return n, true
}

// notExist reports whether err says a file is not there.
func notExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
