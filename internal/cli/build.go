package cli

import (
	"fmt"
	"path/filepath"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/progress"
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
	quiet := quietFlag(fs)
	dirs, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(dirs) == 0 {
		return usageErr(env, fs, "no response folder given")
	}
	if o.out == "" {
		return usageErr(env, fs, "-o needs a folder")
	}
	if err := outdir.Check(o.out); err != nil {
		fmt.Fprintln(env.Stderr, err)
		return Failed
	}

	// Of several folders, the progress line on a terminal; the command's
	// own lines are printed above it.
	var line *progress.Line
	if len(dirs) > 1 {
		line = progress.Start(env.Stderr, *quiet)
		defer line.Clear()
		env = &Env{Stdin: env.Stdin, Stdout: line.Writer(env.Stdout), Stderr: line.Writer(env.Stderr)}
	}
	return buildAll(env, o, dirs, line.Func())
}

// buildAll checks every folder first, which is cheap: one bad folder stops
// the build with no file written. Then it renders and writes one folder at
// a time, so that memory does not grow with the number of folders. It
// tells counts each folder checked and built.
func buildAll(env *Env, o buildOptions, dirs []string, counts progress.Func) int {
	checking := counts.Stage("checking", "response", len(dirs))
	var checked []*build.Checked
	var all diag.List
	var refused []error
	seen := map[string]string{}
	for _, dir := range dirs {
		c, diags := build.Check(dir, build.Options{Office: o.office})
		checking.Add()
		all = append(all, diags...)
		if c == nil || diags.Errors() > 0 {
			continue
		}
		id := c.Folder.ID
		if first, dup := seen[id]; dup {
			all.Add(dir, 0, 0, "", "response %q is also built from %s; both would write %s", id, first, filepath.Join(o.out, id))
			continue
		}
		seen[id] = dir
		if err := outdir.CheckBuild(filepath.Join(o.out, id)); err != nil {
			refused = append(refused, err)
			continue
		}
		checked = append(checked, c)
	}
	report(env, all)
	for _, err := range refused {
		fmt.Fprintln(env.Stderr, err)
	}
	if all.Errors() > 0 || len(refused) > 0 {
		return Failed
	}
	building := counts.Stage("building", "response", len(checked))
	for i, c := range checked {
		r, diags := c.Render()
		building.Add()
		report(env, diags)
		if r == nil {
			return Failed
		}
		if err := outdir.WriteBuild(filepath.Join(o.out, r.Folder.ID), r.Files); err != nil {
			fmt.Fprintf(env.Stderr, "s55 build: %v\n", err)
			return Failed
		}
		checked[i] = nil // let the rendered documents go
		fmt.Fprintf(env.Stdout, "%s: %d files\n", filepath.Join(o.out, r.Folder.ID), len(r.Files))
	}
	return OK
}
