package response_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/tracker"
)

// TestDecodedText proves that the decoder checks text as decoded, not as
// typed: an escape that decodes to a character no text may hold is an error
// at its backslash, one that decodes to a fine character is not, and the
// file's own bytes are held to the YAML parser's rules at their place.
func TestDecodedText(t *testing.T) {
	type doc struct {
		A string   `yaml:"a"`
		L []string `yaml:"l"`
		B struct {
			C string `yaml:"c"`
		} `yaml:"b"`
	}
	cases := []struct {
		name, src string
		// want is "" for no problem, else "line:col path says", where says
		// is a piece of the message.
		want string
	}{
		{"escape to a control", "a: \"red \\x1b[31m\"\n", "1:9 a U+001B cannot be used: it is a control character"},
		{"escape to NUL", "a: \"\\0\"\n", "1:5 a U+0000 cannot be used: it is a control character"},
		{"escape to a bell in a list", "l:\n  - fine\n  - \"x\\a\"\n", "3:7 l[1] U+0007 cannot be used: it is a control character"},
		{"escape to a noncharacter", "a: \"ok \\uFFFE\"\n", "1:8 a U+FFFE cannot be used: it is a noncharacter"},
		{"escape to a noncharacter of the FDD0 block", "a: \"\\uFDD0\"\n", "1:5 a U+FDD0 cannot be used: it is a noncharacter"},
		{"escape to a line separator", "a: \"one\\u2028two\"\n", "1:8 a U+2028 cannot be used: it is a line or paragraph separator"},
		{"YAML's own line separator escape", "a: \"one\\Ltwo\"\n", "1:8 a U+2028 cannot be used: it is a line or paragraph separator"},
		{"escape to a paragraph separator, nested", "b:\n  c: \"x \\u2029\"\n", "2:9 b.c U+2029 cannot be used: it is a line or paragraph separator"},
		{"escape to private use", "a: \"\\uE000\"\n", "1:5 a U+E000 cannot be used: it is a private-use character"},
		{"escape to a private-use plane", "a: \"\\U000F0000\"\n", "1:5 a U+F0000 cannot be used: it is a private-use character"},
		{"escape to an unassigned code point", "a: \"\\u0378\"\n", "1:5 a U+0378 cannot be used: it is not an assigned Unicode character"},
		{"escape to a direction override", "a: \"\\u202E\"\n", "1:5 a U+202E cannot be used: it is an invisible formatting character"},
		{"typed direction override", "a: abc\u202Edef\n", "1:7 a U+202E cannot be used: it is an invisible formatting character"},
		{"typed private use in a block", "a: |\n  first line\n  x \uE123\n", "3:5 a U+E123 cannot be used: it is a private-use character"},
		{"escape to the next line control", "a: \"\\N\"\n", "1:5 a U+0085 cannot be used: it is a control character"},
		{"escape to a replacement character", "a: \"\\uFFFD\"\n", "1:5 a (U+FFFD) cannot be used: it is the replacement character"},
		{"raw line separator in a comment", "# one\u2028two\na: x\n", "1:6  U+2028 cannot stand in a YAML file, not even in a comment: YAML reads it as a line break"},
		{"raw next line in a value", "a: x\u0085y\n", "1:5  U+0085 cannot stand in a YAML file, not even in a comment: YAML reads it as a line break"},
		{"raw C1 control", "a: x\u0080\n", "1:5  U+0080 cannot stand in a YAML file, not even in a comment: it is a control character"},
		{"raw noncharacter", "a: 'x\uFFFF'\n", "1:6  U+FFFF cannot stand in a YAML file, not even in a comment: it is a noncharacter"},
		{"raw byte order mark inside", "a: x\uFEFF\n", "1:5  U+FEFF cannot stand in a YAML file, not even in a comment: it is a byte order mark"},
		{"surrogate escape", "b:\n  c: 1\na: \"ok \\uD800\"\n", "3:8  found invalid Unicode character escape code"},
		{"unknown escape on the first line", "a: \"C:\\q\"\n", "1:7  found unknown escape character"},
		{"short hexadecimal escape", "a: \"\\x4\"\n", "1:5  did not find expected hexdecimal number"},

		{"escape to a character without a glyph", "a: \"\\u4E2D\"\n", ""}, // printing is check's concern
		{"escape to an emoji", "a: \"\\U0001F600\"\n", ""},
		{"escape to a soft hyphen", "a: \"co\\u00ADoperate\"\n", ""}, // Clean removes it
		{"tab and line feed escapes", "a: \"x\\ty\\nz\"\n", ""},
		{"Welsh and typography", "a: \"Ŵŷ – ‘quoted’ £5\"\n", ""},
		{"CRLF line ends", "a: |\r\n  one\r\n  two\r\nl: [x]\r\n", ""},
		{"backslash in a plain value", "a: C:\\q\n", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			_, diags := response.Decode("f.yaml", []byte(tc.src), &d)
			if tc.want == "" {
				if len(diags) > 0 {
					t.Fatalf("want no problem, got %v", diags.Err())
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("want one problem %q, got %d: %v", tc.want, len(diags), diags)
			}
			pos, rest, _ := strings.Cut(tc.want, " ")
			path, says, _ := strings.Cut(rest, " ")
			got := diags[0]
			if gotPos := fmt.Sprintf("%d:%d", got.Line, got.Col); gotPos != pos || got.Path != path || !strings.Contains(got.Msg, says) {
				t.Errorf("got %v\nwant %s: %s: ...%s...", got, pos, path, says)
			}
		})
	}
}

// TestDecodedTextCapped proves that a file full of bad characters gives a
// bounded list, and says there are more.
func TestDecodedTextCapped(t *testing.T) {
	var d struct {
		A string `yaml:"a"`
	}
	_, diags := response.Decode("f.yaml", []byte("a: \""+strings.Repeat("\\x01", 100)+"\"\n"), &d)
	if len(diags) != 21 || !strings.Contains(diags[20].Msg, "more characters") {
		t.Fatalf("got %d problems, want 20 and a line saying there are more: %v", len(diags), diags)
	}
}

// TestTrackerText proves that the tracker file, decoded by the same
// decoder, refuses control characters at their place: a note that would
// colour a terminal or hide text on the published tracker.
func TestTrackerText(t *testing.T) {
	file := filepath.Join(t.TempDir(), tracker.FileName)
	data := "updates:\n  - response: r\n    item: rec-1\n    date: 2022-01-10\n    status: in-progress\n    note: \"Done \\e[8mhidden\"\n"
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, diags := tracker.Load(file)
	want := diag.Diagnostic{File: file, Line: 6, Col: 17, Severity: diag.Error, Path: "updates[0].note",
		Msg: "character U+001B cannot be used: it is a control character"}
	if len(diags) != 1 || diags[0] != want {
		t.Fatalf("got %v\nwant %v", diags, want)
	}
}

// TestOfficeText proves the same for the office profile, through Load.
func TestOfficeText(t *testing.T) {
	dir := t.TempDir()
	office := filepath.Join(dir, response.OfficeFileName)
	if err := os.WriteFile(office, []byte("pcc:\n  name: \"Darryl\\u2028Preston\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, diags := response.LoadOffice(office)
	if len(diags) != 1 || diags[0].Line != 2 || diags[0].Col != 16 || diags[0].Path != "pcc.name" {
		t.Fatalf("got %v, want one error at 2:16 at pcc.name", diags)
	}
}
