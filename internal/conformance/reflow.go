package conformance

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

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
