package conformance

import (
	"context"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Tab starts Debian's Chromium headless (BrowserOptions) for the test and
// returns its tab; the browser stops when the test ends. Without Chromium
// the test is skipped, or fails under RequireEnv.
func Tab(t testing.TB) context.Context {
	t.Helper()
	Need(t, Chromium)
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal(err)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), BrowserOptions(chrome, t.TempDir())...)
	t.Cleanup(cancelAlloc) // waits for the browser to stop
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	// Started with no timeout of its own: a timeout on the first run
	// would stop the browser when it ends.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	return tab
}
