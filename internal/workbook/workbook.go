// Package workbook owns the spreadsheets s55 writes and reads, as XLSX
// through github.com/xuri/excelize/v2, which no other package imports:
//
//   - the s.55(4) invitation, a workbook of one response's items that the
//     force fills in with its answers (Invitation), and their merge back
//     into response.yaml (PlanMerge), through the editor of YAML files, so
//     that every other byte of the file stays;
//   - the quarterly progress workbook of the open items of an archive
//     (Progress), and the dated updates it gives back (ProgressUpdates);
//   - the tracker as a workbook, for the published site (WriteTracker).
//
// A workbook s55 writes carries a hidden sheet (HiddenSheet) saying what it
// is, for which response, and each item's kind, number and a digest of its
// text, so that what comes back is read against what was sent: a workbook
// of another response, or whose report text or numbers were changed, is
// refused at the cell. Every cell read back is read as a value, never
// evaluated: a formula where a value belongs is refused at its cell.
//
// A workbook read back is untrusted: it is refused before anything is
// inflated when it is larger than MaxFileSize, holds more than MaxEntries
// parts, or says its parts inflate to more than MaxInflated bytes (a zip
// bomb); archive/zip then stops any part that inflates past what it said.
//
// Each function that writes a workbook writes it to an io.Writer, and each
// that reads one takes its bytes, so that a web handler calls them as the
// command line does.
package workbook

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// The limits of a workbook read back.
const (
	// MaxFileSize is the largest workbook read, in bytes.
	MaxFileSize = 16 << 20
	// MaxEntries is the most parts (zip entries) a workbook may hold:
	// one of 2,000 items holds about a dozen.
	MaxEntries = 1000
	// MaxInflated is the most its parts may say they inflate to, in all.
	MaxInflated = 256 << 20
)

// HiddenSheet is the hidden sheet of a workbook s55 writes: what the
// workbook is, for which response, and what each item was when it was
// written.
const HiddenSheet = "s55"

// format is the version of the hidden sheet's layout.
const format = "1"

// The kinds of workbook, as the hidden sheet names them.
const (
	kindInvitation = "invitation"
	kindProgress   = "progress"
)

// CellError is a problem of a workbook at one of its cells, or of the
// whole workbook when Cell is "".
type CellError struct {
	Sheet, Cell string
	Msg         string
}

// Where names the cell as a spreadsheet does: "Answers!J5".
func (e *CellError) Where() string {
	if e.Cell == "" {
		return ""
	}
	return e.Sheet + "!" + e.Cell
}

func (e *CellError) Error() string {
	if e.Cell == "" {
		return e.Msg
	}
	return e.Where() + ": " + e.Msg
}

// Refusal is a workbook refused: every problem found in it, each at its
// cell. Nothing was written.
type Refusal struct {
	// Name is the workbook as the user named it.
	Name     string
	Problems []*CellError
}

// maxProblems is the most problems a Refusal lists.
const maxProblems = 50

func (r *Refusal) Error() string {
	var b strings.Builder
	for i, p := range r.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if r.Name != "" {
			b.WriteString(r.Name + ": ")
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// ErrRefused is what every Refusal is.
var ErrRefused = errors.New("workbook refused")

// Is makes errors.Is(err, ErrRefused) hold for a Refusal.
func (r *Refusal) Is(target error) bool { return target == ErrRefused }

// problems gathers the problems of a workbook as it is read.
type problems struct {
	list []*CellError
}

func (p *problems) add(sheet, cell, format string, args ...any) {
	if len(p.list) < maxProblems {
		p.list = append(p.list, &CellError{Sheet: sheet, Cell: cell, Msg: fmt.Sprintf(format, args...)})
	}
}

func (p *problems) err(name string) error {
	if len(p.list) == 0 {
		return nil
	}
	return &Refusal{Name: name, Problems: p.list}
}

// refuse is a Refusal of one problem.
func refuse(name, sheet, cell, format string, args ...any) error {
	var p problems
	p.add(sheet, cell, format, args...)
	return p.err(name)
}

// open reads the bytes of an XLSX workbook. Before anything is inflated,
// the zip's directory is read with archive/zip and the workbook refused
// when it is too large, has too many parts, or its parts say they inflate
// to too much. Each part is then inflated with archive/zip, which fails
// one that inflates past the size it gave or to another checksum, and
// only then read by excelize, held to the same limits.
func open(name string, data []byte) (*excelize.File, error) {
	if len(data) > MaxFileSize {
		return nil, refuse(name, "", "", "is %d bytes; a workbook may be at most %d", len(data), MaxFileSize)
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, refuse(name, "", "", "is protected by a password, or is an old .xls workbook: save it as an Excel workbook (.xlsx) without a password")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, refuse(name, "", "", "is not an Excel workbook (.xlsx): %v", err)
	}
	if len(zr.File) > MaxEntries {
		return nil, refuse(name, "", "", "holds %d parts; a workbook may hold at most %d, so it is not read", len(zr.File), MaxEntries)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > MaxInflated || total > MaxInflated {
			return nil, refuse(name, "", "", "would inflate to more than %d bytes (a zip bomb?), so it is not read", MaxInflated)
		}
	}
	// Each part inflates to what it says, and to its checksum: excelize
	// takes a part cut short, or damaged, as it comes.
	for _, f := range zr.File {
		rc, err := f.Open()
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
			err = errors.Join(err, rc.Close())
		}
		if err != nil {
			return nil, refuse(name, "", "", "cannot be read as an Excel workbook: its part %s is damaged (%v)", clip(f.Name), err)
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    MaxInflated,
		UnzipXMLSizeLimit: MaxInflated, // every part in memory: none is spilled to a temporary file
	})
	if err != nil {
		return nil, refuse(name, "", "", "cannot be read as an Excel workbook: %v", err)
	}
	return x, nil
}

// hidden is what the hidden sheet of a workbook says.
type hidden struct {
	kind, response, sheet, lang string
	// items by their id: the row, kind, number and digest of the text
	// when the workbook was written.
	items map[string]hiddenItem
	// positions are the labels of the drop-down, by position.
	positions map[string]string
}

type hiddenItem struct {
	response, id, kind string
	number             int
	digest             string
}

// The hidden sheet's layout: a field a row in columns A and B from the
// first row; the items from hiddenItemsRow, one a row, in columns A to E;
// the positions and their labels in columns G and H from the first row.
const (
	hiddenItemsRow = 10
)

// Rows of the hidden sheet's fields.
const (
	hiddenKindRow     = 1
	hiddenFormatRow   = 2
	hiddenResponseRow = 3
	hiddenSheetRow    = 4
	hiddenLangRow     = 5
)

// writeHidden writes the hidden sheet.
func writeHidden(x *excelize.File, h hidden, items []hiddenItem, positions []position) error {
	if _, err := x.NewSheet(HiddenSheet); err != nil {
		return err
	}
	rows := [][]any{
		{"workbook", h.kind},
		{"format", format},
		{"response", h.response},
		{"sheet", h.sheet},
		{"language", h.lang},
		{"This sheet tells s55 what the workbook is. Leave it as it is."},
	}
	for i, r := range rows {
		if err := x.SetSheetRow(HiddenSheet, "A"+strconv.Itoa(i+1), &r); err != nil {
			return err
		}
	}
	for i, p := range positions {
		if err := x.SetSheetRow(HiddenSheet, "G"+strconv.Itoa(i+1), &[]any{p.id, p.label}); err != nil {
			return err
		}
	}
	if err := x.SetSheetRow(HiddenSheet, "A"+strconv.Itoa(hiddenItemsRow-1), &[]any{"response", "item", "kind", "number", "digest of the text"}); err != nil {
		return err
	}
	for i, it := range items {
		if err := x.SetSheetRow(HiddenSheet, "A"+strconv.Itoa(hiddenItemsRow+i), &[]any{it.response, it.id, it.kind, it.number, it.digest}); err != nil {
			return err
		}
	}
	return x.SetSheetVisible(HiddenSheet, false, true)
}

// openMade opens the workbook data that s55 made as a workbook of kind,
// and reads its hidden sheet. The caller closes the file.
func openMade(name string, data []byte, kind string) (*excelize.File, *hidden, error) {
	x, err := open(name, data)
	if err != nil {
		return nil, nil, err
	}
	h, err := readHidden(name, x, kind)
	if err != nil {
		x.Close()
		return nil, nil, err
	}
	return x, h, nil
}

// readHidden reads the hidden sheet, requiring a workbook of kind.
func readHidden(name string, x *excelize.File, kind string) (*hidden, error) {
	if idx, err := x.GetSheetIndex(HiddenSheet); err != nil || idx < 0 {
		return nil, refuse(name, "", "", "was not made by s55 (it has no sheet %q): fill in the workbook s55 invite wrote, and send that back", HiddenSheet)
	}
	var p problems
	c, rows, err := rowsOf(name, x, HiddenSheet, &p)
	if err != nil {
		return nil, err
	}
	field := func(row int) string { return strings.TrimSpace(c.text(cellName(2, row))) }
	h := &hidden{kind: field(hiddenKindRow), response: field(hiddenResponseRow), sheet: field(hiddenSheetRow), lang: field(hiddenLangRow),
		items: map[string]hiddenItem{}, positions: map[string]string{}}
	switch f := field(hiddenFormatRow); {
	case len(p.list) > 0:
	case f != format:
		p.add(HiddenSheet, cellName(2, hiddenFormatRow), "format %q is not one this s55 reads (%s): make the workbook again with this s55", f, format)
	case h.kind != kind:
		p.add(HiddenSheet, cellName(2, hiddenKindRow), "this is a workbook of %s, not of %s", article(h.kind), article(kind))
	}
	if err := p.err(name); err != nil {
		return nil, err
	}
	if idx, err := x.GetSheetIndex(h.sheet); err != nil || idx < 0 {
		return nil, refuse(name, HiddenSheet, cellName(2, hiddenSheetRow), "the workbook has no sheet %q: fill in the workbook as s55 wrote it", h.sheet)
	}
	for row := 1; row <= len(Positions()); row++ {
		if id, label := c.text(cellName(7, row)), c.text(cellName(8, row)); id != "" && label != "" {
			h.positions[id] = label
		}
	}
	for i := hiddenItemsRow - 1; i < len(rows); i++ {
		r := append(rows[i], make([]string, 5)...)
		if n, err := parseNumber(r[3]); err == nil && r[1] != "" {
			h.items[r[0]+"/"+r[1]] = hiddenItem{response: r[0], id: r[1], kind: r[2], number: n, digest: r[4]}
		}
	}
	if err := p.err(name); err != nil {
		return nil, err
	}
	return h, nil
}

func article(kind string) string {
	switch kind {
	case kindInvitation:
		return "an invitation (s55 invite DIR)"
	case kindProgress:
		return "progress (s55 invite --progress)"
	case "":
		return "no kind s55 knows"
	}
	return fmt.Sprintf("%q", kind)
}

// digest is the digest of an item's text as the workbook shows it, bound
// to its response, its name, kind and number.
func digest(resp, id, kind string, number int, text string) string {
	h := sha256.New()
	for _, s := range []string{resp, id, kind, strconv.Itoa(number), text} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// cellName names the cell at column col and row row (from 1): "B3".
func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// colName names a column: "A".
func colName(col int) string {
	s, _ := excelize.ColumnNumberToName(col)
	return s
}

// reader reads the cells of one sheet as values, adding a problem for a
// cell that holds a formula or an error.
type reader struct {
	x        *excelize.File
	sheet    string
	p        *problems
	date1904 bool
}

// rowsOf returns the reader of a sheet, in the workbook's date system,
// and its rows' values as stored.
func rowsOf(name string, x *excelize.File, sheet string, p *problems) (reader, [][]string, error) {
	c := reader{x: x, sheet: sheet, p: p}
	if props, err := x.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		c.date1904 = *props.Date1904
	}
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return c, nil, refuse(name, sheet, "", "cannot be read: %v", err)
	}
	return c, rows, nil
}

// raw returns the cell's value as stored, and whether it may be read: a
// cell holding a formula (never evaluated) or an error value is a
// problem.
func (c reader) raw(cell string) (string, excelize.CellType, bool) {
	if f, err := c.x.GetCellFormula(c.sheet, cell); err == nil && f != "" {
		c.p.add(c.sheet, cell, "holds a formula (=%s) where a value belongs: type the value itself; s55 never runs a formula", clip(f))
		return "", 0, false
	}
	t, err := c.x.GetCellType(c.sheet, cell)
	if err != nil {
		c.p.add(c.sheet, cell, "cannot be read: %v", err)
		return "", 0, false
	}
	if t == excelize.CellTypeError {
		v, _ := c.x.GetCellValue(c.sheet, cell, excelize.Options{RawCellValue: true})
		c.p.add(c.sheet, cell, "holds the error %s: type the value itself", v)
		return "", 0, false
	}
	v, err := c.x.GetCellValue(c.sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		c.p.add(c.sheet, cell, "cannot be read: %v", err)
		return "", 0, false
	}
	return v, t, true
}

// text returns the cell's text, its line breaks as "\n".
func (c reader) text(cell string) string {
	v, _, ok := c.raw(cell)
	if !ok {
		return ""
	}
	v = strings.ReplaceAll(v, "\r\n", "\n")
	return strings.ReplaceAll(v, "\r", "\n")
}

// day returns the day a cell gives: a date of the spreadsheet (a number
// formatted as a date), or text written as a day (2024-03-31, 31/03/2024,
// 31 March 2024). An empty cell gives the zero time; anything else is a
// problem.
func (c reader) day(cell string) time.Time {
	v, t, ok := c.raw(cell)
	v = strings.TrimSpace(v)
	if !ok || v == "" {
		return time.Time{}
	}
	if t != excelize.CellTypeSharedString && t != excelize.CellTypeInlineString {
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			if d, ok := serialDay(n, c.date1904); ok {
				return d
			}
			c.p.add(c.sheet, cell, "%s is not a date between 2000 and 2099: give a day such as 2024-03-31", v)
			return time.Time{}
		}
	}
	if d, ok := parseDay(v); ok {
		return d
	}
	c.p.add(c.sheet, cell, "%q is not a date: give a day such as 2024-03-31", clip(v))
	return time.Time{}
}

// serialDay turns a spreadsheet's date number into its day, for days from
// 2000 to 2099.
func serialDay(n float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(n) || math.IsInf(n, 0) || n < 1 || n > 1e6 {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(math.Floor(n), date1904)
	if err != nil || t.Year() < 2000 || t.Year() > 2099 {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
}

// dayLayouts are the ways a day may be typed as text.
var dayLayouts = []string{"2006-01-02", "02/01/2006", "2/1/2006", "2 January 2006", "2 Jan 2006", "January 2, 2006"}

// parseDay reads a day typed as text.
func parseDay(s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, suffix := range []string{"st ", "nd ", "rd ", "th "} {
		// 31st March 2024
		if i := strings.Index(s, suffix); i > 0 && i <= 2 {
			s = s[:i] + " " + s[i+len(suffix):]
		}
	}
	for _, l := range dayLayouts {
		if t, err := time.Parse(l, s); err == nil && t.Year() >= 2000 && t.Year() <= 2099 {
			return t, true
		}
	}
	return time.Time{}, false
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

// Neutralise returns a cell that no spreadsheet runs as a formula when it
// is read as text (a CSV file's cell, or a value pasted into a sheet): one
// starting with = + - @, a tab or a carriage return gets a single quote in
// front (OWASP, CSV injection). The CSV and the workbook of the tracker
// write every cell through it.
func Neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// write writes the workbook to w, its parts in the order of their names
// (orderedZip) with fixed times, so that the same content gives the same
// bytes. The zip goes straight to w: excelize would gather it whole in a
// buffer of its own first, which stays empty.
func write(x *excelize.File, w io.Writer) error {
	x.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newOrderedZip(w) })
	if err := x.SetDocProps(&excelize.DocProperties{
		Creator:        "s55",
		LastModifiedBy: "s55",
		Created:        "2000-01-01T00:00:00Z",
		Modified:       "2000-01-01T00:00:00Z",
	}); err != nil {
		return err
	}
	if err := x.SetAppProps(&excelize.AppProperties{Application: "s55"}); err != nil {
		return err
	}
	var rest bytes.Buffer
	if err := x.Write(&rest); err != nil {
		return err
	}
	if rest.Len() != 0 {
		return errors.New("workbook: excelize wrote past its zip writer")
	}
	return nil
}
