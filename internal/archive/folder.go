package archive

import (
	"path/filepath"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/response"
)

// Load loads the response folder the revision was issued from, as its
// source/ keeps it, with the office profile it was issued with: what the
// office published in (its languages, its kind of body) and every item as
// issued.
func (e *Entry) Load() (*response.Folder, diag.List) {
	m := e.Manifest
	opt := response.Options{}
	if m.Source.Office != "" {
		opt.OfficeFile = filepath.Join(e.Dir, filepath.FromSlash(m.Source.Office))
	}
	return response.Load(filepath.Join(e.Dir, filepath.FromSlash(m.Source.Response)), opt)
}
