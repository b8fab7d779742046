package archive

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/staging"
)

// responses copies the reference response into a fresh folder of responses
// under each of the given ids and returns the folder.
func responses(t testing.TB, ids ...string) string {
	t.Helper()
	root := t.TempDir()
	copyFile := func(from, to string) {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const ref = "../../responses"
	copyFile(ref+"/office.yaml", root+"/office.yaml")
	copyFile(ref+"/signature-placeholder.png", root+"/signature-placeholder.png")
	for _, id := range ids {
		for _, f := range []string{"response.yaml", "letter.md"} {
			copyFile(ref+"/2021-09-13-rape-inspection-phase-one/"+f, filepath.Join(root, id, f))
		}
	}
	return root
}

// rebuild builds the response folder dir as "s55 build" does and gives
// it as the archive takes it: these tests' way to build a revision again.
func rebuild(dir, office string, corr *published.Correction) (*Built, error) {
	r, diags := build.Render(dir, build.Options{Office: office, Correction: corr})
	if err := diags.Err(); err != nil {
		return nil, err
	}
	return &Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission, Correction: r.Correction}, nil
}

// render builds the response folder dir as the archive takes it.
func render(t testing.TB, dir string) *Built {
	t.Helper()
	b, err := rebuild(dir, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var when = time.Date(2021, 9, 14, 9, 30, 0, 0, time.UTC)

// TestConcurrentIssues issues two responses at once: both land and verify.
func TestConcurrentIssues(t *testing.T) {
	root := responses(t, "first", "second")
	arch := filepath.Join(t.TempDir(), "archive")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, id := range []string{"first", "second"} {
		wg.Go(func() {
			b, err := rebuild(filepath.Join(root, id), "", nil)
			if err != nil {
				errs[i] = err
				return
			}
			_, errs[i] = Issue(arch, b, IssueOptions{KeyDirs: testKey(t), Now: when, Tool: "s55 test"})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := Verify(arch, rebuild, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Revisions) != 2 || !res.OK() || res.Head.Sequence != 2 {
		t.Fatalf("%d revisions verified, want 2 chained: %+v, head %+v", len(res.Revisions), res.Findings, res.Head)
	}
	for _, v := range res.Revisions {
		if !v.OK() || !v.Rebuilt {
			t.Errorf("%s: %+v", v.Dir, v.Findings)
		}
	}
}

// TestSameRevisionRace issues the same response from two goroutines: one
// lands, the other is refused, and the archive holds one complete revision.
func TestSameRevisionRace(t *testing.T) {
	root := responses(t, "only")
	arch := filepath.Join(t.TempDir(), "archive")
	r := render(t, filepath.Join(root, "only"))
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { _, errs[i] = Issue(arch, r, IssueOptions{KeyDirs: testKey(t), Now: when}) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		}
	}
	if ok != 1 {
		t.Fatalf("%d issues landed, want 1: %v", ok, errs)
	}
	if revs, _ := Revisions(arch, "only"); len(revs) != 1 {
		t.Fatalf("revisions %v", revs)
	}
	if left, _ := staging.Leftovers(filepath.Join(arch, "only")); len(left) > 0 {
		t.Errorf("leftovers %q", left)
	}
}

// TestIssueFailure injects a failure before every step of writing: no
// revision appears, and a retry succeeds.
func TestIssueFailure(t *testing.T) {
	root := responses(t, "r")
	r := render(t, filepath.Join(root, "r"))
	boom := errors.New("disk full")
	steps := []string{"write letter.pdf", "write source/office.yaml", "write manifest.json", "rename"}
	for _, step := range steps {
		arch := filepath.Join(t.TempDir(), "archive")
		_, err := Issue(arch, r, IssueOptions{KeyDirs: testKey(t), Now: when, Fail: func(s string) error {
			if s == step {
				return boom
			}
			return nil
		}})
		if !errors.Is(err, boom) {
			t.Fatalf("%s: err = %v", step, err)
		}
		if revs, _ := Revisions(arch, "r"); len(revs) != 0 {
			t.Errorf("%s: revisions %v after a failure", step, revs)
		}
		if left, _ := staging.Leftovers(filepath.Join(arch, "r")); len(left) > 0 {
			t.Errorf("%s: leftovers %q", step, left)
		}
		if _, err := Issue(arch, r, IssueOptions{KeyDirs: testKey(t), Now: when}); err != nil {
			t.Errorf("%s: retry: %v", step, err)
		}
	}
}

// TestIssueReadsNoOldManifest issues into an archive whose earlier
// revision's manifest is made unreadable as a manifest: the issue, which
// numbers its revision from the signed log and finds no revision left
// unsigned by counting folders, reads none of the earlier manifests and
// lands as number 3; verify then names the damaged one.
func TestIssueReadsNoOldManifest(t *testing.T) {
	root := responses(t, "a", "b", "c")
	arch := filepath.Join(t.TempDir(), "archive")
	for _, id := range []string{"a", "b"} {
		if _, err := Issue(arch, render(t, filepath.Join(root, id)), IssueOptions{KeyDirs: testKey(t), Now: when}); err != nil {
			t.Fatal(err)
		}
	}
	old := filepath.Join(RevisionDir(arch, "a", 1), ManifestName)
	if err := os.Chmod(old, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, []byte("not a manifest"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Issue(arch, render(t, filepath.Join(root, "c")), IssueOptions{KeyDirs: testKey(t), Now: when})
	if err != nil {
		t.Fatalf("issue read an earlier manifest: %v", err)
	}
	if m.Sequence != 3 {
		t.Errorf("numbered %d, want 3", m.Sequence)
	}
	res, err := Verify(arch, nil, VerifyOptions{NoRebuild: true})
	if err != nil {
		t.Fatal(err)
	}
	named := false
	for _, v := range res.Revisions {
		named = named || (v.Dir == RevisionDir(arch, "a", 1) && !v.OK())
	}
	if res.OK() || !named {
		t.Errorf("verify of the damaged archive: %+v", res)
	}
}
