package strictyaml_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/strictyaml"
)

// TestDecodedText proves that the decoder checks text as decoded, not as
// typed: an escape that decodes to a character no text may hold is an error
// at its backslash, one that decodes to a fine character is not, and the
// file's own bytes are held to the YAML parser's rules at their place.
func TestDecodedText(t *testing.T) {
	type doc struct {
		A string   `yaml:"a"`
		L []string `yaml:"l"`
		B struct {
			C string `yaml:"c"`
		} `yaml:"b"`
	}
	cases := []struct {
		name, src string
		// want is "" for no problem, else "line:col path says", where says
		// is a piece of the message.
		want string
	}{
		{"escape to a control", "a: \"red \\x1b[31m\"\n", "1:9 a U+001B cannot be used: it is a control character"},
		{"escape to NUL", "a: \"\\0\"\n", "1:5 a U+0000 cannot be used: it is a control character"},
		{"escape to a bell in a list", "l:\n  - fine\n  - \"x\\a\"\n", "3:7 l[1] U+0007 cannot be used: it is a control character"},
		{"escape to a noncharacter", "a: \"ok \\uFFFE\"\n", "1:8 a U+FFFE cannot be used: it is a noncharacter"},
		{"escape to a noncharacter of the FDD0 block", "a: \"\\uFDD0\"\n", "1:5 a U+FDD0 cannot be used: it is a noncharacter"},
		{"escape to a line separator", "a: \"one\\u2028two\"\n", "1:8 a U+2028 cannot be used: it is a line or paragraph separator"},
		{"YAML's own line separator escape", "a: \"one\\Ltwo\"\n", "1:8 a U+2028 cannot be used: it is a line or paragraph separator"},
		{"escape to a paragraph separator, nested", "b:\n  c: \"x \\u2029\"\n", "2:9 b.c U+2029 cannot be used: it is a line or paragraph separator"},
		{"escape to private use", "a: \"\\uE000\"\n", "1:5 a U+E000 cannot be used: it is a private-use character"},
		{"escape to a private-use plane", "a: \"\\U000F0000\"\n", "1:5 a U+F0000 cannot be used: it is a private-use character"},
		{"escape to an unassigned code point", "a: \"\\u0378\"\n", "1:5 a U+0378 cannot be used: it is not an assigned Unicode character"},
		{"escape to a direction override", "a: \"\\u202E\"\n", "1:5 a U+202E cannot be used: it is an invisible formatting character"},
		{"typed direction override", "a: abc\u202Edef\n", "1:7 a U+202E cannot be used: it is an invisible formatting character"},
		{"typed private use in a block", "a: |\n  first line\n  x \uE123\n", "3:5 a U+E123 cannot be used: it is a private-use character"},
		{"escape to the next line control", "a: \"\\N\"\n", "1:5 a U+0085 cannot be used: it is a control character"},
		{"escape to a replacement character", "a: \"\\uFFFD\"\n", "1:5 a (U+FFFD) cannot be used: it is the replacement character"},
		{"raw line separator in a comment", "# one\u2028two\na: x\n", "1:6  U+2028 cannot stand in a YAML file, not even in a comment: YAML reads it as a line break"},
		{"raw next line in a value", "a: x\u0085y\n", "1:5  U+0085 cannot stand in a YAML file, not even in a comment: YAML reads it as a line break"},
		{"raw C1 control", "a: x\u0080\n", "1:5  U+0080 cannot stand in a YAML file, not even in a comment: it is a control character"},
		{"raw noncharacter", "a: 'x\uFFFF'\n", "1:6  U+FFFF cannot stand in a YAML file, not even in a comment: it is a noncharacter"},
		{"raw byte order mark inside", "a: x\uFEFF\n", "1:5  U+FEFF cannot stand in a YAML file, not even in a comment: it is a byte order mark"},
		{"raw C1 control after line ends of each kind", "a: caf\u00e9\r\nb: \u2019x\u2019\rc: y\nd: \u00e9\u0080\n", "4:5  U+0080 cannot stand in a YAML file, not even in a comment: it is a control character"},
		{"surrogate escape", "b:\n  c: 1\na: \"ok \\uD800\"\n", "3:8  found invalid Unicode character escape code"},
		{"unknown escape on the first line", "a: \"C:\\q\"\n", "1:7  found unknown escape character"},
		{"short hexadecimal escape", "a: \"\\x4\"\n", "1:5  did not find expected hexdecimal number"},

		{"escape to a character without a glyph", "a: \"\\u4E2D\"\n", ""}, // printing is check's concern
		{"escape to an emoji", "a: \"\\U0001F600\"\n", ""},
		{"escape to a soft hyphen", "a: \"co\\u00ADoperate\"\n", ""}, // Clean removes it
		{"tab and line feed escapes", "a: \"x\\ty\\nz\"\n", ""},
		{"Welsh and typography", "a: \"Ŵŷ – ‘quoted’ £5\"\n", ""},
		{"CRLF line ends", "a: |\r\n  one\r\n  two\r\nl: [x]\r\n", ""},
		{"backslash in a plain value", "a: C:\\q\n", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			_, diags := strictyaml.Decode("f.yaml", []byte(tc.src), &d)
			if tc.want == "" {
				if len(diags) > 0 {
					t.Fatalf("want no problem, got %v", diags.Err())
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("want one problem %q, got %d: %v", tc.want, len(diags), diags)
			}
			pos, rest, _ := strings.Cut(tc.want, " ")
			path, says, _ := strings.Cut(rest, " ")
			got := diags[0]
			if gotPos := fmt.Sprintf("%d:%d", got.Line, got.Col); gotPos != pos || got.Path != path || !strings.Contains(got.Msg, says) {
				t.Errorf("got %v\nwant %s: %s: ...%s...", got, pos, path, says)
			}
		})
	}
}

// TestDecodedTextCapped proves that a file full of bad characters gives a
// bounded list, and says there are more.
func TestDecodedTextCapped(t *testing.T) {
	var d struct {
		A string `yaml:"a"`
	}
	_, diags := strictyaml.Decode("f.yaml", []byte("a: \""+strings.Repeat("\\x01", 100)+"\"\n"), &d)
	if len(diags) != 21 || !strings.Contains(diags[20].Msg, "more characters") {
		t.Fatalf("got %d problems, want 20 and a line saying there are more: %v", len(diags), diags)
	}
}

// word decodes itself: a scalar, kept with its field, or a list refused.
type word struct{ text string }

func (w *word) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, f strictyaml.Field) {
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, f.Path, "a word, not %s", strictyaml.Describe(n))
		return
	}
	w.text = d.Text(n, f.Path)
	d.Keep(f, *w)
}

type kinds struct {
	Name  string         `yaml:"name"`
	Count int            `yaml:"count"`
	Ratio float64        `yaml:"ratio"`
	On    bool           `yaml:"on"`
	Day   time.Time      `yaml:"day"`
	List  []string       `yaml:"list"`
	Map   map[string]int `yaml:"map"`
	Ptr   *struct {
		X int `yaml:"x"`
	} `yaml:"ptr"`
	Word   word              `yaml:"word" note:"kept"`
	Words  []word            `yaml:"words"`
	Hidden string            `yaml:"-"`
	Rest   map[string]string `yaml:",inline"`
}

// TestKinds decodes every kind the decoder knows, and says where each
// value and each key of a map stands.
func TestKinds(t *testing.T) {
	const src = "name: A\ncount: 3\nratio: 0.5\non: true\nday: 2021-07-16\nlist: [a, b]\nmap:\n  one: 1\n  two: 2\nptr: {x: 4}\nword: hello\nwords: [x, y]\nextra: more\n"
	var k kinds
	s, diags := strictyaml.Decode("k.yaml", []byte(src), &k)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%s %d %v %v %s %q %v %d %s %d %s %s", k.Name, k.Count, k.Ratio, k.On, k.Day.Format(time.DateOnly), k.List,
		k.Map, k.Ptr.X, k.Word.text, len(k.Words), k.Words[1].text, k.Rest["extra"])
	if want := `A 3 0.5 true 2021-07-16 ["a" "b"] map[one:1 two:2] 4 hello 2 y more`; got != want || k.Day.Location() != time.UTC {
		t.Errorf("decoded %s, want %s", got, want)
	}
	for path, want := range map[string]strictyaml.Pos{
		"map.two": {Line: 9, Col: 8}, "words[1]": {Line: 12, Col: 12}, "extra": {Line: 13, Col: 8}, "ptr.x": {Line: 10, Col: 10},
	} {
		if got := s.At(path); got != want {
			t.Errorf("At(%s) = %v, want %v", path, got, want)
		}
	}
	if got := s.Key("map.two"); got != (strictyaml.Pos{Line: 9, Col: 3}) {
		t.Errorf("Key(map.two) = %v, want 9:3", got)
	}
	if got := s.Key("extra"); got != (strictyaml.Pos{Line: 13, Col: 1}) {
		t.Errorf("Key(extra) = %v, want 13:1", got)
	}
	kept := s.Kept()
	if len(kept) != 3 {
		t.Fatalf("kept %+v", kept)
	}
	if got := fmt.Sprintf("%s %s %s | %s %v %s", kept[0].Path, kept[0].Tag.Get("note"), kept[0].Key.Value,
		kept[2].Path, kept[2].Key == nil, kept[2].Value.(word).text); got != "word kept word | words[1] true y" {
		t.Errorf("kept %s", got)
	}
	var texts []string
	for _, sc := range s.Scalars() {
		texts = append(texts, sc.Path+"="+sc.Value)
	}
	if got := strings.Join(texts, " "); got != "name=A list[0]=a list[1]=b word=hello words[0]=x words[1]=y extra=more" {
		t.Errorf("scalars %s", got)
	}
}

// TestRefusals: each wrong value is reported at its place, and decoding
// goes on to report them all.
func TestRefusals(t *testing.T) {
	const src = "name: [x]\ncount: 1.5\nratio: many\non: yes please\nday: 2021-02-30\nlist: a\nmap: [1]\nptr: 3\nword: [w]\nwords: {a: b}\nmap:\n  one: x\n"
	var k kinds
	_, diags := strictyaml.Decode("k.yaml", []byte(src), &k)
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	want := []string{
		"k.yaml:1:7: error: name: must be text, not a list",
		`k.yaml:2:8: error: count: must be a whole number, not "1.5"`,
		`k.yaml:3:8: error: ratio: must be a number, not "many"`,
		`k.yaml:4:5: error: on: must be true or false, not "yes please"`,
		`k.yaml:5:6: error: day: "2021-02-30" is not a day of the calendar`,
		`k.yaml:6:7: error: list: must be a list, not "a"`,
		"k.yaml:7:6: error: map: must be a mapping, not a list",
		`k.yaml:8:6: error: ptr: must be a mapping of fields, not "3"`,
		"k.yaml:9:7: error: word: a word, not a list",
		"k.yaml:10:8: error: words: must be a list, not a mapping",
		`k.yaml:11:1: error: "map" is given twice (first on line 7)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestUnknownFields: a struct without an inline map refuses a key it
// does not name, with the name it may be a misspelling of.
func TestUnknownFields(t *testing.T) {
	var v struct {
		Inner struct {
			Signatory string `yaml:"signatory"`
		} `yaml:"inner"`
	}
	_, diags := strictyaml.Decode("u.yaml", []byte("inner:\n  signatory_nmae: x\n  signatroy: y\nother: 1\n"), &v)
	want := "u.yaml:2:3: error: unknown field \"signatory_nmae\" in inner\n" +
		"u.yaml:3:3: error: unknown field \"signatroy\" in inner (did you mean \"signatory\"?)\n" +
		"u.yaml:4:1: error: unknown field \"other\""
	if err := diags.Err(); err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestEmpty: an empty file, or one of comments alone, is an error unless
// the file may be empty.
func TestEmpty(t *testing.T) {
	var v struct {
		A string `yaml:"a"`
	}
	for src, want := range map[string]string{"": "e.yaml: error: file is empty", " \n\n": "e.yaml: error: file is empty", "# a note\n": "e.yaml: error: file holds no data"} {
		if _, diags := strictyaml.Decode("e.yaml", []byte(src), &v); diags.Err() == nil || diags.Err().Error() != want {
			t.Errorf("%q: %v, want %s", src, diags.Err(), want)
		}
		if _, diags := (strictyaml.Options{MayBeEmpty: true}).Decode("e.yaml", []byte(src), &v); len(diags) > 0 {
			t.Errorf("%q may be empty: %v", src, diags)
		}
	}
}

// TestRepeatedKeys: a long mapping's repeated keys are found, each with
// the line of the first (keys_test.go counts the work).
func TestRepeatedKeys(t *testing.T) {
	doc := func(n int) []byte {
		var b strings.Builder
		b.WriteString("map:\n")
		for i := range n {
			fmt.Fprintf(&b, "  k%d: %d\n", i, i)
		}
		b.WriteString("  k7: 0\n  k20: 0\n")
		return []byte(b.String())
	}
	for _, n := range []int{40, 1000} {
		var v struct {
			Map map[string]int `yaml:"map"`
		}
		_, diags := strictyaml.Decode("m.yaml", doc(n), &v)
		want := fmt.Sprintf("m.yaml:%d:3: error: map: \"k7\" is given twice (first on line 9)\nm.yaml:%d:3: error: map: \"k20\" is given twice (first on line 22)", n+2, n+3)
		if err := diags.Err(); err == nil || err.Error() != want {
			t.Errorf("%d keys: %v, want\n%s", n, err, want)
		}
	}
	// Unknown keys of a struct take the same way.
	var s struct {
		A int `yaml:"a"`
	}
	_, diags := strictyaml.Decode("m.yaml", doc(1000), &s)
	if len(diags) != 1 {
		t.Errorf("%d problems, want the unknown map", len(diags))
	}
}

// BenchmarkKeys decodes a mapping of 10,000 keys.
func BenchmarkKeys(b *testing.B) { benchKeys(b, 10000) }

func benchKeys(b *testing.B, n int) {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "k%d: %d\n", i, i)
	}
	data := []byte(sb.String())
	for b.Loop() {
		var m map[string]int
		strictyaml.Decode("m.yaml", data, &m)
	}
}

// FuzzDecode feeds arbitrary bytes to the decoder: it never panics, and
// every problem it reports names the file, a place inside it and a
// message.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		"name: A\ncount: 3\nmap: {a: 1}\nword: x\nwords: [y]\nextra: z\n",
		"map:\n  a: 1\n  a: 2\nname: {x: 1}\n",
		"day: 2021-02-31\nptr: ~\nlist: [[a]]\n",
		"a: &x [1]\nb: *x\n",
		"\ufeffname: x\n",
		"name: \"\\x1b\\uFFFE\"\n",
		"? [a]\n: b\n",
		"- a\n- b\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var k kinds
		_, diags := strictyaml.Decode("f.yaml", data, &k)
		lines := strings.Count(string(data), "\n") + strings.Count(string(data), "\r") + 1
		for _, d := range diags {
			if d.File != "f.yaml" || d.Msg == "" || d.Line < 0 || d.Line > lines+1 || d.Col < 0 {
				t.Errorf("%v: not a problem at a place of the file of %d lines", d, lines)
			}
		}
	})
}
