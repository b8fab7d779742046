package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/document"
)

// signer is the group of one signatory of several, as compose makes it:
// the signature (or the space to sign by hand) and the name and title.
func signer(name string, title []string, sign document.Block) *document.Group {
	return &document.Group{Class: document.Signer, Blocks: []document.Block{
		sign, &document.Paragraph{Class: document.Signatory, Spans: lines(append([]string{name}, title...)...)},
	}}
}

// signatures are the signature groups a letter may end with: one
// signature, a space to sign by hand, two, three and four signatories.
func signatures() map[string]*document.Group {
	img := func(who string) document.Block {
		return &document.Image{Class: document.Signature, Data: signaturePNG(), Type: "png", Width: 45, Height: 15, Alt: "Signature of " + who}
	}
	space := &document.Space{Height: 20}
	group := func(bs ...document.Block) *document.Group {
		return &document.Group{Class: document.Signature, Blocks: append([]document.Block{para(document.Closing, "Yours sincerely")}, bs...)}
	}
	many := func(n int) *document.Group {
		all := &document.Group{Class: document.Signatories}
		for i := range n {
			who := fmt.Sprintf("Signatory %d", i+1)
			sign := img(who)
			if i == 1 {
				sign = space
			}
			all.Blocks = append(all.Blocks, signer(who, []string{"Deputy Mayor for Policing and Crime", "on behalf of the Mayor of Exampleton"}, sign))
		}
		return group(all)
	}
	return map[string]*document.Group{
		"one":   group(img("Darryl Preston"), &document.Paragraph{Class: document.Signatory, Spans: lines("Darryl Preston", "Police and Crime Commissioner")}),
		"space": group(space, &document.Paragraph{Class: document.Signatory, Spans: lines("Sam Example", "Deputy Mayor for Policing and Crime", "on behalf of the Mayor")}),
		"two":   many(2),
		"three": many(3),
		"four":  many(4),
	}
}

// TestNoPageOfFurniture ends letters with every kind of signature at every
// position on the page, with a copy list of two lines and two enclosures
// of two lines each: no page ever holds the furniture alone, the closing,
// every signatory, the copy list and the enclosures share a page, and the
// closing takes at least two lines of the letter with it.
func TestNoPageOfFurniture(t *testing.T) {
	long := "Enc - Appendix 1 – Exampleshire Police's response to HMICFRS report 'A joint thematic inspection of the police response to rape, with a title that runs to two lines'."
	for name, sig := range signatures() {
		starts := map[float64]bool{}
		for n := 1; n < 62; n++ {
			blocks := append(filler(n), para("", seedLetter[4]), sig,
				para(document.Copies, "cc HMICFRS, the Home Office's police inspection unit, the Chief Constable of Exampleshire Police and the chair of the police and crime panel"),
				para(document.Enclosure, long), para(document.Enclosure, strings.Replace(long, "Appendix 1", "Appendix 2", 1)))
			lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: blocks}}})
			checkRules(t, lay)
			closing, at := pageOf(lay, "Yours sincerely")
			if closing < 0 || at < 2 {
				t.Fatalf("%s, %d lines: the closing is on page %d after %d lines", name, n, closing+1, at)
			}
			// The furniture is every line from the copy list on: the
			// part's last blocks.
			var all []*box
			var pages []int
			for pi, pg := range lay.pages {
				for _, b := range content(pg) {
					all, pages = append(all, b), append(pages, pi)
				}
			}
			cc := -1
			for k, b := range all {
				if b.line != nil && strings.HasPrefix(lineText(b), "cc HMICFRS") {
					cc = k
				}
			}
			if cc < 0 || len(all)-cc < 5 {
				t.Fatalf("%s, %d lines: no copy list and enclosures", name, n)
			}
			if pages[cc] != pages[cc-1] {
				t.Errorf("%s, %d lines: page %d starts with the copy list", name, n, pages[cc]+1)
			}
			for k := cc; k < len(all); k++ {
				if pages[k] != closing {
					t.Errorf("%s, %d lines: %q is on page %d, the closing on page %d", name, n, lineText(all[k]), pages[k]+1, closing+1)
				}
			}
			for _, b := range content(lay.pages[closing]) {
				if b.line != nil && lineText(b) == "Yours sincerely" {
					starts[b.y] = true
				}
			}
		}
		// The closing stood at many heights of the page: the letters put
		// it everywhere the rules let it stand, which is fewer places the
		// taller the signature.
		want := 12
		if name == "four" {
			want = 3
		}
		if len(starts) < want {
			t.Errorf("%s: the closing stood at %d heights only", name, len(starts))
		}
		t.Logf("%s: the closing stood at %d heights", name, len(starts))
	}
}

// TestSignatoriesSideBySide: two or three signatories stand side by side
// under the closing, in one box the height of the tallest, each column
// read whole in order (its Figure with its text alternative, then its
// name and title, in a Div of its own); four stand one below another; a
// space to sign by hand is as tall as asked and holds nothing.
func TestSignatoriesSideBySide(t *testing.T) {
	sigs := signatures()
	for name, cols := range map[string]int{"two": 2, "three": 3, "four": 0} {
		lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: []document.Block{para("", "A letter."), sigs[name]}}}})
		var row *box
		for _, b := range content(lay.pages[0]) {
			if b.cols != nil {
				row = b
			}
		}
		if cols == 0 {
			if row != nil {
				t.Errorf("%s: side by side, want one below another", name)
			}
			continue
		}
		if row == nil || len(row.cols) != cols {
			t.Fatalf("%s: no row of %d columns", name, cols)
		}
		lefts, tallest := checkSignColumns(t, name, row)
		if row.h < tallest-fitEpsilon || row.h > tallest+fitEpsilon {
			t.Errorf("%s: the row is %.1f mm tall, its tallest column %.1f", name, row.h, tallest)
		}
		for i := 1; i < len(lefts); i++ {
			if lefts[i] <= lefts[i-1]+minSignColumn-fitEpsilon {
				t.Errorf("%s: column %d starts at %.1f mm, the one before at %.1f", name, i+1, lefts[i], lefts[i-1])
			}
		}
	}
	// The space: the closing and the name stand 20 mm apart, and more.
	lay := layoutOf(t, &document.Document{Parts: []*document.Part{{Blocks: []document.Block{sigs["space"]}}}})
	c := content(lay.pages[0])
	if len(c) < 3 || c[1].line != nil || c[1].img != nil || c[1].h != 20 {
		t.Fatalf("the space to sign: %+v", c)
	}
}

// checkSignColumns: each column of the row of signatories holds its
// Figure (but the second, a space to sign) and a Div with its name and
// title; it returns the left edge of each column's text and the height of
// the tallest.
func checkSignColumns(t *testing.T, name string, row *box) (lefts []float64, tallest float64) {
	t.Helper()
	for i, col := range row.cols {
		var kinds []string
		var names []string
		h := 0.0
		for _, b := range col {
			for _, e := range b.open {
				kinds = append(kinds, string(e.kind))
			}
			if b.line != nil {
				names = append(names, lineText(b))
			}
			h = max(h, b.y+b.h)
		}
		tallest = max(tallest, h)
		if k := slices.IndexFunc(col, func(b *box) bool { return b.line != nil }); k >= 0 {
			lefts = append(lefts, col[k].x())
		}
		want := "Figure Div"
		if i == 1 {
			want = "Div" // the space to sign is no Figure
		}
		if got := strings.Join(kinds, " "); !strings.HasPrefix(got, want) || !strings.Contains(got, "P") {
			t.Errorf("%s, column %d: elements %q", name, i+1, got)
		}
		if len(names) < 3 || !strings.HasPrefix(names[0], fmt.Sprintf("Signatory %d", i+1)) || !strings.Contains(strings.Join(names, ""), "on behalf of the Mayor of") {
			t.Errorf("%s, column %d: lines %q", name, i+1, names)
		}
	}
	return lefts, tallest
}

// x returns the left edge of what a box draws.
func (b *box) x() float64 {
	switch {
	case b.line != nil && len(b.line.segs) > 0:
		return b.line.segs[0].x
	case b.img != nil:
		return b.img.x
	}
	return 0
}

// TestSignatoriesArchival renders a letter with a decorative logo, two
// signatories side by side (one signature, one space to sign by hand) and
// a third below nothing: qpdf and PDFBox Preflight find nothing wrong
// (beyond the rules of PDF/A-1), and pdf.js reads one Figure, the
// signature with its text alternative, the logo being an artifact.
func TestSignatoriesArchival(t *testing.T) {
	conformance.Need(t, conformance.QPDF, conformance.Java, conformance.PreflightJar, conformance.ActivationJar, conformance.JAXBJar,
		conformance.Node, conformance.PDFJS)
	sigs := signatures()
	doc := &document.Document{Lang: "en-GB", Title: "A joint letter", Parts: []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter", Blocks: []document.Block{
		&document.Image{Class: document.Logo, Data: signaturePNG(), Type: "png", Width: 20, Height: 7, Decorative: true},
		para(document.Letterhead, "Office of the Police and Crime Commissioner"),
		para("", "A letter."),
		sigs["two"],
		para(document.Copies, "cc HMICFRS"),
	}}}}
	p := writeTemp(t, "joint", doc)
	if err := conformance.QPDFCheck(p); err != nil {
		t.Error(err)
	}
	checkPreflight(t, p)
	js, err := conformance.PDFJSStructure(p)
	if err != nil {
		t.Fatal(err)
	}
	var alts []string
	var walk func(n conformance.StructNode)
	walk = func(n conformance.StructNode) {
		if n.Role == "Figure" {
			alts = append(alts, n.Alt)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	for _, pg := range js.Pages {
		walk(pg.Tree)
	}
	if len(alts) != 1 || alts[0] != "Signature of Signatory 1" {
		t.Errorf("pdf.js finds figures %q", alts)
	}
}

// TestImagesInOneOrder renders a joint letter whose two signatures are
// scanned alike (one width, other strokes, with transparency, so each has
// a soft mask) under a logo of another width, many times: every render
// gives the same bytes, and the two signatures are numbered in the order
// of their names, each with its soft mask after it.
func TestImagesInOneOrder(t *testing.T) {
	stroke := func(shift int) []byte {
		img := image.NewNRGBA(image.Rect(0, 0, 120, 40))
		for x := 5; x < 115; x++ {
			img.Set(x, 10+(x*shift)%20, color.NRGBA{A: 255})
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	sign := func(who string, data []byte) *document.Group {
		return signer(who, []string{"Commissioner"}, &document.Image{Class: document.Signature, Data: data, Type: "png", Width: 45, Height: 15, Alt: "Signature of " + who})
	}
	doc := &document.Document{Lang: "en-GB", Title: "A joint letter", Parts: []*document.Part{{Kind: document.Letter, ID: "letter", Outline: "Letter", Blocks: []document.Block{
		&document.Image{Class: document.Logo, Data: signaturePNG(), Type: "png", Width: 20, Height: 7, Decorative: true},
		para("", "A letter."),
		&document.Group{Class: document.Signature, Blocks: []document.Block{para(document.Closing, "Yours sincerely"),
			&document.Group{Class: document.Signatories, Blocks: []document.Block{sign("One", stroke(3)), sign("Two", stroke(7))}}}},
	}}}}
	render := func() []byte {
		var b bytes.Buffer
		if err := Render(&b, doc); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := render()
	for range 15 {
		if again := render(); !bytes.Equal(again, first) {
			t.Fatal("two renders of one document differ")
		}
	}
	refs := regexp.MustCompile(`/(I[0-9a-f]+) (\d+) 0 R`).FindAllSubmatch(first, -1)
	if len(refs) != 3 {
		t.Fatalf("%d images in the resources, want 3", len(refs))
	}
	// All three are 120 pixels wide: the names and the numbers run
	// together.
	type img struct {
		name string
		n    int
	}
	var imgs []img
	for _, r := range refs {
		n, _ := strconv.Atoi(string(r[2]))
		imgs = append(imgs, img{string(r[1]), n})
	}
	if !slices.IsSortedFunc(imgs, func(a, b img) int { return strings.Compare(a.name, b.name) }) ||
		!slices.IsSortedFunc(imgs, func(a, b img) int { return a.n - b.n }) {
		t.Errorf("images by name %v: not numbered in the order of their names", imgs)
	}
}
