package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/cli"
	"github.com/opcc-tools/s55/internal/staging"
)

var update = flag.Bool("update", false, "rewrite the scripts' expected files from the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"s55": func() { os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the command end to end from testdata/script/*.txtar.
//
// Besides testscript's own commands, scripts have:
//
//	reference DIR     copy the repository's responses folder (office profile,
//	                  placeholder signature, reference response) to DIR
//	fixture DIR       copy testdata/fixture, a small valid response folder
//	                  (responses/office.yaml, responses/r/...), to DIR
//	writebytes FILE Q write the Go-quoted string Q to FILE, for bytes a
//	                  script cannot hold (NUL, UTF-16, Latin-1)
//	treesum DIR       print the SHA-256 and path of every file below DIR,
//	                  sorted, to compare a tree before and after
//	flipbyte FILE N   invert the bits of byte N of FILE
//	edit FILE RE NEW  replace every match of the Go regexp RE in FILE with
//	                  NEW ($1 for a group, \n for a newline); fail when RE
//	                  matches nothing
//	status N CMD ...  run CMD and require exit status N
//	nofiles DIR       require DIR to hold no file at any depth (or not to exist)
//	freeport NAME     set $NAME to a free TCP port on 127.0.0.1
//	mailparts EML DIR read the e-mail message EML with net/mail and
//	                  mime/multipart: print its header fields (addresses
//	                  parsed, the subject decoded), its longest line and
//	                  whether every line ends in CRLF, then each part's
//	                  type, and write each part's decoded body to DIR (as
//	                  its file name, or partN)
//	cell [-formula|-date|-number] FILE.xlsx SHEET!CELL VALUE
//	                  fill in a cell of a workbook as a spreadsheet program
//	                  would (with excelize): VALUE as text, or a formula, a
//	                  date (YYYY-MM-DD) or a number; \n in VALUE is a line
//	                  break
//	httpget [-wait TEXT] URL
//	                  GET URL as written and print the status code, then the
//	                  body (or its size when it is not text or JSON); retry until the
//	                  server answers and, with -wait, until the body holds TEXT
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"reference": func(ts *testscript.TestScript, neg bool, args []string) {
				copyTree(ts, neg, args, "../../responses")
			},
			"fixture": func(ts *testscript.TestScript, neg bool, args []string) {
				copyTree(ts, neg, args, "testdata/fixture")
			},
			"writebytes": writeBytes,
			"treesum":    treeSum,
			"flipbyte":   flipByte,
			"edit":       editFile,
			"status":     status,
			"nofiles":    noFiles,
			"freeport":   freePort,
			"httpget":    httpGet,
			"mailparts":  mailParts,
			"cell":       setCell,
		},
	})
}

// copyTree copies the folder from, relative to this package, into the
// script's folder args[0].
func copyTree(ts *testscript.TestScript, neg bool, args []string, from string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: reference|fixture DIR")
	}
	src, err := filepath.Abs(from)
	ts.Check(err)
	dst := ts.MkAbs(args[0])
	files, err := staging.ReadTree(src)
	ts.Check(err)
	for _, f := range files {
		target := filepath.Join(dst, filepath.FromSlash(f.Name))
		ts.Check(os.MkdirAll(filepath.Dir(target), 0o755))
		ts.Check(os.WriteFile(target, f.Data, 0o644))
	}
}

func writeBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: writebytes FILE QUOTED")
	}
	data, err := strconv.Unquote(args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(data), 0o644))
}

func status(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}

func noFiles(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: nofiles DIR")
	}
	var found []string
	err := filepath.WalkDir(ts.MkAbs(args[0]), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			found = append(found, p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		ts.Fatalf("%v", err)
	}
	if len(found) > 0 {
		ts.Fatalf("want no files, found %q", found)
	}
}

func treeSum(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: treesum DIR")
	}
	files, err := staging.ReadTree(ts.MkAbs(args[0]))
	ts.Check(err)
	var lines []string
	for _, f := range files {
		lines = append(lines, fmt.Sprintf("%x  %s", sha256.Sum256(f.Data), f.Name))
	}
	slices.Sort(lines)
	fmt.Fprintln(ts.Stdout(), strings.Join(lines, "\n"))
}

func flipByte(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: flipbyte FILE OFFSET")
	}
	name := ts.MkAbs(args[0])
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	data, err := os.ReadFile(name)
	ts.Check(err)
	if n >= len(data) {
		ts.Fatalf("%s has %d bytes", args[0], len(data))
	}
	data[n] ^= 0xFF
	writeOver(ts, name, data)
}

// writeOver writes data over a file, read-only as the archive keeps its
// files or not, keeping its mode.
func writeOver(ts *testscript.TestScript, name string, data []byte) {
	st, err := os.Stat(name)
	ts.Check(err)
	ts.Check(os.Chmod(name, 0o644))
	ts.Check(os.WriteFile(name, data, 0o644))
	ts.Check(os.Chmod(name, st.Mode().Perm()))
}

func editFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: edit FILE REGEXP REPLACEMENT")
	}
	name := ts.MkAbs(args[0])
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	data, err := os.ReadFile(name)
	ts.Check(err)
	if !re.Match(data) {
		ts.Fatalf("%s: no match for %s", args[0], args[1])
	}
	writeOver(ts, name, re.ReplaceAll(data, []byte(strings.ReplaceAll(args[2], `\n`, "\n"))))
}

func freePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport NAME")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ts.Check(ln.Close())
	ts.Setenv(args[0], port)
}

func httpGet(ts *testscript.TestScript, neg bool, args []string) {
	var wait, host string
	for len(args) == 3 && (args[0] == "-wait" || args[0] == "-host") {
		if args[0] == "-wait" {
			wait = args[1]
		} else {
			host = args[1]
		}
		args = args[2:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: httpget [-wait TEXT] [-host NAME] URL")
	}
	var status int
	var body []byte
	var ctype, last string
	// A bound on the wait for a server that never comes, not a speed test.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		req, err := http.NewRequest(http.MethodGet, args[0], nil)
		var resp *http.Response
		if err == nil {
			req.Host = host
			resp, err = http.DefaultClient.Do(req)
		}
		if err == nil {
			body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			status, ctype = resp.StatusCode, resp.Header.Get("Content-Type")
		}
		if err == nil && strings.Contains(string(body), wait) {
			break
		}
		last = fmt.Sprint(err)
		if err == nil {
			last = fmt.Sprintf("%d %s", status, body)
		}
		if time.Now().After(deadline) {
			ts.Fatalf("httpget %s: no answer holding %q in 30s; last: %s", args[0], wait, last)
		}
	}
	fmt.Fprintln(ts.Stdout(), status)
	if strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "application/json") {
		ts.Stdout().Write(body)
	} else {
		fmt.Fprintf(ts.Stdout(), "[%d bytes of %s]\n", len(body), ctype)
	}
}

func mailParts(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mailparts EML DIR")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	out := ts.Stdout()
	longest, bare := 0, 0
	for _, l := range strings.SplitAfter(string(data), "\n") {
		if l == "" {
			continue
		}
		if !strings.HasSuffix(l, "\r\n") {
			bare++
		}
		longest = max(longest, len(strings.TrimRight(l, "\r\n")))
	}
	fmt.Fprintf(out, "lines: longest %d, %d not ended by CRLF\n", longest, bare)
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	ts.Check(err)
	for _, name := range []string{"X-Unsent", "From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version"} {
		v := msg.Header.Get(name)
		switch name {
		case "From", "To", "Cc":
			list, err := msg.Header.AddressList(name)
			ts.Check(err)
			var as []string
			for _, a := range list {
				as = append(as, fmt.Sprintf("%q <%s>", a.Name, a.Address))
			}
			v = strings.Join(as, ", ")
		case "Subject":
			v, err = new(mime.WordDecoder).DecodeHeader(v)
			ts.Check(err)
		case "Date":
			d, err := msg.Header.Date()
			ts.Check(err)
			v = d.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(out, "%s: %s\n", name, v)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	ts.Check(err)
	fmt.Fprintf(out, "Content-Type: %s\n", mt)
	mr := multipart.NewReader(msg.Body, params["boundary"])
	dir := ts.MkAbs(args[1])
	ts.Check(os.MkdirAll(dir, 0o755))
	for n := 1; ; n++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		ts.Check(err)
		body, err := io.ReadAll(p)
		ts.Check(err)
		ct, cparams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		ts.Check(err)
		enc := p.Header.Get("Content-Transfer-Encoding")
		if enc == "base64" {
			body, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(body)))
			ts.Check(err)
		}
		if strings.HasPrefix(ct, "text/") {
			body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
		}
		name := p.FileName()
		if name == "" {
			name = fmt.Sprintf("part%d", n)
		}
		fmt.Fprintf(out, "part %d: %s %v, %s, file %s, %d bytes\n", n, ct, cparams, cmp.Or(enc, "decoded"), name, len(body))
		ts.Check(os.WriteFile(filepath.Join(dir, filepath.Base(name)), body, 0o644))
	}
}

// setCell fills in a cell of a workbook, as the force would.
func setCell(ts *testscript.TestScript, neg bool, args []string) {
	kind := ""
	if len(args) > 0 && strings.HasPrefix(args[0], "-") {
		kind, args = args[0], args[1:]
	}
	if neg || len(args) != 3 {
		ts.Fatalf("usage: cell [-formula|-date|-number] FILE.xlsx SHEET!CELL VALUE")
	}
	file := ts.MkAbs(args[0])
	sheet, cell, ok := strings.Cut(args[1], "!")
	if !ok {
		ts.Fatalf("give the cell as SHEET!CELL")
	}
	value := strings.ReplaceAll(args[2], `\n`, "\n")
	x, err := excelize.OpenFile(file)
	ts.Check(err)
	defer x.Close()
	switch kind {
	case "":
		ts.Check(x.SetCellStr(sheet, cell, value))
	case "-formula":
		ts.Check(x.SetCellFormula(sheet, cell, value))
	case "-date":
		d, err := time.Parse(time.DateOnly, value)
		ts.Check(err)
		ts.Check(x.SetCellValue(sheet, cell, d))
	case "-number":
		n, err := strconv.ParseFloat(value, 64)
		ts.Check(err)
		ts.Check(x.SetCellValue(sheet, cell, n))
	default:
		ts.Fatalf("unknown flag %s", kind)
	}
	ts.Check(x.Save())
}
