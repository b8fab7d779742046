package check

import (
	"slices"
	"strconv"
	"strings"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/markdown"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/theme"
)

// roles warns where the letter calls the office by the role of another
// kind of local policing body: a PFCC's letter "as Police and Crime
// Commissioner", a mayor's "PCC comment:". It looks, in each language,
// for the words each other body's section of the phrase book lists
// (names, as written, whole words only) in the letter's Markdown (not in
// its drafting notes), in the texts of the data the letter prints (the
// subject, the letterhead, the closing, the titles under the signatures)
// and in the phrases the office's documents are made with, and warns at
// each place.
func (c *checker) roles() {
	body := c.f.Office.PolicingBody()
	for i, th := range c.themes {
		lang := c.langs()[min(i, len(c.langs())-1)]
		var names []string
		owner := map[string]string{}
		for _, b := range statute.Bodies {
			if string(b) == body {
				continue
			}
			for _, n := range th.RoleNames(string(b)) {
				if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
					names = append(names, n)
					owner[n] = string(b)
				}
			}
		}
		if len(names) == 0 {
			continue
		}
		msg := func(name string) string {
			return "the letter calls the office " + strconv.Quote(name) + ", the role of " + bodyWhat[owner[name]] + ", but the office is " +
				bodyWhat[body] + " (office.yaml's body: " + body + "); write the office's own role, or leave it where it names another office"
		}
		for _, b := range c.f.Letters {
			if b.Lang != lang {
				continue
			}
			m := response.Markdown{File: b.File, Text: b.Data}
			notes := markdown.Comments(b.Data)
			for _, hit := range theme.FindNames(string(b.Data), names) {
				if slices.ContainsFunc(notes, func(r [2]int) bool { return hit.Off >= r[0] && hit.Off < r[1] }) {
					continue // a drafting note is never published
				}
				c.diags = append(c.diags, m.Diag(hit.Off, diag.Warning, msg(hit.Name)))
			}
		}
		for _, t := range c.letterTexts() {
			src, path := c.f.Locate(t.path)
			path = t.text.Path(path, lang)
			for _, hit := range theme.FindNames(t.text.In(lang), names) {
				p := src.PosAt(path, hit.Off)
				c.diags = append(c.diags, diag.Diagnostic{File: src.File, Line: p.Line, Col: p.Col, Severity: diag.Warning, Path: path, Msg: msg(hit.Name)})
			}
		}
		for _, s := range th.Sources() {
			// What a template does is not what it prints: "{{.Office.PCC.Title}}"
			// names no role.
			for _, hit := range theme.FindNames(s.Words, names) {
				c.diags = append(c.diags, diag.Diagnostic{File: s.File, Line: s.Line, Col: s.Col, Severity: diag.Warning, Path: s.Name,
					Msg: strings.Replace(msg(hit.Name), "the letter calls", "the phrase "+strconv.Quote(s.Name)+" calls", 1)})
			}
		}
	}
}

// bodyWhat names each kind of body in a message.
var bodyWhat = map[string]string{
	string(statute.PCC):   "a police and crime commissioner",
	string(statute.PFCC):  "a police, fire and crime commissioner",
	string(statute.Mayor): "a mayor",
}

// letterText is a text of the data the letter prints, at its field path
// in the merged data.
type letterText struct {
	path string
	text response.Text
}

// letterTexts lists the texts of the data the letter prints that may
// name the office's role.
func (c *checker) letterTexts() []letterText {
	f := c.f
	out := []letterText{{"letter.subject", f.Response.Letter.Subject}, {"office.sign_off", f.Office.SignOff}}
	for i, l := range f.Office.Letterhead {
		out = append(out, letterText{"office.letterhead[" + strconv.Itoa(i) + "]", l})
	}
	for _, s := range f.Signers {
		out = append(out, letterText{s.Path + ".title", s.Title})
	}
	return out
}
