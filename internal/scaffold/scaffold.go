// Package scaffold makes a new response folder: a response.yaml holding the
// report's findings, parsed from text pasted out of the report, ready for the
// force's responses, and a letter to start from. The files it makes load and
// check cleanly except for the responses still to be written, which the
// checks report.
package scaffold

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/addressee"
	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/findings"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/schema"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/theme"
)

// Options say what to make.
type Options struct {
	// Dir is the response folder to make.
	Dir string
	// Office is the office profile; empty means office.yaml beside Dir.
	Office string
	// Report is the report's title.
	Report string
	// Published is the report's publication day.
	Published time.Time
	// LetterDate is the letter's date.
	LetterDate time.Time
	// Findings are the report's recommendations, causes of concern and
	// areas for improvement.
	Findings []findings.Finding
}

// LetterDateProblem says what is wrong with the dates of a new response,
// or returns "": its letter may not be dated before the report was
// published, which check would refuse (a letter answers a report that
// is out).
func LetterDateProblem(published, letter time.Time) string {
	if letter.Before(published) {
		return fmt.Sprintf("the letter's date, %s, is before the report was published, on %s: date the letter on or after that day",
			day.ISO(letter), day.ISO(published))
	}
	return ""
}

// Scaffold is a new response folder's content.
type Scaffold struct {
	// Files go into the response folder.
	Files []staging.File
	// Shared go into the folder above it: the JSON Schemas that the new
	// files name.
	Shared []staging.File
	// Summary counts what was found, as "13 recommendations".
	Summary string
	// Date formats a day for s55 new's own English messages: with the
	// office's English phrase book when it has one, else its first.
	Date func(time.Time) string
}

// Make builds the files of a new response.
func Make(opt Options) (*Scaffold, diag.List) {
	var diags diag.List
	officeFile := response.OfficeFor(opt.Dir, opt.Office)
	if officeFile == "" {
		return nil, append(diags, response.NoOffice(opt.Dir))
	}
	office, osrc, odiags := response.LoadOffice(officeFile)
	if diags = append(diags, odiags...); diags.Errors() > 0 {
		return nil, diags
	}
	if office.Force.ChiefOfficer.Blank() {
		// The letter new writes names the chief officer.
		p := osrc.At("force.chief_officer")
		o := response.OfficeFieldAt("force.chief_officer")
		diags.Add(officeFile, p.Line, p.Col, o.Path, "%s; s55 new writes it into the letter", o.Missing())
		return nil, diags
	}
	langs := office.Languages
	var themes []*theme.Theme
	for _, lang := range langs {
		th, tdiags := theme.Load("", lang)
		if diags = append(diags, tdiags...); diags.Errors() > 0 {
			return nil, diags
		}
		themes = append(themes, th.ForBody(office.PolicingBody()))
	}
	th := themes[0]

	number(opt.Findings)
	counts := map[findings.Kind]int{}
	var count func([]findings.Finding)
	count = func(fs []findings.Finding) {
		for _, f := range fs {
			counts[f.Kind]++
			count(f.Children)
		}
	}
	count(opt.Findings)

	// Each language's letter, appendix title and introduction come from
	// its own phrase book. The report's title and text, pasted from the
	// report, go under its language (see reportLangs); the others are
	// left empty for the office to translate, and check names each.
	report := response.Report{Title: response.Plain(opt.Report), Published: opt.Published, Inspectorates: []string{"HMICFRS"}}
	suffixes := []string{""}
	if len(langs) > 1 {
		suffixes = published.Suffixes(langs)
	}
	var (
		files  []staging.File
		bodies = map[string]string{}
		titles = map[string]string{}
		intros = map[string]string{}
		pasted = reportLangs(langs)
	)
	for i, lang := range langs {
		data := map[string]any{
			"Report":          response.View(report, lang),
			"Office":          response.View(office, lang),
			"Recommendations": counts[findings.Kind(response.Recommendation)],
		}
		letter, err := themes[i].StartingLetter(data)
		if err != nil {
			return nil, append(diags, diag.As(err, "templates"))
		}
		if titles[lang], err = themes[i].Phrase("scaffold_appendix_title", data); err != nil {
			return nil, append(diags, diag.As(err, "templates"))
		}
		if intros[lang], err = themes[i].Phrase("scaffold_introduction", data); err != nil {
			return nil, append(diags, diag.As(err, "templates"))
		}
		name := "letter.md"
		if suffixes[i] != "" {
			name = "letter." + suffixes[i] + ".md"
		}
		bodies[lang] = name
		files = append(files, staging.File{Name: name, Data: letter})
	}
	given := func(s string) map[string]string {
		m := map[string]string{}
		for _, lang := range langs {
			if pasted[lang] {
				m[lang] = s
			} else {
				m[lang] = ""
			}
		}
		return m
	}

	doc := mapping(
		"report", mapping(
			"title", texts(langs, given(opt.Report), str),
			"inspectorates", seq(str("HMICFRS")),
			"published", date(opt.Published),
		),
		"letter", mapping(
			"date", date(opt.LetterDate),
			"body", texts(langs, bodies, str),
		),
	)
	if len(opt.Findings) > 0 {
		doc.Content = append(doc.Content, str("appendices"), seq(mapping(
			"title", texts(langs, titles, str),
			"introduction", texts(langs, intros, block),
			"items", items(opt.Findings, langs, pasted, addressee.New(&response.Folder{Office: office, Languages: langs}, themes)),
		)))
	}
	// Address the Home Secretary of the letter's date when the office's
	// default recipient no longer holds the office.
	if r := office.Recipient; r != nil && isHomeSecretary(r.Role, themes, langs) &&
		!statute.Held(th.Holders, r.Name.String(), opt.LetterDate) {
		if on := statute.HoldersOn(th.Holders, opt.LetterDate); len(on) > 0 {
			letter := doc.Content[3]
			letter.Content = append(letter.Content, str("recipient"), mapping("name", str(on[len(on)-1].Name)))
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# yaml-language-server: $schema=../%s\n", schema.Response)
	fmt.Fprintf(&b, "# The response to %q, made by s55 new.\n", opt.Report)
	fmt.Fprintf(&b, "# Write the force's response to every item under response, and the office's own under\n")
	fmt.Fprintf(&b, "# office_response, then run s55 check.\n")
	if len(langs) > 1 {
		fmt.Fprintf(&b, "# Every text is written in %s: check names each one still to translate.\n", strings.Join(langs, " and "))
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, append(diags, diag.As(err, "templates"))
	}
	s := &Scaffold{
		Files:   append([]staging.File{{Name: response.FileName, Data: b.Bytes()}}, files...),
		Summary: summary(counts, th),
		Date:    func(t time.Time) string { return day.Format(theme.Officer(themes), t) },
	}
	var err error
	if s.Shared, err = Schemas(); err != nil {
		return nil, append(diags, diag.As(err, "templates"))
	}
	return s, diags
}

// Write puts the new response folder in place as dir, whole or not at all,
// and never over a folder that is there: that is an error wrapping
// staging.ErrExists, and nothing is written. The JSON Schemas its files
// name are then written beside it, unless they are there already.
func (s *Scaffold) Write(dir string) error {
	if err := staging.WriteDir(dir, s.Files, false); err != nil {
		return err
	}
	for _, f := range s.Shared {
		name := filepath.Join(filepath.Dir(filepath.Clean(dir)), f.Name)
		if old, err := input.Read(name); err == nil && bytes.Equal(old, f.Data) {
			continue
		}
		if err := staging.WriteFile(name, f.Data, true); err != nil {
			return err
		}
	}
	return nil
}

// number gives the findings the report left unnumbered (a bulleted list of
// recommendations under a cause of concern) the next numbers of their kind,
// in order.
func number(fs []findings.Finding) {
	last := map[findings.Kind]int{}
	var walk func([]findings.Finding)
	walk = func(fs []findings.Finding) {
		for i := range fs {
			f := &fs[i]
			if f.Number == 0 {
				f.Number = last[f.Kind] + 1
			}
			last[f.Kind] = max(last[f.Kind], f.Number)
			walk(f.Children)
		}
	}
	walk(fs)
}

func summary(counts map[findings.Kind]int, th *theme.Theme) string {
	var parts []string
	for _, k := range []struct {
		kind       findings.Kind
		one, other string
	}{
		{findings.Kind(response.Recommendation), "recommendation", "recommendations"},
		{findings.Kind(response.CauseOfConcern), "cause of concern", "causes of concern"},
		{findings.Kind(response.AreaForImprovement), "area for improvement", "areas for improvement"},
	} {
		if n := counts[k.kind]; n > 0 {
			parts = append(parts, count.English(n, k.one, k.other))
		}
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return th.AndList(parts)
}

// reportLangs says which of the office's languages the text pasted from
// the report is in: English, which HMICFRS publishes in, where the office
// has it; else its first language.
func reportLangs(langs []string) map[string]bool {
	out := map[string]bool{}
	for _, l := range langs {
		if strings.HasPrefix(strings.ToLower(l), "en") {
			out[l] = true
		}
	}
	if len(out) == 0 {
		out[langs[0]] = true
	}
	return out
}

// isHomeSecretary reports whether role names the Home Secretary in one of
// the office's languages, by the phrase book's words for the office.
func isHomeSecretary(role response.Text, themes []*theme.Theme, langs []string) bool {
	for i, th := range themes {
		words, err := th.Phrase("home_secretary", nil)
		if err == nil && strings.Contains(strings.ToLower(role.In(langs[i])), strings.ToLower(words)) {
			return true
		}
	}
	return false
}

// texts is a text of the new response: in an office of one language the
// value alone, else a mapping of each language to its value.
func texts(langs []string, values map[string]string, node func(string) *yaml.Node) *yaml.Node {
	if len(langs) == 1 {
		return node(values[langs[0]])
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, l := range langs {
		v := node(values[l])
		if values[l] == "" {
			v = str("")
		}
		m.Content = append(m.Content, str(l), v)
	}
	return m
}

// items writes the findings as items. Each item gives whom the report
// addresses it to, where its first sentence says, and an empty answer for
// each body that must answer it (package addressee): response for the
// force (or an item whose addressees are not known), office_response for
// the office; an item for other bodies alone gets neither, as the standard
// sentence answers it.
func items(fs []findings.Finding, langs []string, pasted map[string]bool, who *addressee.Classifier) *yaml.Node {
	n := seq()
	each := func(s string) map[string]string {
		m := map[string]string{}
		for _, l := range langs {
			if pasted[l] {
				m[l] = s
			}
		}
		return m
	}
	for _, f := range fs {
		m := mapping("kind", str(string(f.Kind)), "number", integer(f.Number))
		if f.Deadline != "" {
			m.Content = append(m.Content, str("deadline"), texts(langs, each(f.Deadline), str))
		}
		it := response.Item{Kind: string(f.Kind)}
		if f.Addressee != "" {
			m.Content = append(m.Content, str("addressees"), seq(texts(langs, each(f.Addressee), str)))
			for _, l := range langs {
				if pasted[l] {
					it.Addressees = []response.Text{response.Plain(f.Addressee)}
				}
			}
		}
		m.Content = append(m.Content, str("text"), texts(langs, each(f.Text), block))
		if len(f.Children) > 0 {
			m.Content = append(m.Content, str("items"), items(f.Children, langs, pasted, who))
		} else {
			force, office := who.Needs(it)
			if force {
				m.Content = append(m.Content, str("response"), texts(langs, map[string]string{}, str))
			}
			if office {
				m.Content = append(m.Content, str("office_response"), texts(langs, map[string]string{}, str))
			}
		}
		n.Content = append(n.Content, m)
	}
	return n
}

func mapping(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i < len(kv); i += 2 {
		n.Content = append(n.Content, str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return n
}

func seq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// block is text as a literal block, one line of the file a line of text.
func block(s string) *yaml.Node {
	n := str(s + "\n")
	n.Style = yaml.LiteralStyle
	return n
}

func integer(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(i)}
}

func date(t time.Time) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: day.ISO(t)}
}
