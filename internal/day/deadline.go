package day

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Deadline reads the day an item's deadline sets, in the report's own
// words, in English or Welsh, counting from published, the day the report
// was published. It reads:
//
//   - a day: "By 31 March 2024", "31st March 2024", "March 31, 2024",
//     "2024-03-31", "31/03/2024" (day first, as in the United Kingdom),
//     "Erbyn 31ain Mawrth 2024";
//   - a month: "By the end of March 2024", "By March 2024", "Erbyn diwedd
//     mis Mawrth 2024": its last day;
//   - a year: "By the end of 2024", "Erbyn diwedd 2024": 31 December;
//     a financial year: "By the end of 2024/25", "By the end of the
//     financial year 2024-25", "Erbyn diwedd blwyddyn ariannol 2024/25":
//     31 March of its second year;
//   - a span: "Within three months", "within 6 weeks of publication",
//     "O fewn chwe mis", "o fewn pythefnos": that long after published (a
//     month later is the same day of the month, or the month's last day).
//
// "Immediately" ("Ar unwaith"), "ongoing" and an empty deadline set no
// day and are read (ok, with the zero time). Anything else is not read:
// ok is false, and the words stay as they are.
func Deadline(text string, published time.Time) (t time.Time, ok bool) {
	s := normalise(text)
	if s == "" || noDay[s] {
		return time.Time{}, true
	}
	for _, r := range readers() {
		if m := r.re.FindStringSubmatch(s); m != nil {
			if t, ok := r.read(m, Of(published)); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// noDay are the deadlines that set no day.
var noDay = map[string]bool{
	"immediately": true, "immediate": true, "ongoing": true, "now": true,
	"ar unwaith": true, "yn syth": true, "parhaus": true,
}

// normalise lowers the case, folds the typographer's apostrophe and runs
// of space, and drops a last full stop and the words "by" and "erbyn"
// that open most deadlines.
func normalise(text string) string {
	s := strings.ToLower(strings.Join(strings.Fields(text), " "))
	s = strings.ReplaceAll(s, "’", "'")
	s = strings.TrimSpace(strings.TrimSuffix(s, "."))
	for _, p := range []string{"no later than ", "by ", "erbyn ", "dim hwyrach na "} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest
		}
	}
	return s
}

// reader reads one form of deadline.
type reader struct {
	re   *regexp.Regexp
	read func(m []string, published time.Time) (time.Time, bool)
}

const (
	monthRE  = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr)`
	ordinal  = `(?:st|nd|rd|th|af|il|ydd|ed|fed|eg|ain)?`
	spanTail = `(?:[ ,]+(?:of|from|after|following|i|o|ar ôl|wedi) .*)?$`
)

// readers are compiled when a deadline is first read, not at every
// command's start.
var readers = sync.OnceValue(func() []reader {
	return []reader{
		{regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})$`), func(m []string, _ time.Time) (time.Time, bool) {
			t, err := Parse(m[1])
			return t, err == nil
		}},
		{regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`), func(m []string, _ time.Time) (time.Time, bool) {
			return dayOf(m[3], m[2], m[1])
		}},
		{regexp.MustCompile(`^(?:the )?(\d{1,2})` + ordinal + `(?: of)? (?:mis )?` + monthRE + `,? (\d{4})$`), func(m []string, _ time.Time) (time.Time, bool) {
			return dayOf(m[3], strconv.Itoa(monthOf(m[2])), m[1])
		}},
		{regexp.MustCompile(`^` + monthRE + ` (\d{1,2})` + ordinal + `,? (\d{4})$`), func(m []string, _ time.Time) (time.Time, bool) {
			return dayOf(m[3], strconv.Itoa(monthOf(m[1])), m[2])
		}},
		{regexp.MustCompile(`^(?:(?:the )?end of (?:the month of )?|diwedd (?:mis )?)?` + monthRE + ` (\d{4})$`), func(m []string, _ time.Time) (time.Time, bool) {
			y, _ := strconv.Atoi(m[2])
			return Date(y, time.Month(monthOf(m[1]))+1, 0), true
		}},
		{regexp.MustCompile(`^(?:(?:the )?end of (?:the (?:calendar )?year )?|diwedd (?:y flwyddyn )?)(\d{4})$`), func(m []string, _ time.Time) (time.Time, bool) {
			y, _ := strconv.Atoi(m[1])
			return Date(y, time.December, 31), true
		}},
		{regexp.MustCompile(`^(?:(?:the )?end of (?:the )?(?:financial year )?|diwedd (?:y flwyddyn ariannol |blwyddyn ariannol )?)(\d{4})[/-](\d{2}|\d{4})$`), func(m []string, _ time.Time) (time.Time, bool) {
			y, _ := strconv.Atoi(m[1])
			next, _ := strconv.Atoi(m[2])
			if next != (y+1)%100 && next != y+1 {
				return time.Time{}, false
			}
			return Date(y+1, time.March, 31), true
		}},
		{regexp.MustCompile(`^(?:within|in|o fewn) (?:the next )?(?:([a-z0-9-]+(?: ar (?:ddeg|bymtheg|hugain))?) )?(months?|weeks?|days?|years?|mis|fis|wythnos|wythnosau|diwrnod|niwrnod|diwrnodau|blynedd|mlynedd|flynedd|blwyddyn|pythefnos)` + spanTail), func(m []string, published time.Time) (time.Time, bool) {
			return span(m[1], m[2], published)
		}},
	}
})

// dayOf is the day of the year, month and day written in digits, if the
// calendar has it.
func dayOf(year, month, d string) (time.Time, bool) {
	y, _ := strconv.Atoi(year)
	mo, _ := strconv.Atoi(month)
	n, _ := strconv.Atoi(d)
	t := Date(y, time.Month(mo), n)
	if mo < 1 || mo > 12 || t.Day() != n {
		return time.Time{}, false
	}
	return t, true
}

// monthOf is the number of a month's name, English or Welsh, in full or
// short, as monthRE matches it.
func monthOf(name string) int {
	for i, names := range [12][]string{
		{"jan", "ionawr"}, {"feb", "chwefror"}, {"mar", "mawrth"}, {"apr", "ebrill"}, {"may", "mai"}, {"jun", "mehefin"},
		{"jul", "gorffennaf"}, {"aug", "awst"}, {"sep", "medi"}, {"oct", "hydref"}, {"nov", "tachwedd"}, {"dec", "rhagfyr"},
	} {
		if name == names[1] || strings.HasPrefix(name, names[0]) {
			return i + 1
		}
	}
	return 0
}

// span is the day count units (a number in digits or in words, "six",
// "chwe") of unit after published; a unit without a count is one
// ("within a month" reads "a" as the count; "pythefnos" is two weeks).
func span(count, unit string, published time.Time) (time.Time, bool) {
	n := 1
	if count != "" && count != "a" && count != "an" && count != "one" {
		var ok bool
		if n, ok = number(count); !ok {
			return time.Time{}, false
		}
	}
	switch unit {
	case "month", "months", "mis", "fis":
		return addMonths(published, n), true
	case "year", "years", "blynedd", "mlynedd", "flynedd", "blwyddyn":
		return addMonths(published, 12*n), true
	case "week", "weeks", "wythnos", "wythnosau":
		return published.AddDate(0, 0, 7*n), true
	case "pythefnos":
		return published.AddDate(0, 0, 14*n), true
	}
	return published.AddDate(0, 0, n), true
}

// addMonths is the same day of the month n months after t, or that
// month's last day when it is shorter.
func addMonths(t time.Time, n int) time.Time {
	first := Date(t.Year(), t.Month()+time.Month(n), 1)
	last := Date(first.Year(), first.Month()+1, 0).Day()
	return Date(first.Year(), first.Month(), min(t.Day(), last))
}

// number reads a count in digits, or in English or Welsh words (with the
// mutations a count takes: "ddau", "dair", "bum", "chwe").
func number(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n <= 120 {
		return n, true
	}
	n, ok := numbers[s]
	return n, ok
}

var numbers = map[string]int{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36,
	"un": 1, "dau": 2, "ddau": 2, "dwy": 2, "ddwy": 2, "tri": 3, "dri": 3, "tair": 3, "dair": 3,
	"pedwar": 4, "bedwar": 4, "pedair": 4, "bedair": 4, "pump": 5, "pum": 5, "bum": 5, "chwech": 6, "chwe": 6,
	"saith": 7, "wyth": 8, "naw": 9, "deg": 10, "ddeg": 10, "deng": 10, "ddeng": 10,
	"un ar ddeg": 11, "deuddeg": 12, "ddeuddeg": 12, "deuddeng": 12, "pymtheg": 15, "deunaw": 18, "ugain": 20,
}
