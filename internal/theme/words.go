package theme

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/mutation"
	"github.com/opcc-tools/s55/internal/strictyaml"
	"github.com/opcc-tools/s55/templates"
)

// Addressees are a phrase book's words for whom the report addresses an
// item to, by which package addressee tells the force, the office and other
// bodies apart. An office's own book adds to the lists; it never removes.
//
// A book writes them under "addressees":
//
//	addressees:
//	  force: {one: [force, chief constable], many: [forces, chief constables]}
//	  office: {one: [police and crime commissioner], many: [PCCs]}
//	  other: [police and crime panels]
//	  skip: [the, all, every, in England and Wales]
//	  join: [and, or]
//	  of: [of, for]
//	  narrow: [that, with, in]
type Addressees struct {
	// Force and Office name the force and the office that signs the
	// letter, each as one body and as a group of them.
	Force  Terms `yaml:"force"`
	Office Terms `yaml:"office"`
	// Other names bodies whose names hold a word of the force's or the
	// office's ("police and crime panels", "Police Scotland").
	Other []string `yaml:"other"`
	// Skip are words and phrases that change nothing of whom an addressee
	// names: articles, "all", "every", "in England and Wales".
	Skip []string `yaml:"skip"`
	// Join are words between two addressees written as one: "and", "or".
	Join []string `yaml:"join"`
	// Of are words after a name that say whose it is: "of", "for" (the
	// chief constable of a force).
	Of []string `yaml:"of"`
	// Narrow are words after a name that start what narrows it without
	// naming another body: "that", "with", "in".
	Narrow []string `yaml:"narrow"`
}

// Terms are names, each as one body and as a group: a group's name may
// stand after words that describe the group ("Welsh forces"), one body's
// may not ("Essex Police" is another force).
type Terms struct {
	One  []string `yaml:"one"`
	Many []string `yaml:"many"`
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

// Words are what the phrase book of one language says about whom an item
// is addressed to, as Load gives them in Theme.Addressees and
// Theme.Mutation: all package addressee needs of a theme.
type Words struct {
	Lang       string
	Addressees Addressees
	Mutation   *mutation.Rules
}

// Words returns the theme's words for whom an item is addressed to.
func (t *Theme) Words() Words {
	return Words{Lang: t.Lang, Addressees: t.addressees, Mutation: t.mutation}
}

// shippedWords holds the words of each phrase book s55 ships, by
// language, read once in the process.
var shippedWords sync.Map // lang → *shipped

type shipped struct {
	once  sync.Once
	words Words
	found bool
	diags diag.List
}

// LoadWords reads the words of the phrase books of lang from dir, as Load
// does: the book s55 ships, then the office's own in dir (when dir is not
// "") over it. It parses none of the phrases, and reads the book s55
// ships once in the process, so that reading the items of thousands of
// archived responses does not parse the same book thousands of times.
// The diagnostics are those of the books' decoding and of their words.
func LoadWords(dir, lang string) (Words, diag.List) {
	v, _ := shippedWords.LoadOrStore(lang, &shipped{})
	sh := v.(*shipped)
	sh.once.Do(func() {
		sh.words.Lang = lang
		name := path.Join(lang, PhraseFile)
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return
		}
		sh.found = true
		var b book
		src, d := strictyaml.Options{MayBeEmpty: true, Tree: templates.Tree(name)}.Decode("templates/"+name, data, &b)
		sh.diags = d
		sh.words.Addressees, sh.words.Mutation = b.words("templates/"+name, src, Addressees{}, nil, &sh.diags)
	})
	w, diags := sh.words, slices.Clone(sh.diags)
	found := sh.found
	if dir != "" {
		p := filepath.Join(dir, lang, PhraseFile)
		data, err := input.ReadIn(dir, filepath.Join(lang, PhraseFile), input.MaxSize)
		switch {
		case err == nil:
			found = true
			var b book
			src, d := strictyaml.Options{MayBeEmpty: true}.Decode(p, data, &b)
			diags = append(diags, d...)
			w.Addressees, w.Mutation = b.words(p, src, w.Addressees, w.Mutation, &diags)
		case !errors.Is(err, fs.ErrNotExist):
			diags.Add(p, 0, 0, "", "%s", input.Reason(err))
		}
	}
	if !found && len(diags) == 0 {
		diags.Add(path.Join(lang, PhraseFile), 0, 0, "", "no phrase book for language %q: add %s to the office's templates folder", lang, path.Join(lang, PhraseFile))
	}
	return w, diags
}
