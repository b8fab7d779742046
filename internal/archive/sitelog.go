package archive

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/staging"
)

// What a site publishes of the signed log, in its folder log/:
//
//	checkpoint   the archive's signed checkpoint when the site was made
//	office.pub   the office's public key
//	revisions    a line per revision: ID/rN, its place in the log, the
//	             SHA-256 of its manifest and the proof that the checkpoint
//	             holds it (the hashes in base64, joined by commas; "-" for
//	             none), in the order of the log
//	documents    a line per published document: its SHA-256, its
//	             revision (ID/rN) and its name, sorted
//
// With them and the site's copy of each manifest, one published document
// is proved to be in the signed log with nothing else (ProveDocument).
const (
	siteRevisions = "revisions"
	siteDocuments = "documents"
)

// SiteFiles are the files of the log a site publishes (named with log/),
// for the revisions it lists.
func (st *LogState) SiteFiles(entries []*Entry) ([]staging.File, error) {
	at := map[string]int64{}
	for i, e := range st.Log.Entries {
		if i >= int(st.Checkpoint.Size) {
			break
		}
		if f := strings.Fields(e); f[0] == "revision" {
			at[f[1]] = int64(i)
		}
	}
	type line struct {
		index int64
		text  string
	}
	var revs []line
	var docs []string
	for _, e := range entries {
		m := e.Manifest
		rev := m.ID + "/r" + strconv.Itoa(m.Revision)
		i, ok := at[rev]
		if !ok || st.Log.Entries[i] != RevisionEntry(m.ID, m.Revision, e.SHA256) {
			// Not signed yet: verify names it; the site cannot prove it.
			continue
		}
		proof, err := st.Log.Inclusion(i, st.Checkpoint.Size)
		if err != nil {
			return nil, err
		}
		revs = append(revs, line{i, rev + " " + strconv.FormatInt(i, 10) + " " + e.SHA256 + " " + formatProof(proof)})
		for _, o := range m.Outputs {
			docs = append(docs, m.File(o).SHA256+" "+rev+" "+o)
		}
	}
	slices.SortFunc(revs, func(a, b line) int { return int(a.index - b.index) })
	slices.Sort(docs)
	var rb, db bytes.Buffer
	for _, r := range revs {
		rb.WriteString(r.text + "\n")
	}
	for _, d := range docs {
		db.WriteString(d + "\n")
	}
	return []staging.File{
		{Name: LogDir + "/" + CheckpointName, Data: st.Signed},
		{Name: LogDir + "/" + VerifierName, Data: []byte(st.Verifier + "\n")},
		{Name: LogDir + "/" + siteRevisions, Data: rb.Bytes()},
		{Name: LogDir + "/" + siteDocuments, Data: db.Bytes()},
	}, nil
}

func formatProof(p tlog.RecordProof) string {
	if len(p) == 0 {
		return "-"
	}
	parts := make([]string, len(p))
	for i, h := range p {
		parts[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return strings.Join(parts, ",")
}

func parseProof(s string) (tlog.RecordProof, error) {
	if s == "-" {
		return nil, nil
	}
	var p tlog.RecordProof
	for _, part := range strings.Split(s, ",") {
		b, err := base64.StdEncoding.DecodeString(part)
		if err != nil || len(b) != tlog.HashSize {
			return nil, fmt.Errorf("%q is not a hash in base64", part)
		}
		p = append(p, tlog.Hash(b))
	}
	return p, nil
}

// Proved is what ProveDocument proved of a document.
type Proved struct {
	// Name is the document's name in its revision, ID and Revision the
	// revision.
	ID       string
	Revision int
	Name     string
	// Index is the revision's place in the log, from 0.
	Index int64
	// Checkpoint is the signed checkpoint that holds it, and Key the
	// name of the key that signed it.
	Checkpoint Checkpoint
}

// ErrNotInLog reports a document that a site's signed log does not hold.
var ErrNotInLog = errors.New("not in the signed log")

// ProveDocument proves that the file doc is a document the site's signed
// log holds: its SHA-256 is a published document's, the site's copy of
// that revision's manifest lists it among its outputs with that digest,
// and the manifest's entry is in the tree of the site's checkpoint, which
// the office's key (log/office.pub of the site, or verifier when given)
// signed. It reads only the few lines and files it needs.
func ProveDocument(site, doc, verifier string) (*Proved, error) {
	data, err := input.ReadMax(doc, 1<<30)
	if err != nil {
		return nil, err
	}
	digest := Digest(data)
	logDir := filepath.Join(site, LogDir)
	docLine, err := findLine(filepath.Join(logDir, siteDocuments), digest+" ")
	if err != nil {
		return nil, err
	}
	if docLine == "" {
		return nil, fmt.Errorf("%s: %w of %s: no document it published has its SHA-256, %s", doc, ErrNotInLog, site, digest)
	}
	f := strings.Fields(docLine)
	if len(f) != 3 {
		return nil, fmt.Errorf("%s: %q is not a line of the documents", filepath.Join(logDir, siteDocuments), docLine)
	}
	rev, name := f[1], f[2]
	id, rn, _ := strings.Cut(rev, "/")
	n, ok := revisionNumber(rn)
	if !plainName(id) || !ok || !plainName(name) {
		return nil, fmt.Errorf("%s: %q names no revision", filepath.Join(logDir, siteDocuments), docLine)
	}
	revLine, err := findLine(filepath.Join(logDir, siteRevisions), rev+" ")
	if err != nil {
		return nil, err
	}
	r := strings.Fields(revLine)
	if len(r) != 4 {
		return nil, fmt.Errorf("%s: no proof for %s", filepath.Join(logDir, siteRevisions), rev)
	}
	index, err := strconv.ParseInt(r[1], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %q is not a place in the log", filepath.Join(logDir, siteRevisions), rev, r[1])
	}
	proof, err := parseProof(r[3])
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v", filepath.Join(logDir, siteRevisions), rev, err)
	}
	mfile := filepath.Join(site, filepath.FromSlash(path.Join(SitePath(id, n), ManifestName)))
	mdata, err := input.ReadMax(mfile, maxManifest)
	if err != nil {
		return nil, err
	}
	if Digest(mdata) != r[2] {
		return nil, fmt.Errorf("%s: its SHA-256 is not the one the signed log holds", mfile)
	}
	m, err := ParseManifest(mdata, id, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", mfile, err)
	}
	if mf := m.File(name); mf == nil || mf.SHA256 != digest || !slices.Contains(m.Outputs, name) {
		return nil, fmt.Errorf("%s: does not list %s with the SHA-256 %s among the documents it published", mfile, name, digest)
	}
	c, err := siteCheckpoint(site, verifier)
	if err != nil {
		return nil, err
	}
	if err := CheckInclusion(c, index, RevisionEntry(id, n, r[2]), proof); err != nil {
		return nil, fmt.Errorf("%s: the proof that the signed log holds %s fails: %v", filepath.Join(logDir, siteRevisions), rev, err)
	}
	return &Proved{ID: id, Revision: n, Name: name, Index: index, Checkpoint: c}, nil
}

// siteCheckpoint opens a site's signed checkpoint with the key given, or
// the site's own.
func siteCheckpoint(site, verifier string) (Checkpoint, error) {
	logDir := filepath.Join(site, LogDir)
	if verifier == "" {
		vkey, err := input.ReadMax(filepath.Join(logDir, VerifierName), 4<<10)
		if err != nil {
			return Checkpoint{}, err
		}
		verifier = string(vkey)
	}
	signed, err := input.ReadMax(filepath.Join(logDir, CheckpointName), 64<<10)
	if err != nil {
		return Checkpoint{}, err
	}
	c, err := OpenCheckpoint(signed, verifier)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("%s: %w", filepath.Join(logDir, CheckpointName), err)
	}
	return c, nil
}

// findLine returns the first line of the file that starts with prefix, or
// "".
func findLine(file, prefix string) (string, error) {
	data, err := input.ReadMax(file, 1<<30)
	if err != nil {
		return "", err
	}
	p := []byte(prefix)
	for off := 0; off < len(data); {
		i := bytes.Index(data[off:], p)
		if i < 0 {
			return "", nil
		}
		start := off + i
		if start == 0 || data[start-1] == '\n' {
			end := bytes.IndexByte(data[start:], '\n')
			if end < 0 {
				end = len(data) - start
			}
			return string(data[start : start+end]), nil
		}
		off = start + 1
	}
	return "", nil
}

// againstLog proves that the archive's signed log grew from the one the
// saved site published, without rewriting it: the same key signed both,
// and the consistency proof from the site's checkpoint to the archive's
// holds. A site with no log (written before s55 signed its archives)
// proves nothing of it.
func againstLog(archive, site string) []Finding {
	if _, err := input.ReadMax(filepath.Join(site, LogDir, CheckpointName), 64<<10); notExist(err) {
		return nil
	}
	old, err := siteCheckpoint(site, "")
	if err != nil {
		return []Finding{{File: filepath.Join(site, LogDir), Problem: err.Error()}}
	}
	st, err := ReadLog(archive)
	if err != nil {
		return []Finding{{File: LogDir, Problem: "cannot be compared with the log " + site + " published: " + err.Error()}}
	}
	siteKey, _ := input.ReadMax(filepath.Join(site, LogDir, VerifierName), 4<<10)
	if strings.TrimSpace(string(siteKey)) != st.Verifier {
		return []Finding{{File: LogDir + "/" + VerifierName, Problem: fmt.Sprintf("not the key %s published (%s): the archive was signed again with another key", site, keyName(strings.TrimSpace(string(siteKey))))}}
	}
	rewritten := Finding{File: LogDir, Problem: fmt.Sprintf("its history was rewritten: the log %s published (%s, root hash %s) is not where the archive's log (%s) began",
		site, count.English(int(old.Size), "entry", "entries"), old.Root, count.English(int(st.Checkpoint.Size), "entry", "entries"))}
	if old.Size > st.Checkpoint.Size {
		return []Finding{rewritten}
	}
	proof, err := st.Log.Consistency(old.Size, st.Checkpoint.Size)
	if err != nil {
		return []Finding{{File: LogDir, Problem: err.Error()}}
	}
	if err := CheckConsistency(old, st.Checkpoint, proof); err != nil {
		return []Finding{rewritten}
	}
	return nil
}
