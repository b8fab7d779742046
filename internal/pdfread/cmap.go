package pdfread

import (
	"fmt"

	"github.com/opcc-tools/s55/internal/pdfsyntax"
)

// CMap is a ToUnicode map (ISO 32000-1, 9.10.3): how the codes a font
// shows map to text. Codes are the bytes of a shown string, one to four of
// them as the code space ranges say, read as a big-endian number.
type CMap struct {
	// Chars holds the text of each code given one by one (bfchar).
	Chars map[uint32]string
	// Ranges holds the codes given by range (bfrange), in the map's order.
	Ranges []CMapRange
	space  []codeSpace
}

// CMapRange is one bfrange entry: codes Lo to Hi map to consecutive text
// from First (its last character counting up), or each to its own entry of
// Each when the map gives an array.
type CMapRange struct {
	Lo, Hi uint32
	First  string
	Each   []string
}

// codeSpace is a code space range: codes of len(lo) bytes between lo and
// hi, byte by byte.
type codeSpace struct{ lo, hi string }

// ParseCMap reads a ToUnicode CMap stream's data. Its PostScript is read
// with the content stream reader (Operators): only the code space ranges,
// bfchar and bfrange sections matter.
func ParseCMap(data []byte) (*CMap, error) {
	ops, err := Operators(data)
	if err != nil {
		return nil, fmt.Errorf("ToUnicode map: %w", err)
	}
	m := &CMap{Chars: map[uint32]string{}}
	for _, op := range ops {
		var err error
		switch op.Name {
		case "endcodespacerange":
			err = m.codeSpaces(op.Args)
		case "endbfchar":
			err = m.bfchars(op.Args)
		case "endbfrange":
			err = m.bfranges(op.Args)
		}
		if err != nil {
			return nil, fmt.Errorf("ToUnicode map: %w", err)
		}
	}
	return m, nil
}

// codeSpaces reads a codespacerange section's pairs of codes.
func (m *CMap) codeSpaces(args []any) error {
	for i := 0; i+1 < len(args); i += 2 {
		lo, ok1 := args[i].(string)
		hi, ok2 := args[i+1].(string)
		if !ok1 || !ok2 || len(lo) != len(hi) || len(lo) == 0 || len(lo) > 4 {
			return fmt.Errorf("bad code space range %q %q", args[i], args[i+1])
		}
		m.space = append(m.space, codeSpace{lo, hi})
	}
	return nil
}

// bfchars reads a bfchar section's codes and their text.
func (m *CMap) bfchars(args []any) error {
	for i := 0; i+1 < len(args); i += 2 {
		src, ok1 := args[i].(string)
		dst, ok2 := args[i+1].(string)
		if !ok1 || !ok2 || len(src) == 0 || len(src) > 4 {
			return fmt.Errorf("bad bfchar %v %v", args[i], args[i+1])
		}
		m.Chars[code(src)] = pdfsyntax.UTF16BE(dst)
	}
	return nil
}

// bfranges reads a bfrange section's ranges: the first code's text, or
// the text of each code.
func (m *CMap) bfranges(args []any) error {
	for i := 0; i+2 < len(args); i += 3 {
		lo, ok1 := args[i].(string)
		hi, ok2 := args[i+1].(string)
		if !ok1 || !ok2 || len(lo) == 0 || len(lo) > 4 || len(hi) != len(lo) || code(hi) < code(lo) {
			return fmt.Errorf("bad bfrange %v %v", args[i], args[i+1])
		}
		r := CMapRange{Lo: code(lo), Hi: code(hi)}
		switch dst := args[i+2].(type) {
		case string:
			r.First = pdfsyntax.UTF16BE(dst)
		case []any:
			for _, d := range dst {
				s, _ := d.(string)
				r.Each = append(r.Each, pdfsyntax.UTF16BE(s))
			}
		default:
			return fmt.Errorf("bad bfrange destination %v", dst)
		}
		m.Ranges = append(m.Ranges, r)
	}
	return nil
}

// code reads a code's bytes as a big-endian number.
func code(s string) uint32 {
	var c uint32
	for i := 0; i < len(s); i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

// Codes splits a shown string into its codes, as the code space ranges
// say; with none, codes are two bytes each, as in the Identity-H fonts s55
// writes. A byte no range covers is a code of one byte.
func (m *CMap) Codes(s string) []uint32 {
	var out []uint32
	for i := 0; i < len(s); {
		n := m.codeLen(s[i:])
		out = append(out, code(s[i:i+n]))
		i += n
	}
	return out
}

func (m *CMap) codeLen(s string) int {
	if len(m.space) == 0 {
		return min(2, len(s))
	}
	for _, r := range m.space {
		n := len(r.lo)
		if n > len(s) {
			continue
		}
		in := true
		for k := range n {
			if s[k] < r.lo[k] || s[k] > r.hi[k] {
				in = false
				break
			}
		}
		if in {
			return n
		}
	}
	return 1
}

// Lookup returns the text of one code and whether the map gives it.
func (m *CMap) Lookup(c uint32) (string, bool) {
	if s, ok := m.Chars[c]; ok {
		return s, true
	}
	for _, r := range m.Ranges {
		if c < r.Lo || c > r.Hi {
			continue
		}
		k := int(c - r.Lo)
		if r.Each != nil {
			if k < len(r.Each) {
				return r.Each[k], true
			}
			return "", false
		}
		if r.First == "" {
			return "", false
		}
		rs := []rune(r.First)
		rs[len(rs)-1] += rune(k)
		return string(rs), true
	}
	return "", false
}

// Decode returns the text of a shown string; a code the map does not give
// becomes U+FFFD.
func (m *CMap) Decode(s string) string {
	var b []rune
	for _, c := range m.Codes(s) {
		t, ok := m.Lookup(c)
		if !ok {
			b = append(b, '\ufffd')
			continue
		}
		b = append(b, []rune(t)...)
	}
	return string(b)
}
