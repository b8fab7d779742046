package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/opcc-tools/s55/internal/archive"
)

// syntheticArchive issues the reference response once and copies the
// revision under n ids, each with its own manifest, as an archive of n
// issued responses.
func syntheticArchive(b *testing.B, n int) string {
	b.Helper()
	arch := filepath.Join(b.TempDir(), "archive")
	var out bytes.Buffer
	if code := Run([]string{"issue", "--archive", arch, "../../responses/2021-09-13-rape-inspection-phase-one"}, nil, &out, io.Discard); code != OK {
		b.Fatalf("issue: %d %s", code, out.String())
	}
	src := archive.RevisionDir(arch, "2021-09-13-rape-inspection-phase-one", 1)
	m, err := archive.ReadManifest(src)
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i < n; i++ {
		id := fmt.Sprintf("synthetic-%04d", i)
		dst := archive.RevisionDir(arch, id, 1)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			target := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if rel == archive.ManifestName {
				mm := *m
				mm.ID = id
				mm.LetterDate = fmt.Sprintf("2021-%02d-%02d", 1+i%12, 1+i%28)
				if data, err = json.MarshalIndent(&mm, "", "  "); err != nil {
					return err
				}
			}
			return os.WriteFile(target, data, 0o644)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return arch
}

// BenchmarkIndex writes the site of an archive of 1,000 issued responses.
func BenchmarkIndex(b *testing.B) {
	arch := syntheticArchive(b, 1000)
	site := filepath.Join(b.TempDir(), "site")
	for b.Loop() {
		var stderr bytes.Buffer
		if code := Run([]string{"index", arch, "-o", site}, nil, io.Discard, &stderr); code != OK {
			b.Fatalf("index: %d %s", code, stderr.String())
		}
	}
}

// BenchmarkVerify verifies an archive of 1,000 issued responses: every
// digest, and every response built again from its archived inputs.
func BenchmarkVerify(b *testing.B) {
	arch := syntheticArchive(b, 1000)
	for b.Loop() {
		var stderr bytes.Buffer
		if code := Run([]string{"verify", arch}, nil, io.Discard, &stderr); code != OK {
			b.Fatalf("verify: %d %s", code, stderr.String())
		}
	}
}
