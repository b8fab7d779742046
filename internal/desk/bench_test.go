package desk

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/preview"
)

// officeOf makes an office of n copies of the reference response.
func officeOf(b *testing.B, n int) string {
	b.Helper()
	t := &testing.T{}
	dir := office(t)
	for i := range n - 1 {
		for _, name := range []string{"response.yaml", "letter.md"} {
			copyFile(t, filepath.Join(dir, reference, name), filepath.Join(dir, fmt.Sprintf("%s-%03d", reference, i), name))
		}
	}
	return dir
}

// BenchmarkDeskPage is the desk's first page of an office of 10 and 100
// responses: cold, every one loaded and checked for its clock; warm, as
// the desk reads it again with nothing changed.
func BenchmarkDeskPage(b *testing.B) {
	for _, n := range []int{10, 100} {
		for _, warm := range []bool{false, true} {
			b.Run(fmt.Sprintf("responses=%d/warm=%v", n, warm), func(b *testing.B) { deskPage(b, n, warm) })
		}
	}
}

func deskPage(b *testing.B, n int, warm bool) {
	d := New(officeOf(b, n), preview.Options{})
	if warm {
		d.standings() // as Run reads the office when it starts
	}
	for b.Loop() {
		if !warm {
			d.cacheMu.Lock()
			clear(d.cache)
			d.cacheMu.Unlock()
		}
		w := httptest.NewRecorder()
		d.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1/", nil))
		if w.Code != 200 || strings.Count(w.Body.String(), "<li>") != n {
			b.Fatalf("%d, %d responses listed", w.Code, strings.Count(w.Body.String(), "<li>"))
		}
	}
}

// BenchmarkSave is a save of an item's answer through the desk, then the
// draft preview of the response saved: the save alone, and the save with
// its preview.
func BenchmarkSave(b *testing.B) {
	for _, preview := range []bool{false, true} {
		name := "save"
		if preview {
			name = "save-to-preview"
		}
		b.Run(name, func(b *testing.B) {
			t := &testing.T{}
			d, ts := server(t, office(t))
			defer ts.Close()
			i := 0
			v, _ := version(t, d, ts, reference)
			for b.Loop() {
				i++
				a := do(t, d, ts, "PUT", "/_s55/api/responses/"+reference+"/items/rec-3", map[string]string{"response": fmt.Sprintf("Answer %d.", i)}, map[string]string{"If-Match": `"` + v + `"`})
				if a.status != http.StatusOK {
					b.Fatalf("save: %d %s", a.status, a.body)
				}
				v = a.json(t)["version"].(string)
				if preview {
					p := do(t, d, ts, "GET", "/_s55/api/responses/"+reference+"/preview", nil, nil)
					if !strings.Contains(string(p.body), fmt.Sprintf("Answer %d.", i)) {
						b.Fatal("the preview lacks the save")
					}
				}
			}
		})
	}
}
