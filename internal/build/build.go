// Package build is the core of s55: a loaded response and the themes of
// its languages in, its published documents out. Documents checks the
// response once (check.Run), composes its document trees (compose) and
// renders each tree as PDF (pdf) and as HTML (htmldoc), in memory. What it
// gives is the files by name, in a fixed order, with the inputs they were
// built from (bundle) and the facts an archive records of them
// (published.Facts).
//
// The core reads and writes no file of its own: a folder is loaded by
// check.Load and check.Themes (Check and Render do both for a folder's
// name), and the files are put in place by outdir, or frozen by archive.
package build

import (
	"bytes"
	"slices"
	"sync"
	"time"

	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/pdf"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/submission"
	"github.com/opcc-tools/s55/internal/theme"
)

// Options tune a build.
type Options struct {
	// Office is the office profile Check and Render load; empty means
	// office.yaml beside the response folders.
	Office string
	// Today is the day the statutory clock is read on; the zero time
	// means the letter's date.
	Today time.Time
	// Correction, when set, builds a revision that supersedes another:
	// the documents and the s.55(6) e-mail say so (compose.Corrected,
	// submission.New).
	Correction *published.Correction
}

// Result is one response rendered in memory.
type Result struct {
	// Folder is the loaded response folder.
	Folder *response.Folder
	// Theme is the theme it was built with: the first language's, in an
	// office of several; Themes holds every language's, in the office's
	// order.
	Theme  *theme.Theme
	Themes []*theme.Theme
	// Set holds the document trees.
	Set *compose.Set
	// Facts are what the response says of itself, as an archive records
	// it.
	Facts published.Facts
	// Files are the outputs in a fixed order: letter, appendices,
	// response (in an office of several languages each language's, then
	// the bilingual response; see compose.Set.Outputs); each as PDF then
	// HTML.
	Files []staging.File
	// Source holds the inputs the files were built from.
	Source *bundle.Source
	// Correction is the correction the files say they are, or nil.
	Correction *published.Correction
}

// File returns the output called name, or nil.
func (r *Result) File(name string) []byte {
	for _, f := range r.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// Submission is the s.55(6) e-mail that sends the published response to
// the addresses the office gives, as at the time of issue
// (submission.FileName names it); nil when the office gives none.
func (r *Result) Submission(issued time.Time) ([]byte, error) {
	if r.Folder.Office.Submission == nil {
		return nil, nil
	}
	msg, diags := submission.New(r.Folder, r.Themes, r.File(published.Response+published.PDF), issued, r.Correction)
	if err := diags.Err(); err != nil {
		return nil, err
	}
	return msg.Bytes()
}

// Checked is a response folder checked and composed: everything a build
// does but rendering.
type Checked struct {
	Folder *response.Folder
	// Theme is the theme of the office's first language, and Themes that
	// of each of its languages, in its order. A response has one clock,
	// whatever its languages.
	Theme  *theme.Theme
	Themes []*theme.Theme
	Clock  check.Clock
	Set    *compose.Set
	// Correction is the correction the documents say they are, or nil.
	Correction *published.Correction
}

// Documents is the core: it checks the loaded folder f with the themes of
// its languages (check.Themes) and renders its documents, reading nothing
// from disk. The list holds every problem found; the result is nil when
// any of them is an error. It is CheckFolder, then Render.
func Documents(f *response.Folder, themes []*theme.Theme, opt Options) (*Result, diag.List) {
	c, diags := CheckFolder(f, themes, opt)
	if diags.Errors() > 0 {
		return nil, diags
	}
	r, rdiags := c.Render()
	return r, append(diags, rdiags...)
}

// CheckFolder runs every check on the loaded folder f, once, and composes
// its documents: the first half of Documents. A batch build checks every
// folder before it renders any; the live preview publishes the pages
// before the PDFs. The list holds the problems of the checks and of
// composing; the result's Set is nil when one of them is an error.
func CheckFolder(f *response.Folder, themes []*theme.Theme, opt Options) (*Checked, diag.List) {
	th := themes[0]
	c := &Checked{Folder: f, Theme: th, Themes: themes, Correction: opt.Correction}
	var diags diag.List
	c.Clock, diags = check.Run(f, th, check.Options{Today: opt.Today, Themes: themes})
	// The documents are composed even when a check failed: composing
	// reads the Markdown, and its problems are reported with the rest.
	set, sdiags := compose.Corrected(f, opt.Correction, themes...)
	diags = append(diags, sdiags...)
	diags.Sort()
	if diags.Errors() == 0 {
		c.Set = set
	}
	return c, diags
}

// Check loads the response folder dir and the themes of its languages
// (check.Load, check.Themes) and checks it (CheckFolder). The list holds
// every problem found; the result is nil when the folder could not be
// loaded.
func Check(dir string, opt Options) (*Checked, diag.List) {
	f, themes, diags := Load(dir, opt)
	if diags.Errors() > 0 {
		return nil, diags
	}
	c, cdiags := CheckFolder(f, themes, opt)
	diags = append(diags, cdiags...)
	diags.Sort()
	return c, diags
}

// Render loads the response folder dir as Check does and renders its
// documents: Documents for a folder's name. The list holds every problem
// with the inputs; the result is nil when any of them is an error.
func Render(dir string, opt Options) (*Result, diag.List) {
	c, diags := Check(dir, opt)
	if diags.Errors() > 0 {
		return nil, diags
	}
	r, rdiags := c.Render()
	return r, append(diags, rdiags...)
}

// Load loads the response folder dir and the themes of its languages, as
// Check and Render do: what issue reads before it knows whether the
// build is a correction.
func Load(dir string, opt Options) (*response.Folder, []*theme.Theme, diag.List) {
	f, diags := check.Load(dir, response.Options{OfficeFile: opt.Office})
	if diags.Errors() > 0 {
		return nil, nil, diags
	}
	themes, tdiags := check.Themes(f)
	return f, themes, append(diags, tdiags...)
}

// Render renders a checked response in memory: the second half of
// Documents. The list holds the problems rendering met; the result is nil
// when there is one.
func (c *Checked) Render() (*Result, diag.List) {
	f, th, set := c.Folder, c.Theme, c.Set
	r := &Result{Folder: f, Theme: th, Themes: c.Themes, Set: set, Correction: c.Correction}
	if len(r.Themes) == 0 {
		r.Themes = []*theme.Theme{th}
	}
	r.Facts = facts(f, r.Themes)
	// The source holds the override files of every language's theme.
	src, err := bundle.Collect(f, theme.Joined(r.Themes))
	if err != nil {
		return nil, diag.List{diag.As(err, f.Dir)}
	}
	r.Source = src
	jobs := set.Outputs()
	if f.Office.Bundle() {
		a, err := src.Attachment(f.Response.Letter.Date)
		if err != nil {
			return nil, diag.List{diag.As(err, f.Dir)}
		}
		for _, j := range jobs {
			j.Doc.Attachments = []document.Attachment{a}
		}
	}
	r.Files = make([]staging.File, 2*len(jobs))
	errs := make([]error, len(r.Files))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			var b bytes.Buffer
			errs[2*i] = pdf.Render(&b, j.Doc)
			r.Files[2*i] = staging.File{Name: j.Name + published.PDF, Data: b.Bytes()}
		})
		wg.Go(func() {
			var b bytes.Buffer
			errs[2*i+1] = htmldoc.Render(&b, j.Doc, j.Theme)
			r.Files[2*i+1] = staging.File{Name: j.Name + published.HTML, Data: b.Bytes()}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, diag.List{diag.As(err, r.Files[i].Name)}
		}
	}
	return r, nil
}

// facts are what the folder f says of itself, as an archive records it.
func facts(f *response.Folder, themes []*theme.Theme) published.Facts {
	resp := f.Response
	return published.Facts{
		ID: f.ID, Title: reportTitle(f, themes[0]), Inspectorates: resp.Report.Inspectorates,
		Published: resp.Report.Published, LetterDate: resp.Letter.Date, URL: resp.Report.URL,
	}
}

// reportTitle is the report's title as an archive records it: in an office
// of several languages, its title in each, side by side as the phrase book
// of the first sets them ("Arolygiad PEEL ... / PEEL inspection ..."), so
// that a site lists the response once, in every language.
func reportTitle(f *response.Folder, th *theme.Theme) string {
	title := f.Response.Report.Title
	if !f.Bilingual() {
		return title.String()
	}
	var each []string
	for _, lang := range f.Languages {
		if s := title.In(lang); !slices.Contains(each, s) {
			each = append(each, s)
		}
	}
	if len(each) == 1 {
		return each[0]
	}
	if s, err := th.Join(each); err == nil {
		return s
	}
	return title.String()
}
