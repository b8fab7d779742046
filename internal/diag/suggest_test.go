package diag

import "testing"

// TestSuggest: the closest name, or none when none is close; of two as
// close, the one that starts as the key does, then the first in order.
func TestSuggest(t *testing.T) {
	for _, tc := range []struct {
		key   string
		names []string
		want  string
	}{
		{"pfc", []string{"pcc", "pfcc", "mayor"}, "pfcc"},
		{"mayr", []string{"pcc", "pfcc", "mayor"}, "mayor"},
		{"Mayor", []string{"pcc", "pfcc", "mayor"}, "mayor"},
		{"police", []string{"pcc", "pfcc", "mayor"}, ""},
		{"abcx", []string{"zbcx", "abcy"}, "abcy"},
		{"xbcd", []string{"bbcd", "abcd"}, "abcd"},
	} {
		if got := Suggest(tc.key, tc.names); got != tc.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q", tc.key, tc.names, got, tc.want)
		}
	}
}
