package theme

import "slices"

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
