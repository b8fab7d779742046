package site

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
)

// PublishOptions tune Publish, as s55 index's flags do.
type PublishOptions struct {
	// Tracker is the tracker's file; empty means ARCHIVE/tracker.yaml.
	Tracker string
	// Templates overrides the site's templates.
	Templates string
	// Today rates the tracker's items; zero means today. Since is the
	// first day of the tracker's changes listed; zero means three months
	// before Today.
	Today, Since time.Time
	// Context stops the work when it is done (a signal, a closed page):
	// the site is then as it was, and Publish returns the context's error.
	// Nil means never.
	Context context.Context
	// Progress is told how far the work has got; nil tells no one.
	Progress progress.Func
}

// Published is what Publish did.
type Published struct {
	// UpToDate reports that the site was up to date, and nothing was
	// written.
	UpToDate bool
	// Revisions counts the issued revisions, Rows the tracked items.
	Revisions, Rows int
	Stats           Stats
}

// PublishError is an error of Publish: Bare when its words say all
// (printed as they are), NothingWritten when the site was not touched.
type PublishError struct {
	Err            error
	Bare           bool
	NothingWritten bool
}

func (e *PublishError) Error() string { return e.Err.Error() }
func (e *PublishError) Unwrap() error { return e.Err }

// Publish writes the site of the archive arch into out, as "s55 index"
// and the office's desk do: under the archive's lock, so that it shows the
// archive at one moment, a killed publish's leftovers removed, nothing
// written when it is up to date. It returns the problems of the tracker's
// and the events' files and of the templates (nothing is written when one
// is an error) and a *PublishError.
func Publish(arch, out string, opt PublishOptions) (Published, diag.List, error) {
	var res Published
	unlock, err := archive.Lock(arch)
	if err != nil {
		return res, nil, &PublishError{Err: err}
	}
	defer unlock()
	if err := Check(out); err != nil {
		return res, nil, &PublishError{Err: err, Bare: true}
	}
	if err := RemoveLeftovers(out); err != nil {
		return res, nil, &PublishError{Err: err}
	}
	trackerFile := cmp.Or(opt.Tracker, filepath.Join(arch, tracker.FileName))
	entries, err := archive.List(arch)
	if err != nil {
		return res, nil, &PublishError{Err: err, NothingWritten: true}
	}
	today, since := opt.Today, opt.Since
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
	themes, tdiags := themesOf(entries, opt.Templates)
	diags = append(diags, tdiags...)
	langs := make([]string, len(themes))
	for i, th := range themes {
		langs[i] = th.Lang
	}
	signed, err := archive.ReadLog(arch)
	if err != nil && !errors.Is(err, archive.ErrNoLog) {
		return res, diags, &PublishError{Err: err, NothingWritten: true}
	}
	var checkpoint []byte
	if signed != nil {
		checkpoint = signed.Signed
	}
	inputs, err := inputsOf(entries, src, esrc, themes, checkpoint, day.ISO(today)+"/"+day.ISO(since))
	if err != nil {
		return res, diags, &PublishError{Err: err}
	}
	res.Revisions = len(entries)
	if diags.Errors() == 0 && UpToDate(out, inputs, entries, langs) {
		res.UpToDate = true
		return res, diags, nil
	}
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	items := NewItemCache(out)
	defer items.Close()
	items.Preload(ctx, entries, opt.Progress)
	if err := ctx.Err(); err != nil {
		return res, diags, &PublishError{Err: err, NothingWritten: true}
	}
	rows, rdiags := tracker.Rows(entries, updates, src, items.Load, today)
	diags = append(diags, rdiags...)
	diags.Sort()
	if diags.Errors() > 0 {
		return res, diags, nil
	}
	res.Rows = len(rows)
	tr := Tracking{Rows: rows, Publications: tracker.Publications(entries, events), Today: today, Since: since, Log: signed}
	if res.Stats, err = WriteContext(ctx, out, entries, tr, themes, items, inputs, opt.Progress); err != nil {
		return res, diags, &PublishError{Err: err}
	}
	return res, diags, nil
}

// themesOf loads the themes of the site's languages (site.Languages),
// with the templates of dir laid over the defaults. A language without a
// phrase book here, s55's or dir's, is left out with a warning: the site
// is published in the others.
func themesOf(entries []*archive.Entry, dir string) ([]*theme.Theme, diag.List) {
	langs, body := Languages(entries)
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

// inputsOf is the digest of what the site is made from: this program
// (its own bytes, so that a new s55 writes the site again), the archive's
// manifests, the tracker's updates, the responses' events, the override
// templates and the days the tracker is read on (a new day may rate an
// item red).
func inputsOf(entries []*archive.Entry, src, events *response.Source, themes []*theme.Theme, checkpoint []byte, day string) (string, error) {
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
	return Inputs(hex.EncodeToString(h.Sum(nil)), entries, updates, evs, files, day), nil
}
