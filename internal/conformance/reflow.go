package conformance

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Tab starts Debian's headless Chromium for the test (BrowserOptions)
// and returns a tab of it, closed when the test ends. The test needs
// Chromium (Need).
func Tab(t *testing.T) context.Context {
	t.Helper()
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal(err)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), BrowserOptions(chrome, t.TempDir())...)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	return tab
}

// Measure loads the file in the tab at a viewport of width by height CSS
// pixels and returns what the JavaScript expression measure gives, as the
// narrow-screen tests read a page (WCAG 2.2 SC 1.4.10, Reflow).
func Measure[T any](t *testing.T, tab context.Context, file string, width, height int64, measure string) T {
	t.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tab, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height), chromedp.Navigate("file://"+abs)); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[T](measure))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return got
}
