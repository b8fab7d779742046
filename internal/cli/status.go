package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/standing"
	"github.com/opcc-tools/s55/internal/theme"
)

func runStatus(env *Env, args []string) int {
	var (
		arch, office string
		asJSON       bool
		today        time.Time
	)
	fs := newFlags(env, "status")
	fs.StringVar(&arch, "archive", "", "add the responses issued into `ARCHIVE`, and say which drafts are issued")
	fs.BoolVar(&asJSON, "json", false, "print the same as a JSON array")
	fs.Var(dateFlag{&today}, "today", "read the statutory clock on `DATE` (YYYY-MM-DD) instead of today")
	fs.StringVar(&office, "office", "", "use the office profile `FILE` (default: office.yaml beside each response folder)")
	dirs, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(dirs) == 0 && arch == "" {
		return usageErr(env, fs, "give response folders, folders of them, or --archive ARCHIVE")
	}
	if today.IsZero() {
		today = day.Today()
	}
	failed := false
	var list []*standing.Standing
	byID := map[string]*standing.Standing{}
	seen := map[string]bool{}
	for _, dir := range dirs {
		for _, d := range standing.Folders(dir) {
			if abs, err := filepath.Abs(d); err == nil {
				if seen[abs] {
					continue
				}
				seen[abs] = true
			}
			s := standing.Draft(d, office, today)
			if s.Error != "" {
				s.Error += "; run s55 check " + shellQuote(d)
				failed = true
			}
			list = append(list, s)
			if s.Error == "" {
				byID[s.ID] = s
			}
		}
	}
	if arch != "" {
		if st, err := os.Stat(arch); err != nil || !st.IsDir() {
			fmt.Fprintf(env.Stderr, "%s: error: no such archive folder\n", arch)
			return Failed
		}
		more, err := standing.Issued(arch, byID)
		if err != nil {
			fmt.Fprintf(env.Stderr, "s55 status: %v\n", err)
			return Failed
		}
		list = append(list, more...)
	}
	slices.SortStableFunc(list, standing.Urgency)
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if list == nil {
			list = []*standing.Standing{}
		}
		if err := enc.Encode(list); err != nil {
			fmt.Fprintf(env.Stderr, "s55 status: %v\n", err)
			return Failed
		}
	} else {
		// A response whose themes did not load has its dates worded by
		// s55's own English book.
		english := sync.OnceValue(func() *theme.Theme {
			th, _ := theme.Load("", response.DefaultLanguage)
			return th
		})
		for _, s := range list {
			fmt.Fprintln(env.Stdout, s.Line(english))
		}
	}
	if failed {
		return Failed
	}
	return OK
}
