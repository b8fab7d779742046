package check

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/markdown"
	"github.com/opcc-tools/s55/internal/response"
)

// accessibility checks what the published documents need to be accessible
// (the Public Sector Bodies Accessibility Regulations 2018: WCAG 2.2 AA for
// the HTML, PDF/UA for the PDF) and that only the data can supply: a text
// alternative for every image that says what it shows, a document title, a
// language, headings in the letter that do not skip a level, and link
// texts that say where the link goes.
func (c *checker) accessibility() {
	c.imageAlt()
	c.title()
	c.language()
	c.letterHeadings()
	c.linkTexts()
}

// genericAlt holds text alternatives that name the kind of image instead
// of saying what it shows.
var genericAlt = map[string]bool{"image": true, "picture": true, "photo": true, "img": true, "graphic": true,
	"signature": true, "logo": true, "alt": true, "alt text": true, "scan": true}

// imageAlt: the signature, the documents' one image, has a text
// alternative, and not the file's name or a word for an image.
func (c *checker) imageAlt() {
	sig := c.f.Office.Signature
	if sig == nil {
		return
	}
	alt := strings.TrimSpace(sig.Alt)
	src, path := c.f.Locate("office.signature.alt")
	base := filepath.Base(sig.File)
	switch {
	case alt == "":
		c.error(src, path, "the signature image has no text alternative: write what it shows, such as \"Signature of %s\"", c.f.Office.PCC.Name)
	case strings.EqualFold(alt, base) || strings.EqualFold(alt, strings.TrimSuffix(base, filepath.Ext(base))):
		c.error(src, path, "the text alternative %q is the image's file name: write what it shows, such as \"Signature of %s\"", alt, c.f.Office.PCC.Name)
	case genericAlt[strings.ToLower(strings.Trim(alt, " .:"))]:
		c.error(src, path, "the text alternative %q names the kind of image, not what it shows: write, for instance, \"Signature of %s\"", alt, c.f.Office.PCC.Name)
	}
}

// title: the documents take their title from the report's (the PDF's
// Title and the HTML's <title>, which assistive technology reads first).
func (c *checker) title() {
	if t := strings.TrimSpace(c.f.Response.Report.Title); t == "" || placeholder.MatchString(t) {
		c.error(c.f.Source, "report.title", "the report's title is missing: the documents' titles are made from it")
	}
}

// language: the documents' language is a well-formed BCP 47 tag, which
// the PDF (/Lang) and the HTML (lang) carry for screen readers.
func (c *checker) language() {
	lang := c.f.Office.Language
	src, path := c.f.Locate("office.language")
	if strings.TrimSpace(lang) == "" {
		c.error(src, path, "the documents have no language: set a BCP 47 tag such as en-GB or cy-GB")
		return
	}
	if _, err := language.Parse(lang); err != nil || strings.ContainsAny(lang, " _") {
		c.error(src, path, "language %q is not a BCP 47 tag such as en-GB or cy-GB", lang)
	}
}

// mdHeading is a heading of Markdown source: its level (the number of #)
// and its line.
type mdHeading struct {
	level, line int
	text        string
}

var (
	atxHeading = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	setextLine = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	fence      = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// scanHeadings finds the ATX ("## Title") and setext (a title underlined
// with = or -) headings of src outside fenced code, with their lines.
func scanHeadings(src []byte) []mdHeading {
	var out []mdHeading
	lines := strings.Split(string(src), "\n")
	var inFence string
	prevText := false
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		if m := fence.FindStringSubmatch(line); m != nil {
			switch {
			case inFence == "":
				inFence = m[1]
			case inFence == m[1]:
				inFence = ""
			}
			prevText = false
			continue
		}
		if inFence != "" {
			continue
		}
		if m := atxHeading.FindStringSubmatch(line); m != nil {
			out = append(out, mdHeading{level: len(m[1]), line: i + 1, text: m[2]})
			prevText = false
			continue
		}
		if m := setextLine.FindStringSubmatch(line); m != nil && prevText {
			level := 1
			if m[1][0] == '-' {
				level = 2
			}
			out = append(out, mdHeading{level: level, line: i, text: strings.TrimSpace(lines[i-1])})
			prevText = false
			continue
		}
		trimmed := strings.TrimSpace(line)
		prevText = trimmed != "" && !strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "\t")
	}
	return out
}

// letterHeadings: the letter's Markdown headings do not skip a level. The
// subject line is the letter's top heading, so the letter's first heading
// is "#" and each one after is at most one level deeper than the one
// before. PDF/UA forbids the skip, and screen readers navigate by the
// outline.
func (c *checker) letterHeadings() {
	if c.f.BodyFile == "" || len(c.f.Body) == 0 {
		return
	}
	// goldmark says what is a heading; the scan says where it is.
	var levels []int
	var texts []string
	for _, b := range markdown.Parse(c.f.Body, markdown.Options{HeadingLevel: 1}) {
		document.Walk([]document.Block{b}, func(b document.Block) {
			if h, ok := b.(*document.Heading); ok {
				levels = append(levels, h.Level)
				texts = append(texts, strings.TrimSpace(document.Text(h.Spans)))
			}
		})
	}
	scanned := scanHeadings(c.f.Body)
	prev := 0
	for i, level := range levels {
		line := 0
		if len(scanned) == len(levels) {
			line = scanned[i].line
		}
		if level > prev+1 {
			want := strings.Repeat("#", prev+1)
			msg := fmt.Sprintf("heading %q is %q but the heading before it is %q: a level is skipped, which breaks the outline that screen readers navigate by; make it %q",
				texts[i], strings.Repeat("#", level), strings.Repeat("#", prev), want)
			if prev == 0 {
				msg = fmt.Sprintf("heading %q is %q but the letter's first heading must be \"#\" (the subject line above it is the top level): a level is skipped, which breaks the outline that screen readers navigate by",
					texts[i], strings.Repeat("#", level))
			}
			c.diags = append(c.diags, diag.Diagnostic{File: c.f.BodyFile, Line: line, Col: 1, Severity: diag.Error, Msg: msg})
		}
		prev = level
	}
}

// vagueLinks holds link texts that do not say where a link goes (WCAG 2.2
// success criterion 2.4.4, Link Purpose).
var vagueLinks = map[string]bool{"here": true, "click here": true, "click": true, "link": true, "this link": true,
	"click this link": true, "follow this link": true, "read more": true, "more": true, "more here": true,
	"this": true, "this page": true, "go": true, "go here": true, "details": true, "more details": true,
	"more information": true, "more info": true, "info": true, "website": true, "web page": true, "page": true}

// mdLink finds Markdown links: [text](destination) and [text][label],
// not images.
var mdLink = regexp.MustCompile(`(^|[^!\\])\[([^\[\]]*)\](\(|\[)`)

// linkTexts: every link in the letter and in the appendices' Markdown says
// where it goes.
func (c *checker) linkTexts() {
	if c.f.BodyFile != "" {
		for _, l := range vagueLinkTexts(c.f.Body) {
			line, col := position(c.f.Body, l.at)
			c.diags = append(c.diags, diag.Diagnostic{File: c.f.BodyFile, Line: line, Col: col, Severity: diag.Warning, Msg: l.msg})
		}
	}
	for i, a := range c.f.Response.Appendices {
		path := fmt.Sprintf("appendices[%d]", i)
		c.yamlLinks(path+".introduction", a.Introduction)
		c.itemLinks(path, a.Items)
	}
}

func (c *checker) itemLinks(path string, items []response.Item) {
	for i, it := range items {
		p := fmt.Sprintf("%s.items[%d]", path, i)
		c.yamlLinks(p+".text", it.Text)
		c.yamlLinks(p+".response", it.Response)
		c.yamlLinks(p+".comment", it.Comment)
		c.itemLinks(p, it.Items)
	}
}

// yamlLinks reports the vague links of the Markdown value at path of
// response.yaml, each at its place in the file when it can be found there
// as written, else at the field.
func (c *checker) yamlLinks(path, md string) {
	if md == "" {
		return
	}
	links := vagueLinkTexts([]byte(md))
	if len(links) == 0 {
		return
	}
	src := c.f.Source
	data := src.Data
	p := src.At(path)
	start := offset(data, p.Line, p.Col)
	for _, l := range links {
		line, col := p.Line, p.Col
		if k := bytes.Index(data[start:], []byte(l.raw)); k >= 0 {
			line, col = position(data, start+k)
		}
		c.diags = append(c.diags, diag.Diagnostic{File: src.File, Line: line, Col: col, Severity: diag.Warning, Path: path, Msg: l.msg})
	}
}

// vagueLink is a link found in Markdown: its offset, its source text and
// the message about it.
type vagueLink struct {
	at       int
	raw, msg string
}

// vagueLinkTexts finds the links of Markdown source whose text does not
// say where they go, or that have no text.
func vagueLinkTexts(src []byte) []vagueLink {
	var out []vagueLink
	for _, m := range mdLink.FindAllSubmatchIndex(src, -1) {
		at := m[4] - 1 // the "["
		text := string(src[m[4]:m[5]])
		norm := strings.ToLower(strings.Join(strings.Fields(strings.TrimFunc(text, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsPunct(r)
		})), " "))
		raw := string(src[at:m[7]])
		switch {
		case strings.TrimSpace(text) == "":
			out = append(out, vagueLink{at, raw, "a link has no text: screen readers read out its address instead; say where it goes"})
		case vagueLinks[norm]:
			out = append(out, vagueLink{at, raw, fmt.Sprintf("link text %q does not say where the link goes (WCAG 2.4.4): name the page or document instead, such as \"the inspection report\"", text)})
		}
	}
	return out
}

// offset returns the byte offset of a 1-based line and rune column in data.
func offset(data []byte, line, col int) int {
	i := 0
	for l := 1; l < line && i < len(data); l++ {
		nl := bytes.IndexByte(data[i:], '\n')
		if nl < 0 {
			return len(data)
		}
		i += nl + 1
	}
	for k := 1; k < col && i < len(data) && data[i] != '\n'; k++ {
		_, n := utf8.DecodeRune(data[i:])
		i += n
	}
	return i
}

// position returns the 1-based line and rune column of offset at in data.
func position(data []byte, at int) (line, col int) {
	line = 1 + bytes.Count(data[:at], []byte("\n"))
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:at])
}
