package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/archive/archivetest"
	"github.com/opcc-tools/s55/internal/issue"
	"github.com/opcc-tools/s55/internal/staging"
)

const referenceDir = "../../responses/2021-09-13-rape-inspection-phase-one"

// syntheticArchive issues the reference response once and grows the
// archive to n issued responses (archivetest.Grow).
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
	archivetest.Grow(b, arch, "2021-09-13-rape-inspection-phase-one", n)
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
				res, err := archive.Verify(arch, issue.Rebuild, archive.VerifyOptions{Workers: workers})
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

// BenchmarkProgress measures what the progress line costs at a national
// scale, as processes over a synthetic archive of 13,000 issued responses:
// "s55 index" into a new site and "s55 verify --no-rebuild" (the fastest
// verify a revision, so the one the line costs most, in part), each with
// its standard error on a pseudo-terminal, showing the line, and with
// --quiet on the same terminal, in turn. It reports each run's processor
// time (user and system, on every core) and the line's share of it, in
// percent.
func BenchmarkProgress(b *testing.B) {
	bin := s55Binary(b)
	arch := syntheticArchive(b, 13000)
	for _, cmd := range []struct {
		name string
		args func(dir string) []string
	}{
		{"index", func(dir string) []string { return []string{"index", arch, "-o", filepath.Join(dir, "site")} }},
		{"verify", func(string) []string { return []string{"verify", "--no-rebuild", arch} }},
	} {
		b.Run(cmd.name, func(b *testing.B) {
			var line, quiet time.Duration
			runs := 0
			for b.Loop() {
				// In turn, so that a change of the machine's load falls
				// on both alike.
				quiet += onTerminal(b, bin, append(cmd.args(b.TempDir()), "--quiet")...)
				line += onTerminal(b, bin, cmd.args(b.TempDir())...)
				runs++
			}
			b.ReportMetric(line.Seconds()/float64(runs), "line-cpu-s")
			b.ReportMetric(quiet.Seconds()/float64(runs), "quiet-cpu-s")
			b.ReportMetric(100*(line-quiet).Seconds()/quiet.Seconds(), "cost-%")
		})
	}
}

// onTerminal runs s55 with its standard error on a pseudo-terminal and
// returns the processor time it used; it fails unless the run succeeds
// and, without --quiet, the terminal was shown a progress line.
func onTerminal(b *testing.B, bin string, args ...string) time.Duration {
	b.Helper()
	ptm, tty, err := pty.Open()
	if err != nil {
		b.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptm.Close()
	if err := pty.Setsize(ptm, &pty.Winsize{Rows: 24, Cols: 120}); err != nil {
		b.Fatal(err)
	}
	var screen bytes.Buffer
	read := make(chan struct{})
	go func() {
		io.Copy(&screen, ptm)
		close(read)
	}()
	cmd := exec.Command(bin, args...)
	cmd.Stderr = tty
	err = cmd.Run()
	tty.Close()
	<-read
	if err != nil {
		b.Fatalf("s55 %v: %v\n%q", args, err, screen.String())
	}
	shown := bytes.Contains(screen.Bytes(), []byte(" of 13,000 "))
	if quiet := slices.Contains(args, "--quiet"); shown == quiet {
		b.Fatalf("s55 %v: the terminal was shown %q", args, screen.String())
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
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
	log, err := st.SiteFiles(entries)
	if err != nil {
		b.Fatal(err)
	}
	var files []staging.File
	for _, f := range log {
		var data bytes.Buffer
		if err := f.Write(&data); err != nil {
			b.Fatal(err)
		}
		files = append(files, staging.File{Name: f.Name, Data: data.Bytes()})
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
