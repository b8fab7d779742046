package yamledit

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// setEach makes the edits one after another with Set: what SetAll must
// give.
func setEach(t *testing.T, data []byte, edits []Edit) ([]byte, error) {
	t.Helper()
	for _, e := range edits {
		y, err := OpenYAML(data)
		if err != nil {
			t.Fatal(err)
		}
		if data, err = y.Set(e.Path, e.Value); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// sameValues reports whether two files decode to the same tree, styles
// aside, with the same comments: a value may be written in another style
// when the values after it differ (a block scalar that ends the file may
// not prove where one followed by a key does).
func sameValues(t *testing.T, a, b []byte) bool {
	t.Helper()
	ya, yb := must(OpenYAML(a)), must(OpenYAML(b))
	var same func(a, b *yaml.Node) bool
	same = func(a, b *yaml.Node) bool {
		if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || len(a.Content) != len(b.Content) {
			return false
		}
		for i := range a.Content {
			if !same(a.Content[i], b.Content[i]) {
				return false
			}
		}
		return true
	}
	return same(ya.root, yb.root) && slices.Equal(comments(ya.root), comments(yb.root))
}

// TestSetAllAsSetOneByOne holds SetAll to Set: many edits at once, chosen
// at random among the fixture's values and absent keys, give the values
// (and keep the comments) that the same edits give one by one.
func TestSetAllAsSetOneByOne(t *testing.T) {
	var paths []string
	for _, p := range editPlaces {
		paths = append(paths, p.path)
	}
	for i := range 4 {
		for _, f := range []string{"owner", "target", "position", "position_reason", "office_response"} {
			paths = append(paths, fmt.Sprintf("appendices[0].items[%d].%s", i, f))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		n := 1 + r.IntN(8)
		var edits []Edit
		used := map[string]bool{}
		for range n {
			p := paths[r.IntN(len(paths))]
			if used[p] {
				continue
			}
			used[p] = true
			edits = append(edits, Edit{p, PlainText(editTexts[r.IntN(len(editTexts))])})
		}
		y := must(OpenYAML([]byte(editFixture)))
		want, wantErr := setEach(t, []byte(editFixture), edits)
		got, err := y.SetAll(edits)
		// SetAll falls back to one by one, so it fails only where that
		// does; proved together, it may succeed where one by one does not.
		if err != nil && wantErr == nil {
			t.Fatalf("round %d: %v: SetAll: %v; one by one succeeds", round, edits, err)
		}
		if err == nil && wantErr == nil && !sameValues(t, got, want) {
			t.Fatalf("round %d: %v:\nSetAll gave\n%s\none by one\n%s", round, edits, got, want)
		}
	}
}

// TestSetAllTogether proves the edits are made in one pass where they can
// be: keys added to one mapping in the order given, beside an edit of the
// mapping's last value, and every other byte kept.
func TestSetAllTogether(t *testing.T) {
	y := must(OpenYAML([]byte(editFixture)))
	edits := []Edit{
		{"appendices[0].items[0].owner", PlainText("Head of Crime")},
		{"appendices[0].items[0].target", Day(time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC))},
		{"appendices[0].items[0].status", PlainText("not-started")},
		{"appendices[0].items[3].response", PlainText("Two\nlines.\n")},
		{"chief_officer_due", Day(time.Date(2021, 8, 20, 0, 0, 0, 0, time.UTC))},
	}
	got, err := y.SetAll(edits)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(editFixture, "        status: in-progress\n", "        status: not-started\n        owner: Head of Crime\n        target: 2024-03-31\n", 1)
	want = strings.Replace(want, "        response: 'single'\n", "        response: |\n          Two\n          lines.\n", 1)
	want = strings.Replace(want, "          Tagged block.\n", "          Tagged block.\nchief_officer_due: 2021-08-20\n", 1)
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSetAllRefuses(t *testing.T) {
	y := must(OpenYAML([]byte(editFixture)))
	for name, edits := range map[string][]Edit{
		"a path twice":  {{"letter.date", PlainText("2021-09-14")}, {"letter.date", PlainText("2021-09-15")}},
		"no such place": {{"appendices[9].items[0].response", PlainText("x")}},
		"fields":        {{"appendices[0].items[1]", PlainText("x")}},
		"not a day":     {{"letter.date", FieldValue{Shape: DayValue, Text: "2021-02-31"}}},
	} {
		if out, err := y.SetAll(edits); err == nil {
			t.Errorf("%s: no error; gave\n%s", name, out)
		}
	}
	// A text that YAML cannot hold as it is: refused whole, naming it.
	_, err := y.SetAll([]Edit{{"letter.date", PlainText("2021-09-14")}, {"report.title", PlainText("bad \xff")}})
	if err == nil || !strings.Contains(err.Error(), "report.title") {
		t.Errorf("invalid UTF-8: %v", err)
	}
	if _, err := y.SetAll(nil); err != nil {
		t.Errorf("no edits: %v", err)
	}
	if errors.Is(err, ErrUnprovable) {
		t.Errorf("invalid UTF-8 is no unprovable edit: %v", err)
	}
}
