package spec

import (
	"strings"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/printable"
)

// TaggedText returns the text a reader meets in a tagged PDF, defined as
// VisibleText defines it for HTML: the text of the structure tree's marked
// content in reading order (with Tagged's alt, each image's text
// alternative in its place), a space at the edges of block elements, white
// space collapsed, cleaned as s55 cleans published text. Code keeps its
// lines as VisibleText keeps them: every drawn line of a code block ends
// with a space, where the HTML has a line end.
//
// One difference is normalised, as it is no difference to a reader: a
// list item's label (Lbl, "1." or "•") is left out, since HTML's list
// markers are no text of the page but drawn by the browser from the list
// (<ol>, <li value>), and VisibleText does not see them.
func TaggedText(items []conformance.StructText) string {
	var b strings.Builder
	type open struct {
		depth        int
		block, label bool
	}
	var stack []open
	for _, it := range items {
		for len(stack) > 0 && stack[len(stack)-1].depth >= it.Depth {
			if stack[len(stack)-1].block {
				b.WriteByte(' ')
			}
			stack = stack[:len(stack)-1]
		}
		label := len(stack) > 0 && stack[len(stack)-1].label
		if it.Role == "" {
			if !label {
				b.WriteString(it.Text)
			}
			continue
		}
		block := !conformance.InlineTypes[it.Role]
		if block {
			b.WriteByte(' ')
		}
		stack = append(stack, open{depth: it.Depth, block: block, label: label || it.Role == "Lbl"})
	}
	return strings.Join(strings.Fields(printable.Clean(b.String())), " ")
}
