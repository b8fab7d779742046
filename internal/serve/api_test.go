package serve_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/serve"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// items is the answer of GET /_s55/api/items, as far as the tests read it.
type items struct {
	Token   string `json:"token"`
	Version string `json:"version"`
	Items   []struct {
		ID       string          `json:"id"`
		Kind     string          `json:"kind"`
		Number   int             `json:"number"`
		Response json.RawMessage `json:"response"`
		Text     json.RawMessage `json:"text"`
		Comment  json.RawMessage `json:"comment"`
		Status   json.RawMessage `json:"status"`
		Version  string          `json:"version"`
		Problems []problem       `json:"problems"`
	} `json:"items"`
	Appendices []struct {
		ID           string          `json:"id"`
		Introduction json.RawMessage `json:"introduction"`
	} `json:"appendices"`
	Letter *struct {
		File     perLang   `json:"file"`
		Body     perLang   `json:"body"`
		Version  perLang   `json:"version"`
		Problems []problem `json:"problems"`
	} `json:"letter"`
	Languages []string `json:"languages"`
}

// perLang is a value the API gives as a string (One) or, for a letter in
// a file for each language, as an object keyed by language tag (By).
type perLang struct {
	One string
	By  map[string]string
}

func (v *perLang) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '"' {
		return json.Unmarshal(data, &v.One)
	}
	return json.Unmarshal(data, &v.By)
}

// problem is a problem as the API gives it.
type problem struct {
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Path     string `json:"path"`
	Item     string `json:"item"`
	Field    string `json:"field"`
	Lang     string `json:"lang"`
	At       *struct {
		Line int `json:"line"`
		Col  int `json:"col"`
	} `json:"at"`
	Message  string `json:"message"`
	Blocking bool   `json:"blocking"`
}

// answer is an answer of the API other than GET items.
type answer struct {
	Error     string                     `json:"error"`
	Version   perLang                    `json:"version"`
	Previous  perLang                    `json:"previous"`
	Current   map[string]json.RawMessage `json:"current"`
	Values    map[string]json.RawMessage `json:"values"`
	Problems  []problem                  `json:"problems"`
	Elsewhere []problem                  `json:"elsewhere"`
	HTML      string                     `json:"html"`
}

func (p *preview) items(t testing.TB) items {
	t.Helper()
	status, body := p.get(t, "/_s55/api/items")
	if status != http.StatusOK {
		t.Fatalf("GET /_s55/api/items = %d: %s", status, body)
	}
	var it items
	if err := json.Unmarshal([]byte(body), &it); err != nil {
		t.Fatalf("GET /_s55/api/items: %v\n%s", err, body)
	}
	return it
}

// call sends a request to the API and decodes the answer.
func (p *preview) call(t testing.TB, method, path string, body any, header map[string]string) (int, answer) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, p.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var a answer
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatalf("%s %s = %d, not JSON: %v\n%s", method, path, resp.StatusCode, err, data)
	}
	return resp.StatusCode, a
}

// put sends a change with the token and the version.
func (p *preview) put(t testing.TB, path, version string, body any) (int, answer) {
	t.Helper()
	return p.call(t, http.MethodPut, path, body, map[string]string{"X-S55-Token": p.items(t).Token, "If-Match": `"` + version + `"`})
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestAPIStatuses sends the API every kind of request it must refuse, and
// one it must take, and checks the status of each, that a refusal leaves
// response.yaml as it was, and that the taken one changes exactly what it
// asked.
func TestAPIStatuses(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	file := filepath.Join(dir, "response.yaml")
	original := readFile(t, file)
	it := p.items(t)
	if len(it.Token) < 20 || it.Version == "" || len(it.Items) != 13 || it.Items[2].ID != "rec-3" || it.Items[2].Number != 3 {
		t.Fatalf("GET /_s55/api/items: token %q, version %q, %d items", it.Token, it.Version, len(it.Items))
	}
	good := map[string]string{"X-S55-Token": it.Token, "If-Match": `"` + it.Version + `"`}
	with := func(k, v string) map[string]string {
		h := map[string]string{}
		for a, b := range good {
			h[a] = b
		}
		h[k] = v
		return h
	}
	change := map[string]string{"status": "complete"}
	for _, tc := range []struct {
		name, method, path string
		body               any
		header             map[string]string
		want               int
		says               string
	}{
		{"no token", "PUT", "/_s55/api/items/rec-3", change, with("X-S55-Token", ""), 403, "no X-S55-Token"},
		{"a wrong token", "PUT", "/_s55/api/items/rec-3", change, with("X-S55-Token", it.Token+"x"), 403, "wrong X-S55-Token"},
		{"a foreign Origin", "PUT", "/_s55/api/items/rec-3", change, with("Origin", "http://attacker.example"), 403, "another origin"},
		{"an Origin of another port", "PUT", "/_s55/api/items/rec-3", change, with("Origin", "http://127.0.0.1:1"), 403, "another origin"},
		{"a cross-site fetch", "PUT", "/_s55/api/items/rec-3", change, with("Sec-Fetch-Site", "cross-site"), 403, "another site"},
		{"a foreign Origin reading", "GET", "/_s55/api/items", nil, with("Origin", "http://attacker.example"), 403, "another origin"},
		{"an unknown item", "PUT", "/_s55/api/items/rec-99", change, good, 404, "holds no item"},
		{"an ID of no shape", "PUT", "/_s55/api/items/..%2fx", change, good, 404, "not an ID"},
		{"an unknown appendix", "PUT", "/_s55/api/appendices/appendix-2", map[string]string{"introduction": "x"}, good, 404, "holds no appendix"},
		{"a stale version", "PUT", "/_s55/api/items/rec-3", change, with("If-Match", `"0123"`), 409, "the file has changed"},
		{"no version", "PUT", "/_s55/api/items/rec-3", change, with("If-Match", ""), 428, "no If-Match"},
		{"not JSON", "PUT", "/_s55/api/items/rec-3", "{status: complete}", good, 400, "not a JSON object"},
		{"two JSON values", "PUT", "/_s55/api/items/rec-3", `{"status": "complete"} {}`, good, 400, "more than one"},
		{"an unknown field", "PUT", "/_s55/api/items/rec-3", map[string]string{"statsu": "complete"}, good, 400, `unknown field "statsu"`},
		{"a number for a text", "PUT", "/_s55/api/items/rec-3", map[string]int{"response": 3}, good, 400, "must be a text"},
		{"a list for a text", "PUT", "/_s55/api/items/rec-3", map[string][]string{"response": {"a"}}, good, 400, "must be a text"},
		{"a text for a list", "PUT", "/_s55/api/items/rec-3", map[string]string{"addressees": "a"}, good, 400, "must be a list"},
		{"nothing to change", "PUT", "/_s55/api/items/rec-3", map[string]string{}, good, 400, "nothing to change"},
		{"too large", "PUT", "/_s55/api/items/rec-3", map[string]string{"response": strings.Repeat("x", 2<<20)}, good, 413, "larger than"},
		{"not JSON's type", "PUT", "/_s55/api/items/rec-3", change, with("Content-Type", "text/plain"), 415, "send JSON"},
		{"a form's type", "PUT", "/_s55/api/items/rec-3", "status=complete", with("Content-Type", "application/x-www-form-urlencoded"), 415, "send JSON"},
		{"a GET of a PUT", "GET", "/_s55/api/items/rec-3", nil, good, 405, "takes PUT"},
		{"a PUT of a GET", "PUT", "/_s55/api/items", change, good, 405, "takes GET"},
		{"an unknown path", "GET", "/_s55/api/nothing", nil, good, 404, "no such API path"},
		{"raw HTML", "PUT", "/_s55/api/items/rec-3", map[string]string{"response": "Our <b>response</b>."}, good, 422, "not saved"},
		{"a status s55 does not know", "PUT", "/_s55/api/items/rec-3", map[string]string{"status": "done"}, good, 422, "not saved"},
	} {
		status, a := p.call(t, tc.method, tc.path, tc.body, tc.header)
		if status != tc.want || !strings.Contains(a.Error, tc.says) {
			t.Errorf("%s: %s %s = %d %q, want %d saying %q", tc.name, tc.method, tc.path, status, a.Error, tc.want, tc.says)
		}
		if got := readFile(t, file); got != original {
			t.Fatalf("%s: response.yaml changed", tc.name)
		}
	}

	// Taken: exactly the two values change.
	status, a := p.call(t, "PUT", "/_s55/api/items/rec-3", map[string]string{"status": "complete", "comment": "The PCC will follow this."}, good)
	if status != http.StatusOK || a.Previous.One != it.Version || a.Version.One == it.Version || string(a.Values["status"]) != `"complete"` {
		t.Fatalf("PUT rec-3 = %d %+v", status, a)
	}
	rec3 := "the data gathered can help target necessary remedial action and improve victim care.\n"
	want := strings.Replace(original, "        status: in-progress\n      - kind: recommendation\n        number: 4\n",
		"        status: complete\n        comment: |\n          The PCC will follow this.\n      - kind: recommendation\n        number: 4\n", 1)
	if got := readFile(t, file); got != want || !strings.Contains(original, rec3) {
		t.Fatalf("response.yaml after the save:\n%s", diffLines(want, got))
	}
	if v := p.items(t).Version; v != a.Version.One {
		t.Errorf("GET gives version %s after the save, the save %s", v, a.Version.One)
	}
	// The published pages show it at once: the save published them.
	if _, page := p.get(t, "/appendix-1.html"); !strings.Contains(page, "The PCC will follow this.") {
		t.Error("the appendix does not show the saved comment")
	}
}

// diffLines shows the first line where two texts differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\nwant " + a + "\n got " + b
		}
	}
	return "(the same)"
}

// commented is the reference's recommendation 1 with drafting notes in
// every place a comment can stand around and inside an item.
const commentedItem = `      # Drafting: agreed with the force on 1 September.
      - kind: recommendation   # the first of thirteen
        number: 1
        deadline: Immediately  # as the report says
        addressees: [police forces] # only forces
        text: |
          Immediately, police forces should ensure information on the protected characteristics of rape victims is accurately and consistently recorded.

        # Drafting: the response below is the force's, unedited.
        response: |   # force draft 3
          The Constabulary is committed to improving outcomes.

          A second paragraph, after a blank line.
        # Drafting: status agreed.
        status: in-progress # to confirm
        # A foot comment of the item.
`

// TestSaveKeepsCommentsByteForByte saves every field of an item that is
// full of comments, through the API, and requires the file to be the old
// one with exactly those values replaced: every comment, blank line and
// quote as it was, in CRLF too.
func TestSaveKeepsCommentsByteForByte(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		dir := copyReference(t)
		p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
		file := filepath.Join(dir, "response.yaml")
		data := readFile(t, file)
		first := data[strings.Index(data, "      - kind: recommendation\n        number: 1\n"):strings.Index(data, "      - kind: recommendation\n        number: 2\n")]
		data = strings.Replace(data, first, commentedItem, 1)
		data = strings.ReplaceAll(data, "\n", eol)
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		p.Rebuild()
		it := p.items(t)
		status, a := p.put(t, "/_s55/api/items/rec-1", it.Version, map[string]any{
			"response":   "The Constabulary is committed to better outcomes.\r\n\r\nA second paragraph, rewritten.\r\n",
			"status":     "complete",
			"deadline":   "Within three months",
			"addressees": []string{"police forces", "the Home Office"},
			"comment":    "The PCC welcomes this.",
		})
		if status != http.StatusOK {
			t.Fatalf("%q: PUT = %d %+v", eol, status, a)
		}
		want := strings.NewReplacer(
			"deadline: Immediately  #", "deadline: Within three months  #",
			"[police forces] # only", "[police forces, the Home Office] # only",
			"The Constabulary is committed to improving outcomes.", "The Constabulary is committed to better outcomes.",
			"A second paragraph, after a blank line.", "A second paragraph, rewritten.",
			"status: in-progress # to confirm", "status: complete # to confirm"+eol+"        comment: |"+eol+"          The PCC welcomes this.",
		).Replace(data)
		if got := readFile(t, file); got != want {
			t.Errorf("%q: response.yaml after the save is not the old file with the values replaced:\n%s", eol, diffLines(want, got))
		}
	}
}

// TestSaveConflict changes the file behind the API's back: a save made
// with the version read before is refused with the file's version and
// text, changes nothing, and a save with that version then goes through,
// keeping the other change.
func TestSaveConflict(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	file := filepath.Join(dir, "response.yaml")
	it := p.items(t)
	edit(t, file, "The Constabulary aims to increase", "Someone else wrote: the Constabulary aims to increase")
	edit(t, file, "deadline: Immediately\n        addressees: [police forces]\n", "deadline: At once\n        addressees: [police forces]\n")
	behind := readFile(t, file)

	status, a := p.put(t, "/_s55/api/items/rec-3", it.Version, map[string]string{"response": "My response.\n"})
	if status != http.StatusConflict || a.Version.One == it.Version || !strings.Contains(string(a.Current["response"]), "Someone else wrote") {
		t.Fatalf("PUT with the old version = %d %+v, want 409 with the file's version and text", status, a)
	}
	if readFile(t, file) != behind {
		t.Fatal("a refused save changed the file")
	}
	status, b := p.put(t, "/_s55/api/items/rec-3", a.Version.One, map[string]string{"response": "My response.\n"})
	if status != http.StatusOK {
		t.Fatalf("PUT with the file's version = %d %+v", status, b)
	}
	got := readFile(t, file)
	if !strings.Contains(got, "          My response.\n") || strings.Contains(got, "Someone else wrote") || !strings.Contains(got, "deadline: At once") {
		t.Errorf("after the second save:\n%s", got)
	}
}

// TestRefusedSave: a save that check would fail is answered 422 with each
// problem positioned in the file and in the field's own text, and nothing
// is written, not even a temporary file.
func TestRefusedSave(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	file := filepath.Join(dir, "response.yaml")
	before := readFile(t, file)
	it := p.items(t)
	checkLinkRefused(t, p, it.Version, dir, before)
	// A save that brings a check error elsewhere in the item is refused
	// too: recommendation 1 is addressed to the force, so emptying its
	// response leaves it without one.
	status, a := p.put(t, "/_s55/api/items/rec-1", it.Version, map[string]string{"response": ""})
	if status != http.StatusUnprocessableEntity || len(a.Problems) == 0 || !strings.Contains(a.Problems[0].Message, "has no force response") {
		t.Fatalf("emptying a needed response: %d %+v", status, a)
	}
	checkCharactersRefused(t, p, it.Version, dir, before)
	// The letter: raw HTML is refused at its line and column.
	status, a = p.put(t, "/_s55/api/letter", p.items(t).Letter.Version.One, map[string]string{"body": "Dear all,\n\nA <i>new</i> letter.\n"})
	if status != http.StatusUnprocessableEntity || len(a.Problems) == 0 || a.Problems[0].Item != "letter" || a.Problems[0].Line != 3 || a.Problems[0].Col != 3 {
		t.Fatalf("raw HTML in the letter: %d %+v", status, a)
	}
}

// checkLinkRefused: a javascript: link in an item's response is refused,
// placed in the file and in the field, and nothing is written.
func checkLinkRefused(t *testing.T, p *preview, ver, dir, before string) {
	t.Helper()
	file := filepath.Join(dir, "response.yaml")
	status, a := p.put(t, "/_s55/api/items/rec-3", ver, map[string]string{
		"response": "A first line.\nSee [the plan](javascript:alert(1)) and <b>this</b>.\n",
	})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("PUT = %d %+v, want 422", status, a)
	}
	var link *problem
	for i, pr := range a.Problems {
		if strings.Contains(pr.Message, `"javascript:"`) {
			link = &a.Problems[i]
		}
	}
	if link == nil || !link.Blocking || link.Item != "rec-3" || link.Field != "response" || link.Path != "appendices[0].items[2].response" ||
		link.File != file || link.Line != 45 || link.Col != 15 || link.At == nil || link.At.Line != 2 || link.At.Col != 5 {
		t.Fatalf("the link's problem is not placed: %+v", a.Problems)
	}
	if readFile(t, file) != before {
		t.Fatal("a refused save changed response.yaml")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("a refused save left %s", e.Name())
		}
	}
}

// checkCharactersRefused: characters no document may hold, typed or sent,
// are refused at their place, response.yaml and letter.md as they were.
func checkCharactersRefused(t *testing.T, p *preview, ver, dir, before string) {
	t.Helper()
	file := filepath.Join(dir, "response.yaml")
	letter := readFile(t, filepath.Join(dir, "letter.md"))
	for _, text := range []string{"A bell \x07 rings.", "A NUL \x00.", "Emoji 😀.", "A line\u2028separator.", "An invisible \u200e mark.", "Private \ue000 use."} {
		status, a := p.put(t, "/_s55/api/items/rec-3", ver, map[string]string{"response": text})
		if status != http.StatusUnprocessableEntity || len(a.Problems) == 0 || a.Problems[0].Field != "response" || a.Problems[0].Line == 0 {
			t.Errorf("response %q = %d %+v", text, status, a)
		}
		status, a = p.put(t, "/_s55/api/letter", p.items(t).Letter.Version.One, map[string]string{"body": "Dear all,\n\n" + text + "\n"})
		if status != http.StatusUnprocessableEntity || len(a.Problems) == 0 || a.Problems[0].Item != "letter" {
			t.Errorf("letter %q = %d %+v", text, status, a)
		}
	}
	if readFile(t, file) != before || readFile(t, filepath.Join(dir, "letter.md")) != letter {
		t.Fatal("a refused save changed a file")
	}
}

// TestSaveOnNewResponse: in a response whose recommendations have no
// response yet (as s55 new makes it, which check fails), writing one is
// taken: the errors that were there before and that the save does not
// touch refuse nothing.
func TestSaveOnNewResponse(t *testing.T) {
	dir := copyReference(t)
	file := filepath.Join(dir, "response.yaml")
	data := readFile(t, file)
	// Every response gone but those of recommendations 8 to 13.
	var b strings.Builder
	skip := false
	for line := range strings.SplitAfterSeq(data, "\n") {
		switch {
		case strings.HasPrefix(line, "        response: |"):
			skip = true
			continue
		case skip && strings.HasPrefix(line, "          "):
			continue
		}
		skip = false
		b.WriteString(line)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	it := p.items(t)
	if len(it.Items[0].Problems) == 0 || !strings.Contains(it.Items[0].Problems[0].Message, "has no force response") || it.Items[0].Problems[0].Field == "" {
		t.Fatalf("recommendation 1's problem is not listed with it: %+v", it.Items[0].Problems)
	}
	status, a := p.put(t, "/_s55/api/items/rec-2", it.Version, map[string]string{"response": "The force works with the support services.\n"})
	if status != http.StatusOK {
		t.Fatalf("writing the first response of a new response = %d %+v", status, a)
	}
	got := readFile(t, file)
	if !strings.Contains(got, "        status: in-progress\n        response: |\n          The force works with the support services.\n      - kind: recommendation\n        number: 3\n") {
		t.Errorf("the response was not added after the item's last key:\n%s", got)
	}
}

// TestSaveLoadsOnce proves that a save loads the response once: the load
// it checks is the one it publishes, and the watcher's event for its own
// write loads nothing again. It counts loads; it does not time them.
func TestSaveLoadsOnce(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Debounce: 10 * time.Millisecond})
	if n := p.Loads(); n != 1 {
		t.Fatalf("%d loads after the start, want 1", n)
	}
	for i := 1; i <= 3; i++ {
		skipped := p.Unchanged()
		loads := p.Loads()
		text := "Saved response number " + string(rune('0'+i)) + ".\n"
		status, a := p.put(t, "/_s55/api/items/rec-5", p.items(t).Version, map[string]string{"response": text})
		if status != http.StatusOK {
			t.Fatalf("save %d = %d %+v", i, status, a)
		}
		if _, page := p.get(t, "/response.html"); !strings.Contains(page, strings.TrimSpace(text)) {
			t.Fatalf("save %d: the published response does not show it when the save answers", i)
		}
		// Wait for the watcher to have seen the write: it finds the
		// files as the save's load read them.
		deadline := time.Now().Add(patience)
		for p.Unchanged() == skipped {
			if time.Now().After(deadline) {
				t.Fatalf("save %d: the watcher never looked at the write", i)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if n := p.Loads() - loads; n != 1 {
			t.Errorf("save %d loaded the response %d times, want 1", i, n)
		}
	}
	// A change from elsewhere is still rebuilt, with one load.
	loads := p.Loads()
	edit(t, filepath.Join(dir, "letter.md"), letterPhrase, "I truly welcome")
	p.waitState(t, func(state) bool { return p.Loads() > loads })
	for _, deadline := 0, time.Now().Add(patience); ; {
		if _, page := p.get(t, "/letter.html"); strings.Contains(page, "I truly welcome") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("an edit made in a text editor is not rebuilt")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSaveLetterAndIntroduction saves the letter's body (written as text,
// in the file response.yaml names) and an appendix's introduction.
func TestSaveLetterAndIntroduction(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	it := p.items(t)
	if it.Letter == nil || filepath.Base(it.Letter.File.One) != "letter.md" || !strings.Contains(it.Letter.Body.One, "Both the Chief Constable") {
		t.Fatalf("GET gives the letter %+v", it.Letter)
	}
	body := "Dear Home Secretary,\r\n\r\nA shorter letter.\r\n"
	status, a := p.put(t, "/_s55/api/letter", it.Letter.Version.One, map[string]string{"body": body})
	if status != http.StatusOK {
		t.Fatalf("PUT letter = %d %+v", status, a)
	}
	if got := readFile(t, filepath.Join(dir, "letter.md")); got != "Dear Home Secretary,\n\nA shorter letter.\n" {
		t.Errorf("letter.md = %q", got)
	}
	// The letter's version is its own: response.yaml's is unchanged.
	if p.items(t).Version != it.Version {
		t.Error("saving the letter changed response.yaml's version")
	}
	if status, a := p.put(t, "/_s55/api/letter", it.Letter.Version.One, map[string]string{"body": "x"}); status != http.StatusConflict {
		t.Errorf("PUT letter with its old version = %d %+v", status, a)
	}
	status, a = p.put(t, "/_s55/api/appendices/appendix-1", it.Version, map[string]string{"introduction": "HMICFRS have set out 13 recommendations:"})
	if status != http.StatusOK {
		t.Fatalf("PUT appendix-1 = %d %+v", status, a)
	}
	if got := readFile(t, filepath.Join(dir, "response.yaml")); !strings.Contains(got, "    introduction: |\n      HMICFRS have set out 13 recommendations:\n    items:\n") {
		t.Errorf("the introduction was not written in place:\n%s", got)
	}
	// A stated count that no longer matches is check's error: refused.
	status, a = p.put(t, "/_s55/api/appendices/appendix-1", p.items(t).Version, map[string]string{"introduction": "HMICFRS have set out 12 recommendations."})
	if status != http.StatusUnprocessableEntity || len(a.Problems) == 0 || a.Problems[0].Field != "introduction" {
		t.Errorf("a wrong count = %d %+v", status, a)
	}
}

// TestPreview renders a change as it will print, through the documents'
// own pipeline, and writes nothing.
func TestPreview(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	file := filepath.Join(dir, "response.yaml")
	before := readFile(t, file)
	tok := map[string]string{"X-S55-Token": p.items(t).Token}
	status, a := p.call(t, "POST", "/_s55/api/preview/items/rec-3", map[string]string{"response": "A **bold** answer & more.\n"}, tok)
	if status != http.StatusOK || !strings.Contains(a.HTML, "<strong>bold</strong> answer &amp; more.") ||
		!strings.Contains(a.HTML, "Force response:") || !strings.Contains(a.HTML, `<html lang="en-GB">`) || strings.Contains(a.HTML, "Recommendation 4:") {
		t.Fatalf("preview = %d %+v", status, a)
	}
	status, a = p.call(t, "POST", "/_s55/api/preview/items/rec-3", map[string]string{"response": "<script>alert(1)</script>\n"}, tok)
	if status != http.StatusOK || strings.Contains(a.HTML, "<script>alert") || len(a.Problems) == 0 || a.Problems[0].Field != "response" {
		t.Fatalf("preview of raw HTML = %d %+v", status, a)
	}
	status, a = p.call(t, "POST", "/_s55/api/preview/letter", map[string]string{"body": "A letter of *one* line.\n"}, tok)
	if status != http.StatusOK || !strings.Contains(a.HTML, "A letter of <em>one</em> line.") {
		t.Fatalf("preview of the letter = %d %+v", status, a)
	}
	if status, _ := p.call(t, "POST", "/_s55/api/preview/items/rec-3", map[string]string{"response": "x"}, nil); status != http.StatusForbidden {
		t.Errorf("preview without the token = %d", status)
	}
	if readFile(t, file) != before {
		t.Fatal("a preview changed response.yaml")
	}
}

// TestNewResponse makes a response from the browser's API: beside the one
// served, with what s55 new finds in the report's text, never over a
// folder, and only under a name that can name a response.
func TestNewResponse(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	tok := map[string]string{"X-S55-Token": p.items(t).Token}
	req := map[string]string{
		"folder": "2024-02-01-peel", "report": "PEEL 2023–25: Exampleshire", "published": "2024-01-15", "date": "2024-02-01",
		"text": "Recommendation 1\nBy 31 March 2024, forces should review their call handling.\n\nRecommendation 2\nForces should train their staff.\n",
	}
	status, a := p.call(t, "POST", "/_s55/api/new", req, tok)
	if status != http.StatusCreated {
		t.Fatalf("POST new = %d %+v", status, a)
	}
	made := filepath.Join(filepath.Dir(dir), "2024-02-01-peel")
	var r response.Response
	if _, diags := strictyaml.Decode("response.yaml", []byte(readFile(t, filepath.Join(made, "response.yaml"))), &r); diags.Errors() > 0 ||
		len(r.Appendices) != 1 || len(r.Appendices[0].Items) != 2 || r.Appendices[0].Items[0].Deadline.String() != "By 31 March 2024" || r.Report.Title.String() != req["report"] {
		t.Fatalf("the new response.yaml: %+v", r)
	}
	if !strings.Contains(readFile(t, filepath.Join(made, "letter.md")), "PEEL 2023–25: Exampleshire") {
		t.Error("the new letter does not name the report")
	}
	status, a = p.call(t, "POST", "/_s55/api/new", req, tok)
	if status != http.StatusConflict || len(a.Problems) == 0 || a.Problems[0].Field != "folder" {
		t.Errorf("POST new over a folder = %d %+v", status, a)
	}
	for _, name := range []string{"../escape", "a/b", ".hidden", "", "-x", "x y"} {
		bad := map[string]string{"folder": name, "report": "R", "published": "2024-01-15"}
		if status, a := p.call(t, "POST", "/_s55/api/new", bad, tok); status != http.StatusUnprocessableEntity || a.Problems[0].Field != "folder" {
			t.Errorf("folder %q = %d %+v", name, status, a)
		}
	}
	if status, a := p.call(t, "POST", "/_s55/api/new", map[string]string{"folder": "x", "report": "R", "published": "2024-02-31"}, tok); status != http.StatusUnprocessableEntity || a.Problems[0].Field != "published" {
		t.Errorf("an impossible date = %d %+v", status, a)
	}
	if status, _ := p.call(t, "POST", "/_s55/api/new", map[string]string{"folder": "x", "report": "R", "published": "2024-01-15", "extra": "y"}, tok); status != http.StatusBadRequest {
		t.Errorf("an unknown field = %d", status)
	}
	if status, _ := p.call(t, "POST", "/_s55/api/new", req, nil); status != http.StatusForbidden {
		t.Errorf("POST new without the token = %d", status)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "escape")); err == nil {
		t.Error("a folder was made outside the responses folder")
	}
}

// TestBilingualItems reads a response whose texts are given per language:
// the API gives such a text as an object keyed by language tag, in the
// file's order, and a text given once as a string; a field the file lacks
// is offered in the file's languages. A change of a field given once
// saves as ever; one text sent for a field given per language is refused
// beside the field.
func TestBilingualItems(t *testing.T) {
	dir := bilingualReference(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	it := p.items(t)
	if strings.Join(it.Languages, " ") != "cy-GB en-GB" {
		t.Errorf("languages = %v", it.Languages)
	}
	compact := func(raw json.RawMessage) string {
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if got := compact(it.Items[0].Response); !strings.HasPrefix(got, `{"cy-GB":"Mae'r Cwnstabliaeth wedi ymrwymo.\n","en-GB":"The Constabulary is committed`) {
		t.Errorf("rec-1's response = %s", got)
	}
	if got := compact(it.Items[1].Response); !strings.HasPrefix(got, `"The Constabulary provides`) {
		t.Errorf("rec-2's response = %s", got)
	}
	if got := compact(it.Items[1].Comment); got != `{"cy-GB":"","en-GB":""}` {
		t.Errorf("rec-2's comment, which the file lacks = %s", got)
	}
	// The form has a control per language, each in its language.
	_, page := p.get(t, "/_s55/edit")
	for _, want := range []string{
		`<legend>Force response</legend>`,
		`<label for="f-rec-1-response-cy-GB">Force response in Welsh (cy-GB)</label>`,
		`<textarea id="f-rec-1-response-cy-GB" name="response" data-field="response" data-lang="cy-GB" lang="cy-GB"`,
		`<label for="f-rec-1-response-en-GB">Force response in English (en-GB)</label>`,
		`<label for="f-rec-2-response">Force response</label>`,
		`<label for="f-rec-2-comment-cy-GB">The office&#39;s comment in Welsh (cy-GB)</label>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the editor page does not hold %s", want)
		}
	}
	status, a := p.put(t, "/_s55/api/items/rec-1", it.Version, map[string]string{"response": "One text."})
	if status != http.StatusUnprocessableEntity || len(a.Problems) != 1 || a.Problems[0].Field != "response" ||
		!strings.Contains(a.Problems[0].Message, "give it in cy-GB and en-GB") {
		t.Errorf("one text for a field given per language = %d %+v", status, a)
	}
	file := filepath.Join(dir, "response.yaml")
	before := readFile(t, file)
	status, a = p.put(t, "/_s55/api/items/rec-1", it.Version, map[string]string{"status": "complete"})
	if status != http.StatusOK {
		t.Fatalf("a status beside texts per language = %d %+v", status, a)
	}
	if got := readFile(t, file); got != strings.Replace(before, "        status: in-progress\n      - kind: recommendation\n        number: 2\n", "        status: complete\n      - kind: recommendation\n        number: 2\n", 1) {
		t.Errorf("response.yaml after the status:\n%s", diffLines(before, got))
	}
}

// copyWelsh copies the Welsh office's example, its profile and its
// response, into a new temporary folder, and returns the response folder.
func copyWelsh(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	files, err := staging.ReadTree(filepath.Join(responses, "heddlu-enghraifft"))
	if err != nil {
		t.Fatal(err)
	}
	if err := staging.WriteDir(filepath.Join(root, "heddlu-enghraifft"), files, false); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "heddlu-enghraifft", "2025-11-20-peel-enghraifft")
}

// TestWelshSave saves a response given in Welsh and English, in the
// Welsh office's example: each language's text goes to its place in the
// mapping, every other byte of the file stays, the response still passes
// its checks, and each language's edition shows its own new text.
func TestWelshSave(t *testing.T) {
	dir := copyWelsh(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	it := p.items(t)
	if strings.Join(it.Languages, " ") != "cy-GB en-GB" || it.Items[0].ID != "afi-1" {
		t.Fatalf("languages %v, first item %q", it.Languages, it.Items[0].ID)
	}
	file := filepath.Join(dir, "response.yaml")
	before := readFile(t, file)
	const cy, en = "Mae'r Heddlu wedi agor ail ystafell reoli.\n", "The force has opened a second control room.\n"
	status, a := p.put(t, "/_s55/api/items/afi-1", it.Items[0].Version, map[string]any{"response": map[string]string{"cy-GB": cy, "en-GB": en}})
	if status != http.StatusOK {
		t.Fatalf("PUT a response in each language = %d %+v", status, a)
	}
	got := readFile(t, file)
	start := strings.Index(before, "        response:\n          cy-GB: |\n")
	end := strings.Index(before, "        status: in-progress\n")
	if start < 0 || end < start {
		t.Fatal("the example's first response is not where the test expects it")
	}
	want := before[:start] + "        response:\n          cy-GB: |\n            " + cy + "          en-GB: |\n            " + en + before[end:]
	if got != want {
		t.Errorf("response.yaml after the save:\n%s", diffLines(want, got))
	}
	if _, diags := build.Check(dir, build.Options{}); diags.Errors() > 0 {
		t.Errorf("the saved response no longer checks: %v", diags.Err())
	}
	for page, text := range map[string]string{"/response.cy.html": "ail ystafell reoli", "/response.en.html": "second control room"} {
		if _, body := p.get(t, page); !strings.Contains(body, text) {
			t.Errorf("%s does not show %q after the save", page, text)
		}
	}
}

// TestWelshLetter edits the letter of the Welsh office's example, given in
// a file for each language: the API gives its body, files and versions per
// language; a save of both languages writes each file exactly as sent, and
// nothing else; a file changed behind the API refuses a save of its
// language, with its version and text, and not a save of the other's; a
// save that check would fail (a language mark with no language) is refused
// at its place in its own file; and the form has a box for each language,
// in its language, with its file's version.
func TestWelshLetter(t *testing.T) {
	dir := copyWelsh(t)
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	cyFile, enFile, yamlFile := filepath.Join(dir, "letter.cy.md"), filepath.Join(dir, "letter.en.md"), filepath.Join(dir, "response.yaml")
	yamlBefore := readFile(t, yamlFile)
	it := p.items(t)
	l := it.Letter
	if l == nil || l.Body.One != "" || len(l.Body.By) != 2 || l.Body.By["cy-GB"] != readFile(t, cyFile) || l.Body.By["en-GB"] != readFile(t, enFile) ||
		filepath.Base(l.File.By["cy-GB"]) != "letter.cy.md" || filepath.Base(l.File.By["en-GB"]) != "letter.en.md" ||
		l.Version.By["cy-GB"] != version([]byte(readFile(t, cyFile))) || l.Version.By["en-GB"] != version([]byte(readFile(t, enFile))) {
		t.Fatalf("GET gives the letter %+v", l)
	}
	w := &welshLetter{p: p, dir: dir, cyFile: cyFile, enFile: enFile, yamlFile: yamlFile, yamlBefore: yamlBefore, token: it.Token}
	cyV, enV := w.saveBoth(t, l.Version.By["cy-GB"], l.Version.By["en-GB"])
	cyV = w.saveBehind(t, cyV, enV)
	w.refuseMark(t, cyV)
	w.refuseShapes(t, cyV)
	w.checkForm(t, cyV)
	w.checkPreviews(t)
}

// welshLetter is TestWelshLetter's preview of the Welsh example and its
// files as the test leaves them: cy and behind are the Welsh and English
// letters' texts after the saves.
type welshLetter struct {
	p                                         *preview
	dir, cyFile, enFile, yamlFile, yamlBefore string
	token                                     string
	cy, behind                                string
}

// ifMatch is the token and If-Match with the versions vs.
func (w *welshLetter) ifMatch(vs ...string) map[string]string {
	var tags []string
	for _, v := range vs {
		tags = append(tags, `"`+v+`"`)
	}
	return map[string]string{"X-S55-Token": w.token, "If-Match": strings.Join(tags, ", ")}
}

// saveBoth: both languages saved at once, each file holds exactly what
// was sent; it returns the new versions.
func (w *welshLetter) saveBoth(t *testing.T, cyV0, enV0 string) (string, string) {
	t.Helper()
	// Both languages at once: each file holds exactly what was sent.
	const cy = "Annwyl Ysgrifennydd Cartref,\n\nLlythyr byrrach, â ŵ ac ŷ.\n"
	const en = "Dear Home Secretary,\n\nA shorter letter.\n"
	status, a := w.p.call(t, "PUT", "/_s55/api/letter", map[string]any{"body": map[string]string{"cy-GB": cy, "en-GB": en}},
		w.ifMatch(cyV0, enV0))
	if status != http.StatusOK || a.Version.By["cy-GB"] != version([]byte(cy)) || a.Version.By["en-GB"] != version([]byte(en)) ||
		a.Previous.By["cy-GB"] != cyV0 || a.Previous.By["en-GB"] != enV0 {
		t.Fatalf("PUT both letters = %d %+v", status, a)
	}
	if readFile(t, w.cyFile) != cy || readFile(t, w.enFile) != en || readFile(t, w.yamlFile) != w.yamlBefore {
		t.Fatalf("after the save: letter.cy.md %q, letter.en.md %q, response.yaml changed: %t", readFile(t, w.cyFile), readFile(t, w.enFile), readFile(t, w.yamlFile) != w.yamlBefore)
	}
	for page, text := range map[string]string{"/letter.cy.html": "Llythyr byrrach, â ŵ ac ŷ.", "/letter.en.html": "A shorter letter.", "/response.html": "A shorter letter."} {
		if _, body := w.p.get(t, page); !strings.Contains(body, text) {
			t.Errorf("%s does not show %q after the save", page, text)
		}
	}
	w.cy = cy
	return a.Version.By["cy-GB"], a.Version.By["en-GB"]
}

// saveBehind: the English file changes behind the API; it returns the
// Welsh version after a save of the Welsh alone.
func (w *welshLetter) saveBehind(t *testing.T, cyV, enV string) string {
	t.Helper()
	// The English file changes behind the API: a save of the English with
	// its old version is refused with the file's version and text, and
	// writes nothing; a save of the Welsh alone goes through.
	edit(t, w.enFile, "A shorter letter.", "Changed in a text editor.")
	behind := readFile(t, w.enFile)
	w.behind = behind
	status, a := w.p.call(t, "PUT", "/_s55/api/letter", map[string]any{"body": map[string]string{"en-GB": "Mine.\n"}}, w.ifMatch(enV))
	if status != http.StatusConflict || a.Version.By["en-GB"] != version([]byte(behind)) || a.Version.By["cy-GB"] != cyV {
		t.Fatalf("PUT the English with its old version = %d %+v", status, a)
	}
	var current map[string]string
	if err := json.Unmarshal(a.Current["body"], &current); err != nil || current["en-GB"] != behind || current["cy-GB"] != w.cy {
		t.Errorf("the conflict gives the files' texts %s (%v)", a.Current["body"], err)
	}
	// Both sent, the Welsh at its version, the English at its old one:
	// refused whole.
	status, _ = w.p.call(t, "PUT", "/_s55/api/letter", map[string]any{"body": map[string]string{"cy-GB": "Arall.\n", "en-GB": "Mine.\n"}}, w.ifMatch(cyV, enV))
	if status != http.StatusConflict || readFile(t, w.cyFile) != w.cy || readFile(t, w.enFile) != behind {
		t.Fatalf("PUT both with the English's old version = %d, or a file changed", status)
	}
	const cy2 = "Annwyl Ysgrifennydd Cartref,\n\nAil fersiwn.\n"
	status, a = w.p.call(t, "PUT", "/_s55/api/letter", map[string]any{"body": map[string]string{"cy-GB": cy2}}, w.ifMatch(cyV))
	if status != http.StatusOK || readFile(t, w.cyFile) != cy2 || readFile(t, w.enFile) != behind || a.Version.By["en-GB"] != version([]byte(behind)) {
		t.Fatalf("PUT the Welsh alone, the English changed behind = %d %+v", status, a)
	}
	w.cy = cy2
	return a.Version.By["cy-GB"]
}

// refuseMark: a language mark with no language is refused at its place.
func (w *welshLetter) refuseMark(t *testing.T, cyV string) {
	t.Helper()
	// A language mark with no language: refused at its place in
	// letter.cy.md, the files as they were, no temporary file left.
	bad := "Annwyl Ysgrifennydd Cartref,\n\nMae'r [Croeso]{lang=xx_YY} yma.\n"
	status, a := w.p.call(t, "PUT", "/_s55/api/letter", map[string]any{"body": map[string]string{"cy-GB": bad}}, w.ifMatch(cyV))
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("PUT a mark with no language = %d %+v", status, a)
	}
	var mark *problem
	for i, pr := range a.Problems {
		if strings.Contains(pr.Message, `"xx_YY" is not a language tag`) {
			mark = &a.Problems[i]
		}
	}
	if mark == nil || !mark.Blocking || mark.File != w.cyFile || mark.Line != 3 || mark.Col != 21 || mark.Item != "letter" || mark.Field != "body" ||
		mark.Lang != "cy-GB" || mark.At == nil || mark.At.Line != 3 || mark.At.Col != 21 {
		t.Fatalf("the mark's problem is not placed at letter.cy.md:3:21: %+v", a.Problems)
	}
	if readFile(t, w.cyFile) != w.cy || readFile(t, w.enFile) != w.behind {
		t.Fatal("a refused save changed a letter file")
	}
	entries, _ := os.ReadDir(w.dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("a refused save left %s", e.Name())
		}
	}
}

// refuseShapes: one text for a letter in two files, and a language not
// the letter's, are refused.
func (w *welshLetter) refuseShapes(t *testing.T, cyV string) {
	t.Helper()
	// One text for a letter in two files, and a language that is not one
	// of the letter's: refused beside the field.
	for body, says := range map[string]string{
		`{"body": "One letter."}`:                "give it in cy-GB and en-GB",
		`{"body": {"en-GV": "A letter."}}`:       `"en-GV" is not a language of the letter's files (cy-GB, en-GB)`,
		`{"body": {"cy-GB": "A", "cy-GB": "B"}}`: "given twice",
		`{"body": {"cy-GB": 3}}`:                 "must be the letter's text",
	} {
		status, a := w.p.call(t, "PUT", "/_s55/api/letter", body, w.ifMatch(cyV, version([]byte(w.behind))))
		if (status != http.StatusUnprocessableEntity && status != http.StatusBadRequest) || !strings.Contains(a.Error, says) {
			t.Errorf("PUT %s = %d %q, want a refusal saying %q", body, status, a.Error, says)
		}
	}
	if readFile(t, w.cyFile) != w.cy || readFile(t, w.enFile) != w.behind || readFile(t, w.yamlFile) != w.yamlBefore {
		t.Fatal("a refused save changed a file")
	}
}

// checkForm: the form has a box for each language with its file's version.
func (w *welshLetter) checkForm(t *testing.T, cyV string) {
	t.Helper()
	// The form: a box for each language, in its language, with the
	// version of its own file.
	_, page := w.p.get(t, "/_s55/edit")
	for _, want := range []string{
		`<form class="s55-form" id="edit-letter" data-target="letter" data-name="the letter"`,
		`<legend>The letter&#39;s paragraphs (letter.cy.md, letter.en.md)</legend>`,
		`<label for="f-letter-body-cy-GB">Letter in Welsh (cy-GB)</label>`,
		`<textarea id="f-letter-body-cy-GB" name="body" data-field="body" data-lang="cy-GB" lang="cy-GB" data-version="` + cyV + `"`,
		`<label for="f-letter-body-en-GB">Letter in English (en-GB)</label>`,
		`<textarea id="f-letter-body-en-GB" name="body" data-field="body" data-lang="en-GB" lang="en-GB" data-version="` + version([]byte(w.behind)) + `"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the editor page does not hold %s", want)
		}
	}
}

// checkPreviews: the preview of a letter shows it in each language.
func (w *welshLetter) checkPreviews(t *testing.T) {
	t.Helper()
	// The preview of a letter shows it in each language.
	status, a := w.p.call(t, "POST", "/_s55/api/preview/letter", map[string]any{"body": map[string]string{"cy-GB": "Llythyr *newydd*.\n"}}, map[string]string{"X-S55-Token": w.token})
	if status != http.StatusOK || !strings.Contains(a.HTML, "Llythyr <em>newydd</em>.") || !strings.Contains(a.HTML, "Changed in a text editor.") || !strings.Contains(a.HTML, `lang="cy-GB"`) {
		t.Errorf("the preview of the Welsh letter = %d %+v", status, a)
	}
	status, a = w.p.call(t, "POST", "/_s55/api/preview/items/afi-1", map[string]any{"response": map[string]string{"cy-GB": "Ymateb *newydd*.\n", "en-GB": "A *new* response.\n"}}, map[string]string{"X-S55-Token": w.token})
	if status != http.StatusOK || !strings.Contains(a.HTML, "Ymateb <em>newydd</em>.") || !strings.Contains(a.HTML, "A <em>new</em> response.") {
		t.Errorf("the preview of an item in each language = %d %+v", status, a)
	}
}

// BenchmarkSave measures a save through the API, as the editor's page
// makes it: read the file, edit it in place, load and check the response
// once, write it atomically (flushed to disk) and publish its pages. The
// PDFs that follow are built outside the timer.
func BenchmarkSave(b *testing.B) {
	dir := copyReference(b)
	s := serve.New(dir, serve.Options{})
	s.Rebuild()
	file := filepath.Join(dir, "response.yaml")
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		data, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		body := strings.NewReader(`{"response": "Saved response number ` + strconv.Itoa(n) + `.\n"}`)
		req := httptest.NewRequest(http.MethodPut, "/_s55/api/items/rec-5", body)
		req.RemoteAddr = "127.0.0.1:50000"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-S55-Token", s.Token())
		req.Header.Set("If-Match", `"`+version(data)+`"`)
		rec := httptest.NewRecorder()
		b.StartTimer()
		s.ServeHTTP(rec, req)
		b.StopTimer()
		if rec.Code != http.StatusOK {
			b.Fatalf("save %d = %d: %s", n, rec.Code, rec.Body)
		}
		s.SettlePDFs()
		b.StartTimer()
	}
}

// version is the API's version of a file's bytes.
func version(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TestSavesOnlyFromThisMachine: with --public, other machines may read the
// editor, but a change from one is refused, token or not.
func TestSavesOnlyFromThisMachine(t *testing.T) {
	dir := copyReference(t)
	s := serve.New(dir, serve.Options{})
	s.Rebuild()
	data, err := os.ReadFile(filepath.Join(dir, "response.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for remote, want := range map[string]int{"192.0.2.7:50000": http.StatusForbidden, "[2001:db8::1]:50000": http.StatusForbidden, "127.0.0.1:50000": http.StatusOK} {
		req := httptest.NewRequest(http.MethodPut, "/_s55/api/items/rec-3", strings.NewReader(`{"status": "complete"}`))
		req.RemoteAddr = remote
		req.Host = "127.0.0.1:8055"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-S55-Token", s.Token())
		req.Header.Set("If-Match", `"`+version(data)+`"`)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want || (want == http.StatusForbidden && !strings.Contains(rec.Body.String(), "only from this machine")) {
			t.Errorf("a change from %s = %d %s, want %d", remote, rec.Code, rec.Body, want)
		}
		get := httptest.NewRequest(http.MethodGet, "/_s55/edit", nil)
		get.RemoteAddr = remote
		get.Host = "127.0.0.1:8055"
		rec = httptest.NewRecorder()
		s.ServeHTTP(rec, get)
		if rec.Code != http.StatusOK {
			t.Errorf("the editor page for %s = %d", remote, rec.Code)
		}
	}
	s.SettlePDFs()
}

// TestOfficeAnswers: the editor says whose answers each item needs, from
// the one classifier; it writes the office's answer and a position with
// its reason, and refuses a save that leaves an item for the office
// without the office's answer, or a position that does not accept without
// a reason, each beside its field.
func TestOfficeAnswers(t *testing.T) {
	dir := copyReference(t)
	file := filepath.Join(dir, "response.yaml")
	p := start(t, dir, serve.Options{Poll: true, PollInterval: time.Hour})
	var got struct {
		Items []struct {
			ID             string          `json:"id"`
			Answers        []string        `json:"answers"`
			Who            string          `json:"who"`
			OfficeResponse json.RawMessage `json:"office_response"`
			Position       json.RawMessage `json:"position"`
			Version        string          `json:"version"`
		} `json:"items"`
	}
	read := func() map[string]int {
		status, body := p.get(t, "/_s55/api/items")
		if status != http.StatusOK {
			t.Fatalf("GET items = %d", status)
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		at := map[string]int{}
		for i, it := range got.Items {
			at[it.ID] = i
		}
		return at
	}
	at := read()
	if it := got.Items[at["rec-1"]]; !slices.Equal(it.Answers, []string{"force"}) || !strings.Contains(it.Who, "the force's response") || string(it.OfficeResponse) != `""` || string(it.Position) != `""` {
		t.Errorf("rec-1: %+v", it)
	}
	if it := got.Items[at["rec-8"]]; it.Answers == nil || len(it.Answers) != 0 || !strings.Contains(it.Who, "other bodies alone") {
		t.Errorf("rec-8: %+v", it)
	}
	version := got.Items[0].Version

	// Addressed to the office with no answer of the office's: refused.
	status, a := p.put(t, "/_s55/api/items/rec-8", version, map[string]any{"addressees": []string{"police and crime commissioners"}})
	if status != http.StatusUnprocessableEntity || len(a.Problems) == 0 || a.Problems[0].Field != "office_response" || !strings.Contains(a.Problems[0].Message, "no office response") {
		t.Fatalf("an item for the office with no answer of the office's: %d %+v", status, a)
	}
	status, a = p.put(t, "/_s55/api/items/rec-8", version, map[string]any{
		"addressees": []string{"police and crime commissioners"}, "office_response": "The Commissioner will ask the Board.",
	})
	if status != http.StatusOK {
		t.Fatalf("the office's answer: %d %+v", status, a)
	}
	if data := readFile(t, file); !strings.Contains(data, "        office_response: |\n          The Commissioner will ask the Board.\n") {
		t.Errorf("response.yaml lacks the office's answer:\n%s", data)
	}
	at = read()
	if it := got.Items[at["rec-8"]]; !slices.Equal(it.Answers, []string{"office"}) {
		t.Errorf("rec-8 after the save: %+v", it)
	}
	version = got.Items[0].Version

	checkPositionReason(t, p, version, file)

	// The page: a select of the positions, and whose answers each item
	// needs.
	status, page := p.get(t, "/_s55/edit")
	if status != http.StatusOK {
		t.Fatalf("GET /_s55/edit = %d", status)
	}
	for _, want := range []string{`<option value="partly-accepted">Partly accepted</option>`, `<option value="not-accepted" selected>Not accepted</option>`,
		`<p class="who" id="edit-rec-1-who">Addressed to the force: it needs the force&#39;s response.</p>`, `>Office response</label>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the editor's page lacks %s", want)
		}
	}
}

// checkPositionReason: a position that does not accept is refused without
// its reason and written with it.
func checkPositionReason(t *testing.T, p *preview, version, file string) {
	t.Helper()
	status, a := p.put(t, "/_s55/api/items/rec-1", version, map[string]any{"position": "not-accepted"})
	if status != http.StatusUnprocessableEntity || len(a.Problems) == 0 || a.Problems[0].Field != "position_reason" {
		t.Fatalf("a position without its reason: %d %+v", status, a)
	}
	status, a = p.put(t, "/_s55/api/items/rec-1", version, map[string]any{"position": "not-accepted", "position_reason": "The force records it already."})
	if status != http.StatusOK {
		t.Fatalf("a position with its reason: %d %+v", status, a)
	}
	if data := readFile(t, file); !strings.Contains(data, "        position: not-accepted\n        position_reason: |\n          The force records it already.\n") {
		t.Errorf("response.yaml lacks the position:\n%s", data)
	}
}

// TestSaveBlocksNothingWhileChecked holds a save in its check, as a save
// of a large file is held, and proves that meanwhile pages load, the
// editor's items read, a preview renders, a rebuild publishes and another
// save is written; the held save then finds the file changed and keeps
// its text (409). It waits on channels, never on the clock.
func TestSaveBlocksNothingWhileChecked(t *testing.T) {
	dir := copyReference(t)
	p := start(t, dir, serve.Options{Debounce: 10 * time.Millisecond})
	held, release := make(chan struct{}), make(chan struct{})
	var first atomic.Bool
	p.HoldChecks(func() {
		if first.CompareAndSwap(false, true) {
			close(held)
			<-release
		}
	})
	version := p.items(t).Version
	type result struct {
		status int
		a      answer
	}
	slow := make(chan result, 1)
	go func() {
		status, a := p.put(t, "/_s55/api/items/rec-5", version, map[string]string{"response": "The slow save.\n"})
		slow <- result{status, a}
	}()
	<-held

	others := make(chan string, 1)
	go func() {
		var failed []string
		if status, _ := p.get(t, "/response.html"); status != http.StatusOK {
			failed = append(failed, fmt.Sprintf("page: %d", status))
		}
		if status, _ := p.get(t, "/_s55/api/items"); status != http.StatusOK {
			failed = append(failed, fmt.Sprintf("items: %d", status))
		}
		p.Rebuild()
		if status, a := p.put(t, "/_s55/api/items/rec-6", version, map[string]string{"response": "The quick save.\n"}); status != http.StatusOK {
			failed = append(failed, fmt.Sprintf("other save: %d %+v", status, a))
		}
		others <- strings.Join(failed, "; ")
	}()
	select {
	case failed := <-others:
		if failed != "" {
			t.Error(failed)
		}
	case <-time.After(patience):
		t.Fatal("requests waited for a save held in its check")
	}
	if got := readFile(t, filepath.Join(dir, "response.yaml")); !strings.Contains(got, "The quick save.") {
		t.Error("the other save is not in the file")
	}
	close(release)
	r := <-slow
	if r.status != http.StatusConflict {
		t.Fatalf("the held save = %d %+v, want 409 after the other save wrote the file", r.status, r.a)
	}
	if got := readFile(t, filepath.Join(dir, "response.yaml")); strings.Contains(got, "The slow save.") || !strings.Contains(got, "The quick save.") {
		t.Error("the held save overwrote the other")
	}
}
