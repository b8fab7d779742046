package desk

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/issue"
	"github.com/opcc-tools/s55/internal/preview"
	"github.com/opcc-tools/s55/internal/scaffold"
)

// freshOffice writes an office as s55 init writes it, with its flags
// filled, and the placeholder signature beside it.
func freshOffice(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := scaffold.NewOffice(scaffold.OfficeOptions{
		PCC: "Jo Bloggs", PCCTitle: "Police and Crime Commissioner for Westshire", Force: "Westshire Police",
		ForceShort: "the force", Signature: "signature.png", SignatureAlt: "The signature of Jo Bloggs",
		SubmissionTo: []string{"s55@homeoffice.example"}, SubmissionCC: []string{"s55@hmicfrs.example"}, SubmissionFrom: "opcc@westshire.example",
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "office.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join("..", "..", "responses", "signature-placeholder.png"), filepath.Join(dir, "signature.png"))
	return dir
}

// running serves the desk of dir on a port of its own.
func running(t *testing.T, dir string) (*Desk, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := New(dir, preview.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })
	return d, "http://" + ln.Addr().String()
}

func press(t *testing.T, tab context.Context, s string, opts ...chromedp.KeyOption) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.KeyEvent(s, opts...)); err != nil {
		t.Fatal(err)
	}
}

// focus presses Tab until the element id, or with that text, holds the
// focus.
func focus(t *testing.T, tab context.Context, id string) {
	t.Helper()
	for range 200 {
		if got, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id || document.activeElement.textContent.trim() : ""`)); err == nil && got == id {
			return
		}
		press(t, tab, kb.Tab)
	}
	t.Fatalf("Tab never reached %s", id)
}

// typeDate types a day into the focused date input, as its fields take
// it in this browser's locale (month, day, year).
func typeDate(t *testing.T, tab context.Context, d time.Time) {
	t.Helper()
	press(t, tab, d.Format("01022006"))
}

// waitText waits until the element of the selector says want.
func waitText(t *testing.T, tab context.Context, sel, want string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	for {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(`+quote(sel)+`) || {textContent: ""}).textContent`))
		if err == nil && strings.Contains(got, want) {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("%s never said %q; it says %q", sel, want, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// waitPath waits until the tab shows the page at path.
func waitPath(t *testing.T, tab context.Context, path string) {
	t.Helper()
	waitText(t, tab, "html", "")
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	for {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname : ""`))
		if err == nil && got == path {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("the tab never showed %s (%s)", path, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// keep saves the tab's page to a file, for the checkers.
func keep(t *testing.T, tab context.Context, file string) string {
	t.Helper()
	page, err := chromedp.Run(tab, chromedp.Evaluate[string](`"<!DOCTYPE html>\n" + document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestBrowserMonth is the officer's month on the desk, in headless
// Chromium with the keyboard only: from a fresh office, a response
// started from the report's pasted text, filled in part, its draft
// preview; every answer and the letter's date, issue, the e-mail, the
// days it was sent and published; the site published, three items
// tracked, and a correction. The archive verifies at the end; every page
// passes Nu and axe and reflows at 320 px.
func TestBrowserMonth(t *testing.T) {
	tb := conformance.Tab(t)
	dir := freshOffice(t)
	_, base := running(t, dir)
	today := day.Today()
	pages := t.TempDir()
	var kept []string
	page := func(name string) { kept = append(kept, keep(t, tb, filepath.Join(pages, name+".html"))) }

	if err := chromedp.Do(tb, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	waitPath(t, tb, "/")
	page("desk-empty")
	// Start a response from the pasted text.
	focus(t, tb, "new-id")
	press(t, tb, "peel-2026")
	focus(t, tb, "new-title")
	press(t, tb, "PEEL 2026")
	focus(t, tb, "new-published")
	typeDate(t, tb, today.AddDate(0, 0, -20))
	focus(t, tb, "new-text")
	press(t, tb, "Recommendations\nRecommendation 1\nBy 1 March 2027, the force should do a thing.\n\nRecommendation 2\nThe force should do another.\n\nAreas for improvement\nArea for improvement 1\nThe force should improve its records.\n")
	focus(t, tb, "Start the response")
	press(t, tb, kb.Enter)
	waitPath(t, tb, "/responses/peel-2026")
	waitText(t, tb, "#progress", "0 of 3 items answered")
	page("response-new")

	// Part of it, and the draft preview.
	focus(t, tb, "f-rec-1-response")
	press(t, tb, "We will do the thing by March.")
	press(t, tb, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	waitText(t, tb, "#save-status", "Saved.")
	waitText(t, tb, "#progress", "1 of 3 items answered")
	focus(t, tb, "See the draft preview")
	press(t, tb, kb.Enter)
	waitPath(t, tb, "/_s55/api/responses/peel-2026/preview")
	marks, err := chromedp.Run(tb, chromedp.Evaluate[int](`document.querySelectorAll("mark.s55-no-answer").length`))
	if err != nil || marks != 2 {
		t.Fatalf("the draft preview marks %d answers missing (%v), want 2", marks, err)
	}
	page("draft-preview")
	if err := chromedp.Do(tb, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	waitPath(t, tb, "/responses/peel-2026")

	// Every answer, and the letter's date.
	focus(t, tb, "f-letter_date")
	typeDate(t, tb, today)
	focus(t, tb, "f-rec-2-response")
	press(t, tb, "We will do the other.")
	focus(t, tb, "f-afi-1-response")
	press(t, tb, "Our records are being improved.")
	focus(t, tb, "f-rec-1-position")
	press(t, tb, kb.ArrowDown) // accepted
	press(t, tb, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	waitText(t, tb, "#save-status", "Saved.")
	waitText(t, tb, "#progress", "3 of 3 items answered")
	data, _ := os.ReadFile(filepath.Join(dir, "peel-2026", "response.yaml"))
	if !strings.Contains(string(data), day.ISO(today)) || !strings.Contains(string(data), "We will do the other.") || !strings.Contains(string(data), "position: accepted") {
		t.Fatalf("response.yaml after the saves:\n%s", data)
	}
	page("response-answered")

	monthIssue(t, tb, page)
	monthPublishTrack(t, tb, dir, base, page)
	monthCorrect(t, tb, dir, base, page)
	monthReflows(t, tb, dir, base)
	conformance.CheckHTML(t, kept...)
}

// monthIssue issues after the confirmation, reads the e-mail and records
// the days it was sent and published.
func monthIssue(t *testing.T, tb context.Context, page func(string)) {
	today := day.Today()
	// Issue, after the confirmation.
	issueNow(t, tb, "Issue…", 1)
	page("response-issued")
	eml, err := chromedp.Run(tb, chromedp.Evaluate[string](`fetch(document.querySelector("a[href$=\"submission.eml\"]").href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.Contains(eml, "To: <s55@homeoffice.example>") {
		t.Fatalf("the e-mail: %v %.300s", err, eml)
	}
	// Record the day it was sent and published.
	focus(t, tb, "r-sent")
	typeDate(t, tb, today)
	focus(t, tb, "r-published")
	typeDate(t, tb, today)
	focus(t, tb, "Record")
	press(t, tb, kb.Enter)
	waitText(t, tb, "#record-status", "Recorded for revision 1.")
}

// monthPublishTrack publishes the site and tracks three items.
func monthPublishTrack(t *testing.T, tb context.Context, dir, base string, page func(string)) {
	// Publish the site.
	if err := chromedp.Do(tb, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	waitPath(t, tb, "/")
	page("desk-issued")
	// Record each <progress> element the page shows while it publishes,
	// with the element that labels it.
	watch := `window.s55Seen = []; new MutationObserver(function (ms) { ms.forEach(function (m) { m.addedNodes.forEach(function (n) {
		const p = n.querySelector && n.querySelector("progress");
		if (p) { window.s55Seen.push({live: document.getElementById(p.getAttribute("aria-labelledby")).getAttribute("aria-live")}); }
	}); }); }).observe(document.body, {childList: true, subtree: true}); true`
	if _, err := chromedp.Run(tb, chromedp.Evaluate[bool](watch)); err != nil {
		t.Fatal(err)
	}
	focus(t, tb, "Publish the site")
	press(t, tb, kb.Enter)
	waitText(t, tb, "#publish-status", "Published into")
	seen, err := chromedp.Run(tb, chromedp.Evaluate[string](`JSON.stringify(window.s55Seen) + " " + document.querySelectorAll("progress").length`))
	if err != nil || seen != `[{"live":"polite"}] 0` {
		t.Errorf("the progress shown while publishing, and left after: %q %v", seen, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "site", "index.html")); err != nil {
		t.Fatal(err)
	}

	// Track three items.
	if err := chromedp.Do(tb, chromedp.Navigate(base+"/responses/peel-2026/tracker")); err != nil {
		t.Fatal(err)
	}
	waitPath(t, tb, "/responses/peel-2026/tracker")
	page("tracker")
	for _, item := range []string{"rec-1", "rec-2", "afi-1"} {
		focus(t, tb, item+"-status")
		press(t, tb, kb.ArrowDown) // in progress
		press(t, tb, kb.Tab)
		press(t, tb, "DCI Smith")
		focus(t, tb, item+"-note")
		press(t, tb, "Under way.")
		press(t, tb, kb.Enter)
		waitText(t, tb, "#"+item+"-track-status", "Recorded: in-progress")
	}
	tr, _ := os.ReadFile(filepath.Join(dir, "archive", "tracker.yaml"))
	if strings.Count(string(tr), "owner: DCI Smith") != 3 {
		t.Fatalf("tracker.yaml:\n%s", tr)
	}
}

// monthCorrect issues a correction; the archive verifies.
func monthCorrect(t *testing.T, tb context.Context, dir, base string, page func(string)) {
	// A correction.
	if err := chromedp.Do(tb, chromedp.Navigate(base+"/responses/peel-2026")); err != nil {
		t.Fatal(err)
	}
	waitPath(t, tb, "/responses/peel-2026")
	focus(t, tb, "f-rec-2-response")
	press(t, tb, " By June.")
	press(t, tb, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	waitText(t, tb, "#save-status", "Saved.")
	focus(t, tb, "c-reason")
	press(t, tb, "Recommendation 2's answer gives its date.")
	issueNow(t, tb, "Issue the correction…", 2)
	page("response-corrected")

	res, err := archive.Verify(filepath.Join(dir, "archive"), issue.Rebuild, archive.VerifyOptions{})
	if err != nil || !res.OK() || len(res.Revisions) != 2 {
		t.Fatalf("verify: %v %+v", err, res)
	}
}

// monthReflows loads every page of the desk, and the published site's, 320
// CSS pixels wide: none is wider (WCAG 2.2 SC 1.4.10).
func monthReflows(t *testing.T, tb context.Context, dir, base string) {
	// Every page reflows at 320 px.
	if err := chromedp.Do(tb, chromedp.EmulateViewport(320, 640)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/responses/peel-2026", "/responses/peel-2026/tracker", "/_s55/api/responses/peel-2026/preview"} {
		if err := chromedp.Do(tb, chromedp.Navigate(base+path)); err != nil {
			t.Fatal(err)
		}
		waitPath(t, tb, path)
		w, err := chromedp.Run(tb, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil || w > 320 {
			t.Errorf("%s is %d px wide at 320 px (%v)", path, w, err)
		}
	}
	// The published site's pages too.
	for _, name := range []string{"index.html", "tracker.html"} {
		if err := chromedp.Do(tb, chromedp.Navigate("file://"+filepath.Join(dir, "site", name))); err != nil {
			t.Fatal(err)
		}
		w, err := chromedp.Run(tb, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil || w > 320 {
			t.Errorf("the site's %s is %d px wide at 320 px (%v)", name, w, err)
		}
	}
}

// issueNow presses the issue button, then the confirmation's, and waits
// for the page to say the revision is issued.
func issueNow(t *testing.T, tb context.Context, button string, revision int) {
	t.Helper()
	focus(t, tb, button)
	press(t, tb, kb.Enter)
	focus(t, tb, "issue-yes")
	press(t, tb, kb.Enter)
	waitText(t, tb, "main", fmt.Sprintf("Issued as revision %d", revision))
}
