package site_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/archive/archivetest"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/site"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
)

// TestWriteStopped stops WriteContext at each stage of its work (checking
// the archive's documents, writing the pages, staging the revisions):
// each time it returns the cancelled context and leaves the site exactly
// as it was, every file's name and bytes, hidden ones too; onto a new
// folder it leaves none. Its counts go through every stage in order, and
// a run not stopped then writes the new revisions.
func TestWriteStopped(t *testing.T) {
	arch, r := issued(t)
	archivetest.Grow(t, arch, r.Folder.ID, 4)
	th, tdiags := theme.Load("", "en-GB")
	if err := tdiags.Err(); err != nil {
		t.Fatal(err)
	}
	write := func(ctx context.Context, out string, report progress.Func) (site.Stats, error) {
		entries, err := archive.List(arch)
		if err != nil {
			t.Fatal(err)
		}
		return site.WriteContext(ctx, out, entries, site.Tracking{Today: today}, []*theme.Theme{th}, nil, "", report)
	}
	out := filepath.Join(t.TempDir(), "site")
	if _, err := write(context.Background(), out, nil); err != nil {
		t.Fatal(err)
	}
	archivetest.Grow(t, arch, r.Folder.ID, 12)
	before := snapshot(t, out)

	for _, stage := range []string{"checking", "writing", "publishing"} {
		for _, dir := range []string{out, filepath.Join(t.TempDir(), "new")} {
			ctx, cancel := context.WithCancel(context.Background())
			_, err := write(ctx, dir, func(c progress.Count) {
				if c.Doing == stage && c.Done == 1 {
					cancel()
				}
			})
			cancel()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("stopped while %s: %v, want context.Canceled", stage, err)
			}
			if dir == out && !slices.Equal(snapshot(t, out), before) {
				t.Errorf("stopped while %s, the site changed", stage)
			}
			if _, err := os.Lstat(dir); dir != out && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("stopped while %s onto a new folder, it is left: %v", stage, err)
			}
		}
	}

	var stages []string
	st, err := write(context.Background(), out, func(c progress.Count) {
		if c.Done == 0 {
			stages = append(stages, c.Doing+" "+c.Unit)
		}
	})
	if err != nil || st.Written != 8 || st.Kept != 4 {
		t.Fatalf("the run after: %+v, %v", st, err)
	}
	if want := []string{"checking revision", "writing page", "publishing revision"}; !slices.Equal(stages, want) {
		t.Errorf("stages %q, want %q", stages, want)
	}
}

// snapshot lists every file below dir, hidden ones too, with its bytes.
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	files, err := staging.ReadTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		out = append(out, f.Name+"\x00"+string(f.Data))
	}
	slices.Sort(out)
	return out
}
