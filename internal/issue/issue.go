// Package issue is what "s55 issue" and the office's desk share to issue
// a response folder: it is rendered and its s.55(6) e-mail checked, then
// handed to the archive (archive.Issue) as the archive takes a build; and
// verify's way to build an archived revision again.
package issue

import (
	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/submission"
)

// Render renders the response folder dir as build.Render does and checks
// the s.55(6) e-mail that sends it (submission.Check): what is published
// goes to the Home Secretary and HMICFRS, and the revision carries the
// message. The result is nil, or the list holds errors, when it cannot be
// issued.
func Render(dir string, opt build.Options) (*build.Result, diag.List) {
	r, diags := build.Render(dir, opt)
	if r != nil {
		_, sdiags := submission.Check(r.Folder)
		diags = append(diags, sdiags...)
		diags.Sort()
	}
	return r, diags
}

// Archived is a build as the archive takes it: the files, the inputs, the
// facts and the s.55(6) e-mail.
func Archived(r *build.Result) *archive.Built {
	return &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission}
}

// Rebuild builds an archived revision again from its inputs, as s55 build
// builds a folder: verify's way to prove a revision (archive.Verify).
func Rebuild(dir, office string) (*archive.Built, error) {
	r, diags := build.Render(dir, build.Options{Office: office})
	if r == nil {
		return nil, diags.Err()
	}
	return Archived(r), nil
}
