// Package templates holds s55's default templates: the phrase book of each
// language, the HTML page, its stylesheet, the letter a new response starts
// from and the table of Home Secretaries. They are embedded in the binary, so
// s55 works from any folder; an office overrides any of them by giving a
// folder that holds files of the same names.
package templates

import "embed"

// FS holds the default templates.
//
//go:embed en-GB page.html.tmpl site.html.tmpl style.css home-secretaries.yaml
var FS embed.FS
