package bundle

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"gopkg.in/yaml.v3"
)

// TestWithoutComments takes the comments out of every YAML file of the
// repository and of files made to confuse a comment with a value: the
// values read back the same, no comment is left, and taking them out
// again changes nothing.
func TestWithoutComments(t *testing.T) {
	files := map[string]string{
		"quotes":            "a: \"x # not a comment\" # a comment\nb: 'it''s # not' # a comment\nc: \"a \\\" # still not\" # gone\n",
		"multi-line quotes": "a: \"one # not\n  two # not\" # gone\nb: 'one\n  # not a comment\n  two' # gone\nc: \"ends with a backslash \\\n  # not\" # gone\n",
		"plain":             "a: C# and F# are languages # this is a comment\nb: x#y\nurl: https://example.org/#top # gone\n",
		"block scalars":     "a: | # header comment\n  # not a comment\n  text # not a comment\n\n  more\n# a comment after the block\nb: >-\n    folded # not\n    # not\n  # gone: shallower than the content\nc: |+\n\n  # not, after a blank line\nd: 1\n",
		"an empty block":    "a:\n  - k: |\n    other: 1 # gone\n  - |\n  # gone\n",
		"nested":            "# head\nlist: # gone\n  - one # gone\n  # gone\n  - \"two # not\"\n  - key: |\n      x # not\n    other: y # gone\nflow: [a, \"b # not\", 'c'] # gone\nmap: {k: \"v # not\"} # gone\n# foot\n",
		"keys":              "\"quoted # key\": 1 # gone\n'single # key': 2\n? complex\n: 3 # gone\n",
		"crlf":              "# head\r\na: 1 # gone\r\nb: |\r\n  # not\r\nc: \"x # not\" # gone\r\n",
		"characters":        "ŵ: \"ŷ # not\" # gone\nâ: 'é' # gone\n",
		"no comments":       "a: 1\nb: [x, y]\n",
		"no final break":    "a: 1 # gone",
	}
	for _, root := range []string{"../../responses", "../../templates", "../../cmd/s55/testdata", "../../docs"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				data, err := os.ReadFile(p)
				if err == nil {
					files[p] = string(data)
				}
			}
			return nil
		})
	}
	// The files of the command's scripts, bad ones among them.
	scripts, _ := filepath.Glob("../../cmd/s55/testdata/script/*.txtar")
	for _, p := range scripts {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".yaml") {
				files[filepath.Base(p)+"/"+f.Name] = string(f.Data)
			}
		}
	}
	if len(files) < 100 {
		t.Fatalf("%d files", len(files))
	}
	taken := 0
	for name, data := range files {
		var tree yaml.Node
		if err := yaml.Unmarshal([]byte(data), &tree); err != nil {
			continue // not YAML: a test's bad input
		}
		out, ok := withoutComments([]byte(data), &tree)
		if !ok {
			continue
		}
		taken++
		var want, got any
		yaml.Unmarshal([]byte(data), &want)
		var outTree yaml.Node
		if err := yaml.Unmarshal(out, &outTree); err != nil {
			t.Errorf("%s: no longer YAML: %v\n%s", name, err, out)
			continue
		}
		yaml.Unmarshal(out, &got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the values changed:\n%s\nwant %v\ngot  %v", name, out, want, got)
		}
		if c := anyComment(&outTree); c != "" {
			t.Errorf("%s: the comment %q is left:\n%s", name, c, out)
		}
		if again, ok := withoutComments(out, &outTree); !ok || string(again) != string(out) {
			t.Errorf("%s: taken out again, it changes:\n%s", name, again)
		}
	}
	if taken < 100 {
		t.Errorf("only %d files had their comments taken out of their bytes", taken)
	}
	for name, want := range map[string]string{
		"crlf":           "a: 1\r\nb: |\r\n  # not\r\nc: \"x # not\"\r\n",
		"plain":          "a: C# and F# are languages\nb: x#y\nurl: https://example.org/#top\n",
		"keys":           "\"quoted # key\": 1\n'single # key': 2\n? complex\n: 3\n",
		"an empty block": "a:\n  - k: |\n    other: 1\n  - |\n",
	} {
		var tree yaml.Node
		yaml.Unmarshal([]byte(files[name]), &tree)
		if out, ok := withoutComments([]byte(files[name]), &tree); !ok || string(out) != want {
			t.Errorf("%s: %q (%v), want %q", name, out, ok, want)
		}
	}
}

// TestWithoutCommentsRefuses: what only writing the file out again can
// do is left to it.
func TestWithoutCommentsRefuses(t *testing.T) {
	for name, data := range map[string]string{
		"an HTML comment in a Markdown field": "response: |\n  Done. <!-- a drafting note -->\n",
		"in a language's Markdown":            "text:\n  en-GB: Done <!-- note -->\n",
		"an explicit indentation":             "a: |2\n    indented\n",
		"a byte order mark":                   "\xef\xbb\xbfa: 1 # c\n",
		"a carriage return alone":             "a: 1 # c\rb: \"x # y\"\r",
		"a carriage return alone, last":       "a: 1 # c\r\nb: \"x # y\"\r",
		"a line separator":                    "a: 1 # c\u2028b: \"x # y\"\n",
		"a next line":                         "a: 1 # c\u0085b: \"x # y\"\n",
	} {
		var tree yaml.Node
		if err := yaml.Unmarshal([]byte(data), &tree); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out, ok := withoutComments([]byte(data), &tree); ok {
			t.Errorf("%s: taken out of the bytes: %q", name, out)
		}
	}
}

// anyComment returns a comment of the tree n, or "".
func anyComment(n *yaml.Node) string {
	if c := n.HeadComment + n.LineComment + n.FootComment; c != "" {
		return c
	}
	for _, c := range n.Content {
		if s := anyComment(c); s != "" {
			return s
		}
	}
	return ""
}
