package serve

import "time"

// RebuildSettling is Rebuild waiting up to settle between publishing the
// pages and building the PDFs, as a rebuild after a save does.
func (s *Server) RebuildSettling(settle time.Duration) bool { return s.rebuild(settle) }

// Timings reports how long the latest rebuild took to publish its pages,
// and to build everything.
func (s *Server) Timings() (pages, all time.Duration) {
	snap := s.current()
	return snap.pages, snap.took
}
