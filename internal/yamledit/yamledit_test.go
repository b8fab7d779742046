package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// editFixture is a response.yaml with comments in every place a comment can
// stand (head, line and foot comments; inside and after items; between
// items; at the file's start and end), blank lines, and values in every
// scalar style: plain on one line and over two, single- and double-quoted,
// literal with each chomping and an indentation indicator, folded, empty,
// tagged, flow and block lists.
const editFixture = `# yaml-language-server: $schema=../response.schema.json
# Head comment of the file.

report:
  title: "A report: with a colon" # the report's own title
  published: 2021-07-16
letter:
  date: 2021-09-13
  body: letter.md

appendices:
  # Head comment of the first appendix.
  - title: 'Appendix: it''s quoted'
    introduction: |
      Two recommendations.

      A second paragraph.
    items:
      - kind: recommendation   # line comment
        number: 1
        deadline: Immediately
        addressees: [police forces, "the CPS, nationally"] # who
        text: |
          The text of one.
        response: |  # drafting: check with the force
          The first response.

          Its second paragraph.

        # A comment after the response, inside the item.
        status: in-progress
      - kind: recommendation
        number: 2
        addressees:
          - the Home Office
          - the College of Policing
        text: >-
          Folded text
          of two.
        response: "A double-quoted\nresponse."
        comment: plain comment on one line
        status:
      # Between items.
      - kind: area-for-improvement
        number: 1
        text: |+
          Kept final breaks.


        response: plain
          continued on a second line
      - kind: recommendation
        number: 3
        text: |2
            Indented first line.
          second
        response: 'single'
        deadline: !!str 2024
        comment: !!str |
          Tagged block.
# Foot comment of the file.
`

// editPlaces are the values of editFixture that an edit may replace, each
// with its exact source text in the file, which directly follows the text
// before.
var editPlaces = []struct{ path, before, src string }{
	{"report.title", "title: ", `"A report: with a colon"`},
	{"appendices[0].title", "- title: ", `'Appendix: it''s quoted'`},
	{"appendices[0].introduction", "introduction: ", "|\n      Two recommendations.\n\n      A second paragraph."},
	{"appendices[0].items[0].deadline", "deadline: ", "Immediately"},
	{"appendices[0].items[0].text", "text: ", "|\n          The text of one."},
	{"appendices[0].items[0].response", "response: ", "|  # drafting: check with the force\n          The first response.\n\n          Its second paragraph."},
	{"appendices[0].items[0].status", "status: ", "in-progress"},
	{"appendices[0].items[1].text", "text: ", ">-\n          Folded text\n          of two."},
	{"appendices[0].items[1].response", "response: ", `"A double-quoted\nresponse."`},
	{"appendices[0].items[1].comment", "comment: ", "plain comment on one line"},
	{"appendices[0].items[1].status", "line\n        status:", ""},
	{"appendices[0].items[2].text", "text: ", "|+\n          Kept final breaks.\n\n"},
	{"appendices[0].items[2].response", "response: ", "plain\n          continued on a second line"},
	{"appendices[0].items[3].text", "text: ", "|2\n            Indented first line.\n          second"},
	{"appendices[0].items[3].response", "response: ", "'single'"},
	{"appendices[0].items[3].deadline", "deadline: ", "!!str 2024"},
	{"appendices[0].items[3].comment", "comment: ", "!!str |\n          Tagged block."},
}

// editTexts are texts an officer could type, and texts a hostile request
// could send: every one must be written so that it reads back exactly.
var editTexts = []string{
	"One line.",
	"One line with: a colon # and a hash",
	"",
	"Two\nlines",
	"Two lines\nending with a break\n",
	"Trailing breaks\n\n\n",
	" Leading space\nsecond\n",
	"  \nA line of spaces first\n",
	"\nA leading break\n",
	"Markdown **bold** and a list:\n\n- one\n- two\n",
	"A hard break at the line's end  \nnext\n",
	"\"Quotes\" and 'apostrophes'",
	"'starts with an apostrophe",
	"- looks like a list",
	"123",
	"true",
	"null",
	"~",
	"2021-09-13",
	"Welsh ŵ ŷ and £ – “curly”",
	"A tab\tinside\n",
	"Control \x07 bell",
	"A line\u2028separator",
	"CR\r\nLF",
	"Emoji 😀",
	"#not a comment",
	"key: value",
	"ends with a colon:",
	"[flow] {like}, commas",
	`\backslash\`,
	"  ",
	"\n",
	"\n\n",
	"x\n  \n",
	"|\n  looks like a block",
	"...",
	"---\nlooks like a document",
	"    # indented comment-like line\n",
	"\uFEFFbyte order mark",
	"a\x00nul",
	"\u0085next line",
}

// textsByPath decodes data with the strict decoder and returns every text
// value by field path, and every field path it holds.
func textsByPath(t *testing.T, data []byte) (map[string]string, map[string]response.Pos) {
	t.Helper()
	var r response.Response
	src, diags := strictyaml.Decode("response.yaml", data, &r)
	for _, d := range diags {
		// Characters a text may not hold are reported at their
		// place, and the file still decodes; anything else is not.
		if !strings.Contains(d.Msg, "cannot be used") {
			t.Fatalf("the strict decoder: %v\n%s", d, data)
		}
	}
	out := map[string]string{}
	for _, tx := range src.Scalars() {
		out[tx.Path] = tx.Value
	}
	return out, src.Pos
}

// checkEdit checks that out is old with the value whose source text src
// stands right after the first place of before+src replaced, and nothing
// else changed: the bytes before it are the same, the bytes after it (after
// its line, when a comment moved to a block's header) are the same, and the
// strict decoder reads every other field as before and this one as want.
func checkEdit(t *testing.T, old, out []byte, path, before, src, want string) {
	t.Helper()
	s := bytes.Index(old, []byte(before+src))
	if s < 0 {
		t.Fatalf("the fixture does not hold %q", before+src)
	}
	s += len(before)
	e := s + len(src)
	if !bytes.HasPrefix(out, old[:s]) {
		t.Fatalf("%s: the bytes before the value changed:\n%s", path, out)
	}
	if !bytes.HasSuffix(out, old[e:]) {
		le := e + bytes.IndexByte(old[e:], '\n')
		if le < e {
			le = len(old)
		}
		if old[le-1] == '\r' {
			le--
		}
		comment := bytes.TrimSpace(old[e:le])
		mid := out[s : len(out)-len(old[le:])]
		if !bytes.HasSuffix(out, old[le:]) || !bytes.HasPrefix(comment, []byte("#")) || bytes.Count(mid, comment) != 1 {
			t.Fatalf("%s: the bytes after the value changed:\n%s", path, out)
		}
	}
	oldTexts, beforePos := textsByPath(t, old)
	after, afterPos := textsByPath(t, out)
	if after[path] != want {
		t.Errorf("%s decodes to %q, want %q:\n%s", path, after[path], want, out)
	}
	delete(oldTexts, path)
	delete(after, path)
	if !maps.Equal(oldTexts, after) {
		t.Errorf("%s: other texts changed:\n%v\n%v", path, oldTexts, after)
	}
	if len(beforePos) != len(afterPos) {
		t.Errorf("%s: %d fields before, %d after", path, len(beforePos), len(afterPos))
	}
	for p := range beforePos {
		if _, ok := afterPos[p]; !ok {
			t.Errorf("%s: field %s is gone", path, p)
		}
	}
}

func TestSetTextKeepsEveryOtherByte(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		old := []byte(strings.ReplaceAll(editFixture, "\n", eol))
		y, err := OpenYAML(old)
		if err != nil {
			t.Fatal(err)
		}
		for _, pl := range editPlaces {
			src := strings.ReplaceAll(pl.src, "\n", eol)
			before := strings.ReplaceAll(pl.before, "\n", eol)
			for _, text := range editTexts {
				name := fmt.Sprintf("%q/%s/%q", eol, pl.path, text)
				out, err := y.Set(pl.path, PlainText(text))
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				checkEdit(t, old, out, pl.path, before, src, text)
				if eol == "\r\n" && bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
					t.Errorf("%s: a line ends without CR in a CRLF file:\n%q", name, out)
				}
			}
		}
	}
}

// TestSetTextStyles pins how a value is written in each case, so that a
// diff of the file shows only what the officer changed, in the file's
// style.
func TestSetTextStyles(t *testing.T) {
	for _, tc := range []struct {
		path, text string
		old, new   string // the value's source text before and after
	}{
		// A block keeps its indentation and its header comment.
		{"appendices[0].items[0].response", "New first line.\n\nNew second.\n",
			"|  # drafting: check with the force\n          The first response.\n\n          Its second paragraph.\n",
			"|  # drafting: check with the force\n          New first line.\n\n          New second.\n"},
		// Chomping follows the text's final line breaks.
		{"appendices[0].items[0].text", "No final break", "|\n          The text of one.", "|-\n          No final break"},
		{"appendices[0].items[0].text", "Two breaks\n\n", "|\n          The text of one.\n", "|+\n          Two breaks\n\n"},
		// A first line starting with a space needs an indentation indicator.
		{"appendices[0].items[0].text", " spaced\n", "|\n          The text of one.", "|2\n           spaced"},
		// One line keeps a plain scalar plain, and quotes what needs it.
		{"appendices[0].items[0].status", "complete", "status: in-progress", "status: complete"},
		{"appendices[0].items[0].status", "true", "status: in-progress", `status: "true"`},
		{"appendices[0].items[0].deadline", "Within: three months", "deadline: Immediately", `deadline: "Within: three months"`},
		// A quoted scalar keeps its quotes.
		{"appendices[0].items[3].response", "it's", "response: 'single'", "response: 'it''s'"},
		{"report.title", "New title", `title: "A report: with a colon" # the report's own title`, `title: "New title" # the report's own title`},
		// Several lines in place of one: a literal block, the line's
		// comment moved to its header.
		{"report.title", "Two\nlines\n", `title: "A report: with a colon" # the report's own title`, "title: | # the report's own title\n    Two\n    lines"},
		// An empty field gets its value after the colon.
		{"appendices[0].items[1].status", "closed", "status:\n", "status: closed\n"},
		{"appendices[0].items[1].status", "Two\nlines\n", "        status:\n", "        status: |\n          Two\n          lines\n"},
		// A plain scalar over two lines becomes one line.
		{"appendices[0].items[2].response", "plain again", "plain\n          continued on a second line", "plain again"},
	} {
		old := []byte(editFixture)
		y, err := OpenYAML(old)
		if err != nil {
			t.Fatal(err)
		}
		out, err := y.Set(tc.path, PlainText(tc.text))
		if err != nil {
			t.Errorf("%s = %q: %v", tc.path, tc.text, err)
			continue
		}
		want := strings.Replace(editFixture, tc.old, tc.new, 1)
		if !strings.Contains(editFixture, tc.old) || string(out) != want {
			t.Errorf("%s = %q: got\n%s\nwant\n%s", tc.path, tc.text, out, want)
		}
	}
}

func TestSetAddsAbsentKeys(t *testing.T) {
	y, err := OpenYAML([]byte(editFixture))
	if err != nil {
		t.Fatal(err)
	}
	// After the item's last key, at the item's indentation, before the
	// comment that follows the item.
	out, err := y.Set("appendices[0].items[1].response2", PlainText("x"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(editFixture, "        status:\n      # Between items.", "        status:\n        response2: x\n      # Between items.", 1)
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	out, err = y.Set("appendices[0].items[0].comment", PlainText("A comment\nof two lines.\n"))
	if err != nil {
		t.Fatal(err)
	}
	want = strings.Replace(editFixture, "        status: in-progress\n", "        status: in-progress\n        comment: |\n          A comment\n          of two lines.\n", 1)
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	// After a block that keeps its final breaks, the breaks stay its own.
	out, err = y.Set("appendices[0].items[2].comment", PlainText("c"))
	if err != nil {
		t.Fatal(err)
	}
	checkAdded(t, out, "appendices[0].items[2].comment", "c")
	// After a block that ends the file with no line break: the new key
	// would give the block one, so the edit is refused.
	blockLast, err := OpenYAML([]byte(strings.TrimSuffix(editFixture, "\n# Foot comment of the file.\n")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := blockLast.Set("appendices[0].items[3].status", PlainText("complete")); !errors.Is(err, ErrUnprovable) {
		t.Errorf("adding after a block with no final line break: %v, want ErrUnprovable", err)
	}
	// The file's last key, with no line break after it.
	trimmed := []byte(strings.TrimSuffix(editFixture, "\n        comment: !!str |\n          Tagged block.\n# Foot comment of the file.\n"))
	ty, err := OpenYAML(trimmed)
	if err != nil {
		t.Fatal(err)
	}
	out, err = ty.Set("appendices[0].items[3].status", PlainText("complete"))
	if err != nil {
		t.Fatal(err)
	}
	if want := string(trimmed) + "\n        status: complete"; string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	for _, text := range editTexts {
		for _, eol := range []string{"\n", "\r\n"} {
			cy, err := OpenYAML([]byte(strings.ReplaceAll(editFixture, "\n", eol)))
			if err != nil {
				t.Fatal(err)
			}
			out, err := cy.Set("appendices[0].items[3].status", PlainText(text))
			if err != nil {
				t.Errorf("adding %q: %v", text, err)
				continue
			}
			checkAdded(t, out, "appendices[0].items[3].status", text)
		}
	}
}

// checkAdded checks that out decodes as editFixture with one text more.
func checkAdded(t *testing.T, out []byte, path, want string) {
	t.Helper()
	before, _ := textsByPath(t, []byte(editFixture))
	after, _ := textsByPath(t, bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n")))
	if got, ok := after[path]; !ok || got != want {
		t.Errorf("%s decodes to %q, want %q:\n%s", path, got, want, out)
	}
	delete(after, path)
	if !maps.Equal(before, after) {
		t.Errorf("adding %s changed other texts:\n%s", path, out)
	}
}

// bilingualFixture gives texts per language, as a bilingual office does:
// a block mapping of blocks, a flow mapping, and a plain text beside them.
const bilingualFixture = `appendices:
  - title: {cy-GB: "Atodiad 1", en-GB: Appendix 1}  # both titles
    items:
      - kind: recommendation
        number: 1
        text:
          cy-GB: |
            Testun.
          # The English text follows.
          en-GB: |
            Text.
        response:
          cy-GB: |
            Ymateb.
        status: in-progress
`

func TestSetPerLanguage(t *testing.T) {
	old := []byte(bilingualFixture)
	y, err := OpenYAML(old)
	if err != nil {
		t.Fatal(err)
	}
	if v := y.Get("appendices[0].items[0].text"); v.Shape != LangValue ||
		fmt.Sprint(v.Langs) != "[{cy-GB Testun.\n} {en-GB Text.\n}]" {
		t.Errorf("Get text = %+v, want two languages in the file's order", v)
	}
	if v := y.Get("appendices[0].title"); v.Shape != LangValue || len(v.Langs) != 2 || v.Langs[1].Text != "Appendix 1" {
		t.Errorf("Get title = %+v", v)
	}
	if v := y.Get("appendices[0].items[0].status"); v.Shape != TextValue || v.Text != "in-progress" {
		t.Errorf("Get status = %+v", v)
	}
	if v := y.Get("appendices[0].items[0].comment"); v.Shape != NoValue {
		t.Errorf("Get comment = %+v, want NoValue", v)
	}
	if v := y.Get("appendices[0].items"); v.Shape != ListValue || len(v.List) != 1 || v.List[0].Shape != OtherValue {
		t.Errorf("Get items = %+v", v)
	}

	for _, tc := range []struct {
		path string
		v    FieldValue
		want string
	}{
		{"appendices[0].items[0].text.en-GB", PlainText("New text.\n"),
			strings.Replace(bilingualFixture, "            Text.\n", "            New text.\n", 1)},
		{"appendices[0].items[0].text.cy-GB", PlainText("Testun newydd.\n"),
			strings.Replace(bilingualFixture, "            Testun.\n", "            Testun newydd.\n", 1)},
		{"appendices[0].title.cy-GB", PlainText("Atodiad Un"),
			strings.Replace(bilingualFixture, `"Atodiad 1"`, `"Atodiad Un"`, 1)},
		{"appendices[0].title.en-GB", PlainText("Appendix, first"),
			strings.Replace(bilingualFixture, `en-GB: Appendix 1}`, `en-GB: "Appendix, first"}`, 1)},
		// A language the mapping lacks is added after its last.
		{"appendices[0].items[0].response.en-GB", PlainText("Response.\n"),
			strings.Replace(bilingualFixture, "            Ymateb.\n", "            Ymateb.\n          en-GB: |\n            Response.\n", 1)},
		{"appendices[0].title.fr", PlainText("Annexe"),
			strings.Replace(bilingualFixture, `en-GB: Appendix 1}`, `en-GB: Appendix 1, fr: Annexe}`, 1)},
		// A field given once becomes a text per language when asked.
		{"appendices[0].items[0].status", FieldValue{Shape: LangValue, Langs: []LangText{{"cy-GB", "ar y gweill"}, {"en-GB", "in progress"}}},
			strings.Replace(bilingualFixture, "        status: in-progress\n", "        status:\n          cy-GB: ar y gweill\n          en-GB: in progress\n", 1)},
		{"appendices[0].items[0].comment", FieldValue{Shape: LangValue, Langs: []LangText{{"cy-GB", "Sylw.\n"}, {"en-GB", "A comment.\n"}}},
			bilingualFixture + "        comment:\n          cy-GB: |\n            Sylw.\n          en-GB: |\n            A comment.\n"},
	} {
		out, err := y.Set(tc.path, tc.v)
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
			continue
		}
		if string(out) != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.path, out, tc.want)
		}
	}
}

func TestSetList(t *testing.T) {
	y, err := OpenYAML([]byte(editFixture))
	if err != nil {
		t.Fatal(err)
	}
	list := func(s ...string) FieldValue {
		v := FieldValue{Shape: ListValue}
		for _, e := range s {
			v.List = append(v.List, PlainText(e))
		}
		return v
	}
	for _, tc := range []struct {
		path     string
		v        FieldValue
		old, new string
	}{
		// A flow list stays a flow list, its comment after it.
		{"appendices[0].items[0].addressees", list("police forces", "the CPS"),
			`[police forces, "the CPS, nationally"] # who`, `[police forces, the CPS] # who`},
		{"appendices[0].items[0].addressees", list("a, b", "c: d", "#e", "[f]"),
			`[police forces, "the CPS, nationally"]`, `["a, b", "c: d", "#e", "[f]"]`},
		{"appendices[0].items[0].addressees", list(),
			`[police forces, "the CPS, nationally"]`, `[]`},
		// A block list stays a block list.
		{"appendices[0].items[1].addressees", list("the Home Office", "the NPCC", "the CPS"),
			"- the Home Office\n          - the College of Policing",
			"- the Home Office\n          - the NPCC\n          - the CPS"},
		{"appendices[0].items[1].addressees", list(),
			"- the Home Office\n          - the College of Policing", "[]"},
		// An absent list is added as a flow list.
		{"appendices[0].items[2].addressees", list("the Home Office"),
			"          continued on a second line\n", "          continued on a second line\n        addressees: [the Home Office]\n"},
		// A text where a list belongs becomes one.
		{"appendices[0].items[0].deadline", list("x"), "deadline: Immediately", "deadline: [x]"},
		// Entries per language.
		{"appendices[0].items[0].addressees", FieldValue{Shape: ListValue, List: []FieldValue{
			{Shape: LangValue, Langs: []LangText{{"cy-GB", "heddluoedd"}, {"en-GB", "police forces"}}}}},
			`[police forces, "the CPS, nationally"]`, `[{cy-GB: heddluoedd, en-GB: police forces}]`},
	} {
		out, err := y.Set(tc.path, tc.v)
		if err != nil {
			t.Errorf("%s = %v: %v", tc.path, tc.v, err)
			continue
		}
		want := strings.Replace(editFixture, tc.old, tc.new, 1)
		if !strings.Contains(editFixture, tc.old) || string(out) != want {
			t.Errorf("%s = %v: got\n%s\nwant\n%s", tc.path, tc.v, out, want)
		}
		if got := must(OpenYAML(out)).Get(tc.path); !holdsValue(got, tc.v) {
			t.Errorf("%s reads back as %+v", tc.path, got)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func holdsValue(got, want FieldValue) bool {
	return fmt.Sprintf("%+v", got) == fmt.Sprintf("%+v", want) ||
		(want.Shape == ListValue && len(want.List) == 0 && got.Shape == ListValue && len(got.List) == 0)
}

func TestSetRefuses(t *testing.T) {
	y, err := OpenYAML([]byte(editFixture))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		v    FieldValue
		want string
	}{
		{"appendices[9].items[0].response", PlainText("x"), "the file has no such place"},
		{"appendices[0].items[0].nothing.deeper", PlainText("x"), "the file has no such place"},
		{"appendices[0]", PlainText("x"), "the file holds fields here"},
		{"report", PlainText("x"), "the file holds fields here"},
		{"appendices[0].items[0].bad key", PlainText("x"), "cannot be added as a key"},
		{"appendices[0].items[0].response", PlainText("bad \xff"), "not valid UTF-8"},
		{"appendices[0].items[0].response", FieldValue{}, "nothing to write"},
		{"appendices[0].items[0].response", FieldValue{Shape: LangValue, Langs: []LangText{{"cy-GB", "a"}, {"cy-GB", "b"}}}, "given twice"},
		{"appendices[0].items[0].response", FieldValue{Shape: LangValue, Langs: []LangText{{"not a tag", "a"}}}, "not a language tag"},
		{"appendices[0].items[x].response", PlainText("x"), "not a list index"},
		{"appendices[-1].items", PlainText("x"), "not a list index"},
		{"", PlainText("x"), "empty field path"},
	} {
		_, err := y.Set(tc.path, tc.v)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Set(%q, %+v) = %v, want an error saying %q", tc.path, tc.v, err, tc.want)
		}
	}
	// A list holding comments cannot be rewritten without losing them.
	commented := []byte("items:\n  - a\n  # about b\n  - b\n")
	cy, err := OpenYAML(commented)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cy.Set("items", FieldValue{Shape: ListValue, List: []FieldValue{PlainText("c")}}); !errors.Is(err, ErrUnprovable) {
		t.Errorf("rewriting a list with a comment inside: %v, want ErrUnprovable", err)
	}
	for _, data := range []string{"", "a: [", "a: &x 1\nb: *x\n"} {
		if _, err := OpenYAML([]byte(data)); err == nil {
			t.Errorf("OpenYAML(%q) opened", data)
		}
	}
}

// FuzzSetText writes random text into each place of the fixture: every
// valid text is written, reads back exactly, and leaves the rest of the
// file as it was.
func FuzzSetText(f *testing.F) {
	for _, s := range editTexts {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, text string, place uint8) {
		pl := editPlaces[int(place)%len(editPlaces)]
		old := []byte(editFixture)
		y, err := OpenYAML(old)
		if err != nil {
			t.Fatal(err)
		}
		out, err := y.Set(pl.path, PlainText(text))
		if !utf8Valid(text) {
			if err == nil {
				t.Fatalf("invalid UTF-8 %q was written", text)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s = %q: %v", pl.path, text, err)
		}
		checkEdit(t, old, out, pl.path, pl.before, pl.src, text)
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// TestProofRefusesDamage proves the proof can fail: a correct edit passes,
// and the same edit with any other change to the file is refused.
func TestProofRefusesDamage(t *testing.T) {
	y, err := OpenYAML([]byte(editFixture))
	if err != nil {
		t.Fatal(err)
	}
	path := "appendices[0].items[0].status"
	segs, _ := parsePath(path)
	h := y.resolve(segs)
	v := PlainText("complete")
	good := strings.Replace(editFixture, "status: in-progress", "status: complete", 1)
	if !y.proves([]byte(good), segs, h, v) {
		t.Fatal("the correct edit is refused")
	}
	for name, bad := range map[string]string{
		"a comment dropped":        strings.Replace(good, "   # line comment", "", 1),
		"a comment changed":        strings.Replace(good, "# Between items.", "# Between the items.", 1),
		"another value changed":    strings.Replace(good, "number: 2", "number: 3", 1),
		"another style changed":    strings.Replace(good, "'single'", `"single"`, 1),
		"a key added elsewhere":    strings.Replace(good, "number: 2\n", "number: 2\n        extra: x\n", 1),
		"the value not as asked":   strings.Replace(good, "status: complete", "status: completed", 1),
		"the value of another tag": strings.Replace(good, "status: complete", "status: 12", 1),
		"a raw line separator":     strings.Replace(good, "plain comment", "plain\u2028comment", 1),
		"broken YAML":              strings.Replace(good, "number: 2", "number: [2", 1),
	} {
		if y.proves([]byte(bad), segs, h, v) {
			t.Errorf("%s: the proof passed", name)
		}
	}
}
