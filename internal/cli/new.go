package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/findings"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/scaffold"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/statute"
)

type newOptions struct {
	report          string
	published       time.Time
	letterDate      time.Time
	recommendations string
	office          string
}

func runNew(env *Env, args []string) int {
	var o newOptions
	fs := newFlags(env, "new")
	fs.StringVar(&o.report, "report", "", "the report's `TITLE` (required)")
	fs.Var(dateFlag{&o.published}, "published", "the report's publication `DATE`, YYYY-MM-DD (required)")
	fs.StringVar(&o.recommendations, "recommendations", "", "read the report's recommendations from `FILE` (text pasted from the report; - for standard input)")
	fs.StringVar(&o.office, "office", "", "use the office profile `FILE` (default: office.yaml beside DIR)")
	fs.Var(dateFlag{&o.letterDate}, "date", "date the letter `DATE` (default: today)")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	switch {
	case len(pos) != 1:
		return usageErr(env, fs, "give exactly one folder to create")
	case strings.TrimSpace(o.report) == "":
		return usageErr(env, fs, "--report TITLE is required")
	case o.published.IsZero():
		return usageErr(env, fs, "--published DATE is required")
	}
	dir := pos[0]
	dated := !o.letterDate.IsZero()
	if !dated {
		o.letterDate = day.Today()
	}
	if msg := scaffold.LetterDateProblem(o.published, o.letterDate); msg != "" {
		if !dated {
			msg += " (give it with --date; without it, the letter is dated today)"
		}
		return usageErr(env, fs, "%s", msg)
	}

	var text []byte
	source := o.recommendations
	switch o.recommendations {
	case "":
	case "-":
		source = "standard input"
		text, err = io.ReadAll(env.Stdin)
	default:
		text, err = input.Read(o.recommendations)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: error: %s\n", source, input.Reason(err))
		return Failed
	}
	var found []findings.Finding
	if len(text) > 0 {
		if found, err = findings.Parse(string(text)); err != nil {
			fmt.Fprintf(env.Stderr, "%s: error: %v\n", source, err)
			return Failed
		}
	}

	s, diags := scaffold.Make(scaffold.Options{
		Dir: dir, Office: o.office, Report: o.report,
		Published: o.published, LetterDate: o.letterDate, Findings: found,
	})
	report(env, diags)
	if diags.Errors() > 0 {
		return Failed
	}
	if err := s.Write(dir); err != nil {
		if errors.Is(err, staging.ErrExists) {
			fmt.Fprintf(env.Stderr, "%s: error: already exists; s55 new never overwrites a folder\n", dir)
		} else {
			fmt.Fprintf(env.Stderr, "%s: error: %v\n", dir, err)
		}
		return Failed
	}
	fmt.Fprintf(env.Stdout, "%s: %s written from %s\n", filepath.Join(dir, response.FileName), s.Summary, sourceName(source))
	clock := statute.NewClock(o.published)
	fmt.Fprintf(env.Stdout, "%s: last day for publication %s (56 days beginning with %s)\n", dir, s.Date(clock.LastDay), s.Date(clock.Published))
	return OK
}

func sourceName(s string) string {
	if s == "" {
		return "no recommendations file"
	}
	return s
}
