package pdfsyntax

import "testing"

func TestTextRoundTrip(t *testing.T) {
	for s, want := range map[string]string{
		"plain (ASCII)": "plain (ASCII)",
		"A–😀":           "\xfe\xff\x00A\x20\x13\xd8\x3d\xde\x00",
		"tab\there":     "\xfe\xff\x00t\x00a\x00b\x00\t\x00h\x00e\x00r\x00e",
		"£":             "\xfe\xff\x00\xa3",
		"":              "",
	} {
		if got := string(TextBytes(s)); got != want {
			t.Errorf("TextBytes(%q) = %q, want %q", s, got, want)
		}
		if got := DecodeText(want); got != s {
			t.Errorf("DecodeText(%q) = %q, want %q", want, got, s)
		}
	}
	for in, want := range map[string]string{"\xa3": "£", "\xef\xbb\xbfŵ": "ŵ", "\xfe\xff\xd8\x3d": "\ufffd"} {
		if got := DecodeText(in); got != want {
			t.Errorf("DecodeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSkipWhite(t *testing.T) {
	for in, want := range map[string]int{"": 0, "x": 0, " \t\r\n\f\x00x": 6, "% a comment\r\n  /Name": 15, "  % to the end": 14} {
		if got := SkipWhite(in, 0); got != want {
			t.Errorf("SkipWhite(%q) = %d, want %d", in, got, want)
		}
		if got := SkipWhite([]byte(in), 0); got != want {
			t.Errorf("SkipWhite([]byte %q) = %d, want %d", in, got, want)
		}
	}
	for _, c := range []byte("()<>[]{}/%") {
		if !IsDelim(c) || IsWhite(c) || IsRegular(c) {
			t.Errorf("%q", c)
		}
	}
	for _, c := range []byte("aZ09.+-#*'\"") {
		if !IsRegular(c) {
			t.Errorf("%q is not regular", c)
		}
	}
}
