package bundle_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/staging"
)

const reference = "../../responses/2021-09-13-rape-inspection-phase-one"

// TestSourceRebuildsPDF takes the inputs out of a built PDF alone, builds
// them again elsewhere and gets every file byte for byte.
func TestSourceRebuildsPDF(t *testing.T) {
	first, diags := build.Render(reference, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"letter.pdf", "appendix-1.pdf", "response.pdf"} {
		src, err := bundle.Extract(first.File(name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(src.Files) != 4 || src.Response != "2021-09-13-rape-inspection-phase-one" || src.Office != "office.yaml" {
			t.Fatalf("%s: source %q %q with %d files", name, src.Response, src.Office, len(src.Files))
		}
		dir := unpack(t, src)
		again, diags := build.Render(filepath.Join(dir, src.Response), build.Options{})
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		for _, f := range first.Files {
			if !bytes.Equal(f.Data, again.File(f.Name)) {
				t.Errorf("from %s: %s differs when built again", name, f.Name)
			}
		}
	}
	plain := "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R /Size 3 >>\n%%EOF\n"
	if _, err := bundle.Extract([]byte(plain)); !errors.Is(err, bundle.ErrNoSource) {
		t.Errorf("a PDF without source: %v", err)
	}
}

// unpack writes a source's files into a new folder and returns it.
func unpack(t *testing.T, src *bundle.Source) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "unpacked")
	if err := staging.WriteDir(dir, src.Files, false); err != nil {
		t.Fatal(err)
	}
	return dir
}
