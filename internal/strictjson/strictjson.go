// Package strictjson is s55's one strict reading of JSON: the editor's
// request bodies, the archive's manifests and a published site's
// archive.json. encoding/json takes in silence an object that gives a key
// twice (the last wins, so a key written ahead of the real one is
// hidden) and bytes that are not UTF-8 (turned into U+FFFD); here both
// are errors.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Decode decodes data, one JSON value and nothing after it, into v, after
// Check. Unless unknown is set, a field v does not have is an error.
func Decode(data []byte, v any, unknown bool) error {
	if err := Check(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if !unknown {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("more than one JSON value")
	}
	return nil
}

// Check refuses what encoding/json would take in silence: bytes that
// are not UTF-8, which it would turn into U+FFFD, and an object that gives
// a key twice, at any depth, of which it would keep the last. The error
// says where.
func Check(data []byte) error {
	if !utf8.Valid(data) {
		return errors.New("the body is not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	// One frame for each object or array open, innermost last. In an
	// object, keys and values come in turn.
	type frame struct {
		keys    map[string]bool // nil for an array
		wantKey bool
	}
	var open []*frame
	// value notes that a whole value was read: in an object, a key comes
	// next.
	value := func() {
		if n := len(open); n > 0 && open[n-1].keys != nil {
			open[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if len(open) > 0 {
				return io.ErrUnexpectedEOF // an object or array left open
			}
			return nil
		}
		if err != nil {
			return err
		}
		top := (*frame)(nil)
		if len(open) > 0 {
			top = open[len(open)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				open = append(open, &frame{keys: map[string]bool{}, wantKey: true})
			case '[':
				open = append(open, &frame{})
			default:
				open = open[:len(open)-1]
				value()
			}
		case string:
			if top != nil && top.keys != nil && top.wantKey {
				if top.keys[t] {
					return fmt.Errorf("the key %q is given twice in one object", t)
				}
				top.keys[t], top.wantKey = true, false
				continue
			}
			value()
		default:
			value()
		}
	}
}
