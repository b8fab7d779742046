package pdf

// CheckPreflight lets the external tests (reference_test.go) judge
// Preflight's verdict as the package's own tests do.
var CheckPreflight = checkPreflight
