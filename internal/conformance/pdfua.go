package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/opcc-tools/s55/internal/pdfread"
)

// The tools that check tagged and archival PDF.
const (
	// Node is Node.js, which PDFJSStructure runs.
	Node Tool = iota + 100
	// PDFJS is pdf.js (npm pdfjs-dist), which PDFJSStructure loads.
	PDFJS
	// Pdfdetach is poppler's pdfdetach, which PDFAttachments runs.
	Pdfdetach
	// PreflightJar is Apache PDFBox Preflight, which Preflight runs on Java.
	PreflightJar
	// ActivationJar and JAXBJar are libraries that Preflight needs on a
	// Java runtime newer than 8 and that Debian packages apart from it.
	ActivationJar
	JAXBJar
)

// The places of the files these tools are.
const (
	pdfjsPath      = "internal/conformance/node_modules/pdfjs-dist/legacy/build/pdf.mjs"
	javaDir        = "/usr/share/java/"
	preflightPath  = javaDir + "preflight.jar"
	activationPath = javaDir + "javax.activation.jar"
	jaxbPath       = javaDir + "jaxb-api.jar"
)

func init() {
	toolTable[Node] = toolInfo{check: "pdf.js structure check", name: "node", pkg: "nodejs"}
	toolTable[PDFJS] = toolInfo{check: "pdf.js structure check", name: "pdf.mjs", pkg: "npm pdfjs-dist", file: pdfjsPath}
	toolTable[Pdfdetach] = toolInfo{check: "PDF attachment check", name: "pdfdetach", pkg: "poppler-utils"}
	toolTable[PreflightJar] = toolInfo{check: "PDF/A check", name: "preflight.jar", pkg: "libpdfbox2-java", file: preflightPath}
	toolTable[ActivationJar] = toolInfo{check: "PDF/A check", name: "javax.activation.jar", pkg: "libactivation-java", file: activationPath}
	toolTable[JAXBJar] = toolInfo{check: "PDF/A check", name: "jaxb-api.jar", pkg: "libjaxb-api-java", file: jaxbPath}
}

// PDFStructText returns what "pdfinfo -struct-text" prints for the PDF: its
// structure tree, one element a line indented by depth, with the text of
// each element's content quoted on the line below it.
func PDFStructText(path string) (string, error) {
	out, err := run("pdfinfo", "-struct-text", path)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// StructText is one line of "pdfinfo -struct-text": an element or a run of
// its text.
type StructText struct {
	Depth int
	// Role is the element's structure type, such as "P" or "H1"; empty for
	// a run of text.
	Role string
	// Inline says poppler places the element inline (a Link, a Span).
	Inline bool
	// Text is the run's text, unquoted; empty for an element.
	Text string
}

var structLine = regexp.MustCompile(`^( *)(?:"(.*)"|([A-Za-z0-9]+)\b.*)$`)

// ParseStructText reads the output of PDFStructText. Lines it does not know
// (attributes, object references) are left out.
func ParseStructText(s string) []StructText {
	var out []StructText
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		m := structLine.FindStringSubmatch(sc.Text())
		if m == nil || (m[3] == "Object") {
			continue
		}
		depth := len(m[1]) / 2
		if m[3] != "" {
			out = append(out, StructText{Depth: depth, Role: m[3], Inline: strings.Contains(m[0], "(inline)")})
			continue
		}
		out = append(out, StructText{Depth: depth, Text: m[2]})
	}
	return out
}

// InlineTypes are the standard structure types of inline level (ISO
// 32000-1, 14.8.4.4): like HTML's inline elements, their edges separate no
// words. Every other element is a block.
var InlineTypes = map[string]bool{
	"Span": true, "Quote": true, "Note": true, "Reference": true, "BibEntry": true, "Code": true,
	"Link": true, "Annot": true, "Ruby": true, "RB": true, "RT": true, "RP": true,
	"Warichu": true, "WT": true, "WP": true,
}

// StructTextOf flattens a structure tree as internal/pdfread reads it into
// the
// lines "pdfinfo -struct-text" prints (conformance.ParseStructText): each
// element at its depth below the root, then the text of each of its
// marked-content sequences one level deeper. With alt, an element with a
// text alternative (/Alt, a Figure's) reads as that text in place of its
// content, as a screen reader reads it and as VisibleText counts an
// image's alt; poppler prints no /Alt, so it is left out to compare with
// poppler.
func StructTextOf(root *pdfread.Element, alt bool) []StructText {
	var out []StructText
	var walk func(e *pdfread.Element, depth int)
	walk = func(e *pdfread.Element, depth int) {
		out = append(out, StructText{Depth: depth, Role: e.Type, Inline: InlineTypes[e.Type]})
		if alt && e.Alt != "" {
			out = append(out, StructText{Depth: depth + 1, Text: e.Alt})
			return
		}
		for _, c := range e.Kids {
			switch {
			case c.Elem != nil:
				walk(c.Elem, depth+1)
			case c.MCID >= 0:
				out = append(out, StructText{Depth: depth + 1, Text: c.Text})
			}
		}
	}
	for _, c := range root.Kids {
		if c.Elem != nil {
			walk(c.Elem, 0)
		}
	}
	return out
}

// StructNode is an element of a page's structure tree as pdf.js's
// getStructTree gives it, or (Type "content", "object" or "annotation") an
// item of an element's content.
type StructNode struct {
	Role     string       `json:"role,omitempty"`
	Alt      string       `json:"alt,omitempty"`
	Lang     string       `json:"lang,omitempty"`
	Type     string       `json:"type,omitempty"`
	ID       string       `json:"id,omitempty"`
	Children []StructNode `json:"children,omitempty"`
}

// PDFJSPage is one page as pdf.js reads it: its structure tree and the
// text of each marked-content sequence by its id (as in the tree's
// "content" items), lines joined with a space.
type PDFJSPage struct {
	Tree StructNode        `json:"tree"`
	Text map[string]string `json:"text"`
}

// PDFJSDocument is what pdf.js reads of a PDF: its pages, the information
// dictionary (with "Language" from the catalog) and the mark information.
type PDFJSDocument struct {
	Pages    []PDFJSPage    `json:"pages"`
	Info     map[string]any `json:"info"`
	MarkInfo map[string]any `json:"markInfo"`
}

// Languages counts the structure elements pdf.js finds with a language,
// by "Role lang" ("P cy", "Part en-GB"), over every page.
func (d *PDFJSDocument) Languages() map[string]int {
	langs := map[string]int{}
	var walk func(n StructNode)
	walk = func(n StructNode) {
		if n.Lang != "" {
			langs[n.Role+" "+n.Lang]++
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	for _, pg := range d.Pages {
		walk(pg.Tree)
	}
	return langs
}

// pdfjsScript loads the PDF with pdf.js in Node and prints a PDFJSDocument
// as JSON. Its arguments are the path of pdf.mjs and of the PDF.
const pdfjsScript = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [lib, file] = process.argv.slice(-2);
const pdfjs = await import(pathToFileURL(lib).href);
const data = new Uint8Array(readFileSync(file));
const doc = await pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const tree = await page.getStructTree();
  const content = await page.getTextContent({ includeMarkedContent: true });
  const text = {};
  const open = [];
  for (const item of content.items) {
    if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') { open.push(item.id || null); continue; }
    if (item.type === 'endMarkedContent') { open.pop(); continue; }
    const id = open.findLast(x => x);
    if (id) text[id] = (text[id] || '') + item.str + (item.hasEOL ? ' ' : '');
  }
  pages.push({ tree: tree || {}, text });
}
const meta = await doc.getMetadata();
const markInfo = await doc.getMarkInfo();
process.stdout.write(JSON.stringify({ pages, info: meta.info, markInfo: markInfo || {} }));
`

// PDFJSStructure reads the PDF with pdf.js in Node.
func PDFJSStructure(path string) (*PDFJSDocument, error) {
	lib, err := PDFJS.find()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	out, err := run("node", "--input-type=module", "-e", pdfjsScript, "--", lib, abs)
	if err != nil {
		return nil, err
	}
	var doc PDFJSDocument
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("pdf.js output: %w", err)
	}
	return &doc, nil
}

// PDFAttachments returns the names of the files embedded in the PDF as
// "pdfdetach -list" prints them, and the data of each.
func PDFAttachments(path string) (map[string][]byte, error) {
	out, err := run("pdfdetach", "-enc", "UTF-8", "-list", path)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "s55-pdfdetach-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	files := map[string][]byte{}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i, line := range lines[1:] {
		_, name, ok := strings.Cut(line, ": ")
		if !ok {
			return nil, fmt.Errorf("pdfdetach -list: unexpected line %q", line)
		}
		p := filepath.Join(dir, fmt.Sprint(i))
		if _, err := run("pdfdetach", "-save", fmt.Sprint(i+1), "-o", p, path); err != nil {
			return nil, err
		}
		if files[name], err = os.ReadFile(p); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// PreflightIssue is one rule that Apache PDFBox Preflight finds broken.
type PreflightIssue struct {
	// Code is Preflight's error code, such as "2.2.1".
	Code string
	// Msg is its description.
	Msg string
}

var preflightLine = regexp.MustCompile(`^(\d+(?:\.\d+)*) : (.*)$`)

// Preflight validates the PDF with Apache PDFBox Preflight 2, which checks
// PDF/A-1b (the only part it knows), and returns the rules it reports
// broken, each once, in its order. A PDF/A-3 file breaks some rules of
// PDF/A-1 by design; the caller judges which.
func Preflight(path string) ([]PreflightIssue, error) {
	cp := strings.Join([]string{preflightPath, javaDir + "pdfbox2.jar", javaDir + "fontbox2.jar", javaDir + "xmpbox.jar",
		javaDir + "commons-logging.jar", activationPath, jaxbPath}, string(os.PathListSeparator))
	cmd := exec.Command("java", "-cp", cp, "org.apache.pdfbox.preflight.Validator_A1b", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		return nil, fmt.Errorf("preflight: %w", err)
	}
	var issues []PreflightIssue
	seen := map[PreflightIssue]bool{}
	valid := false
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(line)
		if strings.Contains(line, "is a valid PDF/A-1b file") {
			valid = true
		}
		m := preflightLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		is := PreflightIssue{Code: m[1], Msg: m[2]}
		if !seen[is] {
			seen[is] = true
			issues = append(issues, is)
		}
	}
	if !valid && len(issues) == 0 {
		return nil, fmt.Errorf("preflight %s: no verdict: %v\n%s%s", path, err, out, stderr.Bytes())
	}
	return issues, nil
}
