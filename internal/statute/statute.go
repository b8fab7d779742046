// Package statute models the law a response to an HMICFRS report answers
// to: the statutory clock of section 55 of the Police Act 1996, and the
// office of Home Secretary, to whom the response is sent.
//
// Dates are calendar days, held as time.Time values at midnight UTC; Date
// makes one and Day turns any time into its calendar day.
package statute

import (
	"fmt"
	"time"
)

// PeriodDays is the length of the period in which a PCC must publish its
// response: s.55(5A) allows 56 days beginning with the day the report is
// published.
const PeriodDays = 56

// DateLayout is the layout of a date in s55's data files.
const DateLayout = "2006-01-02"

// Date returns midnight UTC at the start of the given day. Like time.Date,
// it normalises out-of-range values (31 April becomes 1 May); use ParseDate
// to reject them.
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}

// Day returns the calendar day of t, as read in t's own location, at
// midnight UTC.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return Date(y, m, d)
}

// ParseDate parses a date written as YYYY-MM-DD, such as 2021-07-16, and
// rejects days that do not exist, such as 2022-02-31.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return t, nil
}

// DaysBetween returns the number of days from the day of a to the day of
// b: 1 from one day to the next, negative when b comes before a.
func DaysBetween(a, b time.Time) int {
	return int((Day(b).Unix() - Day(a).Unix()) / (24 * 60 * 60))
}

// LastDay returns the last day of the period in which a response to a
// report published on the given day must be published: the period of 56
// days beginning with the day of publication ends 55 days after it. A
// report published on 16 July 2021 must be answered by 9 September 2021.
func LastDay(published time.Time) time.Time {
	return Day(published).AddDate(0, 0, PeriodDays-1)
}

// Clock is the statutory clock that a report's publication starts.
type Clock struct {
	// Published is the day the report was published: day 1 of the period.
	Published time.Time
	// LastDay is the last day on which the response may be published.
	LastDay time.Time
}

// NewClock starts the clock for a report published on the given day.
func NewClock(published time.Time) Clock {
	return Clock{Published: Day(published), LastDay: LastDay(published)}
}

// DayOf returns which day of the period the given day is: 1 on the day of
// publication, PeriodDays on the last day, 0 or less before publication and
// more than PeriodDays after the period has ended.
func (c Clock) DayOf(day time.Time) int {
	return DaysBetween(c.Published, day) + 1
}

// Within reports whether the given day falls within the period: on or
// after the day of publication and on or before the last day.
func (c Clock) Within(day time.Time) bool {
	n := c.DayOf(day)
	return n >= 1 && n <= PeriodDays
}

// DaysLeft returns how many days remain after today until the last day:
// 55 on the day of publication, 0 on the last day itself, and negative once
// the period has ended (-4 four days after the last day).
func (c Clock) DaysLeft(today time.Time) int {
	return DaysBetween(today, c.LastDay)
}

// DaysLate returns how many days after the last day the given day falls,
// or 0 if it is not after the last day. A letter dated 13 September 2021
// answering a report published on 16 July 2021 is 4 days late.
func (c Clock) DaysLate(day time.Time) int {
	return max(0, DaysBetween(c.LastDay, day))
}
