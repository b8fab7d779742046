package cli

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/site"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
)

func runIndex(env *Env, args []string) int {
	var (
		out, trackerFile, templates string
		today, since                time.Time
	)
	fs := newFlags(env, "index")
	fs.Var(dateFlag{&today}, "today", "rate the tracker's items on `DATE` (YYYY-MM-DD) instead of today")
	fs.Var(dateFlag{&since}, "since", "list the tracker's changes from `DATE` (YYYY-MM-DD; default three months before today)")
	fs.StringVar(&out, "o", "site", "write the site to `SITE`: a new or empty folder, or a site written before, which is brought up to date")
	fs.StringVar(&trackerFile, "tracker", "", "read status updates from `FILE` (default: ARCHIVE/"+tracker.FileName+")")
	fs.StringVar(&templates, "templates", "", "override the site's templates with those in `DIR`")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if out == "" {
		return usageErr(env, fs, "-o needs a folder")
	}
	arch, status := archiveArg(env, fs, pos)
	if status != OK {
		return status
	}
	if err := archive.IsArchive(arch); err != nil {
		fmt.Fprintln(env.Stderr, err)
		fmt.Fprintln(env.Stderr, "s55 index: nothing written")
		return Failed
	}
	// Issues, tracks and records wait while the site is written, so that
	// it shows the archive at one moment; a killed index's leftovers are
	// removed under the lock.
	unlock, err := archive.Lock(arch)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		return Failed
	}
	defer unlock()
	if err := site.Check(out); err != nil {
		fmt.Fprintln(env.Stderr, err)
		return Failed
	}
	if err := site.RemoveLeftovers(out); err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		return Failed
	}
	if trackerFile == "" {
		trackerFile = filepath.Join(arch, tracker.FileName)
	}
	entries, err := archive.List(arch)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		fmt.Fprintln(env.Stderr, "s55 index: nothing written")
		return Failed
	}
	if today.IsZero() {
		today = day.Today()
	}
	if since.IsZero() {
		since = today.AddDate(0, -3, 0)
	}
	updates, src, diags := tracker.Load(trackerFile)
	events, esrc, ediags := tracker.LoadEvents(filepath.Join(arch, tracker.EventsName))
	diags = append(diags, ediags...)
	if ediags.Errors() == 0 {
		diags = append(diags, tracker.CheckEvents(entries, events, esrc)...)
	}
	themes, tdiags := siteThemes(entries, templates)
	diags = append(diags, tdiags...)
	langs := make([]string, len(themes))
	for i, th := range themes {
		langs[i] = th.Lang
	}
	signed, err := archive.ReadLog(arch)
	switch {
	case errors.Is(err, archive.ErrNoLog):
	case err != nil:
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		fmt.Fprintln(env.Stderr, "s55 index: nothing written")
		return Failed
	}
	var checkpoint []byte
	if signed != nil {
		checkpoint = signed.Signed
	}
	inputs, err := indexInputs(entries, src, esrc, themes, checkpoint, day.ISO(today)+"/"+day.ISO(since))
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		return Failed
	}
	if diags.Errors() == 0 && site.UpToDate(out, inputs, entries, langs) {
		report(env, diags)
		fmt.Fprintf(env.Stdout, "%s: up to date with %s; nothing written\n", out, plural(len(entries), "issued revision"))
		return OK
	}
	items := site.NewItemCache(out)
	items.Preload(entries)
	rows, rdiags := tracker.Rows(entries, updates, src, items.Load, today)
	diags = append(diags, rdiags...)
	diags.Sort()
	report(env, diags)
	if diags.Errors() > 0 {
		return Failed
	}
	tr := site.Tracking{Rows: rows, Publications: tracker.Publications(entries, events), Today: today, Since: since, Log: signed}
	st, err := site.Write(out, entries, tr, themes, items, inputs)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 index: %v\n", err)
		return Failed
	}
	fmt.Fprintf(env.Stdout, "%s: %s and %s\n", out, plural(len(entries), "issued revision"), plural(len(rows), "tracked item"))
	fmt.Fprintf(env.Stdout, "%s: %s written (%s linked from the archive, %d copied), %d already there, %d removed\n",
		out, plural(st.Written, "revision"), plural(st.Linked, "document"), st.Copied, st.Kept, st.Removed)
	return OK
}

// siteThemes loads the themes of the site's languages (site.Languages),
// with the templates of dir laid over the defaults. A language without a
// phrase book here, s55's or dir's, is left out with a warning: the site
// is published in the others.
func siteThemes(entries []*archive.Entry, dir string) ([]*theme.Theme, diag.List) {
	langs, body := site.Languages(entries)
	var (
		themes []*theme.Theme
		diags  diag.List
	)
	for _, lang := range langs {
		if !theme.HasBook(dir, lang) {
			diags.Warn(cmp.Or(dir, "templates"), 0, 0, "", "no phrase book for %s, so the site is not published in it: give one with --templates", lang)
			continue
		}
		th, tdiags := theme.Load(dir, lang)
		diags = append(diags, tdiags...)
		themes = append(themes, th.ForBody(body))
	}
	if len(themes) == 0 {
		th, tdiags := theme.Load(dir, response.DefaultLanguage)
		diags = append(diags, tdiags...)
		themes = append(themes, th)
	}
	return themes, diags
}

// indexInputs is the digest of what the site is made from: this program
// (its own bytes, so that a new s55 writes the site again), the archive's
// manifests, the tracker's updates, the responses' events, the override
// templates and the days the tracker is read on (a new day may rate an
// item red).
func indexInputs(entries []*archive.Entry, src, events *response.Source, themes []*theme.Theme, checkpoint []byte, day string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	exe, err := os.Open(self)
	if err != nil {
		return "", err
	}
	defer exe.Close()
	h := sha256.New()
	if _, err := io.Copy(h, exe); err != nil {
		return "", err
	}
	// The signed checkpoint, which the site publishes: an archive signed
	// afresh is published afresh.
	h.Write(checkpoint)
	var updates, evs []byte
	if src != nil {
		updates = src.Data
	}
	if events != nil {
		evs = events.Data
	}
	// The override templates, as the themes read them.
	var files []staging.File
	all := theme.Joined(themes)
	for _, p := range all.Files {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		data, _ := all.Read(abs)
		files = append(files, staging.File{Name: filepath.ToSlash(p), Data: data})
	}
	return site.Inputs(hex.EncodeToString(h.Sum(nil)), entries, updates, evs, files, day), nil
}
