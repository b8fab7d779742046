// Package day is s55's one notion of a calendar day: how a day is read
// from what an officer or a file wrote (YYYY-MM-DD, as a YAML timestamp
// or a string), how it is written back (ISO 8601 in data, manifests and
// messages; a language's own words through its phrase book's date phrase
// in documents and pages), and the count of days between two, which the
// statutory clock (package statute) runs on.
//
// A day is a time.Time at midnight UTC: Date makes one, Of turns any time
// into its day, and two days compare with Equal, Before and After.
package day

import (
	"errors"
	"fmt"
	"time"
)

// Layout is how data files, manifests and messages write a day: ISO
// 8601's calendar date, YYYY-MM-DD.
const Layout = time.DateOnly

// The errors Parse wraps: text that is not written as a date at all, and
// a date of the right form that names no day (2021-02-31).
var (
	ErrForm  = errors.New("not a date of the form YYYY-MM-DD")
	ErrNoDay = errors.New("not a day of the calendar")
)

// Error is a text Parse refused, with why (ErrForm or ErrNoDay).
type Error struct {
	Text string
	Err  error
}

// Error words the refusal as every message about a date does:
// "16/07/2021" is not a date; write it as YYYY-MM-DD, or "2021-02-31" is
// not a day of the calendar.
func (e *Error) Error() string {
	if e.Err == ErrNoDay {
		return fmt.Sprintf("%q is not a day of the calendar", e.Text)
	}
	return fmt.Sprintf("%q is not a date; write it as YYYY-MM-DD", e.Text)
}

// Unwrap returns ErrForm or ErrNoDay.
func (e *Error) Unwrap() error { return e.Err }

// Date returns the day of the given year, month and day of the month.
// Like time.Date, it normalises values out of range (31 April is 1 May);
// Parse refuses them.
func Date(year int, month time.Month, d int) time.Time {
	return time.Date(year, month, d, 0, 0, 0, 0, time.UTC)
}

// Of returns the calendar day of t, as read in t's own location.
func Of(t time.Time) time.Time {
	y, m, d := t.Date()
	return Date(y, m, d)
}

// Today returns the day it is now, by the machine's clock and zone.
func Today() time.Time { return Of(time.Now()) }

// Parse reads a day written YYYY-MM-DD, such as 2021-07-16: four digits,
// two and two, which is also how a YAML file's timestamp of a day is
// written, quoted or not. Anything else, a time of day included, is an
// *Error wrapping ErrForm; a day the calendar does not have (2022-02-31,
// 2023-02-29) is one wrapping ErrNoDay.
func Parse(s string) (time.Time, error) {
	if !isForm(s) {
		return time.Time{}, &Error{Text: s, Err: ErrForm}
	}
	t, err := time.Parse(Layout, s)
	if err != nil {
		return time.Time{}, &Error{Text: s, Err: ErrNoDay}
	}
	return t, nil
}

// isForm reports whether s is written as YYYY-MM-DD, digits and dashes.
func isForm(s string) bool {
	if len(s) != len(Layout) {
		return false
	}
	for i := range len(s) {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ISO writes the day of t as YYYY-MM-DD, and the zero time as "".
func ISO(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(Layout)
}

// Between returns the number of days from the day of a to the day of b:
// 1 from one day to the next, negative when b comes before a.
func Between(a, b time.Time) int {
	return int((Of(b).Unix() - Of(a).Unix()) / (24 * 60 * 60))
}

// Book is what words a day in one language: a phrase book
// (theme.Theme), by its date phrase.
type Book interface {
	Date(time.Time) (string, error)
}

// Format writes t as book writes dates ("13th September 2021", "13 Medi
// 2021"), and as ISO where book is nil or its date phrase fails, so that
// a message or a page always names the day.
func Format(book Book, t time.Time) string {
	if book != nil {
		if s, err := book.Date(t); err == nil {
			return s
		}
	}
	return ISO(t)
}

// Reformat writes s, a day written YYYY-MM-DD, as book writes dates (as
// Format does), and leaves s as it is when it is not a day.
func Reformat(book Book, s string) string {
	t, err := Parse(s)
	if err != nil {
		return s
	}
	return Format(book, t)
}
