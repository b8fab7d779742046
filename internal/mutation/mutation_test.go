package mutation

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// welsh is the shape of the rules cy-GB/phrases.yaml gives; theme's tests
// hold the book's own.
var welsh = Spec{
	Kinds: map[string]map[string]string{
		"soft":     {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f", "ll": "l", "rh": "r"},
		"aspirate": {"p": "ph", "t": "th", "c": "ch"},
		"nasal":    {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"},
	},
	Keep:  []string{"ch", "dd", "ff", "ng", "ph", "th"},
	After: map[string]string{"at": "soft", "i": "soft", "a": "aspirate", "fy": "nasal"},
	Never: []string{`^\p{Lu}[\p{Lu}\d&]+s?$`, `[KkQqVvXxZz]`, `^(?:Police|Crown)$`},
}

func TestAfter(t *testing.T) {
	r, err := New(welsh, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ word, text, want string }{
		{"at", "Gwasanaeth Erlyn y Goron", "Wasanaeth Erlyn y Goron"},
		{"at", "Prif Gwnstabliaid", "Brif Gwnstabliaid"},
		{"at", "prif gwnstabliaid", "brif gwnstabliaid"},
		{"at", "Comisiynwyr Heddlu a Throseddu", "Gomisiynwyr Heddlu a Throseddu"},
		{"At", "Llywodraeth Cymru", "Lywodraeth Cymru"},
		{"at", "LLYWODRAETH", "LLYWODRAETH"}, // capitals: an acronym's shape
		{"i", "Rhwydwaith", "Rwydwaith"},
		{"i", "Tîm", "Dîm"},
		{"i", "Bwrdd", "Fwrdd"},
		{"i", "Dyfed-Powys", "Ddyfed-Powys"},
		{"i", "Mudiad", "Fudiad"},
		{"a", "Cyngor", "Chyngor"},
		{"a", "Pwyllgor", "Phwyllgor"},
		{"a", "Tîm", "Thîm"},
		{"a", "Bwrdd", "Bwrdd"}, // the aspirate mutation leaves b
		{"fy", "Cyngor", "Nghyngor"},
		// Digraphs are letters of their own.
		{"at", "Chwaraeon Cymru", "Chwaraeon Cymru"},
		{"at", "Ffederasiwn", "Ffederasiwn"},
		{"at", "Theatr", "Theatr"},
		{"at", "Ddinas", "Ddinas"},
		{"a", "Phwyllgor", "Phwyllgor"},
		{"at", "Ngwent", "Ngwent"},
		// Vowels and letters no mutation changes.
		{"at", "y Swyddfa Gartref", "y Swyddfa Gartref"},
		{"at", "yr Heddlu", "yr Heddlu"},
		{"at", "Heddlu Gwent", "Heddlu Gwent"},
		{"at", "Swyddfa", "Swyddfa"},
		{"at", "Ŵyr", "Ŵyr"},
		// Words that never mutate.
		{"at", "NPCC", "NPCC"},
		{"at", "PCCs", "PCCs"},
		{"at", "CPS Cymru", "CPS Cymru"},
		{"at", "Kent Police", "Kent Police"},
		{"at", "Police Scotland", "Police Scotland"},
		{"at", "Crown Prosecution Service", "Crown Prosecution Service"},
		// A word that causes nothing, and text that starts with no word.
		{"gyda", "Cyngor", "Cyngor"},
		{"at", "", ""},
		{"at", "'r Coleg", "'r Coleg"},
		{"at", "2 Heddlu", "2 Heddlu"},
	} {
		if got := r.After(c.word, c.text); got != c.want {
			t.Errorf("After(%q, %q) = %q, want %q", c.word, c.text, got, c.want)
		}
	}
	var none *Rules
	if got := none.After("at", "Gwasanaeth"); got != "Gwasanaeth" {
		t.Errorf("nil rules changed %q", got)
	}
}

func TestForms(t *testing.T) {
	r, _ := New(welsh, nil)
	for word, want := range map[string][]string{
		"Comisiynwyr": {"comisiynwyr", "chomisiynwyr", "gomisiynwyr", "nghomisiynwyr"},
		"prif":        {"prif", "brif", "mhrif", "phrif"},
		"heddluoedd":  {"heddluoedd"},
		"chwech":      {"chwech"},
		"gwent":       {"gwent", "ngwent", "went"},
	} {
		if got := r.Forms(word); !slices.Equal(got, want) {
			t.Errorf("Forms(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestNewRefuses(t *testing.T) {
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kinds: map[string]map[string]string{"soft": {"p ": "b"}}}, "an initial is one or more letters"},
		{Spec{Kinds: map[string]map[string]string{"soft": {"p": "b"}}, After: map[string]string{"at": "sfot"}}, `the mutation "sfot"`},
		{Spec{Never: []string{"("}}, "does not compile"},
		{Spec{Keep: []string{""}}, "not an initial"},
	} {
		if _, err := New(c.spec, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%v) = %v, want %q", c.spec, err, c.want)
		}
	}
}

func TestMerge(t *testing.T) {
	base, _ := New(welsh, nil)
	// An office's book adds a word and a name, and may give a mutation
	// anew; the others stay.
	m, err := New(Spec{Kinds: map[string]map[string]string{"soft": {"p": "b"}}, After: map[string]string{"gan": "soft", "gyda": "aspirate"}, Never: []string{"^Pwyllgor$"}}, base)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.After("gan", "Pwyllgor") + "|" + m.After("gan", "Pennaeth") + "|" + m.After("at", "Tîm") + "|" + m.After("gyda", "Cyngor") + "|" + m.After("at", "NPCC"); got != "Pwyllgor|Bennaeth|Tîm|Chyngor|NPCC" {
		t.Errorf("merged = %q", got)
	}
}

// FuzzAfter: no text makes a mutation fail, and the words after the first
// never change.
func FuzzAfter(f *testing.F) {
	r, err := New(welsh, nil)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"Gwasanaeth Erlyn", "Llys", "ŵ", "\xff", "G", "'", "Ǆ x"} {
		f.Add("at", s)
		f.Add("a", s)
	}
	f.Fuzz(func(t *testing.T, word, text string) {
		got := r.After(word, text)
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("After(%q, %q) = %q, not UTF-8", word, text, got)
		}
		if i := strings.IndexByte(text, ' '); i >= 0 && !strings.HasSuffix(got, text[i:]) {
			t.Fatalf("After(%q, %q) = %q changed the words after the first", word, text, got)
		}
	})
}
