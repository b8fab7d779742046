package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/issue"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/response"
)

// FaultEnv names the environment variable that makes issue fail before a
// step of writing the archive ("rename", "write manifest.json" ...), to
// prove in tests that a failure leaves no partial entry. "pause:STEP"
// makes it wait at that step instead, to be killed there; the steps are
// "locked" (the archive is locked, nothing read yet), "write NAME",
// "rename" and "issued" (the revision is in place).
const FaultEnv = "S55_FAULT"

func runIssue(env *Env, args []string) int {
	var (
		opt    build.Options
		arch   string
		reason string
		on     string
	)
	fs := newFlags(env, "issue")
	fs.StringVar(&arch, "archive", "archive", "record the response in `ARCHIVE`")
	fs.StringVar(&reason, "reason", "", "issue a correction: a new revision superseding the latest, for `REASON`")
	fs.StringVar(&on, "issued", "", "bring in a response issued before the office used s55: record `DATE` (YYYY-MM-DD) as its day of issue")
	fs.StringVar(&opt.Office, "office", "", "use the office profile `FILE` (default: office.yaml beside the response folder)")
	dirs, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(dirs) != 1 {
		return usageErr(env, fs, "give exactly one response folder to issue")
	}
	if arch == "" {
		return usageErr(env, fs, "--archive needs a folder")
	}
	if fs.Lookup("reason").Value.String() == "" && flagGiven(fs, "reason") {
		return usageErr(env, fs, "--reason needs a reason")
	}
	if p := issue.ReasonProblem(reason); p != "" {
		return usageErr(env, fs, "--reason: %s", p)
	}
	iopt := archive.IssueOptions{Reason: reason, Tool: "s55 " + Version()}
	if flagGiven(fs, "issued") {
		d, err := day.Parse(on)
		if err != nil {
			return usageErr(env, fs, "--issued: %v", err)
		}
		archived, err := now(time.Now())
		if err != nil {
			fmt.Fprintf(env.Stderr, "s55 issue: %v\n", err)
			return Failed
		}
		iopt.Now, iopt.BroughtIn = d, archived
	}
	if err := outdir.CheckArchive(arch); err != nil {
		fmt.Fprintln(env.Stderr, err)
		return Failed
	}
	r, err := issueBuild(env, dirs[0], arch, opt, &iopt)
	if err != nil {
		if msg := err.Error(); msg != "" {
			fmt.Fprintf(env.Stderr, "s55 issue: %s\n", msg)
		}
		fmt.Fprintf(env.Stderr, "s55 issue: %s not issued\n", dirs[0])
		return Failed
	}
	faults(env, &iopt)
	iopt.Notice = notice(env)
	officeDir := ""
	if f := response.OfficeFor(dirs[0], opt.Office); f != "" {
		officeDir = filepath.Dir(f)
		iopt.MakeKeyIn, iopt.KeyName = officeDir, archive.KeyName(r.Folder.Office.Force.Name.String())
	}
	iopt.KeyDirs = archive.KeyDirs(arch, officeDir)
	m, err := archive.Issue(arch, issue.Archived(r), iopt)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 issue: %v\n", err)
		if errors.Is(err, archive.ErrIssued) || errors.Is(err, archive.ErrUnchanged) {
			fmt.Fprintln(env.Stderr, "s55 issue: the archive is unchanged")
		}
		return Failed
	}
	dir := archive.RevisionDir(arch, m.ID, m.Revision)
	line := fmt.Sprintf("%s: issued revision %d of %s (%d files)", dir, m.Revision, m.ID, len(m.Files)+1)
	if m.BroughtIn != "" {
		line += fmt.Sprintf(", brought in as issued on %s", day.ISO(m.Issued))
	}
	if m.Supersedes > 0 {
		line += fmt.Sprintf(", superseding revision %d: %s", m.Supersedes, m.Reason)
	}
	fmt.Fprintln(env.Stdout, line)
	if m.Submission != "" {
		fmt.Fprintf(env.Stdout, "%s: the s.55(6) copy to %s, ready to open in Outlook and send; then record it: s55 record %s %s --sent DATE --published DATE\n",
			filepath.Join(dir, m.Submission), strings.Join(r.Folder.Office.Submission.To, ", "), shellQuote(arch), m.ID)
	}
	return OK
}

// issueBuild loads the response folder dir, sets the time of issue in
// iopt (now, SOURCE_DATE_EPOCH, or the day --issued gave), and builds it:
// as a correction of its latest revision in the archive when iopt gives a
// reason. The problems of the folder are reported; the error, when its
// text is not empty, says what else stopped the build.
func issueBuild(env *Env, dir, arch string, opt build.Options, iopt *archive.IssueOptions) (*build.Result, error) {
	if iopt.BroughtIn.IsZero() {
		issued, err := now(time.Now())
		if err != nil {
			return nil, err
		}
		iopt.Now = issued
	}
	r, diags, err := issue.Build(dir, arch, opt, iopt.Reason, iopt.Now)
	report(env, diags)
	if err != nil {
		return nil, err
	}
	if r == nil || diags.Errors() > 0 {
		return nil, errors.New("")
	}
	return r, nil
}

// faults sets the failures FaultEnv injects into iopt.
func faults(env *Env, iopt *archive.IssueOptions) {
	step := os.Getenv(FaultEnv)
	if step == "" {
		return
	}
	pause, pausing := strings.CutPrefix(step, "pause:")
	iopt.Fail = func(s string) error {
		switch {
		case pausing && s == pause:
			// Wait here until killed: tests kill the process at
			// this point to prove what a crash leaves.
			fmt.Fprintf(env.Stderr, "s55 issue: paused before %q by %s\n", s, FaultEnv)
			select {}
		case s == step:
			return fmt.Errorf("fault injected before %q by %s", s, FaultEnv)
		}
		return nil
	}
	iopt.Locked = func() { iopt.Fail("locked") }
}

// now is the time of issue: clock, or SOURCE_DATE_EPOCH when set, as
// reproducible builds do. A SOURCE_DATE_EPOCH that is not a whole number
// of seconds since 1970-01-01 00:00 UTC, or that is negative, or later
// than clock, is refused: it would record a time of issue that never was.
func now(clock time.Time) (time.Time, error) {
	s, set := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !set {
		return clock.UTC(), nil
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	switch {
	case err != nil:
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a time of issue: give the seconds since 1970-01-01 00:00 UTC, such as 1631577600, or unset it to issue now", s)
	case sec < 0:
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%s is before 1970: give the seconds since 1970-01-01 00:00 UTC of the time of issue, or unset it to issue now", s)
	}
	t := time.Unix(sec, 0).UTC()
	if t.After(clock) {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%s is %s, a time still to come: a response is issued now or at a time that has passed", s, t.Format(time.RFC3339))
	}
	return t, nil
}

func runVerify(env *Env, args []string) int {
	var (
		opt     archive.VerifyOptions
		against string
	)
	fs := newFlags(env, "verify")
	fs.BoolVar(&opt.NoRebuild, "no-rebuild", false, "check digests, folders and the chain only; do not build each revision again")
	fs.StringVar(&against, "against", "", "also prove that the archive still holds exactly what the saved copy of its published site in `SITE` lists")
	quiet := quietFlag(fs)
	var doc, docSite, key string
	fs.StringVar(&doc, "document", "", "prove that the published document `FILE` is in the signed log of the site given with --site, with nothing else")
	fs.StringVar(&docSite, "site", "", "the published site (`SITE`, a saved copy) that --document is proved against")
	fs.StringVar(&key, "key", "", "with --document, the office's public key `FILE` (office.pub), instead of the one the site publishes")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if doc != "" || docSite != "" || key != "" {
		return verifyDocument(env, fs, pos, doc, docSite, key)
	}
	arch, status := archiveArg(env, fs, pos)
	if status != OK {
		return status
	}
	if err := archive.IsArchive(arch); err != nil {
		fmt.Fprintln(env.Stderr, err)
		return Failed
	}
	opt.KeyDirs = archive.KeyDirs(arch, "")
	run := startLong(env, *quiet)
	opt.Progress = run.counts()
	res, err := archive.VerifyContext(run.ctx, arch, issue.Rebuild, opt)
	var found []archive.Finding
	if err == nil && against != "" {
		found, err = archive.VerifyAgainstContext(run.ctx, arch, against, opt.Progress)
	}
	run.end()
	if run.stopped() && errors.Is(err, context.Canceled) {
		fmt.Fprintf(env.Stderr, "s55 verify: %s; the archive is as it was\n", run.last.Count().Stopped())
		return Interrupted
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 verify: %v\n", err)
		return Failed
	}
	bad := printVerification(env, arch, res)
	ok := res.OK()
	if against != "" {
		for _, f := range found {
			name := f.File
			if !strings.HasPrefix(name, against) {
				name = joinPath(arch, f.File)
			}
			fmt.Fprintf(env.Stderr, "%s: %s\n", name, f.Problem)
		}
		if len(found) == 0 {
			fmt.Fprintf(env.Stdout, "%s: the archive holds every revision and document %s published\n", against, filepath.Join(against, archive.PublicationName))
		}
		ok = ok && len(found) == 0
	}
	summary := fmt.Sprintf("%s verified, %s", plural(len(res.Revisions), "revision"), problemCount(bad))
	if len(res.Findings) > 0 {
		summary += fmt.Sprintf(", %s in the archive's folders or chain", plural(len(res.Findings), "problem"))
	}
	fmt.Fprintln(env.Stdout, summary)
	if res.Head.Sequence > 0 {
		fmt.Fprintf(env.Stdout, "chain head: %s, the manifest of %s, number %d in the order of issue\n", res.Head.SHA256, res.Head.Dir, res.Head.Sequence)
	}
	if l := res.Log; l != nil {
		fmt.Fprintf(env.Stdout, "signed log: %s, checkpoint signed by %s, root hash %s\n", count.English(int(l.Checkpoint.Size), "entry", "entries"), l.Checkpoint.Origin, l.Checkpoint.Root)
	}
	if res.Unsigned {
		fmt.Fprintf(env.Stderr, "%s: warning: no signed log yet (an archive of format 2, its revisions chained by hand); the next issue, record or track moves it to the signed log, keeping every file\n", arch)
	}
	if !ok {
		return Failed
	}
	return OK
}

// printVerification prints what verify found, each revision intact on
// stdout and each problem and warning on stderr, and returns how many
// revisions have problems.
func printVerification(env *Env, arch string, res *archive.Result) int {
	bad := 0
	for _, v := range res.Revisions {
		if v.OK() {
			line := fmt.Sprintf("%s: ok: %d files match the manifest", v.Dir, v.Files)
			if v.Rebuilt {
				line += "; rebuilt from its inputs, byte for byte the same"
			}
			fmt.Fprintln(env.Stdout, line)
			continue
		}
		bad++
		for _, f := range v.Findings {
			fmt.Fprintf(env.Stderr, "%s: %s\n", joinPath(v.Dir, f.File), f.Problem)
		}
	}
	for _, f := range res.Findings {
		fmt.Fprintf(env.Stderr, "%s: %s\n", joinPath(arch, f.File), f.Problem)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(env.Stderr, "%s: warning: %s\n", joinPath(arch, w.File), w.Problem)
	}
	for _, l := range res.Leftovers {
		fmt.Fprintf(env.Stderr, "%s: warning: left by an interrupted issue, track or record; it is no revision, and the next issue, track or record removes it\n", l)
	}
	return bad
}

// verifyDocument proves that one published document is in the signed log
// of a published site.
func verifyDocument(env *Env, fs *flag.FlagSet, pos []string, doc, site, key string) int {
	switch {
	case doc == "" || site == "":
		return usageErr(env, fs, "give --document FILE and --site SITE together")
	case len(pos) > 0:
		return usageErr(env, fs, "--document proves a document against a site, with no archive")
	}
	verifier := ""
	if key != "" {
		data, err := input.ReadMax(key, 4<<10)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%s: error: it %s\n", key, input.Reason(err))
			return Failed
		}
		verifier = string(data)
	}
	p, err := archive.ProveDocument(site, doc, verifier)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 verify: %v\n", err)
		return Failed
	}
	fmt.Fprintf(env.Stdout, "%s: %s of revision %d of %s, in the signed log of %s: entry %d of %d, signed by %s\n",
		doc, p.Name, p.Revision, p.ID, site, p.Index+1, p.Checkpoint.Size, p.Checkpoint.Origin)
	return OK
}

// joinPath names a file inside a folder as the messages print it.
func joinPath(dir, file string) string {
	if file == "" {
		return dir
	}
	return filepath.Join(dir, filepath.FromSlash(file))
}

func problemCount(n int) string {
	if n == 0 {
		return "all intact"
	}
	return plural(n, "revision") + " with problems"
}

// flagGiven reports whether the flag name was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			found = true
		}
	})
	return found
}

// archiveArg takes the optional ARCHIVE argument of verify and index, which
// must be a folder.
func archiveArg(env *Env, fs *flag.FlagSet, pos []string) (string, int) {
	arch := "archive"
	switch len(pos) {
	case 0:
	case 1:
		arch = pos[0]
	default:
		return "", usageErr(env, fs, "give at most one archive")
	}
	if st, err := os.Stat(arch); err != nil || !st.IsDir() {
		fmt.Fprintf(env.Stderr, "%s: error: no such archive folder\n", arch)
		return "", Failed
	}
	return arch, OK
}
