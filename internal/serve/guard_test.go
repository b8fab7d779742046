package serve_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/serve"
)

// TestRebindingRefused: a page that renamed itself to this machine (DNS
// rebinding) sends its own name as Host, and an Origin that matches it.
// It is refused, whether the preview listens on loopback or, with
// --public, on every interface; the names the preview was started for
// (--host) and loopback names are answered.
func TestRebindingRefused(t *testing.T) {
	dir := copyReference(t)
	for _, public := range []bool{false, true} {
		addr := "127.0.0.1:0"
		if public {
			addr = "0.0.0.0:0"
		}
		ln, err := serve.Listen(addr, public)
		if err != nil {
			t.Fatal(err)
		}
		s := serve.New(dir, serve.Options{Poll: true, PollInterval: time.Hour, Hosts: []string{"opcc-laptop.example.org"}})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx, ln) }()
		port := ln.Addr().(interface{ String() string }).String()
		port = port[strings.LastIndexByte(port, ':'):]
		base := "http://127.0.0.1" + port
		send := func(method, path, host, origin string) int {
			req, err := http.NewRequest(method, base+path, strings.NewReader(`{"status": "complete"}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Host = host
			req.Header.Set("Content-Type", "application/json")
			if origin != "" {
				req.Header.Set("Origin", origin)
			}
			req.Header.Set("X-S55-Token", s.Token())
			req.Header.Set("If-Match", `"0"`)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		for _, tc := range []struct {
			host, origin string
			want         int
		}{
			{"attacker.example" + port, "http://attacker.example" + port, http.StatusForbidden},
			{"attacker.example" + port, "", http.StatusForbidden},
			{"127.0.0.1" + port, "http://attacker.example" + port, http.StatusForbidden},
			{"127.0.0.1" + port, "http://localhost" + port, http.StatusForbidden}, // not the Host's own origin
			{"127.0.0.1.attacker.example" + port, "", http.StatusForbidden},
			{"localhost" + port, "http://localhost" + port, http.StatusConflict}, // past the guards: a stale version
			{"127.0.0.1" + port, "http://127.0.0.1" + port, http.StatusConflict},
			{"[::1]" + port, "", http.StatusConflict},
			{"OPCC-Laptop.example.org." + port, "", http.StatusConflict},
		} {
			if got := send("PUT", "/_s55/api/items/rec-3", tc.host, tc.origin); got != tc.want {
				t.Errorf("public %v: PUT with Host %s, Origin %q = %d, want %d", public, tc.host, tc.origin, got, tc.want)
			}
			want := tc.want
			if want == http.StatusConflict {
				want = http.StatusOK
			}
			if got := send("GET", "/", tc.host, tc.origin); got != want && !(tc.origin != "" && got == http.StatusOK) {
				t.Errorf("public %v: GET / with Host %s = %d, want %d", public, tc.host, got, want)
			}
		}
		// The page of the draft is never served to a foreign name.
		if got := send("GET", "/letter.html", "attacker.example"+port, ""); got != http.StatusForbidden {
			t.Errorf("public %v: the letter to a foreign Host = %d", public, got)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// TestStrictJSON: a body that gives a key twice, at any depth, or bytes
// that are not UTF-8, is refused with 400 before anything is read from
// it, and nothing is written.
func TestStrictJSON(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	file := filepath.Join(dir, "response.yaml")
	before := readFile(t, file)
	it := p.items(t)
	good := map[string]string{"X-S55-Token": it.Token, "If-Match": `"` + it.Version + `"`}
	for _, body := range []string{
		`{"status": "complete", "status": "in-progress"}`,
		`{"comment": "a", "status": "complete", "comment": "b"}`,
		`{"response": {"en-GB": "a", "en-GB": "b"}}`,
		`{"addressees": [{"x": 1, "x": 2}]}`,
		`{"status": "complete", "st\u0061tus": "in-progress"}`,
		"{\"comment\": \"a\xff\"}",
	} {
		status, a := p.call(t, "PUT", "/_s55/api/items/rec-3", body, good)
		if status != http.StatusBadRequest || !strings.Contains(a.Error, "not a JSON object as the editor takes it") {
			t.Errorf("%s = %d %q, want 400", body, status, a.Error)
		}
		status, _ = p.call(t, "POST", "/_s55/api/preview/items/rec-3", body, good)
		if status != http.StatusBadRequest {
			t.Errorf("preview of %s = %d, want 400", body, status)
		}
	}
	status, a := p.call(t, "POST", "/_s55/api/new", `{"folder": "a", "folder": "b", "report": "T", "published": "2024-01-15"}`, good)
	if status != http.StatusBadRequest || !strings.Contains(a.Error, `"folder" is given twice`) {
		t.Errorf("new with a key twice = %d %q", status, a.Error)
	}
	if got := readFile(t, file); got != before {
		t.Error("response.yaml changed")
	}
	// The same keys in different objects are no duplicate.
	status, a = p.call(t, "POST", "/_s55/api/preview/letter", `{"body": {"en-GB": "Text."}}`, good)
	if status == http.StatusBadRequest && strings.Contains(a.Error, "twice") {
		t.Errorf("a well-formed body refused: %q", a.Error)
	}
}

// TestWeakIfMatch: the versions are strong ETags, and If-Match compares
// strongly, so a weak one never matches: 412, and nothing is written.
func TestWeakIfMatch(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	file := filepath.Join(dir, "response.yaml")
	before := readFile(t, file)
	it := p.items(t)
	for _, im := range []string{`W/"` + it.Version + `"`, `"0", W/"` + it.Version + `"`} {
		status, a := p.call(t, "PUT", "/_s55/api/items/rec-3", map[string]string{"status": "complete"}, map[string]string{"X-S55-Token": it.Token, "If-Match": im})
		if status != http.StatusPreconditionFailed || !strings.Contains(a.Error, "weak version") {
			t.Errorf("If-Match %s = %d %q, want 412", im, status, a.Error)
		}
	}
	if got := readFile(t, file); got != before {
		t.Error("response.yaml changed")
	}
	if status, _ := p.put(t, "/_s55/api/items/rec-3", it.Version, map[string]string{"status": "complete"}); status != http.StatusOK {
		t.Errorf("a strong If-Match = %d", status)
	}
}

// TestNewResponseNames: a new response's name must be valid on Windows
// and Linux alike; every other is refused with 422 and a message, never
// a 500, and no folder is made.
func TestNewResponseNames(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	it := p.items(t)
	h := map[string]string{"X-S55-Token": it.Token}
	for name, says := range map[string]string{
		"CON":                        "Windows keeps for a device",
		"con":                        "Windows keeps for a device",
		"nul.txt":                    "Windows keeps for a device",
		"COM1":                       "Windows keeps for a device",
		"lpt9.tar.gz":                "Windows keeps for a device",
		"Aux":                        "Windows keeps for a device",
		"report.":                    "ends with a dot",
		"report ":                    "", // trimmed: allowed
		"a<b":                        "letters, digits, dots and hyphens",
		"a:b":                        "letters, digits, dots and hyphens",
		"a\\b":                       "letters, digits, dots and hyphens",
		"a?b":                        "letters, digits, dots and hyphens",
		"a|b":                        "letters, digits, dots and hyphens",
		"a*b":                        "letters, digits, dots and hyphens",
		"a\"b":                       "letters, digits, dots and hyphens",
		"a b":                        "letters, digits, dots and hyphens",
		strings.Repeat("x", 300):     "at most 255",
		strings.Repeat("é", 200):     "at most 255",
		"..":                         "letters, digits",
		"COM10":                      "",
		"console":                    "",
		strings.Repeat("y", 255):     "",
		"2024-02-01-peel-inspection": "",
	} {
		status, a := p.call(t, "POST", "/_s55/api/new", map[string]string{"folder": name, "report": "A report", "published": "2024-01-15", "date": "2024-02-01"}, h)
		if status >= 500 {
			t.Errorf("%.20q: %d %q", name, status, a.Error)
		}
		if says == "" {
			if status != http.StatusCreated {
				t.Errorf("%.20q: %d %q %+v, want 201", name, status, a.Error, a.Problems)
			}
			continue
		}
		if status != http.StatusUnprocessableEntity || len(a.Problems) == 0 || !strings.Contains(a.Problems[0].Message, says) {
			t.Errorf("%.20q: %d %+v, want 422 saying %q", name, status, a.Problems, says)
		}
		if _, err := os.Lstat(filepath.Join(filepath.Dir(dir), strings.TrimSpace(name))); err == nil && name != ".." {
			t.Errorf("%.20q: a folder was made", name)
		}
	}
}

// TestSaveNeverThroughLinks: a response.yaml or a letter that is a
// symbolic link is neither written through nor replaced by a file; a
// read-only response.yaml is refused and keeps its bytes and mode; a
// 0600 one stays 0600 after a save.
func TestSaveNeverThroughLinks(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	file := filepath.Join(dir, "response.yaml")
	it := p.items(t)
	change := map[string]string{"status": "complete"}
	save := func() (int, answer) {
		return p.call(t, "PUT", "/_s55/api/items/rec-3", change, map[string]string{"X-S55-Token": it.Token, "If-Match": `"` + it.Version + `"`})
	}

	// A link to a copy of itself, inside the folder.
	real := filepath.Join(dir, "real.yaml")
	data := readFile(t, file)
	if err := os.WriteFile(real, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.yaml", file); err != nil {
		t.Fatal(err)
	}
	if status, a := save(); status != http.StatusConflict || !strings.Contains(a.Error, "symbolic link") {
		t.Errorf("a save into a linked response.yaml = %d %q, want 409", status, a.Error)
	}
	if st, err := os.Lstat(file); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	if readFile(t, real) != data {
		t.Error("the file the link points to changed")
	}
	os.Remove(file)
	os.Rename(real, file)

	// Read-only.
	if err := os.Chmod(file, 0o444); err != nil {
		t.Fatal(err)
	}
	if status, a := save(); status != http.StatusConflict || !strings.Contains(a.Error, "read-only") {
		t.Errorf("a save into a read-only response.yaml = %d %q, want 409", status, a.Error)
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o444 || readFile(t, file) != data {
		t.Errorf("the read-only file changed: mode %v", st.Mode().Perm())
	}

	// 0600 stays 0600.
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}
	if status, a := save(); status != http.StatusOK {
		t.Fatalf("a save into a 0600 response.yaml = %d %q", status, a.Error)
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
		t.Errorf("a 0600 response.yaml became %v", st.Mode().Perm())
	}

	// The letter, a link.
	letter := filepath.Join(dir, "letter.md")
	body := readFile(t, letter)
	it = p.items(t)
	os.Rename(letter, filepath.Join(dir, "real.md"))
	if err := os.Symlink("real.md", letter); err != nil {
		t.Fatal(err)
	}
	status, a := p.call(t, "PUT", "/_s55/api/letter", map[string]string{"body": "New text."}, map[string]string{"X-S55-Token": it.Token, "If-Match": `"` + it.Letter.Version.One + `"`})
	if status != http.StatusConflict || !strings.Contains(a.Error, "symbolic link") {
		t.Errorf("a save into a linked letter = %d %q, want 409", status, a.Error)
	}
	if st, err := os.Lstat(letter); err != nil || st.Mode()&os.ModeSymlink == 0 || readFile(t, filepath.Join(dir, "real.md")) != body {
		t.Error("the letter's link or its file changed")
	}
}

// TestNoServerErrorForHostNames checks the guard on a request made to
// the handler itself, as the fuzz target makes them: the Host decides.
func TestNoServerErrorForHostNames(t *testing.T) {
	dir := copyReference(t)
	s := serve.New(dir, serve.Options{})
	s.Rebuild()
	defer s.SettlePDFs()
	for host, want := range map[string]int{"127.0.0.1:8055": 200, "localhost": 200, "example.com": 403, "": 403, "[::1]:1": 200} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %q = %d, want %d", host, rec.Code, want)
		}
	}
}

// TestNewResponseDates: a new response's letter may not be dated before
// the report was published: 422 with the problem at the date's field.
func TestNewResponseDates(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	h := map[string]string{"X-S55-Token": p.items(t).Token}
	status, a := p.call(t, "POST", "/_s55/api/new", map[string]string{"folder": "early", "report": "A report", "published": "2024-01-15", "date": "2024-01-14"}, h)
	if status != http.StatusUnprocessableEntity || len(a.Problems) != 1 || a.Problems[0].Field != "date" || !strings.Contains(a.Problems[0].Message, "before the report was published") {
		t.Errorf("a letter before the report = %d %+v", status, a.Problems)
	}
	if _, err := os.Lstat(filepath.Join(filepath.Dir(dir), "early")); err == nil {
		t.Error("the folder was made")
	}
	if status, a := p.call(t, "POST", "/_s55/api/new", map[string]string{"folder": "same-day", "report": "A report", "published": "2024-01-15", "date": "2024-01-15"}, h); status != http.StatusCreated {
		t.Errorf("a letter of the day of publication = %d %q", status, a.Error)
	}
}
