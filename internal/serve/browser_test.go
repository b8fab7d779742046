package serve_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/serve"
)

// newTab starts Debian's headless Chromium, as the conformance checks do,
// and returns a context for its first tab. The browser stops when the test
// ends.
func newTab(t *testing.T) context.Context { return conformance.Tab(t) }

// pageState is what the test reads from the tab, without acting on it.
type pageState struct {
	Path string `json:"path"`
	Text string `json:"text"`
	// Nav is how the page was last loaded: "navigate" or "reload".
	Nav string `json:"nav"`
	// Loaded is when its load event ended, in milliseconds since the Unix
	// epoch, or 0 while it is loading.
	Loaded float64 `json:"loaded"`
	// Load is how long the last load took, from its start to the end of
	// its load event, in milliseconds.
	Load float64 `json:"load"`
}

const readPage = `(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    path: location.pathname,
    text: document.body ? document.body.innerText : "",
    nav: nav ? nav.type : "",
    loaded: nav && nav.loadEventEnd > 0 ? performance.timeOrigin + nav.loadEventEnd : 0,
    load: nav ? nav.loadEventEnd : 0,
  };
})()`

// waitPage reads the tab until its page has loaded and holds text, and
// returns what it read. Reads during a reload fail and are retried.
func waitPage(t *testing.T, tab context.Context, text string) pageState {
	t.Helper()
	return waitTab(t, tab, readPage, fmt.Sprintf("the page to hold %q", text), func(st pageState) bool {
		return st.Loaded > 0 && strings.Contains(st.Text, text)
	})
}

// waitTab evaluates the script in the tab until what it gives satisfies
// ok, and returns that; a failed evaluation (during a reload) is tried
// again. The test fails, saying what it waited for, after its patience.
func waitTab[T any](t *testing.T, tab context.Context, script, what string, ok func(T) bool) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, patience)
	defer cancel()
	var last T
	for {
		st, err := chromedp.Run(ctx, chromedp.Evaluate[T](script))
		if err == nil {
			last = st
			if ok(st) {
				return st
			}
		}
		if ctx.Err() != nil {
			t.Fatalf("waiting for %s: %v; last read:\n%+v", what, err, last)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// since returns the time from t0 to a moment the browser noted, in
// milliseconds since the epoch. Both clocks are this machine's.
func since(t0 time.Time, browserMillis float64) time.Duration {
	return time.UnixMicro(int64(browserMillis * 1000)).Sub(t0)
}

// TestBrowserReloadsAfterSave opens the served letter in headless Chromium,
// edits the response on disk and watches the page reload by itself with the
// new text, then show the problem of a broken edit and come back after the
// fix. It logs the time from each save to the reloaded page.
func TestBrowserReloadsAfterSave(t *testing.T) {
	tab := newTab(t)
	dir := copyReference(t)
	p := start(t, dir, serve.Options{})
	letter := filepath.Join(dir, "letter.md")
	data := filepath.Join(dir, "response.yaml")

	if err := chromedp.Do(tab, chromedp.Navigate(p.base+"/letter.html")); err != nil {
		t.Fatal(err)
	}
	st := waitPage(t, tab, "Both the Chief Constable and I welcome")
	if st.Nav != "navigate" {
		t.Fatalf("first load: navigation type %q", st.Nav)
	}

	// Each edit adds a new line to the letter; the tab must reload by
	// itself and show it.
	text, err := os.ReadFile(letter)
	if err != nil {
		t.Fatal(err)
	}
	var times []time.Duration
	for i := 1; i <= 10; i++ {
		marker := fmt.Sprintf("Edit number %d of the letter.", i)
		before := st.Loaded
		t0 := time.Now()
		if err := os.WriteFile(letter, fmt.Appendf(text, "\n%s\n", marker), 0o644); err != nil {
			t.Fatal(err)
		}
		st = waitPage(t, tab, marker)
		if st.Nav != "reload" || st.Path != "/letter.html" || st.Loaded <= before {
			t.Fatalf("after edit %d the tab was not reloaded in place: %+v", i, st)
		}
		d := since(t0, st.Loaded)
		times = append(times, d)
		load := time.Duration(st.Load * float64(time.Millisecond))
		t.Logf("edit %d: save to reloaded page %v (to the reload's start %v, the reload %v)", i,
			d.Round(time.Millisecond), (d - load).Round(time.Millisecond), load.Round(time.Millisecond))
		// Let the rebuild finish, PDFs and all, before the next save.
		time.Sleep(500 * time.Millisecond)
	}
	slices.Sort(times)
	t.Logf("save to reloaded page, %d edits: median %v, fastest %v, slowest %v",
		len(times), times[len(times)/2].Round(time.Millisecond), times[0].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond))

	// A broken edit: the tab shows the positioned problem in place of the
	// letter.
	t0 := time.Now()
	edit(t, data, goodKey, brokenKey)
	st = waitPage(t, tab, `response.yaml:11:1: error: unknown field "leter" (did you mean "letter"?)`)
	if st.Nav != "reload" || st.Path != "/letter.html" || !strings.Contains(st.Text, "letter.html could not be rebuilt") ||
		strings.Contains(st.Text, "Edit number") {
		t.Fatalf("after the broken edit the tab does not show the problem in place of the letter:\n%+v", st)
	}
	t.Logf("broken save to the problems page: %v", since(t0, st.Loaded).Round(time.Millisecond))
	if !strings.Contains(st.Text, "Open the last good letter.html") {
		t.Errorf("the problems page has no link to the last good letter:\n%s", st.Text)
	}

	// The fix brings the letter back.
	t0 = time.Now()
	edit(t, data, brokenKey, goodKey)
	st = waitPage(t, tab, "Edit number 10 of the letter.")
	if st.Nav != "reload" || st.Path != "/letter.html" {
		t.Fatalf("after the fix the tab was not reloaded in place: %+v", st)
	}
	t.Logf("fixing save to the letter: %v", since(t0, st.Loaded).Round(time.Millisecond))
}
