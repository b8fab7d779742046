package cli

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/build"
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
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: error: %v\n", file, errors.Unwrap(err))
		return Failed
	}
	src, err := build.ExtractSource(data)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: error: %v\n", file, err)
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
	cmd := "s55 build " + filepath.Join(dir, filepath.FromSlash(src.Response))
	if src.Office != "" && path.Join(path.Dir(src.Response), "office.yaml") != src.Office {
		cmd += " --office " + filepath.Join(dir, filepath.FromSlash(src.Office))
	}
	fmt.Fprintf(env.Stdout, "%s: %s unpacked; build them again with:\n\t%s\n", dir, plural(len(src.Files), "file"), cmd)
	return OK
}
