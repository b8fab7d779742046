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
	Report Report    `json:"report"`
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
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	m.revisionProblems(id, n, bad)
	m.chainProblems(bad)
	for _, d := range []struct{ field, value string }{{"letter_date", m.LetterDate}, {"last_day", m.LastDay}, {"report.published", m.Report.Published}} {
		if _, err := day.Parse(d.value); err != nil {
			bad("%s %q is not a day (YYYY-MM-DD)", d.field, d.value)
		}
	}
	if m.DaysLate < 0 {
		bad("days_late %d is negative", m.DaysLate)
	}
	m.fileProblems(bad)
	seen := m.outputProblems(bad)
	m.sourceProblems(seen, bad)
	return problems
}

// revisionProblems checks the id, the revision and what a correction
// supersedes.
func (m *Manifest) revisionProblems(id string, n int, bad func(string, ...any)) {
	if m.ID != id {
		bad("id %q is not its folder's name %q", m.ID, id)
	}
	if !plainName(m.ID) {
		bad("id %q is not a plain folder name", m.ID)
	}
	if m.Revision != n {
		bad("revision %d is not its folder's number r%d", m.Revision, n)
	}
	switch {
	case m.Revision > 1 && m.Supersedes != m.Revision-1:
		bad("revision %d supersedes %d: a correction supersedes the revision before it, %d", m.Revision, m.Supersedes, m.Revision-1)
	case m.Revision > 1 && strings.TrimSpace(m.Reason) == "":
		bad("revision %d gives no reason for the correction", m.Revision)
	case m.Revision == 1 && (m.Supersedes != 0 || m.Reason != ""):
		bad("revision 1 supersedes nothing, yet it names revision %d and reason %q", m.Supersedes, m.Reason)
	}
}

// chainProblems checks the place in the order of issue and, in format 2,
// the digest of the manifest before.
func (m *Manifest) chainProblems(bad func(string, ...any)) {
	switch {
	case m.Sequence < 1:
		bad("sequence %d: the first revision issued into an archive is 1", m.Sequence)
	case m.Format != chained && m.Previous != "":
		bad("previous %q: a manifest of format %d is kept in the signed log, and names no manifest before it", m.Previous, m.Format)
	case m.Format != chained:
	case m.Sequence == 1 && m.Previous != "":
		bad("sequence 1 is the first revision issued, yet previous is %q", m.Previous)
	case m.Sequence > 1 && !isDigest(m.Previous):
		bad("previous %q is not the SHA-256 of the manifest issued before", m.Previous)
	}
}

// fileProblems checks the list of files.
func (m *Manifest) fileProblems(bad func(string, ...any)) {
	for i, f := range m.Files {
		switch {
		case !plainPath(f.Name):
			bad("files[%d]: %q is not a plain relative path inside the revision", i, f.Name)
		case f.Name == ManifestName:
			bad("files[%d]: the manifest does not list itself", i)
		case i > 0 && f.Name <= m.Files[i-1].Name:
			bad("files[%d]: %q is listed out of order or twice", i, f.Name)
		case i > 0 && strings.HasPrefix(f.Name, m.Files[i-1].Name+"/"):
			bad("files[%d]: %q lies inside the file %q", i, f.Name, m.Files[i-1].Name)
		}
		if f.Size < 0 || !isDigest(f.SHA256) {
			bad("files[%d]: %q has size %d and SHA-256 %q", i, f.Name, f.Size, f.SHA256)
		}
	}
}

// outputProblems checks the outputs and returns them as a set.
func (m *Manifest) outputProblems(bad func(string, ...any)) map[string]bool {
	if len(m.Outputs) == 0 {
		bad("outputs lists no published file")
	}
	seen := map[string]bool{}
	for i, o := range m.Outputs {
		switch {
		case !plainName(o) || !(strings.HasSuffix(o, ".pdf") || strings.HasSuffix(o, ".html")):
			bad("outputs[%d]: %q is not a published file's name (a .pdf or .html in the revision's folder)", i, o)
		case seen[o]:
			bad("outputs[%d]: %q is listed twice", i, o)
		case m.File(o) == nil:
			bad("outputs[%d]: %q is not among the files", i, o)
		}
		seen[o] = true
	}
	return seen
}

// sourceProblems checks the source, the submission, and that every file
// is an output, the submission or an input.
func (m *Manifest) sourceProblems(seen map[string]bool, bad func(string, ...any)) {
	inSource := func(field, p string, listed string) {
		switch {
		case !plainPath(p) || !strings.HasPrefix(p, SourceDir+"/"):
			bad("source.%s %q is not a plain path inside %s/", field, p, SourceDir)
		case m.File(listed) == nil:
			bad("source.%s %q: %s is not among the files", field, p, listed)
		}
	}
	inSource("response", m.Source.Response, m.Source.Response+"/response.yaml")
	if m.Source.Office != "" {
		inSource("office", m.Source.Office, m.Source.Office)
	}
	if m.Submission != "" {
		if m.Submission != submission.FileName {
			bad("submission %q is not %s", m.Submission, submission.FileName)
		} else if m.File(m.Submission) == nil {
			bad("submission %q is not among the files", m.Submission)
		}
		seen[m.Submission] = true
	}
	for _, f := range m.Files {
		if !strings.HasPrefix(f.Name, SourceDir+"/") && !seen[f.Name] {
			bad("%q is neither an output nor an input under %s/", f.Name, SourceDir)
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
