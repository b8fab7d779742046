package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/staging"
)

// s55 builds the command for tests that run it as a real process.
func s55(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "s55")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// office copies the repository's responses folder into dir/responses, with
// the reference response under each of names.
func office(t *testing.T, dir string, names ...string) {
	t.Helper()
	files, err := staging.ReadTree("../../responses")
	if err != nil {
		t.Fatal(err)
	}
	const ref = "2021-09-13-rape-inspection-phase-one/"
	var out []staging.File
	for _, f := range files {
		rest, isRef := strings.CutPrefix(f.Name, ref)
		if !isRef {
			out = append(out, f)
			continue
		}
		for _, n := range names {
			out = append(out, staging.File{Name: n + "/" + rest, Data: f.Data})
		}
	}
	if err := staging.WriteDir(filepath.Join(dir, "responses"), out, false); err != nil {
		t.Fatal(err)
	}
}

// startPaused starts "s55 issue" paused at step and waits until it says so.
func startPaused(t *testing.T, bin, dir, step string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"issue"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "S55_FAULT=pause:"+step)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "paused before") {
			return cmd
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatalf("s55 issue never paused before %q", step)
	return nil
}

func kill(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("s55 issue was not killed: %v", err)
	}
}

func runIn(t *testing.T, bin, dir string, want int, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if got := cmd.ProcessState.ExitCode(); got != want {
		t.Fatalf("s55 %s: exit %d (%v), want %d\n%s", strings.Join(args, " "), got, err, want, out.String())
	}
	return out.String()
}

// TestKilledIssue kills "s55 issue" with SIGKILL at every step of writing a
// revision: the archive then holds the complete revision or none of it, a
// retry succeeds (or finds it issued), and verify passes. One revision of
// another response is there before, so the chain is proved too.
func TestKilledIssue(t *testing.T) {
	bin := s55(t)
	steps := []string{"locked", "write appendix-1.html", "write letter.pdf", "write source/office.yaml", "write manifest.json", "rename", "issued"}
	for _, step := range steps {
		t.Run(step, func(t *testing.T) {
			dir := t.TempDir()
			id := "2021-09-13-rape-inspection-phase-one"
			office(t, dir, id, "second")
			runIn(t, bin, dir, 0, "issue", "responses/second")

			cmd := startPaused(t, bin, dir, step, "responses/"+id)
			kill(t, cmd)
			arch := filepath.Join(dir, "archive")
			revs, err := archive.Revisions(arch, id)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case step == "issued" && len(revs) != 1:
				t.Fatalf("killed after the rename: revisions %v, want [1]", revs)
			case step != "issued" && len(revs) != 0:
				t.Fatalf("killed before the rename: revisions %v, want none", revs)
			}
			out := runIn(t, bin, dir, 0, "verify")
			if !strings.Contains(out, "all intact") {
				t.Fatalf("verify after the kill:\n%s", out)
			}
			if len(revs) == 1 {
				runIn(t, bin, dir, 1, "issue", "responses/"+id)
			} else {
				runIn(t, bin, dir, 0, "issue", "responses/"+id)
			}
			out = runIn(t, bin, dir, 0, "verify")
			if !strings.Contains(out, "2 revisions verified, all intact") || !strings.Contains(out, "number 2 in the order of issue") {
				t.Fatalf("verify after the retry:\n%s", out)
			}
		})
	}
}

// TestLockOutlivesNoKill holds one issue at its lock and starts another:
// the second waits for the first, and goes on as soon as the first is
// killed, because the operating system lets the lock go with the process.
func TestLockDiesWithTheProcess(t *testing.T) {
	bin := s55(t)
	dir := t.TempDir()
	office(t, dir, "2021-09-13-rape-inspection-phase-one", "other")
	first := startPaused(t, bin, dir, "locked", "responses/2021-09-13-rape-inspection-phase-one")
	second := exec.Command(bin, "issue", "responses/other")
	second.Dir = dir
	var out bytes.Buffer
	second.Stdout, second.Stderr = &out, &out
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- second.Wait() }()
	select {
	case err := <-done:
		t.Fatalf("the second issue did not wait for the first: %v\n%s", err, out.String())
	case <-time.After(500 * time.Millisecond):
	}
	kill(t, first)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the second issue: %v\n%s", err, out.String())
		}
	case <-time.After(60 * time.Second):
		second.Process.Kill()
		t.Fatal("the second issue still waits after the first was killed")
	}
	runIn(t, bin, dir, 0, "issue", "responses/2021-09-13-rape-inspection-phase-one")
	if v := runIn(t, bin, dir, 0, "verify"); !strings.Contains(v, "2 revisions verified, all intact") {
		t.Fatalf("verify:\n%s", v)
	}
}
