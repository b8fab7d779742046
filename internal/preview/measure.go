package preview

import "time"

// What the tests and benchmarks of "s55 serve" measure and hold. Each is
// safe to call while the server runs.

// RebuildSettling is Rebuild waiting up to settle between publishing the
// pages and building the PDFs, as a rebuild after a save does.
func (s *Server) RebuildSettling(settle time.Duration) bool { return s.rebuild(settle, false) }

// Timings reports how long the latest rebuild took to publish its pages,
// and to build everything.
func (s *Server) Timings() (pages, all time.Duration) {
	snap := s.current()
	return snap.pages, snap.took
}

// Loads counts the loads of the response since the server was made.
func (s *Server) Loads() int64 { return s.loads.Load() }

// Unchanged counts the rebuilds the watcher asked for that found every
// file as the last load read it, and so loaded nothing.
func (s *Server) Unchanged() int64 { return s.unchanged.Load() }

// SettlePDFs has the PDFs of the latest save built now, and waits for them.
func (s *Server) SettlePDFs() {
	trigger(s.wantPDF)
	s.bg.Wait()
}

// HoldChecks has every load that checks a change (a save's, a preview's)
// call hold as it starts.
func (s *Server) HoldChecks(hold func()) { s.checking = hold }
