// Package tracker follows what became of every recommendation, cause of
// concern and area for improvement after a response was issued. Issued
// documents never change, so updates live apart from them, in a tracker
// file of dated entries beside the archive (ARCHIVE/tracker.yaml); the
// status of an item is the one its latest update gives, or the one its
// response recorded when it was issued.
package tracker

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/response"
)

// FileName is the tracker file's name in an archive.
const FileName = "tracker.yaml"

// File is the content of a tracker file.
type File struct {
	Updates []Update `yaml:"updates"`
}

// Update is one dated entry about one item of one issued response.
type Update struct {
	// Response is the response's id, its folder name.
	Response string `yaml:"response"`
	// Item is the item's anchor in the documents: "rec-1", "coc-2",
	// "afi-3" ("a2-rec-1" in a second appendix).
	Item string    `yaml:"item"`
	Date time.Time `yaml:"date"`
	// Status is one of not-started, in-progress, complete, closed (by
	// HMICFRS) and other-body.
	Status string `yaml:"status"`
	// Owner is who in the force answers for the item.
	Owner string `yaml:"owner"`
	// Target is the date the force aims to finish by.
	Target time.Time `yaml:"target"`
	// Note says what happened.
	Note string `yaml:"note"`
}

// Row is one item with its latest status, as the tracker page lists it.
type Row struct {
	Response   string   `json:"response"`
	Revision   int      `json:"revision"`
	Report     string   `json:"report"`
	Item       string   `json:"item"`
	Kind       string   `json:"kind"`
	Number     int      `json:"number"`
	Text       string   `json:"text"`
	Addressees []string `json:"addressees"`
	Deadline   string   `json:"deadline,omitempty"`
	Status     string   `json:"status"`
	Owner      string   `json:"owner,omitempty"`
	Target     string   `json:"target,omitempty"`
	Updated    string   `json:"updated,omitempty"`
	Note       string   `json:"note,omitempty"`
	// Link is the item in the published response, relative to the site.
	Link string `json:"link"`
}

// Load reads the tracker file; a missing file holds no updates.
func Load(file string) ([]Update, *response.Source, diag.List) {
	data, err := input.Read(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		var d diag.List
		d.Add(file, 0, 0, "", "%v", err)
		return nil, nil, d
	}
	var f File
	src, diags := response.Decode(file, data, &f)
	return f.Updates, src, diags
}

// Items lists every item of one issued revision as rows, with the status
// its response recorded, before any update: it reads the revision's
// archived response.yaml.
func Items(e *archive.Entry) ([]Row, diag.List) {
	var diags diag.List
	m := e.Manifest
	file := filepath.Join(e.Dir, filepath.FromSlash(m.Source.Response), response.FileName)
	data, err := input.Read(file)
	if err != nil {
		diags.Add(file, 0, 0, "", "%v", err)
		return nil, diags
	}
	var resp response.Response
	if _, d := response.Decode(file, data, &resp); d.Errors() > 0 {
		return nil, d
	}
	var rows []Row
	add := func(appendix int, it response.Item) {
		id := compose.ItemID(appendix, it.Kind, it.Number)
		status := it.Status
		if status == "" {
			status = "not-started"
			if it.Response.Blank() && len(it.Items) == 0 {
				status = "other-body"
			}
		}
		rows = append(rows, Row{
			Response: m.ID, Revision: m.Revision, Report: m.Report.Title,
			Item: id, Kind: it.Kind, Number: it.Number, Text: strings.TrimSpace(it.Text.String()),
			Addressees: texts(it.Addressees), Deadline: it.Deadline.String(), Status: status,
			Link: archive.SitePath(m.ID, m.Revision) + "/response.html#" + id,
		})
	}
	for a, ap := range resp.Appendices {
		for _, it := range ap.Items {
			add(a, it)
			for _, sub := range it.Items {
				add(a, sub)
			}
		}
	}
	return rows, nil
}

// texts returns a list of texts as the tracker prints them: in the first
// language of a response given in several.
func texts(list []response.Text) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.String()
	}
	return out
}

// Rows lists every item of the latest revision of each response, in the
// order of entries, with the updates applied. Updates naming a response or
// item that does not exist, or a status outside the list, are reported.
//
// load lists a revision's items as its response recorded them; nil means
// Items, which reads the archived response.yaml. A site keeps what Items
// found for each revision, which never changes, so that a later run need
// not decode every response again.
func Rows(entries []*archive.Entry, updates []Update, src *response.Source, load func(*archive.Entry) ([]Row, diag.List)) ([]Row, diag.List) {
	if load == nil {
		load = Items
	}
	var diags diag.List
	var rows []Row
	if src == nil {
		src = &response.Source{File: FileName, Pos: map[string]response.Pos{}}
	}
	latest := map[string]bool{}
	index := map[string]int{} // response/item -> row
	for _, e := range entries {
		m := e.Manifest
		if latest[m.ID] {
			continue
		}
		latest[m.ID] = true
		items, d := load(e)
		diags = append(diags, d...)
		for _, r := range items {
			index[m.ID+"/"+r.Item] = len(rows)
			rows = append(rows, r)
		}
	}

	order := make([]int, len(updates))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return updates[a].Date.Compare(updates[b].Date) })
	for _, i := range order {
		u := updates[i]
		p := fmt.Sprintf("updates[%d]", i)
		at := func(field, format string, args ...any) {
			pos := src.At(p + "." + field)
			diags.Add(src.File, pos.Line, pos.Col, p+"."+field, format, args...)
		}
		switch {
		case !latest[u.Response]:
			at("response", "no issued response %q in the archive", u.Response)
			continue
		case u.Date.IsZero():
			if _, written := src.Pos[p+".date"]; !written {
				at("date", "the update has no date")
			}
			continue
		}
		r, ok := index[u.Response+"/"+u.Item]
		if !ok {
			at("item", "response %s has no item %q", u.Response, u.Item)
			continue
		}
		if u.Status != "" && !slices.Contains(response.Statuses, u.Status) {
			at("status", "status %q is not one of %s", u.Status, strings.Join(response.Statuses, ", "))
			continue
		}
		row := &rows[r]
		if u.Status != "" {
			row.Status = u.Status
		}
		if u.Owner != "" {
			row.Owner = u.Owner
		}
		if !u.Target.IsZero() {
			row.Target = u.Target.Format(time.DateOnly)
		}
		row.Updated = u.Date.Format(time.DateOnly)
		if u.Note != "" {
			row.Note = u.Note
		}
	}
	return rows, diags
}
