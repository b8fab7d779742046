// Package site makes the static site an office publishes from its archive:
// an index of every issued response, newest first, with whether it met the
// 56-day limit; each response's documents; and a tracker of every
// recommendation's status, also as CSV and JSON.
package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
)

// entry is one revision as the index lists it.
type entry struct {
	ID                    string
	Revision              int
	Title, Inspectorates  string
	Published, LetterDate string
	LastDay               string
	DaysLate              int
	Supersedes            int
	SupersededBy          int
	Reason                string
	HTML, PDF             string
}

type page struct {
	Lang, Title string
	CSS         htmltemplate.CSS
	Entries     []entry
	Rows        []tracker.Row
}

// Build makes the site's files from the archive's entries (as archive.List
// orders them) and the tracker's rows.
func Build(entries []*archive.Entry, rows []tracker.Row, th *theme.Theme) ([]staging.File, error) {
	tmpl, err := htmldoc.Site(th)
	if err != nil {
		return nil, err
	}
	date := func(s string) string {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return s
		}
		if f, err := th.Date(t); err == nil {
			return f
		}
		return s
	}
	superseded := map[string]int{}
	for _, e := range entries {
		if m := e.Manifest; m.Supersedes > 0 {
			superseded[fmt.Sprintf("%s/%d", m.ID, m.Supersedes)] = m.Revision
		}
	}
	var files []staging.File
	var list []entry
	for _, e := range entries {
		m := e.Manifest
		dir := tracker.SitePath(m.ID, m.Revision)
		list = append(list, entry{
			ID: m.ID, Revision: m.Revision, Title: m.Report.Title,
			Inspectorates: th.AndList(m.Report.Inspectorates),
			Published:     date(m.Report.Published), LetterDate: date(m.LetterDate), LastDay: date(m.LastDay),
			DaysLate: m.DaysLate, Supersedes: m.Supersedes, Reason: m.Reason,
			SupersededBy: superseded[fmt.Sprintf("%s/%d", m.ID, m.Revision)],
			HTML:         path.Join(dir, "response.html"), PDF: path.Join(dir, "response.pdf"),
		})
		for _, name := range m.Outputs {
			data, err := os.ReadFile(filepath.Join(e.Dir, name))
			if err != nil {
				return nil, err
			}
			files = append(files, staging.File{Name: path.Join(dir, name), Data: data})
		}
	}

	render := func(name, tmplName, title string, p page) error {
		p.Lang, p.Title, p.CSS = th.Lang, title, htmltemplate.CSS(th.CSS)
		var b bytes.Buffer
		if err := tmpl.ExecuteTemplate(&b, tmplName, p); err != nil {
			return theme.TemplateError(theme.SiteFile, err)
		}
		files = append(files, staging.File{Name: name, Data: b.Bytes()})
		return nil
	}
	if err := render("index.html", "index", "Responses to inspection reports", page{Entries: list}); err != nil {
		return nil, err
	}
	if err := render("tracker.html", "tracker", "Recommendation tracker", page{Rows: rows}); err != nil {
		return nil, err
	}

	var csvBuf bytes.Buffer
	w := csv.NewWriter(&csvBuf)
	w.Write([]string{"response", "revision", "report", "item", "kind", "number", "addressees", "deadline", "status", "owner", "target", "updated", "note", "link", "text"})
	for _, r := range rows {
		w.Write([]string{r.Response, fmt.Sprint(r.Revision), r.Report, r.Item, r.Kind, fmt.Sprint(r.Number),
			strings.Join(r.Addressees, "; "), r.Deadline, r.Status, r.Owner, r.Target, r.Updated, r.Note, r.Link, r.Text})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	files = append(files, staging.File{Name: "tracker.csv", Data: csvBuf.Bytes()})
	if rows == nil {
		rows = []tracker.Row{}
	}
	js, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return nil, err
	}
	files = append(files, staging.File{Name: "tracker.json", Data: append(js, '\n')})
	return files, nil
}
