package archive

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/staging"
)

// Finding is one difference verify found in a revision.
type Finding struct {
	// File is the file's name inside the revision ("" for the revision as
	// a whole).
	File string
	// Problem says what is wrong: "missing", "extra", "changed", "rebuilt
	// differently", or a sentence.
	Problem string
}

// Verification is what verify found in one revision.
type Verification struct {
	Dir      string
	Manifest *Manifest
	// Files counts the files the manifest lists.
	Files int
	// Rebuilt reports whether the revision was built again from its
	// archived inputs.
	Rebuilt  bool
	Findings []Finding
}

// OK reports whether the revision is intact.
func (v *Verification) OK() bool { return len(v.Findings) == 0 }

// VerifyOptions tune Verify.
type VerifyOptions struct {
	// NoRebuild skips building each revision again.
	NoRebuild bool
	// Workers is how many revisions are verified at once; zero means one
	// per CPU.
	Workers int
}

// Verify checks every revision of the archive: each file against the
// manifest's size and digest (missing, extra and changed files by name), and
// then the published files against a build from the archived inputs, which
// must give the same bytes. Revisions are verified in parallel; results come
// in the order of List.
func Verify(archive string, opt VerifyOptions) ([]*Verification, error) {
	dirs, err := revisionDirs(archive)
	if err != nil {
		return nil, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]*Verification, len(dirs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				out[i] = verifyRevision(dirs[i], !opt.NoRebuild)
			}
		})
	}
	for i := range dirs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, nil
}

// revisionDirs lists every revision folder, sorted by path. It does not
// need the manifests, so a revision with a damaged manifest is still found.
func revisionDirs(archive string) ([]string, error) {
	ids, err := os.ReadDir(archive)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, id := range ids {
		if !id.IsDir() || strings.HasPrefix(id.Name(), ".") {
			continue
		}
		revs, err := Revisions(archive, id.Name())
		if err != nil {
			return nil, err
		}
		for _, n := range revs {
			dirs = append(dirs, RevisionDir(archive, id.Name(), n))
		}
	}
	return dirs, nil
}

func verifyRevision(dir string, rebuild bool) *Verification {
	v := &Verification{Dir: dir}
	m, err := ReadManifest(dir)
	if err != nil {
		v.Findings = append(v.Findings, Finding{File: ManifestName, Problem: manifestProblem(err)})
		return v
	}
	v.Manifest, v.Files = m, len(m.Files)

	listed := map[string]File{}
	for _, f := range m.Files {
		listed[f.Name] = f
	}
	onDisk := map[string]bool{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		name := filepath.ToSlash(rel)
		if name == ManifestName {
			return nil
		}
		onDisk[name] = true
		want, ok := listed[name]
		if !ok {
			v.Findings = append(v.Findings, Finding{File: name, Problem: "extra: not in the manifest"})
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if int64(len(data)) != want.Size || digest(data) != want.SHA256 {
			v.Findings = append(v.Findings, Finding{File: name, Problem: "changed: its SHA-256 no longer matches the manifest"})
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
	if !rebuild || !v.OK() {
		return v
	}
	v.Findings = append(v.Findings, rebuildRevision(dir, m)...)
	v.Rebuilt = true
	return v
}

func manifestProblem(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "missing: the revision has no manifest"
	}
	return "unreadable: " + err.Error()
}

// rebuildRevision builds the revision again from its archived inputs, in a
// temporary copy, and compares the published files byte for byte.
func rebuildRevision(dir string, m *Manifest) []Finding {
	scratch, err := os.MkdirTemp("", "s55-verify-")
	if err != nil {
		return []Finding{{Problem: err.Error()}}
	}
	defer os.RemoveAll(scratch)
	tmp := scratch
	files, err := staging.ReadTree(filepath.Join(dir, SourceDir))
	if err == nil {
		tmp = filepath.Join(tmp, SourceDir)
		err = staging.WriteDir(tmp, files, false)
	}
	if err != nil {
		return []Finding{{File: SourceDir, Problem: err.Error()}}
	}
	opt := build.Options{}
	if m.Source.Office != "" {
		opt.Office = filepath.Join(tmp, filepath.FromSlash(strings.TrimPrefix(m.Source.Office, SourceDir+"/")))
	}
	r, diags := build.Render(filepath.Join(tmp, filepath.FromSlash(strings.TrimPrefix(m.Source.Response, SourceDir+"/"))), opt)
	if r == nil {
		msg := "the archived inputs no longer build"
		if err := diags.Err(); err != nil {
			msg += ": " + strings.ReplaceAll(err.Error(), tmp+string(filepath.Separator), "")
		}
		return []Finding{{Problem: msg}}
	}
	var out []Finding
	for _, name := range m.Outputs {
		archived, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue // reported as missing already
		}
		if !bytes.Equal(archived, r.File(name)) {
			out = append(out, Finding{File: name, Problem: fmt.Sprintf("rebuilt differently: a build from the archived inputs gives other bytes (issued with %s)", m.Tool)})
		}
	}
	return out
}

// Leftovers lists the staging folders that interrupted issues left in the
// archive. They are no revisions: verify and index pass them by.
func Leftovers(archive string) ([]string, error) {
	ids, err := os.ReadDir(archive)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		if !id.IsDir() || strings.HasPrefix(id.Name(), ".") {
			continue
		}
		left, err := staging.Leftovers(filepath.Join(archive, id.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, left...)
	}
	return out, nil
}
