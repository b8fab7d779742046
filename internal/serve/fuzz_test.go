package serve_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/opcc-tools/s55/internal/serve"
)

// editorPaths are the places of the editor's API that take a JSON body,
// with the method each takes.
var editorPaths = []struct{ method, path string }{
	{http.MethodPut, "/_s55/api/items/rec-3"},
	{http.MethodPut, "/_s55/api/items/rec-1"},
	{http.MethodPut, "/_s55/api/appendices/appendix-1"},
	{http.MethodPut, "/_s55/api/letter"},
	{http.MethodPost, "/_s55/api/preview/items/rec-3"},
	{http.MethodPost, "/_s55/api/preview/appendices/appendix-1"},
	{http.MethodPost, "/_s55/api/preview/letter"},
	{http.MethodPost, "/_s55/api/new"},
}

// FuzzEditorBody sends the editor's API any body, to every place that
// takes one, with the token and the file's own version, as its page
// would: whatever the body, the answer is never a server error (5xx), it
// is JSON, and a refusal says why. The files are put back after each
// request, and any folder made is removed, so that each input meets the
// same response.
func FuzzEditorBody(f *testing.F) {
	for _, seed := range []string{
		`{"status": "complete"}`,
		`{"status": "complete", "status": "in-progress"}`,
		`{"response": "The force agrees.\n\nA second paragraph."}`,
		`{"response": {"en-GB": "a", "cy-GB": "b"}}`,
		`{"response": {"en-GB": "a", "en-GB": "b"}}`,
		`{"addressees": ["police forces", "the Home Office"]}`,
		`{"addressees": [[]]}`,
		`{"comment": "<b>raw</b> and <!-- a note -->"}`,
		`{"title": "Appendix", "introduction": "HMICFRS made 13 recommendations."}`,
		`{"body": "Dear Home Secretary,\n\nText."}`,
		`{"body": {"en-GB": "Text."}}`,
		`{"folder": "2024-02-01-peel", "report": "PEEL", "published": "2024-01-15", "date": "2024-02-01", "text": "Recommendation 1\nForces should do it."}`,
		`{"folder": "CON", "report": "T", "published": "2024-01-15"}`,
		`{"folder": "x", "report": "T", "published": "2999-01-15", "date": "2024-01-01"}`,
		`{"status": null}`,
		`{"number": 1e999}`,
		`{}`,
		`[]`,
		`"x"`,
		`{"status": "\ud800"}`,
		"{\"comment\": \"\xff\"}",
		`{"deadline": "Immediately", "owner": 3}`,
	} {
		for i := range editorPaths {
			f.Add([]byte(seed), uint8(i))
		}
	}
	dir := copyReference(f)
	parent := filepath.Dir(dir)
	original := map[string][]byte{}
	for _, name := range []string{"response.yaml", "letter.md"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		original[name] = data
	}
	before, err := os.ReadDir(parent)
	if err != nil {
		f.Fatal(err)
	}
	s := serve.New(dir, serve.Options{})
	s.Rebuild()
	f.Cleanup(s.SettlePDFs)
	send := func(method, path string, body []byte, header map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		req.RemoteAddr = "127.0.0.1:50000"
		req.Host = "127.0.0.1:8055"
		req.Header.Set("Content-Type", "application/json")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		at := editorPaths[int(which)%len(editorPaths)]
		rec := send(http.MethodGet, "/_s55/api/items", nil, nil)
		var it struct {
			Token   string `json:"token"`
			Version string `json:"version"`
			Letter  struct {
				Version json.RawMessage `json:"version"`
			} `json:"letter"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &it); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("GET items = %d %s", rec.Code, rec.Body)
		}
		version := it.Version
		if at.path == "/_s55/api/letter" {
			json.Unmarshal(it.Letter.Version, &version)
		}
		rec = send(at.method, at.path, body, map[string]string{"X-S55-Token": it.Token, "If-Match": `"` + version + `"`})
		if rec.Code >= 500 {
			t.Errorf("%s %s %q = %d: %s", at.method, at.path, body, rec.Code, rec.Body)
		}
		var answer map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
			t.Errorf("%s %s %q = %d, not JSON: %s", at.method, at.path, body, rec.Code, rec.Body)
		}
		if msg, _ := answer["error"].(string); rec.Code >= 300 && msg == "" {
			t.Errorf("%s %s %q = %d without a message", at.method, at.path, body, rec.Code)
		}
		// Put everything back for the next input.
		s.SettlePDFs()
		for name, data := range original {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		now, _ := os.ReadDir(parent)
		for _, e := range now {
			if !slices.ContainsFunc(before, func(b os.DirEntry) bool { return b.Name() == e.Name() }) {
				os.RemoveAll(filepath.Join(parent, e.Name()))
			}
		}
	})
}
