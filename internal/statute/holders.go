package statute

import (
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// Holder is one spell of one person in the office of Home Secretary.
type Holder struct {
	// Name is the holder's name as styled at the head of a letter, such as
	// "Rt Hon Priti Patel MP".
	Name string `yaml:"name"`
	// From is the first day in office.
	From time.Time `yaml:"from"`
	// To is the last day in office; it is the zero time while the holder
	// is in office.
	To time.Time `yaml:"to"`
}

// InOffice reports whether the holder has no last day yet.
func (h Holder) InOffice() bool { return h.To.IsZero() }

// Holds reports whether the holder was in office on the given day. The day
// of a change of holder belongs to both the outgoing and the incoming one.
func (h Holder) Holds(on time.Time) bool {
	on = day.Of(on)
	return !on.Before(h.From) && (h.InOffice() || !on.After(h.To))
}

// ParseHolders decodes a list of Home Secretaries, such as
// templates/home-secretaries.yaml, with the strict decoder (package
// strictyaml). The list is a YAML sequence of mappings with the keys name,
// from and to (days as YYYY-MM-DD); only the last holder may leave out to.
// An unknown or repeated key, a value of the wrong kind, a day that does
// not exist, a holder without a name or a first day, a to before its from
// or holders out of order is a diagnostic at its place in file.
func ParseHolders(file string, data []byte) ([]Holder, diag.List) {
	return DecodeHolders(strictyaml.Options{}, file, data)
}

// DecodeHolders is ParseHolders with the decoder's options o: o.Tree is
// the table s55 ships, parsed already (templates.Tree).
func DecodeHolders(o strictyaml.Options, file string, data []byte) ([]Holder, diag.List) {
	var holders []Holder
	src, diags := o.Decode(file, data, &holders)
	if diags.Errors() > 0 {
		return nil, diags
	}
	bad := func(path, format string, args ...any) {
		p := src.At(path)
		diags.Add(file, p.Line, p.Col, "", format, args...)
	}
	if len(holders) == 0 {
		bad("", "no holders: want a list of holders with name, from and to")
	}
	for i, h := range holders {
		p := "[" + strconv.Itoa(i) + "]"
		if _, given := src.Pos[p+".name"]; !given {
			bad(p, "holder has no %q", "name")
		} else if strings.TrimSpace(h.Name) == "" {
			bad(p+".name", "the holder's name is empty")
		}
		holders[i].Name = strings.TrimSpace(h.Name)
		switch from, to := src.At(p+".from"), src.At(p+".to"); {
		case h.From.IsZero():
			bad(p, "holder has no %q", "from")
		case h.InOffice() || !h.To.Before(h.From):
		case to.Line > from.Line || to.Line == from.Line && to.Col > from.Col:
			bad(p+".to", "to %s is before from %s", day.ISO(h.To), day.ISO(h.From))
		default:
			bad(p+".from", "from %s is after to %s", day.ISO(h.From), day.ISO(h.To))
		}
		if i == 0 || h.From.IsZero() {
			continue
		}
		switch prev := holders[i-1]; {
		case prev.InOffice():
			bad(p, "holder follows %s, who has no \"to\": only the last holder can be in office", prev.Name)
		case h.From.Before(prev.From):
			bad(p, "holders out of order: %s from %s comes before %s from %s", h.Name, day.ISO(h.From), prev.Name, day.ISO(prev.From))
		}
	}
	if diags.Errors() > 0 {
		return nil, diags
	}
	return holders, diags
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
