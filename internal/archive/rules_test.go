package archive

import (
	"encoding/json"
	"errors"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/input"
)

// goodManifest is a valid manifest of revision 1 of "r".
func goodManifest(t *testing.T) []byte {
	t.Helper()
	digest := strings.Repeat("0", 64)
	m := &Manifest{Format: Format, ID: "r", Revision: 1, Sequence: 1, Tool: "s55",
		Report:     Report{Title: "A report", Inspectorates: []string{"HMICFRS"}, Published: "2021-07-16"},
		LetterDate: "2021-09-13", LastDay: "2021-09-09", DaysLate: 4,
		Source:  Source{Response: "source/r", Office: "source/office.yaml"},
		Outputs: []string{"letter.pdf"},
		Files:   []File{{"letter.pdf", 20, digest}, {"source/office.yaml", 30, digest}, {"source/r/response.yaml", 50, digest}}}
	data, err := encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseManifest(data, "r", 1); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestManifestKeyTwice: a key given twice anywhere in a manifest is
// refused, also one ahead of the real one, which JSON decoding would hide.
func TestManifestKeyTwice(t *testing.T) {
	good := string(goodManifest(t))
	for name, data := range map[string]string{
		"ahead of the real files": strings.Replace(good, `"format": 3,`, `"format": 3, "files": [],`, 1),
		"after the id":            strings.Replace(good, `"id": "r",`, `"id": "r", "id": "r",`, 1),
		"inside a file":           strings.Replace(good, `"name": "letter.pdf",`, `"name": "letter.pdf", "name": "letter.pdf",`, 1),
		"in the report":           strings.Replace(good, `"title": "A report",`, `"title": "Another", "title": "A report",`, 1),
	} {
		if data == good {
			t.Fatalf("%s: the edit did not apply", name)
		}
		_, err := ParseManifest([]byte(data), "r", 1)
		if !errors.Is(err, ErrManifest) || !strings.Contains(err.Error(), "given twice") {
			t.Errorf("%s: %v, want a manifest error naming the key given twice", name, err)
		}
	}
}

// TestPublicationRepeats: a saved site's archive.json that lists a
// revision, or a document, more than once is refused, however often.
func TestPublicationRepeats(t *testing.T) {
	digest := strings.Repeat("a", 64)
	rev := PublishedRevision{ID: "r", Revision: 1, Sequence: 1,
		Manifest:  File{Name: "responses/r/r1/manifest.json", Size: 1, SHA256: digest},
		Documents: []File{{Name: "responses/r/r1/letter.pdf", Size: 1, SHA256: digest}}}
	write := func(p *Publication) string {
		site := t.TempDir()
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(site, PublicationName), data, 0o644); err != nil {
			t.Fatal(err)
		}
		return site
	}
	one := &Publication{Format: PublicationFormat, Revisions: []PublishedRevision{rev}, Chain: PublishedHead{Sequence: 1, SHA256: digest}}
	if _, err := ReadPublication(write(one)); err != nil {
		t.Fatalf("a revision listed once: %v", err)
	}
	many := &Publication{Format: PublicationFormat, Chain: one.Chain}
	for range 2000 {
		many.Revisions = append(many.Revisions, rev)
	}
	_, err := ReadPublication(write(many))
	if err == nil || !strings.Contains(err.Error(), "revisions[1]: r/r1 is listed again (first as revisions[0])") || !strings.Contains(err.Error(), "and 1989 more listed again") {
		t.Errorf("a revision listed 2,000 times: %v", err)
	}
	doc := *one
	doc.Revisions = []PublishedRevision{rev}
	doc.Revisions[0].Documents = append(slices.Clone(rev.Documents), rev.Documents[0])
	if _, err := ReadPublication(write(&doc)); err == nil || !strings.Contains(err.Error(), "documents[1]: responses/r/r1/letter.pdf is listed again") {
		t.Errorf("a document listed twice: %v", err)
	}
	seq := &Publication{Format: PublicationFormat, Chain: one.Chain, Revisions: []PublishedRevision{rev, rev}}
	seq.Revisions[1].ID = "s"
	seq.Revisions[1].Manifest.Name = "responses/s/r1/manifest.json"
	seq.Revisions[1].Documents = []File{{Name: "responses/s/r1/letter.pdf", Size: 1, SHA256: digest}}
	if _, err := ReadPublication(write(seq)); err == nil || !strings.Contains(err.Error(), "number 1 in the chain is also revisions[0]'s") {
		t.Errorf("two revisions numbered 1: %v", err)
	}
	dup := write(one)
	data, _ := os.ReadFile(filepath.Join(dup, PublicationName))
	data = []byte(strings.Replace(string(data), `"format":1`, `"format":1,"revisions":[]`, 1))
	os.WriteFile(filepath.Join(dup, PublicationName), data, 0o644)
	if _, err := ReadPublication(dup); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("a key given twice: %v", err)
	}
}

// TestVerifyStray: a file that no manifest and no archive file accounts
// for is named, at the archive's top, in a response's folder and in a
// revision; the files an archive keeps at its top are not.
func TestVerifyStray(t *testing.T) {
	root := responses(t, "r")
	arch := filepath.Join(t.TempDir(), "archive")
	if _, err := Issue(arch, render(t, filepath.Join(root, "r")), IssueOptions{KeyDirs: testKey(t), Now: when}); err != nil {
		t.Fatal(err)
	}
	w, err := OpenWriter(arch, WriterOptions{KeyDirs: testKey(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"tracker.yaml", "events.yaml"} {
		os.WriteFile(filepath.Join(arch, name), []byte("x: 1\n"), 0o644)
		if err := w.AddFile(name); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	res, err := Verify(arch, nil, VerifyOptions{NoRebuild: true})
	if err != nil || !res.OK() {
		t.Fatalf("an intact archive: %v %+v", err, res.Findings)
	}
	for _, p := range []string{"notes.txt", ".hidden", "r/notes.txt", "r/r1/notes.txt", "r/r1/source/extra.md"} {
		if err := os.WriteFile(filepath.Join(arch, filepath.FromSlash(p)), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err = Verify(arch, nil, VerifyOptions{NoRebuild: true})
	if err != nil {
		t.Fatal(err)
	}
	var named []string
	for _, f := range res.Findings {
		named = append(named, f.File)
	}
	for _, v := range res.Revisions {
		for _, f := range v.Findings {
			named = append(named, "r/r1/"+f.File)
		}
	}
	slices.Sort(named)
	if want := []string{".hidden", "notes.txt", "r/notes.txt", "r/r1/notes.txt", "r/r1/source/extra.md"}; !slices.Equal(named, want) {
		t.Errorf("stray files named %q, want %q", named, want)
	}
}

// TestIsArchive: only a folder with the archive's marker is an archive.
func TestIsArchive(t *testing.T) {
	dir := t.TempDir()
	if err := IsArchive(dir); !errors.Is(err, ErrNotArchive) {
		t.Errorf("an empty folder: %v", err)
	}
	os.Mkdir(filepath.Join(dir, MarkerName), 0o755)
	if err := IsArchive(dir); !errors.Is(err, ErrNotArchive) {
		t.Errorf("a marker that is a folder: %v", err)
	}
	os.Remove(filepath.Join(dir, MarkerName))
	unlock, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	if err := IsArchive(dir); err != nil {
		t.Errorf("a locked archive: %v", err)
	}
}

// TestLockRemovesLeftovers: under the lock, the temporary files a killed
// track or record left at the archive's top are removed, and an issue
// removes the staging folder a killed issue left; nothing else goes.
func TestLockRemovesLeftovers(t *testing.T) {
	root := responses(t, "r")
	arch := filepath.Join(t.TempDir(), "archive")
	for _, p := range []string{".tracker.yaml.tmp-1", ".events.yaml.tmp-2", "r/.r1.tmp-3/letter.pdf", "tracker.yaml"} {
		p = filepath.Join(arch, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	unlock, err := Lock(arch)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	for p, want := range map[string]bool{".tracker.yaml.tmp-1": false, ".events.yaml.tmp-2": false, "r/.r1.tmp-3": true, "tracker.yaml": true} {
		if _, err := os.Lstat(filepath.Join(arch, filepath.FromSlash(p))); (err == nil) != want {
			t.Errorf("%s there: %v, want %v", p, err == nil, want)
		}
	}
	if _, err := Issue(arch, render(t, filepath.Join(root, "r")), IssueOptions{KeyDirs: testKey(t), Now: when}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(arch, "r", ".r1.tmp-3")); err == nil {
		t.Error("the issue left the staging folder of a killed issue")
	}
}

// TestIssueDates: a letter dated after the time of issue is refused before
// anything is written; the letter's own day is a day of issue.
func TestIssueDates(t *testing.T) {
	root := responses(t, "r")
	r := render(t, filepath.Join(root, "r"))
	arch := filepath.Join(t.TempDir(), "archive")
	letter := r.Facts.LetterDate
	_, err := Issue(arch, r, IssueOptions{KeyDirs: testKey(t), Now: letter.Add(-time.Second)})
	if err == nil || !strings.Contains(err.Error(), "after the time of issue") {
		t.Errorf("issued the day before the letter: %v", err)
	}
	if _, err := os.Lstat(arch); err == nil {
		t.Error("the refused issue made the archive")
	}
	// Brought in: not before the report's publication, not after the
	// day it is archived.
	published, archived := r.Facts.Published, letter.AddDate(1, 0, 0)
	if _, err := Issue(arch, r, IssueOptions{KeyDirs: testKey(t), Now: published.AddDate(0, 0, -1), BroughtIn: archived}); err == nil || !strings.Contains(err.Error(), "before the report was published") {
		t.Errorf("brought in as issued before the report: %v", err)
	}
	if _, err := Issue(arch, r, IssueOptions{KeyDirs: testKey(t), Now: archived.AddDate(0, 0, 1), BroughtIn: archived}); err == nil || !strings.Contains(err.Error(), "a day still to come") {
		t.Errorf("brought in as issued after today: %v", err)
	}
	if _, err := os.Lstat(arch); err == nil {
		t.Error("a refused issue made the archive")
	}
	m, err := Issue(arch, r, IssueOptions{KeyDirs: testKey(t), Now: letter.AddDate(0, 0, 5), BroughtIn: archived})
	if err != nil || !m.Issued.Equal(letter.AddDate(0, 0, 5)) || m.BroughtIn != day.ISO(archived) {
		t.Fatalf("brought in: %v %+v", err, m)
	}
	// A correction issued before what it corrects is refused.
	_, err = Issue(arch, r, IssueOptions{KeyDirs: testKey(t), Now: letter.AddDate(0, 0, 1), BroughtIn: archived, Reason: "x"})
	if err == nil || !strings.Contains(err.Error(), "before revision 1 it corrects") {
		t.Errorf("a correction before what it corrects: %v", err)
	}
}

// TestCorrections: a response is issued once; a correction is a new
// revision that supersedes the latest, says why, and is chained after
// it; a correction that changes no published file, or of a response never
// issued, is refused.
func TestCorrections(t *testing.T) {
	root := responses(t, "r")
	dir := filepath.Join(root, "r")
	arch := filepath.Join(t.TempDir(), "archive")
	issueFirst(t, arch, dir)
	refuseSameAgain(t, arch, dir)
	later := when.Add(24 * time.Hour)
	issueCorrection(t, arch, dir, later)
	other := responses(t, "s")
	if _, err := Issue(arch, render(t, filepath.Join(other, "s")), IssueOptions{KeyDirs: testKey(t), Now: later, Reason: "x"}); err == nil || !strings.Contains(err.Error(), "not issued yet") {
		t.Errorf("a correction of a response never issued: %v", err)
	}
	head, err := Head(arch)
	if err != nil || head.Sequence != 2 || head.Dir != RevisionDir(arch, "r", 2) {
		t.Errorf("head %+v, %v", head, err)
	}
	res, err := Verify(arch, nil, VerifyOptions{NoRebuild: true})
	if err != nil || !res.OK() || res.Head.Sequence != 2 {
		t.Errorf("verify: %v %+v", err, res)
	}
}

// issueFirst issues the response in dir as the archive's first revision,
// with its submission, chained to nothing.
func issueFirst(t *testing.T, arch, dir string) {
	t.Helper()
	m1, err := Issue(arch, render(t, dir), IssueOptions{KeyDirs: testKey(t), Now: when})
	if err != nil {
		t.Fatal(err)
	}
	if m1.Revision != 1 || m1.Sequence != 1 || m1.Previous != "" || m1.Supersedes != 0 || m1.Submission != "submission.eml" || m1.File("submission.eml") == nil {
		t.Fatalf("revision 1: %+v", m1)
	}
}

// refuseSameAgain issues the unchanged response again, without a reason
// and then with one, and requires both refused.
func refuseSameAgain(t *testing.T, arch, dir string) {
	t.Helper()
	_, err := Issue(arch, render(t, dir), IssueOptions{KeyDirs: testKey(t), Now: when})
	if !errors.Is(err, ErrIssued) || !strings.Contains(err.Error(), "as revision 1 on 2021-09-14; to correct it, issue again with --reason") {
		t.Errorf("issued again without a reason: %v", err)
	}
	_, err = Issue(arch, render(t, dir), IssueOptions{KeyDirs: testKey(t), Now: when, Reason: "No change."})
	if !errors.Is(err, ErrUnchanged) || !strings.Contains(err.Error(), "since revision 1") {
		t.Errorf("a correction that changes nothing: %v", err)
	}
}

// issueCorrection changes the letter and issues the response again with a
// reason, and requires revision 2 after revision 1, both in the signed log.
func issueCorrection(t *testing.T, arch, dir string, now time.Time) {
	t.Helper()
	letter := filepath.Join(dir, "letter.md")
	text, _ := os.ReadFile(letter)
	os.WriteFile(letter, append(text, "\nA paragraph added.\n"...), 0o644)
	m2, err := Issue(arch, render(t, dir), IssueOptions{KeyDirs: testKey(t), Now: now, Reason: "A paragraph was missing."})
	if err != nil {
		t.Fatal(err)
	}
	if m2.Revision != 2 || m2.Supersedes != 1 || m2.Reason != "A paragraph was missing." || m2.Sequence != 2 || m2.Previous != "" || !m2.Issued.Equal(now) {
		t.Errorf("revision 2: %+v", m2)
	}
	logHolds(t, arch, "r/r1", "r/r2")
}

// logHolds checks that the archive's signed log holds exactly the
// manifests of the revisions, in order, and signs them all.
func logHolds(t *testing.T, arch string, revisions ...string) {
	t.Helper()
	var want []string
	for _, r := range revisions {
		id, rev, _ := strings.Cut(r, "/")
		n, _ := strconv.Atoi(strings.TrimPrefix(rev, "r"))
		_, data, err := ReadManifest(RevisionDir(arch, id, n))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, RevisionEntry(id, n, Digest(data)))
	}
	st, err := ReadLog(arch)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Log.Entries, want) || st.Checkpoint.Size != int64(len(want)) {
		t.Errorf("the log holds %q, signed for %d; want %q", st.Log.Entries, st.Checkpoint.Size, want)
	}
}

// TestListOrder: List gives the newest letter first, then by id, and a
// response's revisions newest first; Head is the last issued, whatever
// the order of the letters.
func TestListOrder(t *testing.T) {
	root := responses(t, "a", "b", "c")
	// b's letter is the newest, a's and c's of the same day.
	resp := filepath.Join(root, "b", "response.yaml")
	data, _ := os.ReadFile(resp)
	os.WriteFile(resp, []byte(strings.Replace(string(data), "  date: 2021-09-13", "  date: 2021-09-14", 1)), 0o644)
	arch := filepath.Join(t.TempDir(), "archive")
	for i, id := range []string{"c", "b", "a"} {
		if _, err := Issue(arch, render(t, filepath.Join(root, id)), IssueOptions{KeyDirs: testKey(t), Now: when.Add(time.Duration(i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	letter := filepath.Join(root, "c", "letter.md")
	text, _ := os.ReadFile(letter)
	os.WriteFile(letter, append(text, "\nMore.\n"...), 0o644)
	if _, err := Issue(arch, render(t, filepath.Join(root, "c")), IssueOptions{KeyDirs: testKey(t), Now: when.Add(5 * time.Hour), Reason: "More."}); err != nil {
		t.Fatal(err)
	}
	entries, err := List(arch)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Manifest.ID+"/r"+strconv.Itoa(e.Manifest.Revision)+"#"+strconv.Itoa(e.Manifest.Sequence))
	}
	if want := []string{"b/r1#2", "a/r1#3", "c/r2#4", "c/r1#1"}; !slices.Equal(got, want) {
		t.Errorf("List = %q, want %q", got, want)
	}
	head, err := Head(arch)
	if err != nil || head.Sequence != 4 || head.Dir != RevisionDir(arch, "c", 2) {
		t.Errorf("head %+v, %v", head, err)
	}
}

// TestManifestLink: a manifest is read only as a regular file of its
// revision, never through a symbolic link, even to a copy of itself.
func TestManifestLink(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r", "r1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "copy.json"), goodManifest(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadManifest(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("no manifest: %v", err)
	}
	if err := os.Symlink("copy.json", filepath.Join(dir, ManifestName)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadManifest(dir); !errors.Is(err, input.ErrSymlink) {
		t.Errorf("a manifest that is a link: %v, want input.ErrSymlink", err)
	}
}

// TestManifestProblems breaks each rule of a manifest in turn, from a
// valid one, and requires the problem that names it, and no other.
func TestManifestProblems(t *testing.T) {
	d := strings.Repeat("0", 64)
	base := func() *Manifest {
		var m Manifest
		if err := json.Unmarshal(goodManifest(t), &m); err != nil {
			t.Fatal(err)
		}
		return &m
	}
	for _, tc := range []struct {
		name  string
		id    string
		n     int
		edit  func(m *Manifest)
		wants string
	}{
		{"another folder's id", "s", 1, func(m *Manifest) {}, `id "r" is not its folder's name "s"`},
		{"an id not plain", ".r", 1, func(m *Manifest) { m.ID = ".r" }, `id ".r" is not a plain folder name`},
		{"another revision", "r", 2, func(m *Manifest) {}, "revision 1 is not its folder's number r2"},
		{"a correction of another", "r", 3, func(m *Manifest) { m.Revision, m.Supersedes, m.Reason, m.Sequence, m.Previous = 3, 1, "x", 2, d }, "revision 3 supersedes 1"},
		{"a correction without a reason", "r", 2, func(m *Manifest) { m.Revision, m.Supersedes, m.Reason, m.Sequence, m.Previous = 2, 1, " ", 2, d }, "revision 2 gives no reason"},
		{"a first revision that supersedes", "r", 1, func(m *Manifest) { m.Supersedes = 1 }, "revision 1 supersedes nothing"},
		{"a first revision with a reason", "r", 1, func(m *Manifest) { m.Reason = "why" }, "revision 1 supersedes nothing"},
		{"sequence 0", "r", 1, func(m *Manifest) { m.Sequence = 0 }, "sequence 0: the first revision issued into an archive is 1"},
		{"a first with a previous", "r", 1, func(m *Manifest) { m.Format, m.Previous = 2, d }, "sequence 1 is the first revision issued, yet previous is"},
		{"a later without a previous", "r", 1, func(m *Manifest) { m.Format, m.Sequence = 2, 2 }, `previous "" is not the SHA-256`},
		{"a previous not a digest", "r", 1, func(m *Manifest) { m.Format, m.Sequence, m.Previous = 2, 2, strings.Repeat("A", 64) }, "is not the SHA-256"},
		{"a previous in the signed log", "r", 2, func(m *Manifest) { m.Revision, m.Supersedes, m.Reason, m.Sequence, m.Previous = 2, 1, "x", 2, d }, "is kept in the signed log, and names no manifest before it"},
		{"a letter date not a day", "r", 1, func(m *Manifest) { m.LetterDate = "2021-02-30" }, `letter_date "2021-02-30" is not a day`},
		{"a last day not a day", "r", 1, func(m *Manifest) { m.LastDay = "x" }, `last_day "x" is not a day`},
		{"a publication not a day", "r", 1, func(m *Manifest) { m.Report.Published = "" }, `report.published "" is not a day`},
		{"days late negative", "r", 1, func(m *Manifest) { m.DaysLate = -1 }, "days_late -1 is negative"},
		{"a file outside", "r", 1, func(m *Manifest) { m.Files = append([]File{{"../x", 1, d}}, m.Files...) }, `files[0]: "../x" is not a plain relative path`},
		{"a hidden file", "r", 1, func(m *Manifest) { m.Files = append(m.Files, File{"source/.x", 1, d}) }, `files[3]: "source/.x" is not a plain relative path`},
		{"the manifest itself", "r", 1, func(m *Manifest) {
			m.Files = append(m.Files[:1], append([]File{{"manifest.json", 1, d}}, m.Files[1:]...)...)
		}, "files[1]: the manifest does not list itself"},
		{"out of order", "r", 1, func(m *Manifest) { m.Files[0], m.Files[1] = m.Files[1], m.Files[0] }, `files[1]: "letter.pdf" is listed out of order or twice`},
		{"twice", "r", 1, func(m *Manifest) { m.Files = append(m.Files, m.Files[2]) }, `files[3]: "source/r/response.yaml" is listed out of order or twice`},
		{"inside a file", "r", 1, func(m *Manifest) { m.Files = append(m.Files, File{"source/r/response.yaml/x", 1, d}) }, `lies inside the file "source/r/response.yaml"`},
		{"a negative size", "r", 1, func(m *Manifest) { m.Files[0].Size = -1 }, `files[0]: "letter.pdf" has size -1`},
		{"a digest not a digest", "r", 1, func(m *Manifest) { m.Files[0].SHA256 = "abc" }, `has size 20 and SHA-256 "abc"`},
		{"no outputs", "r", 1, func(m *Manifest) { m.Outputs = nil }, "outputs lists no published file"},
		{"an output not published", "r", 1, func(m *Manifest) { m.Outputs = append(m.Outputs, "notes.txt") }, `outputs[1]: "notes.txt" is not a published file's name`},
		{"an output in a folder", "r", 1, func(m *Manifest) { m.Outputs = append(m.Outputs, "a/b.pdf") }, `outputs[1]: "a/b.pdf" is not a published file's name`},
		{"an output twice", "r", 1, func(m *Manifest) { m.Outputs = append(m.Outputs, "letter.pdf") }, `outputs[1]: "letter.pdf" is listed twice`},
		{"an output not a file", "r", 1, func(m *Manifest) { m.Outputs = append(m.Outputs, "response.pdf") }, `outputs[1]: "response.pdf" is not among the files`},
		{"a source outside", "r", 1, func(m *Manifest) { m.Source.Response = "r" }, `source.response "r" is not a plain path inside source/`},
		{"a source not listed", "r", 1, func(m *Manifest) { m.Source.Response = "source/s" }, `source.response "source/s": source/s/response.yaml is not among the files`},
		{"an office not listed", "r", 1, func(m *Manifest) { m.Source.Office = "source/other.yaml" }, `source.office "source/other.yaml": source/other.yaml is not among the files`},
		{"an office outside", "r", 1, func(m *Manifest) { m.Source.Office = "office.yaml" }, `source.office "office.yaml" is not a plain path inside source/`},
		{"a submission misnamed", "r", 1, func(m *Manifest) { m.Submission = "mail.eml" }, `submission "mail.eml" is not submission.eml`},
		{"a submission not listed", "r", 1, func(m *Manifest) { m.Submission = "submission.eml" }, `submission "submission.eml" is not among the files`},
		{"a first revision that replaces", "r", 1, func(m *Manifest) { m.Replaces = "2021-09-13" }, `revision 1 replaces nothing, yet replaces is "2021-09-13"`},
		{"a day replaced not a day", "r", 2, func(m *Manifest) {
			m.Revision, m.Supersedes, m.Reason, m.Sequence, m.Previous, m.Replaces = 2, 1, "x", 2, d, "13/09/2021"
		}, `replaces "13/09/2021" is not a day`},
		{"fields changed in no correction", "r", 1, func(m *Manifest) { m.Changed = []string{"letter.date"} }, "changed lists fields, yet replaces names no revision's day of issue"},
		{"brought in not a day", "r", 1, func(m *Manifest) { m.BroughtIn = "today" }, `brought_in "today" is not a day`},
		{"brought in before its issue", "r", 1, func(m *Manifest) { m.Issued, m.BroughtIn = time.Date(2021, 9, 14, 9, 0, 0, 0, time.UTC), "2021-09-13" }, "issued 2021-09-14 is after the day it was brought in, 2021-09-13"},
		{"a stray file", "r", 1, func(m *Manifest) {
			m.Files = append(m.Files[:1], append([]File{{"notes.txt", 1, d}}, m.Files[1:]...)...)
		}, `"notes.txt" is neither an output nor an input under source/`},
	} {
		m := base()
		tc.edit(m)
		got := m.Problems(tc.id, tc.n)
		if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, tc.wants) }) {
			t.Errorf("%s: problems %q, want one saying %q", tc.name, got, tc.wants)
		}
	}
	if got := base().Problems("r", 1); len(got) != 0 {
		t.Errorf("the valid manifest: %q", got)
	}
	// Names: plain, printable, never hidden or climbing out.
	for p, want := range map[string]bool{
		"a/b.pdf": true, "source/r/letter.md": true, "ŵ/x": true,
		"": false, "/a": false, "a/../b": false, "./a": false, "a//b": false, "a/": false, ".a": false, "a/.b": false,
		`a\b`: false, "a\x00b": false, "a\u200bb": false, "\xff": false, strings.Repeat("a", 1025): false, strings.Repeat("a", 1024): true,
	} {
		if got := plainPath(p); got != want {
			t.Errorf("plainPath(%.20q) = %v, want %v", p, got, want)
		}
	}
	for s, want := range map[string]bool{"r": true, "a/b": false, "": false, "..": false} {
		if got := plainName(s); got != want {
			t.Errorf("plainName(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{d: true, strings.Repeat("f", 64): true, strings.Repeat("g", 64): false, d[1:]: false, d + "0": false, strings.Repeat("F", 64): false} {
		if got := isDigest(s); got != want {
			t.Errorf("isDigest(%.10q...) = %v", s, got)
		}
	}
	for s, want := range map[string]int{"r1": 1, "r12": 12, "r0": 0, "r01": 0, "r": 0, "1": 0, "r-1": 0, "r1a": 0, "R1": 0} {
		if got, ok := revisionNumber(s); got != want || ok != (want > 0) {
			t.Errorf("revisionNumber(%q) = %d, %v", s, got, ok)
		}
	}
}

// TestVerifyAgainst compares an archive with a publication made from it,
// then with one changed in each way a forger or damage could: each
// difference is named, and an intact one gives none.
func TestVerifyAgainst(t *testing.T) {
	root := responses(t, "r")
	arch := filepath.Join(t.TempDir(), "archive")
	if _, err := Issue(arch, render(t, filepath.Join(root, "r")), IssueOptions{KeyDirs: testKey(t), Now: when}); err != nil {
		t.Fatal(err)
	}
	entries, err := List(arch)
	if err != nil {
		t.Fatal(err)
	}
	e := entries[0]
	st, _ := os.Stat(filepath.Join(e.Dir, ManifestName))
	good := func() *Publication {
		return &Publication{Format: PublicationFormat, Revisions: []PublishedRevision{Published(e, st.Size())},
			Chain: PublishedHead{Sequence: 1, SHA256: e.SHA256, Manifest: SitePath("r", 1) + "/" + ManifestName}}
	}
	site := func(p *Publication, copies bool) string {
		dir := t.TempDir()
		data, _ := json.Marshal(p)
		os.WriteFile(filepath.Join(dir, PublicationName), data, 0o644)
		if copies {
			for _, d := range p.Revisions[0].Documents {
				src, _ := os.ReadFile(filepath.Join(e.Dir, path.Base(d.Name)))
				os.MkdirAll(filepath.Join(dir, filepath.Dir(filepath.FromSlash(d.Name))), 0o755)
				os.WriteFile(filepath.Join(dir, filepath.FromSlash(d.Name)), src, 0o644)
			}
		}
		return dir
	}
	if found, err := VerifyAgainst(arch, site(good(), true)); err != nil || len(found) != 0 {
		t.Fatalf("an intact publication: %v %+v", err, found)
	}
	other := strings.Repeat("b", 64)
	for name, tc := range map[string]struct {
		edit  func(p *Publication)
		wants string
	}{
		"manifest":      {func(p *Publication) { p.Revisions[0].Manifest.SHA256 = other }, "r/r1/manifest.json: changed since it was published"},
		"number":        {func(p *Publication) { p.Revisions[0].Sequence = 2 }, "r/r1/manifest.json: number 1 in the chain, but"},
		"document":      {func(p *Publication) { p.Revisions[0].Documents[0].SHA256 = other }, "changed since it was published: SHA-256"},
		"document gone": {func(p *Publication) { p.Revisions[0].Documents[0].Name = SitePath("r", 1) + "/appendix-9.pdf" }, "r/r1/appendix-9.pdf: missing: published on"},
		"revision gone": {func(p *Publication) {
			p.Revisions[0].Revision = 2
			p.Revisions[0].Manifest.Name = SitePath("r", 2) + "/manifest.json"
			p.Revisions[0].Documents = nil
		}, "r/r2: missing: published on"},
		"head elsewhere": {func(p *Publication) { p.Chain.SHA256 = other }, "the chain head that"},
		"head later":     {func(p *Publication) { p.Chain.Sequence = 2 }, "(number 2, SHA-256"},
	} {
		p := good()
		tc.edit(p)
		found, err := VerifyAgainst(arch, site(p, false))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var said []string
		for _, f := range found {
			said = append(said, f.File+": "+f.Problem)
		}
		if !slices.ContainsFunc(said, func(s string) bool { return strings.Contains(s, tc.wants) }) {
			t.Errorf("%s: %q, want one saying %q", name, said, tc.wants)
		}
	}
	// The saved site's own copy of a document, changed.
	dir := site(good(), true)
	doc := good().Revisions[0].Documents[0].Name
	os.WriteFile(filepath.Join(dir, filepath.FromSlash(doc)), []byte("changed"), 0o644)
	found, _ := VerifyAgainst(arch, dir)
	if len(found) != 1 || !strings.Contains(found[0].Problem, "the saved site's own copy differs") {
		t.Errorf("a changed copy in the saved site: %+v", found)
	}
}

// TestCompare: every field of a manifest that follows from the archived
// inputs is compared with what they give again, and each difference is
// named; the same manifest gives none.
func TestCompare(t *testing.T) {
	base := func() *Manifest {
		var m Manifest
		if err := json.Unmarshal(goodManifest(t), &m); err != nil {
			t.Fatal(err)
		}
		m.Report.URL, m.Submission = "https://example.org/r", "submission.eml"
		m.Outputs = []string{"letter.html", "letter.pdf"}
		m.Files = append([]File{{"letter.html", 1, strings.Repeat("1", 64)}}, m.Files...)
		return &m
	}
	if got := compare(base(), base()); len(got) != 0 {
		t.Fatalf("the same manifest: %+v", got)
	}
	for name, tc := range map[string]struct {
		edit  func(m *Manifest)
		wants string
	}{
		"id":            {func(m *Manifest) { m.ID = "s" }, `id is "s", but the archived inputs give "r"`},
		"letter_date":   {func(m *Manifest) { m.LetterDate = "2021-09-08" }, `letter_date is "2021-09-08"`},
		"last_day":      {func(m *Manifest) { m.LastDay = "2021-09-10" }, `last_day is "2021-09-10"`},
		"days_late":     {func(m *Manifest) { m.DaysLate = 0 }, `days_late is "0", but the archived inputs give "4"`},
		"title":         {func(m *Manifest) { m.Report.Title = "Another" }, `report.title is "Another"`},
		"inspectorates": {func(m *Manifest) { m.Report.Inspectorates = nil }, `report.inspectorates is ""`},
		"published":     {func(m *Manifest) { m.Report.Published = "2021-07-17" }, `report.published is "2021-07-17"`},
		"url":           {func(m *Manifest) { m.Report.URL = "" }, `report.url is ""`},
		"response":      {func(m *Manifest) { m.Source.Response = "source/s" }, `source.response is "source/s"`},
		"office":        {func(m *Manifest) { m.Source.Office = "" }, `source.office is ""`},
		"submission":    {func(m *Manifest) { m.Submission = "" }, `submission is ""`},
		"extra output":  {func(m *Manifest) { m.Outputs = append(m.Outputs, "appendix-2.pdf") }, "outputs lists appendix-2.pdf, which the build"},
		"output left":   {func(m *Manifest) { m.Outputs = m.Outputs[:1] }, "outputs leaves out letter.pdf"},
		"order":         {func(m *Manifest) { m.Outputs[0], m.Outputs[1] = m.Outputs[1], m.Outputs[0] }, "outputs are in the order letter.pdf, letter.html"},
		"file bytes":    {func(m *Manifest) { m.Files[1].SHA256 = strings.Repeat("2", 64) }, "rebuilt differently"},
		"file size":     {func(m *Manifest) { m.Files[1].Size++ }, "rebuilt differently"},
		"output gone":   {func(m *Manifest) { m.Files = m.Files[1:] }, "missing: the build from the archived inputs makes it"},
		"input gone":    {func(m *Manifest) { m.Files = m.Files[:2] }, "missing: an input of the build"},
		"extra input":   {func(m *Manifest) { m.Files = append(m.Files, File{"source/x.md", 1, strings.Repeat("3", 64)}) }, "extra: listed in the manifest as an input"},
		"extra file":    {func(m *Manifest) { m.Files = append(m.Files, File{"x.pdf", 1, strings.Repeat("3", 64)}) }, "extra: listed in the manifest, but the build"},
	} {
		m := base()
		tc.edit(m)
		var said []string
		for _, f := range compare(m, base()) {
			said = append(said, f.File+": "+f.Problem)
		}
		if !slices.ContainsFunc(said, func(s string) bool { return strings.Contains(s, tc.wants) }) {
			t.Errorf("%s: %q, want one saying %q", name, said, tc.wants)
		}
	}
}

// TestManifestWords: how a bad manifest and a digest are worded, and the
// old format named as such.
func TestManifestWords(t *testing.T) {
	e := &ManifestError{File: "r/r1/manifest.json", Problems: []string{"one", "two"}}
	if got := e.Error(); got != "r/r1/manifest.json: bad manifest: one\nr/r1/manifest.json: bad manifest: two" {
		t.Errorf("Error() = %q", got)
	}
	e.File = ""
	if got := e.Error(); got != "bad manifest: one\nbad manifest: two" {
		t.Errorf("Error() without a file = %q", got)
	}
	if _, err := ParseManifest([]byte(`{"format": 1}`), "r", 1); err == nil || !strings.Contains(err.Error(), "format 1 has no chain of revisions") {
		t.Errorf("format 1: %v", err)
	}
	if _, err := ParseManifest([]byte(`{"format": 4}`), "r", 1); err == nil || !strings.Contains(err.Error(), "format 4, want 3") {
		t.Errorf("format 4: %v", err)
	}
	for d, want := range map[string]string{"": `""`, "abc": "abc", "0123456789ab": "0123456789ab", "0123456789abc": "0123456789ab…"} {
		if got := short(d); got != want {
			t.Errorf("short(%q) = %q, want %q", d, got, want)
		}
	}
	var m Manifest
	json.Unmarshal(goodManifest(t), &m)
	m.DaysLate = 0
	if got := m.Problems("r", 1); len(got) != 0 {
		t.Errorf("a letter in time: %q", got)
	}
}

// TestPublicationForm: a published revision whose names are not of the
// form index writes is refused, each named.
func TestPublicationForm(t *testing.T) {
	digest := strings.Repeat("a", 64)
	for name, rev := range map[string]PublishedRevision{
		"manifest elsewhere": {ID: "r", Revision: 1, Sequence: 1, Manifest: File{Name: "r1/manifest.json", SHA256: digest}},
		"revision 0":         {ID: "r", Revision: 0, Sequence: 1, Manifest: File{Name: "responses/r/r0/manifest.json", SHA256: digest}},
		"id not plain":       {ID: "../r", Revision: 1, Sequence: 1, Manifest: File{Name: "responses/../r/r1/manifest.json", SHA256: digest}},
		"digest":             {ID: "r", Revision: 1, Sequence: 1, Manifest: File{Name: "responses/r/r1/manifest.json", SHA256: "x"}},
		"document elsewhere": {ID: "r", Revision: 1, Sequence: 1, Manifest: File{Name: "responses/r/r1/manifest.json", SHA256: digest}, Documents: []File{{Name: "responses/s/r1/letter.pdf", SHA256: digest}}},
	} {
		site := t.TempDir()
		data, _ := json.Marshal(&Publication{Format: PublicationFormat, Revisions: []PublishedRevision{rev}})
		os.WriteFile(filepath.Join(site, PublicationName), data, 0o644)
		if _, err := ReadPublication(site); err == nil || !strings.Contains(err.Error(), "revisions[0]") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
