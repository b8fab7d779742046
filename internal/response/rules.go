package response

import (
	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/diag"
)

// BytesOK reports whether data, the raw bytes of a file, passes the checks
// Decode makes before it parses: not empty, UTF-8 without a byte order
// mark, no control characters. The YAML editor (yamledit) holds its edits
// to them.
func BytesOK(data []byte) bool {
	var diags diag.List
	return precheck("", data, &diags)
}

// FirstAlias returns the first anchor or alias in the tree n, or nil:
// Decode refuses them, and so does the YAML editor.
func FirstAlias(n *yaml.Node) *yaml.Node { return firstAlias(n) }

// Tree is the file as the decoder parsed it, comments and all: its
// document node, or nil when it did not parse. The file is parsed once
// for every use: the source bundle writes its comment-free copy from this
// tree. It is shared; read it, never change it.
func (s *Source) Tree() *yaml.Node { return s.tree }
