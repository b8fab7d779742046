package desk

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/issue"
	"github.com/opcc-tools/s55/internal/preview"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/scaffold"
	"github.com/opcc-tools/s55/internal/workbook"
	"github.com/xuri/excelize/v2"
)

const reference = "2021-09-13-rape-inspection-phase-one"

// office copies the repository's office and its reference response into
// a new office folder.
func office(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "responses")
	copyFile(t, filepath.Join(src, "office.yaml"), filepath.Join(dir, "office.yaml"))
	copyFile(t, filepath.Join(src, "signature-placeholder.png"), filepath.Join(dir, "signature-placeholder.png"))
	for _, name := range []string{"response.yaml", "letter.md"} {
		copyFile(t, filepath.Join(src, reference, name), filepath.Join(dir, reference, name))
	}
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// server serves the desk of dir, reading the clocks on 2021-08-01.
func server(t *testing.T, dir string) (*Desk, *httptest.Server) {
	t.Helper()
	d := New(dir, preview.Options{})
	d.Today = func() time.Time { return day.Of(time.Date(2021, 8, 1, 0, 0, 0, 0, time.UTC)) }
	ts := httptest.NewServer(d)
	t.Cleanup(func() { ts.Close(); d.Settle() })
	return d, ts
}

type answer struct {
	status int
	body   []byte
	header http.Header
}

func (a answer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("not a JSON object (%v): %s", err, a.body)
	}
	return m
}

// do sends a request; headers add to (or, empty, remove) the token and
// the content type a write sends.
func do(t *testing.T, d *Desk, ts *httptest.Server, method, path string, body any, headers map[string]string) answer {
	t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		if s, ok := body.(string); ok {
			data = []byte(s)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set(preview.TokenHeader, d.Token())
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		if k == "Host" {
			req.Host = v
		} else if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, data, res.Header}
}

func TestOfficeListsWithClocks(t *testing.T) {
	d, ts := server(t, office(t))
	a := do(t, d, ts, "GET", "/_s55/api/office", nil, nil)
	if a.status != 200 {
		t.Fatalf("status %d: %s", a.status, a.body)
	}
	var list []map[string]any
	json.Unmarshal(a.body, &list)
	if len(list) != 1 || list[0]["id"] != reference || list[0]["last_day"] != "2021-09-09" || list[0]["days_left"] != float64(39) {
		t.Fatalf("office: %s", a.body)
	}
	page := do(t, d, ts, "GET", "/", nil, nil)
	for _, want := range []string{"Start a new response", `href="/responses/` + reference + `"`, "39 days left", d.Token()} {
		if !strings.Contains(string(page.body), want) {
			t.Errorf("the desk's page lacks %q", want)
		}
	}
}

func TestGuard(t *testing.T) {
	d, ts := server(t, office(t))
	body := map[string]string{"id": "x", "title": "T", "published": "2021-07-01"}
	for name, h := range map[string]map[string]string{
		"no token":    {preview.TokenHeader: ""},
		"wrong token": {preview.TokenHeader: "WRONG"},
		"host":        {"Host": "evil.example"},
		"origin":      {"Origin": "http://evil.example"},
		"cross-site":  {"Sec-Fetch-Site": "cross-site"},
	} {
		if a := do(t, d, ts, "POST", "/_s55/api/responses", body, h); a.status != 403 {
			t.Errorf("%s: status %d, want 403: %s", name, a.status, a.body)
		}
	}
	if a := do(t, d, ts, "GET", "/_s55/api/office", nil, map[string]string{"Host": "evil.example"}); a.status != 403 {
		t.Errorf("a read from another host: %d", a.status)
	}
	if _, err := os.Stat(filepath.Join(d.dir, "x")); err == nil {
		t.Error("a refused request made a folder")
	}
}

func TestNewResponse(t *testing.T) {
	d, ts := server(t, office(t))
	text := "Recommendations\n\nRecommendation 1\nBy 1 March 2022, forces should do a thing.\n\nRecommendation 2\nForces should do another.\n"
	body := map[string]string{"id": "2021-07-20-peel", "title": "PEEL", "published": "2021-07-20", "date": "2021-08-01", "text": text}
	a := do(t, d, ts, "POST", "/_s55/api/responses", body, nil)
	if a.status != 201 {
		t.Fatalf("status %d: %s", a.status, a.body)
	}
	if m := a.json(t); m["page"] != "/responses/2021-07-20-peel" || len(m["found"].([]any)) != 2 {
		t.Errorf("answer: %s", a.body)
	}
	data, err := os.ReadFile(filepath.Join(d.dir, "2021-07-20-peel", "response.yaml"))
	if err != nil || !strings.Contains(string(data), "forces should do a thing") {
		t.Fatalf("response.yaml: %v %s", err, data)
	}
	if a := do(t, d, ts, "POST", "/_s55/api/responses", body, nil); a.status != 409 {
		t.Errorf("a folder there: %d", a.status)
	}
	bad := map[string]string{"id": "../x", "title": "", "published": "soon"}
	a = do(t, d, ts, "POST", "/_s55/api/responses", bad, nil)
	if a.status != 422 {
		t.Fatalf("bad fields: %d", a.status)
	}
	fields := map[string]bool{}
	for _, p := range a.json(t)["problems"].([]any) {
		fields[p.(map[string]any)["field"].(string)] = true
	}
	if !fields["id"] || !fields["title"] || !fields["published"] {
		t.Errorf("problems not by the API's fields: %s", a.body)
	}
	if a := do(t, d, ts, "POST", "/_s55/api/responses", `{"id":"a","id":"b"}`, nil); a.status != 400 {
		t.Errorf("a key twice: %d", a.status)
	}
	if a := do(t, d, ts, "POST", "/_s55/api/responses", map[string]string{"folder": "x"}, nil); a.status != 400 {
		t.Errorf("an unknown field: %d", a.status)
	}
	if a := do(t, d, ts, "POST", "/_s55/api/responses", body, map[string]string{"Content-Type": "text/plain"}); a.status != 415 {
		t.Errorf("not JSON: %d", a.status)
	}
	list := do(t, d, ts, "GET", "/_s55/api/office", nil, nil)
	if !strings.Contains(string(list.body), `"id": "2021-07-20-peel"`) {
		t.Errorf("the office does not list the new response: %s", list.body)
	}
}

// version reads the response's versions.
func version(t *testing.T, d *Desk, ts *httptest.Server, id string) (string, string) {
	t.Helper()
	a := do(t, d, ts, "GET", "/_s55/api/responses/"+id, nil, nil)
	if a.status != 200 {
		t.Fatalf("GET %s: %d %s", id, a.status, a.body)
	}
	m := a.json(t)
	return m["version"].(string), m["letter_version"].(string)
}

func TestResponseFields(t *testing.T) {
	d, ts := server(t, office(t))
	a := do(t, d, ts, "GET", "/_s55/api/responses/"+reference, nil, nil)
	m := a.json(t)
	vals := m["values"].(map[string]any)
	if vals["letter_date"] != "2021-09-13" || vals["report.published"] != "2021-07-16" || !strings.HasPrefix(vals["letter"].(string), "Under Section 55") {
		t.Fatalf("values: %v", vals)
	}
	if m["answered"] != float64(13) || m["total"] != float64(13) {
		t.Errorf("progress %v of %v", m["answered"], m["total"])
	}
	file := filepath.Join(d.dir, reference, "response.yaml")
	before, _ := os.ReadFile(file)
	v, lv := version(t, d, ts, reference)
	put := map[string]string{"letter_date": "2021-09-08", "letter": "A new letter.\n"}
	a = do(t, d, ts, "PUT", "/_s55/api/responses/"+reference, put, map[string]string{"If-Match": `"` + v + `", "` + lv + `"`})
	if a.status != 200 {
		t.Fatalf("PUT: %d %s", a.status, a.body)
	}
	after, _ := os.ReadFile(file)
	if got := strings.Replace(string(after), `date: "2021-09-08"`, "date: 2021-09-13", 1); got != string(before) {
		t.Errorf("more than the date changed:\n%s", after)
	}
	if letter, _ := os.ReadFile(filepath.Join(d.dir, reference, "letter.md")); string(letter) != "A new letter.\n" {
		t.Errorf("letter.md: %q", letter)
	}
	stale := do(t, d, ts, "PUT", "/_s55/api/responses/"+reference, map[string]string{"report.url": "https://example.org/"}, map[string]string{"If-Match": `"` + v + `"`})
	if stale.status != 409 {
		t.Errorf("a stale version: %d", stale.status)
	}
	if a := do(t, d, ts, "PUT", "/_s55/api/responses/"+reference, map[string]string{"report.url": "https://example.org/"}, map[string]string{"If-Match": `W/"` + v + `"`}); a.status != 412 {
		t.Errorf("a weak version: %d", a.status)
	}
	if a := do(t, d, ts, "PUT", "/_s55/api/responses/"+reference, map[string]string{"report.url": "https://example.org/"}, nil); a.status != 428 {
		t.Errorf("no version: %d", a.status)
	}
	v, _ = version(t, d, ts, reference)
	a = do(t, d, ts, "PUT", "/_s55/api/responses/"+reference, map[string]string{"report.published": "2021-02-30"}, map[string]string{"If-Match": `"` + v + `"`})
	if a.status != 422 || !strings.Contains(string(a.body), `"field": "report.published"`) {
		t.Errorf("a day that is none: %d %s", a.status, a.body)
	}
	a = do(t, d, ts, "PUT", "/_s55/api/responses/"+reference+"/items/rec-3", map[string]string{"response": "See [this](javascript:alert(1))."}, map[string]string{"If-Match": `"` + v + `"`})
	if a.status != 422 || !strings.Contains(string(a.body), `"label": "Recommendation 3, the force's response"`) {
		t.Errorf("a refused answer is not named by its label: %d %s", a.status, a.body)
	}
	if a := do(t, d, ts, "PUT", "/_s55/api/responses/"+reference+"/items/rec-3", strings.Repeat(" ", 2<<20), map[string]string{"If-Match": `"` + v + `"`}); a.status != 413 {
		t.Errorf("a body over 1 MiB: %d", a.status)
	}
	if a := do(t, d, ts, "GET", "/_s55/api/responses/none-such", nil, nil); a.status != 404 {
		t.Errorf("no such response: %d", a.status)
	}
	if a := do(t, d, ts, "GET", "/_s55/api/responses/"+reference+"/items/rec-99", nil, nil); a.status != 404 {
		t.Errorf("no such item: %d", a.status)
	}
	if a := do(t, d, ts, "DELETE", "/_s55/api/responses/"+reference, nil, nil); a.status != 405 {
		t.Errorf("DELETE: %d", a.status)
	}
	page := do(t, d, ts, "GET", "/responses/"+reference, nil, nil)
	for _, want := range []string{`type="date"`, "13 of 13 items answered", `<select id="f-rec-3-position"`, `id="f-rec-3-addressees" data-field="addressees" data-label="Recommendation 3, the addressees" rows="3" data-list="lines">police forces` + "\nthe Home Office", "Recommendation 3, the force&#39;s response", "Last day for publication"} {
		if !strings.Contains(string(page.body), want) {
			t.Errorf("the response's page lacks %q", want)
		}
	}
}

// TestTwoWriters: two saves of one version at once; one is made, the other
// is refused with the file's version, and nothing is lost.
func TestTwoWriters(t *testing.T) {
	d, ts := server(t, office(t))
	v, _ := version(t, d, ts, reference)
	var wg sync.WaitGroup
	got := make([]int, 2)
	for i, text := range []string{"First writer.", "Second writer."} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = do(t, d, ts, "PUT", "/_s55/api/responses/"+reference+"/items/rec-3", map[string]string{"response": text}, map[string]string{"If-Match": `"` + v + `"`}).status
		}()
	}
	wg.Wait()
	if !(got[0] == 200 && got[1] == 409 || got[0] == 409 && got[1] == 200) {
		t.Fatalf("statuses %v, want one 200 and one 409", got)
	}
	item := do(t, d, ts, "GET", "/_s55/api/responses/"+reference+"/items/rec-3", nil, nil).json(t)
	if r := item["response"].(string); r != "First writer.\n" && r != "Second writer.\n" {
		t.Errorf("rec-3's response: %q", r)
	}
}

// newPeel starts a response of two recommendations, unanswered, in the
// office of d.
func newPeel(t *testing.T, d *Desk, ts *httptest.Server, id string) {
	t.Helper()
	text := "Recommendations\n\nRecommendation 1\nBy 1 March 2022, forces should do a thing.\n\nRecommendation 2\nForces should do another.\n"
	body := map[string]string{"id": id, "title": "PEEL", "published": "2021-07-20", "date": "2021-08-01", "text": text}
	if a := do(t, d, ts, "POST", "/_s55/api/responses", body, nil); a.status != 201 {
		t.Fatalf("new: %d %s", a.status, a.body)
	}
}

func TestDraftPreviewNeverRefuses(t *testing.T) {
	d, ts := server(t, office(t))
	newPeel(t, d, ts, "peel")
	a := do(t, d, ts, "GET", "/_s55/api/responses/peel/preview", nil, nil)
	if a.status != 200 || a.header.Get("X-S55-Placeholders") != "2" {
		t.Fatalf("preview: %d, %s placeholders", a.status, a.header.Get("X-S55-Placeholders"))
	}
	if n := strings.Count(string(a.body), `<mark class="s55-no-answer">No answer yet</mark>`); n != 2 {
		t.Errorf("%d marked placeholders, want 2", n)
	}
	if !strings.Contains(string(a.body), "forces should do a thing") {
		t.Error("the preview lacks the report's text")
	}
	// Build still refuses it, and nothing of the placeholder is written.
	data, _ := os.ReadFile(filepath.Join(d.dir, "peel", "response.yaml"))
	if strings.Contains(string(data), "No answer yet") {
		t.Error("the placeholder was written into response.yaml")
	}
	if _, n, _ := Draft(filepath.Join(d.dir, reference), d.office); n != 0 {
		t.Errorf("the reference, every item answered, has %d placeholders", n)
	}
	// An office that does not load: a page saying why, still 200.
	os.WriteFile(d.office, []byte("pcc: [\n"), 0o644)
	a = do(t, d, ts, "GET", "/_s55/api/responses/peel/preview", nil, nil)
	if a.status != 200 || !strings.Contains(string(a.body), "cannot be shown yet") {
		t.Errorf("a broken office: %d %s", a.status, a.body)
	}
}

func TestDraftPreviewWelsh(t *testing.T) {
	src := filepath.Join("..", "..", "responses", "heddlu-enghraifft")
	dir := t.TempDir()
	for _, name := range []string{"office.yaml", "signature-placeholder.png"} {
		copyFile(t, filepath.Join(src, name), filepath.Join(dir, name))
	}
	d, ts := server(t, dir)
	newPeel(t, d, ts, "peel")
	a := do(t, d, ts, "GET", "/_s55/api/responses/peel/preview", nil, nil)
	if a.status != 200 || !strings.Contains(string(a.body), `<mark class="s55-no-answer">Dim ateb eto</mark>`) || !strings.Contains(string(a.body), `<mark class="s55-no-answer">No answer yet</mark>`) {
		t.Errorf("the bilingual draft lacks a language's placeholder: %d %.2000s", a.status, a.body)
	}
}

// TestIssueToTracker: issue, the e-mail, record, track, publish and a
// correction, through the API, then the archive verifies.
func TestIssueToTracker(t *testing.T) {
	d, ts := server(t, office(t))
	d.Today = func() time.Time { return day.Of(time.Date(2021, 9, 20, 0, 0, 0, 0, time.UTC)) }
	d.Now = func() time.Time { return time.Date(2021, 9, 13, 12, 0, 0, 0, time.UTC) }
	base := "/_s55/api/responses/" + reference
	if a := do(t, d, ts, "GET", base+"/submission.eml", nil, nil); a.status != 404 {
		t.Errorf("the e-mail before issue: %d", a.status)
	}
	if a := do(t, d, ts, "POST", base+"/record", map[string]string{"sent": "2021-09-13"}, nil); a.status != 404 {
		t.Errorf("record before issue: %d %s", a.status, a.body)
	}
	issueAndMail(t, d, ts, base)
	recordAndTrack(t, d, ts, base)
	publishAndCorrect(t, d, ts, base)
}

// issueAndMail issues the reference and reads its e-mail.
func issueAndMail(t *testing.T, d *Desk, ts *httptest.Server, base string) {
	a := do(t, d, ts, "POST", base+"/issue", map[string]any{}, nil)
	if a.status != 201 || a.json(t)["revision"] != float64(1) {
		t.Fatalf("issue: %d %s", a.status, a.body)
	}
	if w := workOf(t, d, ts); w.Running || w.Label != "issuing step 2 of 2" {
		t.Errorf("the work after issue: %+v", w)
	}
	if a := do(t, d, ts, "POST", base+"/issue", map[string]any{}, nil); a.status != 409 {
		t.Errorf("issued twice: %d", a.status)
	}
	if a := do(t, d, ts, "POST", base+"/issue", map[string]any{"reason": "the same"}, nil); a.status != 409 {
		t.Errorf("a correction of nothing: %d", a.status)
	}
	eml := do(t, d, ts, "GET", base+"/submission.eml", nil, nil)
	if eml.status != 200 || eml.header.Get("Content-Type") != "message/rfc822" || !strings.Contains(string(eml.body), "\nTo: ") {
		t.Errorf("the e-mail: %d %s %.300s", eml.status, eml.header.Get("Content-Type"), eml.body)
	}
}

// recordAndTrack records the days and tracks three items, with refusals.
func recordAndTrack(t *testing.T, d *Desk, ts *httptest.Server, base string) {
	a := do(t, d, ts, "POST", base+"/record", map[string]string{"sent": "2021-09-13", "published": "2021-09-14", "reason": "The PCC was away."}, nil)
	if a.status != 200 || a.json(t)["revision"] != float64(1) {
		t.Errorf("record: %d %s", a.status, a.body)
	}
	if a := do(t, d, ts, "POST", base+"/record", map[string]string{"sent": "2021-13-01"}, nil); a.status != 422 {
		t.Errorf("a month that is none: %d", a.status)
	}
	if a := do(t, d, ts, "POST", base+"/record", map[string]string{"sent": "2021-12-01"}, nil); a.status != 422 {
		t.Errorf("a day to come: %d %s", a.status, a.body)
	}
	for _, item := range []string{"rec-1", "rec-2", "rec-3"} {
		a := do(t, d, ts, "POST", base+"/items/"+item+"/track", map[string]string{"status": "in-progress", "owner": "DCI Smith", "target": "2022-03-31", "note": "Under way."}, nil)
		if a.status != 200 {
			t.Errorf("track %s: %d %s", item, a.status, a.body)
		}
	}
	if a := do(t, d, ts, "POST", base+"/items/rec-99/track", map[string]string{"status": "closed"}, nil); a.status != 404 {
		t.Errorf("track an item that is none: %d %s", a.status, a.body)
	}
	if a := do(t, d, ts, "POST", base+"/items/rec-1/track", map[string]string{"status": "done-ish"}, nil); a.status != 422 {
		t.Errorf("a status that is none: %d %s", a.status, a.body)
	}
	if a := do(t, d, ts, "POST", base+"/items/rec-1/track", map[string]string{"status": "closed", "evidence": "javascript:alert(1)"}, nil); a.status != 422 {
		t.Errorf("evidence that is no address: %d %s", a.status, a.body)
	}
	tr, _ := os.ReadFile(filepath.Join(d.dir, "archive", "tracker.yaml"))
	if strings.Count(string(tr), "owner: DCI Smith") != 3 {
		t.Errorf("tracker.yaml:\n%s", tr)
	}
}

// publishAndCorrect publishes the site, then issues a correction, and the
// archive verifies.
func publishAndCorrect(t *testing.T, d *Desk, ts *httptest.Server, base string) {
	a := do(t, d, ts, "POST", "/_s55/api/publish", map[string]any{}, nil)
	if a.status != 200 {
		t.Fatalf("publish: %d %s", a.status, a.body)
	}
	// The page's <progress> element read how far publish got, and reads
	// it ended: its last stage, whole.
	if w := workOf(t, d, ts); w.Running || w.Doing != "publishing" || w.Total < 1 || w.Done != w.Total || w.Label != "publishing revision 1 of 1" {
		t.Errorf("the work after publish: %+v", w)
	}
	index, err := os.ReadFile(filepath.Join(d.dir, "site", "index.html"))
	if err != nil || !strings.Contains(string(index), "A Joint Thematic Inspection") {
		t.Errorf("the site's index: %v", err)
	}
	// A correction: a changed answer, issued with its reason.
	v, _ := version(t, d, ts, reference)
	if a := do(t, d, ts, "PUT", base+"/items/rec-3", map[string]string{"response": "A corrected answer."}, map[string]string{"If-Match": `"` + v + `"`}); a.status != 200 {
		t.Fatalf("the correction's change: %d %s", a.status, a.body)
	}
	if a := do(t, d, ts, "POST", base+"/issue", map[string]string{"reason": ""}, nil); a.status != 422 {
		t.Errorf("a correction without a reason: %d", a.status)
	}
	a = do(t, d, ts, "POST", base+"/issue", map[string]string{"reason": "Recommendation 3's answer corrected."}, nil)
	if m := a.json(t); a.status != 201 || m["revision"] != float64(2) || m["supersedes"] != float64(1) {
		t.Fatalf("the correction: %d %s", a.status, a.body)
	}
	res, err := archive.Verify(filepath.Join(d.dir, "archive"), issue.Rebuild, archive.VerifyOptions{})
	if err != nil || !res.OK() || len(res.Revisions) != 2 {
		t.Fatalf("verify: %v %+v", err, res)
	}
	list := do(t, d, ts, "GET", "/_s55/api/office", nil, nil)
	if !strings.Contains(string(list.body), `"revision": 2`) {
		t.Errorf("the office does not show revision 2: %s", list.body)
	}
}

// TestOfficeReadsChanges: the office's list, read once, shows a change
// made to a response since, by the desk or by hand.
func TestOfficeReadsChanges(t *testing.T) {
	d, ts := server(t, office(t))
	if a := do(t, d, ts, "GET", "/_s55/api/office", nil, nil); !strings.Contains(string(a.body), `"letter_date": "2021-09-13"`) {
		t.Fatalf("office: %s", a.body)
	}
	v, _ := version(t, d, ts, reference)
	if a := do(t, d, ts, "PUT", "/_s55/api/responses/"+reference, map[string]string{"letter_date": "2021-09-08"}, map[string]string{"If-Match": `"` + v + `"`}); a.status != 200 {
		t.Fatalf("PUT: %d %s", a.status, a.body)
	}
	if a := do(t, d, ts, "GET", "/_s55/api/office", nil, nil); !strings.Contains(string(a.body), `"letter_date": "2021-09-08"`) {
		t.Errorf("the desk's change is not read: %s", a.body)
	}
	file := filepath.Join(d.dir, reference, "response.yaml")
	data, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(data), `date: "2021-09-08"`, "date: 2021-09-07", 1)), 0o644)
	if a := do(t, d, ts, "GET", "/_s55/api/office", nil, nil); !strings.Contains(string(a.body), `"letter_date": "2021-09-07"`) {
		t.Errorf("a change by hand is not read: %s", a.body)
	}
}

// fillWorkbook fills a workbook in as the force would.
func fillWorkbook(t *testing.T, data []byte, sheet string, cells map[string]string) []byte {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for cell, v := range cells {
		if err := x.SetCellStr(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upload sends a workbook.
func upload(t *testing.T, d *Desk, ts *httptest.Server, path string, data []byte) answer {
	t.Helper()
	return do(t, d, ts, "POST", path, string(data), map[string]string{"Content-Type": xlsxType})
}

// TestWorkbooks: the invitation, the answers merged back after a dry run,
// the progress workbook and the updates read from it.
func TestWorkbooks(t *testing.T) {
	d, ts := server(t, office(t))
	d.Today = func() time.Time { return day.Of(time.Date(2021, 9, 20, 0, 0, 0, 0, time.UTC)) }
	d.Now = func() time.Time { return time.Date(2021, 9, 13, 12, 0, 0, 0, time.UTC) }
	base := "/_s55/api/responses/" + reference
	if a := do(t, d, ts, "GET", base+"/invitation.xlsx", nil, nil); a.status != 422 || !strings.Contains(string(a.body), "chief_officer_due") {
		t.Fatalf("an invitation with no due date: %d %s", a.status, a.body)
	}
	v, _ := version(t, d, ts, reference)
	do(t, d, ts, "PUT", base, map[string]string{"chief_officer_due": "2021-08-20"}, map[string]string{"If-Match": `"` + v + `"`})
	inv := do(t, d, ts, "GET", base+"/invitation.xlsx", nil, nil)
	if inv.status != 200 || inv.header.Get("Content-Type") != xlsxType {
		t.Fatalf("the invitation: %d %s", inv.status, inv.body)
	}
	filled := fillWorkbook(t, inv.body, workbook.AnswersSheet, map[string]string{"I2": "An answer from the workbook."})
	file := filepath.Join(d.dir, reference, "response.yaml")
	before, _ := os.ReadFile(file)
	dry := upload(t, d, ts, base+"/merge?dry=1", filled)
	if dry.status != 200 || dry.json(t)["changed"] != float64(1) || dry.json(t)["written"] != false {
		t.Fatalf("the dry run: %d %s", dry.status, dry.body)
	}
	if now, _ := os.ReadFile(file); !bytes.Equal(now, before) {
		t.Fatal("the dry run wrote")
	}
	if a := upload(t, d, ts, base+"/merge", filled); a.status != 200 || a.json(t)["written"] != true {
		t.Fatalf("the merge: %d %s", a.status, a.body)
	}
	if now, _ := os.ReadFile(file); !strings.Contains(string(now), "An answer from the workbook.") {
		t.Error("the merge wrote no answer")
	}
	bad := fillWorkbook(t, inv.body, workbook.AnswersSheet, map[string]string{"J2": "perhaps"})
	if a := upload(t, d, ts, base+"/merge", bad); a.status != 422 || !strings.Contains(string(a.body), `"cell": "Answers!J2"`) {
		t.Errorf("a bad position: %d %s", a.status, a.body)
	}
	if a := do(t, d, ts, "POST", base+"/merge", map[string]string{}, nil); a.status != 415 {
		t.Errorf("JSON for a workbook: %d", a.status)
	}
	if a := do(t, d, ts, "GET", "/_s55/api/progress.xlsx", nil, nil); a.status != 404 {
		t.Errorf("progress before issue: %d", a.status)
	}
	if a := do(t, d, ts, "POST", base+"/issue", map[string]any{}, nil); a.status != 201 {
		t.Fatalf("issue: %d %s", a.status, a.body)
	}
	prog := do(t, d, ts, "GET", "/_s55/api/progress.xlsx", nil, nil)
	if prog.status != 200 {
		t.Fatalf("progress: %d %s", prog.status, prog.body)
	}
	done := fillWorkbook(t, prog.body, workbook.ProgressSheet, map[string]string{"I2": "Reported complete"})
	a := upload(t, d, ts, "/_s55/api/track-from", done)
	if a.status != 200 || !strings.Contains(string(a.body), `"status": "reported-complete"`) {
		t.Fatalf("track from: %d %s", a.status, a.body)
	}
}

// TestClockOfAResponseThatDoesNotLoad: in an office whose profile is still
// to fill, a response's page shows its last day all the same.
func TestClockOfAResponseThatDoesNotLoad(t *testing.T) {
	dir := t.TempDir()
	data, err := scaffold.NewOffice(scaffold.OfficeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "office.yaml"), data, 0o644)
	d, ts := server(t, dir)
	newPeel(t, d, ts, "peel")
	page := do(t, d, ts, "GET", "/responses/peel", nil, nil)
	if !strings.Contains(string(page.body), "Last day for publication: <strong>2021-09-13</strong>, <span>43 days left</span>") {
		t.Errorf("the page lacks the clock: %s", page.body)
	}
	list := do(t, d, ts, "GET", "/", nil, nil)
	if !strings.Contains(string(list.body), "It cannot be read yet. Put this right first: the PCC&#39;s name is missing: write the name as printed under the signature, such as &#34;Darryl Preston&#34; (office.yaml:") {
		t.Error("the desk does not say the response does not load")
	}
}

// workOf reads GET /_s55/api/work.
func workOf(t *testing.T, d *Desk, ts *httptest.Server) workJSON {
	t.Helper()
	a := do(t, d, ts, "GET", "/_s55/api/work", nil, nil)
	var w workJSON
	if err := json.Unmarshal(a.body, &w); a.status != 200 || err != nil || a.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET /_s55/api/work: %d %v %s", a.status, err, a.body)
	}
	return w
}

// TestWork: while a piece of work runs, the page reads it running, with
// the count its stages last told, worded as the page shows it; once it
// ends, not running, with its last count; before any, nothing. Two
// pieces at once: it runs until both have ended.
func TestWork(t *testing.T) {
	d, ts := server(t, office(t))
	if w := workOf(t, d, ts); w.Running || w.Label != "" || w.Total != 0 {
		t.Errorf("before any work: %+v", w)
	}
	report, end := d.work.begin()
	if w := workOf(t, d, ts); !w.Running || w.Label != "" {
		t.Errorf("begun, nothing told: %+v", w)
	}
	report(progress.Count{Doing: "publishing", Unit: "revision", Done: 1200, Total: 13000})
	if w := workOf(t, d, ts); !w.Running || w.Done != 1200 || w.Total != 13000 || w.Label != "publishing revision 1,200 of 13,000" {
		t.Errorf("running: %+v", w)
	}
	end()
	if w := workOf(t, d, ts); w.Running || w.Done != 1200 {
		t.Errorf("ended: %+v", w)
	}
	_, endA := d.work.begin()
	reportB, endB := d.work.begin()
	reportB(progress.Count{Doing: "issuing", Unit: "step", Done: 1, Total: 2})
	endA()
	endA() // ending twice is ending once
	if w := workOf(t, d, ts); !w.Running || w.Label != "issuing step 1 of 2" {
		t.Errorf("one of two ended: %+v", w)
	}
	endB()
	if w := workOf(t, d, ts); w.Running {
		t.Errorf("both ended: %+v", w)
	}
}
