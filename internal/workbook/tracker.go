package workbook

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/tracker"
)

// The sheets of the tracker's workbook.
const (
	ItemsSheet  = "Items"
	CountsSheet = "Counts"
)

var trackerHeader = []string{
	"Response", "Revision", "Report", "Item", "Kind", "Number", "Addressees", "Deadline", "Position", "Reason for the position",
	"Status", "Rating", "Owner", "Target date", "Updated", "Note", "Evidence", "Link", "The report's text", "History",
}

var trackerWidths = []float64{24, 9, 24, 9, 20, 8, 20, 14, 15, 30, 18, 9, 20, 12, 12, 40, 30, 30, 50, 60}

// WriteTracker writes the tracker as a workbook to w: a sheet of every
// item (rows, rated: tracker.RateAll) with its rating, shaded red, amber
// or green, and its dated history, one entry a line; then a sheet of the
// counts by status and rating for each response (per) and for all
// (total). Every text cell goes through Neutralise, as the tracker's CSV
// does, so that nothing pasted from it runs as a formula; numbers stay
// numbers. today is the day the items were rated on.
func WriteTracker(w io.Writer, rows []tracker.Row, per []tracker.Count, total tracker.Count, today time.Time) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", ItemsSheet); err != nil {
		return err
	}
	st, err := newStyles(x)
	if err != nil {
		return err
	}
	rating := map[string]int{}
	for _, c := range []struct{ rag, color string }{{tracker.Red, "F4B6B6"}, {tracker.Amber, "FFD966"}, {tracker.Green, "B7E1A1"}} {
		rag, color := c.rag, c.color
		id, err := x.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}, Font: &excelize.Font{Bold: true},
			Alignment: &excelize.Alignment{Vertical: "top"}})
		if err != nil {
			return err
		}
		rating[rag] = id
	}
	if err := header(x, ItemsSheet, trackerHeader, trackerWidths, st.header); err != nil {
		return err
	}
	text := func(s string) any { return Neutralise(s) }
	for i, r := range rows {
		row := i + 2
		var history []string
		for _, h := range r.History {
			parts := []string{h.Date}
			for _, f := range []struct{ name, v string }{{"", h.Status}, {"owner: ", h.Owner}, {"target: ", h.Target}, {"", h.Note}, {"", h.Evidence}} {
				if f.v != "" {
					parts = append(parts, f.name+f.v)
				}
			}
			history = append(history, strings.Join(parts, "; "))
		}
		cells := []any{text(r.Response), r.Revision, text(r.Report), text(r.Item), text(r.Kind), r.Number, text(strings.Join(r.Addressees, "; ")),
			text(r.Deadline), text(r.Position), text(r.PositionReason), text(r.Status), text(r.RAG), text(r.Owner), text(r.Target), text(r.Updated),
			text(r.Note), text(r.Evidence), text(r.Link), text(r.Text), text(strings.Join(history, "\n"))}
		if err := x.SetSheetRow(ItemsSheet, cellName(1, row), &cells); err != nil {
			return err
		}
		if err := x.SetCellStyle(ItemsSheet, cellName(1, row), cellName(len(cells), row), st.given); err != nil {
			return err
		}
		if id, ok := rating[r.RAG]; ok {
			if err := x.SetCellStyle(ItemsSheet, cellName(12, row), cellName(12, row), id); err != nil {
				return err
			}
		}
	}
	if err := x.SetPanes(ItemsSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := x.AutoFilter(ItemsSheet, "A1:"+cellName(len(trackerHeader), max(len(rows)+1, 2)), nil); err != nil {
		return err
	}
	if err := printable(x, ItemsSheet, "landscape", 2, "$1:$1", ""); err != nil {
		return err
	}

	if _, err := x.NewSheet(CountsSheet); err != nil {
		return err
	}
	head := []string{"Response", "Report", "Items"}
	widths := []float64{30, 40, 8}
	for _, s := range tracker.Statuses {
		head = append(head, statusLabel(s))
		widths = append(widths, 12)
	}
	for _, r := range tracker.Ratings {
		if r == "" {
			r = "no rating"
		}
		head = append(head, capital(r))
		widths = append(widths, 10)
	}
	if err := header(x, CountsSheet, head, widths, st.header); err != nil {
		return err
	}
	total.Report = "All responses, rated on " + today.Format(time.DateOnly)
	for i, c := range append(per, total) {
		cells := []any{text(c.Response), text(c.Report), c.Items}
		for _, n := range c.Statuses {
			cells = append(cells, n)
		}
		for _, n := range c.Ratings {
			cells = append(cells, n)
		}
		if err := x.SetSheetRow(CountsSheet, cellName(1, i+2), &cells); err != nil {
			return err
		}
		style := st.given
		if i == len(per) {
			style = st.header
		}
		if err := x.SetCellStyle(CountsSheet, cellName(1, i+2), cellName(len(cells), i+2), style); err != nil {
			return err
		}
	}
	if err := printable(x, CountsSheet, "landscape", 1, "$1:$1", ""); err != nil {
		return err
	}
	x.SetActiveSheet(0)
	return write(x, w)
}
