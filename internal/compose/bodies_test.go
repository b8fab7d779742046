package compose_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// composeWith writes an office profile and a response folder beside it,
// loads it and composes it for the office's body.
func composeWith(t *testing.T, office, resp string) *compose.Set {
	t.Helper()
	dir := t.TempDir()
	png, err := os.ReadFile("../../templates/signature-placeholder.png")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"sig.png":     string(png),
		"r/sig.png":   string(png),
		"r/letter.md": "Text.\n",
		"office.yaml": "pcc: {name: Alex Example, title: Police and Crime Commissioner for Exampleshire}\n" +
			"force: {name: Exampleshire Police, short_name: the force, chief_officer: Chief Constable}\n" +
			"recipient: {name: Rt Hon Yvette Cooper MP, role: Home Secretary}\ncc: [HMICFRS]\n" + office,
		"r/response.yaml": "report: {title: T, published: 2025-01-02}\nletter:\n  date: 2025-02-03\n  body: letter.md\n" + resp,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, diags := response.Load(filepath.Join(dir, "r"), response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	th, diags := theme.Load("", f.Office.Language)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	set, diags := compose.Build(f, th.ForBody(f.Office.PolicingBody()))
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return set
}

// classes lists the blocks of a letter: each paragraph's class and text,
// each image's class and alt, each group's class, each space.
func classes(blocks []document.Block) []string {
	var out []string
	document.Walk(blocks, func(b document.Block) {
		switch b := b.(type) {
		case *document.Paragraph:
			out = append(out, string(b.Class)+": "+strings.ReplaceAll(document.Text(b.Spans), "\n", " / "))
		case *document.Image:
			d := ""
			if b.Decorative {
				d = " (decorative)"
			}
			out = append(out, "image "+string(b.Class)+": "+b.Alt+d)
		case *document.Group:
			out = append(out, "group "+string(b.Class))
		case *document.Space:
			out = append(out, "space")
		case *document.Heading:
			out = append(out, "heading")
		}
	})
	return out
}

// TestLetterFurniture: the logo (decoration when its alt is ""), the
// delivery line above the recipient, the reference line above the date;
// one signatory flat under the closing, several each in a group of its
// own inside one group, a title of several lines as lines, and a space
// where the letter is signed by hand.
func TestLetterFurniture(t *testing.T) {
	set := composeWith(t, "logo: {file: sig.png, alt: \"\"}\nletterhead: [Office of the PCC]\ndelivery: By email\nreference: OPCC/1\nsignature: none\n",
		"appendices: [{title: A}]\n")
	got := classes(set.Letter.Parts[0].Blocks)
	want := []string{"image logo:  (decorative)", "letterhead: Office of the PCC", "delivery: By email", "recipient: Rt Hon Yvette Cooper MP / Home Secretary",
		"reference: Our ref: OPCC/1", "date: 3rd February 2025", "salutation: Dear Home Secretary", "heading", ": Text.",
		"group signature", "closing: Yours sincerely", "space", "signatory: Alex Example / Police and Crime Commissioner for Exampleshire",
		"copies: cc HMICFRS", "enclosure: Enc - Appendix 1 – A"}
	if !slices.Equal(got, want) {
		t.Errorf("letter\n%q\nwant\n%q", got, want)
	}

	set = composeWith(t, "logo: {file: sig.png, alt: Badge of the Commissioner, width: 20}\nbody: mayor\n",
		"  signatories:\n    - {name: Sam Example, title: [Deputy Mayor for Policing and Crime, on behalf of the Mayor], signature: {file: sig.png, alt: Signature of Sam Example}}\n    - {name: Chris Example, title: Chief Constable, signature: none}\n    - {name: Jo Example, title: Chief Executive}\n")
	got = classes(set.Letter.Parts[0].Blocks)
	i := slices.Index(got, "group signature")
	if i < 0 || got[0] != "image logo: Badge of the Commissioner" {
		t.Fatalf("letter %q", got)
	}
	want = []string{"group signature", "closing: Yours sincerely", "group signatories",
		"group signer", "image signature: Signature of Sam Example", "signatory: Sam Example / Deputy Mayor for Policing and Crime / on behalf of the Mayor",
		"group signer", "space", "signatory: Chris Example / Chief Constable",
		"group signer", "signatory: Jo Example / Chief Executive"}
	if !slices.Equal(got[i:i+len(want)], want) {
		t.Errorf("signature\n%q\nwant\n%q", got[i:], want)
	}
	for _, b := range set.Letter.Parts[0].Blocks {
		if img, ok := b.(*document.Image); ok && img.Class == document.Logo && (img.Width != 20 || img.Decorative) {
			t.Errorf("logo %v mm wide, decorative %v", img.Width, img.Decorative)
		}
	}
}

// TestTitleOnOneLine: the document's author and subject name a title of
// several lines on one line.
func TestTitleOnOneLine(t *testing.T) {
	set := composeWith(t, "body: mayor\n", "office:\n  pcc: {name: Sam Example, title: [Deputy Mayor for Policing and Crime, on behalf of the Mayor of London]}\n")
	if a := set.Letter.Author; a != "Sam Example, Deputy Mayor for Policing and Crime on behalf of the Mayor of London" {
		t.Errorf("author %q", a)
	}
	if s := set.Letter.Subject; !strings.HasPrefix(s, "Response of the Deputy Mayor for Policing and Crime on behalf of the Mayor of London under section 55") {
		t.Errorf("subject %q", s)
	}
}

// TestKindsAsSections: an appendix of one kind is one list; one of several
// holds a section for each, headed from the phrase book, in the order the
// items first give each kind, whatever it is; items under a cause of
// concern stay under it; headings take the level below the appendix's and
// the Markdown of the items the next; each list keeps its items' own
// numbers.
func TestKindsAsSections(t *testing.T) {
	item := func(kind string, n int, under string) string {
		num := string(rune('0' + n))
		if under == "" {
			return "- {kind: " + kind + ", number: " + num + ", text: T., response: \"## H\\n\\nR.\"}\n"
		}
		return "- kind: " + kind + "\n  number: " + num + "\n  text: T.\n  items:\n" + indent(under)
	}
	for _, tc := range []struct {
		items string
		want  []string
	}{
		{item("recommendation", 1, "") + item("recommendation", 2, ""), []string{"list rec-1=1 rec-2=2", "h3"}},
		{item("area-for-improvement", 1, "") + item("recommendation", 1, "") + item("area-for-improvement", 2, "") + item("recommendation", 2, ""),
			[]string{"h3 appendix-1-afi Areas for improvement", "list afi-1=1 afi-2=2", "h4", "h3 appendix-1-rec Recommendations", "list rec-1=1 rec-2=2", "h4"}},
		{item("cause-of-concern", 1, item("recommendation", 1, "")+item("recommendation", 2, "")) + item("recommendation", 3, "") + item("area-for-improvement", 1, ""),
			[]string{"h3 appendix-1-coc Causes of concern", "list coc-1=1", "list rec-1=1 rec-2=2", "h4", "h3 appendix-1-rec Recommendations", "list rec-3=3", "h4",
				"h3 appendix-1-afi Areas for improvement", "list afi-1=1", "h4"}},
	} {
		set := composeWith(t, "", "appendices:\n- title: A\n  items:\n"+indent(tc.items))
		var got []string
		document.Walk(set.Response.Parts[1].Blocks, func(b document.Block) {
			switch b := b.(type) {
			case *document.Heading:
				if b.Level <= 2 {
					return // the appendix's own
				}
				s := "h" + string(rune('0'+b.Level))
				if b.Outline != "" {
					s += " " + b.ID + " " + b.Outline
				}
				if b.Outline == "" {
					if len(got) > 0 && got[len(got)-1] == s {
						return
					}
				}
				got = append(got, s)
			case *document.List:
				s := "list"
				for _, it := range b.Items {
					s += " " + it.ID + "=" + strings.TrimSuffix(it.Label, ".")
				}
				got = append(got, s)
			}
		})
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s\ngot  %q\nwant %q", tc.items, got, tc.want)
		}
	}
}

// indent indents YAML lines by two spaces.
func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString("  " + l)
		}
	}
	return b.String()
}

// TestLabelsPerBody: the comment's label is the body's own, in the
// appendix.
func TestLabelsPerBody(t *testing.T) {
	for body, want := range map[string]string{"pcc": "PCC comment:", "pfcc": "Commissioner's comment:", "mayor": "Mayor's comment:"} {
		set := composeWith(t, "body: "+body+"\n", "appendices:\n- title: A\n  items:\n  - {kind: recommendation, number: 1, text: T., response: R., comment: C.}\n")
		found := false
		document.Walk(set.Appendices[0].Parts[0].Blocks, func(b document.Block) {
			if p, ok := b.(*document.Paragraph); ok && document.Text(p.Spans) == want+" C." {
				found = true
			}
		})
		if !found {
			t.Errorf("%s: no %q", body, want)
		}
	}
}
