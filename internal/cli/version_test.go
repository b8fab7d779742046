package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const (
	commitA = "0123456789abcdef0123456789abcdef01234567"
	commitB = "89abcdef0123456789abcdef0123456789abcdef"
)

// TestSourceCommit reads the commit of every shape of repository: a
// branch's loose ref, a ref packed as a fresh clone leaves it, a detached
// HEAD, a worktree whose .git is a file naming its folder in another
// repository, and no repository at all.
func TestSourceCommit(t *testing.T) {
	write := func(t *testing.T, root string, files map[string]string) {
		for name, data := range files {
			p := filepath.Join(root, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		from  string // the folder to look from, below the root
		want  string
	}{
		{"loose ref", map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": commitA + "\n"}, "internal/cli", commitA},
		{"packed ref", map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/packed-refs": "# pack-refs with: peeled fully-peeled sorted\n" + commitB + " refs/heads/other\n" + commitA + " refs/heads/main\n"}, "a/b/c", commitA},
		{"detached", map[string]string{".git/HEAD": commitB + "\n"}, "", commitB},
		{"worktree", map[string]string{
			"wt/.git":                          "gitdir: ../main/.git/worktrees/wt\n",
			"main/.git/worktrees/wt/HEAD":      "ref: refs/heads/feature\n",
			"main/.git/worktrees/wt/commondir": "../..\n",
			"main/.git/refs/heads/feature":     commitB + "\n",
			"main/.git/HEAD":                   "ref: refs/heads/main\n",
		}, "wt/internal", commitB},
		{"unborn branch", map[string]string{".git/HEAD": "ref: refs/heads/main\n"}, "", ""},
		{"not a commit", map[string]string{".git/HEAD": "garbage\n"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, root, tc.files)
			from := filepath.Join(root, tc.from)
			if err := os.MkdirAll(from, 0o755); err != nil {
				t.Fatal(err)
			}
			if got := SourceCommit(from); got != tc.want {
				t.Errorf("SourceCommit = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestVersion proves that s55 built from a clone, even by go test or go
// run, which record no commit, says which commit it is.
func TestVersion(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	rev := SourceCommit(filepath.Dir(file))
	if rev == "" {
		t.Fatalf("no git repository holds %s: run the tests from a clone", file)
	}
	if got, want := Version(), "commit "+rev[:12]; got != want {
		t.Errorf("Version() = %q, want %q", got, want)
	}
	if out, err := exec.Command("git", "-C", filepath.Dir(file), "rev-parse", "HEAD").Output(); err == nil {
		if git := strings.TrimSpace(string(out)); git != rev {
			t.Errorf("git rev-parse HEAD = %s, SourceCommit = %s", git, rev)
		}
	}
}
