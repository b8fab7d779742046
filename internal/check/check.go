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

	"github.com/opcc-tools/s55/internal/addressee"
	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
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
	c.msg = theme.Officer(c.themes)
	c.who = addressee.New(f, c.themes)
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
	for i, a := range r.Appendices {
		path := fmt.Sprintf("appendices[%d]", i)
		c.numbers(path, a.Items)
		c.items(path, a.Items, false)
	}
	c.counts()
	c.chiefOfficer(clock)
	c.placeholders()
	c.submission()
	c.characters()
	c.accessibility()
	c.translations()
	c.roles()
	return clock, c.diags
}

type checker struct {
	f      *response.Folder
	th     *theme.Theme
	themes []*theme.Theme
	// msg words the dates and lists inside the messages (theme.Officer).
	msg *theme.Theme
	// who says whom each item is addressed to.
	who   *addressee.Classifier
	diags diag.List
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
func (c *checker) date(t time.Time) string { return day.Format(c.msg, t) }

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

func days(n int) string { return count.English(n, "day", "days") }

// chiefOfficer reads the day the chief officer's comments were due
// (s.55(4)): a day before the report was published is a slip; once it has
// passed, with items addressed to the force still lacking the force's
// response, they are named.
func (c *checker) chiefOfficer(k Clock) {
	due := c.f.Response.ChiefOfficerDue
	if due.IsZero() {
		return
	}
	const path = "chief_officer_due"
	if due.Before(k.Published) {
		c.warn(c.f.Source, path, "the chief officer's comments are due on %s, before the report was published on %s", c.date(due), c.date(k.Published))
		return
	}
	if !day.Of(k.Today).After(due) {
		return
	}
	var open []string
	var walk func(items []response.Item)
	walk = func(items []response.Item) {
		for _, it := range items {
			if force, _ := c.who.Needs(it); force && it.Response.Blank() && it.Kind != response.CauseOfConcern {
				open = append(open, fmt.Sprintf("%s %d", kindNames[it.Kind], it.Number))
			}
			walk(it.Items)
		}
	}
	for _, a := range c.f.Response.Appendices {
		walk(a.Items)
	}
	if len(open) == 0 {
		return
	}
	c.warn(c.f.Source, path, "the chief officer's comments were due on %s (s.55(4)), %s ago, and %s still %s no response from the force: %s",
		c.date(due), days(day.Between(due, k.Today)), count.English(len(open), "item", "items"),
		map[bool]string{true: "has", false: "have"}[len(open) == 1], c.msg.AndList(open))
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

// kindPlurals name more than one item of a kind.
var kindPlurals = map[string]string{
	response.Recommendation:     "recommendations",
	response.CauseOfConcern:     "causes of concern",
	response.AreaForImprovement: "areas for improvement",
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
						c.warn(c.f.Source, p+".number", "%s %d to %d are missing", kindPlurals[it.Kind], prev.n+1, it.Number-1)
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
// proposed, or why none: the force's response when the item is addressed
// to the force, the office's own when it is addressed to the office, and
// the standard sentence only for an item addressed to other bodies alone
// (package addressee decides whom). Areas for improvement only warn.
func (c *checker) items(path string, items []response.Item, nested bool) {
	for i, it := range items {
		p := fmt.Sprintf("%s.items[%d]", path, i)
		name := fmt.Sprintf("%s %d", kindNames[it.Kind], it.Number)
		sev := diag.Error
		if it.Kind == response.AreaForImprovement {
			sev = diag.Warning
		}
		c.position(p, name, it)
		c.deadline(p, name, it)
		if it.Kind == response.CauseOfConcern {
			if len(it.Items) == 0 {
				c.warn(c.f.Source, p, "%s holds no recommendations; a cause of concern carries the recommendations made under it", name)
			}
			c.items(p, it.Items, true)
			continue
		}
		if it.Standard != "" && c.lacksStandard(it.Standard) != "" {
			book := "the phrase book"
			if len(c.themes) > 1 {
				book = "the " + c.lacksStandard(it.Standard) + " phrase book"
			}
			c.error(c.f.Source, p+".standard", "%s has no standard sentence %q", book, it.Standard)
		}
		force, office := c.who.Needs(it)
		switch {
		case !force || !it.Response.Blank():
		case c.who.Item(it) == 0:
			// No addressee, or none that names anyone: the force's.
			c.at(c.f.Source, p+".response", sev, "%s has no response: s.55(5B) needs the action taken or proposed, or why none; write the force's response, or list the addressees for the standard sentence", name)
		default:
			c.at(c.f.Source, p+".addressees", sev, "%s has no force response, though it is addressed to the force as %s: s.55(5B) needs the action taken or proposed, or why none", name, c.naming(it, addressee.Force))
		}
		if office && it.OfficeResponse.Blank() {
			c.at(c.f.Source, p+".office_response", sev, "%s has no office response, though it is addressed to the office as %s: s.55(5B) needs the office's own answer, the action taken or proposed, or why none; write it under office_response", name, c.naming(it, addressee.Office))
		}
	}
}

// deadline warns of a deadline whose words set no day that can be read:
// the tracker then takes no target date from it (day.Deadline).
func (c *checker) deadline(path, name string, it response.Item) {
	_, unread := it.DeadlineDay(path, c.f.Response.Report.Published)
	for _, u := range unread {
		c.warn(c.f.Source, u.Path, "%s: the deadline %q sets no day s55 can read, so the tracker takes no target date from it; write it as the report does, such as \"By 31 March 2024\", \"Within six months\" or \"By the end of 2024\", or give the force's target", name, strings.TrimSpace(u.Text))
	}
}

// naming lists, in the language of the messages, the addressees of it
// that name the body b.
func (c *checker) naming(it response.Item, b addressee.Class) string {
	var list []string
	for _, a := range it.Addressees {
		if c.who.Addressee(a).Has(b) {
			list = append(list, `"`+a.In(c.msgLang())+`"`)
		}
	}
	return c.msg.AndList(list)
}

// position checks the position an item takes: a reason is given for one
// that does not accept the item (an unknown position is refused when the
// response is read).
func (c *checker) position(p, name string, it response.Item) {
	if response.PositionNeedsReason(it.Position) && it.PositionReason.Blank() {
		c.error(c.f.Source, p+".position_reason", "%s is %s but gives no reason: write why under position_reason", name, strings.ReplaceAll(it.Position, "-", " "))
	}
}

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

// counts checks the total of recommendations an appendix's introduction
// states in the sentence s55 new writes there (the phrase book's
// scaffold_introduction: "HMICFRS have set out 13 recommendations in the
// report:"), in each language of the office, against the recommendations
// the appendix holds. Any other number of an introduction ("Three
// recommendations are addressed to chief constables") is the office's own
// and never refused.
func (c *checker) counts() {
	for i, a := range c.f.Response.Appendices {
		total := countKind(a.Items, response.Recommendation)
		for j, lang := range c.langs() {
			th := c.themes[min(j, len(c.themes)-1)]
			c.count(th, lang, total, a.Introduction.Path(fmt.Sprintf("appendices[%d].introduction", i), lang), a.Introduction.In(lang))
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

var digits = regexp.MustCompile(`\d+`)

// count compares the total stated in the introduction text at path, in
// lang with its theme th, with total: a number is the stated total when
// the words before it are those the phrase scaffold_introduction writes
// before that number (or, for a phrase that starts with the number, the
// word after it is the phrase's), whatever the case and spacing.
func (c *checker) count(th *theme.Theme, lang string, total int, path, text string) {
	data := map[string]any{"Report": response.View(c.f.Response.Report, lang), "Office": response.View(c.f.Office, lang)}
	sentences := map[int]string{}
	for _, m := range digits.FindAllStringIndex(text, -1) {
		n, err := strconv.Atoi(text[m[0]:m[1]])
		if err != nil || n == total {
			continue
		}
		sentence, ok := sentences[n]
		if !ok {
			data["Recommendations"] = n
			sentence, _ = th.Phrase("scaffold_introduction", data)
			sentences[n] = sentence
		}
		lead, tail, ok := aroundNumber(sentence, n)
		if !ok {
			continue
		}
		before, after := words(text[:m[0]]), words(text[m[1]:])
		var quote string
		switch {
		case len(lead) > 0 && endsWith(before, lead):
			orig := strings.Fields(text[:m[0]])
			quote = strings.Join(append(orig[len(orig)-len(lead):], text[m[0]:m[1]]), " ")
		case len(lead) == 0 && len(tail) > 0 && len(after) > 0 && after[0] == tail[0]:
			quote = text[m[0]:m[1]] + " " + after[0]
		default:
			continue
		}
		c.error(c.f.Source, path, "the introduction states a total of %d (%q), but the appendix holds %s", n, quote, count.English(total, "recommendation", "recommendations"))
	}
}

// aroundNumber returns the words of sentence before and after the number
// n in it, in lower case.
func aroundNumber(sentence string, n int) (lead, tail []string, ok bool) {
	want := strconv.Itoa(n)
	for _, m := range digits.FindAllStringIndex(sentence, -1) {
		if sentence[m[0]:m[1]] == want {
			return words(sentence[:m[0]]), words(sentence[m[1]:]), true
		}
	}
	return nil, nil, false
}

// words splits s at spaces into lower-case words.
func words(s string) []string {
	return strings.Fields(strings.ToLower(s))
}

// endsWith reports whether the words of s end with those of suffix.
func endsWith(s, suffix []string) bool {
	return len(s) >= len(suffix) && slices.Equal(s[len(s)-len(suffix):], suffix)
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
