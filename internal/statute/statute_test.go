package statute

import (
	"github.com/opcc-tools/s55/internal/day"
	"testing"
	"time"
)

func TestLastDay(t *testing.T) {
	// Expected days worked out by hand on a calendar, counting the day of
	// publication as day 1.
	tests := []struct {
		name      string
		published time.Time
		want      time.Time
	}{
		{"reference case", day.Date(2021, 7, 16), day.Date(2021, 9, 9)},
		{"into the next year", day.Date(2021, 12, 1), day.Date(2022, 1, 25)},
		{"across a year end from November", day.Date(2023, 11, 8), day.Date(2024, 1, 2)},
		{"leap year, across 29 February", day.Date(2024, 1, 15), day.Date(2024, 3, 10)},
		{"common year, across 28 February", day.Date(2023, 1, 15), day.Date(2023, 3, 11)},
		{"published on 29 February", day.Date(2024, 2, 29), day.Date(2024, 4, 24)},
		{"published on 31 January", day.Date(2021, 1, 31), day.Date(2021, 3, 27)},
		{"published on a month's last day", day.Date(2022, 10, 31), day.Date(2022, 12, 25)},
		{"ends on a month's last day", day.Date(2021, 5, 6), day.Date(2021, 6, 30)},
		{"time of day ignored", time.Date(2021, 7, 16, 23, 59, 0, 0, time.UTC), day.Date(2021, 9, 9)},
		{"local day kept", time.Date(2021, 7, 16, 0, 30, 0, 0, time.FixedZone("BST", 3600)), day.Date(2021, 9, 9)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LastDay(tt.published); !got.Equal(tt.want) {
				t.Errorf("LastDay(%s) = %s, want %s", tt.published.Format(day.Layout), got.Format(day.Layout), tt.want.Format(day.Layout))
			}
			if got := NewClock(tt.published).LastDay; !got.Equal(tt.want) {
				t.Errorf("NewClock(%s).LastDay = %s, want %s", tt.published.Format(day.Layout), got.Format(day.Layout), tt.want.Format(day.Layout))
			}
		})
	}
}

func TestClock(t *testing.T) {
	c := NewClock(day.Date(2021, 7, 16)) // last day 2021-09-09
	tests := []struct {
		day                       time.Time
		dayOf, daysLeft, daysLate int
		within                    bool
	}{
		{day.Date(2021, 7, 15), 0, 56, 0, false},  // the day before publication
		{day.Date(2021, 7, 16), 1, 55, 0, true},   // day 1: publication
		{day.Date(2021, 7, 17), 2, 54, 0, true},   // day 2
		{day.Date(2021, 8, 1), 17, 39, 0, true},   // 16 days in July, then 1 August
		{day.Date(2021, 9, 8), 55, 1, 0, true},    // the day before the last
		{day.Date(2021, 9, 9), 56, 0, 0, true},    // the last day (day 56)
		{day.Date(2021, 9, 10), 57, -1, 1, false}, // a day late
		{day.Date(2021, 9, 13), 60, -4, 4, false}, // the seed's letter
		{day.Date(2022, 7, 16), 366, -310, 310, false},
	}
	for _, tt := range tests {
		name := tt.day.Format(day.Layout)
		if got := c.DayOf(tt.day); got != tt.dayOf {
			t.Errorf("DayOf(%s) = %d, want %d", name, got, tt.dayOf)
		}
		if got := c.DaysLeft(tt.day); got != tt.daysLeft {
			t.Errorf("DaysLeft(%s) = %d, want %d", name, got, tt.daysLeft)
		}
		if got := c.DaysLate(tt.day); got != tt.daysLate {
			t.Errorf("DaysLate(%s) = %d, want %d", name, got, tt.daysLate)
		}
		if got := c.Within(tt.day); got != tt.within {
			t.Errorf("Within(%s) = %v, want %v", name, got, tt.within)
		}
	}
}

func TestClockLeapYear(t *testing.T) {
	c := NewClock(day.Date(2024, 1, 15)) // last day 2024-03-10
	if !c.Within(day.Date(2024, 3, 10)) || c.Within(day.Date(2024, 3, 11)) {
		t.Errorf("Within around 2024-03-10 wrong for %+v", c)
	}
	if got := c.DaysLate(day.Date(2024, 3, 11)); got != 1 {
		t.Errorf("DaysLate(2024-03-11) = %d, want 1", got)
	}
	if got := c.DaysLeft(day.Date(2024, 2, 29)); got != 10 {
		t.Errorf("DaysLeft(2024-02-29) = %d, want 10", got)
	}
}
