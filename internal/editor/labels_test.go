package editor

import (
	"testing"

	"github.com/opcc-tools/s55/internal/response"
)

// TestStatusLabels: every status the data may hold has words in the
// editor's select, so no option is ever empty.
func TestStatusLabels(t *testing.T) {
	for _, st := range append([]string{""}, response.Statuses...) {
		if statusLabels[st] == "" {
			t.Errorf("status %q has no label", st)
		}
	}
}
