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

// TestConsistentRewrite rewrites the archive as a careful forger would:
// revision 1's letter is changed in its archived inputs, its documents
// built again from them and its manifest derived again. verify alone
// catches it however far the forger goes without the office's key: the
// log left as it was, the tree built again, or signed with a key of the
// forger's own. Only with the office's key itself does the archive hold
// in itself; a copy of the site saved before then names what changed,
// and that the log's history was rewritten.
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

	forgeRevision(t, arch, root, id)
	r1 := filepath.Join(arch, id, "r1", "manifest.json")
	_, data1, _ := archive.ReadManifest(filepath.Dir(r1))
	_, data2, _ := archive.ReadManifest(archive.RevisionDir(arch, id, 2))
	forged := []string{archive.RevisionEntry(id, 1, archive.Digest(data1)), archive.RevisionEntry(id, 2, archive.Digest(data2))}

	// The log left as it was.
	_, stderr := run(t, Failed, "verify", arch)
	if !strings.Contains(stderr, r1+": changed since it was signed: SHA-256 ") {
		t.Errorf("verify does not name the forged manifest:\n%s", stderr)
	}
	// The tree built again, the checkpoint left: its root is not signed.
	writeLog(t, arch, forged, nil)
	_, stderr = run(t, Failed, "verify", arch)
	if !strings.Contains(stderr, "log: entries: the entries give the root hash ") || !strings.Contains(stderr, "the log was changed after it was signed") {
		t.Errorf("verify does not catch the tree built again:\n%s", stderr)
	}
	// Signed with a key of the forger's own, its public key in the archive.
	forger := t.TempDir()
	if _, err := archive.MakeKey(forger, "cambridgeshire-constabulary/s55-archive"); err != nil {
		t.Fatal(err)
	}
	fk, err := archive.FindKey([]string{forger})
	if err != nil {
		t.Fatal(err)
	}
	writeLog(t, arch, forged, fk)
	_, stderr = run(t, Failed, "verify", arch)
	if !strings.Contains(stderr, filepath.Join(arch, "log", "office.pub")+": not the office's public key, "+filepath.Join(responses, "office.pub")) {
		t.Errorf("verify does not catch another key:\n%s", stderr)
	}

	// With the office's own key, the archive holds in itself; the site
	// saved before catches the rewrite.
	ok, err := archive.FindKey([]string{responses})
	if err != nil {
		t.Fatal(err)
	}
	writeLog(t, arch, forged, ok)
	stdout, _ := run(t, OK, "verify", arch)
	if !strings.Contains(stdout, "2 revisions verified, all intact") {
		t.Fatalf("verify: %s", stdout)
	}
	_, stderr = run(t, Failed, "verify", "--against", saved, arch)
	for _, want := range []string{
		filepath.Join(arch, id, "r1", "manifest.json") + ": changed since it was published: SHA-256 ",
		filepath.Join(arch, id, "r1", "letter.pdf") + ": changed since it was published: SHA-256 ",
		filepath.Join(arch, id, "r1", "response.html") + ": changed since it was published",
		filepath.Join(arch, "log") + ": its history was rewritten: the log " + saved + " published (2 entries, root hash ",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("verify --against does not say %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, filepath.Join(arch, id, "r2")) {
		t.Errorf("verify --against names revision 2, which did not change:\n%s", stderr)
	}
	// A saved site whose own files were changed is named as such.
	copyTree(t, site, filepath.Join(root, "saved2"))
	overwrite(t, filepath.Join(root, "saved2", "responses", id, "r2", "letter.html"), []byte("changed"))
	_, stderr = run(t, Failed, "verify", "--against", filepath.Join(root, "saved2"), arch)
	if !strings.Contains(stderr, filepath.Join(root, "saved2", "responses", id, "r2", "letter.html")+": the saved site's own copy differs from its archive.json") {
		t.Errorf("a changed saved copy is not named:\n%s", stderr)
	}
}

// forgeRevision changes revision 1's letter in its archived inputs, builds
// its documents again and derives its manifest again, as a forger would.
func forgeRevision(t *testing.T, arch, root, id string) {
	t.Helper()
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
	derived.Revision, derived.Sequence, derived.Tool, derived.Issued = 1, 1, m1.Tool, m1.Issued
	data, err := json.MarshalIndent(derived, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	overwrite(t, filepath.Join(r1, archive.ManifestName), append(data, '\n'))
}

// writeLog writes the archive's log with entries, as a forger would: with
// key, a checkpoint signed by it and its public key in the archive;
// without, the checkpoint left as it was.
func writeLog(t *testing.T, arch string, entries []string, key *archive.Key) {
	t.Helper()
	dir := filepath.Join(arch, archive.LogDir)
	l := &archive.Log{}
	for _, e := range entries {
		if err := l.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	overwrite(t, filepath.Join(dir, archive.EntriesName), []byte(strings.Join(entries, "\n")+"\n"))
	if key == nil {
		return
	}
	root, err := l.Root(l.Size())
	if err != nil {
		t.Fatal(err)
	}
	signed, err := archive.Checkpoint{Origin: key.Signer.Name(), Size: l.Size(), Root: root}.Sign(key.Signer)
	if err != nil {
		t.Fatal(err)
	}
	overwrite(t, filepath.Join(dir, archive.CheckpointName), signed)
	overwrite(t, filepath.Join(dir, archive.VerifierName), []byte(key.Verifier+"\n"))
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
