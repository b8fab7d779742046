package archive

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseManifest feeds the manifest reader any bytes: it never panics,
// and what it accepts keeps every name inside the revision and re-encodes
// to a manifest it accepts again.
func FuzzParseManifest(f *testing.F) {
	digest := strings.Repeat("0", 64)
	m := &Manifest{Format: Format, ID: "r", Revision: 1, Sequence: 1, Tool: "s55",
		Report:     Report{Title: "A report", Inspectorates: []string{"HMICFRS"}, Published: "2021-07-16"},
		LetterDate: "2021-09-13", LastDay: "2021-09-09", DaysLate: 4,
		Source:  Source{Response: "source/r", Office: "source/office.yaml"},
		Outputs: []string{"letter.pdf", "letter.html"},
		Files: []File{{"letter.html", 10, digest}, {"letter.pdf", 20, digest}, {"source/office.yaml", 30, digest},
			{"source/r/letter.md", 40, digest}, {"source/r/response.yaml", 50, digest}}}
	good, err := encode(m)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, "r", 1)
	m.Revision, m.Supersedes, m.Reason, m.Sequence = 2, 1, "A correction.", 2
	second, _ := encode(m)
	f.Add(second, "r", 2)
	f.Add([]byte(strings.Replace(string(good), `"letter.pdf"`, `"../../etc/hostname"`, -1)), "r", 1)
	f.Add([]byte(`{"format": 1}`), "r", 1)
	f.Add([]byte(`{"format": 2, "id": "../x"}`), "../x", 1)
	f.Fuzz(func(t *testing.T, data []byte, id string, n int) {
		m, err := ParseManifest(data, id, n)
		if err != nil {
			if m != nil {
				t.Fatal("a manifest with an error")
			}
			return
		}
		if m.ID != id || m.Revision != n || !plainName(m.ID) {
			t.Fatalf("accepted id %q revision %d for %q r%d", m.ID, m.Revision, id, n)
		}
		for _, f := range m.Files {
			if !filepath.IsLocal(filepath.FromSlash(f.Name)) || strings.Contains(f.Name, "..") && strings.Contains("/"+f.Name+"/", "/../") {
				t.Fatalf("accepted the file name %q", f.Name)
			}
		}
		for _, o := range m.Outputs {
			if strings.ContainsAny(o, `/\`) {
				t.Fatalf("accepted the output %q", o)
			}
		}
		again, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseManifest(again, id, n); err != nil {
			t.Fatalf("re-encoded, it is refused: %v", err)
		}
	})
}
