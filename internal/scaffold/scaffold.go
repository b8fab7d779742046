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

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/findings"
	"github.com/opcc-tools/s55/internal/input"
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

// Scaffold is a new response folder's content.
type Scaffold struct {
	// Files go into the response folder.
	Files []staging.File
	// Shared go into the folder above it: the JSON Schemas that the new
	// files name.
	Shared []staging.File
	// Summary counts what was found, as "13 recommendations".
	Summary string
	// Date formats a day with the office's phrase book.
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
	if strings.TrimSpace(office.Force.ChiefOfficer) == "" {
		// The letter new writes names the chief officer.
		p := osrc.At("force.chief_officer")
		o := response.OfficeFieldAt("force.chief_officer")
		diags.Add(officeFile, p.Line, p.Col, o.Path, "%s; s55 new writes it into the letter", o.Missing())
		return nil, diags
	}
	th, tdiags := theme.Load("", office.Language)
	if diags = append(diags, tdiags...); diags.Errors() > 0 {
		return nil, diags
	}

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

	data := struct {
		Report          response.Report
		Office          response.Office
		Recommendations int
	}{
		Report:          response.Report{Title: opt.Report, Published: opt.Published, Inspectorates: []string{"HMICFRS"}},
		Office:          office,
		Recommendations: counts[findings.Kind(response.Recommendation)],
	}
	letter, err := th.StartingLetter(data)
	if err != nil {
		return nil, append(diags, asDiag(err))
	}
	title, err := th.Phrase("scaffold_appendix_title", data)
	if err != nil {
		return nil, append(diags, asDiag(err))
	}
	intro, err := th.Phrase("scaffold_introduction", data)
	if err != nil {
		return nil, append(diags, asDiag(err))
	}

	doc := mapping(
		"report", mapping(
			"title", str(opt.Report),
			"inspectorates", seq(str("HMICFRS")),
			"published", date(opt.Published),
		),
		"letter", mapping(
			"date", date(opt.LetterDate),
			"body", str("letter.md"),
		),
	)
	if len(opt.Findings) > 0 {
		doc.Content = append(doc.Content, str("appendices"), seq(mapping(
			"title", str(title),
			"introduction", block(intro),
			"items", items(opt.Findings),
		)))
	}
	// Address the Home Secretary of the letter's date when the office's
	// default recipient no longer holds the office.
	if r := office.Recipient; r != nil && strings.Contains(strings.ToLower(r.Role), "home secretary") &&
		!statute.Held(th.Holders, r.Name, opt.LetterDate) {
		if on := statute.HoldersOn(th.Holders, opt.LetterDate); len(on) > 0 {
			letter := doc.Content[3]
			letter.Content = append(letter.Content, str("recipient"), mapping("name", str(on[len(on)-1].Name)))
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# yaml-language-server: $schema=../%s\n", schema.Response)
	fmt.Fprintf(&b, "# The response to %q, made by s55 new.\n", opt.Report)
	fmt.Fprintf(&b, "# Write the force's response to every item under response, then run s55 check.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, append(diags, asDiag(err))
	}
	s := &Scaffold{
		Files: []staging.File{
			{Name: response.FileName, Data: b.Bytes()},
			{Name: "letter.md", Data: letter},
		},
		Summary: summary(counts, th),
		Date: func(t time.Time) string {
			s, err := th.Date(t)
			if err != nil {
				return t.Format(time.DateOnly)
			}
			return s
		},
	}
	if s.Shared, err = Schemas(); err != nil {
		return nil, append(diags, asDiag(err))
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
		switch n := counts[k.kind]; n {
		case 0:
		case 1:
			parts = append(parts, "1 "+k.one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n, k.other))
		}
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return th.AndList(parts)
}

func items(fs []findings.Finding) *yaml.Node {
	n := seq()
	for _, f := range fs {
		m := mapping("kind", str(string(f.Kind)), "number", integer(f.Number))
		if f.Deadline != "" {
			m.Content = append(m.Content, str("deadline"), str(f.Deadline))
		}
		m.Content = append(m.Content, str("text"), block(f.Text))
		if len(f.Children) > 0 {
			m.Content = append(m.Content, str("items"), items(f.Children))
		} else {
			m.Content = append(m.Content, str("response"), str(""))
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
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.Format(time.DateOnly)}
}

func asDiag(err error) diag.Diagnostic {
	if d, ok := err.(diag.Diagnostic); ok {
		return d
	}
	return diag.Diagnostic{File: "templates", Severity: diag.Error, Msg: err.Error()}
}
