// Package addressee decides whom an item of a report is addressed to: the
// force, the office itself (the local policing body that signs the letter),
// or another body. It is the one place that decides it: check asks it which
// answers an item needs, compose whether the standard sentence may answer,
// the editor and the tracker what to show.
//
// The words come from each language's phrase book (the addressees section,
// which an office's own book may extend), and the office's own names (its
// force's name and short name, its chief officer's title, its commissioner's
// title). The rule reads an addressee as HMICFRS writes it, in any case,
// with any punctuation and spacing:
//
//   - it is cut into parts at joining words ("chief constables and PCCs");
//   - a part names the body of its first name ("chief constables"), with
//     any words that change nothing around it ("all", "every", "the", "in
//     England and Wales"), words that say whose it is followed by names
//     ("chief constables of forces"), and words that narrow it ("forces
//     that ...", "mayors with PCC functions");
//   - a count in digits changes nothing ("all 43 forces");
//   - a word that is no name, standing before one body's name ("Essex
//     Police") or right after any name ("Police Scotland"), makes the part
//     another body's; before a group's name it only describes the group
//     ("Welsh forces");
//   - names that hold a force's word but are other bodies ("police and
//     crime panels", "the National Police Chiefs' Council") are listed as
//     such, and the longest name always wins.
//
// In a language whose book gives initial mutations (Welsh), a name is also
// found in each of its mutated forms ("brif gwnstabliaid", "gomisiynwyr").
package addressee

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/opcc-tools/s55/internal/mutation"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// Class is whom an addressee or an item names, as a set: an addressee
// written "chief constables and PCCs" names the force and the office.
type Class uint8

// The bodies an item can be addressed to.
const (
	// Force is the force the office oversees, however named: "all chief
	// constables", "forces", the force's own name.
	Force Class = 1 << iota
	// Office is the office that signs the letter: "police and crime
	// commissioners", "PFCCs", "mayors with PCC functions".
	Office
	// Other is any other body: "the College of Policing", "the CPS".
	Other
)

// Has reports whether c holds every body of x.
func (c Class) Has(x Class) bool { return x != 0 && c&x == x }

// OtherOnly reports whether c names other bodies alone: the only items
// the standard sentence may answer.
func (c Class) OtherOnly() bool { return c == Other }

// String names the bodies of c: "force", "office and other".
func (c Class) String() string {
	var parts []string
	for _, b := range []struct {
		c    Class
		name string
	}{{Force, "force"}, {Office, "office"}, {Other, "other"}} {
		if c&b.c != 0 {
			parts = append(parts, b.name)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " and ")
}

// role is what a phrase of the book is in an addressee.
type role uint8

const (
	word   role = iota // a word no list holds
	one                // the name of one body
	many               // the name of a group of bodies
	skip               // changes nothing
	join               // stands between two addressees
	of                 // says whose the name before it is
	narrow             // starts what narrows the name before it
)

// phrase is one entry of the index: its tokens, what it is and, for a
// name, whose.
type phrase struct {
	tokens []string
	role   role
	class  Class
}

// Words is the classifier of one language.
type Words struct {
	// index maps a phrase's first token, in every mutated form, to the
	// phrases it starts, longest first.
	index map[string][]phrase
}

// Names are the office's own names in one language: its force's, which
// name the force, and its commissioner's, which name the office.
type Names struct {
	Force, Office []string
}

// NewWords builds the classifier of one language from its phrase book's
// words, its mutations (nil for none) and the office's names.
func NewWords(w theme.Addressees, m *mutation.Rules, names Names) *Words {
	ws := &Words{index: map[string][]phrase{}}
	add := func(list []string, r role, c Class) {
		for _, s := range list {
			toks := tokens(s)
			if len(toks) == 0 {
				continue
			}
			p := phrase{tokens: toks, role: r, class: c}
			for _, f := range m.Forms(toks[0]) {
				ws.index[f] = append(ws.index[f], p)
			}
		}
	}
	add(w.Other, one, Other)
	add(w.Office.One, one, Office)
	add(w.Office.Many, many, Office)
	add(names.Office, one, Office)
	add(w.Force.One, one, Force)
	add(w.Force.Many, many, Force)
	add(names.Force, one, Force)
	add(w.Skip, skip, 0)
	add(w.Join, join, 0)
	add(w.Of, of, 0)
	add(w.Narrow, narrow, 0)
	for k, ps := range ws.index {
		// Longest first; of the same length, the order added (other
		// bodies, then the office, then the force).
		slices.SortStableFunc(ps, func(a, b phrase) int { return len(b.tokens) - len(a.tokens) })
		ws.index[k] = ps
	}
	return ws
}

// piece is a run of an addressee's tokens that one phrase matched, or a
// word no phrase did.
type piece struct {
	role  role
	class Class
}

// Classify returns whom the addressee s names: 0 for a blank one.
func (ws *Words) Classify(s string) Class {
	toks := tokens(s)
	var pieces []piece
	for i := 0; i < len(toks); {
		if toks[i] == "," {
			pieces = append(pieces, piece{role: join})
			i++
			continue
		}
		p, n := ws.match(toks, i)
		if p.role == word && number(toks[i]) {
			// A count says how many, not who: "all 43 forces".
			p.role = skip
		}
		pieces = append(pieces, p)
		i += n
	}
	var c Class
	start := 0
	for i := 0; i <= len(pieces); i++ {
		if i == len(pieces) || pieces[i].role == join {
			c |= part(pieces[start:i])
			start = i + 1
		}
	}
	return c
}

// match finds the longest phrase at toks[i]; commas inside it are passed
// over ("police, fire and crime commissioners"). It returns the piece and
// how many tokens it took.
func (ws *Words) match(toks []string, i int) (piece, int) {
	for _, p := range ws.index[toks[i]] {
		j, k := i+1, 1
		for k < len(p.tokens) && j < len(toks) {
			if toks[j] == "," {
				j++
				continue
			}
			if p.tokens[k] != toks[j] {
				break
			}
			j, k = j+1, k+1
		}
		if k == len(p.tokens) {
			return piece{role: p.role, class: p.class}, j - i
		}
	}
	return piece{role: word}, 1
}

// part classifies the pieces between two joining words.
func part(ps []piece) Class {
	head := slices.IndexFunc(ps, func(p piece) bool { return p.role == one || p.role == many })
	if head < 0 {
		if slices.ContainsFunc(ps, func(p piece) bool { return p.role != skip }) {
			return Other
		}
		return 0
	}
	h := ps[head]
	if h.class == Other {
		return Other
	}
	for _, p := range ps[:head] {
		// Before one body's name, a word makes it another's ("Essex
		// Police"); before a group's, it describes the group ("Welsh
		// forces"). A name after "of" is whose another body is (the
		// Association of Police and Crime Commissioners).
		if p.role == of || p.role == narrow || (p.role == word && h.role != many) {
			return Other
		}
	}
	for _, p := range ps[head+1:] {
		switch p.role {
		case narrow:
			return h.class
		case word:
			return Other
		case one, many:
			if p.class == Other {
				return Other
			}
		}
	}
	return h.class
}

// number reports whether a token is a count written in digits.
func number(tok string) bool {
	for _, c := range tok {
		if !unicode.IsDigit(c) {
			return false
		}
	}
	return tok != ""
}

// tokens cuts s into lower-case words, in NFC, with the separators that
// matter kept as tokens of their own ("," for every mark that parts two
// addressees: , ; / + and the parentheses; "&" stands for itself, a word
// the books list), every other mark dropped,
// and an English possessive's "'s" or "'" taken off ("chiefs' council").
func tokens(s string) []string {
	s = strings.ToLower(norm.NFC.String(s))
	var out []string
	var b strings.Builder
	flush := func() {
		w := strings.Trim(b.String(), "'")
		b.Reset()
		w = strings.TrimSuffix(w, "'s")
		if w != "" {
			out = append(out, w)
		}
	}
	for _, c := range s {
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c):
			b.WriteRune(c)
		case c == '\'' || c == '’' || c == 'ʼ' || c == '‘':
			b.WriteRune('\'')
		case c == '&':
			flush()
			out = append(out, "&")
		case strings.ContainsRune(",;/+()[]", c):
			flush()
			if len(out) > 0 && out[len(out)-1] != "," {
				out = append(out, ",")
			}
		default:
			flush()
		}
	}
	flush()
	for len(out) > 0 && out[len(out)-1] == "," {
		out = out[:len(out)-1]
	}
	return out
}

// Classifier tells whom an office's items are addressed to, in each of its
// languages.
type Classifier struct {
	langs []string
	words []*Words
}

// New builds the classifier of the office of folder f from the themes of
// its languages (themes[i] for the i-th, as check and compose have them).
func New(f *response.Folder, themes []*theme.Theme) *Classifier {
	words := make([]theme.Words, len(themes))
	for i, th := range themes {
		words[i] = th.Words()
	}
	return FromWords(f, words)
}

// FromWords builds the classifier of the office of folder f from the
// phrase books' words of its languages (words[i] for the i-th), as
// theme.LoadWords reads them without the rest of a theme.
func FromWords(f *response.Folder, words []theme.Words) *Classifier {
	langs := f.Languages
	if len(langs) == 0 {
		langs = []string{f.Office.Language}
	}
	c := &Classifier{}
	for i, w := range words {
		lang := w.Lang
		if i < len(langs) {
			lang = langs[i]
		}
		o := f.Office
		names := Names{
			Force:  nonBlank(o.Force.Name.In(lang), o.Force.ShortName.In(lang), o.Force.ChiefOfficer.In(lang)),
			Office: nonBlank(o.PCC.Title.In(lang)),
		}
		c.langs = append(c.langs, lang)
		c.words = append(c.words, NewWords(w.Addressees, w.Mutation, names))
	}
	return c
}

func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// Addressee returns whom one addressee names. Given in several languages,
// it names the force or the office when its text in any language does,
// and other bodies only when no language's names either.
func (c *Classifier) Addressee(t response.Text) Class {
	var all, named Class
	for i, w := range c.words {
		cl := w.Classify(t.In(c.langs[i]))
		all |= cl
		if cl&(Force|Office) != 0 {
			named |= cl
		}
	}
	if named != 0 {
		return named
	}
	return all
}

// Item returns whom an item's addressees name, together: 0 when it gives
// none.
func (c *Classifier) Item(it response.Item) Class {
	var out Class
	for _, a := range it.Addressees {
		out |= c.Addressee(a)
	}
	return out
}

// Needs says which answers an item needs: the force's when it is addressed
// to the force, or to no one (an item with no addressees is the force's,
// as areas for improvement are); the office's when it is addressed to the
// office. An item addressed to other bodies alone needs neither: the
// standard sentence may answer it. A cause of concern needs neither: the
// recommendations under it are answered.
func (c *Classifier) Needs(it response.Item) (force, office bool) {
	if it.Kind == response.CauseOfConcern {
		return false, false
	}
	cl := c.Item(it)
	return cl == 0 || cl.Has(Force), cl.Has(Office)
}

// Unanswered reports whether an item lacks an answer it needs (Needs): the
// force's response or the office's.
func (c *Classifier) Unanswered(it response.Item) bool {
	force, office := c.Needs(it)
	return (force && it.Response.Blank()) || (office && it.OfficeResponse.Blank())
}
