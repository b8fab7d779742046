package pdf

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/document"
)

// This file sets runs of text in lines: it splits spans into measured
// words, breaks them into lines of a width, and merges each line's pieces
// into the runs (segs) the drawing pass writes.

// piece is a run of text from one span in one face: a word, part of a
// word, or the collapsible space before a word.
type piece struct {
	text  string
	face  face
	href  string
	path  int
	w     float64
	space bool
}

// word is what a line never breaks inside (unless it is wider than the
// line, or a link's text that can break at a URL's places):
// pieces[start:end] of the paragraph's pieces, after the space
// pieces[start-1] if hasSpace.
type word struct {
	start, end int
	w          float64
	hasSpace   bool
	// breaks counts the forced line breaks before the word.
	breaks int
	// link says the word is (partly) a link's text.
	link bool
}

// inline returns the inline path of span sp, which follows a span whose
// path is prev: the Span of another language, the Link and the Code the
// span's text is inside, outermost first. Elements that continue from prev
// keep their ids, so that consecutive spans of one link are one Link; a
// code span is a Code of its own.
func (l *layouter) inline(prev int, sp document.Span) int {
	old := l.paths[prev]
	var path []elem
	same := true
	step := func(e elem) {
		if k := len(path); same && k < len(old) && old[k].kind == e.kind && old[k].lang == e.lang && old[k].href == e.href && e.kind != sCode {
			path = append(path, old[k])
			return
		}
		same = false
		e.id = l.id()
		path = append(path, e)
	}
	if sp.Lang != "" && sp.Lang != l.lang {
		step(elem{kind: sSpan, lang: sp.Lang})
	}
	if l.linkable(sp.Href) {
		step(elem{kind: sLink, href: sp.Href})
	}
	if sp.Code {
		step(elem{kind: sCode})
	}
	if same && len(path) == len(old) {
		return prev
	}
	if len(path) == 0 {
		return 0
	}
	l.paths = append(l.paths, path)
	return len(l.paths) - 1
}

// linkable reports whether href makes a link: any link the tree holds, but
// an in-document link ("#rec-1") only to an id the document has.
func (l *layouter) linkable(href string) bool {
	if id, ok := strings.CutPrefix(href, "#"); ok {
		return l.targets[id]
	}
	return href != ""
}

// scratch holds the slices a paragraph is measured and broken into lines
// in, kept from one paragraph to the next: what a line keeps of them is
// copied into its segments.
type scratch struct {
	words  []word
	pieces []piece
	out    []piece
	ends   []int
}

// words splits spans into words set in ps, measured. The words' pieces are
// consecutive in the returned slice of pieces.
func (l *layouter) words(spans []document.Span, ps pstyle) ([]word, []piece) {
	return l.appendWords(nil, nil, spans, ps)
}

// appendWords is words, appending to words and pieces.
func (l *layouter) appendWords(words []word, pieces []piece, spans []document.Span, ps pstyle) ([]word, []piece) {
	var (
		space    piece
		hasSpace bool
		breaks   int
		inWord   bool
		path     int
	)
	n := len(spans)
	for _, sp := range spans {
		n += strings.Count(sp.Text, " ")
	}
	words, pieces = slices.Grow(words, n), slices.Grow(pieces, 2*n)
	for _, sp := range spans {
		if sp.Break {
			breaks++
			hasSpace, inWord = false, false
			continue
		}
		f := spanFace(sp)
		if ps.bold {
			f |= bold
		}
		path = l.inline(path, sp)
		href := ""
		if l.linkable(sp.Href) {
			href = sp.Href
		}
		text := l.check(sp.Text)
		for text != "" {
			n := 0
			for n < len(text) && isSpace(text[n]) {
				n++
			}
			if n > 0 {
				if inWord && breaks == 0 && !hasSpace {
					space = piece{text: " ", face: f, href: href, path: path, space: true, w: l.spaceWidth(f, ps.size)}
					hasSpace = true
				}
				inWord = false
				text = text[n:]
				continue
			}
			for n < len(text) && !isSpace(text[n]) {
				n++
			}
			faceRuns(text[:n], f, func(t string, f face) {
				p := piece{text: t, face: f, href: href, path: path, w: l.m.width(t, f, ps.size)}
				if inWord {
					pieces = append(pieces, p)
					wd := &words[len(words)-1]
					wd.end++
					wd.w += p.w
					wd.link = wd.link || href != ""
					return
				}
				if hasSpace {
					pieces = append(pieces, space)
				}
				pieces = append(pieces, p)
				words = append(words, word{start: len(pieces) - 1, end: len(pieces), w: p.w,
					hasSpace: hasSpace, breaks: breaks, link: href != ""})
				hasSpace, breaks, inWord = false, 0, true
			})
			text = text[n:]
		}
	}
	return words, pieces
}

// setLines sets spans in ps as lines from x, of width w.
func (l *layouter) setLines(spans []document.Span, ps pstyle, x, w float64) []*line {
	sc := &l.scratch
	sc.words, sc.pieces = l.appendWords(sc.words[:0], sc.pieces[:0], spans, ps)
	words, pieces := sc.words, sc.pieces
	if l.err != nil || len(words) == 0 {
		return nil
	}
	out, ends := l.breakLines(words, pieces, w, ps.size)
	lines := make([]*line, len(ends))
	begin := 0
	for i, end := range ends {
		lines[i] = &line{base: baseline(ps.size), segs: segments(out[begin:end], x, w, ps.size, ps.align)}
		begin = end
	}
	return lines
}

// breakLines fills lines of width w with words, breaking at spaces. A word
// wider than a line, or a link's text that does not fit the rest of one,
// breaks after / . ? & = or before - where it can (a URL), and a word wider than a
// line with no such place breaks between characters. The space at a break
// stays at the end of the line it ends (drawn, not measured), so that
// extracted text keeps its word spaces; a forced line break leaves one
// too. Line i is out[ends[i-1]:ends[i]]; out and ends are the layouter's
// scratch, good until the next call.
func (l *layouter) breakLines(words []word, pieces []piece, w, size float64) (out []piece, ends []int) {
	sc := &l.scratch
	b := &breaker{l: l, w: w, size: size, out: slices.Grow(sc.out[:0], len(pieces)+8), ends: sc.ends[:0], empty: true}
	for _, wd := range words {
		for k := 0; k < wd.breaks; k++ {
			// A forced break keeps a space at the end of its line too, so
			// that the lines of an address do not run together when read.
			if k == 0 && !b.empty && !b.out[len(b.out)-1].space {
				prev := b.out[len(b.out)-1]
				b.out = append(b.out, piece{text: " ", face: prev.face, href: prev.href, path: prev.path,
					space: true, w: l.spaceWidth(prev.face, size)})
			}
			b.emit()
		}
		var space *piece
		if wd.hasSpace {
			space = &pieces[wd.start-1]
		}
		if !b.empty {
			sw := 0.0
			if space != nil {
				sw = space.w
			}
			if b.curW+sw+wd.w <= w+fitEpsilon {
				start := wd.start
				if space != nil {
					start--
				}
				b.out = append(b.out, pieces[start:wd.end]...)
				b.curW += sw + wd.w
				continue
			}
			if wd.link || wd.w > w+fitEpsilon {
				b.split(pieces[wd.start:wd.end], space)
				continue
			}
			if space != nil {
				b.out = append(b.out, *space)
			}
			b.emit()
		}
		if wd.w <= w+fitEpsilon {
			b.out = append(b.out, pieces[wd.start:wd.end]...)
			b.curW, b.empty = wd.w, false
			continue
		}
		b.split(pieces[wd.start:wd.end], nil)
	}
	if !b.empty {
		b.emit()
	}
	sc.out, sc.ends = b.out, b.ends
	return b.out, b.ends
}

// breaker is the state of breakLines: the lines so far and the one being
// filled.
type breaker struct {
	l       *layouter
	w, size float64
	out     []piece
	ends    []int
	curW    float64
	empty   bool
}

func (b *breaker) emit() {
	b.ends = append(b.ends, len(b.out))
	b.curW, b.empty = 0, true
}

// glyph is one character of a word (with its combining marks), measured:
// from byte off of pieces[p], n bytes long.
type glyph struct {
	p, off, n int
	w         float64
	// breakAfter says a line may end after it: it is one of / . ? & = and
	// the next is not, or the next is a hyphen.
	breakAfter bool
	// joined says it makes one letter with the glyph before it (a Welsh
	// digraph), which a line never breaks between.
	joined bool
}

// split places the word of pieces, after space (or nil) when the line is
// not empty, breaking it across lines: after / . ? & = or before - where it
// can, else between characters, and only on a line of its own. The rest of the
// word, once it fits, stays on the line for what follows.
func (b *breaker) split(pieces []piece, space *piece) {
	gs := b.l.glyphs(pieces, b.size)
	for i := 0; i < len(gs); {
		sw := 0.0
		if !b.empty && space != nil {
			sw = space.w
		}
		avail := b.w - b.curW - sw
		j, sum, last := i, 0.0, -1
		for j < len(gs) && sum+gs[j].w <= avail+fitEpsilon {
			sum += gs[j].w
			j++
			if gs[j-1].breakAfter {
				last = j
			}
		}
		cut := j
		switch {
		case j == len(gs):
		case last > i:
			cut = last
		case b.empty:
			cut = max(j, i+1)
			// Between characters, but never inside one letter: back to
			// before a digraph, or past it on a line that holds no more.
			for cut > i+1 && cut < len(gs) && gs[cut].joined {
				cut--
			}
			for cut < len(gs) && gs[cut].joined {
				cut++
			}
		default:
			// Nothing fits after the space: end the line there.
			if space != nil {
				b.out = append(b.out, *space)
			}
			space = nil
			b.emit()
			continue
		}
		if !b.empty && space != nil {
			b.out = append(b.out, *space)
			b.curW += sw
		}
		space = nil
		for _, p := range fragment(pieces, gs[i:cut]) {
			b.out = append(b.out, p)
			b.curW += p.w
		}
		b.empty = false
		i = cut
		if i < len(gs) {
			b.emit()
		}
	}
}

// fragment returns the pieces that the glyphs gs, consecutive glyphs of
// pieces, make: one a piece they come from.
func fragment(pieces []piece, gs []glyph) []piece {
	var out []piece
	for k := 0; k < len(gs); {
		g := gs[k]
		p := pieces[g.p]
		end, w := g.off+g.n, g.w
		for k++; k < len(gs) && gs[k].p == g.p; k++ {
			end, w = gs[k].off+gs[k].n, w+gs[k].w
		}
		p.text, p.w = p.text[g.off:end], w
		out = append(out, p)
	}
	return out
}

// glyphs measures the characters of a word's pieces, each once.
func (l *layouter) glyphs(pieces []piece, size float64) []glyph {
	var gs []glyph
	for pi, p := range pieces {
		for off := 0; off < len(p.text); {
			n := cluster(p.text[off:])
			gs = append(gs, glyph{p: pi, off: off, n: n, w: l.m.width(p.text[off:off+n], p.face, size)})
			off += n
		}
	}
	at := func(g glyph) string { return pieces[g.p].text[g.off : g.off+g.n] }
	for k := 1; k+1 < len(gs); k++ {
		c, next := at(gs[k]), at(gs[k+1])
		gs[k].breakAfter = (breaksAfter(c) && !urlPunct(next)) || (next == "-" && !urlPunct(c))
	}
	for k := 1; k < len(gs); k++ {
		if l.welsh(pieces[gs[k].p]) && digraph(at(gs[k-1]), at(gs[k])) {
			gs[k].joined = true
		}
	}
	return gs
}

// welsh reports whether the piece p is Welsh text: the language of its
// Span, or of the block it is set in.
func (l *layouter) welsh(p piece) bool {
	lang := l.lang
	for _, e := range l.paths[p.path] {
		if e.kind == sSpan {
			lang = e.lang
		}
	}
	base, _, _ := strings.Cut(lang, "-")
	return strings.EqualFold(base, "cy")
}

// digraph reports whether a and b are the two characters of a letter of
// the Welsh alphabet written with two: ch, dd, ff, ng, ll, ph, rh, th (in
// any case: Ll, LL). A word too wide for its line is broken between
// letters, and a letter split in two reads as two other letters ("l" and
// "l" for "ll"). "ng" is also n and g in some words (Bangor); keeping it
// whole is never wrong.
func digraph(a, b string) bool {
	if len(a) != 1 || len(b) != 1 {
		return false
	}
	switch strings.ToLower(a + b) {
	case "ch", "dd", "ff", "ng", "ll", "ph", "rh", "th":
		return true
	}
	return false
}

// breaksAfter reports the characters after which a URL may break: / . ? &
// and =. A URL breaks before a hyphen rather than after it: a line ending
// in a hyphen reads as a word hyphenated, and text extraction (pdftotext)
// joins it to the next line without the hyphen, which changes the URL.
func breaksAfter(c string) bool {
	return len(c) == 1 && strings.IndexByte("/.?&=", c[0]) >= 0
}

// urlPunct reports the characters a URL breaks at: a run of them stays
// together ("//").
func urlPunct(c string) bool {
	return c == "-" || breaksAfter(c)
}

// cluster returns the length of the first character of s with the
// combining marks that follow it.
func cluster(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	for n < len(s) {
		r, m := utf8.DecodeRuneInString(s[n:])
		if !unicode.Is(unicode.M, r) {
			break
		}
		n += m
	}
	return n
}

// segments merges a line's pieces into runs of one face, link and inline
// path, placed from x in a column of width w as align says.
func segments(pieces []piece, x, w, size float64, align document.Align) []seg {
	var segs []seg
	width := 0.0
	for i := 0; i < len(pieces); {
		p := &pieces[i]
		j, n, adv := i+1, len(p.text), p.w
		for ; j < len(pieces); j++ {
			q := &pieces[j]
			if q.face != p.face || q.path != p.path || q.href != p.href {
				break
			}
			n += len(q.text)
			adv += q.w
		}
		s := seg{text: p.text, face: p.face, size: size, href: p.href, path: p.path, adv: adv}
		if j > i+1 {
			var b strings.Builder
			b.Grow(n)
			for _, q := range pieces[i:j] {
				b.WriteString(q.text)
			}
			s.text = b.String()
		}
		// The space a line breaks at is drawn but not measured.
		s.w = s.adv
		if j == len(pieces) && pieces[j-1].space {
			s.w -= pieces[j-1].w
		}
		width += s.w
		if j < len(pieces) {
			width += s.adv - s.w
		}
		segs = append(segs, s)
		i = j
	}
	switch align {
	case document.AlignRight:
		x += w - width
	case document.AlignCenter:
		x += (w - width) / 2
	}
	for i := range segs {
		segs[i].x = x
		x += segs[i].adv
	}
	return segs
}
