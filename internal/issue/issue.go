// Package issue is what "s55 issue" and the office's desk share to issue
// a response folder: it is rendered (as a correction of its latest
// revision when a reason is given) and its s.55(6) e-mail checked, then
// handed to the archive (archive.Issue) as the archive takes a build; and
// verify's way to build an archived revision again.
package issue

import (
	"fmt"
	"path/filepath"
	"time"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/printable"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/submission"
	"github.com/opcc-tools/s55/internal/yamledit"
)

// Build loads the response folder dir and renders it to be issued at the
// time issued: as a correction of its latest revision in the archive arch
// when reason is given (Correction), so that its documents and e-mail say
// so. It checks the s.55(6) e-mail that sends it (submission.Check): what
// is published goes to the Home Secretary and HMICFRS, and the revision
// carries the message. The result is nil, or the list holds errors, when
// it cannot be issued; the error says what else stopped it.
func Build(dir, arch string, opt build.Options, reason string, issued time.Time) (*build.Result, diag.List, error) {
	f, themes, diags := build.Load(dir, opt)
	if diags.Errors() > 0 {
		return nil, diags, nil
	}
	if reason != "" {
		corr, err := Correction(arch, f, reason, issued)
		if err != nil {
			return nil, diags, err
		}
		opt.Correction = corr
	}
	r, rdiags := build.Documents(f, themes, opt)
	diags = append(diags, rdiags...)
	if r != nil {
		_, sdiags := submission.Check(r.Folder)
		diags = append(diags, sdiags...)
	}
	diags.Sort()
	return r, diags, nil
}

// Correction is what the documents of a correction of f's latest revision
// in the archive, issued at issued for reason, say they are; nil when the
// archive holds no revision of f (archive.Issue then refuses the reason).
func Correction(arch string, f *response.Folder, reason string, issued time.Time) (*published.Correction, error) {
	revs, err := archive.Revisions(arch, f.ID)
	if err != nil || len(revs) == 0 {
		return nil, err
	}
	dir := archive.RevisionDir(arch, f.ID, revs[len(revs)-1])
	prev, _, err := archive.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	old, err := input.ReadMax(filepath.Join(dir, filepath.FromSlash(prev.Source.Response), response.FileName), input.MaxSize)
	if err != nil {
		return nil, err
	}
	changed, err := yamledit.Changed(old, f.Source.Data)
	if err != nil {
		return nil, fmt.Errorf("%s: the archived response.yaml cannot be compared: %w", dir, err)
	}
	return &published.Correction{Day: day.Of(issued), Replaces: day.Of(prev.Issued), Reason: reason, Changed: changed}, nil
}

// ReasonProblem says why a correction's reason cannot be printed in its
// documents, or "": it is one line of at most 500 characters, each one
// the documents can publish.
func ReasonProblem(reason string) string {
	if n := utf8.RuneCountInString(reason); n > 500 {
		return fmt.Sprintf("the reason is %d characters long: say it in at most 500, on one line", n)
	}
	for _, r := range reason {
		if r == '\n' || r == '\r' {
			return "the reason is printed as one line: give it without line breaks"
		}
		if p := printable.Problem(r); p != "" {
			return fmt.Sprintf("%s cannot be printed: %s", printable.Describe(r), p)
		}
	}
	return ""
}

// Archived is a build as the archive takes it: the files, the inputs, the
// facts, the s.55(6) e-mail and the correction it is.
func Archived(r *build.Result) *archive.Built {
	return &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission, Correction: r.Correction}
}

// Rebuild builds an archived revision again from its inputs, as s55 build
// builds a folder, as the correction corr when the revision is one:
// verify's way to prove a revision (archive.Verify).
func Rebuild(dir, office string, corr *published.Correction) (*archive.Built, error) {
	r, diags := build.Render(dir, build.Options{Office: office, Correction: corr})
	if r == nil {
		return nil, diags.Err()
	}
	return Archived(r), nil
}
