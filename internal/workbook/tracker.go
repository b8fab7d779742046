package workbook

import (
	"io"
	"iter"
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
// numbers. today is the day the items were rated on. The rows are
// streamed to the sheets as rows gives them, so that a tracker of every
// item of every response costs little memory; total.Items is how many
// rows gives.
func WriteTracker(w io.Writer, rows iter.Seq[tracker.Row], per []tracker.Count, total tracker.Count, today time.Time) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", ItemsSheet); err != nil {
		return err
	}
	if _, err := x.NewSheet(CountsSheet); err != nil {
		return err
	}
	st, err := newStyles(x)
	if err != nil {
		return err
	}
	rating, err := ratingStyles(x)
	if err != nil {
		return err
	}
	if err := writeItems(x, rows, total.Items, st, rating); err != nil {
		return err
	}
	total.Report = "All responses, rated on " + today.Format(time.DateOnly)
	if err := writeCounts(x, append(per, total), st); err != nil {
		return err
	}
	// The first sheet is the active one as made; setting it would read
	// the streamed sheets back.
	return write(x, w)
}

// ratingStyles makes the style of each rating's cell: bold, on red, amber
// or green.
func ratingStyles(x *excelize.File) (map[string]int, error) {
	rating := map[string]int{}
	for _, c := range []struct{ rag, color string }{{tracker.Red, "F4B6B6"}, {tracker.Amber, "FFD966"}, {tracker.Green, "B7E1A1"}} {
		id, err := x.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.color}}, Font: &excelize.Font{Bold: true},
			Alignment: &excelize.Alignment{Vertical: "top"}})
		if err != nil {
			return nil, err
		}
		rating[c.rag] = id
	}
	return rating, nil
}

// writeItems streams the items sheet: filtered and printable, its
// headings frozen, a row for each item.
func writeItems(x *excelize.File, rows iter.Seq[tracker.Row], n int, st sheetStyles, rating map[string]int) error {
	if err := x.AutoFilter(ItemsSheet, "A1:"+cellName(len(trackerHeader), max(n+1, 2)), nil); err != nil {
		return err
	}
	if err := printable(x, ItemsSheet, "landscape", 2, "$1:$1", ""); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(ItemsSheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := streamHeader(sw, trackerHeader, trackerWidths, st.header); err != nil {
		return err
	}
	i := 0
	for r := range rows {
		values := itemValues(r)
		cells := make([]any, len(values))
		texts := make([]string, len(values))
		for j, v := range values {
			style := st.given
			if id, ok := rating[r.RAG]; ok && j == 11 {
				style = id
			}
			cells[j] = excelize.Cell{StyleID: style, Value: v}
			if t, ok := v.(string); ok {
				texts[j] = t
			}
		}
		if err := sw.SetRow(cellName(1, i+2), cells, excelize.RowOpts{Height: height(15, trackerWidths, texts)}); err != nil {
			return err
		}
		i++
	}
	return sw.Flush()
}

// itemValues is an item's row, in the order of trackerHeader: every text
// neutralised, the numbers left numbers.
func itemValues(r tracker.Row) []any {
	text := func(s string) any { return Neutralise(s) }
	return []any{text(r.Response), r.Revision, text(r.Report), text(r.Item), text(r.Kind), r.Number, text(strings.Join(r.Addressees, "; ")),
		text(r.Deadline), text(r.Position), text(r.PositionReason), text(r.Status), text(r.RAG), text(r.Owner), text(r.Target), text(r.Updated),
		text(r.Note), text(r.Evidence), text(r.Link), text(r.Text), text(historyText(r.History))}
}

// historyText is an item's history, an entry a line: its day, then what
// it set, each part given.
func historyText(history []tracker.Entry) string {
	var lines []string
	for _, h := range history {
		parts := []string{h.Date}
		for _, f := range []struct{ name, v string }{{"", h.Status}, {"owner: ", h.Owner}, {"target: ", h.Target}, {"", h.Note}, {"", h.Evidence}} {
			if f.v != "" {
				parts = append(parts, f.name+f.v)
			}
		}
		lines = append(lines, strings.Join(parts, "; "))
	}
	return strings.Join(lines, "\n")
}

// writeCounts streams the counts sheet: a row of each count, the last
// (the total) set as a heading.
func writeCounts(x *excelize.File, counts []tracker.Count, st sheetStyles) error {
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
	if err := printable(x, CountsSheet, "landscape", 1, "$1:$1", ""); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(CountsSheet)
	if err != nil {
		return err
	}
	if err := streamHeader(sw, head, widths, st.header); err != nil {
		return err
	}
	for i, c := range counts {
		values := []any{Neutralise(c.Response), Neutralise(c.Report), c.Items}
		for _, n := range c.Statuses {
			values = append(values, n)
		}
		for _, n := range c.Ratings {
			values = append(values, n)
		}
		style := st.given
		if i == len(counts)-1 {
			style = st.header
		}
		cells := make([]any, len(values))
		for j, v := range values {
			cells[j] = excelize.Cell{StyleID: style, Value: v}
		}
		if err := sw.SetRow(cellName(1, i+2), cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// streamHeader streams a sheet's row of headings, after its columns'
// widths.
func streamHeader(sw *excelize.StreamWriter, names []string, widths []float64, style int) error {
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	cells := make([]any, len(names))
	for i, n := range names {
		cells[i] = excelize.Cell{StyleID: style, Value: n}
	}
	return sw.SetRow("A1", cells)
}
