// Package conformance runs the outside checkers that prove s55's outputs:
// poppler, qpdf, the Nu HTML Checker and axe-core in headless Chromium,
// and LibreOffice, a real spreadsheet program that saves the workbooks.
//
// Only tests use it. A test calls [Need] first with the tools that it uses, so
// that a plain "go test ./..." on a machine without them skips the test with
// one line per missing tool. The full suite ("bash .ci/test") installs every
// tool and sets S55_REQUIRE_CHECKERS=1, and then a missing tool fails the test.
//
// The Nu HTML Checker and axe-core come from npm. "bash .ci/test" installs
// them with "npm ci" into internal/conformance/node_modules, from the
// package-lock.json beside this file.
package conformance

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// RequireEnv is the environment variable that turns a missing tool into a test
// failure. The full suite, "bash .ci/test", sets it to "1".
const RequireEnv = "S55_REQUIRE_CHECKERS"

// The places of the npm files, relative to the repository root.
const (
	vnuJarPath = "internal/conformance/node_modules/vnu-jar/build/dist/vnu.jar"
	axeJSPath  = "internal/conformance/node_modules/axe-core/axe.min.js"
)

// Tool is an outside program or file that a check needs.
type Tool int

// The tools that the checks of this package need.
const (
	// Pdftotext is poppler's pdftotext, which PDFText runs.
	Pdftotext Tool = iota
	// Pdfinfo is poppler's pdfinfo, which PDFInfo and PDFPages run.
	Pdfinfo
	// Pdffonts is poppler's pdffonts, which PDFFonts runs.
	Pdffonts
	// QPDF is qpdf, which QPDFCheck runs.
	QPDF
	// Java is the Java runtime that NuCheck starts.
	Java
	// VNU is the Nu HTML Checker's vnu.jar from npm, which NuCheck runs.
	VNU
	// Chromium is the browser that Axe starts.
	Chromium
	// AxeCore is axe-core's axe.min.js from npm, which Axe injects into each page.
	AxeCore
	// Pdfimages is poppler's pdfimages, which PDFImages runs.
	Pdfimages
	// Curl is curl, which the manual's example of the editor's API runs.
	Curl
	// LibreOffice is LibreOffice's soffice, which Resave runs: a real
	// spreadsheet program saving a workbook as it saves one.
	LibreOffice
)

// toolInfo says how to find a tool and where it comes from.
type toolInfo struct {
	check string // the check that needs it, for the skip line
	name  string // the program on PATH, or the file's base name
	pkg   string // the Debian package, or "npm " and the npm package
	file  string // for an npm file: its path relative to the root; for a packaged file: absolute
}

var toolTable = map[Tool]toolInfo{
	Pdftotext:   {check: "PDF text check", name: "pdftotext", pkg: "poppler-utils"},
	Pdfinfo:     {check: "PDF info check", name: "pdfinfo", pkg: "poppler-utils"},
	Pdffonts:    {check: "PDF font check", name: "pdffonts", pkg: "poppler-utils"},
	QPDF:        {check: "PDF structure check", name: "qpdf", pkg: "qpdf"},
	Java:        {check: "Nu HTML check", name: "java", pkg: "default-jre-headless"},
	VNU:         {check: "Nu HTML check", name: "vnu.jar", pkg: "npm vnu-jar", file: vnuJarPath},
	Chromium:    {check: "accessibility check", name: "chromium", pkg: "chromium"},
	AxeCore:     {check: "accessibility check", name: "axe.min.js", pkg: "npm axe-core", file: axeJSPath},
	Pdfimages:   {check: "PDF image check", name: "pdfimages", pkg: "poppler-utils"},
	Curl:        {check: "the manual's examples", name: "curl", pkg: "curl"},
	LibreOffice: {check: "spreadsheet round trip", name: "soffice", pkg: "libreoffice-calc-nogui"},
}

// String returns the name of the program or file, such as "pdftotext" or
// "vnu.jar".
func (tl Tool) String() string {
	if info, ok := toolTable[tl]; ok {
		return info.name
	}
	return fmt.Sprintf("Tool(%d)", int(tl))
}

// find returns the path of the tool, or an error when it is not there.
func (tl Tool) find() (string, error) {
	info, ok := toolTable[tl]
	if !ok {
		return "", fmt.Errorf("conformance: unknown tool %d", int(tl))
	}
	if info.file == "" {
		return exec.LookPath(info.name)
	}
	if filepath.IsAbs(info.file) {
		// A file a Debian package installs.
		if st, err := os.Stat(info.file); err != nil || !st.Mode().IsRegular() {
			return "", fmt.Errorf("%s not found (install %s)", info.file, info.pkg)
		}
		return info.file, nil
	}
	root, err := Root()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, filepath.FromSlash(info.file))
	st, err := os.Stat(p)
	if err != nil {
		return "", fmt.Errorf("%s not found (run \"npm ci --prefix internal/conformance\"): %w", info.name, err)
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", p)
	}
	return p, nil
}

// Need skips the test when one of the tools is missing, with one line per
// missing tool. When S55_REQUIRE_CHECKERS is "1", as in the full suite, a
// missing tool fails the test instead.
func Need(t testing.TB, want ...Tool) {
	t.Helper()
	lines := missing(want)
	if len(lines) == 0 {
		return
	}
	if os.Getenv(RequireEnv) == "1" {
		for i, l := range lines {
			lines[i] = "missing: " + l + "; " + RequireEnv + "=1 makes that a failure"
		}
		t.Fatalf("%s", strings.Join(lines, "\n"))
		return
	}
	for i, l := range lines {
		lines[i] = "skipping: " + l + `; run "bash .ci/test" for the full suite`
	}
	t.Skip(strings.Join(lines, "\n"))
}

// missing returns "<check> needs <tool> (<package>), not found" for each tool
// that is not there, without repeats.
func missing(want []Tool) []string {
	var lines []string
	seen := map[Tool]bool{}
	for _, tl := range want {
		if seen[tl] {
			continue
		}
		seen[tl] = true
		if _, err := tl.find(); err == nil {
			continue
		}
		info, ok := toolTable[tl]
		if !ok {
			info = toolInfo{check: "a check", name: tl.String(), pkg: "unknown"}
		}
		lines = append(lines, fmt.Sprintf("%s needs %s (%s), not found", info.check, info.name, info.pkg))
	}
	return lines
}

// Root returns the repository root: the nearest folder, from the current
// working directory upwards, that holds go.mod. The npm checkers are found
// from it, so a test that changes its working directory (t.Chdir) must leave
// it inside the repository while it runs NuCheck or Axe.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && st.Mode().IsRegular() {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("conformance: no go.mod in the working directory or above it")
		}
		dir = parent
	}
}

// run runs the program and returns its standard output. A non-zero exit
// status is an error that holds the standard error.
func run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
