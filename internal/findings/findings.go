// Package findings reads the findings of an HMICFRS report out of text
// pasted from it: recommendations, causes of concern (with the
// recommendations under them) and areas for improvement. s55 new uses it to
// scaffold a response with one item for each finding.
//
// Text copied from a PDF or a web page is untidy, so Parse first cleans
// each line: it accepts "\n", "\r\n" or "\r" line ends, turns every kind
// of space (tabs, non-breaking and thin spaces, form feeds) into a plain
// space, drops control and invisible formatting characters (soft hyphens,
// zero-width spaces, byte order marks), splits ligatures such as "ﬁ",
// collapses runs of spaces and trims the line. A line that is only a page
// number ("12", "Page 3", "Page 3 of 40") is dropped; if the text before it
// stopped mid-sentence, the text after it continues the same paragraph.
// Line numbers in the result count the lines of the input as given.
//
// # What Parse recognises
//
// A labelled finding: a line that starts "Recommendation 3", "Cause of
// concern 1" or "Area for improvement 2" (the number may be left out)
// followed by the end of the line or by ":", ".", ")" or a dash and the
// text. "Recommendation 5 of our 2019 report" does not start a finding: a
// number must be followed by punctuation or the end of the line. A list
// number or bullet before the label ("4. **Recommendation 4:** ...", as in
// a previous response) is dropped.
//
// A section heading: a line that is only "Recommendations", "Causes of
// concern" or "Areas for improvement" (optionally with "Our" or "The"
// before and ":" after). Under it, a numbered list ("1. ", "2) ", "(3) ")
// or a bulleted list makes one finding of the section's kind for each
// entry; the text after the heading and before the first entry is the
// section's lead-in. A section with no list at all makes one finding for
// each paragraph. Text before any heading is read as if under
// "Recommendations", but only a numbered list starts findings there.
//
// A cause of concern started by its label ("Cause of concern 1") owns the
// recommendations that follow it, which become its Children, until the
// next cause of concern or area for improvement or a "Causes of concern" or
// "Areas for improvement" heading. Its recommendations may come as
// labelled findings, under a "Recommendations" heading, or as a list after
// a paragraph of the cause that ends with ":" and mentions recommending
// ("we recommend that the force should, within six months:"). A lead-in
// under the heading stays in the cause's Text, where it reads in order.
//
// # Lists inside a finding
//
// Bullets inside a finding (•, ●, ▪, ◦, *, o and others; a dash only after
// a blank line, a line ending ":" or ";", or another bullet) become a
// Markdown list in its Text, unless they are the section's own bullets.
// In a bulleted section, a bullet with a different mark is a sub-action.
//
// A numbered line in a numbered section starts a new finding only when it
// is at the start of a line and is not a sub-list of the current finding.
// It is a sub-list, kept in the Text as written, when its marker differs
// from the section's ("1)" in a "1." list), when the line before ends with
// ":", or when it continues a sub-list whose line before ends without a
// full stop. Otherwise it starts a finding when its number is the next
// one, or, out of order, when it follows a blank line or a full sentence
// and its text starts with a capital. So recommendation 5's inline
// "1) considering early investigative advice ... 2) the investigator ..."
// stays inside recommendation 5 however the lines wrap.
//
// # Deadlines
//
// Deadline records a deadline the report sets: "Immediately" at the start
// of the text, or the first "within six months (of the publication of this
// report)" or "by 31 March 2024", "by January 2024", "by the end of 2024"
// in its first sentence, as written and without the comma. A finding that
// states none takes one from its list's lead-in ("Within three months, the
// force should:"). The words stay in Text.
//
// # Addressees
//
// Addressee records whom a finding addresses: the subject of its first
// sentence, the words before its first "should" or "must" ("Police forces
// and CPS Areas should ..."), without a deadline in front of them
// ("Immediately, chief constables should ...") and with "The" written
// "the", as one text however many bodies it names; "" when the first
// sentence has no such words. A finding of a list takes its lead-in's
// ("Within three months, the force should:"). Whom those words name (the force, the
// office, another body) is package addressee's to say.
//
// Parse keeps numbers as printed, repeated or out of order; s55 check
// reports them. Text after the last finding belongs to it, so paste the
// findings rather than the whole report.
package findings

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/diag"
)

// Kind is the kind of a finding.
type Kind string

// The kinds of finding in an HMICFRS report.
const (
	Recommendation     Kind = "recommendation"
	CauseOfConcern     Kind = "cause-of-concern"
	AreaForImprovement Kind = "area-for-improvement"
)

// Finding is one finding of a report.
type Finding struct {
	Kind Kind
	// Number is the number printed in the report, or 0 if the report
	// gives none (a bulleted list, a lone "Cause of concern" heading).
	Number int
	// Text is the report's text in Markdown: paragraphs separated by a
	// blank line, each on one line, sub-actions as "- " list items.
	Text string
	// Deadline is the deadline the report sets, as it states it:
	// "Immediately", "Within three months", "By 31 March 2024"; "" if none.
	Deadline string
	// Addressee is whom its first sentence addresses, as written: "police
	// forces", "the College of Policing and the CPS"; "" if it names none.
	Addressee string
	// Line is the 1-based line of the input where the finding starts.
	Line int
	// Children are the recommendations made under a cause of concern.
	Children []Finding
}

// ErrNoFindings is returned by Parse when the text holds no finding it
// recognises.
var ErrNoFindings = errors.New("no numbered recommendations, causes of concern or areas for improvement found")

// Parse reads the findings out of text pasted from a report, in the order
// they appear. It returns ErrNoFindings if it recognises none.
func Parse(text string) ([]Finding, error) {
	p := &parser{}
	p.sec = &section{kind: Recommendation, implicit: true}
	for i, raw := range splitLines(text) {
		s := clean(raw)
		switch {
		case s == "":
			p.blank = true
			continue
		case match(furniture(), s) != nil:
			p.furniture = true
			continue
		}
		if p.furniture && p.prev != "" && !endsSentence(p.prev) {
			p.blank = false
		}
		p.furniture = false
		p.line(i+1, s)
		p.prev = s
		p.blank = false
	}
	p.closeSection(true)
	if len(p.top) == 0 {
		return nil, ErrNoFindings
	}
	out := make([]Finding, len(p.top))
	for i, it := range p.top {
		out[i] = it.finding()
	}
	return out, nil
}

// cost is told the size of each piece of text the parser reads or makes,
// in bytes: every line it cleans, every match of a pattern, every text it
// joins and every sentence it searches for a deadline. Tests count with it
// to prove the work linear in the input; it does nothing otherwise.
var cost = func(n int) {}

// match runs the pattern re on s and counts the work.
func match(re *regexp.Regexp, s string) []string {
	cost(len(s))
	return re.FindStringSubmatch(s)
}

// splitLines splits text at "\n", "\r\n" and "\r".
func splitLines(text string) []string {
	lines := diag.NewLines([]byte(text))
	out := make([]string, lines.Count())
	for i := range out {
		out[i] = string(lines.Line(i + 1))
	}
	return out
}

// ligatures are the typographic ligatures a PDF copy may leave in text.
var ligatures = map[rune]string{
	'ﬀ': "ff", 'ﬁ': "fi", 'ﬂ': "fl", 'ﬃ': "ffi", 'ﬄ': "ffl", 'ﬅ': "st", 'ﬆ': "st",
}

// clean tidies one line: every space becomes ' ', control and formatting
// characters go, ligatures are split, spaces collapse and the ends are
// trimmed. Invalid UTF-8 becomes U+FFFD.
func clean(s string) string {
	cost(len(s))
	var b strings.Builder
	space := true // at the start: drop leading spaces
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case r != utf8.RuneError && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)):
			continue
		}
		if lig, ok := ligatures[r]; ok {
			b.WriteString(lig)
		} else {
			b.WriteRune(r)
		}
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// compiled returns the regular expression expr, compiled the first time
// it is asked for: only "s55 new" reads a report's text, and compiling
// these at start-up cost every other command about 10 M instructions.
func compiled(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// furniture matches a line that is only a page number.
var furniture = compiled(`^(?i:page\s+)?\d{1,3}(?:\s+(?i:of)\s+\d{1,4})?$`)

// endsSentence reports whether a line ends with a full stop, question or
// exclamation mark, before any closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"')]’”*`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!")
}

// endsWithAny reports whether s ends with one of the characters in chars,
// before any closing "**".
func endsWithAny(s, chars string) bool {
	s = strings.TrimRight(s, "*")
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && strings.ContainsRune(chars, r)
}

// A heading is a line that opens a section of findings.
var heading = compiled(`^(?:#+ ?)?(?:\*\*)?(?:(?:Our|OUR|The|THE) )?((?i:recommendations|causes (?:of|for) concern|areas for improvement))(?:\*\*)?:?(?:\*\*)?$`)

// parseHeading returns the kind of findings a heading line opens.
func parseHeading(s string) (Kind, bool) {
	m := match(heading(), s)
	if m == nil || !startsUpper(m[1]) {
		return "", false
	}
	return kindOf(m[1]), true
}

// label matches the start of a labelled finding.
var label = compiled(`^(?:\*\*)?((?i:recommendation|cause (?:of|for) concern|area for improvement))(?: (\d{1,3}))?(?:\*\*)?(?: ?([:.)\-–—]))?(?:\*\*)?(?: (.*)|(.*))$`)

// labelled is a labelled finding's first line.
type labelled struct {
	kind   Kind
	number int
	rest   string
}

// parseLabel recognises a labelled finding such as "Recommendation 1:
// Immediately, ..." or "Cause of concern" on its own.
func parseLabel(s string) (labelled, bool) {
	m := match(label(), s)
	if m == nil || !startsUpper(m[1]) {
		return labelled{}, false
	}
	sep, rest := m[3], m[4]+m[5]
	if sep == "" && rest != "" {
		// "Recommendation 5 of our 2019 report", "Recommendations".
		return labelled{}, false
	}
	if m[5] != "" && m[2] == "" {
		// "Recommendation-led": without a number, text must follow a space.
		return labelled{}, false
	}
	n, _ := strconv.Atoi(m[2])
	return labelled{kind: kindOf(m[1]), number: n, rest: strings.TrimSpace(strings.TrimPrefix(rest, "**"))}, true
}

// kindOf maps a label or heading to its kind.
func kindOf(s string) Kind {
	switch s = strings.ToLower(s); {
	case strings.HasPrefix(s, "cause"):
		return CauseOfConcern
	case strings.HasPrefix(s, "area"):
		return AreaForImprovement
	}
	return Recommendation
}

// startsUpper reports whether s starts with an upper-case letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// numbered matches a numbered list entry: "1. ", "2) " or "(3) ".
var numbered = compiled(`^(?:(\d{1,3})([.)])|\((\d{1,3})\))(?: (.*))?$`)

// entry is a numbered list entry.
type entry struct {
	number int
	marker string // "1.", "1)" or "(1)"
	rest   string
}

// parseNumbered recognises a numbered list entry.
func parseNumbered(s string) (entry, bool) {
	m := match(numbered(), s)
	if m == nil {
		return entry{}, false
	}
	if m[3] != "" {
		n, _ := strconv.Atoi(m[3])
		return entry{number: n, marker: "(1)", rest: m[4]}, true
	}
	n, _ := strconv.Atoi(m[1])
	return entry{number: n, marker: "1" + m[2], rest: m[4]}, true
}

// Bullets: strong marks are bullets wherever they start a line; weak ones
// (dashes) only where a list is likely.
const (
	strongBullets = "•●▪■◦○►➢➤✓✔·‣⁃∙\uf0b7\uf0a7\uf0d8\uf076\uf0fc"
	spacedBullets = "*o" // bullets only when a space follows
	weakBullets   = "-–—‒"
)

// bullet is a bulleted list entry.
type bullet struct {
	mark string
	weak bool
	rest string
}

// parseBullet recognises a bulleted line.
func parseBullet(s string) (bullet, bool) {
	r, size := utf8.DecodeRuneInString(s)
	rest := s[size:]
	spaced := strings.HasPrefix(rest, " ")
	rest = strings.TrimSpace(rest)
	switch {
	case strings.ContainsRune(strongBullets, r):
		return bullet{mark: string(r), rest: rest}, true
	case spaced && strings.ContainsRune(spacedBullets, r):
		return bullet{mark: string(r), rest: rest}, true
	case spaced && strings.ContainsRune(weakBullets, r):
		return bullet{mark: string(r), weak: true, rest: rest}, true
	}
	return bullet{}, false
}

// block is a paragraph or a list of a text. A paragraph has one entry; a
// list has one for each of its items. An entry holds the lines it was
// written on.
type block struct {
	list    bool
	entries [][]string
}

// text renders a block as Markdown.
func (b block) text() string {
	var out []string
	for _, e := range b.entries {
		if len(e) > 0 {
			out = append(out, strings.Join(e, " "))
		}
	}
	if len(out) == 0 {
		return ""
	}
	for _, o := range out {
		cost(len(o))
	}
	if b.list {
		return "- " + strings.Join(out, "\n- ")
	}
	return strings.Join(out, " ")
}

// paragraph returns a paragraph block of the given lines.
func paragraph(lines []string) block {
	return block{entries: [][]string{lines}}
}

// item is a finding being built.
type item struct {
	kind     Kind
	number   int
	line     int
	blocks   []block
	children []*item
	deadline string // the deadline set by the lead-in of the item's list
	// addressee is whom the lead-in of the item's list addresses.
	addressee string
	subNext   int // the number expected next in a sub-list of the item
	// recommends is whether the last paragraph mentions recommending.
	recommends bool
}

// addText adds a line of text to the item: a new paragraph after a blank
// line, otherwise a continuation of its last paragraph or list entry.
func (it *item) addText(s string, newPara bool) {
	mentions := strings.Contains(strings.ToLower(s), "recommend")
	if len(it.blocks) == 0 || newPara {
		it.blocks = append(it.blocks, paragraph([]string{s}))
		it.recommends = mentions
		return
	}
	b := &it.blocks[len(it.blocks)-1]
	e := &b.entries[len(b.entries)-1]
	*e = append(*e, s)
	it.recommends = it.recommends || mentions
}

// addBullet adds a list entry to the item's last list, or starts a list.
func (it *item) addBullet(s string) {
	var lines []string
	if s != "" {
		lines = []string{s}
	}
	if n := len(it.blocks); n > 0 && it.blocks[n-1].list {
		it.blocks[n-1].entries = append(it.blocks[n-1].entries, lines)
		return
	}
	it.blocks = append(it.blocks, block{list: true, entries: [][]string{lines}})
	it.recommends = false
}

// introducesList reports whether the item's last block is a paragraph
// that introduces recommendations: it ends with ":" and mentions
// recommending ("we recommend that the force should, within six months:").
func (it *item) introducesList() bool {
	if len(it.blocks) == 0 || it.blocks[len(it.blocks)-1].list || !it.recommends {
		return false
	}
	e := it.blocks[len(it.blocks)-1].entries[0]
	return strings.HasSuffix(e[len(e)-1], ":")
}

// text renders the item's text as Markdown.
func (it *item) text() string {
	var out []string
	for _, b := range it.blocks {
		if t := b.text(); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n\n")
}

// finding turns the item into a Finding.
func (it *item) finding() Finding {
	f := Finding{Kind: it.kind, Number: it.number, Text: it.text(), Line: it.line}
	f.Deadline = Deadline(f.Text)
	if f.Deadline == "" {
		f.Deadline = it.deadline
	}
	if f.Addressee = Addressee(f.Text); f.Addressee == "" {
		f.Addressee = it.addressee
	}
	for _, c := range it.children {
		f.Children = append(f.Children, c.finding())
	}
	return f
}

// style is how the entries of a section are marked.
type style int

const (
	unmarked style = iota
	numberedStyle
	bulletStyle
	labelStyle
)

// leadPara is a paragraph of a section's lead-in.
type leadPara struct {
	line  int
	parts []string
}

// section is a run of findings of one kind: under a heading, after a
// label, or the implicit section at the start of the text.
type section struct {
	kind     Kind
	parent   *item // the cause of concern the findings belong to, if any
	implicit bool  // the text before any heading or label
	explicit bool  // opened by a heading or a lead-in
	style    style
	marker   string // the list marker or bullet of the section's entries
	count    int
	cur      *item
	lead     []leadPara
	deadline string // the deadline the lead-in sets, once it is complete
	// addressee is whom the lead-in addresses, once it is complete.
	addressee string
	pushed    bool // the lead-in has gone into the parent's text
}

// addLead adds a line to the section's lead-in.
func (s *section) addLead(line int, text string, newPara bool) {
	if len(s.lead) == 0 || newPara {
		s.lead = append(s.lead, leadPara{line: line})
	}
	p := &s.lead[len(s.lead)-1]
	p.parts = append(p.parts, text)
}

// leadText returns the last paragraph of the section's lead-in, the one
// that introduces its list.
func (s *section) leadText() string {
	if len(s.lead) == 0 {
		return ""
	}
	t := strings.Join(s.lead[len(s.lead)-1].parts, " ")
	cost(len(t))
	return t
}

// parser holds the state of one Parse.
type parser struct {
	top       []*item
	sec       *section
	open      *item // the finding that receives text
	cause     *item // the labelled cause of concern that owns recommendations
	blank     bool  // a blank line came since the last line of text
	furniture bool  // page furniture came since the last line of text
	prev      string
}

// line handles one non-blank line.
func (p *parser) line(n int, s string) {
	if k, ok := parseHeading(s); ok {
		p.heading(k)
		return
	}
	if l, ok := parseLabel(s); ok {
		p.label(n, l)
		return
	}
	if e, ok := parseNumbered(s); ok {
		if k, ok := parseHeading(e.rest); ok {
			p.heading(k)
			return
		}
		if l, ok := parseLabel(e.rest); ok {
			p.label(n, l)
			return
		}
		p.numbered(n, s, e)
		return
	}
	if b, ok := parseBullet(s); ok && (!b.weak || p.listLikely(b)) {
		if l, ok := parseLabel(b.rest); ok {
			p.label(n, l)
			return
		}
		p.bullet(n, b)
		return
	}
	p.text(n, s)
}

// listLikely reports whether a dash at the start of a line is likely to
// be a bullet rather than a dash in wrapped text.
func (p *parser) listLikely(b bullet) bool {
	s := p.sec
	switch {
	case p.blank, endsWithAny(p.prev, ":;"):
		return true
	case s.style == bulletStyle && s.marker == b.mark:
		return true
	case s.explicit && s.count == 0:
		return true
	case p.open != nil && len(p.open.blocks) > 0 && p.open.blocks[len(p.open.blocks)-1].list:
		return true
	}
	return false
}

// heading opens a section under a heading.
func (p *parser) heading(k Kind) {
	p.closeSection(true)
	var parent *item
	if k == Recommendation {
		parent = p.cause
	} else {
		p.cause = nil
	}
	p.sec = &section{kind: k, parent: parent, explicit: true}
	p.open = nil
}

// label starts a labelled finding.
func (p *parser) label(n int, l labelled) {
	var parent *item
	if l.kind == Recommendation {
		parent = p.cause
	} else {
		p.cause = nil
	}
	s := p.sec
	if s.kind == l.kind && s.parent == parent && (s.count == 0 || s.style == labelStyle) {
		// The label's own section, or a heading's section it takes over.
		s.style = labelStyle
	} else {
		p.closeSection(true)
		p.sec = &section{kind: l.kind, parent: parent, style: labelStyle}
	}
	it := p.newItem(n, l.number, l.rest)
	if l.kind == CauseOfConcern {
		p.cause = it
	}
}

// numbered handles a numbered line.
func (p *parser) numbered(n int, s string, e entry) {
	sec := p.sec
	switch {
	case (sec.explicit || sec.implicit) && sec.count == 0:
		sec.style, sec.marker = numberedStyle, e.marker
		p.newItem(n, e.number, e.rest)
	case sec.style == numberedStyle && sec.cur != nil:
		if p.startsEntry(sec, e) {
			p.newItem(n, e.number, e.rest)
		} else {
			sec.cur.addText(s, p.blank)
		}
	case p.leadIn():
		p.sec.style, p.sec.marker = numberedStyle, e.marker
		p.newItem(n, e.number, e.rest)
	case p.open != nil:
		p.open.addText(s, p.blank)
	}
}

// startsEntry decides whether a numbered line in a numbered section starts
// a new finding or belongs to a sub-list of the current one.
func (p *parser) startsEntry(sec *section, e entry) bool {
	cur := sec.cur
	sub := func() bool { cur.subNext = e.number + 1; return false }
	switch {
	case e.marker != sec.marker, endsWithAny(p.prev, ":"):
		return sub()
	case cur.subNext == e.number && !endsSentence(p.prev):
		return sub()
	case e.number == cur.number+1:
		return true
	case cur.subNext == e.number:
		return sub()
	case (p.blank || endsSentence(p.prev)) && (e.rest == "" || startsUpper(e.rest) || unicode.IsDigit(firstRune(e.rest))):
		return true
	}
	return false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// bullet handles a bulleted line.
func (p *parser) bullet(n int, b bullet) {
	sec := p.sec
	switch {
	case sec.explicit && sec.count == 0:
		sec.style, sec.marker = bulletStyle, b.mark
		p.newItem(n, 0, b.rest)
	case sec.style == bulletStyle && sec.marker == b.mark:
		p.newItem(n, 0, b.rest)
	case p.leadIn():
		p.sec.style, p.sec.marker = bulletStyle, b.mark
		p.newItem(n, 0, b.rest)
	case p.open != nil:
		p.open.addBullet(b.rest)
	}
}

// text handles a line of plain text.
func (p *parser) text(n int, s string) {
	sec := p.sec
	switch {
	case (sec.explicit || sec.implicit) && sec.count == 0:
		sec.addLead(n, s, p.blank)
	case p.open != nil:
		p.open.addText(s, p.blank)
	}
}

// leadIn reports whether the open finding is a labelled cause of concern
// whose last paragraph introduces its recommendations ("we recommend that
// the force should:"), and if so opens the section for them.
func (p *parser) leadIn() bool {
	c := p.cause
	if c == nil || p.open != c || p.sec.kind != CauseOfConcern || len(c.children) > 0 {
		return false
	}
	if !c.introducesList() {
		return false
	}
	para := c.blocks[len(c.blocks)-1].text()
	p.closeSection(false)
	p.sec = &section{kind: Recommendation, parent: c, explicit: true, pushed: true,
		lead: []leadPara{{line: c.line, parts: []string{para}}}}
	return true
}

// newItem starts a finding in the current section.
func (p *parser) newItem(line, number int, rest string) *item {
	sec := p.sec
	it := &item{kind: sec.kind, number: number, line: line}
	if sec.count == 0 && sec.explicit {
		sec.deadline = leadDeadline(sec.leadText())
		sec.addressee = Addressee(sec.leadText())
	}
	it.deadline, it.addressee = sec.deadline, sec.addressee
	if sec.parent != nil {
		if !sec.pushed {
			for _, lp := range sec.lead {
				sec.parent.blocks = append(sec.parent.blocks, paragraph(lp.parts))
			}
			sec.pushed = true
		}
		sec.parent.children = append(sec.parent.children, it)
	} else {
		p.top = append(p.top, it)
	}
	sec.count++
	sec.cur = it
	p.open = it
	if rest != "" {
		it.addText(rest, true)
	}
	return it
}

// closeSection ends the current section. A section opened by a heading
// that found no list makes a finding of each paragraph of its lead-in,
// unless convert is false.
func (p *parser) closeSection(convert bool) {
	sec := p.sec
	if !convert || !sec.explicit || sec.count > 0 || sec.pushed {
		return
	}
	lead := sec.lead
	sec.lead, sec.pushed = nil, true
	for _, lp := range lead {
		it := p.newItem(lp.line, 0, "")
		it.blocks = []block{paragraph(lp.parts)}
	}
}

// Deadlines a finding may state.
var (
	immediately = compiled(`^(?i:immediately)\b`)
	within      = compiled(`(?i)\bwithin (?:the next )?(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four) (?:calendar )?(?:days?|weeks?|months?|years?)\b(?: (?:of|from|after) (?:the )?(?:date of )?(?:the )?(?:publication of )?(?:this|the|our) (?:report|inspection)(?: being published| is published)?\b)?`)
	byDate      = compiled(`(?i)\bby (?:the end of )?(?:\d{1,2}(?:st|nd|rd|th)? )?(?:january|february|march|april|may|june|july|august|september|october|november|december),? \d{4}\b|\bby the end of \d{4}\b`)
)

// Deadline returns the deadline a finding's text states: "Immediately" at
// its start, or else the first "within three months ..." or "by 31 March
// 2024" in its first sentence, as written; "" if none.
func Deadline(text string) string {
	cost(len(text))
	if m := immediately().FindString(text); m != "" {
		return m
	}
	return firstDeadline(firstSentence(text))
}

// leadDeadline returns the deadline a list's lead-in sets for its entries.
func leadDeadline(lead string) string {
	cost(len(lead))
	if m := immediately().FindString(lead); m != "" {
		return m
	}
	return firstDeadline(lead)
}

// firstDeadline returns the earliest "within" or "by" deadline in s.
func firstDeadline(s string) string {
	cost(len(s))
	best, at := "", len(s)+1
	for _, re := range []*regexp.Regexp{within(), byDate()} {
		if loc := re.FindStringIndex(s); loc != nil && loc[0] < at {
			best, at = s[loc[0]:loc[1]], loc[0]
		}
	}
	return best
}

// subject is the words before the first "should" or "must" of a sentence.
var subject = compiled(`^(\S.{0,299}?)\s+(?:should|must)\b`)

// Addressee returns whom a finding's text addresses: the words before the
// first "should" or "must" of its first sentence, after any "we recommend
// that", without a deadline and its comma before or after them ("Within
// six months, the force"), and with "The" written "the"; "" when there
// are none.
func Addressee(text string) string {
	s := firstSentence(text)
	cost(min(len(s), 400))
	m := subject().FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	a := m[1]
	if i := strings.LastIndex(strings.ToLower(a), "recommend that"); i >= 0 {
		a = a[i+len("recommend that"):]
	}
	a = strings.Trim(a, " ,")
	isDeadline := func(s string) bool {
		s = strings.TrimSpace(s)
		return immediately().MatchString(s) || firstDeadline(s) != ""
	}
	if lead, rest, ok := strings.Cut(a, ","); ok && isDeadline(lead) {
		a = strings.Trim(rest, " ,")
	}
	if i := strings.LastIndex(a, ","); i >= 0 && isDeadline(a[i+1:]) {
		a = strings.Trim(a[:i], " ,")
	}
	if strings.HasPrefix(a, "The ") {
		a = "the " + a[len("The "):]
	}
	if a == "" || strings.ContainsAny(a, "\n.;:") {
		return ""
	}
	return a
}

// firstSentence returns the first sentence of the first paragraph of a
// text.
func firstSentence(text string) string {
	text, _, _ = strings.Cut(text, "\n\n")
	for i := 0; i < len(text); i++ {
		if (text[i] == '.' || text[i] == '?' || text[i] == '!') && (i+1 == len(text) || text[i+1] == ' ') {
			return text[:i+1]
		}
	}
	return text
}
