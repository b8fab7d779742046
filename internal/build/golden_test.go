package build_test

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
)

var update = flag.Bool("update", false, "rewrite testdata/outputs.sha256 from the files built now")

// goldenDigests names the SHA-256 of every file the two English examples
// build, one "response/file digest" a line.
const goldenDigests = "testdata/outputs.sha256"

// TestGoldenOutputs builds the reference response and the PEEL example and
// compares the SHA-256 of every file with testdata/outputs.sha256: a change
// that alters one byte of what a single-language office publishes fails
// here. go test -update rewrites the file, for a change meant to do so.
func TestGoldenOutputs(t *testing.T) {
	var b strings.Builder
	for _, dir := range []string{reference, example} {
		r, diags := build.Render(dir, build.Options{})
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Files {
			sum := sha256.Sum256(f.Data)
			fmt.Fprintf(&b, "%s/%s %s\n", r.Folder.ID, f.Name, hex.EncodeToString(sum[:]))
		}
	}
	got := b.String()
	if *update {
		if err := os.WriteFile(goldenDigests, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenDigests)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		wantLines := map[string]bool{}
		for _, l := range strings.Split(string(want), "\n") {
			wantLines[l] = true
		}
		for _, l := range strings.Split(got, "\n") {
			if !wantLines[l] {
				name, _, _ := strings.Cut(l, " ")
				t.Errorf("%s is not the file %s pins: the bytes an English office publishes changed", name, filepath.Base(goldenDigests))
			}
		}
		if !t.Failed() {
			t.Errorf("the files built are not those %s lists", goldenDigests)
		}
	}
}
