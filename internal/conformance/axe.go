package conformance

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// AxeViolation is one rule that axe-core finds broken on a page.
type AxeViolation struct {
	ID      string   `json:"id"`      // the rule, such as "image-alt"
	Impact  string   `json:"impact"`  // "minor", "moderate", "serious" or "critical"
	Help    string   `json:"help"`    // such as "Images must have alternative text"
	HelpURL string   `json:"helpUrl"` // axe-core's page about the rule
	Targets []string `json:"targets"` // a CSS selector of each node that breaks the rule
}

// String returns the violation as "id (impact): help: targets".
func (v AxeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s: %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
}

// axeRun runs axe-core with the rules of WCAG 2.0, 2.1 and 2.2, levels A and
// AA, and keeps what AxeViolation holds.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}})
  .then(r => r.violations.map(v => ({
    id: v.id,
    impact: v.impact || '',
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map(n => n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)).join(' | ')),
  })))`

// axePageTimeout limits the work on one page: load, injection and the run.
const axePageTimeout = 60 * time.Second

// BrowserOptions are the options that start Debian's Chromium at path
// headless, with a fresh profile folder: the flags of TOOLING.md and no
// others, leaving chromedp's defaults out (chromedp adds
// --remote-debugging-pipe and the first page, about:blank). Without the
// background-networking flags the browser keeps trying to reach hosts a
// closed network cannot reach.
func BrowserOptions(path, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	}
}

// Axe loads each HTML file in one headless Chromium, runs axe-core's WCAG 2.2
// A and AA rules on it, and returns the violations by file, as the caller
// named it. Every file has an entry, empty when the page passes.
func Axe(ctx context.Context, files ...string) (map[string][]AxeViolation, error) {
	if len(files) == 0 {
		return map[string][]AxeViolation{}, nil
	}
	chrome, err := Chromium.find()
	if err != nil {
		return nil, err
	}
	axeJS, err := AxeCore.find()
	if err != nil {
		return nil, err
	}
	script, err := os.ReadFile(axeJS)
	if err != nil {
		return nil, err
	}
	urls := make([]string, len(files))
	for i, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("axe: %s is not a regular file", f)
		}
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		urls[i] = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	}

	profile, err := os.MkdirTemp("", "s55-axe-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile) // runs after the browser has stopped

	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, BrowserOptions(chrome, profile)...)
	defer cancelAlloc() // waits for the browser to stop
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	// Start the browser with a context that has no timeout of its own: a
	// timeout on the first run would stop the browser when it ends.
	if err := chromedp.Do(bctx); err != nil {
		return nil, fmt.Errorf("axe: starting %s: %w", chrome, err)
	}

	result := make(map[string][]AxeViolation, len(files))
	for i, f := range files {
		vs, err := axePage(bctx, urls[i], string(script))
		if err != nil {
			return nil, fmt.Errorf("axe: %s: %w", f, err)
		}
		if vs == nil {
			vs = []AxeViolation{}
		}
		result[f] = vs
	}
	return result, nil
}

// axePage loads the page in the browser's tab, injects axe-core and runs it.
func axePage(bctx context.Context, pageURL, script string) ([]AxeViolation, error) {
	ctx, cancel := context.WithTimeout(bctx, axePageTimeout)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(pageURL),
		chromedp.Evaluate[chromedp.Void](script),
	); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]AxeViolation](axeRun, chromedp.EvalAwaitPromise))
}
