package archive

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/staging"
)

// The signed log. Every manifest issued into an archive, and every state
// of its events.yaml and tracker.yaml that record and track write, is an
// entry of a Merkle tree log (RFC 6962, as golang.org/x/mod/sumdb/tlog
// hashes it), and each write signs a checkpoint of the tree
// (golang.org/x/mod/sumdb/note, Ed25519) with the office's key, in the
// text C2SP's tlog-checkpoint defines. The log lives in ARCHIVE/log/:
//
//	entries      one line per entry, in the order written
//	checkpoint   the signed checkpoint of the tree of every entry
//	office.pub   the office's public key (the note verifier)
const (
	// LogDir is the archive's folder holding the log.
	LogDir = "log"
	// EntriesName is the log's entries, one a line.
	EntriesName = "entries"
	// CheckpointName is the signed checkpoint.
	CheckpointName = "checkpoint"
	// VerifierName is the office's public key, in the office profile's
	// folder, the archive's log folder and the published site's.
	VerifierName = "office.pub"
	// SignerName is the office's private key, beside office.yaml and
	// never in an archive, a bundle or a site.
	SignerName = "office.key"
)

// maxEntry caps one entry's length: an id, a revision and a digest.
const maxEntry = 2048

// A log entry is one line: "revision ID/rN SHA256" for a manifest, "file
// NAME SHA256" for a state of events.yaml or tracker.yaml.

// RevisionEntry is the log entry of a revision's manifest.
func RevisionEntry(id string, revision int, manifestSHA256 string) string {
	return "revision " + id + "/r" + strconv.Itoa(revision) + " " + manifestSHA256
}

// fileEntry is the log entry of a state of an archive's top file.
func fileEntry(name, sha256 string) string {
	return "file " + name + " " + sha256
}

// RecordHash is the hash of an entry as a leaf of the tree.
func RecordHash(entry string) tlog.Hash {
	return tlog.RecordHash([]byte(entry + "\n"))
}

// Log is the archive's log in memory: its entries and every hash of the
// tree that tlog stores, so that roots and proofs need no file.
type Log struct {
	Entries []string
	hashes  []tlog.Hash
}

// reader reads the stored hashes of the log.
func (l *Log) reader() tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			if x < 0 || x >= int64(len(l.hashes)) {
				return nil, fmt.Errorf("log: no stored hash %d", x)
			}
			out[i] = l.hashes[x]
		}
		return out, nil
	})
}

// Append adds an entry.
func (l *Log) Append(entry string) error {
	if entry == "" || strings.ContainsAny(entry, "\n\r") || len(entry) > maxEntry {
		return fmt.Errorf("log: %q is not one line", entry)
	}
	hs, err := tlog.StoredHashes(int64(len(l.Entries)), []byte(entry+"\n"), l.reader())
	if err != nil {
		return err
	}
	l.Entries = append(l.Entries, entry)
	l.hashes = append(l.hashes, hs...)
	return nil
}

// Size is the number of entries.
func (l *Log) Size() int64 { return int64(len(l.Entries)) }

// Root is the root hash of the tree of the first n entries.
func (l *Log) Root(n int64) (tlog.Hash, error) {
	return tlog.TreeHash(n, l.reader())
}

// Inclusion proves that entry i is in the tree of the first n entries.
func (l *Log) Inclusion(i, n int64) (tlog.RecordProof, error) {
	return tlog.ProveRecord(n, i, l.reader())
}

// Consistency proves that the tree of the first n entries is a prefix of
// the tree of the first m.
func (l *Log) Consistency(n, m int64) (tlog.TreeProof, error) {
	return tlog.ProveTree(m, n, l.reader())
}

// parseEntries reads the entries file, one entry a line.
func parseEntries(data []byte) (*Log, error) {
	l := &Log{}
	if len(data) == 0 {
		return l, nil
	}
	if data[len(data)-1] != '\n' {
		return nil, errors.New("the last entry has no end of line")
	}
	for i, line := range strings.Split(string(data[:len(data)-1]), "\n") {
		if err := checkEntry(line); err != nil {
			return nil, fmt.Errorf("line %d: %v", i+1, err)
		}
		if err := l.Append(line); err != nil {
			return nil, fmt.Errorf("line %d: %v", i+1, err)
		}
	}
	return l, nil
}

// checkEntry refuses a line that is no entry s55 writes.
func checkEntry(line string) error {
	f := strings.Fields(line)
	if len(f) != 3 || strings.Join(f, " ") != line || !isDigest(f[2]) {
		return fmt.Errorf("%q is not an entry (revision ID/rN SHA256, or file NAME SHA256)", line)
	}
	switch f[0] {
	case "revision":
		id, rev, ok := strings.Cut(f[1], "/")
		if _, good := revisionNumber(rev); !ok || !plainName(id) || !good {
			return fmt.Errorf("%q names no revision", line)
		}
	case "file":
		if f[1] != "events.yaml" && f[1] != "tracker.yaml" {
			return fmt.Errorf("%q names no file the log keeps", line)
		}
	default:
		return fmt.Errorf("%q is not an entry (revision ID/rN SHA256, or file NAME SHA256)", line)
	}
	return nil
}

// Checkpoint is a tree head as C2SP's tlog-checkpoint writes it: the
// log's origin, its size and its root hash.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   tlog.Hash
}

// Text is the checkpoint's body: the origin line, the size in decimal
// and the root hash in base64, each ending in a newline.
func (c Checkpoint) Text() string {
	return c.Origin + "\n" + strconv.FormatInt(c.Size, 10) + "\n" + base64.StdEncoding.EncodeToString(c.Root[:]) + "\n"
}

// parseCheckpoint reads a checkpoint's body. Extension lines after the
// root hash are allowed, as C2SP allows them, and ignored.
func parseCheckpoint(text string) (Checkpoint, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 || lines[0] == "" {
		return Checkpoint{}, errors.New("not a checkpoint: want an origin line, a size and a root hash")
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != lines[1] {
		return Checkpoint{}, fmt.Errorf("not a checkpoint: size %q is not a number", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return Checkpoint{}, fmt.Errorf("not a checkpoint: root hash %q is not a base64 SHA-256", lines[2])
	}
	c := Checkpoint{Origin: lines[0], Size: n}
	copy(c.Root[:], root)
	return c, nil
}

// Sign signs the checkpoint with the office's key.
func (c Checkpoint) Sign(s note.Signer) ([]byte, error) {
	return note.Sign(&note.Note{Text: c.Text()}, s)
}

// ErrSignature reports a checkpoint that the office's key did not sign.
var ErrSignature = errors.New("not signed by the office's key")

// OpenCheckpoint checks a signed checkpoint against the office's public
// key (a note verifier key) and reads it. Its origin is the key's name.
func OpenCheckpoint(msg []byte, verifier string) (Checkpoint, error) {
	v, err := note.NewVerifier(strings.TrimSpace(verifier))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("the office's public key: %v", err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		var bad *note.InvalidSignatureError
		var unverified *note.UnverifiedNoteError
		if errors.As(err, &bad) || errors.As(err, &unverified) {
			return Checkpoint{}, fmt.Errorf("%w %s", ErrSignature, v.Name())
		}
		return Checkpoint{}, err
	}
	c, err := parseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Origin != v.Name() {
		return Checkpoint{}, fmt.Errorf("the checkpoint's origin %q is not the key's name %q", c.Origin, v.Name())
	}
	return c, nil
}

// CheckInclusion proves that entry is entry i of the tree c, by proof.
func CheckInclusion(c Checkpoint, i int64, entry string, proof tlog.RecordProof) error {
	if i < 0 || i >= c.Size {
		return fmt.Errorf("entry %d is not among the %d of the checkpoint", i, c.Size)
	}
	return tlog.CheckRecord(proof, c.Size, c.Root, i, RecordHash(entry))
}

// CheckConsistency proves that the older checkpoint's tree is a prefix of
// the newer one's, by proof.
func CheckConsistency(older, newer Checkpoint, proof tlog.TreeProof) error {
	if older.Size > newer.Size {
		return fmt.Errorf("the older checkpoint holds %d entries, more than the %d of the newer", older.Size, newer.Size)
	}
	return tlog.CheckTree(proof, newer.Size, newer.Root, older.Size, older.Root)
}

// LogState is what ARCHIVE/log/ holds, read and checked against its
// public key.
type LogState struct {
	Log        *Log
	Checkpoint Checkpoint
	// Signed is the checkpoint's bytes, signature and all.
	Signed []byte
	// Verifier is the public key the archive keeps.
	Verifier string
}

// ErrNoLog reports an archive with no signed log: one of format 2,
// before the log, or one with nothing issued yet.
var ErrNoLog = errors.New("no signed log")

// ReadLog reads the archive's log, checks the checkpoint's signature with
// the public key the archive keeps and the entries against the
// checkpoint. Entries past the checkpoint's size, which a write killed
// before it signed left, are dropped: they were never signed.
func ReadLog(archive string) (*LogState, error) {
	dir := filepath.Join(archive, LogDir)
	signed, err := input.ReadMax(filepath.Join(dir, CheckpointName), 64<<10)
	if notExist(err) {
		if _, e := os.Lstat(dir); notExist(e) {
			return nil, ErrNoLog
		}
	}
	if err != nil {
		return nil, err
	}
	vkey, err := input.ReadMax(filepath.Join(dir, VerifierName), 4<<10)
	if err != nil {
		return nil, err
	}
	c, err := OpenCheckpoint(signed, string(vkey))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, CheckpointName), err)
	}
	file := filepath.Join(dir, EntriesName)
	data, err := input.ReadMax(file, 1<<30)
	if err != nil {
		return nil, err
	}
	l, err := parseEntries(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if l.Size() < c.Size {
		return nil, fmt.Errorf("%s: %d entries, but the checkpoint signs %d", file, l.Size(), c.Size)
	}
	if l.Size() > c.Size {
		l, _ = parseEntries([]byte(strings.Join(l.Entries[:c.Size], "\n") + "\n"))
	}
	root, err := l.Root(c.Size)
	if err != nil {
		return nil, err
	}
	if root != c.Root {
		return nil, fmt.Errorf("%s: the entries give the root hash %s, but the checkpoint signs %s: the log was changed after it was signed", file, root, c.Root)
	}
	return &LogState{Log: l, Checkpoint: c, Signed: signed, Verifier: strings.TrimSpace(string(vkey))}, nil
}

// writeLog writes the log's entries, then the checkpoint signed for all of
// them: each file atomically, the checkpoint last, so that a write killed
// part way leaves the last signed log and unsigned entries past it, which
// ReadLog drops.
func writeLog(archive string, l *Log, signer note.Signer, verifier string) (Checkpoint, error) {
	dir := filepath.Join(archive, LogDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Checkpoint{}, err
	}
	vfile := filepath.Join(dir, VerifierName)
	if _, err := os.Lstat(vfile); notExist(err) {
		if err := staging.WriteFile(vfile, []byte(verifier+"\n"), false); err != nil {
			return Checkpoint{}, err
		}
	}
	var b bytes.Buffer
	for _, e := range l.Entries {
		b.WriteString(e)
		b.WriteByte('\n')
	}
	if err := staging.WriteFile(filepath.Join(dir, EntriesName), b.Bytes(), true); err != nil {
		return Checkpoint{}, err
	}
	root, err := l.Root(l.Size())
	if err != nil {
		return Checkpoint{}, err
	}
	c := Checkpoint{Origin: signer.Name(), Size: l.Size(), Root: root}
	signed, err := c.Sign(signer)
	if err != nil {
		return Checkpoint{}, err
	}
	return c, staging.WriteFile(filepath.Join(dir, CheckpointName), signed, true)
}
