package cli

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/staging"
)

func runUnpack(env *Env, args []string) int {
	fs := newFlags(env, "unpack")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(pos) != 2 {
		return usageErr(env, fs, "give a PDF made by s55 and a folder to create")
	}
	file, dir := pos[0], pos[1]
	data, err := input.Read(file)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: error: %v\n", file, unwrapPath(err))
		return Failed
	}
	src, err := bundle.Extract(data)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: error: %v\n", file, err)
		return Failed
	}
	if _, err := os.Lstat(dir); err == nil {
		fmt.Fprintf(env.Stderr, "%s: error: already exists; s55 unpack never overwrites a folder\n", dir)
		return Failed
	}
	if err := outdir.Check(dir); err != nil {
		fmt.Fprintln(env.Stderr, err)
		return Failed
	}
	if err := staging.WriteDir(dir, src.Files, false); err != nil {
		if errors.Is(err, staging.ErrExists) {
			fmt.Fprintf(env.Stderr, "%s: error: already exists; s55 unpack never overwrites a folder\n", dir)
		} else {
			fmt.Fprintf(env.Stderr, "s55 unpack: %v\n", err)
		}
		return Failed
	}
	cmd := "s55 build " + shellQuote(filepath.Join(dir, filepath.FromSlash(src.Response)))
	if src.Office != "" && path.Join(path.Dir(src.Response), "office.yaml") != src.Office {
		cmd += " --office " + shellQuote(filepath.Join(dir, filepath.FromSlash(src.Office)))
	}
	fmt.Fprintf(env.Stdout, "%s: %s unpacked; build them again with:\n\t%s\n", dir, plural(len(src.Files), "file"), cmd)
	return OK
}

// unwrapPath drops the operation and path of a file error, which the
// message names already.
func unwrapPath(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./+,:=@%-]+$`)

// shellQuote quotes s for a POSIX shell, so that a printed command runs as
// shown whatever the folder is called: in single quotes unless it is made
// of safe characters only, and never read as a flag.
func shellQuote(s string) string {
	if strings.HasPrefix(s, "-") {
		s = "./" + s
	}
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
