package theme

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/statute"
)

// A phrase book speaks for every kind of local policing body (package
// statute: a PCC, a PFCC, a mayor). Its plain phrases are a police and
// crime commissioner's; its "bodies" section gives, for each other body,
// the phrases that differ, which take the plain ones' place in an office
// of that body:
//
//	pcc_comment: "PCC comment:"
//	bodies:
//	  pcc:
//	    names: [Police and Crime Commissioner, PCC, OPCC]
//	  pfcc:
//	    names: [Police, Fire and Crime Commissioner, PFCC, OPFCC]
//	    pcc_comment: "Commissioner's comment:"
//
// Any phrase may vary by body, standard sentences too (under "standard:"
// in a body's section); a body's "names" are the words that call an office
// by that body's role, which check looks for in the letter of an office of
// another body. An office's own phrase book overrides a phrase for every
// body by giving it plainly (the office is of one body), and varies it by
// body with a "bodies" section of its own.

// bodyBook is one body's part of a phrase book.
type bodyBook struct {
	// phrases are the body's own phrases by name, standard sentences
	// as "standard.NAME".
	phrases map[string]*phrase
	// names are the words that call an office by the body's role.
	names []string
}

// ForBody returns the theme as an office of the kind body reads it
// ("pcc", "pfcc", "mayor"): each phrase the body's own where the phrase
// book gives one, else the plain one. The theme itself is unchanged.
func (t *Theme) ForBody(body string) *Theme {
	c := *t
	c.body = body
	return &c
}

// Body returns the body the theme speaks for: the one given to ForBody,
// or statute.DefaultBody.
func (t *Theme) Body() string {
	if t.body == "" {
		return string(statute.DefaultBody)
	}
	return t.body
}

// RoleNames returns the words of the phrase book that call an office by
// the role of body ("Police and Crime Commissioner", "PCC"), as its
// "bodies" section gives them.
func (t *Theme) RoleNames(body string) []string {
	if b := t.bodies[body]; b != nil {
		return slices.Clone(b.names)
	}
	return nil
}

// Source is a phrase as the theme's body reads it, with where it is
// written.
type Source struct {
	// Name is the phrase's name, "standard.NAME" for a standard sentence.
	Name string
	// Text is the phrase as written, before it runs; Words is the same
	// with each action of its template ("{{.Office.PCC.Title}}") blanked
	// out, the words the phrase writes itself, at the same offsets.
	Text, Words string
	// File, Line and Col are where the phrase's value stands.
	File      string
	Line, Col int
}

// Sources returns every phrase and standard sentence as the theme's body
// reads them, sorted by name.
func (t *Theme) Sources() []Source {
	names := slices.Concat(slices.Collect(maps.Keys(t.phrases)), slices.Collect(maps.Keys(t.standard)))
	slices.Sort(names)
	out := make([]Source, 0, len(names))
	for _, name := range names {
		p := t.lookup(name)
		words := actions.ReplaceAllStringFunc(p.text, func(a string) string { return strings.Repeat(" ", len(a)) })
		out = append(out, Source{Name: name, Text: p.text, Words: words, File: p.file, Line: p.line, Col: p.col})
	}
	return out
}

// actions matches the actions of a phrase's template.
var actions = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// Named is a place in a text where a name of a body's role stands.
type Named struct {
	// Off is the name's byte offset in the text.
	Off  int
	Name string
}

// FindNames returns every place in s where one of names (RoleNames) stands
// as written and as whole words, in the order of s: "PCC" is found in "the
// PCC's" but not in "PCCs" nor in "PFCC", and "Police and Crime
// Commissioner" not in "police and crime commissioners".
//
// Each name is looked for once through s, and the places of the names,
// each list in order, are merged: the work grows with s times the names.
func FindNames(s string, names []string) []Named {
	var (
		each  [][]int // the places of each name of which
		which []string
		total int
	)
	for _, n := range names {
		if n == "" {
			continue
		}
		var found []int
		for from := 0; from < len(s); {
			i := strings.Index(s[from:], n)
			if i < 0 {
				break
			}
			at, end := from+i, from+i+len(n)
			before, _ := utf8.DecodeLastRuneInString(s[:at])
			after, _ := utf8.DecodeRuneInString(s[end:])
			if !wordRune(before) && !wordRune(after) {
				found = append(found, at)
			}
			from = end
		}
		each, which = append(each, found), append(which, n)
		total += len(found)
	}
	out := make([]Named, 0, total)
	for len(out) < total {
		first := -1
		for i, l := range each {
			if len(l) > 0 && (first < 0 || l[0] < each[first][0]) {
				first = i
			}
		}
		out = append(out, Named{each[first][0], which[first]})
		each[first] = each[first][1:]
	}
	return out
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// lookup returns the phrase name ("standard.NAME" for a standard
// sentence) as the theme's body reads it, or nil.
func (t *Theme) lookup(name string) *phrase {
	if b := t.bodies[t.body]; b != nil {
		if p := b.phrases[name]; p != nil {
			return p
		}
	}
	if p := t.phrases[name]; p != nil {
		return p
	}
	return t.standard[name]
}

// overridden drops every body's own form of the phrase name, which an
// office's book has just given plainly: the office's phrase then stands
// for every body.
func (t *Theme) overridden(name string) {
	for _, b := range t.bodies {
		delete(b.phrases, name)
	}
}

func joinNames() string {
	names := statute.BodyNames()
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
