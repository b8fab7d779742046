package yamledit

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestChanged(t *testing.T) {
	old := []byte(`# the response
report:
  title: "A report"
  published: 2021-07-16
letter:
  date: 2021-09-13
appendices:
  - title: Recommendations
    items:
      - text: First
        response: "Agreed."
      - text: Second
        response: Agreed.
        status: open
`)
	// edit is old with each pair of strings replaced.
	edit := func(pairs ...string) string {
		return strings.NewReplacer(pairs...).Replace(string(old))
	}
	for _, c := range []struct {
		name string
		new  string
		want []string
	}{
		{"the same in other styles and comments", `report:
  title: A report   # retitled? no
  published: "2021-07-16"
letter: {date: 2021-09-13}
appendices:
  - title: "Recommendations"
    items:
      - {text: First, response: Agreed.}
      - text: Second
        response: |-
          Agreed.
        status: open
`, nil},
		{"a field and an item's answer", edit(`date: 2021-09-13`, `date: 2021-09-20`, `response: "Agreed."`, `response: Agreed, by March.`),
			[]string{"letter.date", "appendices[0].items[0].response"}},
		{"an item added, a field gone, a field new", edit("  published: 2021-07-16\n", "  published: 2021-07-16\n  url: https://example.org/r\n",
			"        status: open\n", "      - text: Third\n"),
			[]string{"report.url", "appendices[0].items[1].status", "appendices[0].items[2]"}},
		{"a text turned into a language mapping", edit(`title: "A report"`, `title: {en-GB: A report, cy-GB: Adroddiad}`), []string{"report.title"}},
	} {
		got, err := Changed(old, []byte(c.new))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		// An item's missing status is named under the old file's order.
		if !slices.Equal(sorted(got), sorted(c.want)) {
			t.Errorf("%s: Changed = %q, want %q", c.name, got, c.want)
		}
	}
	if _, err := Changed(old, []byte("a: [")); err == nil {
		t.Error("Changed took a file that does not parse")
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// BenchmarkChanged compares the reference response with a copy whose one
// answer changed, as a correction of it does.
func BenchmarkChanged(b *testing.B) {
	old, err := os.ReadFile("../../responses/2021-09-13-rape-inspection-phase-one/response.yaml")
	if err != nil {
		b.Fatal(err)
	}
	new := bytes.Replace(old, []byte("The Constabulary provides"), []byte("The Constabulary gives"), 1)
	for b.Loop() {
		if got, err := Changed(old, new); err != nil || len(got) != 1 {
			b.Fatal(got, err)
		}
	}
}
