package site_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/site"
	"github.com/opcc-tools/s55/internal/theme"
	"github.com/opcc-tools/s55/internal/tracker"
	"github.com/opcc-tools/s55/internal/workbook"
)

// published issues the reference response and builds the site from it,
// with one status update, into a temporary folder.
func published(t *testing.T) (string, []tracker.Row) {
	t.Helper()
	r, diags := build.Render("../../responses/2021-09-13-rape-inspection-phase-one", build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "archive")
	if _, err := archive.Issue(arch, &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission}, archive.IssueOptions{MakeKeyIn: filepath.Dir(arch), KeyName: "test", Now: time.Date(2021, 9, 14, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	updates := []tracker.Update{
		{Response: r.Folder.ID, Item: "rec-1", Date: day(2022, 3, 1), Status: "complete", Owner: "Head of Public Protection", Note: "Done.", Evidence: "https://example.org/minutes?a=1&b=2"},
		{Response: r.Folder.ID, Item: "rec-2", Date: day(2021, 10, 1), Status: "in-progress", Target: day(2022, 3, 31), Owner: "Head of Crime"},
		{Response: r.Folder.ID, Item: "rec-3", Date: day(2022, 6, 1), Status: "in-progress", Target: day(2022, 7, 15), Note: "Panels meet monthly."},
		{Response: r.Folder.ID, Item: "rec-4", Date: day(2021, 12, 1), Status: "in-progress", Target: day(2023, 12, 31)},
		{Response: r.Folder.ID, Item: "rec-4", Date: day(2022, 5, 1), Note: "<b>Joint</b> reviews started & run."},
		{Response: r.Folder.ID, Item: "rec-5", Date: day(2022, 6, 2), Status: "closed", Note: "HMICFRS closed it."},
		// What an officer may paste: a word and a web address too long for
		// a narrow screen, which must wrap rather than widen the page.
		{Response: r.Folder.ID, Item: "rec-6", Date: day(2022, 6, 20), Note: "See " + strings.Repeat("Llanfairpwllgwyngyll", 4) + " and https://www.example.org/" + strings.Repeat("minutes-of-the-joint-board/", 6) + ".",
			Evidence: "https://www.example.org/" + strings.Repeat("evidence-of-progress/", 8)},
	}
	rows, rdiags := tracker.Rows(entries, updates, nil, nil, time.Time{})
	if err := rdiags.Err(); err != nil {
		t.Fatal(err)
	}
	th, tdiags := theme.Load("", "en-GB")
	if err := tdiags.Err(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	pubs := map[string]tracker.Publication{tracker.Key(r.Folder.ID, 1): {Sent: "2021-09-14", Published: "2021-09-15", Reason: "The Board met after the last day."}}
	if _, err := site.Write(out, entries, site.Tracking{Rows: rows, Publications: pubs, Today: today, Since: today.AddDate(0, -3, 0)}, []*theme.Theme{th}, nil, ""); err != nil {
		t.Fatal(err)
	}
	return out, rows
}

// today is the day the tests' trackers are rated on.
var today = time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC)

func TestTrackerRows(t *testing.T) {
	_, rows := published(t)
	if len(rows) != 13 {
		t.Fatalf("%d rows, want the 13 recommendations", len(rows))
	}
	want := map[string]string{"rec-1": "reported-complete", "rec-2": "in-progress", "rec-7": "in-progress", "rec-8": "other-body", "rec-13": "other-body"}
	// On 30 June 2022: rec-2's target has passed, rec-3's is 15 days
	// off, rec-4's far; rec-6 and rec-7 have none.
	rag := map[string]string{"rec-1": "green", "rec-2": "red", "rec-3": "amber", "rec-4": "green", "rec-5": "green", "rec-6": "amber", "rec-8": ""}
	for _, r := range rows {
		if s, ok := want[r.Item]; ok && r.Status != s {
			t.Errorf("%s: status %q, want %q", r.Item, r.Status, s)
		}
		if g, ok := rag[r.Item]; ok && r.RAG != g {
			t.Errorf("%s: rated %q, want %q", r.Item, r.RAG, g)
		}
		if r.Item == "rec-4" && (len(r.History) != 2 || r.History[0].Target != "2023-12-31" || r.History[1].Note == "" || r.Target != "2023-12-31") {
			t.Errorf("rec-4: history %+v, target %q", r.History, r.Target)
		}
		if !strings.HasSuffix(r.Link, "/r1/response.html#"+r.Item) {
			t.Errorf("%s: link %q", r.Item, r.Link)
		}
	}
}

func TestPagesConform(t *testing.T) {
	out, _ := published(t)
	files := []string{filepath.Join(out, "index.html"), filepath.Join(out, "tracker.html")}
	tr, err := os.ReadFile(files[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		// The counts: one response and all, by status then rating.
		`<tr><th scope="row">A Joint Thematic Inspection on the Police and Crown Prosecution Service&#39;s response to rape – Phase One: From report to Police or CPS decision to take no further action</th><td class="count">13</td><td class="count">0</td><td class="count">5</td><td class="count">1</td><td class="count">1</td><td class="count">6</td><td class="count">0</td><td class="count">1</td><td class="count">3</td><td class="count">3</td><td class="count">6</td></tr>`,
		`<tr><th scope="row">All reports</th><td class="count">13</td>`,
		`<span class="rag rag-red">Red</span>: overdue`,
		// The history, oldest first, and the changes since 30 March.
		`<details><summary>2 dated updates</summary><ol class="history"><li>1st December 2021: In progress; target 31st December 2023</li><li>1st May 2022; &lt;b&gt;Joint&lt;/b&gt; reviews started &amp; run.</li></ol></details>`,
		`<h2>Changes since 30th March 2022</h2>`,
		`(<a href="https://example.org/minutes?a=1&amp;b=2">evidence</a>)`,
	} {
		if !strings.Contains(string(tr), want) {
			t.Errorf("tracker.html lacks %s", want)
		}
	}
	changes := string(tr)[strings.Index(string(tr), "<h2>Changes"):strings.Index(string(tr), "<h2>Items")]
	if strings.Count(changes, "<li>") != 4 || strings.Index(changes, "20th June 2022") > strings.Index(changes, "2nd June 2022") ||
		strings.Index(changes, "2nd June 2022") > strings.Index(changes, "1st June 2022") || strings.Contains(changes, "October 2021") {
		t.Errorf("changes since 30 March 2022, newest first:\n%s", changes)
	}
	index, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(index), "<td>14th September 2021</td>\n<td>15th September 2021<br>Why it was late: The Board met after the last day.</td>") {
		t.Errorf("index.html does not show the days sent and published, and why it was late")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(data), "<h1"); n != 1 {
			t.Errorf("%s: %d h1", f, n)
		}
	}
	conformance.CheckHTML(t, files...)
}

// issued issues the reference response into a new archive.
func issued(t *testing.T) (string, *build.Result) {
	t.Helper()
	r, diags := build.Render("../../responses/2021-09-13-rape-inspection-phase-one", build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(t.TempDir(), "archive")
	if _, err := archive.Issue(arch, &archive.Built{Facts: r.Facts, Files: r.Files, Source: r.Source, Submission: r.Submission}, archive.IssueOptions{MakeKeyIn: filepath.Dir(arch), KeyName: "test", Now: time.Date(2021, 9, 14, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return arch, r
}

// TestIncremental writes a site, then again with nothing new: no document
// is written again, and each is a hard link of the archived file. A new
// revision adds its folder; a revision gone from the archive leaves.
func TestIncremental(t *testing.T) {
	arch, r := issued(t)
	th, tdiags := theme.Load("", "en-GB")
	if err := tdiags.Err(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	write := func() site.Stats {
		t.Helper()
		entries, err := archive.List(arch)
		if err != nil {
			t.Fatal(err)
		}
		st, err := site.Write(out, entries, site.Tracking{Today: today}, []*theme.Theme{th}, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := write(); st.Written != 1 || st.Kept != 0 || st.Linked != 6 || st.Copied != 0 {
		t.Fatalf("first run: %+v", st)
	}
	checkKept(t, arch, out, r.Folder.ID, write)
	checkStaleLeaves(t, out, write)
	checkPublication(t, arch, out, r.Folder.ID)

}

// checkKept: the site's documents of the response id are hard links of
// the archive's, and a second run (write) with nothing new writes no
// document again but the index, and leaves nothing behind.
func checkKept(t *testing.T, arch, out, id string, write func() site.Stats) {
	t.Helper()
	doc := filepath.Join(out, "responses", id, "r1", "letter.pdf")
	before, err := os.Stat(doc)
	if err != nil {
		t.Fatal(err)
	}
	archived, err := os.Stat(filepath.Join(arch, id, "r1", "letter.pdf"))
	if err != nil || !os.SameFile(before, archived) {
		t.Fatalf("the site's letter.pdf is not the archive's file: %v", err)
	}
	index, err := os.Stat(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if st := write(); st.Written != 0 || st.Kept != 1 || st.Linked != 0 {
		t.Fatalf("second run: %+v", st)
	}
	after, err := os.Stat(doc)
	if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("the second run touched letter.pdf: %v", err)
	}
	index2, err := os.Stat(filepath.Join(out, "index.html"))
	if err != nil || os.SameFile(index, index2) {
		t.Errorf("the second run did not write index.html again: %v", err)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// checkStaleLeaves: a revision the site holds but the archive no longer
// does leaves on the next run (write).
func checkStaleLeaves(t *testing.T, out string, write func() site.Stats) {
	t.Helper()
	stale := filepath.Join(out, "responses", "gone", "r1")
	if err := os.MkdirAll(stale, 0o755); err != nil {
		t.Fatal(err)
	}
	if st := write(); st.Removed != 1 {
		t.Errorf("third run: %+v", st)
	}
	if _, err := os.Stat(filepath.Join(out, "responses", "gone")); !os.IsNotExist(err) {
		t.Errorf("the stale revision is still there: %v", err)
	}
}

// checkPublication: archive.json names the chain head and every digest of
// the response id's revision, which index.html shows, and submission.eml
// is issued but not published.
func checkPublication(t *testing.T, arch, out, id string) {
	t.Helper()
	pub, err := archive.ReadPublication(out)
	if err != nil {
		t.Fatal(err)
	}
	m, data, err := archive.ReadManifest(filepath.Join(arch, id, "r1"))
	if err != nil {
		t.Fatal(err)
	}
	if pub.Chain.Sequence != 1 || pub.Chain.SHA256 != archive.Digest(data) || len(pub.Revisions) != 1 || len(pub.Revisions[0].Documents) != 6 {
		t.Fatalf("archive.json %+v", pub)
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range m.Outputs {
		if !strings.Contains(string(page), m.File(o).SHA256) {
			t.Errorf("index.html does not show the SHA-256 of %s", o)
		}
	}
	// The message to the Home Office is the office's to send, not a
	// published document.
	if _, err := os.Stat(filepath.Join(out, "responses", id, "r1", "submission.eml")); err == nil || m.File("submission.eml") == nil {
		t.Errorf("submission.eml published, or not issued")
	}
	if !strings.Contains(string(page), archive.Digest(data)) {
		t.Errorf("index.html does not show the chain head")
	}
}

// TestItemCache: the tracker's items of a revision are kept beside it on
// the first run and read from there on the next, the same rows every
// time, and tracker.json is what json.MarshalIndent makes of them. A third
// run finds the revision in place without them (as a site written before
// they were kept) and keeps them beside it.
func TestItemCache(t *testing.T) {
	arch, r := issued(t)
	th, _ := theme.Load("", "en-GB")
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	var runs [][]tracker.Row
	itemsFile := filepath.Join(out, "responses", r.Folder.ID, "r1", site.ItemsName)
	var first []byte
	for run := range 3 {
		if run == 2 {
			first, _ = os.ReadFile(itemsFile)
			if err := os.Remove(itemsFile); err != nil {
				t.Fatal(err)
			}
		}
		runs = append(runs, writeTracked(t, out, entries, th))
	}
	// The items kept are those the archive holds, before the book's
	// rating and day of issue.
	kept, err := os.ReadFile(itemsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(kept, first) {
		t.Errorf("%s kept beside a revision in place differs from the one written with it", site.ItemsName)
	}
	var got []tracker.Row
	if err := json.Unmarshal(kept, &got); err != nil {
		t.Fatal(err)
	}
	if read, _ := tracker.Items(entries[0]); len(got) != 13 || !reflect.DeepEqual(got, read) {
		t.Errorf("%s holds %d rows, not the items of the archive as read", site.ItemsName, len(got))
	}
	want, _ := tracker.Rows(entries, nil, nil, nil, time.Time{})
	tracker.RateAll(want, today)
	// The book holds thin rows (tracker.Thin), each of which, laid over
	// the item as read, is the whole row.
	read, _ := tracker.Items(entries[0])
	for i, rows := range runs {
		if len(rows) != 13 || rows[0].Text != "" {
			t.Errorf("run %d: %d rows, or rows not thin", i+1, len(rows))
			continue
		}
		for k := range rows {
			if got := tracker.Overlay(read[k], rows[k]); !reflect.DeepEqual(got, want[k]) {
				t.Errorf("run %d: row %d is not the archive's:\n%+v\nwant\n%+v", i+1, k, got, want[k])
			}
		}
	}
	if _, err := os.Stat(filepath.Join(out, "responses", r.Folder.ID, "r1", site.ItemsName)); err != nil {
		t.Errorf("no %s: %v", site.ItemsName, err)
	}
	data, err := os.ReadFile(filepath.Join(out, "tracker.json"))
	if err != nil {
		t.Fatal(err)
	}
	whole, _ := json.MarshalIndent(want, "", "  ")
	if string(data) != string(whole)+"\n" {
		t.Errorf("tracker.json is not the list indented as a whole")
	}
	// tracker.xlsx beside it: the workbook of the same rows and counts.
	data, err = os.ReadFile(filepath.Join(out, site.TrackerWorkbook))
	if err != nil {
		t.Fatal(err)
	}
	per, total := tracker.Counts(want)
	var b bytes.Buffer
	if err := workbook.WriteTracker(&b, slices.Values(want), per, total, today); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, b.Bytes()) {
		t.Errorf("%s is not the tracker's workbook of the rows", site.TrackerWorkbook)
	}
}

// writeTracked writes the site of entries to out as index does: the
// tracker's rows read through the site's item cache, then the pages. It
// returns the book's rows.
func writeTracked(t *testing.T, out string, entries []*archive.Entry, th *theme.Theme) []tracker.Row {
	t.Helper()
	items := site.NewItemCache(out)
	defer items.Close()
	rows, d := tracker.Rows(entries, nil, nil, items.Load, time.Time{})
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := site.Write(out, entries, site.Tracking{Rows: rows, Today: today}, []*theme.Theme{th}, items, ""); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestItemCacheHeld: where no temporary file can be made, the cache holds
// the items it read from the archive, and the site is the same, byte for
// byte.
func TestItemCacheHeld(t *testing.T) {
	arch, r := issued(t)
	th, _ := theme.Load("", "en-GB")
	entries, err := archive.List(arch)
	if err != nil {
		t.Fatal(err)
	}
	spilled, held := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	writeTracked(t, spilled, entries, th)
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	writeTracked(t, held, entries, th)
	for _, name := range []string{"tracker.json", "tracker.csv", "tracker.html", site.CalendarName, filepath.Join("responses", r.Folder.ID, "r1", site.ItemsName)} {
		a, errA := os.ReadFile(filepath.Join(spilled, name))
		b, errB := os.ReadFile(filepath.Join(held, name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) || len(a) < 100 {
			t.Errorf("%s differs where the items were held (%v, %v)", name, errA, errB)
		}
	}
}

// checkFolded: every line of the feed data is folded within 75 octets
// and ended by CRLF.
func checkFolded(t *testing.T, data []byte) {
	t.Helper()
	for i, l := range strings.SplitAfter(string(data), "\n") {
		if l == "" {
			continue
		}
		if !strings.HasSuffix(l, "\r\n") || len(l)-2 > 75 {
			t.Errorf("line %d: %d octets, or not ended by CRLF: %q", i+1, len(l)-2, l)
		}
	}
}

// checkTargets: an event on each row's target date, with its summary; it
// returns how many rows have one.
func checkTargets(t *testing.T, byUID map[string]*ics.VEvent, rows []tracker.Row) int {
	t.Helper()
	id := rows[0].Response
	targets := 0
	for _, r := range rows {
		if r.Target == "" {
			continue
		}
		targets++
		uid := ""
		for u := range byUID {
			if strings.HasPrefix(u, id+"."+r.Item+".target.") && strings.HasSuffix(u, "@s55") {
				uid = u
			}
		}
		ev := byUID[uid]
		if ev == nil {
			t.Errorf("%s: no event for its target %s", r.Item, r.Target)
			continue
		}
		start, err := ev.GetAllDayStartAt()
		if err != nil || start.Format(time.DateOnly) != r.Target {
			t.Errorf("%s: event on %v (%v), want %s", r.Item, start, err, r.Target)
		}
		if s := ev.GetProperty(ics.ComponentPropertySummary); s == nil || !strings.Contains(s.Value, "Recommendation "+strings.TrimPrefix(r.Item, "rec-")) {
			t.Errorf("%s: summary %v", r.Item, s)
		}
	}
	return targets
}

// TestCalendar parses tracker.ics back with the library that wrote it: an
// event on every target date and on the last day for publication, with
// UIDs made of the response, the item and the kind of date, every line
// folded within 75 octets and ended by CRLF, and the same bytes again
// from the same data.
func TestCalendar(t *testing.T) {
	out, rows := published(t)
	data, err := os.ReadFile(filepath.Join(out, "tracker.ics"))
	if err != nil {
		t.Fatal(err)
	}
	checkFolded(t, data)
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		byUID[ev.Id()] = ev
	}
	id := rows[0].Response
	targets := checkTargets(t, byUID, rows)
	if targets != 3 || len(cal.Events()) != targets+1 {
		t.Errorf("%d events for %d targets and one last day", len(cal.Events()), targets)
	}
	var last *ics.VEvent
	for u, ev := range byUID {
		if strings.HasPrefix(u, id+".last-day.") {
			last = ev
		}
	}
	if last == nil {
		t.Fatal("no event on the last day for publication")
	}
	if d, err := last.GetAllDayStartAt(); err != nil || d.Format(time.DateOnly) != "2021-09-09" {
		t.Errorf("last day %v (%v)", d, err)
	}
	if d, err := last.GetDtStampTime(); err != nil || !d.Equal(time.Date(2021, 9, 14, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTAMP %v (%v), want the time of issue", d, err)
	}
	again, _ := published(t)
	data2, _ := os.ReadFile(filepath.Join(again, "tracker.ics"))
	if !bytes.Equal(data, data2) {
		t.Error("the same data gave another feed")
	}
}
