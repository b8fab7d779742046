package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/workbook"
)

func runMerge(env *Env, args []string) int {
	var (
		dryRun bool
		office string
	)
	fs := newFlags(env, "merge")
	fs.BoolVar(&dryRun, "dry-run", false, "show what would change, and write nothing")
	fs.StringVar(&office, "office", "", "use the office profile `FILE` (default: office.yaml beside the response folder)")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(pos) != 2 {
		return usageErr(env, fs, "give the response folder and the workbook: s55 merge DIR FILE.xlsx")
	}
	dir, name := pos[0], pos[1]
	file := filepath.Join(dir, response.FileName)
	unchanged := func() int {
		fmt.Fprintf(env.Stderr, "s55 merge: %s unchanged\n", file)
		return Failed
	}
	data, err := input.ReadMax(name, workbook.MaxFileSize)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: error: %s\n", name, input.Reason(err))
		return unchanged()
	}
	plan, err := workbook.PlanMerge(dir, response.Options{OfficeFile: office}, name, data)
	if err != nil {
		if !workbookRefused(env, name, err) {
			fmt.Fprintln(env.Stderr, err)
		}
		return unchanged()
	}
	for _, it := range plan.Items {
		line := fmt.Sprintf("%s: %s", it.ID, it.Change)
		if len(it.Fields) > 0 {
			line += " (" + strings.Join(it.Fields, ", ") + ")"
		}
		fmt.Fprintln(env.Stdout, line)
	}
	added, changed, same := plan.Counts()
	summary := fmt.Sprintf("%d new, %d changed, %d unchanged", added, changed, same)
	switch {
	case !plan.Changes():
		fmt.Fprintf(env.Stdout, "%s: %s; nothing to write\n", file, summary)
		return OK
	case dryRun:
		fmt.Fprintf(env.Stdout, "%s: %s; nothing written (--dry-run)\n", file, summary)
		return OK
	}
	if err := plan.Apply(); err != nil {
		fmt.Fprintf(env.Stderr, "s55 merge: %v\n", err)
		return unchanged()
	}
	fmt.Fprintf(env.Stdout, "%s: %s; written\n", file, summary)
	return OK
}

// workbookRefused prints each problem of a workbook refused, at its cell,
// and reports whether err was such a refusal.
func workbookRefused(env *Env, name string, err error) bool {
	var r *workbook.Refusal
	if !errors.As(err, &r) {
		return false
	}
	for _, p := range r.Problems {
		where := name
		if p.Cell != "" {
			where += ": " + p.Where()
		}
		fmt.Fprintf(env.Stderr, "%s: error: %s\n", where, p.Msg)
	}
	return true
}
