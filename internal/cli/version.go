package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// Version says which s55 this is: the module's version when it was built
// with one (go install at a tag, or the pseudo-version go build stamps from
// the repository), else the commit that the build information records,
// else the commit of the repository holding the source it was built from,
// which go run and go test leave unrecorded; "(devel)" only when nothing
// is known.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	if ok {
		var rev string
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" {
			v := "commit " + short(rev)
			if modified {
				v += " (modified)"
			}
			return v
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		if rev := SourceCommit(filepath.Dir(file)); rev != "" {
			return "commit " + short(rev)
		}
	}
	return "(devel)"
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

var commitHash = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

// SourceCommit returns the commit checked out in the git repository that
// holds dir, or "" when dir is in none or its commit cannot be read. It
// reads the repository's files and needs no git program: .git, a folder or,
// in a worktree, a file naming one; HEAD, a commit or a branch; the branch's
// ref, loose or packed, in the repository's common folder.
func SourceCommit(dir string) string {
	for {
		if gitdir := gitDir(dir); gitdir != "" {
			return headCommit(gitdir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// gitDir returns the git folder of the working tree at dir, or "".
func gitDir(dir string) string {
	p := filepath.Join(dir, ".git")
	st, err := os.Stat(p)
	switch {
	case err != nil:
		return ""
	case st.IsDir():
		return p
	case !st.Mode().IsRegular():
		return ""
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	gd, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir: ")
	if !ok {
		return ""
	}
	if !filepath.IsAbs(gd) {
		gd = filepath.Join(dir, gd)
	}
	return gd
}

// headCommit reads the commit HEAD names in the git folder gitdir.
func headCommit(gitdir string) string {
	head := readLine(filepath.Join(gitdir, "HEAD"))
	ref, ok := strings.CutPrefix(head, "ref: ")
	if !ok {
		if commitHash.MatchString(head) {
			return head
		}
		return ""
	}
	common := gitdir
	if c := readLine(filepath.Join(gitdir, "commondir")); c != "" {
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitdir, c)
		}
		common = c
	}
	for _, d := range []string{gitdir, common} {
		if rev := readLine(filepath.Join(d, filepath.FromSlash(ref))); commitHash.MatchString(rev) {
			return rev
		}
	}
	f, err := os.Open(filepath.Join(common, "packed-refs"))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rev, name, ok := strings.Cut(sc.Text(), " "); ok && name == ref && commitHash.MatchString(rev) {
			return rev
		}
	}
	return ""
}

// readLine returns the first line of the file p, or "".
func readLine(p string) string {
	data, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSpace(line)
}
