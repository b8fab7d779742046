package desk

import (
	"net/http"
	"sync"

	"github.com/opcc-tools/s55/internal/progress"
)

// work is how far the desk's latest long piece of work has got (publish,
// issue, merge), for the page's <progress> element, which asks for it
// while the work runs (GET /_s55/api/work). Pieces of work started at
// once share it: it shows the latest count told, and runs until the last
// of them ends.
type work struct {
	mu      sync.Mutex
	count   progress.Count
	running int // pieces of work begun and not ended
}

// begin starts a piece of work and returns the Func its stages report
// to; end, called when it returns, marks it ended.
func (w *work) begin() (report progress.Func, end func()) {
	w.mu.Lock()
	w.count = progress.Count{}
	w.running++
	w.mu.Unlock()
	report = func(c progress.Count) {
		w.mu.Lock()
		w.count = c
		w.mu.Unlock()
	}
	var once sync.Once
	return report, func() {
		once.Do(func() {
			w.mu.Lock()
			w.running--
			w.mu.Unlock()
		})
	}
}

// steps tells report that doing (a word such as "issuing") has done done
// of its total steps: for work whose packages count no finer.
func steps(report progress.Func, doing string, done, total int) {
	report(progress.Count{Doing: doing, Unit: "step", Done: done, Total: total})
}

// workJSON is the answer of GET /_s55/api/work.
type workJSON struct {
	Running bool `json:"running"`
	progress.Count
	// Label words the count as the page shows it: "publishing revision
	// 12 of 40"; "" before any stage began.
	Label string `json:"label"`
}

// getWork answers GET /_s55/api/work: how far the latest piece of work
// has got, and whether it still runs.
func (d *Desk) getWork(w http.ResponseWriter, r *http.Request) *apiError {
	d.work.mu.Lock()
	out := workJSON{Running: d.work.running > 0, Count: d.work.count}
	d.work.mu.Unlock()
	if out.Doing != "" {
		out.Label = out.Count.String()
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}
