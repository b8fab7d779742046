package check_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
)

const reference = "../../responses/2021-09-13-rape-inspection-phase-one"

// large writes a response folder with n recommendations beside a copy of
// the reference's office profile.
func large(tb testing.TB, n int) string {
	return writeLarge(tb, tb.TempDir(), n)
}

// writeLarge writes the response of large into root/large.
func writeLarge(tb testing.TB, root string, n int) string {
	for _, f := range []string{"office.yaml", "signature-placeholder.png"} {
		data, err := os.ReadFile(filepath.Join("../../responses", f))
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, f), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	dir := filepath.Join(root, "large")
	if err := os.Mkdir(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "report:\n  title: A large report\n  published: 2021-07-16\nletter:\n  date: 2021-09-01\n  recipient:\n    name: Rt Hon Priti Patel MP\n  body: letter.md\n")
	fmt.Fprintf(&b, "appendices:\n  - title: The force's response\n    introduction: HMICFRS have set out %d recommendations.\n    items:\n", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "      - kind: recommendation\n        number: %d\n        addressees: [police forces]\n        text: |\n          By 31 March 2024, forces should do thing number %d, which is described here at some length so that the text wraps like a real one.\n        response: |\n          The force has done thing number %d and will report on it to the Police and Crime Commissioner.\n", i, i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "response.yaml"), []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "letter.md"), []byte("I am pleased to respond.\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// The folders the measurements of docs/performance.md build, written where
// -write names:
//
//	go test ./internal/check -run TestWriteLarge -args -write DIR
//
// DIR/large is a response of -n short recommendations (1,000 unless
// given); DIR/grown is the reference with its second recommendation, the
// longest, repeated to make -n, its comments and all.
var (
	writeTo = flag.String("write", "", "write the large responses into this folder")
	writeN  = flag.Int("n", 1000, "how many recommendations the large responses hold")
)

func TestWriteLarge(t *testing.T) {
	if *writeTo == "" {
		t.Skip("give -write DIR to write the large responses")
	}
	if err := os.MkdirAll(*writeTo, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{writeLarge(t, *writeTo, *writeN), writeGrown(t, *writeTo, *writeN)} {
		if c, diags := build.Check(dir, build.Options{}); c == nil || diags.Errors() > 0 {
			t.Fatalf("%s fails its checks: %v", dir, diags.Err())
		}
	}
}

// writeGrown writes into root/grown the reference grown to n
// recommendations, as BenchmarkLoad1000 in internal/response grows it:
// its second recommendation repeated with each number.
func writeGrown(tb testing.TB, root string, n int) string {
	data, err := os.ReadFile(filepath.Join(reference, "response.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	s := strings.Replace(string(data), "HMICFRS have set out 13 recommendations", fmt.Sprintf("HMICFRS have set out %d recommendations", n), 1)
	from := strings.Index(s, "      - kind: recommendation\n        number: 2\n")
	to := strings.Index(s, "      - kind: recommendation\n        number: 3\n")
	var grown strings.Builder
	grown.WriteString(s[:from])
	for i := 2; i <= n; i++ {
		grown.WriteString(strings.Replace(s[from:to], "number: 2\n", fmt.Sprintf("number: %d\n", i), 1))
	}
	letter, err := os.ReadFile(filepath.Join(reference, "letter.md"))
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(root, "grown")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for name, data := range map[string][]byte{"response.yaml": []byte(grown.String()), "letter.md": letter} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestLarge(t *testing.T) {
	c, diags := build.Check(large(t, 50), build.Options{})
	if c == nil || diags.Errors() > 0 {
		t.Fatalf("a valid large response fails its checks: %v", diags.Err())
	}
}

// BenchmarkCheck2000 checks a response with 2,000 recommendations.
func BenchmarkCheck2000(b *testing.B) {
	dir := large(b, 2000)
	for b.Loop() {
		if _, diags := build.Check(dir, build.Options{}); diags.Errors() > 0 {
			b.Fatal(diags.Err())
		}
	}
}

// BenchmarkCheckProcess runs the whole "s55 check" process on the reference
// response.
func BenchmarkCheckProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "s55")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/s55").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for b.Loop() {
		if out, err := exec.Command(bin, "check", reference).CombinedOutput(); err != nil {
			b.Fatalf("s55 check: %v\n%s", err, out)
		}
	}
}
