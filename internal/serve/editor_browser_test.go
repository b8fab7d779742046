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
	"github.com/chromedp/chromedp/kb"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/serve"
)

// editorState is what the test reads of a form of the editor page in the
// tab (readPart).
type editorState struct {
	// Focus is the ID of the element that holds the focus, or its text.
	Focus    string `json:"focus"`
	Status   string `json:"status"`
	Announce string `json:"announce"`
	// Value, Problem and Invalid are the form's box's; Other is the
	// value of another box of the form, when one is read.
	Value    string `json:"value"`
	Other    string `json:"other"`
	Problem  string `json:"problem"`
	Invalid  string `json:"invalid"`
	Conflict string `json:"conflict"`
	// Preview is the text of the published response beside the forms,
	// and Loaded when its page last loaded (ms since the epoch).
	Preview string  `json:"preview"`
	Loaded  float64 `json:"loaded"`
	// Started is when that page's load began (ms since the epoch).
	Started float64 `json:"started"`
	// Item is the text of the form's own preview.
	Item string `json:"item"`
}

// readPart is a script that reads the form of the part id, its box (the
// control's ID) and, when other is set, the value of that other box.
func readPart(id, box, other string) string {
	return strings.NewReplacer("PART", id, "BOX", box, "OTHER", other).Replace(`(() => {
  const a = document.activeElement;
  const q = (s) => document.querySelector(s);
  const frame = q("#s55-preview");
  let preview = "", loaded = 0, started = 0;
  try {
    preview = frame.contentDocument.body ? frame.contentDocument.body.innerText : "";
    const nav = frame.contentWindow.performance.getEntriesByType("navigation")[0];
    loaded = nav && nav.loadEventEnd > 0 ? frame.contentWindow.performance.timeOrigin + nav.loadEventEnd : 0;
    started = frame.contentWindow.performance.timeOrigin;
  } catch (e) {}
  let item = "";
  try {
    const f = q("#edit-PART .item-preview iframe");
    item = f.contentDocument.body ? f.contentDocument.body.innerText : "";
  } catch (e) {}
  const c = q("#edit-PART-conflict");
  const o = "OTHER" ? q("#OTHER") : null;
  return {
    focus: a ? (a.id || a.textContent.trim().slice(0, 60)) : "",
    status: q("#edit-PART-status").textContent,
    announce: q("#s55-announce").textContent,
    value: q("#BOX").value,
    other: o ? o.value : "",
    problem: q("#BOX-problem").hidden ? "" : q("#BOX-problem").textContent,
    invalid: q("#BOX").getAttribute("aria-invalid") || "",
    conflict: c.hidden ? "" : c.textContent,
    preview, loaded, started, item,
  };
})()`)
}

// readEditor reads recommendation 3's form and its response.
var readEditor = readPart("rec-3", "f-rec-3-response", "")

// waitEditor reads the tab until ok holds, and returns what it read.
func waitEditor(t *testing.T, tab context.Context, what string, ok func(editorState) bool) editorState {
	t.Helper()
	return waitTab(t, tab, readEditor, what, ok)
}

// keys presses keys in the tab, as a keyboard does.
func keys(t *testing.T, tab context.Context, s string, opts ...chromedp.KeyOption) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.KeyEvent(s, opts...)); err != nil {
		t.Fatal(err)
	}
}

// tabTo presses Tab until the element called id (or with that text)
// holds the focus; Shift+Tab with back.
func tabTo(t *testing.T, tab context.Context, id string, back ...bool) {
	t.Helper()
	var opts []chromedp.KeyOption
	if len(back) > 0 && back[0] {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	for range 40 {
		if st, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id || document.activeElement.textContent.trim() : ""`)); err == nil && st == id {
			return
		}
		keys(t, tab, kb.Tab, opts...)
	}
	t.Fatalf("Tab never reached %s", id)
}

// reach goes with the keyboard from the page's contents to a box: Tab to
// the contents' link, Enter, then Tab to the box called id.
func reach(t *testing.T, tab context.Context, link, id string) {
	t.Helper()
	tabTo(t, tab, link)
	keys(t, tab, kb.Enter)
	tabTo(t, tab, id)
}

// retype selects the whole text of the box that holds the focus, with
// Ctrl+A, and types s in its place.
func retype(t *testing.T, tab context.Context, s string) {
	t.Helper()
	keys(t, tab, "a", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	keys(t, tab, s)
}

// saveDOM writes the page as it stands in the tab to a file, for Nu and axe.
func saveDOM(t *testing.T, tab context.Context, file string) string {
	t.Helper()
	html, err := chromedp.Run(tab, chromedp.Evaluate[string](`"<!DOCTYPE html>\n" + document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestBrowserEditor works the editor in headless Chromium with the keyboard
// only: it reaches recommendation 3's response from the contents, types a
// new one, saves, and sees response.yaml and the published response beside
// the form change; sees a refused save's problem beside the field with the
// focus on it; then, the file changed behind the form, sees the conflict
// with the typed text kept, and saves over it. The states pass Nu and axe.
// It logs the time from each save to the reloaded preview.
func TestBrowserEditor(t *testing.T) {
	tab := newTab(t)
	dir := copyReference(t)
	file := filepath.Join(dir, "response.yaml")
	p := start(t, dir, serve.Options{})
	if err := chromedp.Do(tab, chromedp.Navigate(p.base+"/_s55/edit")); err != nil {
		t.Fatal(err)
	}
	waitEditor(t, tab, "the page and its preview", func(st editorState) bool {
		return strings.Contains(st.Preview, "Both the Chief Constable and I welcome")
	})
	pages := t.TempDir()
	states := []string{saveDOM(t, tab, filepath.Join(pages, "editor.html"))}

	// From the contents, with the keyboard, to the response.
	reach(t, tab, "Recommendation 3", "f-rec-3-response")
	retype(t, tab, "Typed with the keyboard."+kb.Enter+kb.Enter+"A **second** paragraph.")
	// The item's own preview shows it as it will print, as it is typed.
	waitEditor(t, tab, "the item's preview", func(st editorState) bool {
		return strings.Contains(st.Item, "Force response: Typed with the keyboard.") && strings.Contains(st.Item, "A second paragraph.")
	})

	timeSaves(t, tab, p, file)
	states = append(states, refuseInBrowser(t, tab, file, pages))
	states = append(states, conflictInBrowser(t, tab, file, pages))
	saveAfterChangeElsewhere(t, tab, file)
	states = append(states, refuseNewFolder(t, tab, p, pages))

	conformance.CheckHTML(t, states...)
}

// timeSaves saves recommendation 3 with the button, reached with Tab, and
// with Ctrl+S, a few times, and logs the time of each save to the
// reloaded preview.
func timeSaves(t *testing.T, tab context.Context, p *preview, file string) {
	t.Helper()
	var times []time.Duration
	for i := 1; i <= 6; i++ {
		text := fmt.Sprintf("Typed with the keyboard, save %d.", i)
		if i > 1 {
			tabTo(t, tab, "f-rec-3-response", true)
			retype(t, tab, text+kb.Enter+kb.Enter+"A **second** paragraph.")
		} else {
			text = "Typed with the keyboard."
		}
		before := waitEditor(t, tab, "the form", func(editorState) bool { return true })
		t0 := time.Now()
		if i%2 == 1 {
			tabTo(t, tab, "Save recommendation 3")
			keys(t, tab, kb.Enter)
		} else {
			keys(t, tab, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
		}
		st := waitEditor(t, tab, "the saved preview", func(st editorState) bool {
			return st.Loaded > before.Loaded && strings.Contains(st.Preview, text) && strings.HasPrefix(st.Status, "Saved at")
		})
		d := since(t0, st.Loaded)
		times = append(times, d)
		t.Logf("save %d: save to reloaded preview %v (to the reload's start %v)", i, d.Round(time.Millisecond), since(t0, st.Started).Round(time.Millisecond))
		waitEditor(t, tab, "the live region", func(st editorState) bool { return st.Announce == "Saved recommendation 3." })
		data := readFile(t, file)
		if !strings.Contains(data, "          "+text+"\n\n          A **second** paragraph.\n        status: in-progress\n") {
			t.Fatalf("save %d: response.yaml does not hold the typed text as a block:\n%s", i, data)
		}
		time.Sleep(300 * time.Millisecond) // the PDFs build meanwhile
	}
	for line := range strings.Lines(p.log.String()) {
		if strings.Contains(line, "saved rec-3") {
			t.Log(strings.TrimSpace(line))
		}
	}
	slices.Sort(times)
	t.Logf("save to reloaded preview, %d saves: median %v, fastest %v, slowest %v",
		len(times), times[len(times)/2].Round(time.Millisecond), times[0].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond))
}

// refuseInBrowser: a refused save shows the problem beside the field, the
// focus on it, the file as it was; it returns the page saved in pages.
func refuseInBrowser(t *testing.T, tab context.Context, file, pages string) string {
	t.Helper()
	saved := readFile(t, file)
	tabTo(t, tab, "f-rec-3-response", true)
	retype(t, tab, "Not <b>bold</b>.")
	keys(t, tab, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	st := waitEditor(t, tab, "the refused save", func(st editorState) bool {
		return strings.HasPrefix(st.Status, "Not saved: 2 problems") && st.Announce != ""
	})
	if !strings.Contains(st.Problem, `line 1, column 5: raw HTML "<b>" is not published`) || st.Invalid != "true" || st.Focus != "f-rec-3-response" {
		t.Errorf("the refused save's problem is not beside the field with the focus on it: %+v", st)
	}
	if readFile(t, file) != saved {
		t.Fatal("a refused save changed response.yaml")
	}
	return saveDOM(t, tab, filepath.Join(pages, "editor-refused.html"))
}

// conflictInBrowser: the file changes behind the form's back while it
// holds typed text; the save shows the conflict with the typed text kept,
// and the officer saves over the file's text. It returns the conflict's
// page saved in pages.
func conflictInBrowser(t *testing.T, tab context.Context, file, pages string) string {
	t.Helper()
	typed := "My answer, typed while the file changed."
	retype(t, tab, typed)
	edit(t, file, "Typed with the keyboard, save 6.", "Changed in a text editor.")
	waitEditor(t, tab, "the notice of the change", func(st editorState) bool {
		return strings.Contains(st.Status, "changed in the file") && strings.Contains(st.Preview, "Changed in a text editor.")
	})
	keys(t, tab, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	st := waitEditor(t, tab, "the conflict", func(st editorState) bool { return st.Conflict != "" && st.Announce != "" })
	if st.Value != typed || !strings.Contains(st.Conflict, "Changed in a text editor.") || st.Focus != "edit-rec-3-conflict" ||
		!strings.Contains(st.Announce, "Your text is kept") {
		t.Fatalf("the conflict does not show both texts with the typed one kept: %+v", st)
	}
	if data := readFile(t, file); !strings.Contains(data, "Changed in a text editor.") || strings.Contains(data, typed) {
		t.Fatal("a save in conflict changed response.yaml")
	}
	page := saveDOM(t, tab, filepath.Join(pages, "editor-conflict.html"))
	// The officer keeps their own text: the first button of the conflict.
	keys(t, tab, kb.Tab)
	keys(t, tab, kb.Enter)
	st = waitEditor(t, tab, "the save over the file's text", func(st editorState) bool {
		return strings.HasPrefix(st.Status, "Saved at") && strings.Contains(st.Preview, typed)
	})
	if st.Conflict != "" || st.Value != typed {
		t.Errorf("after saving over the file's text: %+v", st)
	}
	if data := readFile(t, file); !strings.Contains(data, "          "+typed+"\n") || strings.Contains(data, "Changed in a text editor.") {
		t.Errorf("response.yaml does not hold the officer's text:\n%s", data)
	}
	return page
}

// saveAfterChangeElsewhere: a change elsewhere in the file does not hold
// up a save: the fields sent are as the form read them, so it is made on
// the new version.
func saveAfterChangeElsewhere(t *testing.T, tab context.Context, file string) {
	t.Helper()
	tabTo(t, tab, "f-rec-3-response", true)
	retype(t, tab, "A third answer.")
	edit(t, file, "Police forces should ensure investigators understand", "Police forces must ensure investigators understand")
	waitEditor(t, tab, "the change elsewhere in the preview", func(st editorState) bool {
		return strings.Contains(st.Preview, "Police forces must ensure")
	})
	keys(t, tab, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	st := waitEditor(t, tab, "the save after a change elsewhere", func(st editorState) bool {
		return strings.HasPrefix(st.Status, "Saved at") && strings.Contains(st.Preview, "A third answer.")
	})
	if st.Conflict != "" {
		t.Errorf("a change elsewhere in the file brought a conflict: %+v", st)
	}
	if data := readFile(t, file); !strings.Contains(data, "          A third answer.\n") || !strings.Contains(data, "Police forces must ensure") {
		t.Errorf("response.yaml does not hold both changes:\n%s", data)
	}
}

// refuseNewFolder: the page for a new response shows a refused name, with
// the focus on it; it returns the page saved in pages.
func refuseNewFolder(t *testing.T, tab context.Context, p *preview, pages string) string {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.Navigate(p.base+"/_s55/new")); err != nil {
		t.Fatal(err)
	}
	tabTo(t, tab, "f-new-folder")
	keys(t, tab, "../out")
	tabTo(t, tab, "Make the response")
	keys(t, tab, kb.Enter)
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`new Promise((ok) => { const w = () => document.activeElement.id === "f-new-folder" && !document.getElementById("f-new-folder-problem").hidden ? ok(true) : setTimeout(w, 5); w(); })`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	return saveDOM(t, tab, filepath.Join(pages, "new-refused.html"))
}

// TestEditorReflows loads the editor's pages 320 CSS pixels wide (WCAG 2.2
// SC 1.4.10): nothing is wider than the screen.
func TestEditorReflows(t *testing.T) {
	tab := newTab(t)
	p := start(t, bilingualReference(t), serve.Options{Poll: true, PollInterval: time.Hour})
	if err := chromedp.Do(tab, chromedp.EmulateViewport(320, 640)); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/_s55/edit", "/_s55/new", "/"} {
		if err := chromedp.Do(tab, chromedp.Navigate(p.base+path)); err != nil {
			t.Fatal(err)
		}
		wide, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`(() => {
  const out = [];
  if (document.documentElement.scrollWidth > 320) out.push("the page is " + document.documentElement.scrollWidth + " px wide");
  for (const e of document.querySelectorAll("body *")) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > 320.5) out.push(e.tagName + (e.id ? "#" + e.id : "") + " ends at " + Math.round(r.right));
  }
  return out.slice(0, 10);
})()`))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range wide {
			t.Errorf("%s at 320 px: %s", path, w)
		}
	}
}

// TestBrowserWelshLetter works the letter of the Welsh office's example,
// a file for each language, in headless Chromium with the keyboard only:
// it reaches the Welsh box from the contents, writes both languages and
// saves them with Ctrl+S, each into its own file; a mark with no language
// is refused beside the Welsh box with the focus on it; the English file
// changed behind the form shows in the English box, and a save of the
// Welsh goes through; English typed over a changed English file shows the
// conflict with the typed text kept. The states pass Nu and axe.
func TestBrowserWelshLetter(t *testing.T) {
	tab := newTab(t)
	dir := copyWelsh(t)
	cyFile, enFile := filepath.Join(dir, "letter.cy.md"), filepath.Join(dir, "letter.en.md")
	p := start(t, dir, serve.Options{})
	if err := chromedp.Do(tab, chromedp.Navigate(p.base+"/_s55/edit")); err != nil {
		t.Fatal(err)
	}
	// The Welsh box, and the English one beside it.
	readLetter := readPart("letter", "f-letter-body-cy-GB", "f-letter-body-en-GB")
	wait := func(what string, ok func(editorState) bool) editorState {
		t.Helper()
		return waitTab(t, tab, readLetter, what, ok)
	}
	wait("the page and its preview", func(st editorState) bool { return strings.Contains(st.Preview, "Under section 55(5)") })
	pages := t.TempDir()
	states := []string{saveDOM(t, tab, filepath.Join(pages, "editor-welsh.html"))}

	reach(t, tab, "The letter", "f-letter-body-cy-GB")
	retype(t, tab, "Llythyr a deipiwyd."+kb.Enter+kb.Enter+"Ail baragraff.")
	keys(t, tab, kb.Tab)
	if st := wait("the English box", func(editorState) bool { return true }); st.Focus != "f-letter-body-en-GB" {
		t.Fatalf("Tab from the Welsh box goes to %q, not the English box", st.Focus)
	}
	retype(t, tab, "A typed letter.")
	keys(t, tab, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	wait("the saved letters", func(st editorState) bool {
		return strings.HasPrefix(st.Status, "Saved at") && strings.Contains(st.Preview, "Llythyr a deipiwyd.") && strings.Contains(st.Preview, "A typed letter.")
	})
	if cy, en := readFile(t, cyFile), readFile(t, enFile); cy != "Llythyr a deipiwyd.\n\nAil baragraff.\n" || en != "A typed letter.\n" {
		t.Fatalf("after the save: letter.cy.md %q, letter.en.md %q", cy, en)
	}

	// A mark with no language: the problem beside the Welsh box, the focus
	// on it, the files as they were.
	tabTo(t, tab, "f-letter-body-cy-GB", true)
	retype(t, tab, "Mae'r [Croeso]{lang=xx_YY} yma.")
	keys(t, tab, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	st := wait("the refused save", func(st editorState) bool { return strings.HasPrefix(st.Status, "Not saved: 1 problem") })
	if !strings.Contains(st.Problem, `line 1, column 21: "xx_YY" is not a language tag`) || st.Invalid != "true" || st.Focus != "f-letter-body-cy-GB" {
		t.Errorf("the refused save's problem is not beside the Welsh box with the focus on it: %+v", st)
	}
	if readFile(t, cyFile) != "Llythyr a deipiwyd.\n\nAil baragraff.\n" {
		t.Fatal("a refused save changed letter.cy.md")
	}
	states = append(states, saveDOM(t, tab, filepath.Join(pages, "editor-welsh-refused.html")))

	// The English file changes behind the form: its box, holding nothing
	// typed, shows the file's text, and a save of the Welsh goes through.
	edit(t, enFile, "A typed letter.", "Changed in a text editor.")
	wait("the English box to take the file's text", func(st editorState) bool { return st.Other == "Changed in a text editor.\n" })
	retype(t, tab, "Llythyr newydd.")
	keys(t, tab, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	st = wait("the save of the Welsh", func(st editorState) bool {
		return strings.HasPrefix(st.Status, "Saved at") && strings.Contains(st.Preview, "Llythyr newydd.")
	})
	if st.Conflict != "" || readFile(t, cyFile) != "Llythyr newydd.\n" || readFile(t, enFile) != "Changed in a text editor.\n" {
		t.Fatalf("the Welsh save after the English file changed: %+v", st)
	}

	// English typed while the English file changes again: the conflict,
	// with the typed text kept and the file's shown.
	keys(t, tab, kb.Tab)
	typed := "My English letter."
	retype(t, tab, typed)
	edit(t, enFile, "Changed in a text editor.", "Changed again.")
	wait("the notice of the change", func(st editorState) bool { return strings.Contains(st.Status, "changed in the file") })
	keys(t, tab, "s", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	st = wait("the conflict", func(st editorState) bool { return st.Conflict != "" })
	if st.Other != typed || !strings.Contains(st.Conflict, "Changed again.") || st.Focus != "edit-letter-conflict" || strings.Contains(st.Conflict, "Llythyr") {
		t.Fatalf("the conflict does not show the English file's text with the typed one kept: %+v", st)
	}
	if readFile(t, enFile) != "Changed again.\n" || readFile(t, cyFile) != "Llythyr newydd.\n" {
		t.Fatal("a save in conflict changed a letter file")
	}
	states = append(states, saveDOM(t, tab, filepath.Join(pages, "editor-welsh-conflict.html")))
	// The officer keeps their own text.
	keys(t, tab, kb.Tab)
	keys(t, tab, kb.Enter)
	wait("the save over the file's text", func(st editorState) bool {
		return strings.HasPrefix(st.Status, "Saved at") && strings.Contains(st.Preview, typed)
	})
	if readFile(t, enFile) != typed+"\n" || readFile(t, cyFile) != "Llythyr newydd.\n" {
		t.Errorf("after saving over the file's text: letter.en.md %q, letter.cy.md %q", readFile(t, enFile), readFile(t, cyFile))
	}
	conformance.CheckHTML(t, states...)
}
