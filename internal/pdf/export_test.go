package pdf

// CheckPreflight lets the external tests (reference_test.go) judge
// Preflight's verdict as the package's own tests do.
var CheckPreflight = checkPreflight

// HTMLStructure lets TestReferenceStructureMatchesHTML read an HTML page's
// structure as TestStructureMatchesHTML does.
var HTMLStructure = htmlStructure
