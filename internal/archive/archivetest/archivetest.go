// Package archivetest makes large archives quickly, for the tests and
// benchmarks of the commands that read them (index, verify): one issued
// revision's files hard-linked under many ids, each with its own manifest,
// chained in order as format 2 chained them, then moved to the signed
// log in one write, which signs them all.
package archivetest

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/opcc-tools/s55/internal/archive"
)

// Grow adds revisions to the archive arch, which holds the issued
// response id, until it holds n issued responses: each a copy of id's
// first revision under the id "synthetic-NNNNN", its files hard-linked and
// its manifest its own, chained after the archive's head. Their letters'
// dates differ, so the index sorts them; they are for index and for
// verify --no-rebuild, not for a rebuild, which would find that the
// archived inputs give another id and date. The archive's log is made
// again from the chain and signed with the office's key (archive.KeyDirs).
func Grow(tb testing.TB, arch, id string, n int) {
	tb.Helper()
	if err := os.RemoveAll(filepath.Join(arch, archive.LogDir)); err != nil {
		tb.Fatal(err)
	}
	src := archive.RevisionDir(arch, id, 1)
	m, _, err := archive.ReadManifest(src)
	if err != nil {
		tb.Fatal(err)
	}
	head, err := archive.Head(arch)
	if err != nil {
		tb.Fatal(err)
	}
	prev := head.SHA256
	for i := head.Sequence; i < n; i++ {
		sid := fmt.Sprintf("synthetic-%05d", i)
		dst := archive.RevisionDir(arch, sid, 1)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			target := filepath.Join(dst, rel)
			switch {
			case d.IsDir():
				return os.MkdirAll(target, 0o755)
			case rel == archive.ManifestName:
				mm := *m
				mm.Format, mm.ID, mm.Sequence, mm.Previous = 2, sid, i+1, prev
				mm.LetterDate = fmt.Sprintf("2021-%02d-%02d", 1+i%12, 1+i%28)
				data, err := json.MarshalIndent(&mm, "", "  ")
				if err != nil {
					return err
				}
				data = append(data, '\n')
				prev = archive.Digest(data)
				return os.WriteFile(target, data, 0o444)
			}
			return os.Link(p, target)
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	w, err := archive.OpenWriter(arch, archive.WriterOptions{KeyDirs: archive.KeyDirs(arch, "")})
	if err != nil {
		tb.Fatal(err)
	}
	w.Close()
}
