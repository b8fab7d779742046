package templates

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestTrees holds each YAML file of FS to its tree in trees.go: the tree
// yaml.v3 parses from the file now, node for node, with every position
// and comment. It fails when a file changed and its tree did not.
func TestTrees(t *testing.T) {
	n := 0
	err := fs.WalkDir(FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		n++
		data, err := fs.ReadFile(FS, p)
		if err != nil {
			return err
		}
		var want yaml.Node
		if err := yaml.Unmarshal(data, &want); err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if got := Tree(p); got == nil || !reflect.DeepEqual(*got, want) {
			t.Errorf("%s: its tree in trees.go is out of date: run go generate ./templates", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 3 || Tree("page.html.tmpl") != nil || Tree("en-GB/nothing.yaml") != nil {
		t.Errorf("%d YAML files; a tree for a file that is not one", n)
	}
}
