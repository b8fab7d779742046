package desk

import (
	"bytes"
	"html"
	"net/http"
	"regexp"
	"strconv"

	"github.com/opcc-tools/s55/internal/addressee"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// The draft preview: the published response as it would be built now,
// with a marked placeholder ("No answer yet", from the phrase book) where
// an item still lacks an answer it needs. It is a page of the desk only:
// build and issue refuse such a response as ever. It never refuses: when
// even the draft cannot be composed, it says why, in words.

// placeholderClass marks a placeholder in the draft preview.
const placeholderClass = "s55-no-answer"

// Draft composes the response folder dir's published response as HTML,
// every answer it lacks in place as a marked placeholder; it returns the
// page and the number of placeholders, or the problems that keep it from
// being composed.
func Draft(dir, office string) ([]byte, int, diag.List) {
	f, diags := check.Load(dir, response.Options{OfficeFile: office})
	if diags.Errors() > 0 {
		return nil, 0, diags
	}
	themes, tdiags := check.Themes(f)
	if tdiags.Errors() > 0 {
		return nil, 0, tdiags
	}
	ph, err := placeholder(f, themes)
	if err != nil {
		return nil, 0, diag.List{diag.As(err, dir)}
	}
	who := addressee.New(f, themes)
	n := 0
	var fill func(items []response.Item)
	fill = func(items []response.Item) {
		for i := range items {
			it := &items[i]
			force, office := who.Needs(*it)
			if force && it.Response.Blank() {
				it.Response, n = ph, n+1
			}
			if office && it.OfficeResponse.Blank() {
				it.OfficeResponse, n = ph, n+1
			}
			fill(it.Items)
		}
	}
	for i := range f.Response.Appendices {
		fill(f.Response.Appendices[i].Items)
	}
	set, cdiags := compose.Build(f, themes...)
	if cdiags.Errors() > 0 || set == nil {
		return nil, 0, cdiags
	}
	for _, o := range set.Outputs() {
		if o.Name != published.Response {
			continue
		}
		var b bytes.Buffer
		if err := htmldoc.Render(&b, o.Doc, o.Theme); err != nil {
			return nil, 0, diag.List{diag.As(err, dir)}
		}
		return mark(b.Bytes(), ph, f.Languages), n, nil
	}
	return nil, 0, diag.List{{File: dir, Severity: diag.Error, Msg: "the response composes no published response"}}
}

// placeholder is the phrase that stands for a missing answer, in each of
// the office's languages.
func placeholder(f *response.Folder, themes []*theme.Theme) (response.Text, error) {
	if len(themes) == 1 {
		s, err := themes[0].Phrase("no_answer_yet", nil)
		return response.Plain(s), err
	}
	var ts []response.Translation
	for _, th := range themes {
		s, err := th.Phrase("no_answer_yet", nil)
		if err != nil {
			return response.Text{}, err
		}
		ts = append(ts, response.Translation{Lang: th.Lang, Text: s})
	}
	return response.Translated(ts...), nil
}

// mark wraps each placeholder's paragraph in a mark element.
func mark(page []byte, ph response.Text, langs []string) []byte {
	texts := map[string]bool{ph.String(): true}
	for _, l := range langs {
		texts[ph.In(l)] = true
	}
	for t := range texts {
		re := regexp.MustCompile(`(>\s?)(` + regexp.QuoteMeta(html.EscapeString(t)) + `)(</p>)`)
		page = re.ReplaceAll(page, []byte(`${1}<mark class="`+placeholderClass+`">${2}</mark>${3}`))
	}
	return page
}

// servePreview answers GET /_s55/api/responses/{id}/preview: the draft
// preview, or, when it cannot be composed, a page that says why. Either
// is answered 200: the preview never refuses.
func (d *Desk) servePreview(w http.ResponseWriter, r *http.Request) {
	o, e := d.open(r.PathValue("id"))
	if e != nil {
		http.Error(w, e.msg, e.status)
		return
	}
	page, n, diags := Draft(o.p.Dir(), d.office)
	h := w.Header()
	h.Set("X-S55-Placeholders", strconv.Itoa(n))
	if page == nil {
		d.writePage(w, r, "unbuilt", map[string]any{"ID": r.PathValue("id"), "Problems": plainProblems(diags)})
		return
	}
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(http.StatusOK)
	w.Write(page)
}

// plainProblems are a load's errors as the pages say them, in words:
// the field by its label where the desk has one, never a path.
func plainProblems(diags diag.List) []string {
	var out []string
	for _, dg := range diags {
		if dg.Severity == diag.Error {
			out = append(out, dg.Msg)
		}
	}
	return out
}
