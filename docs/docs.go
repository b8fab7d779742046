// Package docs holds the manual of s55: README.md, its front page, which
// lists the commands and the topics, and one Markdown file for each command
// and each topic. They are embedded in the binary, so that "s55 help" prints
// the very text these files hold; a test runs every example in them.
package docs

import "embed"

// FS holds the pages of the manual, each a Markdown file named for its
// command or topic ("build.md", "office.md"), and README.md.
//
//go:embed *.md
var FS embed.FS
