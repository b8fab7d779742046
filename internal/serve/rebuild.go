package serve

import (
	"bytes"
	"fmt"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/staging"
)

// Rebuild builds the response again and publishes the result. It reports
// whether what the tabs show changed: a rebuild with the same outcome (a
// save without changes) reloads nothing.
//
// A rebuild goes in two steps. It loads, checks and composes the response
// and renders its HTML pages, a few milliseconds of work, and publishes
// them, so that the tabs reload at once. Then it builds everything as
// "s55 build" does, PDFs included, and publishes that; requests for a PDF
// wait for it. The second step decides: should it fail, or give other pages
// (the files changed again meanwhile), the tabs are told again.
func (s *Server) Rebuild() bool {
	return s.rebuild(0)
}

// pdfSettle is how long a rebuild after a save waits between publishing the
// pages and building the PDFs, unless a PDF is asked for: the reloading tabs
// get the processor to themselves meanwhile.
const pdfSettle = 200 * time.Millisecond

// rebuild is Rebuild, waiting up to settle before the second step.
func (s *Server) rebuild(settle time.Duration) bool {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	opt := build.Options{Office: s.opt.Office}
	start := time.Now()
	before := s.current()
	select {
	case <-s.wantPDF: // asked for the last build's PDFs, which are done
	default:
	}

	c, diags := build.Check(s.dir, opt)
	if diags.Errors() > 0 {
		s.follow(nil)
		took := time.Since(start)
		changed := s.publish(outcome{diags: diags, took: took}, nil)
		s.logBuild(changed, diags, "", took, 0)
		return changed
	}
	s.follow(c)
	pages, perr := renderPages(c.Set)
	if perr != nil {
		diags = append(diags, *perr)
		took := time.Since(start)
		changed := s.publish(outcome{diags: diags, took: took}, nil)
		s.logBuild(changed, diags, "", took, 0)
		return changed
	}
	pending := make(chan struct{})
	pagesTook := time.Since(start)
	changed := s.publish(outcome{ok: true, files: pages, diags: diags, id: c.Folder.ID, built: start, took: pagesTook, pages: pagesTook, pending: pending}, nil)

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
	r, diags := build.Render(s.dir, opt)
	o := outcome{diags: diags, took: pagesTook + time.Since(renderStart), pages: pagesTook}
	if r != nil {
		o.ok, o.files, o.id, o.built = true, r.Files, r.Folder.ID, start
	} else if before.good > 0 {
		o.lastGood = before // the pages just published were not a good build
	}
	if s.publish(o, pending) {
		changed = true
	}
	s.logBuild(changed, diags, o.id, o.took, pagesTook)
	return changed
}

// outcome is what one step of a rebuild gives.
type outcome struct {
	ok    bool
	files []staging.File // when ok
	diags diag.List
	id    string
	built time.Time
	// took is how long the build took; pages, how long until its pages
	// were out.
	took, pages time.Duration
	// pending is set when files hold the pages only.
	pending chan struct{}
	// lastGood, for a failure, is the snapshot that holds the last good
	// build, when the current one does not.
	lastGood *snapshot
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
	old := s.snap
	next := *old
	next.ok, next.diags, next.took, next.pages, next.pending = o.ok, o.diags, o.took, o.pages, nil
	switch {
	case o.ok:
		next.files, next.builtAt, next.id, next.pending = o.files, o.built, o.id, o.pending
	case o.lastGood != nil:
		next.files, next.builtAt, next.id, next.good = o.lastGood.files, o.lastGood.builtAt, o.lastGood.id, o.lastGood.good
	case old.pending != nil:
		next.files, next.good = nil, 0 // pages of a build that then failed
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
// a build that failed before it knew.
func (s *Server) follow(c *build.Checked) {
	w := baseWatch(s.dir, s.opt.Office)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c != nil {
		w.add(c.Folder, c.Theme)
	} else {
		w.merge(s.watching) // keep what the last good build read
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
		name := o.Name + ".html"
		if err := htmldoc.Render(&b, o.Doc, o.Theme); err != nil {
			if dg, ok := err.(diag.Diagnostic); ok {
				return nil, &dg
			}
			return nil, &diag.Diagnostic{File: name, Severity: diag.Error, Msg: err.Error()}
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
		fmt.Fprintf(s.opt.Log, "s55 serve: built %s in %s (pages in %s)\n", id, millis(took), millis(pages))
		return
	}
	fmt.Fprintf(s.opt.Log, "s55 serve: rebuild failed after %s with %s; the browser shows the problems\n", millis(took), plural(diags.Errors(), "error"))
}
