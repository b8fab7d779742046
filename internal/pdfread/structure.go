package pdfread

import (
	"errors"
	"fmt"
	"strings"

	"github.com/opcc-tools/s55/internal/pdfsyntax"
)

// Element is an element of a tagged PDF's logical structure (ISO 32000-1,
// 14.7), with its content in order.
type Element struct {
	Ref Ref
	// Type is the structure type (/S) as the file writes it, such as "P"
	// or "H1" (no role map applied); "StructTreeRoot" for the root.
	Type string
	// Lang, Alt and ActualText are the element's entries, decoded; ""
	// where it has none.
	Lang, Alt, ActualText string
	Dict                  Dict
	Kids                  []Content
}

// Content is one item of an element's content: a child element, a
// marked-content sequence of a page with its text, or an object (an
// annotation).
type Content struct {
	// Elem is the child element, or nil.
	Elem *Element
	// Page is the index of the page that holds the marked content or the
	// object, -1 when the file does not say or names no page of its tree.
	Page int
	// MCID is the marked-content identifier, -1 for an element or an
	// object.
	MCID int
	// Obj is the object an object reference (OBJR) names, else 0.
	Obj Ref
	// Text is the text the marked-content sequence shows (see
	// MarkedText).
	Text string
}

// ErrNoStructure reports a PDF with no structure tree.
var ErrNoStructure = errors.New("the PDF has no structure tree")

// StructTree reads the structure tree from the catalog's /StructTreeRoot,
// with the text of every marked-content sequence it holds. An element met
// twice (a loop, or an element with two parents) is read once, at its
// first place. A page whose content cannot be read gives its sequences no
// text, and its error comes back with the tree.
func (f *File) StructTree() (*Element, error) {
	rootRef := f.Root()["StructTreeRoot"]
	root := f.Dict(rootRef)
	if root == nil {
		return nil, ErrNoStructure
	}
	pages, refs := f.Pages()
	index := map[Ref]int{}
	for i, r := range refs {
		index[r] = i
	}
	texts := map[int]map[int]string{}
	var errs []error
	textOf := func(page, mcid int) string {
		if page < 0 {
			return ""
		}
		t, ok := texts[page]
		if !ok {
			var err error
			if t, err = f.MarkedText(pages[page]); err != nil {
				errs = append(errs, fmt.Errorf("page %d: %w", page+1, err))
			}
			texts[page] = t
		}
		return t[mcid]
	}
	pageOf := func(v any) int {
		if r, ok := v.(Ref); ok {
			if i, ok := index[r]; ok {
				return i
			}
		}
		return -1
	}
	seen := map[Ref]bool{}
	var read func(v any, depth int) *Element
	read = func(v any, depth int) *Element {
		r, _ := v.(Ref)
		if r != 0 {
			if seen[r] {
				return nil
			}
			seen[r] = true
		}
		d := f.Dict(v)
		if d == nil || depth > 256 {
			return nil
		}
		e := &Element{Ref: r, Dict: d, Lang: f.Text(d["Lang"]), Alt: f.Text(d["Alt"]), ActualText: f.Text(d["ActualText"])}
		if s, ok := f.Resolve(d["S"]).(Name); ok {
			e.Type = string(s)
		}
		if depth == 0 {
			e.Type = "StructTreeRoot"
		}
		pg := pageOf(d["Pg"])
		for _, k := range f.Array(d["K"]) {
			switch kd := f.Resolve(k).(type) {
			case int:
				e.Kids = append(e.Kids, Content{Page: pg, MCID: kd, Text: textOf(pg, kd)})
				continue
			case Dict:
				p := pg
				if _, ok := kd["Pg"]; ok {
					p = pageOf(kd["Pg"])
				}
				switch kd["Type"] {
				case Name("MCR"):
					mcid, _ := f.Resolve(kd["MCID"]).(int)
					c := Content{Page: p, MCID: mcid}
					// Marked content in a form XObject (/Stm) is not read.
					if _, ok := kd["Stm"]; !ok {
						c.Text = textOf(p, mcid)
					}
					e.Kids = append(e.Kids, c)
					continue
				case Name("OBJR"):
					obj, _ := kd["Obj"].(Ref)
					e.Kids = append(e.Kids, Content{Page: p, MCID: -1, Obj: obj})
					continue
				}
			}
			if c := read(k, depth+1); c != nil {
				e.Kids = append(e.Kids, Content{Elem: c, Page: -1, MCID: -1})
			}
		}
		return e
	}
	return read(rootRef, 0), errors.Join(errs...)
}

// MarkedText returns the text that each marked-content sequence with an
// MCID shows on a page, by MCID: the strings of its text operators (Tj,
// TJ, ' and ") decoded with their font's ToUnicode map, in the order of
// the content. Text inside a nested sequence belongs to the innermost
// sequence that has an MCID or is an artifact, and artifacts' text to
// none. No space is inferred from positions: the text is what the content
// shows. A font without a ToUnicode map is read a byte a character, as
// Latin-1. Form XObjects are not entered.
func (f *File) MarkedText(page Dict) (map[int]string, error) {
	ops, err := Operators(f.Contents(page))
	if err != nil {
		return nil, err
	}
	m := &markedText{f: f, page: page, fonts: f.Dict(f.Resources(page)["Font"]), maps: map[string]*CMap{}, out: map[int]string{}}
	for _, op := range ops {
		if err := m.op(op); err != nil {
			return m.out, err
		}
	}
	return m.out, nil
}

// markedText is MarkedText's reading of one page's content.
type markedText struct {
	f     *File
	page  Dict
	fonts Dict
	maps  map[string]*CMap // by font resource name; nil for none
	out   map[int]string
	// stack holds the marked-content sequences open; fontStack the font
	// saved by each q, and font the font set.
	stack     []markedSeq
	fontStack []string
	font      string
}

// markedSeq is a marked-content sequence: its MCID, -1 for none, and
// whether it is an artifact.
type markedSeq struct {
	mcid     int
	artifact bool
}

// op reads one operator.
func (m *markedText) op(op Op) error {
	switch op.Name {
	case "BDC", "BMC":
		m.begin(op)
	case "EMC":
		if len(m.stack) > 0 {
			m.stack = m.stack[:len(m.stack)-1]
		}
	case "q":
		m.fontStack = append(m.fontStack, m.font)
	case "Q":
		if n := len(m.fontStack); n > 0 {
			m.font, m.fontStack = m.fontStack[n-1], m.fontStack[:n-1]
		}
	case "Tf":
		if len(op.Args) == 2 {
			n, _ := op.Args[0].(Name)
			m.font = string(n)
		}
	case "Tj", "'", "\"":
		if len(op.Args) > 0 {
			s, _ := op.Args[len(op.Args)-1].(string)
			return m.show(s)
		}
	case "TJ":
		if len(op.Args) == 1 {
			a, _ := op.Args[0].([]any)
			for _, v := range a {
				if s, ok := v.(string); ok {
					if err := m.show(s); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// begin opens a marked-content sequence: an artifact, or one with the MCID
// its properties give, inline or by name in the page's resources.
func (m *markedText) begin(op Op) {
	q := markedSeq{mcid: -1}
	if len(op.Args) > 0 {
		q.artifact = op.Args[0] == Name("Artifact")
	}
	if op.Name == "BDC" && len(op.Args) == 2 {
		props := op.Args[1]
		if n, ok := props.(Name); ok {
			props = m.f.Dict(m.f.Resources(m.page)["Properties"])[string(n)]
		}
		if mcid, ok := m.f.Dict(props)["MCID"].(int); ok {
			q.mcid = mcid
		}
	}
	m.stack = append(m.stack, q)
}

// show adds the string s, shown in the current font, to the innermost
// sequence with an MCID, unless an artifact is nearer.
func (m *markedText) show(s string) error {
	owner := -1
	for _, q := range m.stack {
		switch {
		case q.artifact:
			owner = -1
		case q.mcid >= 0:
			owner = q.mcid
		}
	}
	if owner < 0 {
		return nil
	}
	c, err := m.cmap(m.font)
	if err != nil {
		return err
	}
	if c != nil {
		m.out[owner] += c.Decode(s)
	} else {
		m.out[owner] += pdfsyntax.Latin1(s)
	}
	return nil
}

// cmap returns the ToUnicode map of the font resource name, or nil.
func (m *markedText) cmap(name string) (*CMap, error) {
	if c, ok := m.maps[name]; ok {
		return c, nil
	}
	var c *CMap
	if s := m.f.Stream(m.f.Dict(m.fonts[name])["ToUnicode"]); s != nil {
		var err error
		if c, err = ParseCMap(s.Data); err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
	}
	m.maps[name] = c
	return c, nil
}

// Resources returns the resources of a page, inherited from the page tree
// when the page has none of its own.
func (f *File) Resources(page Dict) Dict {
	d := page
	for range 64 {
		if d == nil {
			return nil
		}
		if r := f.Dict(d["Resources"]); r != nil {
			return r
		}
		d = f.Dict(d["Parent"])
	}
	return nil
}

// Text returns the text of the element's marked content and of the
// elements below it, in order, joined as they are.
func (e *Element) Text() string {
	var b strings.Builder
	e.Walk(func(_ *Element, c Content, _ int) {
		b.WriteString(c.Text)
	})
	return b.String()
}

// Walk calls fn for each item of content below e, in reading order, with
// the element that holds it and that element's depth below e (0 for e's
// own content). A child element is reported before its own content.
func (e *Element) Walk(fn func(parent *Element, c Content, depth int)) {
	var walk func(p *Element, depth int)
	walk = func(p *Element, depth int) {
		for _, c := range p.Kids {
			fn(p, c, depth)
			if c.Elem != nil {
				walk(c.Elem, depth+1)
			}
		}
	}
	walk(e, 0)
}
