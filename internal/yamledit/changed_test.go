package yamledit

import (
	"slices"
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
		{"a field and an item's answer", `report:
  title: A report
  published: 2021-07-16
letter:
  date: 2021-09-20
appendices:
  - title: Recommendations
    items:
      - text: First
        response: Agreed, by March.
      - text: Second
        response: Agreed.
        status: open
`, []string{"letter.date", "appendices[0].items[0].response"}},
		{"an item added, a field gone, a field new", `report:
  title: A report
  published: 2021-07-16
  url: https://example.org/r
letter:
  date: 2021-09-13
appendices:
  - title: Recommendations
    items:
      - text: First
        response: Agreed.
      - text: Second
        response: Agreed.
      - text: Third
`, []string{"report.url", "appendices[0].items[1].status", "appendices[0].items[2]"}},
		{"a text turned into a language mapping", `report:
  title: {en-GB: A report, cy-GB: Adroddiad}
  published: 2021-07-16
letter:
  date: 2021-09-13
appendices:
  - title: Recommendations
    items:
      - text: First
        response: Agreed.
      - text: Second
        response: Agreed.
        status: open
`, []string{"report.title"}},
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
