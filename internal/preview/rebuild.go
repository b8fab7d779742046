package preview

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
)

// Rebuild builds the response again and publishes the result. It reports
// whether what the tabs show changed: a rebuild with the same outcome (a
// save without changes) reloads nothing.
//
// A rebuild loads the response once. It checks and composes it and renders
// its HTML pages, a few milliseconds of work, and publishes them, so that
// the tabs reload at once. Then it renders everything as "s55 build" does,
// PDFs included, from the same load, and publishes that; requests for a
// PDF wait for it. Should the files change meanwhile, the watcher brings
// another rebuild.
func (s *Server) Rebuild() bool {
	return s.rebuild(0, false)
}

// pdfSettle is how long a rebuild after a save waits between publishing the
// pages and building the PDFs, unless a PDF is asked for: the reloading tabs
// get the processor to themselves meanwhile.
const pdfSettle = 200 * time.Millisecond

// rebuild is Rebuild, waiting up to settle before the PDFs. With ifChanged,
// as after file system events, it first reads what the last load read and
// does nothing when none of it changed: the editor's own saves are built
// when they are made, and the events they bring rebuild nothing.
func (s *Server) rebuild(settle time.Duration, ifChanged bool) bool {
	changed, pdfs := s.rebuildPages(ifChanged)
	if pdfs != nil && pdfs(settle) {
		changed = true
	}
	return changed
}

// rebuildPages loads the response and publishes its pages, taking turns
// with saves; it returns the step that renders the PDFs, which runs
// outside the turn.
func (s *Server) rebuildPages(ifChanged bool) (bool, func(time.Duration) bool) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	seen := s.watchSet().fingerprint(false)
	if ifChanged && s.seen != nil && maps.Equal(seen, s.seen) {
		s.unchanged.Add(1)
		return false, nil
	}
	s.seen = seen
	return s.pages(s.Load(nil))
}

// Load is one load of the response folder, checked and composed, with
// the versions of the files it read. It is never changed once made.
type Load struct {
	// Start is when the load began.
	Start time.Time
	// Checked is the checked folder; nil when it could not be loaded.
	Checked *build.Checked
	// Folder is the folder as far as it was loaded; nil when
	// response.yaml could not be read.
	Folder *response.Folder
	// Diags are the load's problems.
	Diags diag.List
	// Version is the version of response.yaml as loaded, "" when it was
	// not read.
	Version string
	// Letters are the files of the letter's body as loaded: one, or one
	// for each language of an office of several.
	Letters []LetterFile
}

// LetterFile is one file of the letter's body as a load read it.
type LetterFile struct {
	// Lang is the language the file is given under: the office's first
	// for a letter given in one file.
	Lang          string
	File, Version string
}

// LetterOf returns the letter's file that name is, by absolute path.
func (l *Load) LetterOf(name string) (LetterFile, bool) {
	if l == nil {
		return LetterFile{}, false
	}
	for _, lf := range l.Letters {
		if AbsPath(lf.File) == AbsPath(name) {
			return lf, true
		}
	}
	return LetterFile{}, false
}

// VersionOf is the version of the file name as the load read it:
// response.yaml's or a letter file's, "" for a file it did not read.
func (l *Load) VersionOf(name string) string {
	if l == nil {
		return ""
	}
	if lf, ok := l.LetterOf(name); ok {
		return lf.Version
	}
	if l.Folder != nil && l.Folder.Source != nil && AbsPath(l.Folder.Source.File) == AbsPath(name) {
		return l.Version
	}
	return ""
}

// Version is the version of a file's contents, as the editor's API and
// its ETags give it: the SHA-256 of its bytes, in hexadecimal.
func Version(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Load loads, checks and composes the response folder once. Files named in
// over (by absolute path: response.yaml, the letter's body) are read from
// there instead of the disk, so that a save is checked before it is
// written, and built from the same load after.
func (s *Server) Load(over map[string][]byte) *Load {
	s.loads.Add(1)
	if over != nil && s.checking != nil {
		s.checking()
	}
	l := &Load{Start: time.Now()}
	read := func(dir, name string) ([]byte, error) {
		if data, ok := over[AbsPath(filepath.Join(dir, name))]; ok {
			return data, nil
		}
		return input.ReadIn(dir, name, input.MaxSize)
	}
	f, diags := check.Load(s.dir, response.Options{OfficeFile: s.opt.Office, Read: read})
	l.Diags = diags
	if f.Source != nil {
		l.Folder = f
		l.Version = Version(f.Source.Data)
	}
	for _, b := range f.Letters {
		// The letter's form edits each file of the letter: one, or one
		// for each language, each with its own version.
		l.Letters = append(l.Letters, LetterFile{Lang: b.Lang, File: b.File, Version: Version(b.Data)})
	}
	if diags.Errors() > 0 {
		return l
	}
	themes, tdiags := check.Themes(f)
	l.Diags = append(l.Diags, tdiags...)
	if l.Diags.Errors() > 0 {
		return l
	}
	c, cdiags := build.CheckFolder(f, themes, build.Options{Office: s.opt.Office})
	l.Checked = c
	l.Diags = append(l.Diags, cdiags...)
	l.Diags.Sort()
	return l
}

// pages publishes what a load gives: its problems, or its HTML pages. For a
// good load it returns the second step, which renders everything, PDFs
// included, waiting up to settle first, publishes it and reports whether
// that changed what the tabs show. It is called with buildMu held; the
// second step needs no lock, and publishes nothing once a later load's
// pages are out.
func (s *Server) pages(l *Load) (bool, func(settle time.Duration) bool) {
	start := l.Start
	before := s.current()
	select {
	case <-s.wantPDF: // asked for the last build's PDFs, which are done
	default:
	}
	s.mu.Lock()
	s.last = l
	s.mu.Unlock()
	if l.Checked == nil || l.Diags.Errors() > 0 {
		s.follow(l.Checked)
		took := time.Since(start)
		changed := s.publish(outcome{diags: l.Diags, took: took}, nil)
		s.logBuild(changed, l.Diags, "", took, 0)
		return changed, nil
	}
	s.follow(l.Checked)
	pages, perr := renderPages(l.Checked.Set)
	if perr != nil {
		diags := append(slices.Clone(l.Diags), *perr)
		took := time.Since(start)
		changed := s.publish(outcome{diags: diags, took: took}, nil)
		s.logBuild(changed, diags, "", took, 0)
		return changed, nil
	}
	pending := make(chan struct{})
	pagesTook := time.Since(start)
	id := l.Checked.Folder.ID
	labels := docLabels(l.Checked.Set.Outputs(), l.Checked.Folder.Languages)
	changed := s.publish(outcome{ok: true, files: pages, labels: labels, diags: l.Diags, id: id, built: start, took: pagesTook, pages: pagesTook, pending: pending}, nil)

	return changed, func(settle time.Duration) bool {
		if settle > 0 {
			t := time.NewTimer(settle)
			select {
			case <-t.C:
			case <-s.wantPDF:
			case <-s.done:
			}
			t.Stop()
		}
		renderStart := time.Now()
		r, rdiags := l.Checked.Render()
		diags := append(slices.Clone(l.Diags), rdiags...)
		o := outcome{diags: diags, took: pagesTook + time.Since(renderStart), pages: pagesTook}
		if r != nil {
			o.ok, o.files, o.labels, o.id, o.built = true, r.Files, labels, id, start
		} else if before.good > 0 {
			o.lastGood = before // the pages just published were not a good build
		}
		o.of = l
		more := s.publish(o, pending)
		s.logBuild(changed || more, diags, o.id, o.took, pagesTook)
		return more
	}
}

// outcome is what one step of a rebuild gives.
type outcome struct {
	ok    bool
	files []staging.File // when ok
	// labels name the documents of files in words (docLabels).
	labels map[string]string
	diags  diag.List
	id     string
	built  time.Time
	// took is how long the build took; pages, how long until its pages
	// were out.
	took, pages time.Duration
	// pending is set when files hold the pages only.
	pending chan struct{}
	// lastGood, for a failure, is the snapshot that holds the last good
	// build, when the current one does not.
	lastGood *snapshot
	// of, when set, is the load the outcome comes from: it is published
	// only while that load is the latest.
	of *Load
}

// publish makes an outcome the current snapshot, and tells the tabs when
// what they show has changed, which it reports. It then closes done, if
// set, for requests that wait for the outcome.
func (s *Server) publish(o outcome, done chan struct{}) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if done != nil {
		defer close(done)
	}
	if o.of != nil && o.of != s.last {
		return false // a later load's pages are out; its PDFs will follow
	}
	old := s.snap
	next := *old
	next.ok, next.diags, next.took, next.pages, next.pending = o.ok, o.diags, o.took, o.pages, nil
	switch {
	case o.ok:
		next.files, next.labels, next.builtAt, next.id, next.pending = o.files, o.labels, o.built, o.id, o.pending
	case o.lastGood != nil:
		next.files, next.labels, next.builtAt, next.id, next.good = o.lastGood.files, o.lastGood.labels, o.lastGood.builtAt, o.lastGood.id, o.lastGood.good
	case old.pending != nil:
		next.files, next.labels, next.good = nil, nil, 0 // pages of a build that then failed
	}
	next.digest = digest(&next)
	changed := old.gen == 0 || next.digest != old.digest
	if changed {
		next.gen = old.gen + 1
		if next.ok {
			next.good = next.gen
		}
		for ch := range s.subs {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}
	s.snap = &next
	return changed
}

// follow records what the build c depends on, for the watcher; nil means
// a build that failed before it knew, which keeps watching what the last
// build read.
func (s *Server) follow(c *build.Checked) {
	w := baseWatch(s.dir, s.opt.Office)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c != nil {
		w.add(c.Folder, c.Theme)
	} else {
		w.merge(s.watching)
	}
	s.watching = w
}

// renderPages renders the HTML page of each document of the set, named as
// a build names them, each with its language's theme.
func renderPages(set *compose.Set) ([]staging.File, *diag.Diagnostic) {
	outs := set.Outputs()
	files := make([]staging.File, len(outs))
	for i, o := range outs {
		var b bytes.Buffer
		name := o.Name + published.HTML
		if err := htmldoc.Render(&b, o.Doc, o.Theme); err != nil {
			dg := diag.As(err, name)
			return nil, &dg
		}
		files[i] = staging.File{Name: name, Data: b.Bytes()}
	}
	return files, nil
}

// logBuild writes what a rebuild did, when it changed the preview.
func (s *Server) logBuild(changed bool, diags diag.List, id string, took, pages time.Duration) {
	if !changed {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	for _, d := range diags {
		fmt.Fprintln(s.opt.Log, d.Error())
	}
	if diags.Errors() == 0 {
		fmt.Fprintf(s.opt.Log, "s55 serve: built %s in %s (pages in %s)\n", id, Millis(took), Millis(pages))
		return
	}
	fmt.Fprintf(s.opt.Log, "s55 serve: rebuild failed after %s with %s; the browser shows the problems\n", Millis(took), plural(diags.Errors(), "error"))
}
