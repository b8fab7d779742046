package cli

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/pdf"
)

// pdfCarrying renders a PDF that carries data as its source.zip.
func pdfCarrying(t *testing.T, data []byte) string {
	t.Helper()
	doc := &document.Document{Title: "Hostile", Lang: "en-GB", Date: time.Date(2021, 9, 13, 0, 0, 0, 0, time.UTC),
		Attachments: []document.Attachment{{Name: "source.zip", MIME: "application/zip", Description: "Not what it seems.", Data: data}}}
	var b bytes.Buffer
	if err := pdf.Render(&b, doc); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "hostile.pdf")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestUnpackRefusesHostileBundles: a PDF whose bundle holds 200,000
// entries, or entries that climb out of the folder, is refused and nothing
// is written.
func TestUnpackRefusesHostileBundles(t *testing.T) {
	index := `{"response": "r", "office": "office.yaml"}`
	var many bytes.Buffer
	w := zip.NewWriter(&many)
	for _, name := range []string{"s55-source.json", "r/response.yaml", "office.yaml"} {
		fw, _ := w.Create(name)
		if name == "s55-source.json" {
			fw.Write([]byte(index))
		}
	}
	for i := range 200000 {
		w.Create(fmt.Sprintf("f/%d", i))
	}
	w.Close()
	var climb bytes.Buffer
	w = zip.NewWriter(&climb)
	fw, _ := w.Create("s55-source.json")
	fw.Write([]byte(index))
	w.Create("../../outside")
	w.Close()

	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"200,000 entries": {many.Bytes(), "bad source bundle: 200003 entries, more than the 10000 a source may hold"},
		"climbing out":    {climb.Bytes(), `bad source bundle: entry "../../outside" is not a plain relative path`},
	} {
		t.Run(name, func(t *testing.T) {
			file := pdfCarrying(t, c.data)
			out := filepath.Join(t.TempDir(), "recovered")
			_, stderr := run(t, Failed, "unpack", file, out)
			if !strings.Contains(stderr, file+": error: "+c.want) {
				t.Errorf("stderr %q, want %q", stderr, c.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was written: %v", out, err)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(out), "..", "outside")); !os.IsNotExist(err) {
				t.Errorf("a file was written outside: %v", err)
			}
		})
	}
}
