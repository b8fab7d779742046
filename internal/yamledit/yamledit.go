// Package yamledit edits a YAML file in place, as the editor of the live
// preview saves a field of response.yaml.
//
// Re-encoding a whole node tree with yaml.v3 would change the file's
// formatting everywhere: its quotes, indentation, blank lines and where its
// comments stand. An edit here splices instead: it finds the bytes of the
// one value it changes, from the node's position and the rules of its
// style, and replaces just those bytes with the new value, written in the
// style the file used where it can (a literal block scalar for text of
// several lines, a plain or quoted scalar for one line). Every other byte
// of the file is left as it was. The result is then parsed again, and the
// edit is refused unless every other node decodes exactly as before (kind,
// tag, value and style), every comment is still a comment, the raw bytes
// pass the strict decoder's checks as before (strictyaml.BytesOK), and the
// edited value decodes to exactly what was asked for: a file that cannot
// be proved is never returned.
package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// YAMLFile is a YAML file opened for editing: its bytes and its node tree.
// It is not changed by Set, which returns the edited bytes.
type YAMLFile struct {
	data  []byte
	root  *yaml.Node  // the document's top node
	lines *diag.Lines // where each line of data starts and ends
	eol   string      // the file's line ending: "\n" or "\r\n"
}

// Shape says what a value of a file is, as the editor reads and writes it.
type Shape int

// The shapes of a value.
const (
	// NoValue: the file does not hold the field.
	NoValue Shape = iota
	// TextValue: a text (a scalar; an empty field is the empty text).
	TextValue
	// LangValue: a text given per language, as a mapping of texts keyed
	// by language tag.
	LangValue
	// ListValue: a list.
	ListValue
	// OtherValue: anything else, such as a mapping of fields.
	OtherValue
	// DayValue: a day, written YYYY-MM-DD as a plain scalar, the YAML
	// timestamp a date field is read from. Get gives a day as a
	// TextValue; Set writes one given as a DayValue.
	DayValue
)

// FieldValue is a value of a file: a text, a text per language or a list.
type FieldValue struct {
	Shape Shape
	// Text is a TextValue's text.
	Text string
	// Langs are a LangValue's texts, in the file's order.
	Langs []LangText
	// List holds a ListValue's entries.
	List []FieldValue
}

// LangText is the text of one language.
type LangText struct {
	Lang, Text string
}

// PlainText returns a TextValue.
func PlainText(s string) FieldValue { return FieldValue{Shape: TextValue, Text: s} }

// Day returns the DayValue of the day of t.
func Day(t time.Time) FieldValue {
	return FieldValue{Shape: DayValue, Text: t.Format(time.DateOnly)}
}

// ErrUnprovable reports an edit that could not be written so that the
// rest of the file provably stays as it was.
var ErrUnprovable = errors.New("cannot be written in place without changing other parts of the file")

// OpenYAML parses data, the content of a YAML file, for editing. A file
// that does not parse, holds no document, or uses anchors or aliases, is
// refused: the strict decoder refuses them too.
func OpenYAML(data []byte) (*YAMLFile, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, errors.New("the file holds no data")
	}
	if strictyaml.FirstAlias(&doc) != nil {
		return nil, errors.New("the file uses anchors or aliases")
	}
	y := &YAMLFile{data: data, root: doc.Content[0], lines: diag.NewLines(data), eol: "\n"}
	if y.lines.Count() > 1 {
		y.eol = string(data[y.lines.End(1):y.lines.Start(2)])
	}
	return y, nil
}

// Get returns the value at the field path ("appendices[0].items[3].response",
// "report.title.cy-GB"), or a NoValue.
func (y *YAMLFile) Get(path string) FieldValue {
	segs, err := parsePath(path)
	if err != nil {
		return FieldValue{}
	}
	h := y.resolve(segs)
	if h.node == nil {
		return FieldValue{}
	}
	return valueOf(h.node)
}

// Len returns the number of entries of the list at path, or 0.
func (y *YAMLFile) Len(path string) int {
	segs, err := parsePath(path)
	if err != nil {
		return 0
	}
	if h := y.resolve(segs); h.node != nil && h.node.Kind == yaml.SequenceNode {
		return len(h.node.Content)
	}
	return 0
}

// valueOf reads a node as a FieldValue.
func valueOf(n *yaml.Node) FieldValue {
	switch n.Kind {
	case yaml.ScalarNode:
		return PlainText(n.Value)
	case yaml.SequenceNode:
		v := FieldValue{Shape: ListValue, List: []FieldValue{}}
		for _, c := range n.Content {
			v.List = append(v.List, valueOf(c))
		}
		return v
	case yaml.MappingNode:
		v := FieldValue{Shape: LangValue}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, c := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || c.Kind != yaml.ScalarNode || !langKey.MatchString(k.Value) {
				return FieldValue{Shape: OtherValue}
			}
			v.Langs = append(v.Langs, LangText{k.Value, c.Value})
		}
		if len(v.Langs) == 0 {
			return FieldValue{Shape: OtherValue}
		}
		return v
	}
	return FieldValue{Shape: OtherValue}
}

// langKey is what a language tag looks like as a key (BCP 47 in shape).
var langKey = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// editKey is a key Set may add to a mapping.
var editKey = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// segment is one step of a field path: a key or a list index.
type segment struct {
	key   string
	index int // when key is ""
}

// parsePath splits "appendices[0].items[3].response" into its steps.
func parsePath(path string) ([]segment, error) {
	var segs []segment
	rest := path
	for rest != "" {
		switch {
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, fmt.Errorf("field path %q: [ without ]", path)
			}
			n, err := strconv.Atoi(rest[1:end])
			if err != nil || n < 0 || rest[1] == '+' {
				return nil, fmt.Errorf("field path %q: %q is not a list index", path, rest[1:end])
			}
			segs = append(segs, segment{index: n})
			rest = rest[end+1:]
		case rest[0] == '.' && len(segs) > 0:
			rest = rest[1:]
			fallthrough
		default:
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			if end == 0 {
				return nil, fmt.Errorf("field path %q: an empty key", path)
			}
			segs = append(segs, segment{key: rest[:end]})
			rest = rest[end:]
		}
	}
	if len(segs) == 0 {
		return nil, fmt.Errorf("empty field path")
	}
	return segs, nil
}

// hit is where a path leads: the node, or for a key the mapping lacks, the
// mapping; with what the value's bytes need to be found and written.
type hit struct {
	node   *yaml.Node
	parent *yaml.Node // the enclosing mapping or list; nil for the top
	key    *yaml.Node // the key of node in parent, for a mapping
	name   string     // the key looked for, when node is nil
	ctx    context
}

// context is what writing a value needs to know of its place: the
// indentation of the collection that holds it (the column of its key, or
// of the list's dash, less one), and whether it is inside a flow
// collection ([...] or {...}), where block scalars cannot stand.
type context struct {
	indent int
	flow   bool
}

// resolve follows segs from the top node. The last step may name a key
// that the mapping lacks: the hit then has no node.
func (y *YAMLFile) resolve(segs []segment) hit {
	h := hit{node: y.root, ctx: context{indent: -1}}
	for i, s := range segs {
		n := h.node
		if n == nil {
			return hit{}
		}
		flow := h.ctx.flow || n.Style&yaml.FlowStyle != 0
		next := hit{parent: n}
		switch {
		case s.key != "" && n.Kind == yaml.MappingNode:
			for j := 0; j+1 < len(n.Content); j += 2 {
				if k := n.Content[j]; k.Kind == yaml.ScalarNode && k.Value == s.key {
					next.node, next.key = n.Content[j+1], k
					next.ctx = context{indent: k.Column - 1, flow: flow}
					break
				}
			}
			if next.node == nil {
				if i != len(segs)-1 {
					return hit{}
				}
				next.name = s.key
				next.ctx = context{indent: y.keyIndent(n), flow: flow}
			}
		case s.key == "" && n.Kind == yaml.SequenceNode && s.index < len(n.Content):
			next.node = n.Content[s.index]
			next.ctx = context{indent: n.Column - 1, flow: flow}
		default:
			return hit{}
		}
		h = next
	}
	return h
}

// keyIndent is the indentation of a mapping's keys.
func (y *YAMLFile) keyIndent(m *yaml.Node) int {
	if len(m.Content) > 0 {
		return m.Content[0].Column - 1
	}
	return m.Column - 1
}

// Set returns the file's bytes with the value at path set to v, every other
// byte as it was. A key the mapping lacks is added after its last key. The
// value is written in the shape v has: a text as a scalar, a LangValue as a
// mapping of texts, a ListValue as a list. The error wraps ErrUnprovable
// when the edited file would not decode as the old one with only this value
// changed.
func (y *YAMLFile) Set(path string, v FieldValue) ([]byte, error) {
	segs, h, err := y.place(path, v)
	if err != nil {
		return nil, err
	}
	for _, frag := range y.fragments(h, v) {
		out, ok := y.splice(h, frag)
		if ok && y.proves(out, segs, h, v) {
			return out, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", path, ErrUnprovable)
}

// place finds where path leads, for setting it to v, refusing a value no
// file could hold and a place that cannot take a value.
func (y *YAMLFile) place(path string, v FieldValue) ([]segment, hit, error) {
	segs, err := parsePath(path)
	if err != nil {
		return nil, hit{}, err
	}
	if err := checkValue(v); err != nil {
		return nil, hit{}, fmt.Errorf("%s: %w", path, err)
	}
	h := y.resolve(segs)
	switch {
	case h.node == nil && h.name == "":
		return nil, hit{}, fmt.Errorf("%s: the file has no such place", path)
	case h.node == nil && !editKey.MatchString(h.name):
		return nil, hit{}, fmt.Errorf("%s: %q cannot be added as a key", path, h.name)
	case h.node == nil && h.parent.Kind != yaml.MappingNode:
		return nil, hit{}, fmt.Errorf("%s: the file has no such place", path)
	case h.node != nil && h.node.Kind != yaml.ScalarNode && h.node.Kind != yaml.SequenceNode &&
		!(h.node.Kind == yaml.MappingNode && valueOf(h.node).Shape == LangValue):
		return nil, hit{}, fmt.Errorf("%s: the file holds fields here, not a value", path)
	}
	return segs, h, nil
}

// Edit is one value to set: its field path, as Set takes it, and the value.
type Edit struct {
	Path  string
	Value FieldValue
}

// SetAll returns the file's bytes with every edit made, every other byte as
// it was: the values Set would give, edit after edit, but each spliced into
// the bytes as they are, in its first style, and the whole proved once, so
// that the work grows with the file and not with the file times the edits. Keys a mapping lacks
// are added after its last key, in the order of the edits. A path given
// twice is refused. When the edits cannot be proved together (two of them
// touch the same bytes, or a value needs a style other than its first),
// they are made one by one, each proved by Set. The error names the path of
// the edit that could not be made; it wraps ErrUnprovable when that edit
// would change other parts of the file.
func (y *YAMLFile) SetAll(edits []Edit) ([]byte, error) {
	if len(edits) == 0 {
		return y.data, nil
	}
	type planned struct {
		segs []segment
		h    hit
		v    FieldValue
		p    patch
	}
	plans := make([]planned, 0, len(edits))
	seen := make(map[string]bool, len(edits))
	together := true
	for _, e := range edits {
		if seen[e.Path] {
			return nil, fmt.Errorf("%s: given twice", e.Path)
		}
		seen[e.Path] = true
		segs, h, err := y.place(e.Path, e.Value)
		if err != nil {
			return nil, err
		}
		frags := y.fragments(h, e.Value)
		if len(frags) == 0 {
			return nil, fmt.Errorf("%s: %w", e.Path, ErrUnprovable)
		}
		p, ok := y.patchFor(h, frags[0])
		together = together && ok
		plans = append(plans, planned{segs, h, e.Value, p})
	}
	if together {
		patches := make([]patch, len(plans))
		for i, pl := range plans {
			patches[i] = pl.p
		}
		if out, ok := applyPatches(y.data, patches); ok {
			targets := make([]editTarget, len(plans))
			for i, pl := range plans {
				targets[i] = editTarget{pl.segs, pl.h, pl.v}
			}
			if y.provesAll(out, targets) {
				return out, nil
			}
		}
	}
	// One by one, each proved.
	data := y.data
	for _, e := range edits {
		f, err := OpenYAML(data)
		if err != nil {
			return nil, err
		}
		if data, err = f.Set(e.Path, e.Value); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// checkValue refuses a value that no file could hold.
func checkValue(v FieldValue) error {
	switch v.Shape {
	case TextValue:
		if !utf8.ValidString(v.Text) {
			return errors.New("the text is not valid UTF-8")
		}
	case LangValue:
		if len(v.Langs) == 0 {
			return errors.New("a text per language needs at least one language")
		}
		seen := map[string]bool{}
		for _, l := range v.Langs {
			if !langKey.MatchString(l.Lang) || seen[l.Lang] {
				return fmt.Errorf("%q is not a language tag, or is given twice", l.Lang)
			}
			seen[l.Lang] = true
			if err := checkValue(PlainText(l.Text)); err != nil {
				return err
			}
		}
	case DayValue:
		if t, err := time.Parse(time.DateOnly, v.Text); err != nil || t.Format(time.DateOnly) != v.Text {
			return fmt.Errorf("%q is not a day written YYYY-MM-DD", v.Text)
		}
	case ListValue:
		for _, e := range v.List {
			if e.Shape != TextValue && e.Shape != LangValue {
				return errors.New("a list entry must be a text or a text per language")
			}
			if err := checkValue(e); err != nil {
				return err
			}
		}
	default:
		return errors.New("nothing to write")
	}
	return nil
}

// fragment is a value as written into the file: its first line, which
// stands where the old value started, and the lines after it, each with
// its indentation. headed says that what followed the old value on its
// line (a comment) moves to the end of the first line: a block scalar's
// or a mapping's content cannot carry it.
type fragment struct {
	head   string
	body   []string
	headed bool
}

// fragments returns the ways to write v at h, preferred first.
func (y *YAMLFile) fragments(h hit, v FieldValue) []fragment {
	ctx, old := h.ctx, h.node // old is nil for a new key
	switch v.Shape {
	case TextValue:
		return y.textFragments(v.Text, old, ctx)
	case DayValue:
		return []fragment{{head: v.Text}}
	case LangValue:
		if ctx.flow || (old != nil && old.Kind == yaml.MappingNode && old.Style&yaml.FlowStyle != 0) {
			if s, ok := flowMapping(v.Langs); ok {
				return []fragment{{head: s}}
			}
			return nil
		}
		indent := ctx.indent + 2
		if old != nil && old.Kind == yaml.MappingNode {
			indent = y.keyIndent(old)
		}
		var body []string
		for _, l := range v.Langs {
			fs := y.textFragments(l.Text, nil, context{indent: indent})
			if len(fs) == 0 {
				return nil
			}
			f := fs[0]
			body = append(body, strings.Repeat(" ", indent)+l.Lang+": "+f.head)
			body = append(body, f.body...)
		}
		out := []fragment{{body: body, headed: true}}
		if s, ok := flowMapping(v.Langs); ok {
			out = append(out, fragment{head: s})
		}
		return out
	case ListValue:
		var entries []string
		for _, e := range v.List {
			s, ok := flowEntry(e)
			if !ok {
				return nil
			}
			entries = append(entries, s)
		}
		flow := fragment{head: "[" + strings.Join(entries, ", ") + "]"}
		if old == nil || old.Kind != yaml.SequenceNode || old.Style&yaml.FlowStyle != 0 || ctx.flow || len(entries) == 0 {
			return []fragment{flow}
		}
		// A block list stays a block list, at its dash's indentation.
		block := fragment{head: "- " + entries[0]}
		for _, e := range entries[1:] {
			block.body = append(block.body, strings.Repeat(" ", old.Column-1)+"- "+e)
		}
		return []fragment{block, flow}
	}
	return nil
}

// textFragments returns the ways to write the text s in place of old (nil
// for a new value) at ctx: a literal block scalar for text of several lines
// (or where the file had a block scalar), else a scalar on one line in the
// style the file used, and a double-quoted scalar, which can hold any text,
// last.
func (y *YAMLFile) textFragments(s string, old *yaml.Node, ctx context) []fragment {
	var out []fragment
	wasBlock := old != nil && old.Kind == yaml.ScalarNode && old.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	if !ctx.flow && (strings.Contains(s, "\n") || wasBlock) {
		indent := ctx.indent + 2
		if wasBlock {
			if i := y.blockIndent(old, ctx); i > ctx.indent {
				indent = i
			}
		}
		if f, ok := literal(s, ctx.indent, indent); ok {
			out = append(out, f)
		}
	}
	if !strings.Contains(s, "\n") {
		style := yaml.Style(0)
		if old != nil && old.Kind == yaml.ScalarNode && old.Tag != "!!null" {
			style = old.Style &^ yaml.TaggedStyle
		}
		switch style {
		case 0:
			if p, ok := inline(s, 0); ok && !strings.ContainsAny(p[:1], `"'`) && (!ctx.flow || flowPlain(p)) {
				out = append(out, fragment{head: p})
			}
		case yaml.SingleQuotedStyle:
			if p, ok := inline(s, yaml.SingleQuotedStyle); ok && p[0] == '\'' {
				out = append(out, fragment{head: p})
			}
		}
	}
	if p, ok := inline(s, yaml.DoubleQuotedStyle); ok {
		out = append(out, fragment{head: p})
	}
	return out
}

// inline writes s as a scalar on one line, in style, with yaml.v3's own
// encoder: it quotes and escapes as YAML needs, and may choose another
// style than the one asked for, which the caller checks.
func inline(s string, style yaml.Style) (string, bool) {
	n := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "k"},
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: style},
	}}
	out, err := yaml.Marshal(n)
	if err != nil {
		return "", false
	}
	v, ok := strings.CutPrefix(string(out), "k: ")
	v, nl := strings.CutSuffix(v, "\n")
	if !ok || !nl || v == "" || strings.ContainsAny(v, "\r\n") {
		return "", false
	}
	return v, true
}

// flowPlain reports whether a plain scalar can stand inside a flow
// collection as it is.
func flowPlain(p string) bool {
	return !strings.ContainsAny(p, ",[]{}#") && !strings.Contains(p, ": ") && !strings.HasSuffix(p, ":")
}

// flowEntry writes a list entry inside a flow list.
func flowEntry(v FieldValue) (string, bool) {
	switch v.Shape {
	case TextValue:
		if p, ok := inline(v.Text, 0); ok && !strings.ContainsAny(p[:1], `"'`) && flowPlain(p) {
			return p, true
		}
		return inline(v.Text, yaml.DoubleQuotedStyle)
	case LangValue:
		return flowMapping(v.Langs)
	}
	return "", false
}

// flowMapping writes texts per language as {cy-GB: ..., en-GB: ...}.
func flowMapping(langs []LangText) (string, bool) {
	parts := make([]string, len(langs))
	for i, l := range langs {
		s, ok := flowEntry(PlainText(l.Text))
		if !ok {
			return "", false
		}
		parts[i] = l.Lang + ": " + s
	}
	return "{" + strings.Join(parts, ", ") + "}", true
}

// literal writes s as a literal block scalar ("|"), its lines indented by
// indent spaces under a parent indented by parent: the chomping indicator
// keeps s's final line breaks ("|-" for none, "|" for one, "|+" for more),
// and an indentation indicator is given when the first line would not show
// the indentation (it starts with a space, or a line of spaces comes
// first). It reports false for text a literal block cannot hold as it is:
// a character YAML would have to escape, or no text at all.
func literal(s string, parent, indent int) (fragment, bool) {
	text := strings.TrimRight(s, "\n")
	if text == "" || !literalSafe(s) {
		return fragment{}, false
	}
	chomp := ""
	switch n := len(s) - len(text); {
	case n == 0:
		chomp = "-"
	case n > 1:
		chomp = "+"
	}
	lines := strings.Split(text, "\n")
	head := "|" + chomp
	if hiddenIndent(lines) {
		d := indent - parent
		if d < 1 || d > 9 {
			return fragment{}, false
		}
		head = "|" + strconv.Itoa(d) + chomp
	}
	f := fragment{head: head, headed: true}
	pad := strings.Repeat(" ", indent)
	for _, l := range lines {
		if l == "" {
			f.body = append(f.body, "")
		} else {
			f.body = append(f.body, pad+l)
		}
	}
	// Final line breaks beyond the first are empty lines of the block.
	for range len(s) - len(text) - 1 {
		f.body = append(f.body, "")
	}
	return f, true
}

// hiddenIndent reports whether a block's first lines would not show its
// indentation: the first line with text starts with a space, or a line of
// spaces only comes before it (YAML would take the indentation from it).
func hiddenIndent(lines []string) bool {
	for _, l := range lines {
		switch {
		case l == "":
		case strings.Trim(l, " ") == "":
			return true
		default:
			return l[0] == ' '
		}
	}
	return false
}

// literalSafe reports whether every character of s can stand in a literal
// block scalar as it is and be read back the same: printable, as YAML
// defines it, and none that the strict decoder refuses in a file (line and
// paragraph separators, the byte order mark) or a reader takes for a line
// break (a carriage return).
func literalSafe(s string) bool {
	for _, r := range s {
		switch {
		case r == '\n', r == '\t':
		case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F:
			return false
		case r == '\u2028', r == '\u2029', r == '\uFEFF', r == '\uFFFE', r == '\uFFFF':
			return false
		case r >= 0xD800 && r <= 0xDFFF:
			return false
		}
	}
	return true
}

// start returns the byte offset of a node's position.
func (y *YAMLFile) start(n *yaml.Node) int {
	if n.Line < 1 || n.Line > y.lines.Count() {
		return len(y.data)
	}
	return y.lines.Offset(n.Line, n.Column)
}

// lineEnd returns the offset of the end of the line holding offset i,
// before its line break.
func (y *YAMLFile) lineEnd(i int) int {
	line, _ := y.lines.Pos(i)
	return max(y.lines.End(line), i) // i may stand inside a "\r\n"
}

// nextLine returns the offset of the start of the line after the one
// holding offset i, or len(data).
func (y *YAMLFile) nextLine(i int) int {
	line, _ := y.lines.Pos(i)
	return y.lines.Start(line + 1)
}

// indentOf returns the number of spaces that start the line beginning at
// l, and the offset of the line's end.
func (y *YAMLFile) indentOf(l int) (spaces, end int) {
	for l+spaces < len(y.data) && y.data[l+spaces] == ' ' {
		spaces++
	}
	return spaces, y.lineEnd(l)
}

// end returns the offset just after a node's last character (its closing
// quote or bracket, the end of its last line of text), comments and line
// breaks after it excluded; for a block scalar that keeps its final line
// breaks ("|+"), the empty lines they stand for are included.
func (y *YAMLFile) end(n *yaml.Node, ctx context) int {
	s := y.start(n)
	switch {
	case n.Kind == yaml.ScalarNode:
		return y.scalarEnd(n, s, ctx)
	case n.Style&yaml.FlowStyle != 0:
		return y.flowEnd(s)
	case len(n.Content) == 0:
		return s
	case n.Kind == yaml.MappingNode:
		k := n.Content[len(n.Content)-2]
		return y.end(n.Content[len(n.Content)-1], context{indent: k.Column - 1})
	default:
		return y.end(n.Content[len(n.Content)-1], context{indent: n.Column - 1})
	}
}

// skipTag returns the offset after a tag ("!!str ") at i, or i.
func (y *YAMLFile) skipTag(i int) int {
	if i >= len(y.data) || y.data[i] != '!' {
		return i
	}
	for i < len(y.data) && y.data[i] != ' ' && y.data[i] != '\n' && y.data[i] != '\r' {
		i++
	}
	for i < len(y.data) && y.data[i] == ' ' {
		i++
	}
	return i
}

func (y *YAMLFile) scalarEnd(n *yaml.Node, s int, ctx context) int {
	i := y.skipTag(s)
	switch {
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		e, _ := y.blockEnd(i, ctx)
		return e
	case n.Style&yaml.DoubleQuotedStyle != 0:
		return y.quotedEnd(i, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		return y.quotedEnd(i, '\'')
	case n.Tag == "!!null" && n.Value == "":
		return s
	}
	return y.plainEnd(i, ctx)
}

// quotedEnd returns the offset after the closing quote of a scalar whose
// opening quote is at i.
func (y *YAMLFile) quotedEnd(i int, q byte) int {
	d := y.data
	for j := i + 1; j < len(d); j++ {
		switch {
		case q == '"' && d[j] == '\\':
			j++
		case d[j] == q && q == '\'' && j+1 < len(d) && d[j+1] == '\'':
			j++
		case d[j] == q:
			return j + 1
		}
	}
	return len(d)
}

// plainEnd returns the end of a plain scalar starting at i: the end of its
// text on each line, before a comment, over the lines that continue it
// (indented deeper than its parent, not comments).
func (y *YAMLFile) plainEnd(i int, ctx context) int {
	d := y.data
	lineText := func(from int) int {
		e := y.lineEnd(from)
		for j := from; j < e; j++ {
			if d[j] == '#' && j > from && (d[j-1] == ' ' || d[j-1] == '\t') {
				e = j
				break
			}
			if ctx.flow && strings.IndexByte(",[]{}", d[j]) >= 0 {
				e = j
				break
			}
			if ctx.flow && d[j] == ':' && (j+1 == e || d[j+1] == ' ') {
				e = j
				break
			}
		}
		for e > from && (d[e-1] == ' ' || d[e-1] == '\t') {
			e--
		}
		return e
	}
	end := lineText(i)
	if ctx.flow {
		return end
	}
	for l := y.nextLine(i); l < len(d); l = y.nextLine(l) {
		sp, le := y.indentOf(l)
		if l+sp == le {
			continue // an empty line folds into the text, or ends it
		}
		if sp <= ctx.indent || d[l+sp] == '#' {
			break
		}
		end = lineText(l + sp)
	}
	return end
}

// blockEnd returns the end of a block scalar whose indicator ("|" or ">")
// is at i, and the indentation of its content (0 when it has none).
func (y *YAMLFile) blockEnd(i int, ctx context) (end, indent int) {
	d := y.data
	keep := false
	for j := i + 1; j < len(d) && j < i+3; j++ {
		c := d[j]
		if c == '+' {
			keep = true
		} else if c >= '1' && c <= '9' {
			indent = max(ctx.indent, 0) + int(c-'0')
		} else if c != '-' {
			break
		}
	}
	header := y.lineEnd(i)
	last, lastAny := header, header
	for l := y.nextLine(i); l < len(d); l = y.nextLine(l) {
		sp, le := y.indentOf(l)
		if l+sp == le {
			lastAny = le
			continue
		}
		if indent == 0 {
			if sp <= ctx.indent {
				break
			}
			indent = sp
		}
		if sp < indent {
			break
		}
		last, lastAny = le, le
	}
	if keep {
		return lastAny, indent
	}
	return last, indent
}

// blockIndent returns the indentation of the content of the block scalar
// old, or 0.
func (y *YAMLFile) blockIndent(old *yaml.Node, ctx context) int {
	_, indent := y.blockEnd(y.skipTag(y.start(old)), ctx)
	return indent
}

// flowEnd returns the offset after the bracket that closes the flow
// collection opened at i, skipping quoted scalars and comments.
func (y *YAMLFile) flowEnd(i int) int {
	d := y.data
	depth := 0
	for j := i; j < len(d); j++ {
		switch c := d[j]; {
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		case c == '"' || c == '\'':
			j = y.quotedEnd(j, c) - 1
		case c == '#' && j > 0 && (d[j-1] == ' ' || d[j-1] == '\t' || d[j-1] == '\n' || d[j-1] == '\r'):
			j = y.lineEnd(j)
		}
	}
	return len(d)
}

// patch is a change of a file's bytes: data[from:to] becomes text.
type patch struct {
	from, to int
	text     []byte
}

// splice writes the fragment in place of h's value, or as a new key after
// the last key of h's mapping.
func (y *YAMLFile) splice(h hit, f fragment) ([]byte, bool) {
	p, ok := y.patchFor(h, f)
	if !ok {
		return nil, false
	}
	return applyPatches(y.data, []patch{p})
}

// applyPatches makes the patches in data, which must not overlap; patches
// at one place (keys added to one mapping) are written in their order.
func applyPatches(data []byte, ps []patch) ([]byte, bool) {
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return ps[a].from - ps[b].from })
	var b bytes.Buffer
	grow := len(data)
	for _, p := range ps {
		grow += len(p.text)
	}
	b.Grow(grow)
	at := 0
	for _, i := range order {
		p := ps[i]
		if p.from < at || p.to < p.from || p.to > len(data) {
			return nil, false
		}
		b.Write(data[at:p.from])
		b.Write(p.text)
		at = p.to
	}
	b.Write(data[at:])
	return b.Bytes(), true
}

// patchFor returns the change of the file's bytes that writes the fragment
// in place of h's value, or as a new key after the last key of h's mapping.
func (y *YAMLFile) patchFor(h hit, f fragment) (patch, bool) {
	d := y.data
	var b bytes.Buffer
	body := func() {
		for _, l := range f.body {
			b.WriteString(y.eol)
			b.WriteString(l)
		}
	}
	if h.node == nil {
		m := h.parent
		if m.Style&yaml.FlowStyle != 0 {
			if len(f.body) > 0 {
				return patch{}, false
			}
			at, sep := y.start(m)+1, ""
			if len(m.Content) > 0 {
				at, sep = y.end(m.Content[len(m.Content)-1], context{flow: true}), ", "
			}
			b.WriteString(sep + h.name + ": " + f.head)
			return patch{at, at, b.Bytes()}, true
		}
		if len(m.Content) == 0 {
			return patch{}, false
		}
		k := m.Content[len(m.Content)-2]
		at := y.lineEnd(y.end(m.Content[len(m.Content)-1], context{indent: k.Column - 1}))
		b.WriteString(y.eol + strings.Repeat(" ", h.ctx.indent) + h.name + ":")
		if f.head != "" {
			b.WriteString(" " + f.head)
		}
		body()
		return patch{at, at, b.Bytes()}, true
	}

	n := h.node
	s := y.start(n)
	var e, after int // the old value's end, and the end of what follows it on its line
	var rest string  // what follows the value on its first line: a comment
	block := n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	if block {
		i := y.skipTag(s) + 1
		for i < len(d) && strings.IndexByte("+-123456789", d[i]) >= 0 {
			i++
		}
		e, _ = y.blockEnd(y.skipTag(s), h.ctx)
		rest, after = string(d[i:y.lineEnd(i)]), e
	} else {
		e = y.end(n, h.ctx)
		after = y.lineEnd(e)
		rest = string(d[e:after])
	}
	from := s
	empty := n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value == "" && e == s
	head := f.head
	switch {
	case head == "":
		from = len(bytes.TrimRight(d[:s], " "))
	case empty:
		head = " " + head
	}
	b.WriteString(head)
	if f.headed || block {
		b.WriteString(rest)
		body()
		return patch{from, after, b.Bytes()}, true
	}
	body()
	return patch{from, e, b.Bytes()}, true
}

// proves reports whether out, the edited file, decodes as the old file with
// only the value at segs set to v: every other node of the same kind, tag,
// value and style, the same comments, and the strict decoder's check of the
// raw bytes passed as before.
func (y *YAMLFile) proves(out []byte, segs []segment, h hit, v FieldValue) bool {
	return y.provesAll(out, []editTarget{{segs, h, v}})
}

// editTarget is one edit as proved: where it leads in the old file, and
// the value asked for.
type editTarget struct {
	segs []segment
	h    hit
	v    FieldValue
}

// provesAll reports whether out decodes as the old file with only the
// values of the edits changed (proves, for several edits).
func (y *YAMLFile) provesAll(out []byte, edits []editTarget) bool {
	if strictyaml.BytesOK(y.data) && !strictyaml.BytesOK(out) {
		return false
	}
	nf, err := OpenYAML(out)
	if err != nil {
		return false
	}
	edited := make(map[*yaml.Node]bool, len(edits))
	added := map[*yaml.Node]int{} // old mapping -> keys added to it
	for _, e := range edits {
		nh := nf.resolve(e.segs)
		if nh.node == nil || !holds(nh.node, e.v) || edited[nh.node] {
			return false
		}
		edited[nh.node] = true
		if e.h.node == nil {
			added[e.h.parent]++
		}
	}
	if !sameTree(y.root, nf.root, edited, added) {
		return false
	}
	return slices.Equal(comments(y.root), comments(nf.root))
}

// holds reports whether the node n decodes to v.
func holds(n *yaml.Node, v FieldValue) bool {
	str := func(n *yaml.Node, s string) bool {
		return n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Value == s
	}
	switch v.Shape {
	case TextValue:
		return str(n, v.Text)
	case DayValue:
		return n.Kind == yaml.ScalarNode && n.Tag == "!!timestamp" && n.Value == v.Text
	case LangValue:
		if n.Kind != yaml.MappingNode || len(n.Content) != 2*len(v.Langs) {
			return false
		}
		for i, l := range v.Langs {
			if !str(n.Content[2*i], l.Lang) || !str(n.Content[2*i+1], l.Text) {
				return false
			}
		}
		return true
	case ListValue:
		if n.Kind != yaml.SequenceNode || len(n.Content) != len(v.List) {
			return false
		}
		for i, e := range v.List {
			if !holds(n.Content[i], e) {
				return false
			}
		}
		return true
	}
	return false
}

// sameTree reports whether the trees a and b are equal but for the nodes
// edited in b, and the keys added to mappings: added counts, for a mapping
// of a, the keys and values that follow its last in b, each value edited.
func sameTree(a, b *yaml.Node, edited map[*yaml.Node]bool, added map[*yaml.Node]int) bool {
	if edited[b] {
		return true
	}
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Style != b.Style || a.Anchor != b.Anchor {
		return false
	}
	ac, bc := a.Content, b.Content
	if n := added[a]; n > 0 && len(bc) == len(ac)+2*n {
		for i := len(ac) + 1; i < len(bc); i += 2 {
			if !edited[bc[i]] {
				return false
			}
		}
		bc = bc[:len(ac)]
	}
	if len(ac) != len(bc) {
		return false
	}
	for i := range ac {
		if !sameTree(ac[i], bc[i], edited, added) {
			return false
		}
	}
	return true
}

// comments lists every comment of the tree, sorted. yaml.v3 attaches a
// comment to a node by its place, and a key added before a foot comment
// can take it over, so their order in the tree is not the file's; that
// every one is still a comment, and none became text, is what is proved.
// The bytes around the value are the file's by construction.
func comments(n *yaml.Node) []string {
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment} {
			if c != "" {
				out = append(out, strings.ReplaceAll(c, "\r", ""))
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
		if n.FootComment != "" {
			out = append(out, strings.ReplaceAll(n.FootComment, "\r", ""))
		}
	}
	walk(n)
	slices.Sort(out)
	return out
}
