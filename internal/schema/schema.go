// Package schema holds the JSON Schemas of s55's data files, office.yaml and
// response.yaml, so that editors complete and check them as people type. A
// file opts in with a first-line comment that YAML language servers read:
//
//	# yaml-language-server: $schema=../response.schema.json
//
// The schemas describe what package response decodes; a test keeps the two in
// step, field for field.
package schema

import "embed"

// File names of the schemas.
const (
	Office   = "office.schema.json"
	Response = "response.schema.json"
)

// FS holds the schemas.
//
//go:embed *.schema.json
var FS embed.FS
