package build_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
)

// withParagraph copies the reference response and its office into a new
// folder, with body, a Markdown paragraph, put at the start of the first
// force response in response.yaml, of the letter, or of both, and returns
// the response folder.
func withParagraph(t testing.TB, body string, inYAML, inLetter bool) string {
	t.Helper()
	root := t.TempDir()
	for _, f := range []string{"office.yaml", "signature-placeholder.png"} {
		data, err := os.ReadFile(filepath.Join(reference, "..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(root, "r")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(reference, "response.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const at = "        response: |\n"
	i := strings.Index(string(data), at) + len(at)
	indented := "          " + strings.ReplaceAll(strings.TrimSuffix(body, "\n"), "\n", "\n          ") + "\n"
	yaml := string(data)
	if inYAML {
		yaml = string(data[:i]) + indented + "\n" + string(data[i:])
	}
	if err := os.WriteFile(filepath.Join(dir, "response.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	letter, err := os.ReadFile(filepath.Join(reference, "letter.md"))
	if err != nil {
		t.Fatal(err)
	}
	if inLetter {
		letter = append([]byte(body+"\n"), letter...)
	}
	if err := os.WriteFile(filepath.Join(dir, "letter.md"), letter, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// lines is one paragraph of n short lines, as an officer pasting a long
// text with its line ends writes it.
func lines(n int) string {
	return strings.Repeat("The force has improved its response to victims.\n", n)
}

// allocated returns the allocations and the bytes allocated by f: a count
// of its work that does not depend on the machine's speed or load.
func allocated(f func()) (allocs, bytes uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc
}

// requireLinear runs work on a paragraph of n lines and of 10n, and
// requires its allocations and bytes to grow at most about tenfold: work
// that grows with the square would grow a hundredfold.
func requireLinear(t *testing.T, n int, work func(n int) (allocs, bytes uint64)) {
	t.Helper()
	a1, b1 := work(n)
	a10, b10 := work(10 * n)
	t.Logf("%d lines: %d allocations, %d bytes; %d lines: %d, %d", n, a1, b1, 10*n, a10, b10)
	if r := float64(a10) / float64(a1); r > 12 {
		t.Errorf("allocations grew %.1f times for ten times the lines (%d, %d)", r, a1, a10)
	}
	if r := float64(b10) / float64(b1); r > 12 {
		t.Errorf("bytes allocated grew %.1f times for ten times the lines (%d, %d)", r, b1, b10)
	}
}

// TestCheckIsLinear: checking a response whose letter and force response
// hold one paragraph of ten times the lines costs at most about ten times
// the allocations and bytes: the YAML decoder, the Markdown, the checks and
// the composed tree all grow in proportion. It counts, it does not time.
// The reference's own text is work that does not grow; 2,000 lines (100
// KB) are well past it.
func TestCheckIsLinear(t *testing.T) {
	requireLinear(t, 2000, func(n int) (uint64, uint64) {
		dir := withParagraph(t, lines(n), true, true)
		return allocated(func() {
			if _, diags := build.Check(dir, build.Options{}); diags.Errors() > 0 {
				t.Fatalf("%d lines: %v", n, diags)
			}
		})
	})
}

// BenchmarkCheck2MBParagraph checks a response whose first force response
// in response.yaml, or whose letter, holds one paragraph of 2 MB of short
// lines: everything check does, from reading the files to the composed
// documents.
func BenchmarkCheck2MBParagraph(b *testing.B) {
	body := lines(2 << 20 / 49)
	for _, where := range []string{"response.yaml", "letter.md"} {
		b.Run(where, func(b *testing.B) {
			dir := withParagraph(b, body, where == "response.yaml", where == "letter.md")
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := build.Check(dir, build.Options{}); diags.Errors() > 0 {
					b.Fatal(diags)
				}
			}
		})
	}
}

// TestRenderIsLinear: building a response whose letter holds one paragraph
// of ten times the lines (every document, PDF and HTML, with the PDFs'
// bundles) costs at most about ten times the allocations and bytes.
func TestRenderIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a letter of some 100 pages")
	}
	requireLinear(t, 500, func(n int) (uint64, uint64) {
		dir := withParagraph(t, lines(n), false, true)
		return allocated(func() {
			if r, diags := build.Render(dir, build.Options{}); r == nil || diags.Errors() > 0 {
				t.Fatalf("%d lines: %v", n, diags)
			}
		})
	})
}
