package theme

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/diag"
)

// datesAre fails t unless the theme of lang writes each day as want says
// ("2021-09-13": "13th September 2021").
func datesAre(t *testing.T, lang string, want map[string]string) *Theme {
	t.Helper()
	th, diags := Load("", lang)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for day, w := range want {
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := th.Date(d); err != nil || got != w {
			t.Errorf("%s: Date(%s) = %q, %v; want %q", lang, day, got, err, w)
		}
	}
	return th
}

func TestDefaults(t *testing.T) {
	th := datesAre(t, "en-GB", map[string]string{
		"2021-09-13": "13th September 2021", "2021-09-01": "1st September 2021", "2022-03-22": "22nd March 2022",
		"2024-02-23": "23rd February 2024", "2024-02-11": "11th February 2024",
	})
	for items, want := range map[string]string{"": "", "a": "a", "a|b": "a and b", "a|b|c": "a, b and c"} {
		var list []string
		if items != "" {
			list = strings.Split(items, "|")
		}
		if got := th.AndList(list); got != want {
			t.Errorf("AndList(%q) = %q, want %q", items, got, want)
		}
	}
	got, err := th.Standard("other-bodies", struct {
		Addressees []string
		Force      struct{ ShortName string }
	}{[]string{"the CPS"}, struct{ ShortName string }{"the Constabulary"}})
	if want := "This recommendation is addressed to the CPS. The Constabulary will await further information on progress against this."; err != nil || got != want {
		t.Errorf("standard sentence = %q, %v", got, err)
	}
	if len(th.Holders) < 10 {
		t.Errorf("%d Home Secretaries", len(th.Holders))
	}
}

// TestOverride lays an office's folder over the defaults: single phrases
// change, the rest stay, and the stylesheet is replaced whole.
func TestOverride(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("en-GB/phrases.yaml", "sign_off: Yours faithfully\nforce_response: \"Chief Constable's response:\"\n")
	write("style.css", "body { color: black; }\n")
	th, diags := Load(dir, "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if got, _ := th.Phrase("sign_off", nil); got != "Yours faithfully" {
		t.Errorf("sign_off = %q", got)
	}
	if got, _ := th.Phrase("force_response", nil); got != "Chief Constable's response:" {
		t.Errorf("force_response = %q", got)
	}
	if got, _ := th.Phrase("pcc_comment", nil); got != "PCC comment:" {
		t.Errorf("pcc_comment = %q, want the default", got)
	}
	if th.CSS != "body { color: black; }\n" {
		t.Errorf("CSS not replaced: %q", th.CSS)
	}
	if len(th.Files) != 2 {
		t.Errorf("override files %q, want the 2 read", th.Files)
	}

	// A language without a phrase book of its own needs one in the folder.
	_, diags = Load(dir, "gd-GB")
	if len(diags) != 1 || !strings.Contains(diags[0].Error(), `no phrase book for language "gd-GB"`) {
		t.Errorf("gd-GB without a phrase book: %v", diags)
	}
}

// TestNewLanguage loads a phrase book for a language s55 does not ship:
// it must be whole.
func TestNewLanguage(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "ga-IE"), 0o755); err != nil {
		t.Fatal(err)
	}
	en, err := os.ReadFile("../../templates/en-GB/phrases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	whole := strings.Replace(string(en), "sign_off: Yours sincerely", "sign_off: Is mise le meas", 1)
	if err := os.WriteFile(filepath.Join(dir, "ga-IE", "phrases.yaml"), []byte(whole), 0o644); err != nil {
		t.Fatal(err)
	}
	th, diags := Load(dir, "ga-IE")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if got, _ := th.Phrase("sign_off", nil); got != "Is mise le meas" {
		t.Errorf("sign_off = %q", got)
	}
	partial := "sign_off: Is mise le meas\n"
	if err := os.WriteFile(filepath.Join(dir, "ga-IE", "phrases.yaml"), []byte(partial), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags = Load(dir, "ga-IE")
	if diags.Errors() == 0 || !strings.Contains(diags.Err().Error(), `the phrase book lacks the phrase "cc"`) {
		t.Errorf("partial book: %v", diags)
	}
}

// TestBooksAlike holds every phrase book s55 ships to the English one:
// each has every phrase, standard sentence and list the other has, so
// that no document of an office in any of its languages lacks a phrase.
func TestBooksAlike(t *testing.T) {
	langs := Shipped()
	if !slices.Contains(langs, "en-GB") || !slices.Contains(langs, "cy-GB") {
		t.Fatalf("shipped books %v, want en-GB and cy-GB", langs)
	}
	en, diags := Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for _, lang := range langs {
		th, diags := Load("", lang)
		if err := diags.Err(); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if got, want := slices.Sorted(maps.Keys(th.phrases)), slices.Sorted(maps.Keys(en.phrases)); !slices.Equal(got, want) {
			t.Errorf("%s phrases %v, en-GB %v", lang, got, want)
		}
		if got, want := slices.Sorted(maps.Keys(th.standard)), slices.Sorted(maps.Keys(en.standard)); !slices.Equal(got, want) {
			t.Errorf("%s standard sentences %v, en-GB %v", lang, got, want)
		}
		if len(th.days) != 31 || len(th.months) != 12 || len(th.and) == 0 {
			t.Errorf("%s: %d days, %d months, %d rules of and", lang, len(th.days), len(th.months), len(th.and))
		}
		// Every phrase runs on the data it is given.
		for name := range th.phrases {
			if _, err := th.Phrase(name, phraseData(name)); err != nil {
				t.Errorf("%s: %v", lang, err)
			}
		}
	}
}

// phraseData is data of the shape compose and scaffold give a phrase.
func phraseData(name string) any {
	office := map[string]any{
		"PCC":   map[string]any{"Name": "Alex Example", "Title": "Commissioner"},
		"Force": map[string]any{"Name": "Example Police", "ShortName": "the force", "ChiefOfficer": "Chief Constable"},
	}
	switch {
	case name == "date":
		return time.Date(2024, 4, 25, 0, 0, 0, 0, time.UTC)
	case name == "page":
		return struct{ Page, Pages int }{1, 2}
	case name == "joined":
		return []string{"a", "b"}
	case name == "table_label":
		return struct{ Columns string }{"A"}
	case name == "calendar_target":
		return struct{ Item, Report, Owner, Status string }{"Recommendation 1", "T", "DCC", "in-progress"}
	case name == "calendar_last_day":
		return struct{ Report, ID string }{"T", "r"}
	case name == "site_chain":
		return struct{ Sequence int }{3}
	case name == "site_late":
		return struct {
			DaysLate int
			LastDay  string
		}{4, "9th September 2021"}
	case name == "site_corrects" || name == "site_superseded" || name == "site_brought_in":
		return map[string]any{"Revision": 2, "Supersedes": 1, "SupersededBy": 3, "Reason": "A name was wrong.", "Issued": "1", "BroughtIn": "2"}
	case name == "site_updates", name == "site_read_revision":
		return 2
	case name == "corrected" || name == "submission_changed" || name == "submission_unchanged":
		return struct{ Day, Reason, Replaces string }{"20th September 2021", "A name was wrong", "14th September 2021"}
	case name == "site_closed_on" || name == "site_closed_by" || name == "submission_corrected_subject":
		return "T"
	case slices.Contains([]string{"site_tracker_intro", "site_changes", "site_of_report", "site_deadline", "site_owner_is", "site_target_is"}, name):
		return "T"
	case strings.HasPrefix(name, "submission_"):
		return map[string]any{"Title": "T", "Inspectorates": []string{"HMICFRS"}, "URL": "", "Published": "1", "LetterDate": "2",
			"LastDay": "3", "DaysLate": 1, "PCC": office["PCC"], "Force": office["Force"], "File": "r.pdf"}
	}
	return map[string]any{
		"Report": map[string]any{"Title": "T"}, "Office": office, "Recipient": map[string]any{"Role": "Home Secretary"},
		"CC": []string{"HMICFRS"}, "Number": 1, "Title": "T", "Recommendations": 3,
		"Addressees": []string{"the CPS"}, "Force": office["Force"],
	}
}

// TestWelsh: the Welsh book's dates, its "and" chosen by the next word,
// and its standard sentence.
func TestWelsh(t *testing.T) {
	th := datesAre(t, "cy-GB", map[string]string{
		"2021-09-13": "13eg Medi 2021", "2021-03-18": "18fed Mawrth 2021", "2024-02-01": "1af Chwefror 2024",
		"2024-06-02": "2il Mehefin 2024", "2024-07-22": "22ain Gorffennaf 2024", "2024-12-31": "31ain Rhagfyr 2024",
		"2025-10-03": "3ydd Hydref 2025", "2025-11-11": "11eg Tachwedd 2025", "2025-08-19": "19eg Awst 2025",
	})
	for items, want := range map[string]string{
		"Heddlu Gwent|Heddlu De Cymru":                "Heddlu Gwent a Heddlu De Cymru",
		"y Swyddfa Gartref|y Coleg Plismona":          "y Swyddfa Gartref a'r Coleg Plismona",
		"y Swyddfa Gartref|yr Arolygiaeth":            "y Swyddfa Gartref a'r Arolygiaeth",
		"y Coleg Plismona|Arolygiaeth Gofal Cymru":    "y Coleg Plismona ac Arolygiaeth Gofal Cymru",
		"HMICFRS|Ysgrifennydd Cartref":                "HMICFRS ac Ysgrifennydd Cartref",
		"a|b|Undeb":                                   "a, b ac Undeb",
		"Comisiynydd|ŵyr":                             "Comisiynydd ac ŵyr",
		"Heddlu Dyfed-Powys|Gwasanaeth Erlyn y Goron": "Heddlu Dyfed-Powys a Gwasanaeth Erlyn y Goron",
		"y Swyddfa Gartref|Yr Adran Gyfiawnder":       "y Swyddfa Gartref a'r Adran Gyfiawnder",
		"y Swyddfa Gartref|Ynys Môn":                  "y Swyddfa Gartref ac Ynys Môn",
	} {
		if got := th.AndList(strings.Split(items, "|")); got != want {
			t.Errorf("AndList(%q) = %q, want %q", items, got, want)
		}
	}
	got, err := th.Standard("other-bodies", map[string]any{
		"Addressees": []string{"y Swyddfa Gartref", "y Coleg Plismona"},
		"Force":      map[string]any{"ShortName": "yr Heddlu"},
	})
	if want := "Mae'r argymhelliad hwn wedi'i gyfeirio at y Swyddfa Gartref a'r Coleg Plismona. Bydd yr Heddlu yn aros am ragor o wybodaeth am y cynnydd o ran ei gyflawni."; err != nil || got != want {
		t.Errorf("standard sentence = %q, %v", got, err)
	}
	// The addressees mutate after "at", and the last after "a".
	for addressees, want := range map[string]string{
		"Gwasanaeth Erlyn y Goron":                         "at Wasanaeth Erlyn y Goron.",
		"Gwasanaeth Erlyn y Goron|Cyngor Cenedlaethol":     "at Wasanaeth Erlyn y Goron a Chyngor Cenedlaethol.",
		"y Swyddfa Gartref|Pwyllgor Cyfiawnder":            "at y Swyddfa Gartref a Phwyllgor Cyfiawnder.",
		"Prif Gwnstabliaid|Comisiynwyr Heddlu a Throseddu": "at Brif Gwnstabliaid a Chomisiynwyr Heddlu a Throseddu.",
		"NPCC|Tîm Cyfiawnder Troseddol":                    "at NPCC a Thîm Cyfiawnder Troseddol.",
		"Llywodraeth Cymru|Coleg Plismona|Rhwydwaith":      "at Lywodraeth Cymru, Coleg Plismona a Rhwydwaith.",
		"Bwrdd Cyfiawnder|Dioddefwyr Cymru":                "at Fwrdd Cyfiawnder a Dioddefwyr Cymru.",
		"Chwaraeon Cymru|Theatr|Ffederasiwn":               "at Chwaraeon Cymru, Theatr a Ffederasiwn.",
		"Kent Police|College of Policing":                  "at Kent Police a College of Policing.",
		"Gwasanaeth Erlyn y Goron|yr Arolygiaeth":          "at Wasanaeth Erlyn y Goron a'r Arolygiaeth.",
		"Gwasanaeth Erlyn y Goron|Arolygiaeth Gofal":       "at Wasanaeth Erlyn y Goron ac Arolygiaeth Gofal.",
	} {
		got, err := th.Standard("other-bodies", map[string]any{
			"Addressees": strings.Split(addressees, "|"), "Force": map[string]any{"ShortName": "yr Heddlu"},
		})
		if err != nil || !strings.Contains(got, " "+want+" ") {
			t.Errorf("standard sentence for %q = %q, %v; want %q", addressees, got, err, want)
		}
	}
	for role, want := range map[string]string{"Ysgrifennydd Cartref": "Annwyl Ysgrifennydd Cartref", "Prif Weinidog": "Annwyl Brif Weinidog"} {
		if got, err := th.Phrase("salutation", map[string]any{"Recipient": map[string]any{"Role": role}}); err != nil || got != want {
			t.Errorf("salutation = %q, %v; want %q", got, err, want)
		}
	}
	if got, _ := th.Phrase("page", struct{ Page, Pages int }{2, 9}); got != "Tudalen 2 o 9" {
		t.Errorf("page = %q", got)
	}
}

// TestPlural: the scaffold's sentence words each number as the language's
// CLDR category asks.
func TestPlural(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en-GB", 1, "HMICFRS have set out 1 recommendation in the report:"},
		{"en-GB", 0, "HMICFRS have set out 0 recommendations in the report:"},
		{"en-GB", 13, "HMICFRS have set out 13 recommendations in the report:"},
		{"cy-GB", 1, "Mae HMICFRS wedi gwneud 1 argymhelliad yn yr adroddiad:"},
		{"cy-GB", 2, "Mae HMICFRS wedi gwneud 2 argymhelliad yn yr adroddiad:"},
		{"cy-GB", 3, "Mae HMICFRS wedi gwneud 3 argymhelliad yn yr adroddiad:"},
		{"cy-GB", 6, "Mae HMICFRS wedi gwneud 6 argymhelliad yn yr adroddiad:"},
		{"cy-GB", 13, "Mae HMICFRS wedi gwneud 13 o argymhellion yn yr adroddiad:"},
	} {
		th, _ := Load("", c.lang)
		if got, err := th.Phrase("scaffold_introduction", map[string]any{"Recommendations": c.n}); err != nil || got != c.want {
			t.Errorf("%s %d: %q, %v; want %q", c.lang, c.n, got, err, c.want)
		}
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "en-GB"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "en-GB", "phrases.yaml"), []byte(`scaffold_introduction: '{{plural .Recommendations "one" "x"}}'`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	th, _ := Load(dir, "en-GB")
	if _, err := th.Phrase("scaffold_introduction", map[string]any{"Recommendations": 2}); err == nil || !strings.Contains(err.Error(), `lack "other"`) {
		t.Errorf("a plural without other: %v", err)
	}
}

// TestWords: the books' addressees and mutations decode, an office's book
// adds to them, and a mistake is reported at its place.
func TestWords(t *testing.T) {
	for _, lang := range Shipped() {
		th, _ := Load("", lang)
		a := th.Addressees()
		if len(a.Force.One) == 0 || len(a.Force.Many) == 0 || len(a.Office.One) == 0 || len(a.Office.Many) == 0 ||
			len(a.Other) == 0 || len(a.Skip) == 0 || len(a.Join) == 0 || len(a.Of) == 0 || len(a.Narrow) == 0 {
			t.Errorf("%s: addressees %+v", lang, a)
		}
	}
	dir := t.TempDir()
	write := bookWriter(t, dir)
	write("cy-GB", "addressees:\n  office: {one: [maer llundain]}\nmutation:\n  after: {efo: aspirate}\n  never: ['^Pwyllgor$']\n")
	th, diags := Load(dir, "cy-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if a := th.Addressees(); !slices.Contains(a.Office.One, "maer llundain") || !slices.Contains(a.Office.One, "comisiynydd heddlu a throseddu") {
		t.Errorf("extended office names %q", a.Office.One)
	}
	if got := th.After("efo", "Cyngor") + "|" + th.After("a", "Pwyllgor") + "|" + th.After("at", "Gwasanaeth"); got != "efo Chyngor|a Pwyllgor|at Wasanaeth" {
		t.Errorf("extended mutations: %q", got)
	}
	for book, want := range map[string]string{
		"addressees:\n  forse: {one: [x]}\n":         `2:3: error: unknown field "forse" in addressees (did you mean "force"?)`,
		"addressees:\n  force: {one: x}\n":           `2:16: error: addressees.force.one: must be a list, not "x"`,
		"addressees: [x]\n":                          "1:13: error: addressees: must be a mapping of fields, not a list",
		"mutation:\n  after: {at: sfot}\n":           `the mutation "sfot"`,
		"mutation:\n  never: ['(']\n":                "does not compile",
		"mutation:\n  soft: [b]\n":                   "2:9: error: mutation.soft: must be a mapping, not a list",
		"mutation:\n  soft: {p: b}\n  keep: [c h]\n": "not an initial of letters",
	} {
		write("en-GB", book)
		_, diags := Load(dir, "en-GB")
		if err := diags.Err(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", book, err, want)
		}
	}
}

// TestJoined sets the books of a bilingual office side by side.
func TestJoined(t *testing.T) {
	cy, _ := Load("", "cy-GB")
	en, _ := Load("", "en-GB")
	j := Joined([]*Theme{cy, en})
	if got, err := j.Phrase("page", struct{ Page, Pages int }{2, 9}); err != nil || got != "Tudalen 2 o 9 / Page 2 of 9" {
		t.Errorf("joined page = %q, %v", got, err)
	}
	if got, err := Joined([]*Theme{en, cy}).Phrase("related_label", nil); err != nil || got != "About this document / Am y ddogfen hon" {
		t.Errorf("joined label = %q, %v", got, err)
	}
	if j.Lang != "cy-GB" || j.CSS != cy.CSS {
		t.Errorf("joined theme is %s", j.Lang)
	}
}

// TestAndRules refuses rules that cannot join every list.
func TestAndRules(t *testing.T) {
	for book, want := range map[string]string{
		"and: [{before: '^a', write: 'x '}]\n":            "the last rule of and needs no pattern",
		"and: [{before: '(', write: 'x '}, {write: y}]\n": "the pattern does not compile",
		"and: [{before: '^a'}, {write: y}]\n":             "the rule has no write",
		"and: [{befor: '^a', write: x}, {write: y}]\n":    `unknown field "befor"`,
		"and: ''\n": "and needs the word",
	} {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "en-GB"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "en-GB", "phrases.yaml"), []byte(book), 0o644); err != nil {
			t.Fatal(err)
		}
		_, diags := Load(dir, "en-GB")
		if err := diags.Err(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", book, err, want)
		}
	}
}

// TestLoadRefusesLinks checks each file of a templates folder: a style
// sheet, a page template, the table of Home Secretaries or a phrase book
// (or its language's folder) that is a symbolic link is refused at the
// file, whether it leads outside the folder or stays inside, and its text
// is never taken.
func TestLoadRefusesLinks(t *testing.T) {
	const secret = "/* private: never published */"
	for _, tc := range []struct {
		name, link, to string
	}{
		{"style sheet outside", StyleFile, "../private/secret"},
		{"style sheet inside", StyleFile, "real.css"},
		{"page template", PageFile, "../private/secret"},
		{"holders", HoldersFile, "../private/secret"},
		{"phrase book", "en-GB/" + PhraseFile, "../../private/secret"},
		{"language folder", "en-GB", "../private"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "tpl")
			for _, d := range []string{filepath.Join(root, "private"), filepath.Join(dir, "en-GB")} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, p := range []string{filepath.Join(root, "private", "secret"), filepath.Join(root, "private", PhraseFile), filepath.Join(dir, "real.css")} {
				if err := os.WriteFile(p, []byte(secret), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			link := filepath.Join(dir, filepath.FromSlash(tc.link))
			os.Remove(link)
			if err := os.Symlink(tc.to, link); err != nil {
				t.Fatal(err)
			}
			th, diags := Load(dir, "en-GB")
			want := "is a symbolic link"
			if tc.link == "en-GB" {
				want = "is reached through " + link + ", a symbolic link"
			}
			if len(diags) != 1 || !strings.HasPrefix(diags[0].Msg, want) || !strings.HasPrefix(diags[0].File, link) {
				t.Fatalf("diags %v, want one at %s: %s", diags, link, want)
			}
			if strings.Contains(th.CSS+th.Page, "private") || len(th.Files) != 0 {
				t.Errorf("the linked file was taken: CSS %q, files %q", th.CSS, th.Files)
			}
		})
	}
}

// TestBookStrict: a phrase book is decoded as strictly as every other
// file: a phrase given twice, a phrase that is not text, a character no
// text may hold and a byte order mark are refused at their place, and an
// office's book holding nothing but comments changes nothing.
func TestBookStrict(t *testing.T) {
	for book, want := range map[string]string{
		"sign_off: A\nsign_off: B\n":      `phrases.yaml:2:1: error: "sign_off" is given twice (first on line 1)`,
		"sign_off: [Yours, sincerely]\n":  "phrases.yaml:1:11: error: sign_off: must be text, not a list",
		"sign_off: \"Yours\\u0007\"\n":    "phrases.yaml:1:17: error: sign_off: character U+0007 cannot be used: it is a control character",
		"\ufeffsign_off: Yours\n":         "phrases.yaml:1:1: error: file starts with a byte order mark",
		"sign_off: &s Yours\ncc: *s\n":    "phrases.yaml:1:11: error: anchors and aliases are not supported",
		"days: [1st]\n":                   "phrases.yaml:1:7: error: days: days needs 31 entries, not 1",
		"standard: {other-bodies: [x]}\n": "phrases.yaml:1:26: error: standard.other-bodies: must be text, not a list",
		"sign_off: \"{{.Nope\"\n":         `phrases.yaml:1:11: error: phrase "sign_off": unclosed action`,
		"sign_off: Yours\n\tcc: x\n":      "phrases.yaml:2:1: error: found a tab character that violates indentation (tabs cannot indent YAML; use spaces)",
	} {
		_, diags := Load(office(t, "en-GB", book), "en-GB")
		if err := diags.Err(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", book, err, want)
		}
	}
	th, diags := Load(office(t, "en-GB", "# Our own phrases, to come.\n"), "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatalf("a book of comments: %v", err)
	}
	if got, _ := th.Phrase("sign_off", nil); got != "Yours sincerely" {
		t.Errorf("sign_off %q, want the default's", got)
	}
}

// TestLoadWordsAsLoad reads the words of each shipped book, and of
// office books that add to them, break them or stand for a language s55
// does not ship, with LoadWords and with Load, and finds them the same, the
// same problems with them, and a language with no book refused by both.
func TestLoadWordsAsLoad(t *testing.T) {
	same := func(dir, lang string) {
		t.Helper()
		th, tdiags := Load(dir, lang)
		for range 2 { // the second time from what the process read
			w, wdiags := LoadWords(dir, lang)
			if tdiags.Errors() > 0 {
				if wdiags.Errors() == 0 && !strings.Contains(tdiags.Err().Error(), "phrase") {
					t.Errorf("%s %s: Load refuses (%v), LoadWords does not", dir, lang, tdiags.Err())
				}
				continue
			}
			if err := wdiags.Err(); err != nil {
				t.Errorf("%s %s: LoadWords: %v, Load none", dir, lang, err)
			}
			if !reflect.DeepEqual(w, th.Words()) {
				t.Errorf("%s %s: LoadWords %+v, Load %+v", dir, lang, w, th.Words())
			}
		}
	}
	for _, lang := range Shipped() {
		same("", lang)
	}
	dir := t.TempDir()
	write := bookWriter(t, dir)
	write("cy-GB", "addressees:\n  office: {one: [maer llundain]}\nmutation:\n  after: {efo: aspirate}\n  never: ['^Pwyllgor$']\n")
	same(dir, "cy-GB")
	write("en-GB", "addressees:\n  force: {many: [every constabulary]}\n  other: [the fire service]\n")
	same(dir, "en-GB")
	for _, book := range []string{"addressees:\n  forse: {one: [x]}\n", "mutation:\n  never: ['(']\n", "addressees: [x]\n"} {
		write("en-GB", book)
		_, tdiags := Load(dir, "en-GB")
		_, wdiags := LoadWords(dir, "en-GB")
		if tdiags.Err() == nil || wdiags.Err() == nil || tdiags.Err().Error() != wdiags.Err().Error() {
			t.Errorf("%q: Load %v, LoadWords %v", book, tdiags.Err(), wdiags.Err())
		}
	}
	if _, diags := LoadWords(dir, "fr-FR"); !strings.Contains(fmt.Sprint(diags.Err()), `no phrase book for language "fr-FR"`) {
		t.Errorf("a language with no book: %v", diags.Err())
	}
	en, err := os.ReadFile(filepath.Join("..", "..", "templates", "en-GB", "phrases.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write("gd-GB", string(en))
	same(dir, "gd-GB")
}

// bookWriter returns what writes an office's phrase book of a language
// into the templates folder dir.
func bookWriter(t *testing.T, dir string) func(lang, book string) {
	return func(lang, book string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, lang), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, lang, "phrases.yaml"), []byte(book), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestShippedPhrasesParse parses every phrase of every book s55 ships, its
// bodies' phrases too: they are parsed only when first run, so a mistake
// in one would otherwise surface only in the build that runs it.
func TestShippedPhrasesParse(t *testing.T) {
	for _, lang := range Shipped() {
		th, diags := Load("", lang)
		if err := diags.Err(); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		books := []map[string]*phrase{th.phrases, th.standard}
		for _, b := range th.bodies {
			books = append(books, b.phrases)
		}
		n := 0
		for _, book := range books {
			for name, p := range book {
				if p.tmpl != nil {
					t.Errorf("%s: %s parsed before it was run", lang, name)
				}
				if _, err := p.template(name); err != nil {
					t.Errorf("%s: %s: %v", lang, name, err)
				}
				n++
			}
		}
		if n < 100 {
			t.Errorf("%s: %d phrases parsed", lang, n)
		}
	}
}

// TestShippedPhraseRefusedWhenRun reads a book as s55 reads its own: a
// phrase that does not parse is refused when run, at its place, and an
// office's book with the same phrase is refused as it is read.
func TestShippedPhraseRefusedWhenRun(t *testing.T) {
	book := []byte("greeting: \"Dear {{.Name\"\n")
	th := &Theme{Lang: "en-GB", phrases: map[string]*phrase{}, standard: map[string]*phrase{}}
	var diags diag.List
	th.readPhrases("templates/xx-XX/phrases.yaml", book, true, true, &diags)
	if err := diags.Err(); err != nil {
		t.Fatalf("shipped book refused as read: %v", err)
	}
	_, err := th.Phrase("greeting", map[string]string{"Name": "Sir"})
	var d diag.Diagnostic
	if !errors.As(err, &d) || d.File != "templates/xx-XX/phrases.yaml" || d.Line != 1 || d.Col != 11 || !strings.Contains(d.Msg, `phrase "greeting"`) {
		t.Errorf("running the bad phrase: %#v", err)
	}
	office := &Theme{Lang: "en-GB", phrases: map[string]*phrase{}, standard: map[string]*phrase{}}
	diags = nil
	office.readPhrases("office/en-GB/phrases.yaml", book, true, false, &diags)
	if diags.Errors() != 1 || !strings.Contains(diags[0].Msg, `phrase "greeting"`) || diags[0].Line != 1 {
		t.Errorf("office book: %v", diags)
	}
}

// TestOfficeHolders reads an office's own table of Home Secretaries from a
// folder named as s55's own are, "templates": the office's table is read,
// not the one s55 ships under the same name.
func TestOfficeHolders(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.MkdirAll("templates", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("templates", HoldersFile), []byte("- {name: Alex Example, from: 2020-01-01}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	th, diags := Load("templates", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if len(th.Holders) != 1 || th.Holders[0].Name != "Alex Example" {
		t.Errorf("holders %v, want the office's one", th.Holders)
	}
}
