// Package templates holds s55's default templates: the phrase book of each
// language (en-GB, cy-GB), the HTML page, its stylesheet, the letter a new response starts
// from, the table of Home Secretaries and the placeholder that stands for a
// signature until the office has the scanned one. They are embedded in the binary, so
// s55 works from any folder; an office overrides any of them by giving a
// folder that holds files of the same names.
package templates

//go:generate go run gen.go

import "embed"

// FS holds the default templates.
//
//go:embed en-GB cy-GB page.html.tmpl site.html.tmpl style.css home-secretaries.yaml signature-placeholder.png
var FS embed.FS

// SignaturePlaceholder is the file name of the placeholder signature in FS.
const SignaturePlaceholder = "signature-placeholder.png"
