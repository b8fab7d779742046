package strictyaml

import (
	"strconv"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestKeysLinear counts the keys looked at to find the repeated ones of a
// mapping: ten times the keys, about ten times the looks, whether the keys
// are all different or all the same.
func TestKeysLinear(t *testing.T) {
	looks := func(n int, same bool) int {
		content := make([]*yaml.Node, 0, 2*n)
		for i := range n {
			k := "k" + strconv.Itoa(i)
			if same {
				k = "k"
			}
			content = append(content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, &yaml.Node{Kind: yaml.ScalarNode})
		}
		var s keys
		for i := 0; i < len(content); i += 2 {
			s.add(content, i)
		}
		return s.looked
	}
	for _, same := range []bool{false, true} {
		small, large := looks(1000, same), looks(10000, same)
		if large > 10*small+scanned*scanned {
			t.Errorf("same keys %v: %d looks at 1,000 keys, %d at 10,000", same, small, large)
		}
		if small < 1000 {
			t.Errorf("same keys %v: %d looks at 1,000 keys: not every key was looked at", same, small)
		}
	}
}
