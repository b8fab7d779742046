package findings

import (
	"errors"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestParseSeed(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-recommendations.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 13 {
		t.Fatalf("got %d findings, want 13", len(got))
	}
	diff(t, got, seedWant)
	r5 := got[4].Text
	for _, s := range []string{"included: 1) considering early investigative advice", "; 2) the investigator", "; 3) in cases referred", "; and 4) a clear escalation pathway", "and local results."} {
		if !strings.Contains(r5, s) {
			t.Errorf("recommendation 5 lacks %q:\n%s", s, r5)
		}
	}
}

// TestParseSeedWrapped parses the seed's recommendations as a PDF copy
// gives them: lines wrapped, CRLF line ends, a form feed, page numbers,
// non-breaking spaces, a soft hyphen, a ligature, and recommendation 5's
// inline "1)" and "3)" wrapped to the start of a line.
func TestParseSeedWrapped(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-recommendations-wrapped.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(string(data))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\r\n")
	want := make([]Finding, len(seedWant))
	copy(want, seedWant)
	for i := range got {
		if i < len(want) {
			want[i].Line = got[i].Line
		}
		prefix := strconv.Itoa(i+1) + ". "
		if got[i].Line < 1 || got[i].Line > len(lines) || !strings.HasPrefix(lines[got[i].Line-1], prefix) {
			t.Errorf("finding %d: line %d does not start with %q", i+1, got[i].Line, prefix)
		}
	}
	diff(t, got, want)
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Finding
	}{
		{
			name: "labelled recommendations in three styles",
			in: `Recommendations

Recommendation 1: By 31 March 2024, chief constables should make sure
that their forces record every report of stalking as a crime.

Recommendation 2
Within three months, the College of Policing should update its guidance.

It should consult victims' groups.
Recommendation 3 – Forces should, within six months of the publication of this report, review
their vetting decisions. As a minimum, the following should be included:
• the decision maker's reasons;
• the risks identified; and
• any conditions imposed.
Recommendation 4 of our 2019 report is still outstanding.
Recommendation 5. The Home Office should consider legislation by January 2025.
`,
			want: []Finding{
				{Kind: Recommendation, Number: 1, Line: 3, Deadline: "By 31 March 2024",
					Text: "By 31 March 2024, chief constables should make sure that their forces record every report of stalking as a crime."},
				{Kind: Recommendation, Number: 2, Line: 6, Deadline: "Within three months",
					Text: "Within three months, the College of Policing should update its guidance.\n\nIt should consult victims' groups."},
				{Kind: Recommendation, Number: 3, Line: 10, Deadline: "within six months of the publication of this report",
					Text: "Forces should, within six months of the publication of this report, review their vetting decisions. As a minimum, the following should be included:\n\n" +
						"- the decision maker's reasons;\n- the risks identified; and\n- any conditions imposed. Recommendation 4 of our 2019 report is still outstanding."},
				{Kind: Recommendation, Number: 5, Line: 16, Deadline: "by January 2025",
					Text: "The Home Office should consider legislation by January 2025."},
			},
		},
		{
			name: "PEEL cause of concern and areas for improvement",
			in: `Responding to the public

Cause of concern
The force isn’t answering emergency calls quickly enough. Too many
callers abandon their calls.

Recommendations
Within three months, the force should:
● make sure it has enough call handlers to meet demand;
● monitor abandoned calls; and
● call back those who abandon a call.

Areas for improvement
●  The force should improve how it records
   the equality data of victims.
● The force should make sure that victims are referred to support
services.

Area for improvement
The force should improve its supervision of investigations by September 2023.
`,
			want: []Finding{
				{Kind: CauseOfConcern, Line: 3,
					Text: "The force isn’t answering emergency calls quickly enough. Too many callers abandon their calls.\n\nWithin three months, the force should:",
					Children: []Finding{
						{Kind: Recommendation, Line: 9, Deadline: "Within three months", Text: "make sure it has enough call handlers to meet demand;"},
						{Kind: Recommendation, Line: 10, Deadline: "Within three months", Text: "monitor abandoned calls; and"},
						{Kind: Recommendation, Line: 11, Deadline: "Within three months", Text: "call back those who abandon a call."},
					}},
				{Kind: AreaForImprovement, Line: 14, Text: "The force should improve how it records the equality data of victims."},
				{Kind: AreaForImprovement, Line: 16, Text: "The force should make sure that victims are referred to support services."},
				{Kind: AreaForImprovement, Line: 19, Deadline: "by September 2023",
					Text: "The force should improve its supervision of investigations by September 2023."},
			},
		},
		{
			name: "numbered causes of concern owning labelled recommendations",
			in: `Cause of concern 1: Vetting decisions
Forces are granting vetting clearance to applicants with concerning
backgrounds.

Recommendation 1
By January 2024, chief constables should review every vetting
clearance granted to an applicant with a criminal record.

Recommendation 2: Immediately, forces should stop granting clearance
without a documented rationale.

Cause of concern 2
Forces do not audit their vetting decisions.
Recommendation 3: By 30 April 2024, forces should audit them.

Area for improvement 1: Forces should share vetting good practice.
`,
			want: []Finding{
				{Kind: CauseOfConcern, Number: 1, Line: 1,
					Text: "Vetting decisions Forces are granting vetting clearance to applicants with concerning backgrounds.",
					Children: []Finding{
						{Kind: Recommendation, Number: 1, Line: 5, Deadline: "By January 2024",
							Text: "By January 2024, chief constables should review every vetting clearance granted to an applicant with a criminal record."},
						{Kind: Recommendation, Number: 2, Line: 9, Deadline: "Immediately",
							Text: "Immediately, forces should stop granting clearance without a documented rationale."},
					}},
				{Kind: CauseOfConcern, Number: 2, Line: 12,
					Text: "Forces do not audit their vetting decisions.",
					Children: []Finding{
						{Kind: Recommendation, Number: 3, Line: 14, Deadline: "By 30 April 2024", Text: "By 30 April 2024, forces should audit them."},
					}},
				{Kind: AreaForImprovement, Number: 1, Line: 16, Text: "Forces should share vetting good practice."},
			},
		},
		{
			name: "numbered causes of concern with numbered recommendations under a heading",
			in: `Cause of concern 1
Custody detainees are not always safe.
Recommendations
1. The force should review its risk assessments.
2. The force should train its custody officers
   by 31 May 2024.
Cause of concern 2
Detainees wait too long for healthcare.
Recommendations
By December 2024, the force should:
1. agree a contract with its healthcare provider; and
2. audit waiting times.
Areas for improvement
1. The force should record the use of force in custody.
`,
			want: []Finding{
				{Kind: CauseOfConcern, Number: 1, Line: 1, Text: "Custody detainees are not always safe.",
					Children: []Finding{
						{Kind: Recommendation, Number: 1, Line: 4, Text: "The force should review its risk assessments."},
						{Kind: Recommendation, Number: 2, Line: 5, Deadline: "by 31 May 2024", Text: "The force should train its custody officers by 31 May 2024."},
					}},
				{Kind: CauseOfConcern, Number: 2, Line: 7,
					Text: "Detainees wait too long for healthcare.\n\nBy December 2024, the force should:",
					Children: []Finding{
						{Kind: Recommendation, Number: 1, Line: 11, Deadline: "By December 2024", Text: "agree a contract with its healthcare provider; and"},
						{Kind: Recommendation, Number: 2, Line: 12, Deadline: "By December 2024", Text: "audit waiting times."},
					}},
				{Kind: AreaForImprovement, Number: 1, Line: 14, Text: "The force should record the use of force in custody."},
			},
		},
		{
			name: "older PEEL: recommendations after a lead-in in the cause",
			in: `Cause of concern
The force does not understand the nature and scale of
vulnerability in its area.

To address this cause of concern, we recommend that the force should,
within six months:
- develop its analysis of vulnerability; and
- share it with partner organisations.

Areas for improvement
The force should improve how it identifies repeat victims.

The force should review its use of body-worn video.
`,
			want: []Finding{
				{Kind: CauseOfConcern, Line: 1,
					Text: "The force does not understand the nature and scale of vulnerability in its area.\n\n" +
						"To address this cause of concern, we recommend that the force should, within six months:",
					Children: []Finding{
						{Kind: Recommendation, Line: 7, Deadline: "within six months", Text: "develop its analysis of vulnerability; and"},
						{Kind: Recommendation, Line: 8, Deadline: "within six months", Text: "share it with partner organisations."},
					}},
				{Kind: AreaForImprovement, Line: 11, Text: "The force should improve how it identifies repeat victims."},
				{Kind: AreaForImprovement, Line: 13, Text: "The force should review its use of body-worn video."},
			},
		},
		{
			name: "numbered list styles, sub-lists and numbers as printed",
			in: `We make the following recommendations.
(1) Forces should:
(1) appoint a lead officer;
(2) publish a plan; and
(3) report on it annually.
(2) The NPCC lead should set standards first published in
2019. They should be reviewed.
(4) Out of order, after a full sentence.
(4) Repeated after a full sentence.
(3) the lower-case text after a full sentence stays inside.
`,
			want: []Finding{
				{Kind: Recommendation, Number: 1, Line: 2,
					Text: "Forces should: (1) appoint a lead officer; (2) publish a plan; and (3) report on it annually."},
				{Kind: Recommendation, Number: 2, Line: 6,
					Text: "The NPCC lead should set standards first published in 2019. They should be reviewed."},
				{Kind: Recommendation, Number: 4, Line: 8, Text: "Out of order, after a full sentence."},
				{Kind: Recommendation, Number: 4, Line: 9,
					Text: "Repeated after a full sentence. (3) the lower-case text after a full sentence stays inside."},
			},
		},
		{
			name: "paragraph findings under a heading; a lead-in; markers from a previous response",
			in: `## Areas for improvement

By 31 December 2023, the force should publish its plan.

The force should review its training
within 12 months.

Recommendations

We make the following recommendations.

1. Recommendation 7: Police forces should collect data.
4. **Recommendation 8:** Immediately, the CPS should review its policy.
`,
			want: []Finding{
				{Kind: AreaForImprovement, Line: 3, Deadline: "By 31 December 2023", Text: "By 31 December 2023, the force should publish its plan."},
				{Kind: AreaForImprovement, Line: 5, Deadline: "within 12 months", Text: "The force should review its training within 12 months."},
				{Kind: Recommendation, Number: 7, Line: 12, Text: "Police forces should collect data."},
				{Kind: Recommendation, Number: 8, Line: 13, Deadline: "Immediately", Text: "Immediately, the CPS should review its policy."},
			},
		},
		{
			name: "numbered causes of concern and areas for improvement sections",
			in: `CAUSES OF CONCERN:
1) The force's response to domestic abuse is inadequate.
2) Officers lack training.

Areas for Improvement
1. The force should improve its crime data integrity.
o with an audit every quarter
2. The force should improve its use of stop and search.
`,
			want: []Finding{
				{Kind: CauseOfConcern, Number: 1, Line: 2, Text: "The force's response to domestic abuse is inadequate."},
				{Kind: CauseOfConcern, Number: 2, Line: 3, Text: "Officers lack training."},
				{Kind: AreaForImprovement, Number: 1, Line: 6, Text: "The force should improve its crime data integrity.\n\n- with an audit every quarter"},
				{Kind: AreaForImprovement, Number: 2, Line: 8, Text: "The force should improve its use of stop and search."},
			},
		},
		{
			name: "bulleted recommendations with sub-bullets and a dash in wrapped text",
			in: "Recommendations\r\n" +
				"By March 2024, forces should:\r\n" +
				"\u2022\tintroduce a victim contact plan for every case:\r\n" +
				"\u2013 one the victim agrees to;\r\n" +
				"    o\treviewed monthly; and\r\n" +
				"    o\tshared with the ISVA.\r\n" +
				"\u2022\u00a0publish data on victim attrition\r\n" +
				"\u2013 quarterly \u2013 by force area.\r\n" +
				"\f3\r\n" +
				"Page 4 of 12\r\n" +
				"\u2022 ",
			want: []Finding{
				{Kind: Recommendation, Line: 3, Deadline: "By March 2024",
					Text: "introduce a victim contact plan for every case:\n\n- one the victim agrees to;\n- reviewed monthly; and\n- shared with the ISVA."},
				{Kind: Recommendation, Line: 7, Deadline: "By March 2024",
					Text: "publish data on victim attrition – quarterly – by force area."},
				{Kind: Recommendation, Line: 11, Deadline: "By March 2024"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			diff(t, got, tt.want)
		})
	}
}

func TestParseNothing(t *testing.T) {
	for _, in := range []string{
		"",
		"\n\n\r\n",
		"This report makes no recommendations.\nIt finds the force good.",
		"Recommendations",
		"Page 3 of 4\n12\n",
		"• a bullet before any heading",
	} {
		got, err := Parse(in)
		if !errors.Is(err, ErrNoFindings) {
			t.Errorf("Parse(%q) = %+v, %v; want ErrNoFindings", in, got, err)
		}
	}
	if ErrNoFindings.Error() != "no numbered recommendations, causes of concern or areas for improvement found" {
		t.Errorf("ErrNoFindings = %q", ErrNoFindings)
	}
}

func TestDeadline(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Immediately, police forces should ensure ...", "Immediately"},
		{"IMMEDIATELY, the CPS should ...", "IMMEDIATELY"},
		{"Immediate action is needed.", ""},
		{"Within three months, the force should:", "Within three months"},
		{"By 31 March 2024, forces should ...", "By 31 March 2024"},
		{"By 1st April 2024 forces should ...", "By 1st April 2024"},
		{"By January 2024, forces should ...", "By January 2024"},
		{"By the end of March 2025, the Home Office should ...", "By the end of March 2025"},
		{"By the end of 2024, the Home Office should ...", "By the end of 2024"},
		{"The force should, within six months of the publication of this report, ...", "within six months of the publication of this report"},
		{"Chief constables should within 6 months of this report being published ...", "within 6 months of this report being published"},
		{"The force should act within a month.", "within a month"},
		{"The force should act. Victims should be contacted within 28 days.", ""},
		{"Forces should review, by 30 June 2024, and within three months ...", "by 30 June 2024"},
		{"To support this, scrutiny needs to be in place immediately.", ""},
		{"Forces should reduce the backlog by 2000 cases.", ""},
		{"Forces should act.\n\nBy 31 March 2024, report.", ""},
	}
	for _, tt := range tests {
		if got := Deadline(tt.text); got != tt.want {
			t.Errorf("Deadline(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a\u00a0 b\tc\u2009d  ", "a b c d"},
		{"in\u00adformation\u200b", "information"},
		{"\ufeffspeci\ufb01c \ufb02ow", "specific flow"},
		{"\fPage 3", "Page 3"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"\u0085\u2028x\u3000", "x"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// diff reports the differences between two lists of findings, one field at
// a time, so that a failure shows where they part.
func diff(t *testing.T, got, want []Finding) {
	t.Helper()
	diffAt(t, "", got, want)
}

func diffAt(t *testing.T, path string, got, want []Finding) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%sgot %d findings, want %d:\n%s", path, len(got), len(want), dump(got))
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		at := path + "[" + strconv.Itoa(i) + "] "
		if g.Kind != w.Kind || g.Number != w.Number || g.Line != w.Line || g.Deadline != w.Deadline {
			t.Errorf("%sgot %s %d line %d deadline %q, want %s %d line %d deadline %q",
				at, g.Kind, g.Number, g.Line, g.Deadline, w.Kind, w.Number, w.Line, w.Deadline)
		}
		if g.Text != w.Text {
			t.Errorf("%stext\n got: %q\nwant: %q", at, g.Text, w.Text)
		}
		diffAt(t, at+"children", g.Children, w.Children)
	}
	if !t.Failed() && !reflect.DeepEqual(withoutAddressees(got), withoutAddressees(want)) {
		t.Errorf("%sgot %#v, want %#v", path, got, want)
	}
}

// withoutAddressees returns findings without their addressees, which
// TestAddressee holds.
func withoutAddressees(fs []Finding) []Finding {
	if fs == nil {
		return nil
	}
	out := make([]Finding, len(fs))
	for i, f := range fs {
		f.Addressee, f.Children = "", withoutAddressees(f.Children)
		out[i] = f
	}
	return out
}

// TestAddressee: the subject of a finding's first sentence, as HMICFRS
// writes it, with a deadline before or after it, "we recommend that", and
// what is not a subject.
func TestAddressee(t *testing.T) {
	for text, want := range map[string]string{
		"Police forces should collect data.":                                                "Police forces",
		"Immediately, police forces should ensure information is recorded.":                 "police forces",
		"By 31 March 2024, chief constables should make sure that forces record stalking.":  "chief constables",
		"Within six months, the force should review its demand model.":                      "the force",
		"The College of Policing and NPCC lead for adult sexual offences should work.":      "the College of Policing and NPCC lead for adult sexual offences",
		"The Home Office should undertake an urgent review. Forces should help.":            "the Home Office",
		"Forces should, within six months of the publication of this report, review it.":    "Forces",
		"Forces should: (1) appoint a lead officer; (2) publish a plan.":                    "Forces",
		"We recommend that, within six months, all chief constables should review vetting.": "all chief constables",
		"To address this, we recommend that police and crime commissioners should act.":     "police and crime commissioners",
		"Chief constables, within three months, should publish their plans.":                "Chief constables",
		"PCCs must commission specialist services.":                                         "PCCs",
		"The force isn't answering emergency calls quickly enough.":                         "",
		"Out of order, after a full sentence.":                                              "",
		"make sure it has enough call handlers to meet demand;":                             "",
		"":                             "",
		"Should the force act?":        "",
		"The force should\n\nreview. ": "the force",
		strings.Repeat("word ", 100) + "should act.": "",
	} {
		if got := Addressee(text); got != want {
			t.Errorf("Addressee(%q) = %q, want %q", text, got, want)
		}
	}
	// A finding of a list takes its lead-in's.
	got, err := Parse("Cause of concern\nThe force is slow.\n\nRecommendations\nWithin three months, the force should:\n● answer calls; and\n● call back.\n\nAreas for improvement\nThe CPS should act.\n")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var walk func([]Finding)
	walk = func(fs []Finding) {
		for _, f := range fs {
			names = append(names, string(f.Kind)+": "+f.Addressee)
			walk(f.Children)
		}
	}
	walk(got)
	if want := []string{"cause-of-concern: ", "recommendation: the force", "recommendation: the force", "area-for-improvement: the CPS"}; !reflect.DeepEqual(names, want) {
		t.Errorf("addressees %q, want %q", names, want)
	}
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + string(f.Kind) + " " + strconv.Itoa(f.Number) + " line " + strconv.Itoa(f.Line) + ": " + strconv.Quote(f.Text) + "\n")
	}
	return b.String()
}

func TestParseLineEnds(t *testing.T) {
	got, err := Parse("Recommendations\r1. First.\r\n2. Second\ncontinued.\r\r3. Third.")
	if err != nil {
		t.Fatal(err)
	}
	diff(t, got, []Finding{
		{Kind: Recommendation, Number: 1, Line: 2, Text: "First."},
		{Kind: Recommendation, Number: 2, Line: 3, Text: "Second continued."},
		{Kind: Recommendation, Number: 3, Line: 6, Text: "Third."},
	})
}

// shapes are inputs that once made Parse's work grow with the square of
// their size, each made of n repeats of a piece: the fuzzer found them, and
// each took from half a minute to two minutes at the sizes it tried.
var shapes = map[string]func(n int) string{
	"one long paragraph": func(n int) string { return "Recommendation 1\n" + strings.Repeat("word word word\n", n) },
	"absorbed entries":   func(n int) string { return strings.Repeat("1. a\nword\n", n) },
	"long lead-in": func(n int) string {
		return "Recommendations\n" + strings.Repeat("lead\n", n) + strings.Repeat("• x\n", n)
	},
	"lead-in questions": func(n int) string { return "Cause of concern\n" + strings.Repeat("1. we recommend:\n", n) },
	"numbered findings": func(n int) string { return strings.Repeat("1. The force should act.\n2. It should report.\n", n) },
	"causes with lists": func(n int) string {
		return strings.Repeat("Cause of concern 1\nIt fails.\nWe recommend that the force should:\n• act; and\n• report.\n", n)
	},
	"bullets under a heading": func(n int) string {
		return "Areas for improvement\n" + strings.Repeat("• The force should improve.\n", n)
	},
	"page furniture": func(n int) string { return "Recommendation 1\n" + strings.Repeat("the force\n12\nshould\n", n) },
}

// work returns how much Parse reads and makes for text, as cost counts it.
func work(t testing.TB, text string) int {
	t.Helper()
	total := 0
	cost = func(n int) { total += n }
	defer func() { cost = func(int) {} }()
	if _, err := Parse(text); err != nil && !errors.Is(err, ErrNoFindings) {
		t.Fatal(err)
	}
	return total
}

// TestParseLinear proves that Parse's work grows linearly with its input,
// by counting, not timing: for every shape, twice the input costs at most
// 2.2 times the work.
func TestParseLinear(t *testing.T) {
	for name, shape := range shapes {
		const n = 2000
		one, two := work(t, shape(n)), work(t, shape(2*n))
		if one == 0 {
			t.Errorf("%s: no work counted", name)
			continue
		}
		if ratio := float64(two) / float64(one); ratio > 2.2 {
			t.Errorf("%s: work %d for %d pieces, %d for %d: %.2f times, want at most 2.2", name, one, n, two, 2*n, ratio)
		}
	}
}

// TestWorkCounts proves that the count can see quadratic work: a text of
// n findings whose joined text is built again for each line would cost n²,
// and rejoining the lines of one paragraph at each line shows as such.
func TestWorkCounts(t *testing.T) {
	quadratic := func(n int) int {
		total := 0
		cost = func(k int) { total += k }
		defer func() { cost = func(int) {} }()
		b := block{entries: [][]string{nil}}
		for range n {
			b.entries[0] = append(b.entries[0], "word")
			b.text()
		}
		return total
	}
	if one, two := quadratic(1000), quadratic(2000); float64(two)/float64(one) < 3.5 {
		t.Fatalf("quadratic work counted as %d then %d: the count would not catch it", one, two)
	}
}

// BenchmarkParseShapes measures Parse on each shape at 20,000 pieces.
func BenchmarkParseShapes(b *testing.B) {
	for name, shape := range shapes {
		text := shape(20000)
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := Parse(text); err != nil && !errors.Is(err, ErrNoFindings) {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/seed-recommendations-wrapped.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(string(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLineEnds: text with lines ending "\n", "\r\n", a lone "\r" or a mix
// gives the same findings on the same lines, counted as diag.Lines counts
// them.
func TestLineEnds(t *testing.T) {
	const text = "Recommendations\n\nRecommendation 1\nForces should act.\n\nRecommendation 2\nThe CPS should\nact too.\n"
	want, err := Parse(text)
	if err != nil || len(want) != 2 || want[1].Line != 6 {
		t.Fatalf("Parse = %+v, %v", want, err)
	}
	for _, eol := range []string{"\r\n", "\r"} {
		got, err := Parse(strings.ReplaceAll(text, "\n", eol))
		if err != nil || len(got) != len(want) {
			t.Fatalf("line end %q: %+v, %v", eol, got, err)
		}
		for i := range want {
			if got[i].Line != want[i].Line || got[i].Text != want[i].Text || got[i].Number != want[i].Number {
				t.Errorf("line end %q: %+v, want %+v", eol, got[i], want[i])
			}
		}
	}
}
