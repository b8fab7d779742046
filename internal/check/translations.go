package check

import (
	"slices"
	"strings"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
)

// Translations returns the problems of the texts of the folder f that are
// not given in each of the office's languages (see translations): the
// check Run makes among the others, for a folder that loaded with errors of
// its own, which Run is not given.
func Translations(f *response.Folder) diag.List {
	c := &checker{f: f}
	c.translations()
	return c.diags
}

// translations: the Welsh Language Standards ask that Welsh is treated no
// less favourably than English, so in an office of several languages no
// text is published in one language only. Every text the documents print
// is given in each of the office's languages, as a mapping keyed by their
// tags ({cy-GB: ..., en-GB: ...}); a plain string stands for every
// language only in a field that may stay the same (a name). A mapping holds
// the office's languages and no other, in an office of one language too.
// Each problem is reported at the field, or at the language's own string
// or key, in the file that gives it.
func (c *checker) translations() {
	for _, src := range []*response.Source{c.f.Source, c.f.OfficeSource} {
		if src == nil {
			continue
		}
		for _, tf := range response.TextFields(src) {
			if src == c.f.OfficeSource && c.overridden(tf.Path) {
				continue // the response's own office section gives it
			}
			c.translation(src, tf)
		}
	}
}

// overridden reports whether the response's office section gives the
// office field path (or a field holding it), so that the profile's value
// is not the one printed.
func (c *checker) overridden(path string) bool {
	for p := path; p != ""; {
		if _, ok := c.f.Source.Pos["office."+p]; ok {
			return true
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return false
}

// translation checks one text against the office's languages.
func (c *checker) translation(src *response.Source, tf response.TextField) {
	langs := c.langs()
	t := tf.Text
	if !t.Mapped() {
		if len(langs) > 1 && !tf.Same && !t.Blank() {
			c.error(src, tf.Path, "%s", lacking(tf.Path, langs, langs))
		}
		return
	}
	for _, tr := range t.Translations() {
		if !slices.Contains(langs, tr.Lang) {
			p := src.Key(tf.Path + "." + tr.Lang)
			msg := "\"" + tr.Lang + "\" is not a language of the office (" + strings.Join(langs, ", ") + ")"
			if s := diag.Suggest(tr.Lang, langs); s != "" {
				msg += " (did you mean \"" + s + "\"?)"
			}
			c.diags = append(c.diags, diag.Diagnostic{File: src.File, Line: p.Line, Col: p.Col, Severity: diag.Error, Path: tf.Path, Msg: msg})
		}
	}
	if t.Blank() {
		return // a field left empty in every language
	}
	var absent []string
	for _, lang := range langs {
		if !slices.ContainsFunc(t.Translations(), func(tr response.Translation) bool { return tr.Lang == lang }) {
			absent = append(absent, lang)
		} else if strings.TrimSpace(t.In(lang)) == "" {
			c.error(src, tf.Path+"."+lang, "the %s text is empty: write it, so that nothing is published in one language only", lang)
		}
	}
	if len(absent) > 0 {
		c.error(src, tf.Path, "%s", lacking(tf.Path, absent, langs))
	}
}

// lacking words the problem of a text at path not given in the languages
// absent of the office's langs.
func lacking(path string, absent, langs []string) string {
	give := "give it in " + strings.Join(absent, " and ")
	if len(absent) < len(langs) {
		give += " too"
	}
	example := make([]string, len(langs))
	for i, l := range langs {
		example[i] = l + ": ..."
	}
	form := "{" + strings.Join(example, ", ") + "}"
	if path == "letter.body" {
		files := make([]string, len(langs))
		for i, suffix := range published.Suffixes(langs) {
			files[i] = langs[i] + ": letter." + suffix + ".md"
		}
		return give + ": the letter is written in each language the office publishes in, a file for each, as body: {" + strings.Join(files, ", ") + "}"
	}
	return give + ": the office publishes in " + strings.Join(langs, " and ") + ", and every text is written in each, as " + form
}
