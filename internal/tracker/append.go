package tracker

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// field is one field of an entry to append, with its YAML tag: "" for
// text, !!timestamp for a day (YYYY-MM-DD), !!int for a number.
type field struct {
	key, value, tag string
}

// appendEntry adds one entry, the mapping of fields, at the end of the
// list under key, the only field of the YAML file name, and puts the file
// in place atomically (appendEntries, for one entry).
func appendEntry[T any](name, key, header string, fields []field, want T, decode func(file string, data []byte) (*response.Source, []T, diag.List)) error {
	return appendEntries(name, key, header, [][]field{fields}, []T{want}, decode)
}

// appendEntries adds the entries, each a mapping of fields, at the end of
// the list under key, the only field of the YAML file name, and puts the
// file in place atomically: all of them or, on any problem, none. Every
// byte already in the file stays as it was (comments too): the entries are
// appended as text, indented as the list's entries are. The file is made,
// with header as its first lines, when it is not there. decode reads the
// file as its readers do; the new content must decode without a problem to
// the old entries and wants after them, or nothing is written; a problem of
// a new entry's own text is a *Refusal naming the entry and its field. The
// caller holds the archive's lock.
func appendEntries[T any](name, key, header string, entries [][]field, wants []T, decode func(file string, data []byte) (*response.Source, []T, diag.List)) error {
	data, err := input.Read(name)
	var (
		old []T
		src *response.Source
	)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		data = []byte(header + key + ":\n")
	case err != nil:
		return err
	default:
		var diags diag.List
		if src, old, diags = decode(name, data); diags.Errors() > 0 {
			return fmt.Errorf("%w\n%s: nothing written: put the file right first", diags.Err(), name)
		}
	}
	dash, body, err := listIndent(name, key, data, src, len(old))
	if err != nil {
		return err
	}
	if len(data) > 0 && data[len(data)-1] != '\n' && data[len(data)-1] != '\r' {
		data = append(data, '\n')
	}
	// The entry and the field of each new line, by line number.
	type line struct {
		entry int
		field string
	}
	first := diag.NewLines(data).Count() // the new entries' first line
	var lines []line
	for i, fields := range entries {
		text, keys, err := entryText(fields, dash, body)
		if err != nil {
			return err
		}
		for _, k := range keys {
			lines = append(lines, line{i, k})
		}
		data = append(data, text...)
	}

	_, got, diags := decode(name, data)
	for _, d := range diags {
		// A problem of a new entry's own text: name it and its field.
		if d.Severity != diag.Error {
			continue
		}
		for i := range entries {
			if f, ok := strings.CutPrefix(d.Path, fmt.Sprintf("%s[%d].", key, len(old)+i)); ok {
				return &Refusal{Index: i, Field: f, Msg: d.Msg}
			}
		}
		if n := d.Line - first; n >= 0 && n < len(lines) {
			return &Refusal{Index: lines[n].entry, Field: lines[n].field, Msg: d.Msg}
		}
	}
	if err := diags.Err(); err != nil {
		return fmt.Errorf("the new entries cannot be written as given: %w", err)
	}
	if len(got) != len(old)+len(wants) {
		return fmt.Errorf("%s: the new entries would not read back as given, so nothing was written", name)
	}
	for i, w := range wants {
		if !same(got[len(old)+i], w) {
			return fmt.Errorf("%s: the new entries would not read back as given, so nothing was written", name)
		}
	}
	for i := range old {
		if !same(got[i], old[i]) {
			return fmt.Errorf("%s: adding the entries would change entry %d, so nothing was written", name, i+1)
		}
	}
	return staging.WriteFile(name, data, true)
}

// same reports whether a and b hold the same values (times compared as
// instants, whatever their representation).
func same(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// listIndent finds how the entries of the list under key are indented in
// data: the text before each entry's dash, and before its other lines. A
// list written in flow style ([...]) cannot be appended to as text.
func listIndent(name, key string, data []byte, src *response.Source, n int) (dash, body string, err error) {
	if n == 0 {
		// "key:" with nothing under it (or not there yet, for a new file).
		lines := diag.NewLines(data)
		for n := 1; n <= lines.Count(); n++ {
			l := string(lines.Line(n))
			if k, rest, ok := strings.Cut(l, ":"); ok && k == key && strings.TrimSpace(stripComment(rest)) != "" {
				return "", "", fmt.Errorf("%s: %s is written as %q: write \"%s:\" alone on its line, with the entries under it, so that new ones can be added",
					name, key, strings.TrimSpace(l), key)
			}
		}
		if !bytes.Contains(data, []byte(key+":")) {
			return "", "", fmt.Errorf("%s: has no %s list to add to", name, key)
		}
		return "  - ", "    ", nil
	}
	lines := diag.NewLines(data)
	at := func(p response.Pos) (string, bool) {
		if p.Line < 1 || p.Line > lines.Count() || p.Col < 1 || p.Col > len(lines.Line(p.Line))+1 {
			return "", false
		}
		return string(lines.Line(p.Line)), true
	}
	list, first := src.Pos[key], src.Pos[key+"[0]"]
	if l, ok := at(list); ok && strings.HasPrefix(l[list.Col-1:], "[") {
		return "", "", fmt.Errorf("%s:%d: %s is written as a list in brackets ([...]): write each entry on its own lines, starting with \"- \", so that new ones can be added", name, list.Line, key)
	}
	l, ok := at(first)
	col := first.Col - 1
	if !ok || !strings.Contains(l[:col], "-") || strings.Trim(l[:col], " -") != "" || strings.Count(l[:col], "-") != 1 {
		return "", "", fmt.Errorf("%s:%d: cannot tell how the entries of %s are indented: write each as \"  - %s: ...\"", name, first.Line, key, "response")
	}
	return l[:col], strings.Repeat(" ", col), nil
}

// stripComment drops a YAML comment from the end of a line's value.
func stripComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		return s[:i]
	}
	if strings.HasPrefix(strings.TrimSpace(s), "#") {
		return ""
	}
	return s
}

// entryText writes the fields as one entry of a block list: the first
// line after dash, the others after body. keys names the field of each
// line.
func entryText(fields []field, dash, body string) (text string, keys []string, err error) {
	var out strings.Builder
	for _, f := range fields {
		if f.value == "" {
			continue
		}
		m := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.key},
			{Kind: yaml.ScalarNode, Tag: cmp.Or(f.tag, "!!str"), Value: f.value},
		}}
		var b bytes.Buffer
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(m); err != nil {
			return "", nil, err
		}
		if err := enc.Close(); err != nil {
			return "", nil, err
		}
		for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			switch {
			case len(keys) == 0:
				out.WriteString(dash)
			case l != "":
				out.WriteString(body)
			}
			out.WriteString(l)
			out.WriteByte('\n')
			keys = append(keys, f.key)
		}
	}
	return out.String(), keys, nil
}

// decodeUpdates reads a tracker file's updates, strictly.
func decodeUpdates(file string, data []byte) (*response.Source, []Update, diag.List) {
	var f File
	src, diags := strictyaml.Decode(file, data, &f)
	return src, f.Updates, diags
}
