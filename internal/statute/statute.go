// Package statute models the law a response to an HMICFRS report answers
// to: the statutory clock of section 55 of the Police Act 1996, and the
// office of Home Secretary, to whom the response is sent.
//
// Its dates are calendar days (package day): the law counts days, and a
// day of the period is a day wherever the time was read.
package statute

import (
	"time"

	"github.com/opcc-tools/s55/internal/day"
)

// PeriodDays is the length of the period in which a PCC must publish its
// response: s.55(5A) allows 56 days beginning with the day the report is
// published.
const PeriodDays = 56

// LastDay returns the last day of the period in which a response to a
// report published on the given day must be published: the period of 56
// days beginning with the day of publication ends 55 days after it. A
// report published on 16 July 2021 must be answered by 9 September 2021.
func LastDay(published time.Time) time.Time {
	return day.Of(published).AddDate(0, 0, PeriodDays-1)
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
	return Clock{Published: day.Of(published), LastDay: LastDay(published)}
}

// DayOf returns which day of the period the given day is: 1 on the day of
// publication, PeriodDays on the last day, 0 or less before publication and
// more than PeriodDays after the period has ended.
func (c Clock) DayOf(d time.Time) int {
	return day.Between(c.Published, d) + 1
}

// Within reports whether the given day falls within the period: on or
// after the day of publication and on or before the last day.
func (c Clock) Within(d time.Time) bool {
	n := c.DayOf(d)
	return n >= 1 && n <= PeriodDays
}

// DaysLeft returns how many days remain after today until the last day:
// 55 on the day of publication, 0 on the last day itself, and negative once
// the period has ended (-4 four days after the last day).
func (c Clock) DaysLeft(today time.Time) int {
	return day.Between(today, c.LastDay)
}

// DaysLate returns how many days after the last day the given day falls,
// or 0 if it is not after the last day. A letter dated 13 September 2021
// answering a report published on 16 July 2021 is 4 days late.
func (c Clock) DaysLate(d time.Time) int {
	return max(0, day.Between(c.LastDay, d))
}
