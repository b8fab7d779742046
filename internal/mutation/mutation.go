// Package mutation applies a language's initial mutations: the change of a
// word's first letters after certain words, as Welsh changes "Gwasanaeth"
// to "Wasanaeth" after "at" (soft mutation) and "Cyngor" to "Chyngor"
// after "a" (aspirate mutation). The rules are data, given by the
// language's phrase book (package theme decodes them): which initial
// letters each mutation changes to what, which initials it leaves alone
// (digraphs such as ch and dd), which words cause which mutation, and
// which words never mutate (acronyms, names in another language). A
// language with no rules, such as English, changes nothing.
package mutation

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rules are the initial mutations of one language. The zero value and a
// nil *Rules change nothing.
type Rules struct {
	// kinds maps a mutation's name to its changes: a radical initial, in
	// lower case, to what it becomes ("c" to "g").
	kinds map[string]map[string]string
	// keep lists initials no mutation changes, though they start with a
	// letter that one does: "ch" begins with c, "dd" with d.
	keep []string
	// after maps a word, in lower case, to the mutation it causes in the
	// word that follows it.
	after map[string]string
	// never matches words that keep their form after any word.
	never []*regexp.Regexp
}

// Spec is the rules as a phrase book writes them.
type Spec struct {
	// Kinds maps each mutation's name ("soft", "aspirate", "nasal") to its
	// changes: a radical initial to what it becomes.
	Kinds map[string]map[string]string
	// Keep lists initials no mutation changes.
	Keep []string
	// After maps a word to the name of the mutation it causes.
	After map[string]string
	// Never are regular expressions (Go's syntax): a word that one of them
	// matches anywhere never mutates.
	Never []string
}

// New checks spec and returns its rules laid over base (which may be nil):
// spec's changes of a mutation replace base's, and its words, kept
// initials and patterns are added, so that an office's phrase book can
// add a word to the Welsh book's. An error names what is wrong: an initial
// that is not letters, a word causing a mutation neither gives, a pattern
// that does not compile.
func New(spec Spec, base *Rules) (*Rules, error) {
	r := &Rules{kinds: map[string]map[string]string{}, after: map[string]string{}}
	for name, changes := range spec.Kinds {
		m := map[string]string{}
		for from, to := range changes {
			if !letters(from) || (to != "" && !letters(to)) {
				return nil, fmt.Errorf("mutation %s: %q to %q: an initial is one or more letters", name, from, to)
			}
			m[strings.ToLower(from)] = strings.ToLower(to)
		}
		r.kinds[name] = m
	}
	for _, k := range spec.Keep {
		if !letters(k) {
			return nil, fmt.Errorf("keep: %q is not an initial of letters", k)
		}
		r.keep = append(r.keep, strings.ToLower(k))
	}
	kinds := maps.Clone(r.kinds)
	if base != nil {
		for k, v := range base.kinds {
			if kinds[k] == nil {
				kinds[k] = v
			}
		}
	}
	for word, kind := range spec.After {
		if _, ok := kinds[kind]; !ok {
			return nil, fmt.Errorf("after: %q causes the mutation %q, which the book does not give (%s)", word, kind, strings.Join(slices.Sorted(maps.Keys(kinds)), ", "))
		}
		r.after[strings.ToLower(strings.TrimSpace(word))] = kind
	}
	for _, p := range spec.Never {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("never: the pattern %q does not compile: %v", p, err)
		}
		r.never = append(r.never, re)
	}
	return merge(base, r), nil
}

// merge returns the rules of base with those of more laid over them.
func merge(base, more *Rules) *Rules {
	if base == nil {
		return more
	}
	if more == nil {
		return base
	}
	r := &Rules{kinds: maps.Clone(base.kinds), after: maps.Clone(base.after)}
	maps.Copy(r.kinds, more.kinds)
	maps.Copy(r.after, more.after)
	r.keep = append(slices.Clone(base.keep), more.keep...)
	r.never = append(slices.Clone(base.never), more.never...)
	return r
}

func letters(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return true
}

// Trigger returns the mutation word causes in the next word, if any.
func (r *Rules) Trigger(word string) (string, bool) {
	if r == nil {
		return "", false
	}
	k, ok := r.after[strings.ToLower(word)]
	return k, ok
}

// After returns text as it reads after word: its first word mutated as
// word asks, the rest as it is. Text that does not start with a word, or
// whose first word never mutates, is returned as it is.
func (r *Rules) After(word, text string) string {
	kind, ok := r.Trigger(word)
	if !ok {
		return text
	}
	return r.Mutate(kind, text)
}

// Mutate returns text with the mutation kind applied to its first word.
func (r *Rules) Mutate(kind, text string) string {
	if r == nil || r.kinds[kind] == nil {
		return text
	}
	end := strings.IndexFunc(text, func(c rune) bool { return !unicode.IsLetter(c) && c != '\'' && c != '’' })
	if end < 0 {
		end = len(text)
	}
	word := text[:end]
	if word == "" || r.fixed(word) {
		return text
	}
	lower := strings.ToLower(word)
	from, to := r.initial(kind, lower)
	if from == "" {
		return text
	}
	// The initial is replaced in the word's own letters, so that only the
	// first changes case: "Llys" becomes "Lys", "Gwasanaeth" "Wasanaeth".
	rest := []rune(word)[utf8.RuneCountInString(from):]
	out := to + string(rest)
	first, _ := utf8.DecodeRuneInString(word)
	if unicode.IsUpper(first) {
		c, n := utf8.DecodeRuneInString(out)
		out = string(unicode.ToUpper(c)) + out[n:]
	}
	return out + text[end:]
}

// initial returns the longest initial of word that the mutation kind
// changes, and what it becomes; "" when none does, or when a longer
// initial is one no mutation changes.
func (r *Rules) initial(kind, word string) (from, to string) {
	best := ""
	for _, k := range r.keep {
		if strings.HasPrefix(word, k) && len(k) > len(best) {
			best = k
		}
	}
	from = ""
	for f, t := range r.kinds[kind] {
		if strings.HasPrefix(word, f) && len(f) > len(from) {
			from, to = f, t
		}
	}
	if len(best) >= len(from) {
		return "", ""
	}
	return from, to
}

// fixed reports whether word never mutates.
func (r *Rules) fixed(word string) bool {
	for _, re := range r.never {
		if re.MatchString(word) {
			return true
		}
	}
	return false
}

// Forms returns word and every form a mutation gives it, in lower case,
// each once: what a word can look like in running text.
func (r *Rules) Forms(word string) []string {
	lower := strings.ToLower(word)
	out := []string{lower}
	if r == nil {
		return out
	}
	for _, kind := range slices.Sorted(maps.Keys(r.kinds)) {
		if from, to := r.initial(kind, lower); from != "" {
			if f := to + lower[len(from):]; !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	slices.SortStableFunc(out[1:], func(a, b string) int { return cmp.Compare(a, b) })
	return out
}
