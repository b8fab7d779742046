package day

import (
	"testing"
	"time"
)

// TestDeadline reads every form of deadline a report writes, in English
// and Welsh, counting spans from the report's publication, and leaves
// what it cannot read unread.
func TestDeadline(t *testing.T) {
	published := Date(2021, time.July, 16)
	for text, want := range map[string]string{
		"By 31 March 2024":                         "2024-03-31",
		"by 31st March 2024.":                      "2024-03-31",
		"31 Mar 2024":                              "2024-03-31",
		"The 1st of September 2024":                "2024-09-01",
		"March 31, 2024":                           "2024-03-31",
		"By 2024-03-31":                            "2024-03-31",
		"31/03/2024":                               "2024-03-31",
		"By 1/4/2024":                              "2024-04-01",
		"No later than 30 June 2023":               "2023-06-30",
		"By the end of March 2024":                 "2024-03-31",
		"by the end of February 2024":              "2024-02-29",
		"By September 2022":                        "2022-09-30",
		"By the end of 2024":                       "2024-12-31",
		"by the end of the year 2023":              "2023-12-31",
		"By the end of 2024/25":                    "2025-03-31",
		"by the end of the financial year 2023-24": "2024-03-31",
		"By the end of 2024/2025":                  "2025-03-31",
		"Erbyn diwedd blwyddyn ariannol 2024/25":   "2025-03-31",
		"erbyn diwedd y flwyddyn ariannol 2024-25": "2025-03-31",
		"Within three months":                      "2021-10-16",
		"Within six months":                        "2022-01-16",
		"within 6 months of publication":           "2022-01-16",
		"Within twelve months of this report":      "2022-07-16",
		"Within a year":                            "2022-07-16",
		"Within 6 weeks":                           "2021-08-27",
		"within six weeks, from the report":        "2021-08-27",
		"Within 28 days":                           "2021-08-13",
		"Erbyn 31ain Mawrth 2026":                  "2026-03-31",
		"Erbyn 1af Ebrill 2026":                    "2026-04-01",
		"erbyn 31 Mawrth 2026":                     "2026-03-31",
		"Erbyn diwedd mis Mawrth 2024":             "2024-03-31",
		"Erbyn diwedd Chwefror 2023":               "2023-02-28",
		"Erbyn diwedd 2024":                        "2024-12-31",
		"O fewn chwe mis":                          "2022-01-16",
		"O fewn tri mis":                           "2021-10-16",
		"o fewn dau fis i gyhoeddi'r adroddiad":    "2021-09-16",
		"O fewn pythefnos":                         "2021-07-30",
		"O fewn chwe wythnos":                      "2021-08-27",
		"o fewn blwyddyn":                          "2022-07-16",
		"Immediately":                              "",
		"Ar unwaith":                               "",
		"":                                         "",
		"  ":                                       "",
	} {
		got, ok := Deadline(text, published)
		if !ok || ISO(got) != want {
			t.Errorf("Deadline(%q) = %s, %v; want %q", text, ISO(got), ok, want)
		}
	}
	// A month later is the same day, or the month's last.
	if got, _ := Deadline("within one month", Date(2024, time.January, 31)); ISO(got) != "2024-02-29" {
		t.Errorf("a month after 31 January 2024: %s", ISO(got))
	}
	for _, text := range []string{
		"By 31 February 2024", "31/13/2024", "Within several months", "As soon as possible",
		"By the end of the financial year", "Within three", "By spring 2024", "Soon after 31 March 2024",
		"2024-02-30", "By the end of 2024/26", "within 0 months", "within 999 months",
	} {
		if got, ok := Deadline(text, published); ok {
			t.Errorf("Deadline(%q) read %s; want it unread", text, ISO(got))
		}
	}
}

// BenchmarkDeadline reads the forms a tracker meets most, and one it
// cannot read, which tries every form.
func BenchmarkDeadline(b *testing.B) {
	published := Date(2021, time.July, 16)
	texts := []string{"Immediately", "By 31 March 2024", "Within six months", "O fewn chwe mis", "When resources allow"}
	for b.Loop() {
		for _, s := range texts {
			Deadline(s, published)
		}
	}
}
