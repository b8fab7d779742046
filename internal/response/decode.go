package response

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/printable"
)

// Pos is a position in a file: 1-based line and column.
type Pos struct {
	Line, Col int
}

// Source is a decoded YAML file: its name and where each field path's value
// stands in it, so later checks can point at the right place.
type Source struct {
	File string
	// Data is the file's content.
	Data []byte
	// Pos maps a field path such as "appendices[0].items[7].response" to the
	// position of its value.
	Pos map[string]Pos

	// scalars holds the node of each text value by path, for PosAt.
	scalars map[string]*yaml.Node
	// keys holds where the key of each language's string of a Text
	// mapping is written, by the string's path.
	keys map[string]Pos
	// texts are the Text values the file gives, in the order decoded.
	texts []TextField
	// tree is the file as parsed (Tree).
	tree *yaml.Node
}

// TextField is a Text value a file gives, at its field path.
type TextField struct {
	Path string
	Text Text
	// Same is set for a field whose text may be the same in every
	// language, such as a name (a field tagged s55:"same"): a plain
	// string there stands for every language of a bilingual office.
	Same bool
}

// TextFields returns every Text value the file gives, in the order of the
// file.
func (s *Source) TextFields() []TextField {
	out := slices.Clone(s.texts)
	slices.SortStableFunc(out, func(a, b TextField) int {
		pa, pb := s.Pos[a.Path], s.Pos[b.Path]
		return cmp.Or(cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col))
	})
	return out
}

// Key returns where the language tag of the string at path is written,
// for a path that names one language's string of a Text mapping
// ("report.title.cy-GB"); for any other path, At(path).
func (s *Source) Key(path string) Pos {
	if p, ok := s.keys[path]; ok {
		return p
	}
	return s.At(path)
}

// At returns the position of the value at path, or of the nearest enclosing
// value that the file holds.
func (s *Source) At(path string) Pos {
	for {
		if p, ok := s.Pos[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return s.Pos[""]
		}
		path = path[:i]
	}
}

// Scalar is a text value decoded from a file, with its field path.
type Scalar struct {
	Path, Value string
}

// Scalars returns every text value decoded from the file, as decoded
// (escapes resolved, quotes and block indentation gone), in the order of
// the file: plain strings, and each language's string of a Text mapping.
// Comments and keys are not text values.
func (s *Source) Scalars() []Scalar {
	out := make([]Scalar, 0, len(s.scalars))
	for path, n := range s.scalars {
		out = append(out, Scalar{Path: path, Value: n.Value})
	}
	slices.SortFunc(out, func(a, b Scalar) int {
		na, nb := s.scalars[a.Path], s.scalars[b.Path]
		return cmp.Or(cmp.Compare(na.Line, nb.Line), cmp.Compare(na.Column, nb.Column), strings.Compare(a.Path, b.Path))
	})
	return out
}

// decoder decodes YAML nodes into Go values strictly: an unknown or repeated
// field, a wrong type or an invalid date is a diagnostic at its position,
// and decoding goes on so that every problem is reported at once.
type decoder struct {
	src   *Source
	diags *diag.List
	bad   int // characters text reported
}

// Decode strictly decodes data, the content of file, into v, a pointer to a
// struct whose fields carry yaml tags, and reports every problem at its
// position. Other packages use it for their own data files.
func Decode(file string, data []byte, v any) (*Source, diag.List) {
	var diags diag.List
	src := decodeFile(file, data, v, &diags)
	return src, diags
}

// decodeFile parses data as one YAML document and decodes it into v, which
// must be a pointer to a struct. Fields absent from the file keep their
// values, so decoding over a filled struct overrides it.
func decodeFile(file string, data []byte, v any, diags *diag.List) *Source {
	src := &Source{File: file, Data: data, Pos: map[string]Pos{}, scalars: map[string]*yaml.Node{}, keys: map[string]Pos{}}
	if !precheck(file, data, diags) {
		return src
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, msg := yamlError(err)
		col := column(data, line)
		if strings.Contains(msg, "escape") || strings.Contains(msg, "hexdecimal") {
			if c := badEscape(data, line); c > 0 {
				col = c
			}
		}
		diags.Add(file, line, col, "", "%s", msg)
		return src
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		diags.Add(file, 0, 0, "", "file holds no data")
		return src
	}
	if n := firstAlias(&root); n != nil {
		diags.Add(file, n.Line, n.Column, "", "anchors and aliases are not supported; write the value out")
		return src
	}
	src.tree = &root
	d := decoder{src: src, diags: diags}
	d.value(root.Content[0], reflect.ValueOf(v).Elem(), "")
	return src
}

// firstAlias finds the first anchor or alias in the tree. They are refused
// outright: they make documents hard to read, and a few of them can expand
// into billions of values.
func firstAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := firstAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// precheck rejects what YAML parsers handle badly or confusingly: byte order
// marks, UTF-16, binary data and invalid UTF-8.
func precheck(file string, data []byte, diags *diag.List) bool {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		diags.Add(file, 0, 0, "", "file is empty")
		return false
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		diags.Add(file, 1, 1, "", "file starts with a byte order mark; save it as UTF-8 without BOM")
		return false
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		diags.Add(file, 1, 1, "", "file is UTF-16; save it as UTF-8")
		return false
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			diags.Add(file, line, col, "", "invalid UTF-8 (byte 0x%02X); is this a binary file?", data[i])
			return false
		case r == 0 || (r < 0x20 && r != '\n' && r != '\r' && r != '\t'):
			diags.Add(file, line, col, "", "control character U+%04X; is this a binary file?", r)
			return false
		case r >= 0x80:
			if why := rawProblem(r); why != "" {
				diags.Add(file, line, col, "", "%s cannot stand in a YAML file, not even in a comment: %s", printable.Describe(r), why)
				return false
			}
		}
		switch {
		case r == '\r' && i+1 < len(data) && data[i+1] == '\n':
			// One line end with the "\n" after it.
		case r == '\n', r == '\r':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return true
}

// rawProblem says why the YAML parser cannot read r as it stands in a file:
// it takes the next line and paragraph separators for line breaks, which
// would shift every line after them, and refuses C1 controls, a byte order
// mark inside the file and the noncharacters U+FFFE and U+FFFF.
func rawProblem(r rune) string {
	switch {
	case r == '\u0085' || r == '\u2028' || r == '\u2029':
		return "YAML reads it as a line break; break the line or start a paragraph instead"
	case r == '\ufeff':
		return "it is a byte order mark inside the file; delete it"
	case r <= 0x9F, r == 0xFFFE, r == 0xFFFF:
		return printable.DataProblem(r)
	}
	return ""
}

// hints explain yaml.v3's terser syntax errors.
var hints = map[string]string{
	"found unexpected end of stream":                               "a quote or bracket is not closed",
	"found character that cannot start any token":                  "tabs cannot indent YAML; use spaces",
	"mapping values are not allowed in this context":               "a value holding \": \" needs quotes",
	"did not find expected key":                                    "check the indentation",
	"found a tab character that violates indentation":              "tabs cannot indent YAML; use spaces",
	"found a tab character where an indentation space is expected": "tabs cannot indent YAML; use spaces",
}

// yamlError extracts the line from a yaml.v3 syntax error and rewords it.
func yamlError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, rest[i+2:]
			}
		}
	}
	for text, hint := range hints {
		if strings.Contains(msg, text) {
			msg += " (" + hint + ")"
			break
		}
	}
	if line == 0 {
		// yaml.v3 leaves out the line when it is the first.
		line = 1
	}
	return line, msg
}

// escapes are the characters that may follow a backslash in a
// double-quoted YAML string, with the number of hexadecimal digits after
// them.
var escapes = map[byte]int{
	'0': 0, 'a': 0, 'b': 0, 't': 0, '\t': 0, 'n': 0, 'v': 0, 'f': 0, 'r': 0, 'e': 0,
	' ': 0, '"': 0, '/': 0, '\\': 0, 'N': 0, '_': 0, 'L': 0, 'P': 0,
	'x': 2, 'u': 4, 'U': 8,
}

// badEscape returns the column of the first backslash on line that does not
// start an escape the YAML parser accepts (an unknown letter, too few
// hexadecimal digits, a surrogate or a code point beyond U+10FFFF), or 0.
func badEscape(data []byte, line int) int {
	lines := diag.NewLines(data)
	if line < 1 || line > lines.Count() {
		return 0
	}
	l := lines.Line(line)
	for i := 0; i < len(l); i++ {
		if l[i] != '\\' {
			continue
		}
		if i+1 >= len(l) {
			return 0 // an escaped line break
		}
		digits, ok := escapes[l[i+1]]
		if ok && digits > 0 {
			hex := l[i+2:]
			if len(hex) > digits {
				hex = hex[:digits]
			}
			v, err := strconv.ParseUint(string(hex), 16, 32)
			ok = err == nil && len(hex) == digits && (v < 0xD800 || v > 0xDFFF) && v <= utf8.MaxRune
		}
		if !ok {
			return utf8.RuneCount(l[:i]) + 1
		}
		i += 1 + digits
	}
	return 0
}

// column guesses the column of a syntax error on line, which yaml.v3 does
// not report: the first tab on the line, else its first non-blank character.
func column(data []byte, line int) int {
	if line < 1 {
		return 0
	}
	lines := diag.NewLines(data)
	if line > lines.Count() {
		return 0
	}
	l := lines.Line(line)
	if i := bytes.IndexByte(l, '\t'); i >= 0 {
		return utf8.RuneCount(l[:i]) + 1
	}
	return utf8.RuneCount(l[:len(l)-len(bytes.TrimLeft(l, " "))]) + 1
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.diags.Add(d.src.File, n.Line, n.Column, path, format, args...)
}

func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	d.src.Pos[path] = Pos{n.Line, n.Column}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value leaves the field as it is
	}
	switch {
	case v.Type() == timeType:
		d.date(n, v, path)
		return
	case v.Type() == textType:
		d.translatable(n, v, path, false, false)
		return
	case v.Type() == pictureType && n.Kind == yaml.ScalarNode:
		d.none(n, v, path)
		return
	case v.Kind() == reflect.Pointer && v.Type().Elem() == pictureType && n.Kind == yaml.ScalarNode:
		p := reflect.New(pictureType)
		if d.none(n, p.Elem(), path) {
			v.Set(p)
		}
		return
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), path)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.mapping(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, path, "must be a list, not %s", describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.value(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, path, "must be text, not a %s", kindName(n))
			return
		}
		d.src.scalars[path] = n
		v.SetString(n.Value)
		d.text(n.Value, path)
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			d.errorf(n, path, "must be a whole number, not %s", describe(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || err != nil {
			d.errorf(n, path, "must be a number, not %s", describe(n))
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, path, "must be true or false, not %s", describe(n))
			return
		}
		v.SetBool(n.Value == "true")
	default:
		panic("response: no decoding for " + v.Type().String())
	}
}

// maxTextErrors caps the characters reported per file by text.
const maxTextErrors = 20

// text reports every character of the decoded value at path that no text
// may hold (printable.DataProblem), at the place in the file it comes from:
// for an escape such as "\x1b", its backslash. The value is checked as
// decoded, so that an escape cannot carry what the file's bytes may not.
func (d *decoder) text(value, path string) {
	for off, r := range value {
		why := printable.DataProblem(r)
		if why == "" {
			continue
		}
		if d.bad++; d.bad > maxTextErrors {
			if d.bad == maxTextErrors+1 {
				d.diags.Add(d.src.File, 0, 0, "", "more characters that cannot be used; fix those above first")
			}
			return
		}
		p := d.src.PosAt(path, off)
		d.diags.Add(d.src.File, p.Line, p.Col, path, "character %s cannot be used: %s", printable.Describe(r), why)
	}
}

func (d *decoder) date(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, path, "must be a date (YYYY-MM-DD), not a %s", kindName(n))
		return
	}
	t, err := time.Parse(time.DateOnly, n.Value)
	if err != nil {
		if len(n.Value) == len(time.DateOnly) && strings.Count(n.Value, "-") == 2 {
			d.errorf(n, path, "%q is not a day of the calendar", n.Value)
		} else {
			d.errorf(n, path, "%q is not a date; write it as YYYY-MM-DD", n.Value)
		}
		return
	}
	v.Set(reflect.ValueOf(t))
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		what := "must be a mapping of fields"
		if path == "" {
			what = "the file " + what
		}
		d.errorf(n, path, "%s, not %s", what, describe(n))
		return
	}
	fields := structFields(v.Type())
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		sub := key
		if path != "" {
			sub = path + "." + key
		}
		if first, dup := seen[key]; dup {
			d.errorf(k, "", "%q is given twice (first on line %d)", key, first.Line)
			continue
		}
		seen[key] = k
		idx, ok := fields[key]
		if !ok {
			msg := fmt.Sprintf("unknown field %q", key)
			if path != "" {
				msg += " in " + path
			}
			if s := diag.Suggest(key, slices.Sorted(maps.Keys(fields))); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.errorf(k, "", "%s", msg)
			continue
		}
		if f := v.Field(idx); f.Type() == textType {
			d.src.Pos[sub] = Pos{val.Line, val.Column}
			if !(val.Kind == yaml.ScalarNode && val.Tag == "!!null") {
				tag := v.Type().Field(idx).Tag.Get("s55")
				d.translatable(val, f, sub, tag == "same", tag == "lines")
			}
			continue
		}
		d.value(val, v.Field(idx), sub)
	}
}

// none decodes the word none in a picture's place (signature: none), and
// reports anything else written there.
func (d *decoder) none(n *yaml.Node, v reflect.Value, path string) bool {
	if n.Value != "none" {
		d.errorf(n, path, "must be a mapping of fields (file, alt, width), or none for a space to sign by hand, not %s", describe(n))
		return false
	}
	v.Set(reflect.ValueOf(Picture{None: true}))
	return true
}

// lines decodes a text of several lines (a field tagged s55:"lines")
// given as a list of strings, one a line, into the lines joined by line
// breaks; it reports false when n is not such a list.
func (d *decoder) lines(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.SequenceNode {
		return "", false
	}
	var ls []string
	for i, c := range n.Content {
		p := fmt.Sprintf("%s[%d]", path, i)
		d.src.Pos[p] = Pos{c.Line, c.Column}
		if c.Kind != yaml.ScalarNode {
			d.errorf(c, p, "a line must be text, not a %s", kindName(c))
			continue
		}
		d.src.scalars[p] = c
		d.text(c.Value, p)
		ls = append(ls, c.Value)
	}
	return strings.Join(ls, "\n"), true
}

// translatable decodes a Text: a plain string, or a mapping of language
// tags to strings (what tags it may hold is check's concern, since the
// office's languages are known only once every file is read). With
// lines set, each string may be given as a list of lines as well.
func (d *decoder) translatable(n *yaml.Node, v reflect.Value, path string, same, lines bool) {
	var t Text
	switch n.Kind {
	case yaml.ScalarNode:
		d.src.scalars[path] = n
		t = Plain(n.Value)
		d.text(n.Value, path)
	case yaml.SequenceNode:
		if !lines {
			d.errorf(n, path, "must be text, or a mapping of language tags to texts, not a list")
			return
		}
		s, _ := d.lines(n, path)
		t = Plain(s)
	case yaml.MappingNode:
		t.langs = []Translation{}
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				d.errorf(k, path, "a language tag such as cy-GB or en-GB goes here, not a %s", kindName(k))
				continue
			}
			if first, dup := seen[k.Value]; dup {
				d.errorf(k, path, "%q is given twice (first on line %d)", k.Value, first.Line)
				continue
			}
			seen[k.Value] = k
			sub := path + "." + k.Value
			d.src.Pos[sub] = Pos{val.Line, val.Column}
			d.src.keys[sub] = Pos{k.Line, k.Column}
			switch {
			case val.Kind == yaml.ScalarNode && val.Tag == "!!null":
				t.langs = append(t.langs, Translation{Lang: k.Value})
			case lines && val.Kind == yaml.SequenceNode:
				s, _ := d.lines(val, sub)
				t.langs = append(t.langs, Translation{Lang: k.Value, Text: s})
			case val.Kind != yaml.ScalarNode:
				d.errorf(val, sub, "must be text, not a %s", kindName(val))
			default:
				d.src.scalars[sub] = val
				t.langs = append(t.langs, Translation{Lang: k.Value, Text: val.Value})
				d.text(val.Value, sub)
			}
		}
	default:
		d.errorf(n, path, "must be text, or a mapping of language tags to texts, not a %s", kindName(n))
		return
	}
	v.Set(reflect.ValueOf(t))
	d.src.texts = append(d.src.texts, TextField{Path: path, Text: t, Same: same})
}

// structFields maps the YAML names of a struct's fields to their indexes.
func structFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}

func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return "a " + kindName(n)
}
