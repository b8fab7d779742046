// Package diag holds the positioned messages that s55 reports about its
// inputs: every problem a user can cause names the file, line and column it
// comes from, as "file:line:col: error: message".
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a diagnostic stops a build.
type Severity int

// The severities, least severe first. A note informs and never fails a
// check, even a strict one (a drafting note left in the letter, which is
// never published); a warning fails only a strict check.
const (
	Warning Severity = iota
	Error
	Note Severity = -1
)

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	}
	return "error"
}

// Diagnostic is one message about one place in an input file. Line and Col
// are 1-based; zero means the message is about the whole file.
type Diagnostic struct {
	File     string
	Line     int
	Col      int
	Severity Severity
	// Path is the field path inside a data file, such as
	// "appendices[0].items[7].response"; it may be empty.
	Path string
	Msg  string
}

// Error formats the diagnostic as "file:line:col: severity: message", with
// the field path before the message when it has one.
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	if d.Path != "" {
		b.WriteString(d.Path)
		b.WriteString(": ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// As returns the diagnostic err is or wraps, and otherwise words err as an
// error about file ("" when the error names no file).
func As(err error, file string) Diagnostic {
	var d Diagnostic
	if errors.As(err, &d) {
		return d
	}
	return Diagnostic{File: file, Severity: Error, Msg: err.Error()}
}

// List collects diagnostics.
type List []Diagnostic

// Add appends an error diagnostic.
func (l *List) Add(file string, line, col int, path, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Severity: Error, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// Notef appends a note.
func (l *List) Notef(file string, line, col int, path, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Severity: Note, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// Warn appends a warning diagnostic.
func (l *List) Warn(file string, line, col int, path, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Severity: Warning, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// Errors reports how many diagnostics are errors.
func (l List) Errors() int { return l.Count(Error) }

// Count reports how many diagnostics have severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders the diagnostics by file, line and column, keeping the order
// of diagnostics at the same place.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// Err returns nil when the list holds no error, and otherwise an error that
// wraps every error diagnostic (warnings are left out).
func (l List) Err() error {
	var errs []error
	for _, d := range l {
		if d.Severity == Error {
			errs = append(errs, d)
		}
	}
	return errors.Join(errs...)
}

// Suggest returns the name closest to key, when one is close enough to be a
// misspelling of it, and "" otherwise. Of names as close, the one sharing
// the longest start with key wins, then the one first in order.
func Suggest(key string, names []string) string {
	best, bestDist := "", len(key)/3+1
	for _, n := range names {
		d := editDistance(key, n)
		switch {
		case d < bestDist:
		case d > bestDist || best == "":
			continue
		case prefix(key, n) != prefix(key, best):
			// Of two as close, the one that starts as the key does:
			// "pfc" is more likely "pfcc" than "pcc".
			if prefix(key, n) < prefix(key, best) {
				continue
			}
		case n > best:
			continue
		}
		best, bestDist = n, d
	}
	return best
}

// prefix is the length of the longest prefix a and b share.
func prefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
