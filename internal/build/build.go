// Package build turns response folders into their published files: the
// letter, each appendix and the whole response, each as PDF and HTML. It
// renders a response in memory and writes its folder only when all of it
// succeeded, so a failed build leaves no file behind.
package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/pdf"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
)

// Options tune a build.
type Options struct {
	// Office is the office profile; empty means office.yaml beside the
	// response folders.
	Office string
	// Today is the day the statutory clock is read on; the zero time
	// means the letter's date.
	Today time.Time
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
	// Files are the outputs in a fixed order: letter, appendices,
	// response (in an office of several languages each language's, then
	// the bilingual response; see compose.Set.Outputs); each as PDF then
	// HTML.
	Files []staging.File
	// Source holds the inputs the files were built from.
	Source *Source
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

// Checked is a response folder loaded, checked and composed: everything a
// build does but rendering.
type Checked struct {
	Folder *response.Folder
	// Theme is the theme of the office's first language, and Themes that
	// of each of its languages, in its order. A response has one clock,
	// whatever its languages.
	Theme  *theme.Theme
	Themes []*theme.Theme
	Clock  check.Clock
	Set    *compose.Set
}

// Check loads the response folder dir and its theme, runs every check and
// composes the documents. The list holds every problem found; the result is
// nil when the folder could not be loaded.
func Check(dir string, opt Options) (*Checked, diag.List) {
	f, diags := Load(dir, response.Options{OfficeFile: opt.Office})
	if diags.Errors() > 0 {
		return nil, diags
	}
	themes, tdiags := Themes(f)
	diags = append(diags, tdiags...)
	if diags.Errors() > 0 {
		return nil, diags
	}
	c, cdiags := CheckFolder(f, themes, opt)
	diags = append(diags, cdiags...)
	diags.Sort()
	return c, diags
}

// Load loads the response folder dir as response.Load does. When the
// folder loads with errors of its own (an office field still to fill, a
// missing file) but its languages are known, the texts still to translate
// are named with them (check.Translations): an office of several languages
// then learns in one check what is left to fill and what to translate.
func Load(dir string, opt response.Options) (*response.Folder, diag.List) {
	f, diags := response.Load(dir, opt)
	if diags.Errors() > 0 && len(f.Languages) > 1 {
		diags = append(diags, check.Translations(f)...)
		diags.Sort()
	}
	return f, diags
}

// Themes loads the themes of a loaded folder, one for each of the office's
// languages in its order: the default templates with the office's
// overrides, speaking for the office's body (theme.ForBody), each page
// template parsed, so that a broken one is reported at
// its file and line before anything is rendered.
func Themes(f *response.Folder) ([]*theme.Theme, diag.List) {
	diags := check.Languages(f)
	if diags.Errors() > 0 {
		return nil, diags
	}
	var themes []*theme.Theme
	for _, lang := range f.Languages {
		th, tdiags := theme.Load(f.TemplatesDir, lang)
		th = th.ForBody(f.Office.PolicingBody())
		diags = append(diags, tdiags...)
		if tdiags.Errors() == 0 {
			if err := htmldoc.Check(th); err != nil {
				diags = append(diags, diag.As(err, th.PageFile))
			}
		}
		themes = append(themes, th)
	}
	if diags.Errors() > 0 {
		return nil, diags
	}
	return themes, diags
}

// CheckFolder runs every check on an already loaded folder f with its
// themes (Themes) and composes the documents, reading nothing from disk: a
// caller that holds the folder's bytes (the live preview, after a save)
// loads it once and checks it here. The list holds the problems of the
// checks and of composing; the result's Set is nil when one of them is an
// error.
func CheckFolder(f *response.Folder, themes []*theme.Theme, opt Options) (*Checked, diag.List) {
	th := themes[0]
	c := &Checked{Folder: f, Theme: th, Themes: themes}
	var diags diag.List
	c.Clock, diags = check.Run(f, th, check.Options{Today: opt.Today, Themes: themes})
	// The documents are composed even when a check failed: composing
	// reads the Markdown, and its problems are reported with the rest.
	set, sdiags := compose.Build(f, themes...)
	diags = append(diags, sdiags...)
	diags.Sort()
	if diags.Errors() == 0 {
		c.Set = set
	}
	return c, diags
}

// Render loads, checks and renders the response folder dir in memory. The
// returned list holds every problem with the inputs; the result is nil when
// any of them is an error.
func Render(dir string, opt Options) (*Result, diag.List) {
	c, diags := Check(dir, opt)
	if diags.Errors() > 0 {
		return nil, diags
	}
	r, rdiags := c.Render()
	return r, append(diags, rdiags...)
}

// Render renders a checked response in memory. The list holds the
// problems rendering met; the result is nil when there is one.
func (c *Checked) Render() (*Result, diag.List) {
	var diags diag.List
	dir := c.Folder.Dir
	f, th, set := c.Folder, c.Theme, c.Set
	r := &Result{Folder: f, Theme: th, Set: set}
	// The source holds the override files of every language's theme.
	themes := c.Themes
	if len(themes) == 0 {
		themes = []*theme.Theme{th}
	}
	r.Themes = themes
	src, err := CollectSource(f, theme.Joined(themes))
	if err != nil {
		return nil, append(diags, diag.As(err, dir))
	}
	published, err := src.Published()
	if err != nil {
		return nil, append(diags, diag.As(err, dir))
	}
	bundle, err := published.Zip(f.Response.Letter.Date)
	if err != nil {
		return nil, append(diags, diag.As(err, dir))
	}
	r.Source = src
	jobs := set.Outputs()
	if f.Office.Bundle() {
		attach := []document.Attachment{{
			Name: SourceName, MIME: "application/zip", Data: bundle,
			Description: "The data this document was built from: unpack it with s55 unpack, then build it with s55 build.",
		}}
		for _, j := range jobs {
			j.Doc.Attachments = attach
		}
	}

	r.Files = make([]staging.File, 2*len(jobs))
	errs := make([]error, len(r.Files))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			var b bytes.Buffer
			errs[2*i] = pdf.Render(&b, j.Doc)
			r.Files[2*i] = staging.File{Name: j.Name + ".pdf", Data: b.Bytes()}
		})
		wg.Go(func() {
			var b bytes.Buffer
			errs[2*i+1] = htmldoc.Render(&b, j.Doc, j.Theme)
			r.Files[2*i+1] = staging.File{Name: j.Name + ".html", Data: b.Bytes()}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, append(diags, diag.As(err, r.Files[i].Name))
		}
	}
	return r, diags
}

// ErrForeign reports an output folder that holds files a build did not
// write, which a build does not replace.
var ErrForeign = errors.New("holds files that s55 build did not write")

// Write puts a result's files in place as out/<id>, replacing an earlier
// build of the same response as a whole. A folder there that holds
// anything but a build's own files (the letter, appendices and response,
// as PDF and HTML) is not replaced: the error wraps ErrForeign. Build
// output can be made again at will, so it is not flushed to disk: the
// rename into place is atomic, but a power cut may leave it empty.
func Write(out string, r *Result) error {
	dir := filepath.Join(out, r.Folder.ID)
	if err := CheckOutput(dir); err != nil {
		return err
	}
	return staging.Writer{NoSync: true}.WriteDir(dir, r.Files, true)
}

// outputName matches the files a build writes: each document's, and in an
// office of several languages each language's, marked with its language
// ("letter.cy.pdf", "response.en-gb.html"; see compose.FileSuffixes).
var outputName = regexp.MustCompile(`^(letter|response|appendix-[1-9][0-9]*)(\.[a-z]{2,8}(-[a-z0-9]{1,8})*)?\.(pdf|html)$`)

// CheckOutput refuses to replace the folder dir (out/<id>) when it holds
// anything a build does not write: a folder, a link, another file.
func CheckOutput(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		if st, serr := os.Lstat(dir); serr == nil && !st.IsDir() {
			return fmt.Errorf("%s: error: it is a file, which a build does not replace: %w", dir, ErrForeign)
		}
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !outputName.MatchString(e.Name()) {
			return fmt.Errorf("%s: error: %w (%s), so it is not replaced", dir, ErrForeign, e.Name())
		}
	}
	return nil
}
