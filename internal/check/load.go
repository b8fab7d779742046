package check

import (
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// Load loads the response folder dir as response.Load does. When the
// folder loads with errors of its own (an office field still to fill, a
// missing file) but its languages are known, the texts still to translate
// are named with them (Translations): an office of several languages then
// learns in one check what is left to fill and what to translate.
func Load(dir string, opt response.Options) (*response.Folder, diag.List) {
	f, diags := response.Load(dir, opt)
	if diags.Errors() > 0 && len(f.Languages) > 1 {
		diags = append(diags, Translations(f)...)
		diags.Sort()
	}
	return f, diags
}

// Themes loads the themes of a loaded folder, one for each of the office's
// languages in its order (Languages checks them first): the default
// templates with the office's overrides, speaking for the office's body
// (theme.ForBody), each page template parsed, so that a broken one is
// reported at its file and line before anything is rendered. The themes
// are nil when the list holds an error.
func Themes(f *response.Folder) ([]*theme.Theme, diag.List) {
	diags := Languages(f)
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
