// Package strictyaml is s55's one decoder of YAML: every file s55 reads as
// YAML (a response, an office profile, a phrase book, the table of Home
// Secretaries, the tracker's updates and the responses' events) is decoded
// here, into Go values whose fields carry yaml tags, strictly: an unknown
// or repeated key, a value of the wrong kind, a date that is no day, a
// character no text may hold (package printable) is a diagnostic (package
// diag) at its line and column, and decoding goes on so that every problem
// is reported at once. Anchors and aliases are refused, as are byte order
// marks, UTF-16, binary data and the characters YAML reads as line breaks.
//
// The decoder knows strings, numbers, booleans, days (time.Time, package
// day), structs, lists, pointers and maps with string keys. A struct's map
// field tagged `yaml:",inline"` takes the keys the struct does not name. A
// type that decodes itself (a text in several languages, a picture or
// the word none) implements Unmarshaler and is handed its node.
//
// The Source returned says where each value stands, by its field path
// ("appendices[0].items[7].response"), so that later checks report at the
// place the officer typed.
package strictyaml

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/printable"
)

// Unmarshaler is a type that decodes itself from its node, through d: it
// reports what is wrong with d.Errorf, reads text with d.Text and may
// decode parts of the node with d.Decode and d.Fields. It is not called
// for an empty value (null), which leaves the field as it is.
type Unmarshaler interface {
	UnmarshalStrict(d *Decoder, n *yaml.Node, f Field)
}

// Options change how a file is decoded; the zero Options are the strict
// rules.
type Options struct {
	// MayBeEmpty lets the file hold nothing, or nothing but comments: it
	// then decodes to nothing and is no error.
	MayBeEmpty bool
	// Tree is data as yaml.v3 parses it, parsed already: the files s55
	// embeds are kept parsed (templates.Tree), and are decoded from their
	// trees without their text being checked and parsed again. The text
	// is still the Source's, for positions inside a value.
	Tree *yaml.Node
}

// Decode strictly decodes data, the content of file, into v, a pointer,
// and reports every problem at its position. Fields absent from the file
// keep their values, so decoding over a filled value overrides it.
func Decode(file string, data []byte, v any) (*Source, diag.List) {
	return Options{}.Decode(file, data, v)
}

// Decode is Decode with the options o.
func (o Options) Decode(file string, data []byte, v any) (*Source, diag.List) {
	var diags diag.List
	src := NewSource(file, data)
	if len(bytes.TrimSpace(data)) == 0 {
		if !o.MayBeEmpty {
			diags.Add(file, 0, 0, "", "file is empty")
		}
		return src, diags
	}
	root := o.Tree
	if root == nil {
		root = parse(file, data, &diags)
	}
	if root == nil {
		return src, diags
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		if !o.MayBeEmpty {
			diags.Add(file, 0, 0, "", "file holds no data")
		}
		return src, diags
	}
	if n := FirstAlias(root); n != nil {
		diags.Add(file, n.Line, n.Column, "", "anchors and aliases are not supported; write the value out")
		return src, diags
	}
	src.tree = root
	d := Decoder{src: src, diags: &diags}
	d.Decode(root.Content[0], reflect.ValueOf(v).Elem(), Field{})
	return src, diags
}

// parse checks data's characters and parses it, or reports why it cannot.
func parse(file string, data []byte, diags *diag.List) *yaml.Node {
	if !Precheck(file, data, diags) {
		return nil
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
		return nil
	}
	return &root
}

// Decoder decodes the nodes of one file into Go values. A type that
// decodes itself (Unmarshaler) is handed the decoder.
type Decoder struct {
	src   *Source
	diags *diag.List
	bad   int // characters Text reported
}

// Source returns the source being filled.
func (d *Decoder) Source() *Source { return d.src }

// Errorf reports a problem at the node n, about the value at path.
func (d *Decoder) Errorf(n *yaml.Node, path, format string, args ...any) {
	d.diags.Add(d.src.File, n.Line, n.Column, path, format, args...)
}

// At records that the value at path stands at n.
func (d *Decoder) At(path string, n *yaml.Node) {
	d.src.Pos[path] = Pos{n.Line, n.Column}
}

// KeyAt records that the key of the entry at path stands at k (see
// Source.Key).
func (d *Decoder) KeyAt(path string, k *yaml.Node) {
	d.src.keys[path] = Pos{k.Line, k.Column}
}

// Keep keeps a value that decoded itself, for Source.Kept.
func (d *Decoder) Keep(f Field, v any) {
	d.src.kept = append(d.src.kept, Kept{Field: f, Value: v})
}

// Text returns the text of the scalar n, the value at path, having
// recorded it for Source.Scalars and Source.PosAt and reported every
// character of it that no text may hold.
func (d *Decoder) Text(n *yaml.Node, path string) string {
	d.src.scalars[path] = n
	d.text(n.Value, path)
	return n.Value
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[Unmarshaler]()
	// decodesItself caches, by type, whether a pointer to it implements
	// Unmarshaler.
	decodesItself sync.Map
)

// Decode decodes n into v, the value of the field f.
func (d *Decoder) Decode(n *yaml.Node, v reflect.Value, f Field) {
	path := f.Path
	d.At(path, n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value leaves the field as it is
	}
	switch v.Kind() {
	case reflect.Struct:
		switch {
		case v.Type() == timeType:
			d.date(n, v, path)
		case selfDecoding(v.Type()):
			v.Addr().Interface().(Unmarshaler).UnmarshalStrict(d, n, f)
		default:
			d.Fields(n, v, path)
		}
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.Decode(n, v.Elem(), f)
	case reflect.Slice:
		d.list(n, v, path)
	case reflect.Map:
		d.mapping(n, v, path)
	default:
		d.scalar(n, v, path)
	}
}

// selfDecoding reports whether a pointer to t implements Unmarshaler.
func selfDecoding(t reflect.Type) bool {
	if v, ok := decodesItself.Load(t); ok {
		return v.(bool)
	}
	ok := reflect.PointerTo(t).Implements(unmarshalerType)
	decodesItself.Store(t, ok)
	return ok
}

// scalar decodes a string, a number or a boolean.
func (d *Decoder) scalar(n *yaml.Node, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.Errorf(n, path, "must be text, not a %s", KindName(n))
			return
		}
		v.SetString(d.Text(n, path))
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			d.Errorf(n, path, "must be a whole number, not %s", Describe(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Float64:
		f, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || err != nil {
			d.Errorf(n, path, "must be a number, not %s", Describe(n))
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.Errorf(n, path, "must be true or false, not %s", Describe(n))
			return
		}
		v.SetBool(n.Value == "true")
	default:
		panic("strictyaml: no decoding for " + v.Type().String())
	}
}

// list decodes a sequence into a slice, replacing what it held.
func (d *Decoder) list(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, "must be a list, not %s", Describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		d.Decode(c, s.Index(i), Field{Path: path + "[" + strconv.Itoa(i) + "]"})
	}
	v.Set(s)
}

// date decodes a day written YYYY-MM-DD.
func (d *Decoder) date(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, path, "must be a date (YYYY-MM-DD), not a %s", KindName(n))
		return
	}
	t, err := day.Parse(n.Value)
	if err != nil {
		d.Errorf(n, path, "%v", err)
		return
	}
	v.Set(reflect.ValueOf(t))
}

// maxTextErrors caps the characters reported per file by Text.
const maxTextErrors = 20

// text reports every character of the decoded value at path that no text
// may hold (printable.DataProblem), at the place in the file it comes
// from: for an escape such as "\x1b", its backslash. The value is checked
// as decoded, so that an escape cannot carry what the file's bytes may
// not.
func (d *Decoder) text(value, path string) {
	printable.Problems(value, printable.DataProblem, func(off int, r rune, why string) {
		if d.bad++; d.bad > maxTextErrors {
			if d.bad == maxTextErrors+1 {
				d.diags.Add(d.src.File, 0, 0, "", "more characters that cannot be used; fix those above first")
			}
			return
		}
		p := d.src.PosAt(path, off)
		d.diags.Add(d.src.File, p.Line, p.Col, path, "character %s cannot be used: %s", printable.Describe(r), why)
	})
}

// fields are a struct type's fields by their YAML names, and its field
// tagged ",inline" that takes the other keys (-1 for none).
type fields struct {
	index  map[string]int
	names  []string // sorted, for suggestions
	inline int
}

var structs sync.Map // reflect.Type -> *fields

// fieldsOf returns the YAML names of a struct type's fields.
func fieldsOf(t reflect.Type) *fields {
	if f, ok := structs.Load(t); ok {
		return f.(*fields)
	}
	f := &fields{index: make(map[string]int, t.NumField()), inline: -1}
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		switch {
		case name == "" && opts == "inline" && t.Field(i).Type.Kind() == reflect.Map:
			f.inline = i
		case name != "" && name != "-":
			f.index[name] = i
		}
	}
	f.names = slices.Sorted(maps.Keys(f.index))
	structs.Store(t, f)
	return f
}

// Fields decodes the mapping n into the fields of the struct v, the value
// at path, whatever v's own decoding (for an Unmarshaler that decodes a
// mapping field by field).
func (d *Decoder) Fields(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		what := "must be a mapping of fields"
		if path == "" {
			what = "the file " + what
		}
		d.Errorf(n, path, "%s, not %s", what, Describe(n))
		return
	}
	fs := fieldsOf(v.Type())
	var seen keys
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if first := seen.add(n.Content, i); first != nil {
			d.Errorf(k, "", "%q is given twice (first on line %d)", k.Value, first.Line)
			continue
		}
		sub := join(path, k.Value)
		idx, ok := fs.index[k.Value]
		switch {
		case ok:
			d.Decode(val, v.Field(idx), Field{Path: sub, Key: k, Tag: v.Type().Field(idx).Tag})
		case fs.inline >= 0:
			m := v.Field(fs.inline)
			if m.IsNil() {
				m.Set(reflect.MakeMap(m.Type()))
			}
			d.entry(k, val, m, sub)
		default:
			msg := fmt.Sprintf("unknown field %q", k.Value)
			if path != "" {
				msg += " in " + path
			}
			if s := diag.Suggest(k.Value, fs.names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.Errorf(k, "", "%s", msg)
		}
	}
}

// keys finds a mapping's repeated keys: the few keys of a struct's
// mapping by a look along them, and those of a long mapping by a map, so
// that the work stays linear in the keys.
type keys struct {
	seen map[string]*yaml.Node
	// looked counts the keys looked at, for the test that the work is
	// linear.
	looked int
}

// scanned is how many keys are looked along before a map is made.
const scanned = 16

// add returns the key before content[i] in the mapping's pairs that is the
// same as it, or nil; keys are added in order, each once.
func (s *keys) add(content []*yaml.Node, i int) *yaml.Node {
	k := content[i]
	if i < 2*scanned {
		for j := 0; j < i; j += 2 {
			s.looked++
			if content[j].Value == k.Value {
				return content[j]
			}
		}
		return nil
	}
	if s.seen == nil {
		s.seen = make(map[string]*yaml.Node, len(content)/2)
		for j := 0; j < i; j += 2 {
			s.looked++
			if _, ok := s.seen[content[j].Value]; !ok {
				s.seen[content[j].Value] = content[j]
			}
		}
	}
	s.looked++
	if first, ok := s.seen[k.Value]; ok {
		return first
	}
	s.seen[k.Value] = k
	return nil
}

// join makes the path of the field key inside the value at path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// mapping decodes a mapping into a map whose keys are strings: each key
// is data, and where it is written is kept (Source.Key).
func (d *Decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, "must be a mapping, not %s", Describe(n))
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(v.Type(), len(n.Content)/2))
	}
	var seen keys
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if first := seen.add(n.Content, i); first != nil {
			d.Errorf(k, path, "%q is given twice (first on line %d)", k.Value, first.Line)
			continue
		}
		d.entry(k, val, v, join(path, k.Value))
	}
}

// entry decodes one key and value into the map m.
func (d *Decoder) entry(k, val *yaml.Node, m reflect.Value, sub string) {
	if k.Kind != yaml.ScalarNode {
		d.Errorf(k, sub[:max(0, strings.LastIndexByte(sub, '.'))], "a key must be text, not a %s", KindName(k))
		return
	}
	d.KeyAt(sub, k)
	key := reflect.ValueOf(k.Value).Convert(m.Type().Key())
	e := reflect.New(m.Type().Elem()).Elem()
	if old := m.MapIndex(key); old.IsValid() {
		e.Set(old)
	}
	d.Decode(val, e, Field{Path: sub, Key: k})
	m.SetMapIndex(key, e)
}

// KindName names the kind of a node for a message: mapping, list or
// value.
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}

// Describe names a node for a message: a scalar by its text, quoted, and
// anything else by its kind ("a list").
func Describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return strconv.Quote(n.Value)
	}
	return "a " + KindName(n)
}

// FirstAlias finds the first anchor or alias in the tree n, or returns
// nil. Decode refuses them outright: they make documents hard to read, and
// a few of them can expand into billions of values.
func FirstAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := FirstAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// BytesOK reports whether data, the raw bytes of a file, passes the checks
// Decode makes before it parses (Precheck): the YAML editor holds its
// edits to them.
func BytesOK(data []byte) bool {
	var diags diag.List
	return Precheck("", data, &diags)
}

// Precheck refuses, in the raw bytes of file, what YAML parsers handle
// badly or confusingly: an empty file, byte order marks, UTF-16, binary
// data, invalid UTF-8 and the characters the parser reads as line breaks.
// It reports the first such problem into diags and returns false. Decode
// runs it first; the YAML editor holds its edits to it.
func Precheck(file string, data []byte, diags *diag.List) bool {
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
	for i := 0; ; {
		// Printable ASCII, most of every file: nothing to refuse.
		if i += printable.PlainPrefix(data[i:]); i == len(data) {
			return true
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			line, col := rawPos(data, i)
			diags.Add(file, line, col, "", "invalid UTF-8 (byte 0x%02X); is this a binary file?", data[i])
			return false
		case r == 0 || (r < 0x20 && r != '\n' && r != '\r' && r != '\t'):
			line, col := rawPos(data, i)
			diags.Add(file, line, col, "", "control character U+%04X; is this a binary file?", r)
			return false
		case r >= 0x80:
			if why := rawProblem(r); why != "" {
				line, col := rawPos(data, i)
				diags.Add(file, line, col, "", "%s cannot stand in a YAML file, not even in a comment: %s", printable.Describe(r), why)
				return false
			}
		}
		i += size
	}
}

// rawPos returns the line and column of byte off of data, as Precheck
// counts them: a line ends at "\r\n", "\n" or "\r", and a column is a
// character (a byte that is not UTF-8 is one).
func rawPos(data []byte, off int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < off; {
		r, size := utf8.DecodeRune(data[i:])
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
	return line, col
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
