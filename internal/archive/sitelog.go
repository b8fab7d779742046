package archive

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/opcc-tools/s55/internal/count"
	"github.com/opcc-tools/s55/internal/input"
)

// What a site publishes of the signed log, in its folder log/:
//
//	checkpoint      the archive's signed checkpoint when the site was made
//	office.pub      the office's public key
//	documents/XX    a line per published document whose SHA-256 begins
//	                with the two hex digits XX: its SHA-256, its revision
//	                (ID/rN), its name and the SHA-256 of the revision's
//	                manifest, sorted
//	revisions/XX    a line per revision whose manifest's SHA-256 begins
//	                with XX: that SHA-256, the revision, its place in the
//	                log (from 0) and the proof that the checkpoint holds it
//	                (the hashes in base64, joined by commas; "-" for none)
//
// Each of the 256 files of a folder is written, empty or not. With them
// and the site's copy of each manifest, one published document is proved
// to be in the signed log from a few kilobytes (ProveDocument).
const (
	siteRevisions = "revisions"
	siteDocuments = "documents"
)

// shard is the file of a folder of the site's log that holds the lines
// of a digest.
func shard(folder, digest string) string {
	return path.Join(LogDir, folder, digest[:2])
}

// SiteFile is a file of the log a site publishes, named with log/, and
// what writes it.
type SiteFile struct {
	Name  string
	Write func(io.Writer) error
}

// SiteFiles are the files of the log a site publishes, for the revisions
// it lists. Each file is made as it is written, its proofs with it, so
// that a site of thousands of revisions never holds its log at once.
func (st *LogState) SiteFiles(entries []*Entry) ([]SiteFile, error) {
	at := map[string]int64{}
	for i, e := range st.Log.Entries[:st.Checkpoint.Size] {
		if f := strings.Fields(e); f[0] == "revision" {
			at[f[1]] = int64(i)
		}
	}
	// What each file lists, by its name: the revisions (by their place
	// in entries) and the documents (with the place of each in its
	// revision's outputs).
	type document struct{ entry, output int }
	var (
		revisions = map[string][]int{}
		documents = map[string][]document{}
		place     = make([]int64, len(entries))
	)
	for k, e := range entries {
		m := e.Manifest
		i, ok := at[m.ID+"/r"+strconv.Itoa(m.Revision)]
		if !ok || st.Log.Entries[i] != RevisionEntry(m.ID, m.Revision, e.SHA256) {
			// Not signed yet: verify names it; the site cannot prove it.
			continue
		}
		place[k] = i
		r := shard(siteRevisions, e.SHA256)
		revisions[r] = append(revisions[r], k)
		for o, name := range m.Outputs {
			d := shard(siteDocuments, m.File(name).SHA256)
			documents[d] = append(documents[d], document{k, o})
		}
	}
	data := func(b []byte) func(io.Writer) error {
		return func(w io.Writer) error { _, err := w.Write(b); return err }
	}
	files := []SiteFile{
		{Name: LogDir + "/" + CheckpointName, Write: data(st.Signed)},
		{Name: LogDir + "/" + VerifierName, Write: data([]byte(st.Verifier + "\n"))},
	}
	// lines writes a file's lines, sorted.
	lines := func(w io.Writer, ls []string) error {
		slices.Sort(ls)
		var b bytes.Buffer
		for _, l := range ls {
			b.WriteString(l + "\n")
		}
		_, err := w.Write(b.Bytes())
		return err
	}
	for x := range 256 {
		name := shard(siteDocuments, fmt.Sprintf("%02x", x))
		files = append(files, SiteFile{Name: name, Write: func(w io.Writer) error {
			ls := make([]string, 0, len(documents[name]))
			for _, d := range documents[name] {
				e := entries[d.entry]
				m := e.Manifest
				o := m.Outputs[d.output]
				ls = append(ls, m.File(o).SHA256+" "+m.ID+"/r"+strconv.Itoa(m.Revision)+" "+o+" "+e.SHA256)
			}
			return lines(w, ls)
		}})
	}
	for x := range 256 {
		name := shard(siteRevisions, fmt.Sprintf("%02x", x))
		files = append(files, SiteFile{Name: name, Write: func(w io.Writer) error {
			ls := make([]string, 0, len(revisions[name]))
			for _, k := range revisions[name] {
				e := entries[k]
				m := e.Manifest
				proof, err := st.Log.Inclusion(place[k], st.Checkpoint.Size)
				if err != nil {
					return err
				}
				ls = append(ls, e.SHA256+" "+m.ID+"/r"+strconv.Itoa(m.Revision)+" "+strconv.FormatInt(place[k], 10)+" "+formatProof(proof))
			}
			return lines(w, ls)
		}})
	}
	return files, nil
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
	lines, err := findLines(filepath.Join(site, filepath.FromSlash(shard(siteDocuments, digest))), digest+" ")
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("%s: %w of %s: no document it published has its SHA-256, %s", doc, ErrNotInLog, site, digest)
	}
	c, err := siteCheckpoint(site, verifier)
	if err != nil {
		return nil, err
	}
	// The same document may be published by more than one revision: a
	// correction that changed the appendix keeps the letter. The first
	// proved is enough.
	var first error
	for _, line := range lines {
		p, err := proveLine(site, line, digest, c)
		if err == nil {
			return p, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// proveLine proves the document of digest by one line of the site's
// documents against the checkpoint c.
func proveLine(site, docLine, digest string, c Checkpoint) (*Proved, error) {
	docs := filepath.Join(site, filepath.FromSlash(shard(siteDocuments, digest)))
	f := strings.Fields(docLine)
	if len(f) != 4 || !isDigest(f[3]) {
		return nil, fmt.Errorf("%s: %q is not a line of the documents", docs, docLine)
	}
	rev, name, msha := f[1], f[2], f[3]
	id, rn, _ := strings.Cut(rev, "/")
	n, ok := revisionNumber(rn)
	if !plainName(id) || !ok || !plainName(name) {
		return nil, fmt.Errorf("%s: %q names no revision", docs, docLine)
	}
	revs := filepath.Join(site, filepath.FromSlash(shard(siteRevisions, msha)))
	revLines, err := findLines(revs, msha+" "+rev+" ")
	if err != nil {
		return nil, err
	}
	if len(revLines) != 1 || len(strings.Fields(revLines[0])) != 4 {
		return nil, fmt.Errorf("%s: no proof for %s", revs, rev)
	}
	r := strings.Fields(revLines[0])
	index, err := strconv.ParseInt(r[2], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %q is not a place in the log", revs, rev, r[2])
	}
	proof, err := parseProof(r[3])
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v", revs, rev, err)
	}
	mfile := filepath.Join(site, filepath.FromSlash(path.Join(SitePath(id, n), ManifestName)))
	mdata, err := input.ReadMax(mfile, maxManifest)
	if err != nil {
		return nil, err
	}
	if Digest(mdata) != msha {
		return nil, fmt.Errorf("%s: its SHA-256 is not the one the signed log holds", mfile)
	}
	m, err := ParseManifest(mdata, id, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", mfile, err)
	}
	if mf := m.File(name); mf == nil || mf.SHA256 != digest || !slices.Contains(m.Outputs, name) {
		return nil, fmt.Errorf("%s: does not list %s with the SHA-256 %s among the documents it published", mfile, name, digest)
	}
	if err := CheckInclusion(c, index, RevisionEntry(id, n, msha), proof); err != nil {
		return nil, fmt.Errorf("%s: the proof that the signed log holds %s fails: %v", revs, rev, err)
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

// findLines returns the lines of the file that start with prefix.
func findLines(file, prefix string) ([]string, error) {
	data, err := input.ReadMax(file, 1<<30)
	if err != nil {
		return nil, err
	}
	var out []string
	p := []byte(prefix)
	for off := 0; off < len(data); {
		i := bytes.Index(data[off:], p)
		if i < 0 {
			break
		}
		start := off + i
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data) - start
		}
		if start == 0 || data[start-1] == '\n' {
			out = append(out, string(data[start:start+end]))
		}
		off = start + end
		if off == start {
			off++
		}
	}
	return out, nil
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
