package day

import (
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, s := range []string{"2021-07-16", "2024-02-29", "1900-01-01", "9999-12-31"} {
		got, err := Parse(s)
		if err != nil || ISO(got) != s || got.Location() != time.UTC || got != Of(got) {
			t.Errorf("Parse(%q) = %v, %v", s, got, err)
		}
	}
	for s, want := range map[string]error{
		"2021-02-31": ErrNoDay, "2023-02-29": ErrNoDay, "2021-13-01": ErrNoDay, "2021-00-10": ErrNoDay, "2021-07-00": ErrNoDay,
		"16/07/2021": ErrForm, "2021-7-16": ErrForm, "2021-07-16T10:00:00Z": ErrForm, "2021-07-16 ": ErrForm,
		" 2021-07-16": ErrForm, "": ErrForm, "２０２１-07-16": ErrForm, "2021_07_16": ErrForm, "+021-07-16": ErrForm,
	} {
		_, err := Parse(s)
		var e *Error
		if !errors.Is(err, want) || !errors.As(err, &e) || e.Text != s {
			t.Errorf("Parse(%q): %v, want %v", s, err, want)
		}
	}
	if _, err := Parse("2021-02-31"); err.Error() != `"2021-02-31" is not a day of the calendar` {
		t.Errorf("message %q", err)
	}
	if _, err := Parse("16/07/2021"); err.Error() != `"16/07/2021" is not a date; write it as YYYY-MM-DD` {
		t.Errorf("message %q", err)
	}
}

// TestBetween counts across a change of the clocks and of a zone: a day
// is a day wherever the time was read.
func TestBetween(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no zone data:", err)
	}
	late := time.Date(2021, 3, 27, 23, 30, 0, 0, london)
	if got := Between(late, time.Date(2021, 3, 28, 0, 30, 0, 0, london)); got != 1 {
		t.Errorf("across the spring change: %d", got)
	}
	if got := Between(Date(2021, 7, 16), Date(2021, 9, 9)); got != 55 {
		t.Errorf("16 July to 9 September 2021: %d", got)
	}
	if got := Between(Date(2021, 9, 9), Date(2021, 7, 16)); got != -55 {
		t.Errorf("backwards: %d", got)
	}
	if got := Of(late); got != Date(2021, 3, 27) {
		t.Errorf("Of(%v) = %v", late, got)
	}
	if ISO(time.Time{}) != "" {
		t.Errorf("the zero time is written")
	}
}

type book map[time.Time]string

func (b book) Date(t time.Time) (string, error) {
	if s, ok := b[t]; ok {
		return s, nil
	}
	return "", errors.New("no phrase")
}

func TestFormat(t *testing.T) {
	b := book{Date(2021, 9, 13): "13th September 2021"}
	if got := Format(b, Date(2021, 9, 13)); got != "13th September 2021" {
		t.Errorf("Format = %q", got)
	}
	if got := Format(b, Date(2021, 9, 14)); got != "2021-09-14" {
		t.Errorf("a failing phrase: %q", got)
	}
	if got := Format(nil, Date(2021, 9, 14)); got != "2021-09-14" {
		t.Errorf("no book: %q", got)
	}
	if got := Reformat(b, "2021-09-13"); got != "13th September 2021" {
		t.Errorf("Reformat = %q", got)
	}
	for _, s := range []string{"", "soon", "2021-02-31"} {
		if got := Reformat(b, s); got != s {
			t.Errorf("Reformat(%q) = %q", s, got)
		}
	}
}

func TestBetweenYears(t *testing.T) {
	tests := []struct {
		a, b time.Time
		want int
	}{
		{Date(2021, 1, 1), Date(2021, 1, 1), 0},
		{Date(2021, 1, 1), Date(2022, 1, 1), 365},
		{Date(2024, 1, 1), Date(2025, 1, 1), 366},
		{Date(2021, 3, 1), Date(2021, 2, 28), -1},
		// Across the change to British Summer Time (28 March 2021).
		{time.Date(2021, 3, 27, 12, 0, 0, 0, time.UTC), time.Date(2021, 3, 29, 0, 0, 0, 0, time.FixedZone("BST", 3600)), 2},
	}
	for _, tt := range tests {
		if got := Between(tt.a, tt.b); got != tt.want {
			t.Errorf("Between(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
