package strictjson

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for in, want := range map[string]string{
		`{"a": 1, "b": 2}`:                           "",
		`{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}`: "",
		`[{"a": 1}, {"a": 1}]`:                       "",
		`{"a": [1, {"b": {}}], "b": "a"}`:            "",
		`{"k": "k", "v": {"k": "k"}}`:                "",
		`"a"`:                                        "",
		`{"a": 1, "a": 2}`:                           `the key "a" is given twice`,
		`{"a": {"b": 1, "b": 1}}`:                    `the key "b" is given twice`,
		`[[{"x": [], "x": []}]]`:                     `the key "x" is given twice`,
		`{"a": [1, 2], "b": {"c": 3}, "a": null}`:    `the key "a" is given twice`,
		`{"a\u0062": 1, "ab": 2}`:                    `the key "ab" is given twice`,
		"{\"a\": \"\xff\"}":                          "not UTF-8",
		`{"a": 1`:                                    "EOF",
		`{"a" 1}`:                                    "invalid character",
	} {
		err := Check([]byte(in))
		switch {
		case want == "" && err != nil:
			t.Errorf("Check(%s) = %v, want nil", in, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("Check(%s) = %v, want an error saying %q", in, err, want)
		}
	}
}

func TestDecode(t *testing.T) {
	var v struct {
		A int `json:"a"`
	}
	if err := Decode([]byte(` {"a": 1} `), &v, false); err != nil || v.A != 1 {
		t.Errorf("Decode = %v, %+v", err, v)
	}
	for in, want := range map[string]string{
		`{"a": 1, "b": 2}`:         `unknown field "b"`,
		`{"a": 1} {}`:              "more than one JSON value",
		`{"a": 1} x`:               "invalid character",
		`{"b": 1, "a": 2, "a": 1}`: "given twice",
	} {
		if err := Decode([]byte(in), &v, false); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Decode(%s) = %v, want %q", in, err, want)
		}
	}
	if err := Decode([]byte(`{"a": 1, "b": 2}`), &v, true); err != nil {
		t.Errorf("Decode with unknown fields allowed: %v", err)
	}
}
