package response

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkLoad1000 loads the reference response grown to 1,000
// recommendations (its second, repeated with each number), with the
// example office's profile: decoding dominates.
func BenchmarkLoad1000(b *testing.B) {
	const ref = "../../responses/2021-09-13-rape-inspection-phase-one"
	data, err := os.ReadFile(filepath.Join(ref, FileName))
	if err != nil {
		b.Fatal(err)
	}
	s := string(data)
	from := strings.Index(s, "      - kind: recommendation\n        number: 2\n")
	to := strings.Index(s, "      - kind: recommendation\n        number: 3\n")
	var grown strings.Builder
	grown.WriteString(s[:from])
	for n := 2; n <= 1000; n++ {
		grown.WriteString(strings.Replace(s[from:to], "number: 2\n", fmt.Sprintf("number: %d\n", n), 1))
	}
	dir := b.TempDir()
	letter, err := os.ReadFile(filepath.Join(ref, "letter.md"))
	if err != nil {
		b.Fatal(err)
	}
	for name, data := range map[string][]byte{FileName: []byte(grown.String()), "letter.md": letter} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	opt := Options{OfficeFile: "../../responses/office.yaml"}
	if f, diags := Load(dir, opt); diags.Errors() > 0 || len(f.Response.Appendices[0].Items) != 1000 {
		b.Fatalf("%v", diags.Err())
	}
	b.ReportAllocs()
	for b.Loop() {
		Load(dir, opt)
	}
}
