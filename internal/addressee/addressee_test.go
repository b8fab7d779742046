package addressee

import (
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// words returns the classifier of lang's shipped book for an office whose
// force is Cambridgeshire Constabulary (Heddlu Gwent in Welsh).
func words(t testing.TB, lang string) *Words {
	t.Helper()
	th, diags := theme.Load("", lang)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	names := Names{
		Force:  []string{"Cambridgeshire Constabulary", "the Constabulary", "Chief Constable"},
		Office: []string{"Police and Crime Commissioner for Cambridgeshire and Peterborough"},
	}
	if lang == "cy-GB" {
		names = Names{Force: []string{"Heddlu Gwent", "yr Heddlu", "Prif Gwnstabl"}, Office: []string{"Comisiynydd Heddlu a Throseddu Gwent"}}
	}
	return NewWords(th.Addressees(), th.Mutation(), names)
}

// TestEnglish holds the rule against the wordings HMICFRS uses and many it
// might: every form of every name, with determiners, qualifiers, case,
// punctuation and spacing that must not matter.
func TestEnglish(t *testing.T) {
	w := words(t, "en-GB")
	cases := map[Class][]string{
		Force: {
			"all chief constables", "chief constables", "Chief Constables", "ALL CHIEF CONSTABLES", "  all   chief  constables ",
			"chief officers", "forces", "all forces", "every force", "each force", "Each police force", "police forces",
			"Police forces in England and Wales", "all police forces in England and Wales", "all police forces",
			"the police", "police", "Police.", "the force", "The Constabulary", "Cambridgeshire Constabulary",
			"cambridgeshire constabulary", "the Chief Constable of Cambridgeshire Constabulary", "Chief Constable",
			"chief constables of all forces", "chief constables of forces in England and Wales", "chief officers of police",
			"the chief officer of each police force", "territorial police forces", "all Home Office police forces",
			"Welsh forces", "the four Welsh forces", "all 43 forces", "forces that have not yet done so", "forces with rape units",
			"Chief constables (all forces)", "chief constables, in England and Wales", "every chief constable",
			"chief constables in England", "forces in Wales", "forces across England and Wales", "any force", "relevant forces",
			"forces' chief officers", "the chief constable of every force", "Constabularies", "police services",
			"Chief officers in all forces", "All forces that haven't already done so", "the police service in England and Wales",
			"chief constables\u00a0of forces", "Chief Constables’", "chief constable and chief constables",
			"Chief Constables of all 43 Home Office forces", "the 43 territorial police forces", "chief constables (or equivalent)",
		},
		Office: {
			"police and crime commissioners", "Police and Crime Commissioners", "PCCs", "all PCCs", "PFCCs", "the PCC",
			"police, fire and crime commissioners", "Police Fire and Crime Commissioners", "police fire & crime commissioners",
			"mayors with PCC functions", "Mayors with police and crime commissioner functions", "mayors exercising PCC functions",
			"local policing bodies", "all local policing bodies", "every local policing body", "policing bodies",
			"the Police and Crime Commissioner for Cambridgeshire and Peterborough", "PCCs in England and Wales",
			"PCCs/PFCCs", "PCCs and PFCCs", "PCCs or equivalent", "police and crime commissioners or their equivalents",
			"elected local policing bodies", "mayors", "the mayor", "Welsh PCCs", "OPCCs", "the office of the PCC",
			"PCCs and their equivalents", "Police and crime commissioners (PCCs)", "Police, Fire and Crime Commissioners (PFCCs)",
			"the PCC's office", "deputy mayor for policing and crime", "police and crime commissioner's",
		},
		Other: {
			"the College of Policing", "College of Policing", "NPCC", "the NPCC lead for adult sexual offences",
			"the National Police Chiefs' Council", "National Police Chiefs Council", "the Home Office", "CPS", "the CPS",
			"CPS Areas", "the CPS lead", "support services", "the National Criminal Justice Board",
			"the chief constable of Essex Police", "Chief Constable of Kent Police", "Essex Police", "Police Scotland",
			"British Transport Police", "the Police Federation", "police and crime panels", "the Police and Crime Panel",
			"Police Service of Northern Ireland", "the Police and Crime Commissioner for Essex", "the Mayor of London",
			"Association of Police and Crime Commissioners", "HMICFRS", "the Independent Office for Police Conduct",
			"fire and rescue services", "the Chief Constables' Council", "Kent Police's chief constable",
			"the Ministry of Justice", "Police Digital Service", "Police Now", "The National Police Chiefs' Council (NPCC)",
			"the Metropolitan Police Service", "Home Secretary", "the Mayor's Office for Policing and Crime",
			"Chief Constable of British Transport Police", "Home Office, NPCC and College of Policing",
		},
		Force | Office: {
			"chief constables and PCCs", "Chief Constables and Police and Crime Commissioners",
			"chief constables, police and crime commissioners", "forces and local policing bodies",
			"PCCs and chief constables", "police and crime commissioners and chief constables",
			"chief constables; PCCs", "chief constables/PCCs", "chief constables with their PCCs and PFCCs",
			"Local policing bodies and chief constables", "Police and crime commissioners, and mayors with responsibility for policing, and forces",
		},
		Force | Other: {
			"police forces and the CPS", "police forces and support services", "forces and the College of Policing",
			"chief constables and the NPCC", "the police and the CPS", "Chief Constable, Essex Police",
		},
		Force | Office | Other: {
			"chief constables, PCCs and the Home Office", "forces, police and crime commissioners and the College of Policing",
		},
		0: {"", "   ", ",", "the", "and"},
	}
	for want, list := range cases {
		for _, s := range list {
			if got := w.Classify(s); got != want {
				t.Errorf("Classify(%q) = %v, want %v", s, got, want)
			}
		}
	}
}

// TestWelsh holds the rule in Welsh, with the names mutated as they are
// after "at", "i", "a", "holl" and "bob".
func TestWelsh(t *testing.T) {
	w := words(t, "cy-GB")
	cases := map[Class][]string{
		Force: {
			"prif gwnstabliaid", "Prif Gwnstabliaid", "pob prif gwnstabl", "yr holl brif gwnstabliaid", "brif gwnstabliaid",
			"heddluoedd", "pob heddlu", "bob heddlu", "yr heddluoedd", "heddluoedd yng Nghymru a Lloegr", "holl heddluoedd Cymru a Lloegr",
			"yr heddlu", "Heddlu Gwent", "Prif Gwnstabl Heddlu Gwent", "lluoedd", "pob llu", "prif swyddogion",
			"heddluoedd i gyd", "heddluoedd sy'n", "heddluoedd tiriogaethol", "phrif gwnstabliaid", "Prif gwnstabliaid pob heddlu",
			"prif gwnstabliaid o bob heddlu", "heddluoedd Cymru", "pedwar heddlu Cymru", "Prif Gwnstabliaid ym mhob heddlu",
		},
		Office: {
			"comisiynwyr heddlu a throseddu", "Comisiynwyr Heddlu a Throseddu", "gomisiynwyr heddlu a throseddu",
			"chomisiynwyr heddlu a throseddu", "comisiynwyr yr heddlu a throseddu", "comisiynwyr heddlu a throsedd",
			"pob comisiynydd heddlu a throseddu", "y comisiynydd", "CHTh", "Comisiynydd Heddlu a Throseddu Gwent",
			"cyrff plismona lleol", "meiri", "PCCs", "yr holl gomisiynwyr",
		},
		Other: {
			"y Swyddfa Gartref", "y Coleg Plismona", "Gwasanaeth Erlyn y Goron", "Heddlu De Cymru", "Heddlu Dyfed-Powys",
			"Prif Gwnstabl Heddlu De Cymru", "paneli heddlu a throseddu", "Comisiynydd Plant Cymru", "Comisiynydd y Gymraeg",
			"Ffederasiwn yr Heddlu", "NPCC", "Llywodraeth Cymru", "Comisiynydd Heddlu a Throseddu De Cymru",
			"Heddlu Gogledd Cymru", "Heddlu'r Alban",
		},
		Force | Office: {"prif gwnstabliaid a chomisiynwyr heddlu a throseddu", "heddluoedd a chomisiynwyr", "Prif Gwnstabliaid, CHTh"},
		Force | Other:  {"heddluoedd a'r Coleg Plismona", "heddluoedd a Gwasanaeth Erlyn y Goron"},
	}
	for want, list := range cases {
		for _, s := range list {
			if got := w.Classify(s); got != want {
				t.Errorf("Classify(%q) = %v, want %v", s, got, want)
			}
		}
	}
}

// TestClassifier: an addressee given in each language names the force or
// the office when any language's text does; an item's bodies are its
// addressees' together, and decide which answers it needs.
func TestClassifier(t *testing.T) {
	cy, _ := theme.Load("", "cy-GB")
	en, _ := theme.Load("", "en-GB")
	f := &response.Folder{Languages: []string{"cy-GB", "en-GB"}}
	f.Office.Force.Name = response.Translated(response.Translation{Lang: "cy-GB", Text: "Heddlu Enghraifft"}, response.Translation{Lang: "en-GB", Text: "Example Police"})
	f.Office.PCC.Title = response.Translated(response.Translation{Lang: "cy-GB", Text: "Comisiynydd Heddlu a Throseddu Enghraifft"}, response.Translation{Lang: "en-GB", Text: "Police and Crime Commissioner for Example"})
	c := New(f, []*theme.Theme{cy, en})
	both := func(cyText, enText string) response.Text {
		return response.Translated(response.Translation{Lang: "cy-GB", Text: cyText}, response.Translation{Lang: "en-GB", Text: enText})
	}
	for _, tc := range []struct {
		addressees []response.Text
		kind       string
		want       Class
		force      bool
		office     bool
	}{
		{[]response.Text{both("y Swyddfa Gartref", "the Home Office")}, response.Recommendation, Other, false, false},
		{[]response.Text{both("prif gwnstabliaid", "all chief constables")}, response.Recommendation, Force, true, false},
		{[]response.Text{response.Plain("chief constables")}, response.Recommendation, Force, true, false},
		{[]response.Text{both("Heddlu Enghraifft", "Example Police")}, response.Recommendation, Force, true, false},
		{[]response.Text{both("comisiynwyr heddlu a throseddu", "PCCs")}, response.Recommendation, Office, false, true},
		{[]response.Text{both("Comisiynydd Heddlu a Throseddu Enghraifft", "Police and Crime Commissioner for Example")}, response.Recommendation, Office, false, true},
		{[]response.Text{both("heddluoedd", "forces"), both("y Coleg Plismona", "the College of Policing")}, response.Recommendation, Force | Other, true, false},
		{[]response.Text{both("y Coleg Plismona", "chief constables")}, response.Recommendation, Force, true, false},
		{[]response.Text{both("comisiynwyr", "PCCs"), both("y Coleg Plismona", "the College of Policing")}, response.Recommendation, Office | Other, false, true},
		{[]response.Text{both("heddluoedd", "forces"), both("comisiynwyr", "PCCs")}, response.Recommendation, Force | Office, true, true},
		{nil, response.AreaForImprovement, 0, true, false},
		{[]response.Text{both("heddluoedd", "forces")}, response.CauseOfConcern, Force, false, false},
	} {
		it := response.Item{Kind: tc.kind, Addressees: tc.addressees}
		if got := c.Item(it); got != tc.want {
			t.Errorf("Item(%v) = %v, want %v", tc.addressees, got, tc.want)
		}
		force, office := c.Needs(it)
		if force != tc.force || office != tc.office {
			t.Errorf("Needs(%v) = %v, %v; want %v, %v", tc.addressees, force, office, tc.force, tc.office)
		}
		unanswered := c.Unanswered(it)
		if unanswered != (tc.force || tc.office) {
			t.Errorf("Unanswered(%v) = %v", tc.addressees, unanswered)
		}
		it.Response, it.OfficeResponse = response.Plain("done"), response.Plain("done")
		if c.Unanswered(it) {
			t.Errorf("Unanswered(%v) with both answers", tc.addressees)
		}
	}
	if s := (Force | Other).String(); s != "force and other" {
		t.Errorf("String = %q", s)
	}
	if !Other.OtherOnly() || (Force | Other).OtherOnly() || Class(0).OtherOnly() {
		t.Error("OtherOnly")
	}
}

// TestOfficeWords: an office's own book adds names.
func TestOfficeWords(t *testing.T) {
	th, _ := theme.Load("", "en-GB")
	a := th.Addressees()
	before := NewWords(a, nil, Names{}).Classify("the Mayor of London")
	a.Office.One = append(a.Office.One, "Mayor of London")
	after := NewWords(a, nil, Names{}).Classify("the Mayor of London")
	if before != Other || after != Office {
		t.Errorf("the Mayor of London: %v before, %v after", before, after)
	}
}

// FuzzClassify: no addressee makes the classifier fail; case, spacing and
// punctuation around words never change its answer; the answer is a set of
// the three bodies.
func FuzzClassify(f *testing.F) {
	en, cy := words(f, "en-GB"), words(f, "cy-GB")
	for _, s := range []string{"all chief constables", "PCCs and the CPS", "Heddlu Gwent", "brif gwnstabliaid", "\xff,,", "'s", "''", "ǅ", "İstanbul police"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range []*Words{en, cy} {
			got := w.Classify(s)
			if got&^(Force|Office|Other) != 0 {
				t.Fatalf("Classify(%q) = %d", s, got)
			}
			if !strings.ContainsFunc(s, func(r rune) bool { return unicode.ToLower(unicode.ToUpper(r)) != unicode.ToLower(r) }) {
				if up := w.Classify(strings.ToUpper(s)); up != got {
					t.Fatalf("Classify(%q) = %v, upper case %v", s, got, up)
				}
			}
			if spaced := w.Classify("  " + strings.ReplaceAll(s, " ", "  ") + " . "); spaced != got {
				t.Fatalf("Classify(%q) = %v, spaced %v", s, got, spaced)
			}
		}
	})
}

// BenchmarkClassify classifies an addressee of HMICFRS's length, and
// lists of 10 and 100 of them joined: the work grows with the length.
func BenchmarkClassify(b *testing.B) {
	w := words(b, "en-GB")
	const one = "the chief constables of all police forces in England and Wales, PCCs and the College of Policing"
	for _, n := range []int{1, 10, 100} {
		s := strings.Repeat(one+", ", n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				w.Classify(s)
			}
		})
	}
}
