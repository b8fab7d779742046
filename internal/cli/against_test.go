package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/issue"
	"github.com/opcc-tools/s55/internal/staging"
)

// copyTree copies the folder from into to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	files, err := staging.ReadTree(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := staging.WriteDir(to, files, false); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, want int, args ...string) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := Run(args, nil, &stdout, &stderr); code != want {
		t.Fatalf("s55 %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// overwrite writes data over a read-only archived file.
func overwrite(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(name, 0o644)
	if err := os.WriteFile(name, data, 0o444); err != nil {
		t.Fatal(err)
	}
}

// TestConsistentRewrite rewrites the whole archive as a careful forger
// would: revision 1's letter is changed in its archived inputs, its
// documents built again from them, its manifest derived again, and the
// chain recomputed over every later manifest. verify alone cannot tell;
// verify against a copy of the site saved before names what changed.
func TestConsistentRewrite(t *testing.T) {
	root := t.TempDir()
	responses := filepath.Join(root, "responses")
	copyTree(t, "../../responses", responses)
	id := "2021-09-13-rape-inspection-phase-one"
	dir := filepath.Join(responses, id)
	arch := filepath.Join(root, "archive")
	t.Setenv("SOURCE_DATE_EPOCH", "1631577600")
	run(t, OK, "issue", "--archive", arch, dir)
	letter := filepath.Join(dir, "letter.md")
	text, err := os.ReadFile(letter)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(letter, append(text, []byte("\nA paragraph added in a correction.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, OK, "issue", "--archive", arch, "--reason", "A paragraph was missing.", dir)
	site := filepath.Join(root, "site")
	run(t, OK, "index", arch, "-o", site)
	saved := filepath.Join(root, "saved")
	copyTree(t, site, saved)
	run(t, OK, "verify", "--against", saved, arch)

	// The forgery: revision 1 says something else.
	r1 := archive.RevisionDir(arch, id, 1)
	m1, _, err := archive.ReadManifest(r1)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(root, "forge")
	copyTree(t, filepath.Join(r1, archive.SourceDir), src)
	forged := filepath.Join(src, id, "letter.md")
	body, _ := os.ReadFile(forged)
	body = bytes.Replace(body, []byte("Both the Chief Constable and I welcome"), []byte("Neither the Chief Constable nor I welcome"), 1)
	if err := os.WriteFile(forged, body, 0o644); err != nil {
		t.Fatal(err)
	}
	r, diags := build.Render(filepath.Join(src, id), build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	derived, files, err := archive.Describe(issue.Archived(r), m1.Issued)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		overwrite(t, filepath.Join(r1, filepath.FromSlash(f.Name)), f.Data)
	}
	derived.Revision, derived.Sequence, derived.Previous, derived.Tool, derived.Issued = 1, 1, "", m1.Tool, m1.Issued
	data, err := json.MarshalIndent(derived, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	overwrite(t, filepath.Join(r1, archive.ManifestName), data)
	r2 := archive.RevisionDir(arch, id, 2)
	m2, _, err := archive.ReadManifest(r2)
	if err != nil {
		t.Fatal(err)
	}
	m2.Previous = archive.Digest(data)
	data2, _ := json.MarshalIndent(m2, "", "  ")
	overwrite(t, filepath.Join(r2, archive.ManifestName), append(data2, '\n'))

	// verify alone passes: the archive is consistent in itself.
	stdout, _ := run(t, OK, "verify", arch)
	if !strings.Contains(stdout, "2 revisions verified, all intact") {
		t.Fatalf("verify: %s", stdout)
	}
	// Against the saved site it fails, naming what changed.
	_, stderr := run(t, Failed, "verify", "--against", saved, arch)
	for _, want := range []string{
		filepath.Join(arch, id, "r1", "manifest.json") + ": changed since it was published: SHA-256 ",
		filepath.Join(arch, id, "r1", "letter.pdf") + ": changed since it was published: SHA-256 ",
		filepath.Join(arch, id, "r1", "response.html") + ": changed since it was published",
		filepath.Join(arch, id, "r2", "manifest.json") + ": changed since it was published",
		arch + ": the chain head that " + saved + " published (number 2, SHA-256 ",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("verify --against does not say %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, filepath.Join(arch, id, "r2", "letter.pdf")) {
		t.Errorf("verify --against names revision 2's letter, which did not change:\n%s", stderr)
	}
	// A saved site whose own files were changed is named as such.
	copyTree(t, site, filepath.Join(root, "saved2"))
	overwrite(t, filepath.Join(root, "saved2", "responses", id, "r2", "letter.html"), []byte("changed"))
	_, stderr = run(t, Failed, "verify", "--against", filepath.Join(root, "saved2"), arch)
	if !strings.Contains(stderr, filepath.Join(root, "saved2", "responses", id, "r2", "letter.html")+": the saved site's own copy differs from its archive.json") {
		t.Errorf("a changed saved copy is not named:\n%s", stderr)
	}
}

// TestAgainstRepeatedRevision: a saved site whose archive.json lists the
// same revision 2,000 times is no copy of a published site: verify
// --against fails, saying so, instead of comparing each.
func TestAgainstRepeatedRevision(t *testing.T) {
	root := t.TempDir()
	responses := filepath.Join(root, "responses")
	copyTree(t, "../../responses", responses)
	arch := filepath.Join(root, "archive")
	t.Setenv("SOURCE_DATE_EPOCH", "1631577600")
	run(t, OK, "issue", "--archive", arch, filepath.Join(responses, "2021-09-13-rape-inspection-phase-one"))
	site := filepath.Join(root, "site")
	run(t, OK, "index", arch, "-o", site)
	saved := filepath.Join(root, "saved")
	copyTree(t, site, saved)
	run(t, OK, "verify", "--no-rebuild", "--against", saved, arch)

	file := filepath.Join(saved, archive.PublicationName)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var pub map[string]any
	if err := json.Unmarshal(data, &pub); err != nil {
		t.Fatal(err)
	}
	revs := pub["revisions"].([]any)
	for range 1999 {
		revs = append(revs, revs[0])
	}
	pub["revisions"] = revs
	data, _ = json.Marshal(pub)
	overwrite(t, file, data)
	_, stderr := run(t, Failed, "verify", "--no-rebuild", "--against", saved, arch)
	if !strings.Contains(stderr, "revisions[1]: 2021-09-13-rape-inspection-phase-one/r1 is listed again (first as revisions[0]): a site lists each revision once") ||
		!strings.Contains(stderr, "and 1989 more listed again") {
		t.Errorf("verify --against a site listing a revision 2,000 times:\n%.2000s", stderr)
	}
}
