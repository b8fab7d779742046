package response

import (
	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/diag"
)

// The strict decoder's rules that the YAML editor (yamledit) holds its
// edits to: what it refuses in a file's raw bytes, and in its tree.

// BytesOK reports whether data, the raw bytes of a file, passes the checks
// Decode makes before it parses: not empty, UTF-8 without a byte order
// mark, no control characters.
func BytesOK(data []byte) bool {
	var diags diag.List
	return precheck("", data, &diags)
}

// FirstAlias returns the first anchor or alias in the tree n, or nil:
// Decode refuses them.
func FirstAlias(n *yaml.Node) *yaml.Node { return firstAlias(n) }
