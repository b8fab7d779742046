package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/staging"
)

const referenceDir = "../../responses/2021-09-13-rape-inspection-phase-one"

// syntheticArchive issues the reference response once and makes n-1 more
// revisions of it under other ids, hard-linking the files and writing each
// its own manifest, chained by hand in order as format 2 chained them;
// the first write then moves it to the signed log, which signs them all,
// so that an archive of n issued responses is quick to make. Their
// letters' dates differ, so the index sorts them; they are for index, not
// for verify's rebuild, which would find that the archived inputs give
// another id and date.
func syntheticArchive(b *testing.B, n int) string {
	b.Helper()
	root := b.TempDir()
	responses := filepath.Join(root, "responses")
	for _, f := range []string{"office.yaml", "signature-placeholder.png"} {
		copyFile(b, filepath.Join(referenceDir, "..", f), filepath.Join(responses, f))
	}
	dir := filepath.Join(responses, filepath.Base(referenceDir))
	for _, f := range []string{"response.yaml", "letter.md"} {
		copyFile(b, filepath.Join(referenceDir, f), filepath.Join(dir, f))
	}
	arch := filepath.Join(root, "archive")
	var out bytes.Buffer
	if code := Run([]string{"issue", "--archive", arch, dir}, nil, &out, &out); code != OK {
		b.Fatalf("issue: %d %s", code, out.String())
	}
	if err := os.RemoveAll(filepath.Join(arch, archive.LogDir)); err != nil {
		b.Fatal(err)
	}
	src := archive.RevisionDir(arch, "2021-09-13-rape-inspection-phase-one", 1)
	m, data, err := archive.ReadManifest(src)
	if err != nil {
		b.Fatal(err)
	}
	prev := archive.Digest(data)
	for i := 1; i < n; i++ {
		id := fmt.Sprintf("synthetic-%05d", i)
		dst := archive.RevisionDir(arch, id, 1)
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
				mm.Format, mm.ID, mm.Sequence, mm.Previous = 2, id, i+1, prev
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
			b.Fatal(err)
		}
	}
	w, err := archive.OpenWriter(arch, archive.WriterOptions{KeyDirs: []string{responses}})
	if err != nil {
		b.Fatal(err)
	}
	w.Close()
	return arch
}

// s55Binary builds the command once per benchmark.
func s55Binary(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "s55")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/s55").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runMeasuredCPU runs the command and returns its wall time, the processor
// time it used (user and system, on every core) and its peak resident memory
// in MB.
func runMeasuredCPU(b *testing.B, bin string, args ...string) (time.Duration, time.Duration, float64) {
	b.Helper()
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("s55 %v: %v\n%s", args, err, stderr.String())
	}
	took := time.Since(start)
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return took, cpu, float64(ru.Maxrss) / 1024 // Maxrss is in KiB on Linux
}

// BenchmarkIndex runs "s55 index" as a process over synthetic archives of
// 1,000 and 13,000 issued responses: the first run into a new site, and a
// second with nothing new. It reports each run's time, processor time
// (user and system, across the cores) and peak resident memory.
func BenchmarkIndex(b *testing.B) {
	bin := s55Binary(b)
	for _, n := range []int{1000, 13000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			arch := syntheticArchive(b, n)
			var first, second, firstCPU, secondCPU time.Duration
			var firstMB, secondMB float64
			runs := 0
			for b.Loop() {
				site := filepath.Join(b.TempDir(), "site")
				t1, c1, m1 := runMeasuredCPU(b, bin, "index", arch, "-o", site)
				t2, c2, m2 := runMeasuredCPU(b, bin, "index", arch, "-o", site)
				first, second = first+t1, second+t2
				firstCPU, secondCPU = firstCPU+c1, secondCPU+c2
				firstMB, secondMB = max(firstMB, m1), max(secondMB, m2)
				runs++
			}
			b.ReportMetric(first.Seconds()/float64(runs), "first-s")
			b.ReportMetric(second.Seconds()/float64(runs), "second-s")
			b.ReportMetric(firstCPU.Seconds()/float64(runs), "first-cpu-s")
			b.ReportMetric(secondCPU.Seconds()/float64(runs), "second-cpu-s")
			b.ReportMetric(firstMB, "first-MB")
			b.ReportMetric(secondMB, "second-MB")
		})
	}
}

// issuedArchive issues n copies of the reference response, each under its
// own id, for real, so that every revision verifies.
func issuedArchive(b *testing.B, n int) string {
	b.Helper()
	root := b.TempDir()
	responses := filepath.Join(root, "responses")
	for _, f := range []string{"office.yaml", "signature-placeholder.png"} {
		copyFile(b, filepath.Join(referenceDir, "..", f), filepath.Join(responses, f))
	}
	arch := filepath.Join(root, "archive")
	for i := range n {
		dir := filepath.Join(responses, fmt.Sprintf("response-%04d", i))
		for _, f := range []string{"response.yaml", "letter.md"} {
			copyFile(b, filepath.Join(referenceDir, f), filepath.Join(dir, f))
		}
		if code := Run([]string{"issue", "--archive", arch, dir}, nil, io.Discard, io.Discard); code != OK {
			b.Fatalf("issue %s: %d", dir, code)
		}
	}
	return arch
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkVerify verifies an archive of 200 issued responses, as "s55
// verify" does, with the revisions built again by one worker and by two
// (the cores of the machine it is measured on): every digest, the chain,
// and every response built again from its archived inputs. It reports the
// time per revision; 13,000 revisions take 13,000 times that.
func BenchmarkVerify(b *testing.B) {
	const n = 200
	arch := issuedArchive(b, n)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				res, err := archive.Verify(arch, rebuild, archive.VerifyOptions{Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
				for _, v := range res.Revisions {
					if !v.OK() || !v.Rebuilt {
						b.Fatalf("%s: %+v", v.Dir, v.Findings)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/n, "ms/revision")
		})
	}
}

// BenchmarkVerifyDocument proves one published PDF from a site of 13,000
// issued responses, as "s55 verify --document FILE --site SITE" does, in
// the process and as a command: the site's log files are those index
// writes, with the copy of the revision's manifest.
func BenchmarkVerifyDocument(b *testing.B) {
	const n = 13000
	arch := syntheticArchive(b, n)
	st, err := archive.ReadLog(arch)
	if err != nil {
		b.Fatal(err)
	}
	entries, err := archive.List(arch)
	if err != nil {
		b.Fatal(err)
	}
	files, err := st.SiteFiles(entries)
	if err != nil {
		b.Fatal(err)
	}
	site := filepath.Join(b.TempDir(), "site")
	// Every synthetic revision publishes the reference's documents: the
	// proof takes the first.
	id := "2021-09-13-rape-inspection-phase-one"
	dir := archive.RevisionDir(arch, id, 1)
	files = append(files, staging.File{Name: archive.SitePath(id, 1) + "/" + archive.ManifestName, From: filepath.Join(dir, archive.ManifestName)})
	if err := staging.WriteDir(site, files, false); err != nil {
		b.Fatal(err)
	}
	doc := filepath.Join(dir, "response.pdf")
	b.Run("in-process", func(b *testing.B) {
		for b.Loop() {
			if _, err := archive.ProveDocument(site, doc, ""); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/proof")
	})
	bin := s55Binary(b)
	b.Run("command", func(b *testing.B) {
		var took time.Duration
		runs := 0
		for b.Loop() {
			t, _, _ := runMeasuredCPU(b, bin, "verify", "--document", doc, "--site", site)
			took += t
			runs++
		}
		b.ReportMetric(took.Seconds()*1000/float64(runs), "ms/proof")
	})
}

// BenchmarkVerifyDigests verifies synthetic archives of 1,000 and 10,000
// signed revisions without the rebuild: every digest, the chain and the
// signed log, whose cost per revision must not grow with the archive.
func BenchmarkVerifyDigests(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			arch := syntheticArchive(b, n)
			for b.Loop() {
				res, err := archive.Verify(arch, nil, archive.VerifyOptions{NoRebuild: true})
				if err != nil || !res.OK() || res.Log == nil {
					b.Fatalf("%v %+v", err, res.Findings)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "us/revision")
		})
	}
}
