package workbook

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/yamledit"
)

// Change says what a merge does to an item.
type Change string

// The changes a merge makes to an item.
const (
	// Unchanged: the workbook gives nothing the response does not hold.
	Unchanged Change = "unchanged"
	// New: it gives what the response held nothing of (a first answer).
	New Change = "new"
	// Changed: it changes what the response held.
	Changed Change = "changed"
)

// ItemPlan is what a merge does to one item.
type ItemPlan struct {
	// ID names the item as the documents do: "rec-3".
	ID string
	// Row is the item's row in the workbook's answers sheet.
	Row    int
	Change Change
	// Fields are the fields of the item in response.yaml that the merge
	// sets, in the order of the workbook's columns: response, position,
	// position_reason, owner, target.
	Fields []string
}

// Plan is a merge of the answers of a workbook into a response folder,
// planned and not yet written: what changes, item by item, and the new
// bytes of response.yaml. Apply writes it.
type Plan struct {
	// Dir is the response folder, File its response.yaml.
	Dir, File string
	// Name is the workbook as the user named it.
	Name string
	// Version is the SHA-256 of response.yaml as the plan read it: Apply
	// writes only over those very bytes.
	Version string
	// Items are the items of the workbook, in its order.
	Items []ItemPlan

	before, after []byte
}

// Counts counts the items by change.
func (p *Plan) Counts() (added, changed, unchanged int) {
	for _, it := range p.Items {
		switch it.Change {
		case New:
			added++
		case Changed:
			changed++
		default:
			unchanged++
		}
	}
	return added, changed, unchanged
}

// Changes reports whether the plan changes response.yaml.
func (p *Plan) Changes() bool { return !bytes.Equal(p.before, p.after) }

// ErrStale reports that response.yaml changed after the merge was planned:
// plan it again.
var ErrStale = errors.New("changed since the merge was planned, so nothing was written: merge again")

// Apply writes the plan: it reads response.yaml again and, when it holds
// the very bytes the plan was made from, puts the new ones in place
// atomically; otherwise it writes nothing and returns an error wrapping
// ErrStale. A plan that changes nothing writes nothing.
func (p *Plan) Apply() error {
	now, err := input.Read(p.File)
	if err != nil {
		return fmt.Errorf("%s %s", p.File, input.Reason(err))
	}
	if !bytes.Equal(now, p.before) {
		return fmt.Errorf("%s: %w", p.File, ErrStale)
	}
	if !p.Changes() {
		return nil
	}
	return staging.WriteFile(p.File, p.after, true)
}

// version is the SHA-256 of a file's bytes, as Plan.Version gives it.
func version(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// answer is what the workbook gives for one item.
type answer struct {
	row                             int
	id                              string
	path                            string // the item's path in response.yaml
	answer, position, reason, owner string
	target                          time.Time
}

// PlanMerge reads the answers of the invitation workbook data (named name,
// as the user gave it) and plans their merge into the response folder dir
// (opt as response.Load takes it). Nothing is written: Apply writes the
// plan.
//
// The workbook is refused, every problem at its cell (a *Refusal), when it
// is another response's; when an item's kind, number or report text was
// changed in it, or changed in response.yaml since it was made; when a
// position is not one of the list, a target date is not a date, or a
// position that does not accept an item gives no reason; when a cell holds
// a formula (it is never run) or an error; and when the answers would not
// read back from response.yaml as given. A cell left empty changes
// nothing.
//
// The new response.yaml is made by the editor of YAML files
// (yamledit.YAMLFile.SetAll): every byte but the values set stays as it
// was, comments too.
func PlanMerge(dir string, opt response.Options, name string, data []byte) (*Plan, error) {
	file := filepath.Join(dir, response.FileName)
	before, err := input.Read(file)
	if err != nil {
		return nil, fmt.Errorf("%s %s", file, input.Reason(err))
	}
	f, diags := load(dir, opt, file, before)
	if len(f.Languages) == 0 {
		return nil, fmt.Errorf("%w\n%s: put it right first (s55 check %s)", diags.Err(), file, dir)
	}
	x, h, err := openMade(name, data, kindInvitation)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	if err := invitationOf(name, h, f, dir); err != nil {
		return nil, err
	}
	answers, err := readAnswers(name, x, h, f.ID, answerable(f))
	if err != nil {
		return nil, err
	}
	y, err := yamledit.OpenYAML(before)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	m := &merger{y: y, lang: h.lang, bilingual: len(f.Languages) > 1, cells: map[string]string{}}
	plan := &Plan{Dir: dir, File: file, Name: name, Version: version(before), before: before}
	for _, a := range answers {
		plan.Items = append(plan.Items, m.item(a))
	}
	after, err := y.SetAll(m.edits)
	if err != nil {
		return nil, placed(name, file, err.Error(), m.cells)
	}
	plan.after = after
	if !plan.Changes() {
		return plan, nil
	}
	// The new file must load as the old one did: no problem it did not
	// have, which would be the answers'.
	_, now := load(dir, opt, file, after)
	if err := newProblems(name, diags, now, m.cells); err != nil {
		return nil, err
	}
	return plan, nil
}

// invitationOf refuses a workbook that is not the invitation of the
// response f in dir, or is in a language the office does not publish in.
func invitationOf(name string, h *hidden, f *response.Folder, dir string) error {
	if h.response != f.ID {
		return refuse(name, HiddenSheet, cellName(2, hiddenResponseRow), "this workbook is the invitation of response %q, not of %s (%q)", h.response, dir, f.ID)
	}
	if !slices.Contains(f.Languages, h.lang) {
		return refuse(name, HiddenSheet, cellName(2, hiddenLangRow), "the workbook is in %q, which is not a language of the office (%s)", h.lang, strings.Join(f.Languages, ", "))
	}
	return nil
}

// answerable is every item of the response, nested ones too, by its id.
func answerable(f *response.Folder) map[string]itemAt {
	items := map[string]itemAt{}
	var walk func(a int, path string, list []response.Item)
	walk = func(a int, path string, list []response.Item) {
		for i, it := range list {
			p := fmt.Sprintf("%s.items[%d]", path, i)
			items[compose.ItemID(a, it.Kind, it.Number)] = itemAt{it, p}
			walk(a, p, it.Items)
		}
	}
	for a, ap := range f.Response.Appendices {
		walk(a, fmt.Sprintf("appendices[%d]", a), ap.Items)
	}
	return items
}

// merger gathers the edits of response.yaml the answers make, and the
// cell that gives each field.
type merger struct {
	y         *yamledit.YAMLFile
	lang      string
	bilingual bool
	edits     []yamledit.Edit
	cells     map[string]string // field path -> the cell that gives it
}

// item plans the edits of one answered item: each field the answer gives
// and response.yaml does not hold already. The item is new when every
// field it sets was empty.
func (m *merger) item(a answer) ItemPlan {
	ip := ItemPlan{ID: a.id, Row: a.row, Change: Unchanged}
	fresh := true
	set := func(field string, col int, cur yamledit.FieldValue, old, now string, v yamledit.FieldValue) {
		if now == "" || now == old {
			return
		}
		ip.Fields = append(ip.Fields, field)
		fresh = fresh && old == ""
		p := a.path + "." + field
		m.cells[p] = AnswersSheet + "!" + cellName(col, a.row)
		m.edits = append(m.edits, shaped(p, m.lang, m.bilingual && response.MarkdownFields[field], cur, v))
	}
	text := func(field string, col int, now string) {
		cur := m.y.Get(a.path + "." + field)
		set(field, col, cur, shown(valueIn(cur, m.lang)), shown(now), yamledit.PlainText(shown(now)+"\n"))
	}
	plain := func(field string, col int, now string) {
		cur := m.y.Get(a.path + "." + field)
		set(field, col, cur, strings.TrimSpace(cur.Text), now, yamledit.PlainText(now))
	}
	text("response", colAnswer, a.answer)
	plain("position", colPosition, a.position)
	text("position_reason", colReason, a.reason)
	plain("owner", colOwner, a.owner)
	if !a.target.IsZero() {
		cur := m.y.Get(a.path + ".target")
		set("target", colTarget, cur, strings.TrimSpace(cur.Text), a.target.Format(time.DateOnly), yamledit.Day(a.target))
	}
	switch {
	case len(ip.Fields) == 0:
	case fresh:
		ip.Change = New
	default:
		ip.Change = Changed
	}
	return ip
}

// newProblems reports, at the cell that gave it where there is one, every
// error of the merged load (now) that the load before (had) did not have.
func newProblems(name string, before, now diag.List, cells map[string]string) error {
	had := map[string]bool{}
	for _, d := range before {
		had[d.Path+"\x00"+d.Msg] = true
	}
	var p problems
	for _, d := range now {
		if d.Severity != diag.Error || had[d.Path+"\x00"+d.Msg] {
			continue
		}
		if cell := cellOf(d.Path, cells); cell != "" {
			sheet, c, _ := strings.Cut(cell, "!")
			p.add(sheet, c, "%s", d.Msg)
		} else {
			p.add("", "", "%s", d.Error())
		}
	}
	return p.err(name)
}

// itemAt is an item of the response with its field path.
type itemAt struct {
	it   response.Item
	path string
}

// load loads the response folder with data as its response.yaml.
func load(dir string, opt response.Options, file string, data []byte) (*response.Folder, diag.List) {
	read := opt.Read
	if read == nil {
		read = func(dir, name string) ([]byte, error) { return input.ReadIn(dir, name, input.MaxSize) }
	}
	opt.Read = func(dir, name string) ([]byte, error) {
		if filepath.Clean(filepath.Join(dir, name)) == filepath.Clean(file) {
			return data, nil
		}
		return read(dir, name)
	}
	return response.Load(dir, opt)
}

// valueIn is the text of a value of the file in one language.
func valueIn(v yamledit.FieldValue, lang string) string {
	if v.Shape == yamledit.LangValue {
		for _, l := range v.Langs {
			if l.Lang == lang {
				return l.Text
			}
		}
		return ""
	}
	return v.Text
}

// shaped returns the edit that sets the field at path, whose value in the
// file is cur, to v in the language lang, keeping the file's shape: a text
// given per language gets lang's text; a text given once stays one text,
// unless it is to be given per language (perLang: a text the documents
// print, in an office of several languages), when it becomes lang's.
func shaped(path, lang string, perLang bool, cur, v yamledit.FieldValue) yamledit.Edit {
	switch {
	case v.Shape != yamledit.TextValue:
	case cur.Shape == yamledit.LangValue:
		return yamledit.Edit{Path: path + "." + lang, Value: v}
	case perLang:
		return yamledit.Edit{Path: path, Value: yamledit.FieldValue{Shape: yamledit.LangValue, Langs: []yamledit.LangText{{Lang: lang, Text: v.Text}}}}
	}
	return yamledit.Edit{Path: path, Value: v}
}

// cellOf returns the cell that gives the field at path, or a field that
// holds it ("...response.en-GB" is given by the cell of "...response").
func cellOf(path string, cells map[string]string) string {
	for p := path; p != ""; {
		if c, ok := cells[p]; ok {
			return c
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return ""
}

// placed is a refusal of an edit the editor could not make, at the cell of
// the field its message names.
func placed(name, file, msg string, cells map[string]string) error {
	path, rest, _ := strings.Cut(msg, ": ")
	if cell := cellOf(path, cells); cell != "" {
		sheet, c, _ := strings.Cut(cell, "!")
		return refuse(name, sheet, c, "cannot be written into %s as it is: %s", file, rest)
	}
	return fmt.Errorf("%s: %s", file, msg)
}

// readAnswers reads the answers sheet against the hidden sheet and the
// response's items, by item id.
func readAnswers(name string, x *excelize.File, h *hidden, id string, items map[string]itemAt) ([]answer, error) {
	var p problems
	c, rows, err := rowsOf(name, x, h.sheet, &p)
	if err != nil {
		return nil, err
	}
	labels := map[string]string{}
	var names []string
	for _, pos := range Positions() {
		labels[norm(pos)] = pos
		if l := h.positions[pos]; l != "" {
			labels[norm(l)] = pos
			names = append(names, l)
		} else {
			names = append(names, pos)
		}
	}
	var out []answer
	seen := map[string]int{}
	for r := 2; r <= len(rows); r++ {
		if len(rows[r-1]) == 0 {
			continue
		}
		itemID := strings.TrimSpace(c.text(cellName(colItem, r)))
		if itemID == "" {
			if strings.Join(rows[r-1], "") != "" {
				p.add(h.sheet, cellName(colItem, r), "the row names no item: answers go in the rows of the items, as the workbook was made")
			}
			continue
		}
		at := func(col int) string { return cellName(col, r) }
		hi, ok := h.items[id+"/"+itemID]
		if !ok {
			p.add(h.sheet, at(colItem), "%q is not an item of this workbook: leave the items' names as they were", clip(itemID))
			continue
		}
		if first, dup := seen[itemID]; dup {
			p.add(h.sheet, at(colItem), "%s is given twice (first in row %d): give each item's answers in one row", itemID, first)
			continue
		}
		seen[itemID] = r
		kind := strings.TrimSpace(c.text(at(colKind)))
		if kind != hi.kind {
			p.add(h.sheet, at(colKind), "the kind of %s was changed to %q; it was %q: leave the report's cells as they were", itemID, clip(kind), hi.kind)
		}
		numText := strings.TrimSpace(c.text(at(colNumber)))
		if n, err := strconv.ParseFloat(numText, 64); err != nil || n != float64(hi.number) {
			p.add(h.sheet, at(colNumber), "the number of %s was changed to %q; it was %d: leave the report's cells as they were", itemID, clip(numText), hi.number)
		}
		text := c.text(at(colText))
		if digest(id, itemID, hi.kind, hi.number, text) != hi.digest {
			p.add(h.sheet, at(colText), "the report's text of %s was changed: leave the report's cells as they were", itemID)
		}
		cur, ok := items[itemID]
		switch {
		case !ok:
			p.add(h.sheet, at(colItem), "response.yaml has no %s now: make a new workbook with s55 invite, or copy its answer in by hand", itemID)
			continue
		case digest(id, itemID, cur.it.Kind, cur.it.Number, shown(cur.it.Text.In(h.lang))) != hi.digest:
			p.add(h.sheet, at(colText), "the report's text of %s has changed in response.yaml since the workbook was made: make a new workbook with s55 invite, or copy its answer in by hand", itemID)
			continue
		}
		a := answer{row: r, id: itemID, path: cur.path}
		a.answer = c.text(at(colAnswer))
		if pos := strings.TrimSpace(c.text(at(colPosition))); pos != "" {
			if a.position = labels[norm(pos)]; a.position == "" {
				p.add(h.sheet, at(colPosition), "%q is not a position: choose one of %s", clip(pos), strings.Join(names, ", "))
			}
		}
		a.reason = c.text(at(colReason))
		a.owner = strings.Join(strings.Fields(c.text(at(colOwner))), " ")
		a.target = c.day(at(colTarget))
		pos := cmp.Or(a.position, cur.it.Position)
		if response.PositionNeedsReason(pos) && strings.TrimSpace(a.reason) == "" && cur.it.PositionReason.Blank() {
			p.add(h.sheet, at(colReason), "%s is %s but gives no reason: write why in this column", itemID, labelOf(pos, h.positions))
		}
		out = append(out, a)
	}
	if err := p.err(name); err != nil {
		return nil, err
	}
	return out, nil
}

// norm is a position as typed, for matching: lower case, hyphens and
// runs of spaces as one space.
func norm(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(s, "-", " "))), " ")
}

func labelOf(pos string, labels map[string]string) string {
	if l := labels[pos]; l != "" {
		return strings.ToLower(l)
	}
	return strings.ReplaceAll(pos, "-", " ")
}
