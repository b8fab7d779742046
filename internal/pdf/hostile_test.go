package pdf

import (
	"github.com/opcc-tools/s55/internal/document"
)

// hostileTree is a tree that tries to break the layout.
type hostileTree struct {
	name string
	doc  func() *document.Document
}

// hostileTrees are the trees the layout must survive.
func hostileTrees() []hostileTree {
	return nil
}
