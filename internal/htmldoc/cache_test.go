package htmldoc

import (
	"testing"

	"github.com/opcc-tools/s55/internal/theme"
)

// TestPageCache: a theme's page template is parsed once and kept, and
// the cache keeps the four latest themes only, the oldest going first.
func TestPageCache(t *testing.T) {
	parsed.Lock()
	parsed.themes, parsed.tmpls = nil, nil
	parsed.Unlock()
	var themes []*theme.Theme
	for range 6 {
		th, diags := theme.Load("", "en-GB")
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		themes = append(themes, th)
	}
	first, err := page(themes[0])
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := page(themes[0]); again != first {
		t.Error("a theme's template was parsed again")
	}
	for _, th := range themes[1:] {
		if _, err := page(th); err != nil {
			t.Fatal(err)
		}
	}
	parsed.Lock()
	kept := append([]*theme.Theme(nil), parsed.themes...)
	parsed.Unlock()
	if len(kept) != 4 || kept[0] != themes[2] || kept[3] != themes[5] {
		t.Fatalf("the cache keeps %d themes, want the last 4 in order", len(kept))
	}
	if again, _ := page(themes[0]); again == first {
		t.Error("a theme dropped from the cache still gives its old template")
	}
}
