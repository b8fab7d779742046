package archive

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/submission"
)

// Finding is one difference verify found.
type Finding struct {
	// File is the file's name inside the revision, for a finding of a
	// revision, or inside the archive, for a finding of the archive as a
	// whole; "" for the revision or the archive itself.
	File string
	// Problem says what is wrong, in a sentence.
	Problem string
}

// Verification is what verify found in one revision.
type Verification struct {
	Dir      string
	Manifest *Manifest
	// SHA256 is the digest of the manifest's bytes.
	SHA256 string
	// Files counts the files the manifest lists.
	Files int
	// Rebuilt reports whether the revision was built again from its
	// archived inputs.
	Rebuilt  bool
	Findings []Finding
}

// OK reports whether the revision is intact.
func (v *Verification) OK() bool { return len(v.Findings) == 0 }

// Result is what verify found in an archive.
type Result struct {
	// Revisions are the revision folders found, in path order.
	Revisions []*Verification
	// Findings are the archive's own problems: revision folders missing
	// or not real folders, and breaks in the chain, named by their path
	// inside the archive.
	Findings []Finding
	// Leftovers are staging folders that interrupted issues left.
	Leftovers []string
	// Head is the chain head, when the chain holds.
	Head ChainHead
	// Log is the signed log, when it holds.
	Log *LogState
	// Unsigned reports an archive of format 2, with no signed log yet.
	Unsigned bool
	// Warnings name what is not as last signed but may be: events.yaml
	// and tracker.yaml, which an officer may write by hand.
	Warnings []Finding
}

// OK reports whether the whole archive is intact.
func (r *Result) OK() bool {
	if len(r.Findings) > 0 {
		return false
	}
	for _, v := range r.Revisions {
		if !v.OK() {
			return false
		}
	}
	return true
}

// Rebuild builds a revision again from its archived inputs: dir is the
// response folder among them and office the office profile, or "" when
// the revision kept none. The error says why the inputs no longer build.
// corr is the correction the revision's documents say they are (see
// Manifest.Correction), nil for none.
type Rebuild func(dir, office string, corr *published.Correction) (*Built, error)

// VerifyOptions tune Verify.
type VerifyOptions struct {
	// NoRebuild skips building each revision again; Verify's rebuild
	// function may then be nil.
	NoRebuild bool
	// Workers is how many revisions are verified at once; zero means one
	// per CPU.
	Workers int
	// Progress, when not nil, is told each revision verified.
	Progress progress.Func
	// KeyDirs are where the office's public key is looked for, to prove
	// that the archive's log is signed with the office's key (KeyDirs).
	KeyDirs []string
}

// Verify proves the archive. Every revision folder is a real folder, r1 to
// rN with no gap; each manifest is valid for its folder; each file matches
// its manifest's size and digest, no file is missing, extra or a symbolic
// link; the revisions are chained end to end in the order of issue. Then
// every revision is built again from its archived inputs with rebuild, as
// "s55 build" would build them, and every field of its manifest that
// follows from the inputs (the dates, the days late, the report, the
// source, the exact set of outputs and files, and their bytes) must come
// out the same. Revisions are verified in parallel.
func Verify(archive string, rebuild Rebuild, opt VerifyOptions) (*Result, error) {
	return VerifyContext(context.Background(), archive, rebuild, opt)
}

// VerifyContext is Verify, stopped when ctx is done: no revision is begun
// after that, the ones under way are finished, and it returns ctx's error,
// having written nothing.
func VerifyContext(ctx context.Context, archive string, rebuild Rebuild, opt VerifyOptions) (*Result, error) {
	if opt.NoRebuild {
		rebuild = nil
	} else if rebuild == nil {
		return nil, errors.New("verify: no way to build the revisions again was given")
	}
	res := &Result{}
	dirs, err := res.scan(archive)
	if err != nil {
		return nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	res.Revisions = make([]*Verification, len(dirs))
	count := opt.Progress.Stage("verifying", "revision", len(dirs))
	err = progress.Each(ctx, len(dirs), workers, count, func(i int) error {
		res.Revisions[i] = verifyRevision(dirs[i], rebuild)
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.chain(archive)
	res.checkLog(archive, opt.KeyDirs)
	return res, nil
}

// scan lists the revision folders and reports what is wrong with the
// archive's layout.
func (res *Result) scan(archive string) ([]string, error) {
	ids, err := os.ReadDir(archive)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, id := range ids {
		name := id.Name()
		switch {
		case name == MarkerName:
			continue
		case name == LogDir && id.IsDir():
			continue
		case strings.HasPrefix(name, ".") && (strings.Contains(name, ".tmp-") || strings.Contains(name, ".old-")):
			res.Leftovers = append(res.Leftovers, filepath.Join(archive, name))
			continue
		case id.Type()&fs.ModeSymlink != 0:
			res.Findings = append(res.Findings, Finding{File: name, Problem: "a symbolic link: the revisions of a response are kept in a real folder"})
			continue
		case !id.IsDir() && slices.Contains(RootFiles, name):
			continue
		case !id.IsDir(), strings.HasPrefix(name, "."):
			res.Findings = append(res.Findings, Finding{File: name, Problem: "extra: no file of an archive (at its top, an archive holds " +
				strings.Join(RootFiles, ", ") + " and a folder for each response)"})
			continue
		}
		entries, err := os.ReadDir(filepath.Join(archive, name))
		if err != nil {
			return nil, err
		}
		var revs []int
		for _, e := range entries {
			n, ok := revisionNumber(e.Name())
			rel := name + "/" + e.Name()
			switch {
			case strings.HasPrefix(e.Name(), "."):
				if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-") {
					res.Leftovers = append(res.Leftovers, filepath.Join(archive, name, e.Name()))
				} else {
					res.Findings = append(res.Findings, Finding{File: rel, Problem: "extra: not a revision folder"})
				}
			case !ok:
				res.Findings = append(res.Findings, Finding{File: rel, Problem: "extra: not a revision folder (r1, r2 ...)"})
			case e.Type()&fs.ModeSymlink != 0:
				res.Findings = append(res.Findings, Finding{File: rel, Problem: "a symbolic link: a revision is a real folder"})
				revs = append(revs, n)
			case !e.IsDir():
				res.Findings = append(res.Findings, Finding{File: rel, Problem: "a file: a revision is a folder"})
				revs = append(revs, n)
			default:
				revs = append(revs, n)
				dirs = append(dirs, filepath.Join(archive, name, e.Name()))
			}
		}
		slices.Sort(revs)
		if len(revs) == 0 {
			// A killed first issue leaves a folder with nothing in it but
			// its staging folder; a response deleted whole is a gap in
			// the chain.
			continue
		}
		last := revs[len(revs)-1]
		for k := 1; k < last; k++ {
			if _, found := slices.BinarySearch(revs, k); !found {
				res.Findings = append(res.Findings, Finding{File: fmt.Sprintf("%s/r%d", name, k), Problem: fmt.Sprintf("missing: revision %d is gone, yet revision %d is there", k, last)})
			}
		}
	}
	slices.Sort(dirs)
	return dirs, nil
}

// chain checks the order of issue: sequences 1 to N, each once, each
// manifest naming the digest of the one before it, and the revisions of a
// response issued in their order.
func (res *Result) chain(archive string) {
	rel := func(v *Verification) string {
		r, err := filepath.Rel(archive, v.Dir)
		if err != nil {
			return v.Dir
		}
		return filepath.ToSlash(r)
	}
	bySeq := map[int][]*Verification{}
	byID := map[string][]*Verification{}
	top := 0
	for _, v := range res.Revisions {
		if v.Manifest == nil {
			continue
		}
		s := v.Manifest.Sequence
		bySeq[s] = append(bySeq[s], v)
		byID[v.Manifest.ID] = append(byID[v.Manifest.ID], v)
		top = max(top, s)
	}
	broken := false
	for s := 1; s <= top; s++ {
		vs := bySeq[s]
		switch {
		case len(vs) == 0:
			broken = true
			after := "the first revision"
			if prev := bySeq[s-1]; len(prev) > 0 {
				after = rel(prev[0])
			}
			res.Findings = append(res.Findings, Finding{Problem: fmt.Sprintf("the chain of revisions is broken: the revision issued as number %d of %d, after %s, is gone", s, top, after)})
			continue
		case len(vs) > 1:
			broken = true
			for _, v := range vs {
				var others []string
				for _, o := range vs {
					if o != v {
						others = append(others, rel(o))
					}
				}
				v.Findings = append(v.Findings, Finding{File: ManifestName, Problem: fmt.Sprintf("sequence %d is claimed by %s too: two revisions cannot be issued at the same place in the chain", s, strings.Join(others, ", "))})
			}
			continue
		}
		v := vs[0]
		prev := bySeq[s-1]
		if s > 1 && len(prev) == 1 && v.Manifest.Format == chained && v.Manifest.Previous != prev[0].SHA256 {
			broken = true
			v.Findings = append(v.Findings, Finding{File: ManifestName, Problem: fmt.Sprintf("the chain is broken here: previous is %s, but the manifest issued before it (number %d, %s) has SHA-256 %s", short(v.Manifest.Previous), s-1, rel(prev[0]), short(prev[0].SHA256))})
		}
	}
	for _, vs := range byID {
		slices.SortFunc(vs, func(a, b *Verification) int { return a.Manifest.Revision - b.Manifest.Revision })
		for i := 1; i < len(vs); i++ {
			if vs[i].Manifest.Sequence <= vs[i-1].Manifest.Sequence {
				vs[i].Findings = append(vs[i].Findings, Finding{File: ManifestName, Problem: fmt.Sprintf("revision %d is number %d in the chain, not after revision %d (number %d)", vs[i].Manifest.Revision, vs[i].Manifest.Sequence, vs[i-1].Manifest.Revision, vs[i-1].Manifest.Sequence)})
			}
		}
	}
	if last := bySeq[top]; !broken && len(last) == 1 {
		res.Head = ChainHead{Sequence: top, SHA256: last[0].SHA256, Dir: last[0].Dir}
	}
}

// unwrapPath drops the operation and path of a file error.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// short abbreviates a digest for a message.
func short(d string) string {
	if d == "" {
		return `""`
	}
	if len(d) > 12 {
		return d[:12] + "…"
	}
	return d
}

func verifyRevision(dir string, rebuild Rebuild) *Verification {
	v := &Verification{Dir: dir}
	m, data, err := ReadManifest(dir)
	var me *ManifestError
	switch {
	case errors.As(err, &me):
		for _, p := range me.Problems {
			v.Findings = append(v.Findings, Finding{File: ManifestName, Problem: "bad manifest: " + p})
		}
		return v
	case notExist(err):
		v.Findings = append(v.Findings, Finding{File: ManifestName, Problem: "missing: the revision has no manifest"})
		return v
	case err != nil:
		v.Findings = append(v.Findings, Finding{File: ManifestName, Problem: "unreadable: " + unwrapPath(err).Error()})
		return v
	}
	v.Manifest, v.SHA256, v.Files = m, Digest(data), len(m.Files)

	var source []staging.File
	onDisk := map[string]bool{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name := filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			v.Findings = append(v.Findings, Finding{File: name, Problem: "a symbolic link: a revision holds only real files and folders"})
			return nil
		case d.IsDir() || name == ManifestName:
			return nil
		case !d.Type().IsRegular():
			v.Findings = append(v.Findings, Finding{File: name, Problem: "not a regular file"})
			return nil
		}
		onDisk[name] = true
		want := m.File(name)
		if want == nil {
			v.Findings = append(v.Findings, Finding{File: name, Problem: "extra: not in the manifest"})
			return nil
		}
		// No larger than the manifest says: a file grown past it is
		// changed, and never read whole.
		data, err := input.ReadIn(dir, rel, want.Size)
		switch {
		case errors.Is(err, input.ErrTooLarge):
			v.Findings = append(v.Findings, Finding{File: name, Problem: "changed: it is larger than the manifest says"})
			return nil
		case err != nil:
			v.Findings = append(v.Findings, Finding{File: name, Problem: "unreadable: it " + input.Reason(err)})
			return nil
		}
		if int64(len(data)) != want.Size || Digest(data) != want.SHA256 {
			v.Findings = append(v.Findings, Finding{File: name, Problem: "changed: its SHA-256 no longer matches the manifest"})
		}
		if strings.HasPrefix(name, SourceDir+"/") {
			source = append(source, staging.File{Name: strings.TrimPrefix(name, SourceDir+"/"), Data: data})
		}
		return nil
	})
	if err != nil {
		v.Findings = append(v.Findings, Finding{Problem: err.Error()})
	}
	for _, f := range m.Files {
		if !onDisk[f.Name] {
			v.Findings = append(v.Findings, Finding{File: f.Name, Problem: "missing"})
		}
	}
	slices.SortStableFunc(v.Findings, func(a, b Finding) int { return strings.Compare(a.File, b.File) })
	if rebuild == nil || !v.OK() {
		return v
	}
	v.Findings = append(v.Findings, rebuildRevision(m, source, rebuild)...)
	v.Rebuilt = true
	return v
}

// rebuildRevision builds the revision again from its archived inputs, in a
// temporary folder, and derives its manifest again: every field that
// follows from the inputs, and every file, must be the same.
func rebuildRevision(m *Manifest, source []staging.File, rebuild Rebuild) []Finding {
	scratch, err := os.MkdirTemp("", "s55-verify-")
	if err != nil {
		return []Finding{{Problem: err.Error()}}
	}
	defer os.RemoveAll(scratch)
	tmp := filepath.Join(scratch, SourceDir)
	if err := (staging.Writer{NoSync: true}).WriteDir(tmp, source, false); err != nil {
		return []Finding{{File: SourceDir, Problem: err.Error()}}
	}
	inside := func(p string) string {
		return filepath.Join(tmp, filepath.FromSlash(strings.TrimPrefix(p, SourceDir+"/")))
	}
	office := ""
	if m.Source.Office != "" {
		office = inside(m.Source.Office)
	}
	b, err := rebuild(inside(m.Source.Response), office, m.Correction())
	if b == nil {
		msg := "the archived inputs no longer build"
		if err != nil {
			msg += ": " + strings.ReplaceAll(err.Error(), tmp+string(filepath.Separator), SourceDir+"/")
		}
		return []Finding{{Problem: msg}}
	}
	want, _, err := Describe(b, m.Issued)
	if err != nil {
		return []Finding{{File: submission.FileName, Problem: "cannot be made again from the archived inputs: " + err.Error()}}
	}
	return compare(m, want)
}

// compare names every difference between a manifest and the one its
// archived inputs give.
func compare(m, want *Manifest) []Finding {
	var out []Finding
	field := func(name, got, derived string) {
		if got != derived {
			out = append(out, Finding{File: ManifestName, Problem: fmt.Sprintf("%s is %q, but the archived inputs give %q", name, got, derived)})
		}
	}
	field("id", m.ID, want.ID)
	field("letter_date", m.LetterDate, want.LetterDate)
	field("last_day", m.LastDay, want.LastDay)
	field("days_late", fmt.Sprint(m.DaysLate), fmt.Sprint(want.DaysLate))
	field("report.title", m.Report.Title, want.Report.Title)
	field("report.inspectorates", strings.Join(m.Report.Inspectorates, ", "), strings.Join(want.Report.Inspectorates, ", "))
	field("report.published", m.Report.Published, want.Report.Published)
	field("report.url", m.Report.URL, want.Report.URL)
	field("source.response", m.Source.Response, want.Source.Response)
	field("source.office", m.Source.Office, want.Source.Office)
	field("submission", m.Submission, want.Submission)
	field("replaces", m.Replaces, want.Replaces)
	field("changed", strings.Join(m.Changed, ", "), strings.Join(want.Changed, ", "))
	for _, o := range m.Outputs {
		if !slices.Contains(want.Outputs, o) {
			out = append(out, Finding{File: ManifestName, Problem: fmt.Sprintf("outputs lists %s, which the build from the archived inputs does not make", o)})
		}
	}
	for _, o := range want.Outputs {
		if !slices.Contains(m.Outputs, o) {
			out = append(out, Finding{File: ManifestName, Problem: fmt.Sprintf("outputs leaves out %s, which the build from the archived inputs makes", o)})
		}
	}
	if len(out) == 0 && !slices.Equal(m.Outputs, want.Outputs) {
		out = append(out, Finding{File: ManifestName, Problem: fmt.Sprintf("outputs are in the order %s, but the build makes them in the order %s", strings.Join(m.Outputs, ", "), strings.Join(want.Outputs, ", "))})
	}
	for _, f := range want.Files {
		got := m.File(f.Name)
		switch {
		case got == nil && slices.Contains(want.Outputs, f.Name):
			out = append(out, Finding{File: f.Name, Problem: "missing: the build from the archived inputs makes it, but the revision has no such file and its manifest does not list it"})
		case got == nil:
			out = append(out, Finding{File: f.Name, Problem: "missing: an input of the build, but the revision has no such file and its manifest does not list it"})
		case got.SHA256 != f.SHA256 || got.Size != f.Size:
			out = append(out, Finding{File: f.Name, Problem: fmt.Sprintf("rebuilt differently: a build from the archived inputs gives other bytes (issued with %s)", m.Tool)})
		}
	}
	for _, f := range m.Files {
		if want.File(f.Name) == nil {
			problem := "extra: listed in the manifest, but the build from the archived inputs does not make it"
			if strings.HasPrefix(f.Name, SourceDir+"/") {
				problem = "extra: listed in the manifest as an input, but the build does not read it"
			}
			out = append(out, Finding{File: f.Name, Problem: problem})
		}
	}
	return out
}

// checkLog proves the archive against its signed log: the checkpoint is
// signed by the key the archive keeps, which is the office's own when the
// office's public key is found beside office.yaml; the entries give the
// signed root; every revision's manifest is in the log with its digest
// and every revision in the log is in the archive; and events.yaml and
// tracker.yaml are as last signed. An archive of format 2, never signed,
// has no log: that is a finding only when a manifest of the signed log's
// format is in it. A top file changed since it was signed is a warning:
// the manual lets an officer write them by hand.
func (res *Result) checkLog(archive string, keyDirs []string) {
	st, err := ReadLog(archive)
	switch {
	case errors.Is(err, ErrNoLog):
		for _, v := range res.Revisions {
			if v.Manifest != nil && v.Manifest.Format != chained {
				res.Findings = append(res.Findings, Finding{File: LogDir, Problem: "missing: the archive holds revisions of the signed log, but no log"})
				return
			}
		}
		res.Unsigned = len(res.Revisions) > 0
		return
	case err != nil:
		res.Findings = append(res.Findings, Finding{File: LogDir, Problem: strings.ReplaceAll(err.Error(), filepath.Join(archive, LogDir)+string(filepath.Separator), "")})
		return
	}
	res.Log = st
	if office, file := OfficeVerifier(keyDirs); office != "" && office != st.Verifier {
		res.Findings = append(res.Findings, Finding{File: LogDir + "/" + VerifierName, Problem: fmt.Sprintf("not the office's public key, %s: the log is signed with another key (%s), not the office's (%s)", file, keyName(st.Verifier), keyName(office))})
	}
	logged := map[string]string{}
	files := map[string]string{}
	for _, e := range st.Log.Entries {
		f := strings.Fields(e)
		switch f[0] {
		case "revision":
			if _, twice := logged[f[1]]; twice {
				res.Findings = append(res.Findings, Finding{File: LogDir + "/" + EntriesName, Problem: fmt.Sprintf("%s is in the log twice", f[1])})
			}
			logged[f[1]] = f[2]
		case "file":
			files[f[1]] = f[2]
		}
	}
	seen := map[string]bool{}
	pending := res.pending(logged)
	for _, v := range res.Revisions {
		rel, _ := filepath.Rel(archive, v.Dir)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		d, ok := logged[rel]
		switch {
		case v == pending:
			res.Warnings = append(res.Warnings, Finding{File: rel, Problem: "issued, but the issue stopped before it signed the log; the next issue, record or track signs it"})
		case !ok:
			v.Findings = append(v.Findings, Finding{File: ManifestName, Problem: "not in the signed log: the office never signed this revision"})
		case v.Manifest != nil && d != v.SHA256:
			v.Findings = append(v.Findings, Finding{File: ManifestName, Problem: fmt.Sprintf("changed since it was signed: SHA-256 %s, but the signed log holds %s", short(v.SHA256), short(d))})
		}
	}
	for rel := range logged {
		if !seen[rel] {
			res.Findings = append(res.Findings, Finding{File: rel, Problem: "missing: in the signed log, but the archive no longer holds it"})
		}
	}
	res.checkTopFiles(archive, files)
}

// pending finds the revision an issue stopped part way left unsigned: the
// last one issued, when it alone is not in the log and every revision
// before it is. Any other revision missing from the log is a forgery.
func (res *Result) pending(logged map[string]string) *Verification {
	var last *Verification
	missing := 0
	for _, v := range res.Revisions {
		if v.Manifest == nil {
			continue
		}
		if last == nil || v.Manifest.Sequence > last.Manifest.Sequence {
			last = v
		}
		if _, ok := logged[path.Join(v.Manifest.ID, "r"+strconv.Itoa(v.Manifest.Revision))]; !ok {
			missing++
		}
	}
	if last == nil || missing != 1 || last.Manifest.Sequence != len(logged)+1 {
		return nil
	}
	if _, ok := logged[path.Join(last.Manifest.ID, "r"+strconv.Itoa(last.Manifest.Revision))]; ok {
		return nil
	}
	return last
}

// checkTopFiles compares events.yaml and tracker.yaml with the digests the
// log last signed for them, files.
func (res *Result) checkTopFiles(archive string, files map[string]string) {
	for _, name := range RootFiles[1:] {
		data, err := input.Read(filepath.Join(archive, name))
		d, ok := files[name]
		switch {
		case notExist(err) && ok:
			res.Findings = append(res.Findings, Finding{File: name, Problem: "missing: the signed log holds it, but the archive no longer does"})
		case notExist(err):
		case err != nil:
			res.Findings = append(res.Findings, Finding{File: name, Problem: "unreadable: it " + input.Reason(err)})
		case !ok:
			res.Warnings = append(res.Warnings, Finding{File: name, Problem: "not yet signed: written by hand, not by s55 record or track; the next record or track signs it as it then stands"})
		case Digest(data) != d:
			res.Warnings = append(res.Warnings, Finding{File: name, Problem: fmt.Sprintf("changed since it was last signed (SHA-256 %s, now %s): by hand, or by someone else; the next record or track signs it as it then stands", short(d), short(Digest(data)))})
		}
	}
}
