package serve_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/serve"
	"github.com/opcc-tools/s55/internal/staging"
)

const (
	responses = "../../responses"
	reference = "2021-09-13-rape-inspection-phase-one"
)

// patience bounds every wait for the server, so that a broken server fails
// the test instead of hanging it; it is not a speed requirement.
const patience = 30 * time.Second

// copyReference copies the reference response with its office profile and
// signature into a new temporary folder, and returns the response folder.
func copyReference(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	for _, name := range []string{"office.yaml", "signature-placeholder.png", reference} {
		src := filepath.Join(responses, name)
		files, err := staging.ReadTree(src)
		for _, f := range files {
			dst := filepath.Join(root, name, filepath.FromSlash(f.Name))
			if f.Name == "." {
				dst = filepath.Join(root, name) // src is a file
			}
			if err == nil {
				err = os.MkdirAll(filepath.Dir(dst), 0o755)
			}
			if err == nil {
				err = os.WriteFile(dst, f.Data, 0o644)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, reference)
}

// preview is a server running for a test.
type preview struct {
	*serve.Server
	base string // such as "http://127.0.0.1:41234"
	addr string // such as "127.0.0.1:41234"
	log  *syncBuffer
}

// start runs a preview of dir on a free loopback port until the test ends.
func start(t testing.TB, dir string, opt serve.Options) *preview {
	t.Helper()
	ln, err := serve.Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	opt.Log = log
	s := serve.New(dir, opt)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(patience):
			t.Errorf("Run did not return after its context was cancelled")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	p := &preview{Server: s, addr: ln.Addr().String(), base: "http://" + ln.Addr().String(), log: log}
	p.waitState(t, func(st state) bool { return st.Gen > 0 })
	return p
}

// get fetches path from the preview and returns the status and body.
func (p *preview) get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(p.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// state is one event of the preview's stream.
type state struct {
	Gen  uint64 `json:"gen"`
	Good uint64 `json:"good"`
	OK   bool   `json:"ok"`
}

// waitState follows the event stream until an event satisfies ok, and
// returns that event.
func (p *preview) waitState(t testing.TB, ok func(state) bool) state {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	next := p.events(t, ctx)
	for {
		st, err := next()
		if err != nil {
			t.Fatalf("no such event before the stream ended: %v", errors.Join(err, ctx.Err()))
		}
		if ok(st) {
			return st
		}
	}
}

// events opens the event stream, as a tab does, until ctx is done, and
// returns the function that reads its next event.
func (p *preview) events(t testing.TB, ctx context.Context) func() (state, error) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/_s55/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream's Content-Type = %q", ct)
	}
	sc := bufio.NewScanner(resp.Body)
	return func() (state, error) {
		for sc.Scan() {
			data, found := strings.CutPrefix(sc.Text(), "data: ")
			if !found {
				continue
			}
			var st state
			err := json.Unmarshal([]byte(data), &st)
			return st, err
		}
		return state{}, errors.Join(io.ErrUnexpectedEOF, sc.Err())
	}
}

// syncBuffer is a log that the server and the test may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// edit replaces old by new in the file, which must hold old.
func edit(t testing.TB, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not hold %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	// letterPhrase is in the reference's letter.md.
	letterPhrase = "I welcome"
	// brokenKey misspells a top-level key of the reference's response.yaml.
	goodKey, brokenKey = "\nletter:\n", "\nleter:\n"
)

func TestServesTheBuiltFiles(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{})
	r, diags := build.Render(dir, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}

	status, index := p.get(t, "/")
	if status != http.StatusOK {
		t.Fatalf("GET / = %d", status)
	}
	for _, f := range r.Files {
		if !strings.Contains(index, `href="/`+f.Name+`"`) {
			t.Errorf("the index does not link %s:\n%s", f.Name, index)
		}
	}

	for _, f := range r.Files {
		resp, err := http.Get(p.base + "/" + f.Name)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s = %d", f.Name, resp.StatusCode)
			continue
		}
		if strings.Contains(string(f.Data), "_s55") {
			t.Errorf("the built %s holds the preview's script", f.Name)
		}
		switch filepath.Ext(f.Name) {
		case ".pdf":
			if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
				t.Errorf("%s: Content-Type %q", f.Name, ct)
			}
			if string(body) != string(f.Data) {
				t.Errorf("%s: served bytes differ from the build's", f.Name)
			}
		case ".html":
			// The page as built, with one script element before </body>.
			tag := `<script src="/_s55/reload.js" data-s55-follow="live" data-s55-at="1" defer></script>` + "\n"
			want := strings.Replace(string(f.Data), "</body>", tag+"</body>", 1)
			if string(body) != want {
				t.Errorf("%s: served page is not the built page with the script before </body>", f.Name)
			}
		}
	}

	status, js := p.get(t, "/_s55/reload.js")
	if status != http.StatusOK || !strings.Contains(js, "EventSource") {
		t.Errorf("GET /_s55/reload.js = %d %q", status, js)
	}
}

// rawGet sends a request line as written, with no cleaning by a client, and
// returns the status code.
func rawGet(t *testing.T, addr, target, host string) int {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(patience))
	if _, err := io.WriteString(c, "GET "+target+" HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServesOnlyWhatItBuilt(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{})
	for _, target := range []string{
		"/../../etc/passwd",
		"/%2e%2e/%2e%2e/etc/passwd",
		"/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
		"/..%2f..%2fetc%2fpasswd",
		"/..%5c..%5cetc%5cpasswd",
		"/%252e%252e/etc/passwd",
		"/etc/passwd",
		"//etc/passwd",
		"/letter%2ehtml",
		"/%6Cetter.html",
		"//letter.html",
		"/./letter.html",
		"/x/../letter.html",
		"/letter.html/",
		"/letter.html%00",
		"/LETTER.HTML",
		"/appendix-2.html",
		"/response.yaml",
		"/letter.md",
		"/office.yaml",
		"/_s55/last-good/../letter.html",
		"/_s55/last-good/%2e%2e%2fletter.html",
		"/_s55/last-good/",
		"/_s55/",
		"/_s55/reload.js/",
		"http://127.0.0.1/../../etc/passwd",
	} {
		if got := rawGet(t, p.addr, target, p.addr); got != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", target, got)
		}
	}
	if got := rawGet(t, p.addr, "/letter.html", p.addr); got != http.StatusOK {
		t.Errorf("GET /letter.html = %d, want 200", got)
	}
	if got := rawGet(t, p.addr, "/_s55/last-good/letter.html", p.addr); got != http.StatusOK {
		t.Errorf("GET /_s55/last-good/letter.html = %d, want 200", got)
	}
}

func TestAnswersOnlyToLoopbackNames(t *testing.T) {
	p := start(t, copyReference(t), serve.Options{})
	for host, want := range map[string]int{
		p.addr:                   http.StatusOK,
		"localhost:8055":         http.StatusOK,
		"LocalHost":              http.StatusOK,
		"[::1]:8055":             http.StatusOK,
		"127.0.0.1":              http.StatusOK,
		"attacker.example":       http.StatusForbidden,
		"attacker.example:8055":  http.StatusForbidden,
		"localhost.attacker.com": http.StatusForbidden,
		"10.0.0.1:8055":          http.StatusForbidden,
	} {
		if got := rawGet(t, p.addr, "/letter.html", host); got != want {
			t.Errorf("Host %s: GET /letter.html = %d, want %d", host, got, want)
		}
	}
	resp, err := http.Post(p.base+"/letter.html", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /letter.html = %d, want 405", resp.StatusCode)
	}
}

func TestRebuildShowsProblemsThenTheDocument(t *testing.T) {
	dir := copyReference(t)
	// Rebuilt by hand: a watcher that never fires leaves the test in charge.
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	letter := filepath.Join(dir, "letter.md")
	data := filepath.Join(dir, "response.yaml")

	edit(t, letter, letterPhrase, "I warmly welcome")
	if !p.Rebuild() {
		t.Fatal("Rebuild after an edit reported no change")
	}
	if _, body := p.get(t, "/letter.html"); !strings.Contains(body, "I warmly welcome") {
		t.Fatal("the letter does not show the edit")
	}
	if p.Rebuild() {
		t.Error("Rebuild with nothing changed reported a change")
	}

	edit(t, data, goodKey, brokenKey)
	if !p.Rebuild() {
		t.Fatal("Rebuild after breaking the data reported no change")
	}
	wantMsg := filepath.Join(dir, "response.yaml") + `:11:1: error: unknown field &#34;leter&#34; (did you mean &#34;letter&#34;?)`
	status, body := p.get(t, "/letter.html")
	if status != http.StatusServiceUnavailable || !strings.Contains(body, wantMsg) {
		t.Fatalf("GET /letter.html after a broken save = %d, want 503 with %q:\n%s", status, wantMsg, body)
	}
	if !strings.Contains(body, `href="/_s55/last-good/letter.html"`) {
		t.Errorf("the problems page does not link the last good letter:\n%s", body)
	}
	if _, index := p.get(t, "/"); !strings.Contains(index, wantMsg) || !strings.Contains(index, `href="/_s55/last-good/appendix-1.pdf"`) {
		t.Errorf("the index does not show the problem and the last good files:\n%s", index)
	}
	if status, good := p.get(t, "/_s55/last-good/letter.html"); status != http.StatusOK || !strings.Contains(good, "I warmly welcome") ||
		!strings.Contains(good, `data-s55-follow="good"`) {
		t.Errorf("GET /_s55/last-good/letter.html = %d, want the last good letter following good builds", status)
	}

	edit(t, data, brokenKey, goodKey)
	if !p.Rebuild() {
		t.Fatal("Rebuild after fixing the data reported no change")
	}
	if status, body := p.get(t, "/letter.html"); status != http.StatusOK || !strings.Contains(body, "I warmly welcome") {
		t.Fatalf("GET /letter.html after the fix = %d, want the letter", status)
	}
}

func TestProblemsAreEscaped(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	edit(t, filepath.Join(dir, "response.yaml"), goodKey, "\n\"<script>alert(1)</script>\": x\nletter:\n")
	p.Rebuild()
	_, body := p.get(t, "/letter.html")
	if strings.Contains(body, "<script>alert") {
		t.Fatalf("the problems page holds the data's markup unescaped:\n%s", body)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatalf("the problems page does not show the misspelt key, escaped:\n%s", body)
	}
}

func TestBrokenFromTheStart(t *testing.T) {
	dir := copyReference(t)
	edit(t, filepath.Join(dir, "response.yaml"), goodKey, brokenKey)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	status, body := p.get(t, "/letter.html")
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "unknown field") || strings.Contains(body, "last-good") {
		t.Errorf("GET /letter.html with no good build = %d:\n%s", status, body)
	}
	if status, _ := p.get(t, "/appendix-1.html"); status != http.StatusNotFound {
		t.Errorf("GET /appendix-1.html with no good build = %d, want 404", status)
	}
	if _, index := p.get(t, "/"); !strings.Contains(index, "Nothing has been built yet") {
		t.Errorf("index with no good build:\n%s", index)
	}
}

// TestWatch saves files the ways editors do and waits for the rebuild that
// each save brings.
func TestWatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  serve.Options
	}{
		{"events", serve.Options{}},
		{"polling", serve.Options{Poll: true, PollInterval: 20 * time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyReference(t)
			p := start(t, dir, tc.opt)
			letter := filepath.Join(dir, "letter.md")
			data := filepath.Join(dir, "response.yaml")
			office := filepath.Join(filepath.Dir(dir), "office.yaml")

			// Written in place.
			edit(t, letter, letterPhrase, "I heartily welcome")
			st := p.waitState(t, func(st state) bool { return st.Gen >= 2 })
			if _, body := p.get(t, "/letter.html"); !st.OK || !strings.Contains(body, "I heartily welcome") {
				t.Fatalf("after writing letter.md: %+v", st)
			}

			// Written beside and renamed over, as many editors save.
			text, _ := os.ReadFile(data)
			tmp := filepath.Join(dir, ".response.yaml.tmp")
			if err := os.WriteFile(tmp, []byte(strings.Replace(string(text), goodKey, brokenKey, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, data); err != nil {
				t.Fatal(err)
			}
			st = p.waitState(t, func(st state) bool { return st.Gen > 2 })
			if st.OK {
				t.Fatalf("after breaking response.yaml: %+v", st)
			}

			// The office profile, outside the response folder.
			edit(t, data, brokenKey, goodKey)
			st = p.waitState(t, func(st state) bool { return st.OK && st.Gen > 3 })
			edit(t, office, "Darryl Preston", "Darryl Q. Preston")
			st = p.waitState(t, func(s state) bool { return s.Gen > st.Gen })
			if _, body := p.get(t, "/letter.html"); !st.OK || !strings.Contains(body, "Darryl Q. Preston") {
				t.Fatalf("after editing office.yaml: %+v", st)
			}
		})
	}
}

func TestSecondServerOnTheSamePort(t *testing.T) {
	ln, err := serve.Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, err = serve.Listen(ln.Addr().String(), false)
	if !errors.Is(err, serve.ErrInUse) {
		t.Fatalf("second Listen: %v, want ErrInUse", err)
	}
	want := ln.Addr().String() + " is in use ("
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("second Listen: %q, want it to start %q", err, want)
	}
}

func TestPDFWaitsForTheWholeBuild(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	edit(t, filepath.Join(dir, "letter.md"), letterPhrase, "I gladly welcome")
	done := make(chan bool, 1)
	go func() { done <- p.RebuildSettling(time.Hour) }()

	// The pages come out first, while the PDFs wait...
	p.waitState(t, func(st state) bool { return st.Gen == 2 })
	if _, body := p.get(t, "/letter.html"); !strings.Contains(body, "I gladly welcome") {
		t.Fatal("the pages published first do not show the edit")
	}
	// ...and a PDF asked for meanwhile is built at once, as "s55 build"
	// builds it.
	status, got := p.get(t, "/letter.pdf")
	r, diags := build.Render(dir, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK || got != string(r.File("letter.pdf")) {
		t.Errorf("GET /letter.pdf while the PDFs were pending = %d, not the built PDF", status)
	}
	select {
	case changed := <-done:
		if !changed {
			t.Error("the rebuild reported no change")
		}
	case <-time.After(patience):
		t.Fatal("the rebuild did not end after the PDF was asked for")
	}
}

// BenchmarkRebuild measures a rebuild of the reference response after a
// save: load, check and render everything as "s55 build" does, publishing
// the HTML pages first. It reports how long the pages took as pages-ns/op:
// that is what a reloading tab waits for.
func BenchmarkRebuild(b *testing.B) {
	dir := copyReference(b)
	s := serve.New(dir, serve.Options{})
	letter := filepath.Join(dir, "letter.md")
	text, err := os.ReadFile(letter)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n int
	var pages time.Duration
	for b.Loop() {
		// A different letter each time, so that each rebuild publishes.
		n++
		b.StopTimer()
		if err := os.WriteFile(letter, fmt.Appendf(text, "\nEdit %d.\n", n), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if !s.Rebuild() {
			b.Fatal("Rebuild reported no change")
		}
		p, _ := s.Timings()
		pages += p
	}
	b.ReportMetric(float64(pages.Nanoseconds())/float64(n), "pages-ns/op")
}

// BenchmarkSaveToPage measures what an officer waits for after saving the
// letter in a text editor: from the write to the published page holding
// the new text, through the file system's event, the wait for the write to
// finish, the load and the pages. It follows the preview's event stream, as
// a tab does, then reads the page, and reports the median as
// median-ms/op; the PDFs that follow are let settle outside the timer.
func BenchmarkSaveToPage(b *testing.B) {
	dir := copyReference(b)
	p := start(b, dir, serve.Options{})
	letter := filepath.Join(dir, "letter.md")
	text, err := os.ReadFile(letter)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := p.events(b, ctx)
	next := func() state {
		st, err := events()
		if err != nil {
			b.Fatal(err)
		}
		return st
	}
	last := next()
	var times []time.Duration
	n := 0
	for b.Loop() {
		n++
		marker := fmt.Sprintf("Edit number %d of the letter.", n)
		t0 := time.Now()
		if err := os.WriteFile(letter, fmt.Appendf(text, "\n%s\n", marker), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			st := next()
			if st.Gen == last.Gen {
				continue
			}
			last = st
			if _, page := p.get(b, "/letter.html"); strings.Contains(page, marker) {
				break
			}
		}
		times = append(times, time.Since(t0))
		b.StopTimer()
		p.get(b, "/letter.pdf") // waits for the PDFs
		b.StartTimer()
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms/op")
}

// TestWelshIndex: the index of a bilingual office's preview names each of
// its fourteen files in words, with its language, and links every file
// the build makes; before the first good build, each file a bilingual
// build always makes answers with the problems, and the files of an
// office of one language, which it does not make, are not there.
func TestWelshIndex(t *testing.T) {
	dir := copyWelsh(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	r, diags := build.Render(dir, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	_, index := p.get(t, "/")
	if len(r.Files) != 14 {
		t.Fatalf("the Welsh example builds %d files, want 14", len(r.Files))
	}
	for _, f := range r.Files {
		if !strings.Contains(index, `href="/`+f.Name+`"`) {
			t.Errorf("the index does not link %s", f.Name)
		}
	}
	for _, want := range []string{
		`<li>Letter (Welsh): <a href="/letter.cy.html">letter.cy.html</a>, <a href="/letter.cy.pdf">letter.cy.pdf</a></li>`,
		`<li>Appendix 1 (Welsh): <a href="/appendix-1.cy.html">`,
		`<li>Response (Welsh): <a href="/response.cy.html">`,
		`<li>Letter (English): <a href="/letter.en.html">`,
		`<li>Appendix 1 (English): <a href="/appendix-1.en.html">`,
		`<li>Response (English): <a href="/response.en.html">`,
		`<li>Published response, Welsh and English: <a href="/response.html">response.html</a>, <a href="/response.pdf">response.pdf</a></li>`,
	} {
		if !strings.Contains(index, want) {
			t.Errorf("the index does not hold %s:\n%s", want, index)
		}
	}
	if strings.Contains(index, "<li>letter.") || strings.Contains(index, "<li>response") {
		t.Errorf("the index names a file by its raw name:\n%s", index)
	}

	dir = copyWelsh(t)
	edit(t, filepath.Join(dir, "response.yaml"), goodKey, brokenKey)
	p = start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	for _, name := range []string{"letter.cy.html", "letter.cy.pdf", "letter.en.html", "response.cy.pdf", "response.en.html", "response.html", "response.pdf"} {
		if status, body := p.get(t, "/"+name); status != http.StatusServiceUnavailable || !strings.Contains(body, "unknown field") {
			t.Errorf("GET /%s with no good build = %d, want 503 with the problem", name, status)
		}
	}
	for _, name := range []string{"letter.html", "letter.pdf", "appendix-1.cy.html"} {
		if status, _ := p.get(t, "/"+name); status != http.StatusNotFound {
			t.Errorf("GET /%s with no good build of a bilingual office = %d, want 404", name, status)
		}
	}
}
