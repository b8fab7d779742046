package strictyaml

import (
	"cmp"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
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
	// keys holds where the key of an entry of a mapping whose keys are
	// data (a map, the languages of a text) is written, by the path of
	// the entry's value.
	keys map[string]Pos
	// kept are the values that decoded themselves and asked to be kept,
	// in the order decoded.
	kept []Kept
	// tree is the file as parsed (Tree).
	tree *yaml.Node
}

// Tree is the file as the decoder parsed it, comments and all: its
// document node, or nil when it did not parse. The file is parsed once
// for every use: the source bundle writes its comment-free copy from this
// tree. It is shared; read it, never change it.
func (s *Source) Tree() *yaml.Node { return s.tree }

// NewSource returns the source of a file that holds no values yet.
func NewSource(file string, data []byte) *Source {
	return &Source{File: file, Data: data, Pos: map[string]Pos{}, scalars: map[string]*yaml.Node{}, keys: map[string]Pos{}}
}

// Kept is a value of a type that decodes itself (Unmarshaler), kept by
// Decoder.Keep with the field it was decoded at.
type Kept struct {
	Field
	Value any
}

// Kept returns the values kept while decoding, in the order of the file.
func (s *Source) Kept() []Kept {
	out := slices.Clone(s.kept)
	slices.SortStableFunc(out, func(a, b Kept) int {
		pa, pb := s.Pos[a.Path], s.Pos[b.Path]
		return cmp.Or(cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col))
	})
	return out
}

// Key returns where the key of the entry at path is written, for an entry
// of a mapping whose keys are data (a map field, one language's string of
// a text: "report.title.cy-GB"); for any other path, At(path).
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
// the file: plain strings, and the strings a type that decodes itself
// read as text (Decoder.Text). Comments and keys are not text values.
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

// Field is where a value is decoded: its field path, the key it stands
// under (nil for an element of a list and for the file's top), and the
// struct tag of the field that holds it ("" but for a struct's field).
type Field struct {
	Path string
	Key  *yaml.Node
	Tag  reflect.StructTag
}
