package statute

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/day"
)

// Holder is one spell of one person in the office of Home Secretary.
type Holder struct {
	// Name is the holder's name as styled at the head of a letter, such as
	// "Rt Hon Priti Patel MP".
	Name string
	// From is the first day in office.
	From time.Time
	// To is the last day in office; it is the zero time while the holder
	// is in office.
	To time.Time
}

// InOffice reports whether the holder has no last day yet.
func (h Holder) InOffice() bool { return h.To.IsZero() }

// Holds reports whether the holder was in office on the given day. The day
// of a change of holder belongs to both the outgoing and the incoming one.
func (h Holder) Holds(on time.Time) bool {
	on = day.Of(on)
	return !on.Before(h.From) && (h.InOffice() || !on.After(h.To))
}

// ParseError is a problem at a place in an input file. Its Error method
// gives "file:line:col: message", or "file:line: message" when the column
// is not known.
type ParseError struct {
	File string
	Line int
	Col  int
	Msg  string
}

// Error formats the error as "file:line:col: message".
func (e *ParseError) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// ParseHolders decodes a list of Home Secretaries, such as
// templates/home-secretaries.yaml. The list is a YAML sequence of mappings
// with the keys name, from and to (dates as YYYY-MM-DD); only the last
// holder may leave out to. Decoding is strict: an unknown or repeated key, a
// value of the wrong type, a day that does not exist, a to before its from
// or holders out of order is a *ParseError naming filename and the place.
func ParseHolders(filename string, data []byte) ([]Holder, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(filename, err)
	}
	errAt := func(n *yaml.Node, format string, args ...any) error {
		return &ParseError{File: filename, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &ParseError{File: filename, Line: 1, Col: 1, Msg: "no holders: want a list of holders with name, from and to"}
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, errAt(list, "want a list of holders with name, from and to, got %s", describe(list))
	}
	if len(list.Content) == 0 {
		return nil, errAt(list, "no holders: want a list of holders with name, from and to")
	}
	holders := make([]Holder, 0, len(list.Content))
	for i, item := range list.Content {
		h, err := decodeHolder(item, errAt)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			prev := holders[i-1]
			if prev.InOffice() {
				return nil, errAt(item, "holder follows %s, who has no \"to\": only the last holder can be in office", prev.Name)
			}
			if h.From.Before(prev.From) {
				return nil, errAt(item, "holders out of order: %s from %s comes before %s from %s",
					h.Name, h.From.Format(day.Layout), prev.Name, prev.From.Format(day.Layout))
			}
		}
		holders = append(holders, h)
	}
	return holders, nil
}

// decodeHolder decodes one mapping of the holders list.
func decodeHolder(n *yaml.Node, errAt func(*yaml.Node, string, ...any) error) (Holder, error) {
	var h Holder
	if n.Kind != yaml.MappingNode {
		return h, errAt(n, "want a holder with name, from and to, got %s", describe(n))
	}
	seen := map[string]bool{}
	var fromNode *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			return h, errAt(key, "want a field name, got %s", describe(key))
		}
		switch key.Value {
		case "name", "from", "to":
		default:
			return h, errAt(key, "unknown field %q (want name, from or to)", key.Value)
		}
		if seen[key.Value] {
			return h, errAt(key, "field %q given twice", key.Value)
		}
		seen[key.Value] = true
		switch key.Value {
		case "name":
			if val.Kind != yaml.ScalarNode || val.ShortTag() != "!!str" {
				return h, errAt(val, "name: want text, got %s", describe(val))
			}
			h.Name = strings.TrimSpace(val.Value)
			if h.Name == "" {
				return h, errAt(val, "name: empty")
			}
		case "from", "to":
			t, err := decodeDate(val, key.Value, errAt)
			if err != nil {
				return h, err
			}
			if key.Value == "from" {
				h.From, fromNode = t, val
			} else {
				h.To = t
				if fromNode != nil && h.To.Before(h.From) {
					return h, errAt(val, "to %s is before from %s", h.To.Format(day.Layout), h.From.Format(day.Layout))
				}
			}
		}
	}
	for _, k := range []string{"name", "from"} {
		if !seen[k] {
			return h, errAt(n, "holder has no %q", k)
		}
	}
	if !h.InOffice() && h.To.Before(h.From) {
		// to came before from in the mapping.
		return h, errAt(fromNode, "from %s is after to %s", h.From.Format(day.Layout), h.To.Format(day.Layout))
	}
	return h, nil
}

// decodeDate decodes a date written as YYYY-MM-DD, plain or quoted.
func decodeDate(n *yaml.Node, field string, errAt func(*yaml.Node, string, ...any) error) (time.Time, error) {
	if n.Kind != yaml.ScalarNode {
		return time.Time{}, errAt(n, "%s: want a date such as 2022-09-06, got %s", field, describe(n))
	}
	if !dateShape.MatchString(n.Value) {
		return time.Time{}, errAt(n, "%s: want a date such as 2022-09-06, got %q", field, n.Value)
	}
	t, err := time.Parse(day.Layout, n.Value)
	if err != nil {
		return time.Time{}, errAt(n, "%s: %s is not a day of the calendar", field, n.Value)
	}
	return t, nil
}

var dateShape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// describe names the kind of a node for an error message.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return "the boolean " + n.Value
		}
		return strconv.Quote(n.Value)
	}
	return "nothing"
}

// yamlLine matches the position in a yaml.v3 syntax error.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 syntax error into a *ParseError. yaml.v3
// gives the line of a syntax error but not its column.
func syntaxError(filename string, err error) error {
	// Decoding into a yaml.Node gives no *yaml.TypeError: every error is
	// one of syntax, with a line or, at the start, without.
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &ParseError{File: filename, Line: line, Msg: m[2]}
	}
	return &ParseError{File: filename, Line: 1, Msg: strings.TrimPrefix(msg, "yaml: ")}
}

// HoldersOn returns the holders in office on the given day, in the order of
// the list. On the day of a change it returns both the outgoing and the
// incoming holder.
func HoldersOn(holders []Holder, day time.Time) []Holder {
	var on []Holder
	for _, h := range holders {
		if h.Holds(day) {
			on = append(on, h)
		}
	}
	return on
}

// Held reports whether someone with the given name held the office on the
// given day. Names are compared loosely: "Priti Patel" matches
// "Rt Hon Priti Patel MP"; see SameName.
func Held(holders []Holder, name string, day time.Time) bool {
	for _, h := range HoldersOn(holders, day) {
		if SameName(h.Name, name) {
			return true
		}
	}
	return false
}

// SameName reports whether two names name the same person, ignoring
// styles and honours ("The", "Rt Hon", "Right Honourable", "MP", "KC",
// "QC"), case, full stops, commas and spacing.
func SameName(a, b string) bool {
	pa := plainName(a)
	return pa != "" && pa == plainName(b)
}

// styleWords are the words of a style or honour that SameName ignores.
var styleWords = map[string]bool{
	"the": true, "rt": true, "hon": true, "right": true, "honourable": true,
	"rh": true, "mp": true, "kc": true, "qc": true,
}

// plainName reduces a name to its lower-case words without styles.
func plainName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '.' || r == ',' {
			return ' '
		}
		return r
	}, strings.ToLower(s))
	var words []string
	for _, w := range strings.Fields(s) {
		if !styleWords[w] {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}
