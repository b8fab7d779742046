package response

import (
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/strictyaml"
)

// Source is a decoded file with where each field path's value stands in
// it (package strictyaml decodes every file).
type Source = strictyaml.Source

// Pos is a position in a file: 1-based line and column.
type Pos = strictyaml.Pos

// Scalar is a text value decoded from a file, with its field path.
type Scalar = strictyaml.Scalar

// TextField is a Text value a file gives, at its field path.
type TextField struct {
	Path string
	Text Text
	// Same is set for a field whose text may be the same in every
	// language, such as a name (a field tagged s55:"same"): a plain
	// string there stands for every language of a bilingual office.
	Same bool
}

// TextFields returns every Text value the file src gives, in the order of
// the file.
func TextFields(src *Source) []TextField {
	var out []TextField
	for _, k := range src.Kept() {
		if t, ok := k.Value.(Text); ok {
			out = append(out, TextField{Path: k.Path, Text: t, Same: k.Tag.Get("s55") == "same"})
		}
	}
	return out
}

// UnmarshalStrict decodes a Text: a plain string, or a mapping of
// language tags to strings (what tags it may hold is check's concern,
// since the office's languages are known only once every file is read).
// In a field tagged s55:"lines" each string may be given as a list of
// lines as well.
func (t *Text) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, f strictyaml.Field) {
	lines := f.Tag.Get("s55") == "lines"
	path := f.Path
	var v Text
	switch n.Kind {
	case yaml.ScalarNode:
		v = Plain(d.Text(n, path))
	case yaml.SequenceNode:
		if !lines {
			d.Errorf(n, path, "must be text, or a mapping of language tags to texts, not a list")
			return
		}
		v = Plain(textLines(d, n, path))
	case yaml.MappingNode:
		v.langs = translations(d, n, path, lines)
	default:
		d.Errorf(n, path, "must be text, or a mapping of language tags to texts, not a %s", strictyaml.KindName(n))
		return
	}
	*t = v
	d.Keep(f, v)
}

// translations decodes the mapping of language tags to strings of a Text.
func translations(d *strictyaml.Decoder, n *yaml.Node, path string, lines bool) []Translation {
	langs := []Translation{}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, path, "a language tag such as cy-GB or en-GB goes here, not a %s", strictyaml.KindName(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.Errorf(k, path, "%q is given twice (first on line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		sub := path + "." + k.Value
		d.At(sub, val)
		d.KeyAt(sub, k)
		switch {
		case val.Kind == yaml.ScalarNode && val.Tag == "!!null":
			langs = append(langs, Translation{Lang: k.Value})
		case lines && val.Kind == yaml.SequenceNode:
			langs = append(langs, Translation{Lang: k.Value, Text: textLines(d, val, sub)})
		case val.Kind != yaml.ScalarNode:
			d.Errorf(val, sub, "must be text, not a %s", strictyaml.KindName(val))
		default:
			langs = append(langs, Translation{Lang: k.Value, Text: d.Text(val, sub)})
		}
	}
	return langs
}

// textLines decodes a text of several lines (a field tagged s55:"lines")
// given as a list of strings, one a line, into the lines joined by line
// breaks.
func textLines(d *strictyaml.Decoder, n *yaml.Node, path string) string {
	var ls []string
	for i, c := range n.Content {
		p := path + "[" + strconv.Itoa(i) + "]"
		d.At(p, c)
		if c.Kind != yaml.ScalarNode {
			d.Errorf(c, p, "a line must be text, not a %s", strictyaml.KindName(c))
			continue
		}
		ls = append(ls, d.Text(c, p))
	}
	return strings.Join(ls, "\n")
}

// UnmarshalStrict decodes a picture: a mapping of its fields, or the word
// none in its place (signature: none).
func (p *Picture) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, f strictyaml.Field) {
	if n.Kind != yaml.ScalarNode {
		d.Fields(n, reflect.ValueOf(p).Elem(), f.Path)
		return
	}
	if n.Value != "none" {
		d.Errorf(n, f.Path, "must be a mapping of fields (file, alt, width), or none for a space to sign by hand, not %s", strictyaml.Describe(n))
		return
	}
	*p = Picture{None: true}
}
