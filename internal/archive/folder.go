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
	return e.load(response.Options{})
}

// LoadData reads the revision's archived folder as Load does, without its
// pictures (response.Options.NoPictures): for what its data says.
func (e *Entry) LoadData() (*response.Folder, diag.List) {
	return e.load(response.Options{NoPictures: true})
}

func (e *Entry) load(opt response.Options) (*response.Folder, diag.List) {
	m := e.Manifest
	if m.Source.Office != "" {
		opt.OfficeFile = filepath.Join(e.Dir, filepath.FromSlash(m.Source.Office))
	}
	return response.Load(filepath.Join(e.Dir, filepath.FromSlash(m.Source.Response)), opt)
}
