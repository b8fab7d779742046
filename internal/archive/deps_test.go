package archive

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoRenderer: the archive, the site and the tracker keep and list
// what a build made, and link nothing of the PDF renderer: neither gofpdf
// nor the packages that use it.
func TestNoRenderer(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./internal/archive", "./internal/site", "./internal/tracker")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/opcc-tools/s55/internal/archive") {
		t.Fatalf("go list names no archive among %d packages", len(deps))
	}
	for _, d := range deps {
		switch d {
		case "github.com/jung-kurt/gofpdf", "github.com/opcc-tools/s55/internal/pdf", "github.com/opcc-tools/s55/internal/build":
			t.Errorf("the archive, the site or the tracker links %s", d)
		}
	}
}
