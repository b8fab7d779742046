package workbook

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/addressee"
	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/langtag"
	"github.com/opcc-tools/s55/internal/markdown"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/theme"
)

// The sheets of the invitation.
const (
	InstructionsSheet = "Instructions"
	AnswersSheet      = "Answers"
)

// The columns of the answers sheet, from 1: what the report says of each
// item, then what the force fills in.
const (
	colItem = iota + 1
	colKind
	colNumber
	colReport
	colText
	colAddressees
	colDeadline
	colWhose
	colAnswer
	colPosition
	colReason
	colOwner
	colTarget
	numCols = colTarget
)

// answersHeader are the headings of the answers sheet's columns.
var answersHeader = []string{
	"Item", "Kind", "Number", "Report", "The report's text", "Addressees", "Deadline", "Whose answer is needed",
	"The force's answer", "Position", "Reason for the position", "Owner in the force", "Target date",
}

// answersWidths are the columns' widths, in characters.
var answersWidths = []float64{9, 20, 8, 20, 50, 20, 14, 22, 55, 15, 32, 18, 12}

// position is a position an item may take, with its label in the
// workbook's drop-down.
type position struct {
	id, label string
}

// Positions are the positions an item may take, as response.yaml names
// them.
func Positions() []string { return response.Positions }

// positions returns each position with its label from the phrase book.
func positions(th *theme.Theme) []position {
	var out []position
	for _, p := range Positions() {
		label := p
		if s, err := th.Phrase("position_"+p, nil); err == nil && strings.TrimSpace(s) != "" {
			label = strings.TrimSpace(s)
		}
		out = append(out, position{p, label})
	}
	return out
}

// inviteItem is one row of the answers sheet.
type inviteItem struct {
	hiddenItem
	text, addressees, deadline, whose string
	// force says the force's answer is needed.
	force bool
	// What response.yaml holds already.
	answer, position, reason, owner string
	target                          time.Time
}

// Invite writes the workbook of the s.55(4) invitation of the loaded
// response folder f to w: a first sheet of instructions with the day the
// chief officer's comments are due, then one row per item (its report,
// kind, number, the report's text, addressees, deadline and whose answer is
// needed, as package addressee decides) with the cells the force fills in:
// its answer, the position, the reason for it, its owner and a target date,
// each holding what response.yaml holds already. The position is chosen
// from a drop-down and dates must be dates; every other cell is locked;
// a hidden sheet names the response and holds a digest of each item's
// text. themes are the office's, in the order of its languages; the
// texts are in the English edition where the office has one.
func Invite(w io.Writer, f *response.Folder, themes []*theme.Theme, due time.Time) error {
	if len(themes) == 0 {
		return errors.New("no phrase book")
	}
	lang := cmp.Or(langtag.Messages(f.Languages), f.Office.Language)
	th := themes[0]
	for _, t := range themes {
		if t.Lang == lang {
			th = t
		}
	}
	who := addressee.New(f, themes)
	force := f.Office.Force.Name.In(lang)
	office := f.Office.PCC.Title.Line(lang)
	var items []inviteItem
	seen := map[string]bool{}
	var walk func(a int, list []response.Item) error
	walk = func(a int, list []response.Item) error {
		for _, it := range list {
			id := compose.ItemID(a, it.Kind, it.Number)
			if seen[id] {
				return fmt.Errorf("%s is given twice: number the items first (s55 check)", id)
			}
			seen[id] = true
			text := shown(it.Text.In(lang))
			row := inviteItem{
				hiddenItem: hiddenItem{response: f.ID, id: id, kind: it.Kind, number: it.Number, digest: digest(f.ID, id, it.Kind, it.Number, text)},
				text:       text, addressees: strings.Join(response.Strings(it.Addressees, lang), "; "), deadline: it.Deadline.In(lang),
				answer: shown(it.Response.In(lang)), position: it.Position, reason: shown(it.PositionReason.In(lang)),
				owner: it.Owner, target: it.Target,
			}
			row.whose, row.force = whose(who, it, force, office)
			items = append(items, row)
			if err := walk(a, it.Items); err != nil {
				return err
			}
		}
		return nil
	}
	for a, ap := range f.Response.Appendices {
		if err := walk(a, ap.Items); err != nil {
			return err
		}
	}
	report := f.Response.Report.Title.In(lang)
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", InstructionsSheet); err != nil {
		return err
	}
	date := func(t time.Time) string { return day.Format(th, t) }
	clock := statute.NewClock(f.Response.Report.Published)
	pos := positions(th)
	var labels []string
	for _, p := range pos {
		labels = append(labels, p.label)
	}
	need := 0
	for _, it := range items {
		if it.force {
			need++
		}
	}
	lines := []instruction{
		{text: "Inspection report: the chief officer's comments", style: title},
		{text: report, style: strong},
		{},
		{text: fmt.Sprintf("Please return this workbook by %s.", date(due)), style: strong},
		{text: fmt.Sprintf("Under section 55(4) of the Police Act 1996 the %s invites the chief officer of %s to comment on the report by that day. The report was published on %s; the response must be published by %s (section 55(5A)).",
			cmp.Or(office, "office"), cmp.Or(force, "the force"), date(clock.Published), date(clock.LastDay))},
		{},
		{text: "How to fill it in", style: strong},
		{text: fmt.Sprintf("The sheet %q lists every item of the report: %d need the force's answer, shaded yellow.", AnswersSheet, need)},
		{text: "Fill in the white and yellow columns on the right: the force's answer, the position taken on the item, the reason for it, who in the force owns it, and the target date. Leave the other cells as they are: they are locked, and s55 checks them when the workbook comes back."},
		{text: "Position: choose from the list (" + strings.Join(labels, ", ") + "). " +
			"A position that does not accept the item, or finds it not applicable, needs its reason."},
		{text: "Target date: a day, such as 2024-03-31."},
		{text: "Write the answers as text. A new line inside a cell is Alt+Enter (Option+Return on a Mac). Text is read as Markdown: a line starting with \"- \" is a bullet."},
		{text: "Type values, not formulas: a cell holding a formula is refused."},
		{text: "A cell left empty keeps what the response holds already; nothing is removed."},
		{},
		{text: "Response: " + f.ID},
		{text: "Made by s55 invite. Keep the file's name, and send it back as an Excel workbook (.xlsx)."},
	}
	if err := writeInstructions(x, lines); err != nil {
		return err
	}
	if _, err := x.NewSheet(AnswersSheet); err != nil {
		return err
	}
	if err := writeAnswers(x, report, items, labels); err != nil {
		return err
	}
	if err := writeHidden(x, hidden{kind: kindInvitation, response: f.ID, sheet: AnswersSheet, lang: lang}, itemsOf(items), pos); err != nil {
		return err
	}
	x.SetActiveSheet(0)
	return write(x, w)
}

// shown is a Markdown text as the workbook shows it: without drafting
// notes, and without the line break that ends a block in the file.
func shown(s string) string {
	return strings.TrimRight(string(markdown.StripComments([]byte(s))), " \t\n")
}

// whose says whose answer an item needs, in words, and whether the force's
// is needed.
func whose(who *addressee.Classifier, it response.Item, force, office string) (string, bool) {
	if it.Kind == response.CauseOfConcern {
		return "Its recommendations, in the rows below it", false
	}
	force = cmp.Or(force, "The force")
	office = "the " + cmp.Or(office, "office")
	f, o := who.Needs(it)
	switch {
	case f && o:
		return force + " and " + office, true
	case f:
		return force, true
	case o:
		return capital(office) + " (not the force)", false
	}
	return "Other bodies alone: a standard sentence answers, unless the force writes its own", false
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func itemsOf(items []inviteItem) []hiddenItem {
	out := make([]hiddenItem, len(items))
	for i, it := range items {
		out[i] = it.hiddenItem
	}
	return out
}

// instruction is one line of an instructions sheet.
type instruction struct {
	text  string
	style int
}

// Styles of an instruction's line.
const (
	plain = iota
	title
	strong
)

// writeInstructions writes the first sheet: lines of text in one wide
// column, printable on A4.
func writeInstructions(x *excelize.File, lines []instruction) error {
	const sheet = InstructionsSheet
	styles := map[int]int{}
	for _, p := range []struct {
		style int
		st    *excelize.Style
	}{
		{plain, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{strong, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		id, err := x.NewStyle(p.st)
		if err != nil {
			return err
		}
		styles[p.style] = id
	}
	if err := x.SetColWidth(sheet, "A", "A", 72); err != nil {
		return err
	}
	for i, l := range lines {
		cell := cellName(1, i+1)
		if err := x.SetCellStr(sheet, cell, l.text); err != nil {
			return err
		}
		if err := x.SetCellStyle(sheet, cell, cell, styles[l.style]); err != nil {
			return err
		}
		size := map[int]float64{plain: 15, title: 22, strong: 17}[l.style]
		if err := x.SetRowHeight(sheet, i+1, height(size, []float64{72}, []string{l.text})); err != nil {
			return err
		}
	}
	return printable(x, sheet, "portrait", 1, "", "")
}

// height is a row's height in points for texts wrapped in columns of the
// given widths, a line of size points each: spreadsheet programs do not
// fit a row's height to a library's wrapped text themselves.
func height(size float64, widths []float64, texts []string) float64 {
	lines := 1
	for i, t := range texts {
		n := 0
		for _, l := range strings.Split(t, "\n") {
			n += max(1, (len([]rune(l))+int(widths[i])-3)/max(1, int(widths[i])-2))
		}
		lines = max(lines, n)
	}
	return min(409, size*float64(lines))
}

// printable sets a sheet up to print on A4 in the orientation given,
// fitted to wide pages across, with its page numbers in the footer, and
// the rows and columns given ("$1:$1", "$A:$C") repeated on every page.
func printable(x *excelize.File, sheet, orientation string, wide int, rows, cols string) error {
	size, tall, order := 9, 0, "overThenDown" // 9: A4; 0: as many pages down as it takes
	if err := x.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall, PageOrder: &order}); err != nil {
		return err
	}
	fit := true
	if err := x.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := x.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&L&A&RPage &P of &N"}); err != nil {
		return err
	}
	var titles []string
	for _, t := range []string{cols, rows} {
		if t != "" {
			titles = append(titles, "'"+sheet+"'!"+t)
		}
	}
	if len(titles) == 0 {
		return nil
	}
	return x.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: strings.Join(titles, ","), Scope: sheet})
}

// sheetStyles are the styles of a sheet of items: headings, the cells
// given, the cells to fill (shaded where an answer is needed), and dates.
type sheetStyles struct {
	header, given, fill, need, date, needDate int
}

func newStyles(x *excelize.File) (sheetStyles, error) {
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	unlocked := &excelize.Protection{Locked: false}
	locked := &excelize.Protection{Locked: true}
	ymd := "yyyy-mm-dd"
	yellow := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	var s sheetStyles
	for _, p := range []struct {
		id *int
		st *excelize.Style
	}{
		{&s.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}, Border: border, Alignment: wrap, Protection: locked}},
		{&s.given, &excelize.Style{Border: border, Alignment: wrap, Protection: locked}},
		{&s.fill, &excelize.Style{Border: border, Alignment: wrap, Protection: unlocked}},
		{&s.need, &excelize.Style{Border: border, Alignment: wrap, Protection: unlocked, Fill: yellow}},
		{&s.date, &excelize.Style{Border: border, Alignment: wrap, Protection: unlocked, CustomNumFmt: &ymd}},
		{&s.needDate, &excelize.Style{Border: border, Alignment: wrap, Protection: unlocked, CustomNumFmt: &ymd, Fill: yellow}},
	} {
		id, err := x.NewStyle(p.st)
		if err != nil {
			return s, err
		}
		*p.id = id
	}
	return s, nil
}

// writeAnswers writes the answers sheet: a row of headings, then a row per
// item.
func writeAnswers(x *excelize.File, report string, items []inviteItem, labels []string) error {
	const sheet = AnswersSheet
	st, err := newStyles(x)
	if err != nil {
		return err
	}
	if err := header(x, sheet, answersHeader, answersWidths, st.header); err != nil {
		return err
	}
	for i, it := range items {
		r := i + 2
		pos := it.position
		for _, p := range response.Positions {
			if p == it.position {
				pos = labels[slices.Index(response.Positions, p)]
			}
		}
		var target any
		if !it.target.IsZero() {
			target = it.target
		}
		row := []any{it.id, it.kind, it.number, report, it.text, it.addressees, it.deadline, it.whose,
			it.answer, pos, it.reason, it.owner, target}
		if err := x.SetSheetRow(sheet, cellName(1, r), &row); err != nil {
			return err
		}
		fill, date := st.fill, st.date
		if it.force {
			fill, date = st.need, st.needDate
		}
		for _, s := range []struct{ from, to, style int }{
			{colItem, colWhose, st.given}, {colAnswer, colOwner, fill}, {colTarget, colTarget, date},
		} {
			if err := x.SetCellStyle(sheet, cellName(s.from, r), cellName(s.to, r), s.style); err != nil {
				return err
			}
		}
		if err := x.SetRowHeight(sheet, r, height(15, answersWidths, []string{it.id, it.kind, "", report, it.text, it.addressees, it.deadline, it.whose, it.answer, pos, it.reason, it.owner, ""})); err != nil {
			return err
		}
	}
	last := len(items) + 1
	if len(items) > 0 {
		if err := validate(x, sheet, colPosition, colTarget, last, labels); err != nil {
			return err
		}
	}
	return protect(x, sheet, numCols, last, "landscape")
}

// header writes a sheet's row of headings and its columns' widths.
func header(x *excelize.File, sheet string, names []string, widths []float64, style int) error {
	for i, w := range widths {
		c := colName(i + 1)
		if err := x.SetColWidth(sheet, c, c, w); err != nil {
			return err
		}
	}
	row := make([]any, len(names))
	for i, n := range names {
		row[i] = n
	}
	if err := x.SetSheetRow(sheet, "A1", &row); err != nil {
		return err
	}
	return x.SetCellStyle(sheet, "A1", cellName(len(names), 1), style)
}

// validate adds the drop-down of positions to column pos and the
// validation of dates to column date, from row 2 to row last.
func validate(x *excelize.File, sheet string, pos, date, last int, labels []string) error {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", colName(pos), colName(pos), last))
	if err := dv.SetDropList(labels); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "Position", "Choose a position from the list: "+strings.Join(labels, ", ")+".")
	if err := x.AddDataValidation(sheet, dv); err != nil {
		return err
	}
	dd := excelize.NewDataValidation(true)
	dd.SetSqref(fmt.Sprintf("%s2:%s%d", colName(date), colName(date), last))
	if err := dd.SetRange(serial(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)), serial(time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)),
		excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dd.SetError(excelize.DataValidationErrorStyleStop, "Date", "Give a date, such as 2024-03-31.")
	dd.SetInput("Date", "A day, such as 2024-03-31.")
	return x.AddDataValidation(sheet, dd)
}

// serial is the spreadsheet's number of a day (the 1900 date system).
func serial(t time.Time) int {
	return int(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// protect freezes a sheet's row of headings and its first three columns,
// lets the rows be filtered, locks the sheet (the cells not to fill are
// locked; no password: the lock guards against slips, and s55 checks
// what comes back), and sets it up for printing.
func protect(x *excelize.File, sheet string, cols, last int, orientation string) error {
	if err := x.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "D2", ActiveCell: "D2", Pane: "bottomRight"}}}); err != nil {
		return err
	}
	if err := x.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", colName(cols), max(last, 2)), nil); err != nil {
		return err
	}
	if err := x.ProtectSheet(sheet, &excelize.SheetProtectionOptions{AutoFilter: true, FormatColumns: true, FormatRows: true,
		SelectLockedCells: true, SelectUnlockedCells: true}); err != nil {
		return err
	}
	return printable(x, sheet, orientation, 2, "$1:$1", "$A:$C")
}
