package theme

import (
	"cmp"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/mutation"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/strictyaml"
	"github.com/opcc-tools/s55/templates"
)

// book is a phrase book as its file is written, for the strict decoder
// (package strictyaml): every key that is not one of the book's sections
// is a phrase.
type book struct {
	Days       []string             `yaml:"days"`
	Months     []string             `yaml:"months"`
	And        andSpec              `yaml:"and"`
	Mutation   *mutationSpec        `yaml:"mutation"`
	Addressees Addressees           `yaml:"addressees"`
	Standard   map[string]string    `yaml:"standard"`
	Bodies     map[string]*bodySpec `yaml:"bodies"`
	Phrases    map[string]string    `yaml:",inline"`
}

// andSpec is the book's "and": a word, or a list of rules chosen by the
// item that follows (see andRules).
type andSpec struct {
	given bool
	word  *string
	rules []ruleSpec
}

// ruleSpec is one rule of "and" as written.
type ruleSpec struct {
	Before *string `yaml:"before"`
	Write  *string `yaml:"write"`
}

// UnmarshalStrict decodes "and": a word, or a list of rules.
func (a *andSpec) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, f strictyaml.Field) {
	a.given = true
	switch n.Kind {
	case yaml.ScalarNode:
		w := d.Text(n, f.Path)
		a.word = &w
	case yaml.SequenceNode:
		d.Decode(n, reflect.ValueOf(&a.rules).Elem(), strictyaml.Field{Path: f.Path})
	default:
		d.Errorf(n, f.Path, "and is a word, or a list of rules {before: PATTERN, write: WORDS}")
	}
}

// mutationSpec is the book's initial mutations as written: each
// mutation's changes under its name, and the words and patterns of
// mutation.Spec.
type mutationSpec struct {
	Keep  []string                     `yaml:"keep"`
	Never []string                     `yaml:"never"`
	After map[string]string            `yaml:"after"`
	Kinds map[string]map[string]string `yaml:",inline"`
}

// bodySpec is one body's section of the book: the names of its role, its
// own standard sentences and phrases.
type bodySpec struct {
	Names    []string          `yaml:"names"`
	Standard map[string]string `yaml:"standard"`
	Days     everyBody         `yaml:"days"`
	Months   everyBody         `yaml:"months"`
	And      everyBody         `yaml:"and"`
	Bodies   everyBody         `yaml:"bodies"`
	Phrases  map[string]string `yaml:",inline"`
}

// everyBody stands in a body's section for what is the same for every
// body, and refuses it.
type everyBody struct{}

// UnmarshalStrict refuses the key at its place.
func (everyBody) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, f strictyaml.Field) {
	d.Errorf(f.Key, f.Path[:strings.LastIndexByte(f.Path, '.')], "%s is the same for every body", f.Key.Value)
}

// readPhrases decodes a phrase book. With full set, it is a whole book and
// defines the known phrases; otherwise it may only override known ones.
// shipped says it is a book s55 ships, whose phrases are parsed when
// first run (phrase.template). A book may be empty.
func (t *Theme) readPhrases(file string, data []byte, full, shipped bool, diags *diag.List) {
	var b book
	opts := strictyaml.Options{MayBeEmpty: true}
	if shipped {
		opts.Tree = templates.Tree(strings.TrimPrefix(file, "templates/"))
	}
	src, d := opts.Decode(file, data, &b)
	*diags = append(*diags, d...)
	at := func(path string) strictyaml.Pos { return src.At(path) }
	for _, list := range []struct {
		name string
		got  []string
		into *[]string
		want int
	}{{"days", b.Days, &t.days, 31}, {"months", b.Months, &t.months, 12}} {
		switch _, given := src.Pos[list.name]; {
		case !given || list.got == nil:
		case len(list.got) != list.want:
			p := at(list.name)
			diags.Add(file, p.Line, p.Col, list.name, "%s needs %d entries, not %d", list.name, list.want, len(list.got))
		default:
			*list.into = list.got
		}
	}
	if b.And.given {
		if rules, ok := andRules(file, src, b.And, diags); ok {
			t.and = rules
		}
	}
	t.addressees, t.mutation = b.words(file, src, t.addressees, t.mutation, diags)
	for _, name := range inOrder(src, "standard.", b.Standard) {
		t.parse(t.standard, file, "standard."+name, b.Standard[name], at("standard."+name), shipped, diags)
		if !full {
			t.overridden("standard." + name)
		}
	}
	for _, name := range inOrder(src, "", b.Phrases) {
		if _, known := t.phrases[name]; !full && !known {
			p := src.Key(name)
			diags.Add(file, p.Line, p.Col, "", "%s", unknown("unknown phrase "+strconv.Quote(name), name, slices.Collect(maps.Keys(t.phrases))))
			continue
		}
		t.parse(t.phrases, file, name, b.Phrases[name], at(name), shipped, diags)
		if !full {
			t.overridden(name)
		}
	}
	// Read once the book's own phrases are known: a body's phrase
	// varies one of them.
	t.readBodies(file, src, b.Bodies, shipped, diags)
}

// words returns the addressee words and initial mutations of a book read
// over those of the books before it (a and m): the one place that says
// how a book adds to them, for Load and LoadWords.
func (b *book) words(file string, src *strictyaml.Source, a Addressees, m *mutation.Rules, diags *diag.List) (Addressees, *mutation.Rules) {
	if b.Mutation != nil {
		if r, err := mutation.New(mutation.Spec{Kinds: b.Mutation.Kinds, Keep: b.Mutation.Keep, After: b.Mutation.After, Never: b.Mutation.Never}, m); err != nil {
			p := src.At("mutation")
			diags.Add(file, p.Line, p.Col, "mutation", "%v", err)
		} else {
			m = r
		}
	}
	return a.extend(b.Addressees), m
}

// inOrder returns the keys of m, written under prefix in src, in the order
// of the file.
func inOrder[T any](src *strictyaml.Source, prefix string, m map[string]T) []string {
	names := slices.Collect(maps.Keys(m))
	slices.SortFunc(names, func(a, b string) int {
		pa, pb := src.Key(prefix+a), src.Key(prefix+b)
		return cmp.Or(cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col), strings.Compare(a, b))
	})
	return names
}

// unknown words a message about a name the book does not know, with the
// known name it may be a misspelling of.
func unknown(msg, name string, known []string) string {
	slices.Sort(known)
	if s := diag.Suggest(name, known); s != "" {
		msg += " (did you mean " + strconv.Quote(s) + "?)"
	}
	return msg
}

// parse puts the phrase name, text written at p, into into: parsed now,
// or, for a shipped book, when first run.
func (t *Theme) parse(into map[string]*phrase, file, name, text string, p strictyaml.Pos, shipped bool, diags *diag.List) {
	ph := &phrase{owner: t, file: file, line: p.Line, col: p.Col, text: text}
	if !shipped {
		tmpl, err := t.newTemplate(name, text)
		if err != nil {
			diags.Add(file, p.Line, p.Col, "", "phrase %q: %s", name, templateMessage(err))
			return
		}
		ph.tmpl = tmpl
	}
	into[name] = ph
}

// newTemplate parses the phrase name, with the theme's functions.
func (t *Theme) newTemplate(name, text string) (*template.Template, error) {
	return template.New(name).Option("missingkey=error").Funcs(t.funcs()).Parse(text)
}

// andRules checks the book's "and": a word, or a list of rules chosen by
// the item that follows, for a language whose "and" changes with the next
// word (Welsh "a", "ac" before a vowel, "a'r" for "a" and the article):
//
//	and:
//	  - {before: "^(?:y|yr) ", write: "a'r "}
//	  - {before: "^([aeiouwy])", write: "ac $1"}
//	  - {write: "a "}
func andRules(file string, src *strictyaml.Source, a andSpec, diags *diag.List) ([]andRule, bool) {
	bad := func(path, format string, args ...any) {
		p := src.At(path)
		diags.Add(file, p.Line, p.Col, path, format, args...)
	}
	if a.word != nil {
		if strings.TrimSpace(*a.word) == "" {
			bad("and", "and needs the word that joins the last two items of a list")
			return nil, false
		}
		return []andRule{{write: *a.word + " "}}, true
	}
	if len(a.rules) == 0 {
		bad("and", "and is a word, or a list of rules {before: PATTERN, write: WORDS}")
		return nil, false
	}
	rules := make([]andRule, len(a.rules))
	ok := true
	for i, r := range a.rules {
		path := "and[" + strconv.Itoa(i) + "]"
		if r.Before != nil {
			re, err := regexp.Compile(*r.Before)
			if err != nil {
				bad(path+".before", "the pattern does not compile: %v", err)
				ok = false
			}
			rules[i].before = re
		}
		if r.Write == nil {
			bad(path, "the rule has no write: the words to put before the item")
			ok = false
			continue
		}
		rules[i].write = *r.Write
	}
	if ok && rules[len(rules)-1].before != nil {
		bad("and", "the last rule of and needs no pattern, so that every item is joined")
		ok = false
	}
	return rules, ok
}

// readBodies reads the "bodies" section of a phrase book, once the book's
// own phrases are read.
func (t *Theme) readBodies(file string, src *strictyaml.Source, bodies map[string]*bodySpec, shipped bool, diags *diag.List) {
	if t.bodies == nil {
		t.bodies = map[string]*bodyBook{}
	}
	for _, name := range inOrder(src, "bodies.", bodies) {
		path := "bodies." + name
		if !statute.IsBody(name) {
			p := src.Key(path)
			diags.Add(file, p.Line, p.Col, "bodies", "%s", unknown("unknown body "+strconv.Quote(name)+": the bodies are "+joinNames(), name, statute.BodyNames()))
			continue
		}
		spec := bodies[name]
		if spec == nil {
			continue // an empty section
		}
		b := t.bodies[name]
		if b == nil {
			b = &bodyBook{phrases: map[string]*phrase{}}
			t.bodies[name] = b
		}
		if spec.Names != nil {
			b.names = spec.Names
		}
		for _, s := range inOrder(src, path+".standard.", spec.Standard) {
			if t.standard["standard."+s] == nil {
				p := src.Key(path + ".standard." + s)
				diags.Add(file, p.Line, p.Col, path+".standard", "unknown standard sentence %q: a body varies a sentence the book has", s)
				continue
			}
			t.parse(b.phrases, file, "standard."+s, spec.Standard[s], src.At(path+".standard."+s), shipped, diags)
		}
		for _, ph := range inOrder(src, path+".", spec.Phrases) {
			if t.phrases[ph] == nil {
				p := src.Key(path + "." + ph)
				diags.Add(file, p.Line, p.Col, path, "%s", unknown("unknown phrase "+strconv.Quote(ph)+": a body varies a phrase the book has", ph, slices.Collect(maps.Keys(t.phrases))))
				continue
			}
			t.parse(b.phrases, file, ph, spec.Phrases[ph], src.At(path+"."+ph), shipped, diags)
		}
	}
}
