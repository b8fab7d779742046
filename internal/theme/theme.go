// Package theme loads the templates a response is built with: the defaults
// embedded in the binary (package templates) with an office's own folder laid
// over them. A theme holds the phrase book of one language, the text of the
// HTML page template and of the stylesheet (which package htmldoc parses and
// runs), and the table of Home Secretaries. Every fixed phrase of the
// documents comes from here, never from Go code. A phrase book is decoded
// by the one strict decoder (package strictyaml), as every data file is.
package theme

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/langtag"
	"github.com/opcc-tools/s55/internal/mutation"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/strictyaml"
	"github.com/opcc-tools/s55/templates"
)

// File names inside a template folder.
const (
	PageFile  = "page.html.tmpl"
	StyleFile = "style.css"
)

// HoldersFile is the table of Home Secretaries.
const HoldersFile = "home-secretaries.yaml"

// PhraseFile is the phrase book's name inside a language's folder.
const PhraseFile = "phrases.yaml"

// LetterFile is the letter a new response starts from, inside a language's
// folder.
const LetterFile = "letter.md.tmpl"

// Theme is the set of templates one build uses.
type Theme struct {
	// Lang is the language of the phrase book.
	Lang string
	// CSS is the stylesheet inlined into HTML pages.
	CSS string
	// Page is the text of the HTML page template, the frame package
	// htmldoc puts around a document's body, and PageFile the file it came
	// from, for messages.
	Page, PageFile string
	// Holders is the table of Home Secretaries, in order.
	Holders []statute.Holder
	// Files lists the office's override files the theme read, so that an
	// archive can keep them with what they produced.
	Files []string

	dir      string
	read     map[string][]byte // override files read, by absolute path
	phrases  map[string]*phrase
	standard map[string]*phrase
	days     []string
	months   []string
	and      []andRule
	// mutation is the book's initial mutations (nil for a language
	// without); addressees its words for whom an item is addressed to.
	mutation   *mutation.Rules
	addressees Addressees
	// editions, for a theme made by Joined, are the themes it joins.
	editions []*Theme
	// body is the kind of local policing body the theme speaks for (see
	// ForBody), and bodies each body's own phrases (body.go).
	body   string
	bodies map[string]*bodyBook
}

// andRule is one rule of the phrase book's "and": before the last item of
// a list whose start matches before, the part matched becomes write (with
// $1 ... for what the pattern's groups matched). The first rule that
// matches is used; a book gives them in the order to try, the last with no
// pattern.
type andRule struct {
	before *regexp.Regexp // nil matches every item, taking nothing
	write  string
}

// phrase is one phrase of a book with the place it was written.
type phrase struct {
	file      string
	line, col int
	// text is the phrase as written.
	text string

	// tmpl is text parsed, with the functions of owner. An office's
	// phrase is parsed as its book is read, so that a mistake in it is
	// reported then; a phrase of a book s55 ships (which its tests parse
	// whole) is parsed when first run, as a build runs a few dozen of a
	// book's 130 and more.
	owner *Theme
	once  sync.Once
	tmpl  *template.Template
	err   error
}

// template returns the phrase parsed, parsing it the first time.
func (p *phrase) template(name string) (*template.Template, error) {
	p.once.Do(func() {
		if p.tmpl == nil {
			p.tmpl, p.err = p.owner.newTemplate(name, p.text)
		}
	})
	return p.tmpl, p.err
}

// Load builds the theme for lang from the embedded defaults and, when dir is
// not empty, the office's folder dir laid over them: a file there replaces
// the default of the same name, and a phrase book there overrides single
// phrases. Every problem in the templates is reported with its position.
func Load(dir, lang string) (*Theme, diag.List) {
	var diags diag.List
	t := &Theme{Lang: lang, dir: dir, read: map[string][]byte{}, phrases: map[string]*phrase{}, standard: map[string]*phrase{}}

	phraseName := path.Join(lang, PhraseFile)
	if data, err := fs.ReadFile(templates.FS, phraseName); err == nil {
		t.readPhrases("templates/"+phraseName, data, true, true, &diags)
	}
	if dir != "" {
		p := filepath.Join(dir, lang, PhraseFile)
		if data, err := input.ReadIn(dir, filepath.Join(lang, PhraseFile), input.MaxSize); err == nil {
			t.keep(p, data)
			t.readPhrases(p, data, len(t.phrases) == 0, false, &diags)
		} else if !errors.Is(err, fs.ErrNotExist) {
			diags.Add(p, 0, 0, "", "%s", input.Reason(err))
		}
	}
	if len(t.phrases) == 0 && len(diags) == 0 {
		diags.Add(phraseName, 0, 0, "", "no phrase book for language %q: add %s to the office's templates folder", lang, phraseName)
	}
	if _, err := fs.Stat(templates.FS, phraseName); err != nil && len(t.phrases) > 0 && len(diags) == 0 {
		// A language s55 does not ship: its book must hold every phrase.
		ref := &Theme{phrases: map[string]*phrase{}, standard: map[string]*phrase{}}
		if data, err := fs.ReadFile(templates.FS, path.Join("en-GB", PhraseFile)); err == nil {
			ref.readPhrases("templates/en-GB/"+PhraseFile, data, true, true, &diags)
		}
		for _, name := range slices.Sorted(maps.Keys(ref.phrases)) {
			if t.phrases[name] == nil {
				diags.Add(filepath.Join(dir, phraseName), 0, 0, "", "the phrase book lacks the phrase %q", name)
			}
		}
		if len(t.days) != 31 || len(t.months) != 12 || len(t.and) == 0 {
			diags.Add(filepath.Join(dir, phraseName), 0, 0, "", "the phrase book needs days (31), months (12) and and")
		}
	}
	if len(diags) > 0 {
		return t, diags
	}

	pageFile, page := t.file(dir, PageFile, &diags)
	_, style := t.file(dir, StyleFile, &diags)
	holdersFile, holders := t.file(dir, HoldersFile, &diags)
	if len(diags) > 0 {
		return t, diags
	}
	var hdiags diag.List
	var opts strictyaml.Options
	if !slices.Contains(t.Files, holdersFile) {
		opts.Tree = templates.Tree(HoldersFile) // the table s55 ships
	}
	if t.Holders, hdiags = statute.DecodeHolders(opts, holdersFile, holders); hdiags.Errors() > 0 {
		return t, append(diags, hdiags...)
	}
	t.CSS = string(style)
	t.Page, t.PageFile = string(page), pageFile
	return t, diags
}

// file reads name from dir when it is there, and from the defaults
// otherwise. It returns the name to report problems under and the content.
func (t *Theme) file(dir, name string, diags *diag.List) (string, []byte) {
	if dir != "" {
		p := filepath.Join(dir, name)
		data, err := input.ReadIn(dir, name, input.MaxSize)
		if err == nil {
			t.keep(p, data)
			return p, data
		}
		if !errors.Is(err, fs.ErrNotExist) {
			diags.Add(p, 0, 0, "", "%s", input.Reason(err))
			return p, nil
		}
	}
	data, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		diags.Add("templates/"+name, 0, 0, "", "%v", err)
	}
	return "templates/" + name, data
}

// keep records an override file the theme read.
func (t *Theme) keep(p string, data []byte) {
	t.Files = append(t.Files, p)
	if a, err := filepath.Abs(p); err == nil {
		t.read[a] = data
	}
}

// Read returns the bytes of an override file the theme read, by its
// absolute path.
func (t *Theme) Read(abs string) ([]byte, bool) {
	data, ok := t.read[abs]
	return data, ok
}

func (t *Theme) funcs() template.FuncMap {
	return template.FuncMap{
		"day":      func(d time.Time) string { return t.days[d.Day()-1] },
		"month":    func(d time.Time) string { return t.months[d.Month()-1] },
		"and_list": t.AndList,
		"capital":  capital,
		"join":     strings.Join,
		"after":    t.After,
		"plural":   t.Plural,
	}
}

// Phrase executes the phrase name with data. On a theme made by Joined it
// is each book's phrase, joined.
func (t *Theme) Phrase(name string, data any) (string, error) {
	if t.editions != nil {
		parts := make([]string, len(t.editions))
		for i, e := range t.editions {
			s, err := e.Phrase(name, data)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return t.Join(parts)
	}
	return t.exec(t.lookup(name), name, data)
}

// Join sets texts side by side that say the same in the languages of a
// bilingual office, in its order, with the phrase book's "joined" phrase:
// "Tudalen 2 o 9 / Page 2 of 9". A theme made by Joined uses the first
// book's.
func (t *Theme) Join(texts []string) (string, error) {
	if t.editions != nil {
		return t.editions[0].Join(texts)
	}
	return t.Phrase("joined", texts)
}

// Joined returns the theme of a document that holds every language of a
// bilingual office: themes are the themes of its languages, in the
// office's order. Its phrases are each book's phrase run on the same data
// and joined (Join), so it serves only for the phrases whose data holds no
// text of the office: the page number, the labels of the page. Its page,
// stylesheet and table of Home Secretaries are the first theme's, and its
// Files those every theme read.
func Joined(themes []*Theme) *Theme {
	j := *themes[0]
	j.editions = themes
	j.Files, j.read = nil, map[string][]byte{}
	for _, th := range themes {
		for _, f := range th.Files {
			if !slices.Contains(j.Files, f) {
				j.Files = append(j.Files, f)
			}
		}
		maps.Copy(j.read, th.read)
	}
	return &j
}

// Officer returns, of the themes of an office's languages, the one s55
// speaks to the officer in: its book words the dates and lists inside
// s55's own messages (check's problems, the statutory clock, status, what
// new made). The messages are English sentences, so it is the English
// edition's where the office publishes in English, whichever language
// comes first, else the first language's (langtag.Messages). The
// documents and the site keep the office's own languages.
func Officer(themes []*Theme) *Theme {
	langs := make([]string, len(themes))
	for i, th := range themes {
		langs[i] = th.Lang
	}
	lang := langtag.Messages(langs)
	for _, th := range themes {
		if th.Lang == lang {
			return th
		}
	}
	return themes[0]
}

// HasStandard reports whether the phrase book has the standard sentence name.
func (t *Theme) HasStandard(name string) bool {
	return t.lookup("standard."+name) != nil
}

// Standard executes the standard sentence name with data.
func (t *Theme) Standard(name string, data any) (string, error) {
	return t.exec(t.lookup("standard."+name), "standard."+name, data)
}

func (t *Theme) exec(p *phrase, name string, data any) (string, error) {
	if p == nil {
		return "", diag.Diagnostic{File: path.Join(t.Lang, PhraseFile), Severity: diag.Error, Msg: "the phrase book has no phrase " + strconv.Quote(name)}
	}
	tmpl, err := p.template(name)
	if err != nil {
		return "", diag.Diagnostic{File: p.file, Line: p.line, Col: p.col, Severity: diag.Error, Msg: "phrase " + strconv.Quote(name) + ": " + templateMessage(err)}
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return "", diag.Diagnostic{File: p.file, Line: p.line, Col: p.col, Severity: diag.Error, Msg: "phrase " + strconv.Quote(name) + ": " + templateMessage(err)}
	}
	return b.String(), nil
}

// SiteFile is the template of the pages s55 index writes.
const SiteFile = "site.html.tmpl"

// Source returns the text of the template file name, from the office's
// folder when it has one, else the default, with the file name to report
// its problems under.
func (t *Theme) Source(name string) (file string, src []byte, err error) {
	var diags diag.List
	file, src = t.file(t.dir, name, &diags)
	return file, src, diags.Err()
}

// StartingLetter executes the language's letter template with data: the
// Markdown a new response's letter starts from.
func (t *Theme) StartingLetter(data any) ([]byte, error) {
	var diags diag.List
	file, src := t.file(t.dir, path.Join(t.Lang, LetterFile), &diags)
	if err := diags.Err(); err != nil {
		return nil, err
	}
	funcs := t.funcs()
	// phrase NAME DATA: a phrase of the book, as the theme's body reads
	// it ("as Police, Fire and Crime Commissioner").
	funcs["phrase"] = func(name string, data any) (string, error) { return t.Phrase(name, data) }
	tmpl, err := template.New(LetterFile).Option("missingkey=error").Funcs(funcs).Parse(string(src))
	if err != nil {
		return nil, TemplateError(file, err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return nil, TemplateError(file, err)
	}
	return b.Bytes(), nil
}

// Date formats a day as the phrase book's date phrase does (see
// day.Format). A nil theme has no book, and says so.
func (t *Theme) Date(d time.Time) (string, error) {
	if t == nil {
		return "", errors.New("no phrase book")
	}
	return t.Phrase("date", d)
}

// AndList joins items as a sentence does: "A", "A and B", "A, B and C",
// with the phrase book's "and", chosen by the last item where the book
// gives rules ("y Swyddfa Gartref a'r Coleg Plismona").
func (t *Theme) AndList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	last := items[len(items)-1]
	joined := last
	for _, r := range t.and {
		if r.before == nil {
			joined = t.joinWord(r.write, last)
			break
		}
		if m := r.before.FindStringSubmatchIndex(last); m != nil {
			joined = t.joinWord(string(r.before.ExpandString(nil, r.write, last, m)), last[m[1]:])
			break
		}
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + joined
}

// joinWord puts the words of "and" before the rest of the last item of a
// list, mutated as the last of those words asks: Welsh "a" before
// "Cyngor" makes "a Chyngor".
func (t *Theme) joinWord(words, rest string) string {
	if strings.HasSuffix(words, " ") {
		fields := strings.Fields(words)
		if len(fields) > 0 {
			return words + t.mutation.After(fields[len(fields)-1], rest)
		}
	}
	return words + rest
}

// After writes word and, after a space, text as it reads after word: in a
// language whose book gives mutations, the first word of text mutates as
// word asks ("at" and "Gwasanaeth Erlyn y Goron" make "at Wasanaeth Erlyn
// y Goron"). The phrase books call it as after: {{after "at" (and_list
// .Addressees)}}.
func (t *Theme) After(word, text string) string {
	return word + " " + t.mutation.After(word, text)
}

// Mutation returns the book's initial mutations; nil, which changes
// nothing, for a language whose book gives none.
func (t *Theme) Mutation() *mutation.Rules { return t.mutation }

// Plural is the phrase books' plural function: {{plural .N "one" "#
// recommendation" "other" "# recommendations"}} words .N with the form of
// its CLDR plural category in the book's language (package count).
func (t *Theme) Plural(n int, forms ...string) (string, error) {
	return count.Select(t.Lang, n, forms...)
}

// HasBook reports whether there is a phrase book for lang: s55's own, or
// one in the office's templates folder dir.
func HasBook(dir, lang string) bool {
	if _, err := fs.Stat(templates.FS, path.Join(lang, PhraseFile)); err == nil && path.Clean(lang) == lang && !strings.Contains(lang, "/") {
		return true
	}
	if dir == "" || !filepath.IsLocal(lang) {
		return false
	}
	_, err := input.StatIn(dir, filepath.Join(lang, PhraseFile))
	return err == nil
}

// Shipped lists the languages whose phrase books s55 carries.
func Shipped() []string {
	var out []string
	entries, _ := fs.ReadDir(templates.FS, ".")
	for _, e := range entries {
		if _, err := fs.Stat(templates.FS, path.Join(e.Name(), PhraseFile)); e.IsDir() && err == nil {
			out = append(out, e.Name())
		}
	}
	return out
}

func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

var (
	templateErr = regexp.MustCompile(`^template: [^:]*:(\d+)(?::(\d+))?: (.*)$`)
	goType      = regexp.MustCompile(` in type [\w.*\[\]]+`)
	// noKey is how text/template says a field is missing from data held
	// as a map (response.View), worded as it is for a struct.
	noKey = regexp.MustCompile(`map has no entry for key "([^"]*)"`)
)

// plainMessage takes from a template's message what means nothing to an
// office: Go's type names, and whether the data was a struct or a map.
func plainMessage(msg string) string {
	return noKey.ReplaceAllString(goType.ReplaceAllString(msg, ""), "can't evaluate field $1")
}

// templateMessage strips the "template: name:line:" prefix from an error,
// and the Go type names that mean nothing to an office.
func templateMessage(err error) string {
	msg := err.Error()
	if m := templateErr.FindStringSubmatch(msg); m != nil {
		msg = m[3]
	}
	return plainMessage(strings.TrimPrefix(msg, "template: "))
}

// TemplateError turns a template error into a diagnostic at the line (and
// column, when known) of file that it names.
func TemplateError(file string, err error) diag.Diagnostic {
	d := diag.Diagnostic{File: file, Severity: diag.Error, Msg: err.Error()}
	first, _, _ := strings.Cut(err.Error(), "\n")
	if m := templateErr.FindStringSubmatch(first); m != nil {
		d.Line, _ = strconv.Atoi(m[1])
		d.Col, _ = strconv.Atoi(m[2])
		d.Msg = plainMessage(m[3])
	}
	return d
}
