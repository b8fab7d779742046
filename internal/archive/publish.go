package archive

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strconv"

	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/progress"
	"github.com/opcc-tools/s55/internal/strictjson"
)

// PublicationName is the file of a published site that records, for
// machines, what the site published: the chain head and the SHA-256 of
// every manifest and document. A saved copy of the site then proves what
// the archive must still hold (VerifyAgainst).
const PublicationName = "archive.json"

// PublicationFormat is the format of archive.json.
const PublicationFormat = 1

// Publication is the content of archive.json.
type Publication struct {
	Format int `json:"format"`
	// Chain is the chain head when the site was made.
	Chain PublishedHead `json:"chain"`
	// Revisions are every published revision, in the order of issue.
	Revisions []PublishedRevision `json:"revisions"`
}

// PublishedHead is the chain head as a site publishes it.
type PublishedHead struct {
	// Sequence is how many revisions had been issued.
	Sequence int `json:"sequence"`
	// SHA256 is the digest of the last one's manifest.
	SHA256 string `json:"sha256"`
	// Manifest is the site's copy of that manifest.
	Manifest string `json:"manifest"`
}

// PublishedRevision is one revision as a site publishes it.
type PublishedRevision struct {
	ID       string `json:"id"`
	Revision int    `json:"revision"`
	Sequence int    `json:"sequence"`
	// Manifest is the site's copy of the revision's manifest, with the
	// digest of its bytes.
	Manifest File `json:"manifest"`
	// Documents are the published files, named by their path in the site.
	Documents []File `json:"documents"`
}

// SitePath is where a revision's files stand in the published site.
func SitePath(id string, revision int) string {
	return path.Join("responses", id, "r"+strconv.Itoa(revision))
}

// Published describes one revision as a site publishes it.
func Published(e *Entry, manifestSize int64) PublishedRevision {
	m := e.Manifest
	dir := SitePath(m.ID, m.Revision)
	p := PublishedRevision{ID: m.ID, Revision: m.Revision, Sequence: m.Sequence,
		Manifest: File{Name: path.Join(dir, ManifestName), Size: manifestSize, SHA256: e.SHA256}}
	for _, o := range m.Outputs {
		f := m.File(o)
		p.Documents = append(p.Documents, File{Name: path.Join(dir, o), Size: f.Size, SHA256: f.SHA256})
	}
	return p
}

// ReadPublication reads and checks the archive.json of a site.
func ReadPublication(site string) (*Publication, error) {
	file := filepath.Join(site, PublicationName)
	data, err := input.Read(file)
	if err != nil {
		return nil, err
	}
	p := &Publication{}
	if err := strictjson.Decode(data, p, false); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	var errs []error
	if p.Format != PublicationFormat {
		errs = append(errs, fmt.Errorf("format %d, want %d", p.Format, PublicationFormat))
	}
	errs = append(errs, repeats(p.Revisions)...)
	for i, r := range p.Revisions {
		if !plainName(r.ID) || r.Revision < 1 || r.Sequence < 1 || r.Manifest.Name != path.Join(SitePath(r.ID, r.Revision), ManifestName) || !isDigest(r.Manifest.SHA256) {
			errs = append(errs, fmt.Errorf("revisions[%d]: not a published revision of the form s55 index writes", i))
		}
		for j, d := range r.Documents {
			if !plainPath(d.Name) || path.Dir(d.Name) != SitePath(r.ID, r.Revision) || !isDigest(d.SHA256) {
				errs = append(errs, fmt.Errorf("revisions[%d].documents[%d]: %q is not a published document of the revision", i, j, d.Name))
			}
		}
	}
	if p.Chain.Sequence > 0 && !isDigest(p.Chain.SHA256) {
		errs = append(errs, fmt.Errorf("chain: %q is not a SHA-256", p.Chain.SHA256))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return p, nil
}

// repeats finds the revisions a publication lists more than once, by
// revision or by number in the chain: a site lists each once, so a
// repeat is a forgery or damage. At most ten are named, then how many more.
func repeats(revs []PublishedRevision) []error {
	var errs []error
	more := 0
	add := func(err error) {
		if len(errs) < 10 {
			errs = append(errs, err)
		} else {
			more++
		}
	}
	byRev, bySeq := map[string]int{}, map[int]int{}
	for i, r := range revs {
		key := path.Join(r.ID, "r"+strconv.Itoa(r.Revision))
		if j, ok := byRev[key]; ok {
			add(fmt.Errorf("revisions[%d]: %s is listed again (first as revisions[%d]): a site lists each revision once", i, key, j))
		} else {
			byRev[key] = i
		}
		if j, ok := bySeq[r.Sequence]; ok && revs[j].ID+"/"+strconv.Itoa(revs[j].Revision) != r.ID+"/"+strconv.Itoa(r.Revision) {
			add(fmt.Errorf("revisions[%d]: number %d in the chain is also revisions[%d]'s", i, r.Sequence, j))
		} else if !ok {
			bySeq[r.Sequence] = i
		}
		seen := map[string]bool{}
		for j, d := range r.Documents {
			if seen[d.Name] {
				add(fmt.Errorf("revisions[%d].documents[%d]: %s is listed again", i, j, d.Name))
			}
			seen[d.Name] = true
		}
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("and %d more listed again", more))
	}
	return errs
}

// VerifyAgainst proves that the archive still holds exactly what a saved
// copy of its published site says was published: every published
// revision's manifest has the same SHA-256 in the archive, at the same
// place, every published document is in it with the same digest, and the
// site's chain head is in the archive's chain. Together with Verify, which
// proves the archive's files against its manifests, this catches a
// rewrite of the whole archive that keeps it consistent in itself. The
// findings name files inside the archive ("id/rN/...") or the site.
func VerifyAgainst(archive, site string) ([]Finding, error) {
	return VerifyAgainstContext(context.Background(), archive, site, nil)
}

// VerifyAgainstContext is VerifyAgainst, told each published revision
// compared (one stage, "comparing revision 12 of 300") and stopped, with
// ctx's error and no findings, once ctx is done.
func VerifyAgainstContext(ctx context.Context, archive, site string, report progress.Func) ([]Finding, error) {
	pub, err := ReadPublication(site)
	if err != nil {
		return nil, err
	}
	count := report.Stage("comparing", "revision", len(pub.Revisions))
	var out []Finding
	add := func(file, format string, args ...any) {
		out = append(out, Finding{File: file, Problem: fmt.Sprintf(format, args...)})
	}
	headFound := pub.Chain.Sequence == 0
	for _, r := range pub.Revisions {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if compareRevision(archive, site, pub.Chain, r, add) {
			headFound = true
		}
		count.Add()
	}
	if !headFound {
		add("", "the chain head that %s published (number %d, SHA-256 %s) is not in the archive's chain", site, pub.Chain.Sequence, short(pub.Chain.SHA256))
	}
	return append(out, againstLog(archive, site)...), nil
}

// compareRevision adds what differs between a revision the site published
// and the archive's, and reports whether it is the chain head the site
// published.
func compareRevision(archive, site string, head PublishedHead, r PublishedRevision, add func(file, format string, args ...any)) bool {
	rel := path.Join(r.ID, "r"+strconv.Itoa(r.Revision))
	dir := RevisionDir(archive, r.ID, r.Revision)
	m, data, err := ReadManifest(dir)
	if err != nil {
		if notExist(err) {
			add(rel, "missing: published on %s, but the archive no longer holds it", site)
		} else {
			add(rel+"/"+ManifestName, "cannot be compared with what %s published: %v", site, err)
		}
		return false
	}
	if d := Digest(data); d != r.Manifest.SHA256 {
		add(rel+"/"+ManifestName, "changed since it was published: SHA-256 %s, but %s published %s", short(d), site, short(r.Manifest.SHA256))
	}
	if m.Sequence != r.Sequence {
		add(rel+"/"+ManifestName, "number %d in the chain, but %s published it as number %d", m.Sequence, site, r.Sequence)
	}
	for _, d := range r.Documents {
		name := path.Base(d.Name)
		f := m.File(name)
		switch {
		case f == nil:
			add(rel+"/"+name, "missing: published on %s, but the archive's manifest no longer lists it", site)
		case f.SHA256 != d.SHA256:
			add(rel+"/"+name, "changed since it was published: SHA-256 %s, but %s published %s", short(f.SHA256), site, short(d.SHA256))
		}
		if copyData, err := input.Read(filepath.Join(site, filepath.FromSlash(d.Name))); err == nil && Digest(copyData) != d.SHA256 {
			add(filepath.Join(site, filepath.FromSlash(d.Name)), "the saved site's own copy differs from its %s", PublicationName)
		}
	}
	return r.Sequence == head.Sequence && r.Manifest.SHA256 == head.SHA256 && Digest(data) == head.SHA256
}
