package yamledit

import (
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Changed names every field whose value differs between two versions of
// a YAML file, old and new, as field paths ("appendices[0].items[2].response",
// "letter.date"), in the new file's order, then the fields only the old
// one holds. Values compare as they decode: a value written in another
// style (a day quoted or not), or a comment, is no change. A list that grew or shrank names
// each entry added or gone ("appendices[0].items[5]").
func Changed(old, new []byte) ([]string, error) {
	a, err := OpenYAML(old)
	if err != nil {
		return nil, err
	}
	b, err := OpenYAML(new)
	if err != nil {
		return nil, err
	}
	var out []string
	changed(a.root, b.root, "", &out)
	return out, nil
}

// changed adds to out the path of every difference between the nodes a
// and b, at path.
func changed(a, b *yaml.Node, path string, out *[]string) {
	if a.Kind != b.Kind {
		*out = append(*out, rootName(path))
		return
	}
	switch a.Kind {
	case yaml.MappingNode:
		changedMapping(a, b, path, out)
	case yaml.SequenceNode:
		for i := range max(len(a.Content), len(b.Content)) {
			p := path + "[" + strconv.Itoa(i) + "]"
			if i >= len(a.Content) || i >= len(b.Content) {
				*out = append(*out, p)
				continue
			}
			changed(a.Content[i], b.Content[i], p, out)
		}
	default:
		if a.Value != b.Value {
			*out = append(*out, rootName(path))
		}
	}
}

// changedMapping compares two mappings key by key.
func changedMapping(a, b *yaml.Node, path string, out *[]string) {
	values := func(m *yaml.Node) ([]string, map[string]*yaml.Node) {
		var keys []string
		v := map[string]*yaml.Node{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			keys = append(keys, m.Content[i].Value)
			v[m.Content[i].Value] = m.Content[i+1]
		}
		return keys, v
	}
	ak, av := values(a)
	bk, bv := values(b)
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	for _, k := range bk {
		if old, ok := av[k]; ok {
			changed(old, bv[k], join(k), out)
		} else {
			*out = append(*out, join(k))
		}
	}
	for _, k := range ak {
		if !slices.Contains(bk, k) {
			*out = append(*out, join(k))
		}
	}
}

// rootName is path, or "the whole file" for the root.
func rootName(path string) string {
	if path == "" {
		return "the whole file"
	}
	return path
}
