// Package check holds the checks a response must pass before it is issued:
// the statutory ones of section 55 of the Police Act 1996 (the 56-day period,
// an explanation for every recommendation, the chief officer's comments, the
// copies to HMICFRS and the Home Secretary) and the checks on its content
// (numbering, stated counts, the recipient, printable characters). Every
// problem is reported at its place, all at once.
package check

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/langtag"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/submission"
	"github.com/opcc-tools/s55/internal/theme"
)

// Options tune the checks.
type Options struct {
	// Today is the day the clock is read on; the zero time means the
	// letter's date.
	Today time.Time
	// Themes are the themes of every language of the office, in its
	// order, for the checks that need each language's phrase book (the
	// standard sentences); nil means the one theme Run is given.
	Themes []*theme.Theme
}

// Clock is the statutory clock of one response, read on one day.
type Clock struct {
	statute.Clock
	// Letter is the letter's date.
	Letter time.Time
	// Today is the day the clock was read.
	Today time.Time
}

// Run checks the loaded folder f with its theme and returns the clock and
// every problem found.
func Run(f *response.Folder, th *theme.Theme, opt Options) (Clock, diag.List) {
	r := &f.Response
	c := &checker{f: f, th: th, themes: opt.Themes}
	if c.themes == nil {
		c.themes = []*theme.Theme{th}
	}
	c.msg = MessageTheme(c.themes)
	clock := Clock{Clock: statute.NewClock(r.Report.Published), Letter: r.Letter.Date, Today: opt.Today}
	if clock.Today.IsZero() {
		clock.Today = r.Letter.Date
	}
	c.clock(clock)
	c.recipient()
	c.copies()
	if len(r.Appendices) == 0 {
		c.warn(f.Source, "appendices", "there is no appendix: s.55(5) publishes the chief officer's comments with the PCC's")
	}
	var total int
	for i, a := range r.Appendices {
		path := fmt.Sprintf("appendices[%d]", i)
		c.numbers(path, a.Items)
		c.items(path, a.Items, false)
		total += countKind(a.Items, response.Recommendation)
	}
	c.counts(total)
	c.placeholders()
	c.submission()
	c.characters()
	c.accessibility()
	c.translations()
	return clock, c.diags
}

type checker struct {
	f      *response.Folder
	th     *theme.Theme
	themes []*theme.Theme
	// msg words the dates and lists inside the messages (MessageTheme).
	msg   *theme.Theme
	diags diag.List
}

// MessageTheme returns, of the themes of an office's languages, the one
// whose phrase book words the dates and lists inside check's messages and
// the statutory clock: the messages are English sentences, so the English
// edition's when the office has one (langtag.Messages), else the first
// language's. The documents keep their own languages.
func MessageTheme(themes []*theme.Theme) *theme.Theme {
	var langs []string
	for _, th := range themes {
		langs = append(langs, th.Lang)
	}
	lang := langtag.Messages(langs)
	for _, th := range themes {
		if th.Lang == lang {
			return th
		}
	}
	return themes[0]
}

// langs are the office's languages, each with its theme when Run has one.
func (c *checker) langs() []string { return languages(c.f) }

// msgLang is the language of the texts quoted inside a message: that of
// the message theme when the office writes in it, else the first.
func (c *checker) msgLang() string {
	if slices.Contains(c.langs(), c.msg.Lang) {
		return c.msg.Lang
	}
	return c.langs()[0]
}

// languages lists the languages f is published in, the first first.
func languages(f *response.Folder) []string {
	if len(f.Languages) == 0 {
		return []string{f.Office.Language}
	}
	return f.Languages
}

func (c *checker) at(src *response.Source, path string, sev diag.Severity, format string, args ...any) {
	p := src.At(path)
	c.diags = append(c.diags, diag.Diagnostic{File: src.File, Line: p.Line, Col: p.Col, Severity: sev, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) error(src *response.Source, path, format string, args ...any) {
	c.at(src, path, diag.Error, format, args...)
}

func (c *checker) warn(src *response.Source, path, format string, args ...any) {
	c.at(src, path, diag.Warning, format, args...)
}

// date words a day inside a message.
func (c *checker) date(t time.Time) string {
	s, err := c.msg.Date(t)
	if err != nil {
		return t.Format(time.DateOnly)
	}
	return s
}

// clock applies s.55(5A): publication within 56 days beginning with the
// report's publication day.
func (c *checker) clock(k Clock) {
	src := c.f.Source
	switch {
	case k.Letter.Before(k.Published):
		c.error(src, "letter.date", "the letter (%s) is dated before the report was published (%s)", c.date(k.Letter), c.date(k.Published))
	case k.DaysLate(k.Letter) > 0:
		c.warn(src, "letter.date", "the letter of %s is %s late: s.55(5A) required publication by %s, 56 days beginning with %s",
			c.date(k.Letter), days(k.DaysLate(k.Letter)), c.date(k.LastDay), c.date(k.Published))
	}
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// recipient warns when the letter is not addressed to the Home Secretary
// (in any language, by the phrase book's words for the office), or names
// someone who did not hold the office on the letter's date (in none of its
// languages' forms of the name).
func (c *checker) recipient() {
	f := c.f
	rc := f.Recipient
	locate := func(field string) (*response.Source, string) {
		if _, ok := f.Source.Pos["letter.recipient."+field]; ok {
			return f.Source, "letter.recipient." + field
		}
		return f.Locate("office.recipient." + field)
	}
	for i, th := range c.themes {
		lang := c.langs()[min(i, len(c.langs())-1)]
		role := rc.Role.In(lang)
		words, err := th.Phrase("home_secretary", nil)
		if err != nil || !strings.Contains(strings.ToLower(role), strings.ToLower(strings.TrimSpace(words))) {
			src, path := locate("role")
			in := ""
			if len(c.themes) > 1 || th.Lang != response.DefaultLanguage {
				// Say what is looked for, where it is not the default's.
				in = fmt.Sprintf(" (in %s, %q)", lang, strings.TrimSpace(words))
			}
			c.warn(src, rc.Role.Path(path, lang), "the letter is addressed to %q, not the Home Secretary%s: s.55(6) sends a copy to the Home Secretary", role, in)
			return
		}
	}
	if rc.Name.Blank() {
		return
	}
	day := f.Response.Letter.Date
	var names []string
	for _, lang := range c.langs() {
		if statute.Held(c.th.Holders, rc.Name.In(lang), day) {
			return
		}
		if n := rc.Name.In(lang); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	var on []string
	for _, h := range statute.HoldersOn(c.th.Holders, day) {
		on = append(on, h.Name)
	}
	msg := fmt.Sprintf("%s was not Home Secretary on %s", strings.Join(names, " / "), c.date(day))
	if len(on) > 0 {
		msg += "; " + c.msg.AndList(on) + " was"
	}
	src, path := locate("name")
	c.warn(src, path, "%s", msg)
}

// copies warns when no copy goes to HMICFRS (s.55(6)).
func (c *checker) copies() {
	for _, cc := range c.f.CC {
		for _, lang := range c.langs() {
			if strings.Contains(strings.ToLower(cc.In(lang)), "hmic") {
				return
			}
		}
	}
	src, path := c.f.Source, "letter.cc"
	if _, ok := src.Pos[path]; !ok {
		src, path = c.f.Locate("office.cc")
	}
	c.warn(src, path, "no copy goes to HMICFRS: s.55(6) sends it a copy of what is published")
}

var kindNames = map[string]string{
	response.Recommendation:     "recommendation",
	response.CauseOfConcern:     "cause of concern",
	response.AreaForImprovement: "area for improvement",
}

// numbers reports repeated and out-of-order numbers within each kind, and
// warns of gaps.
func (c *checker) numbers(path string, items []response.Item) {
	type seen struct {
		n    int
		path string
	}
	last := map[string]seen{}
	first := map[string]map[int]string{}
	var walk func(path string, items []response.Item)
	walk = func(path string, items []response.Item) {
		for i, it := range items {
			p := fmt.Sprintf("%s.items[%d]", path, i)
			if it.Number > 0 && kindNames[it.Kind] != "" {
				if first[it.Kind] == nil {
					first[it.Kind] = map[int]string{}
				}
				name := kindNames[it.Kind]
				prev := last[it.Kind]
				switch {
				case first[it.Kind][it.Number] != "":
					c.error(c.f.Source, p+".number", "%s %d is given twice (first at %s)", name, it.Number, first[it.Kind][it.Number])
				case it.Number < prev.n:
					c.error(c.f.Source, p+".number", "%s %d comes after %s %d", name, it.Number, name, prev.n)
				case it.Number > prev.n+1:
					if it.Number == prev.n+2 {
						c.warn(c.f.Source, p+".number", "%s %d is missing", name, prev.n+1)
					} else {
						c.warn(c.f.Source, p+".number", "%ss %d to %d are missing", name, prev.n+1, it.Number-1)
					}
				}
				if first[it.Kind][it.Number] == "" {
					first[it.Kind][it.Number] = p
				}
				if it.Number > prev.n {
					last[it.Kind] = seen{it.Number, p}
				}
			}
			walk(p, it.Items)
		}
	}
	walk(path, items)
}

// items applies s.55(5B): every recommendation explains the action taken or
// proposed, or why none; areas for improvement only warn.
func (c *checker) items(path string, items []response.Item, nested bool) {
	for i, it := range items {
		p := fmt.Sprintf("%s.items[%d]", path, i)
		name := fmt.Sprintf("%s %d", kindNames[it.Kind], it.Number)
		sev := diag.Error
		if it.Kind == response.AreaForImprovement {
			sev = diag.Warning
		}
		switch {
		case it.Kind == response.CauseOfConcern:
			if len(it.Items) == 0 {
				c.warn(c.f.Source, p, "%s holds no recommendations; a cause of concern carries the recommendations made under it", name)
			}
			c.items(p, it.Items, true)
			continue
		case !it.Response.Blank():
		case it.Standard != "" && c.lacksStandard(it.Standard) != "":
			book := "the phrase book"
			if len(c.themes) > 1 {
				book = "the " + c.lacksStandard(it.Standard) + " phrase book"
			}
			c.error(c.f.Source, p+".standard", "%s has no standard sentence %q", book, it.Standard)
		case len(it.Addressees) == 0:
			c.at(c.f.Source, p+".response", sev, "%s has no response: s.55(5B) needs the action taken or proposed, or why none; write the force's response, or list the addressees for the standard sentence", name)
		case AddressesForce(c.f, it.Addressees):
			c.at(c.f.Source, p+".addressees", sev, "%s is addressed to the force (%s) but has no response: s.55(5B) needs the action taken or proposed, or why none", name, c.msg.AndList(response.Strings(it.Addressees, c.msgLang())))
		}
	}
}

// forceWords are addressees that name the force itself.
var forceWords = regexp.MustCompile(`(?i)^(all |the )?(police )?forces?$|^(the )?police$|^chief constables?$`)

// lacksStandard returns the language whose phrase book has no standard
// sentence name, or "".
func (c *checker) lacksStandard(name string) string {
	for i, th := range c.themes {
		if !th.HasStandard(name) {
			return c.langs()[min(i, len(c.langs())-1)]
		}
	}
	return ""
}

// Unanswered reports whether an item still lacks what s.55(5B) asks for:
// a recommendation or area for improvement with no response of the
// force's, and no addressees other than the force for the standard
// sentence to name. A cause of concern is answered through the
// recommendations under it.
func Unanswered(f *response.Folder, it response.Item) bool {
	return it.Kind != response.CauseOfConcern && it.Response.Blank() &&
		(len(it.Addressees) == 0 || AddressesForce(f, it.Addressees))
}

// AddressesForce reports whether an addressee is the force itself, in any
// of the office's languages: the force's name or short name, or (in
// English) words such as "police forces".
func AddressesForce(f *response.Folder, addressees []response.Text) bool {
	force := f.Office.Force
	for _, t := range addressees {
		for _, lang := range languages(f) {
			a := strings.TrimSpace(t.In(lang))
			if forceWords.MatchString(a) || strings.EqualFold(a, force.Name.In(lang)) || strings.EqualFold(a, force.ShortName.In(lang)) {
				return true
			}
		}
	}
	return false
}

func countKind(items []response.Item, kind string) int {
	n := 0
	for _, it := range items {
		if it.Kind == kind {
			n++
		}
		n += countKind(it.Items, kind)
	}
	return n
}

var numberWords = []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}

var stated = regexp.MustCompile(`(?i)\b(\d+|` + strings.Join(numberWords, "|") + `) recommendations\b`)

// counts compares a count of recommendations stated in the appendices'
// introductions in English ("13 recommendations") with the data.
func (c *checker) counts(total int) {
	for i, a := range c.f.Response.Appendices {
		for _, lang := range c.langs() {
			c.count(total, a.Introduction.Path(fmt.Sprintf("appendices[%d].introduction", i), lang), a.Introduction.In(lang))
			if !a.Introduction.Mapped() {
				break
			}
		}
	}
}

// submission warns, before the day of issue, of what would make s55 issue
// refuse to write the s.55(6) copy: a missing or malformed address of the
// Home Office, HMICFRS or the office.
func (c *checker) submission() {
	if c.f.Office.Submission == nil {
		src, path := c.f.Locate("office.submission")
		c.warn(src, path, "the office profile has no submission addresses (to: the Home Office, cc: HMICFRS, from: the office), so s55 issue cannot write the s.55(6) copy and refuses; s55 init shows the fields")
		return
	}
	_, diags := submission.Check(c.f)
	for _, d := range diags {
		d.Severity = diag.Warning
		d.Msg += " (s55 issue refuses until it is)"
		c.diags = append(c.diags, d)
	}
}

// count compares the counts stated in the introduction text at path.
func (c *checker) count(total int, path, text string) {
	for _, m := range stated.FindAllStringSubmatch(text, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n = slices.Index(numberWords, strings.ToLower(m[1]))
		}
		if n != total {
			c.error(c.f.Source, path, "the introduction speaks of %q but the appendices hold %d", m[0], total)
		}
	}
}

var placeholder = regexp.MustCompile(`(?m)^\[[^\]]+\]\s*$`)

// placeholders warns of the bracketed instructions that a new letter starts
// with, left in place, in each language's letter.
func (c *checker) placeholders() {
	for _, b := range c.f.Letters {
		lines := diag.NewLines(b.Data)
		for _, loc := range placeholder.FindAllIndex(b.Data, -1) {
			line, _ := lines.Pos(loc[0])
			c.diags = append(c.diags, diag.Diagnostic{File: b.File, Line: line, Col: 1, Severity: diag.Warning,
				Msg: "an instruction in square brackets is still in the letter; replace it with the letter's text"})
		}
	}
}
