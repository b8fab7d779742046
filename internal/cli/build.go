package cli

import (
	"fmt"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/diag"
)

type buildOptions struct {
	out    string
	office string
}

func runBuild(env *Env, args []string) int {
	var o buildOptions
	fs := newFlags(env, "build")
	fs.StringVar(&o.out, "o", "out", "write the files to `OUT`/<response id>/")
	fs.StringVar(&o.office, "office", "", "use the office profile `FILE` (default: office.yaml beside the response folders)")
	dirs, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(dirs) == 0 {
		return usageErr(env, fs, "no response folder given")
	}

	// Render everything before writing anything: one bad folder stops the
	// build with no file written.
	var results []*build.Result
	var all diag.List
	seen := map[string]string{}
	for _, dir := range dirs {
		r, diags := build.Render(dir, build.Options{Office: o.office})
		all = append(all, diags...)
		if r != nil {
			if first, dup := seen[r.Folder.ID]; dup {
				all.Add(dir, 0, 0, "", "response %q is also built from %s; both would write %s", r.Folder.ID, first, filepath.Join(o.out, r.Folder.ID))
				continue
			}
			seen[r.Folder.ID] = dir
			results = append(results, r)
		}
	}
	report(env, all)
	if all.Errors() > 0 {
		return Failed
	}
	for _, r := range results {
		if err := build.Write(o.out, r); err != nil {
			fmt.Fprintf(env.Stderr, "s55 build: %v\n", err)
			return Failed
		}
		fmt.Fprintf(env.Stdout, "%s: %d files\n", filepath.Join(o.out, r.Folder.ID), len(r.Files))
	}
	return OK
}
