package theme

import (
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/mutation"
)

// Addressees are a phrase book's words for whom the report addresses an
// item to, by which package addressee tells the force, the office and other
// bodies apart. An office's own book adds to the lists; it never removes.
type Addressees struct {
	// Force and Office name the force and the office that signs the
	// letter, each as one body and as a group of them.
	Force, Office Terms
	// Other names bodies whose names hold a word of the force's or the
	// office's ("police and crime panels", "Police Scotland").
	Other []string
	// Skip are words and phrases that change nothing of whom an addressee
	// names: articles, "all", "every", "in England and Wales".
	Skip []string
	// Join are words between two addressees written as one: "and", "or".
	Join []string
	// Of are words after a name that say whose it is: "of", "for" (the
	// chief constable of a force).
	Of []string
	// Narrow are words after a name that start what narrows it without
	// naming another body: "that", "with", "in".
	Narrow []string
}

// Terms are names, each as one body and as a group: a group's name may
// stand after words that describe the group ("Welsh forces"), one body's
// may not ("Essex Police" is another force).
type Terms struct {
	One, Many []string
}

// Addressees returns the book's words for whom an item is addressed to.
func (t *Theme) Addressees() Addressees {
	return t.addressees
}

func (a Addressees) extend(b Addressees) Addressees {
	cat := func(x, y []string) []string { return append(slices.Clone(x), y...) }
	return Addressees{
		Force:  Terms{One: cat(a.Force.One, b.Force.One), Many: cat(a.Force.Many, b.Force.Many)},
		Office: Terms{One: cat(a.Office.One, b.Office.One), Many: cat(a.Office.Many, b.Office.Many)},
		Other:  cat(a.Other, b.Other), Skip: cat(a.Skip, b.Skip), Join: cat(a.Join, b.Join),
		Of: cat(a.Of, b.Of), Narrow: cat(a.Narrow, b.Narrow),
	}
}

// fields reads a mapping of v whose keys are among names, calling each
// key's function with its value; another key is reported at its place.
func fields(file, path string, v *yaml.Node, diags *diag.List, names map[string]func(*yaml.Node)) bool {
	if v.Kind != yaml.MappingNode {
		diags.Add(file, v.Line, v.Column, path, "%s is a mapping", path)
		return false
	}
	ok := true
	for i := 0; i+1 < len(v.Content); i += 2 {
		k := v.Content[i]
		fn := names[k.Value]
		if fn == nil {
			var known []string
			for n := range names {
				known = append(known, n)
			}
			slices.Sort(known)
			msg := "unknown field " + strconv.Quote(k.Value)
			if s := diag.Suggest(k.Value, known); s != "" {
				msg += " (did you mean " + strconv.Quote(s) + "?)"
			}
			diags.Add(file, k.Line, k.Column, path, "%s", msg)
			ok = false
			continue
		}
		fn(v.Content[i+1])
	}
	return ok
}

// words reads a list of texts.
func (t *Theme) words(file, path string, v *yaml.Node, diags *diag.List, into *[]string, ok *bool) {
	if v.Kind != yaml.SequenceNode {
		diags.Add(file, v.Line, v.Column, path, "%s is a list of words", path)
		*ok = false
		return
	}
	for _, c := range v.Content {
		if c.Kind != yaml.ScalarNode {
			diags.Add(file, c.Line, c.Column, path, "%s is a list of words", path)
			*ok = false
			continue
		}
		*into = append(*into, c.Value)
	}
}

// addresseeWords reads the book's addressees:
//
//	addressees:
//	  force: {one: [force, chief constable], many: [forces, chief constables]}
//	  office: {one: [police and crime commissioner], many: [PCCs]}
//	  other: [police and crime panels]
//	  skip: [the, all, every, in England and Wales]
//	  join: [and, or]
//	  of: [of, for]
//	  narrow: [that, with, in]
func (t *Theme) addresseeWords(file string, v *yaml.Node, diags *diag.List) (Addressees, bool) {
	var a Addressees
	ok := true
	list := func(path string, into *[]string) func(*yaml.Node) {
		return func(n *yaml.Node) { t.words(file, path, n, diags, into, &ok) }
	}
	terms := func(path string, into *Terms) func(*yaml.Node) {
		return func(n *yaml.Node) {
			ok = fields(file, path, n, diags, map[string]func(*yaml.Node){
				"one": list(path+".one", &into.One), "many": list(path+".many", &into.Many),
			}) && ok
		}
	}
	ok = fields(file, "addressees", v, diags, map[string]func(*yaml.Node){
		"force": terms("addressees.force", &a.Force), "office": terms("addressees.office", &a.Office),
		"other": list("addressees.other", &a.Other), "skip": list("addressees.skip", &a.Skip),
		"join": list("addressees.join", &a.Join), "of": list("addressees.of", &a.Of),
		"narrow": list("addressees.narrow", &a.Narrow),
	}) && ok
	return a, ok
}

// mutationRules reads the book's initial mutations (see package
// mutation):
//
//	mutation:
//	  soft: {p: b, t: d, c: g}
//	  aspirate: {p: ph, t: th, c: ch}
//	  keep: [ch, ph, th]
//	  after: {at: soft, a: aspirate}
//	  never: ['^\p{Lu}{2,}$']
func (t *Theme) mutationRules(file string, v *yaml.Node, diags *diag.List) (*mutation.Rules, bool) {
	spec := mutation.Spec{Kinds: map[string]map[string]string{}, After: map[string]string{}}
	ok := true
	pairs := func(path string, n *yaml.Node, into map[string]string) {
		if n.Kind != yaml.MappingNode {
			diags.Add(file, n.Line, n.Column, path, "%s is a mapping of initials", path)
			ok = false
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			into[n.Content[i].Value] = n.Content[i+1].Value
		}
	}
	if v.Kind != yaml.MappingNode {
		diags.Add(file, v.Line, v.Column, "mutation", "mutation is a mapping: each mutation's changes, keep, after and never")
		return nil, false
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		path := "mutation." + k.Value
		switch k.Value {
		case "keep":
			t.words(file, path, val, diags, &spec.Keep, &ok)
		case "never":
			t.words(file, path, val, diags, &spec.Never, &ok)
		case "after":
			pairs(path, val, spec.After)
		default:
			spec.Kinds[k.Value] = map[string]string{}
			pairs(path, val, spec.Kinds[k.Value])
		}
	}
	if !ok {
		return nil, false
	}
	r, err := mutation.New(spec, t.mutation)
	if err != nil {
		diags.Add(file, v.Line, v.Column, "mutation", "%v", err)
		return nil, false
	}
	return r, true
}
