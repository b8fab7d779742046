package compose_test

import (
	"strconv"
	"testing"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// TestOwnNumbers: every item of an appendix prints its own number, under
// a cause of concern and for areas for improvement too, and its answer
// opens with its label in a paragraph of class Answer.
func TestOwnNumbers(t *testing.T) {
	f, diags := response.Load("../../responses/2024-04-25-peel-exampleshire", response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	th, diags := theme.Load("", f.Office.Language)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	set, diags := compose.Build(f, th)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	var got []string
	answers := 0
	document.Walk(set.Appendices[0].Parts[0].Blocks, func(b document.Block) {
		switch b := b.(type) {
		case *document.List:
			if b.Class == document.Item {
				for _, it := range b.Items {
					got = append(got, it.ID+"="+it.Label)
					if it.Label != strconv.Itoa(it.Value)+"." {
						t.Errorf("%s: label %q, value %d", it.ID, it.Label, it.Value)
					}
				}
			}
		case *document.Paragraph:
			if b.Class == document.Answer {
				answers++
				if len(b.Spans) == 0 || !b.Spans[0].Bold {
					t.Errorf("an answer does not open with its label: %q", document.Text(b.Spans))
				}
			}
		}
	})
	want := []string{"coc-1=1.", "afi-1=1.", "afi-2=2.", "rec-1=1.", "rec-2=2."}
	if len(got) != len(want) {
		t.Fatalf("items %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("items %q, want %q", got, want)
			break
		}
	}
	if answers != 5 {
		t.Errorf("%d answers, want 5 (four responses and a comment)", answers)
	}
	var related []string
	for _, r := range set.Appendices[0].Related {
		related = append(related, r.Rel+" "+r.Href)
	}
	if len(related) != 2 || related[0] != "alternate appendix-1.pdf" || related[1] != "report https://hmicfrs.justiceinspectorates.gov.uk/publications/peel-assessment-2023-25-exampleshire/" {
		t.Errorf("related %q", related)
	}
}

// TestPastedNumber: a report's text pasted with its number prints the
// item's own number only.
func TestPastedNumber(t *testing.T) {
	f, diags := response.Load("../../responses/2024-04-25-peel-exampleshire", response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	f.Response.Appendices[0].Items[1].Text = response.Plain("7. The force should improve how it records the ethnicity of victims.")
	th, _ := theme.Load("", f.Office.Language)
	set, diags := compose.Build(f, th)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	item := set.Appendices[0].Parts[0].Blocks[2].(*document.List).Items[1]
	p, ok := item.Blocks[0].(*document.Paragraph)
	if !ok || document.Text(p.Spans) != "Area for improvement 1: The force should improve how it records the ethnicity of victims." {
		t.Errorf("the item opens with %#v", item.Blocks[0])
	}
}
