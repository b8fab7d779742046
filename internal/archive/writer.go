package archive

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/opcc-tools/s55/internal/input"
)

// Writer adds to an archive under its lock: every write is an entry of
// the signed log, and signs a new checkpoint with the office's key.
// Opening one migrates an archive of format 2 (a chain of manifests, no
// log) once, in place: every file stays as it is, and the log is made
// from the chain.
type Writer struct {
	archive string
	unlock  func()
	key     *Key
	log     *Log
	// Notices say what opening the writer did beyond locking: a key made,
	// an archive migrated.
	Notices []string
}

// WriterOptions tune OpenWriter.
type WriterOptions struct {
	// KeyDirs are where the office's key is looked for (KeyDirs).
	KeyDirs []string
	// MakeKeyIn, when set, is looked in too, and is where a key named
	// KeyName is made when none is found and the archive has no signed
	// log yet.
	MakeKeyIn, KeyName string
	// Locked, when set, runs once the archive is locked.
	Locked func()
	// Notice, when set, is told each of the writer's Notices once it is
	// open.
	Notice func(string)
}

// OpenWriter locks the archive, finds the office's key and reads the
// signed log, or makes it from the chain of an archive of format 2. The
// caller must Close it.
func OpenWriter(archive string, opt WriterOptions) (*Writer, error) {
	w, err := openWriter(archive, opt)
	if err == nil && opt.Notice != nil {
		for _, n := range w.Notices {
			opt.Notice(n)
		}
	}
	return w, err
}

func openWriter(archive string, opt WriterOptions) (w *Writer, err error) {
	unlock, err := Lock(archive)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			unlock()
		}
	}()
	if opt.Locked != nil {
		opt.Locked()
	}
	w = &Writer{archive: archive, unlock: unlock}
	st, err := ReadLog(archive)
	if err != nil && !errors.Is(err, ErrNoLog) {
		return nil, fmt.Errorf("%w\n%s: nothing written: the archive's signed log does not hold; s55 verify %s says what is wrong", err, archive, archive)
	}
	if w.key, err = w.findKey(st, opt); err != nil {
		return nil, err
	}
	if st != nil {
		w.log = st.Log
		return w, w.signPending()
	}
	l, n, err := chainLog(archive)
	if err != nil {
		return nil, err
	}
	w.log = l
	if l.Size() > 0 {
		if _, err := writeLog(archive, l, w.key.Signer, w.key.Verifier); err != nil {
			return nil, err
		}
		w.Notices = append(w.Notices, fmt.Sprintf("%s: moved to the signed log: its %d revisions and what was recorded and tracked, signed with %s; every file is kept as it was", archive, n, w.key.File))
	}
	return w, nil
}

// findKey finds the office's key, or makes one for an archive not yet
// signed when asked, and checks that it is the key the archive's log was
// signed with.
func (w *Writer) findKey(st *LogState, opt WriterOptions) (*Key, error) {
	dirs := opt.KeyDirs
	if opt.MakeKeyIn != "" && !slices.Contains(dirs, opt.MakeKeyIn) {
		dirs = append(slices.Clip(dirs), opt.MakeKeyIn)
	}
	k, err := FindKey(dirs)
	switch {
	case errors.Is(err, ErrNoKey) && st == nil && opt.MakeKeyIn != "":
		file, err := MakeKey(opt.MakeKeyIn, opt.KeyName)
		if err != nil {
			return nil, err
		}
		w.Notices = append(w.Notices, KeyMade(file))
		return FindKey([]string{opt.MakeKeyIn})
	case errors.Is(err, ErrNoKey) && st == nil:
		return nil, fmt.Errorf("%v\n%s: nothing written: the office has no signing key yet; make it once with s55 init --key FOLDER, giving the folder of office.yaml", err, w.archive)
	case errors.Is(err, ErrNoKey):
		return nil, fmt.Errorf("%v\n%s: nothing written: the archive is signed with the key %s, which must be beside office.yaml; put back the copy you kept", err, w.archive, keyName(st.Verifier))
	case err != nil:
		return nil, err
	case st != nil && k.Verifier != st.Verifier:
		return nil, fmt.Errorf("%s: not the key the archive is signed with (%s, in %s): nothing written", k.File, keyName(st.Verifier), filepath.Join(w.archive, LogDir, VerifierName))
	}
	return k, nil
}

// keyName is the name of a verifier key, or the key itself if it has none.
func keyName(verifier string) string {
	for i := range len(verifier) {
		if verifier[i] == '+' {
			return verifier[:i]
		}
	}
	return verifier
}

// Close lets go of the archive's lock.
func (w *Writer) Close() { w.unlock() }

// AddFile adds the state of the archive's top file name (events.yaml,
// tracker.yaml) to the log and signs it.
func (w *Writer) AddFile(name string) error {
	data, err := input.Read(filepath.Join(w.archive, name))
	if err != nil {
		return err
	}
	return w.add(fileEntry(name, Digest(data)))
}

// add appends an entry to the log and signs the new checkpoint.
func (w *Writer) add(entry string) error {
	if err := w.log.Append(entry); err != nil {
		return err
	}
	_, err := writeLog(w.archive, w.log, w.key.Signer, w.key.Verifier)
	return err
}

// chainLog makes the log of an archive of format 2 from its chain: each
// revision in the order of issue, then events.yaml and tracker.yaml as
// they stand. A chain that does not hold is refused: it is never signed.
// It returns the log and the number of revisions.
func chainLog(archive string) (*Log, int, error) {
	var entries []*Entry
	if err := Walk(archive, func(e *Entry) error { entries = append(entries, e); return nil }); err != nil && !notExist(err) {
		return nil, 0, err
	}
	slices.SortFunc(entries, func(a, b *Entry) int { return a.Manifest.Sequence - b.Manifest.Sequence })
	l := &Log{}
	for i, e := range entries {
		m := e.Manifest
		if m.Sequence != i+1 || (i > 0 && m.Format == 2 && m.Previous != entries[i-1].SHA256) {
			return nil, 0, fmt.Errorf("%s: the chain of revisions does not hold at number %d; s55 verify %s says where; an archive whose chain does not hold is never signed", e.Dir, i+1, archive)
		}
		if err := l.Append(RevisionEntry(m.ID, m.Revision, e.SHA256)); err != nil {
			return nil, 0, err
		}
	}
	for _, name := range RootFiles[1:] {
		data, err := input.Read(filepath.Join(archive, name))
		if notExist(err) {
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		if err := l.Append(fileEntry(name, Digest(data))); err != nil {
			return nil, 0, err
		}
	}
	return l, len(entries), nil
}

// issued is the number of revisions the log holds: every revision issued
// into the archive, once signPending has signed the one an issue left out.
func (w *Writer) issued() int {
	n := 0
	for _, e := range w.log.Entries {
		if strings.HasPrefix(e, "revision ") {
			n++
		}
	}
	return n
}

// revisionFolders counts the revision folders of the archive (Walk's), by
// their names alone.
func revisionFolders(archive string) (int, error) {
	ids, err := os.ReadDir(archive)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if !id.IsDir() || strings.HasPrefix(id.Name(), ".") {
			continue
		}
		revs, err := Revisions(archive, id.Name())
		if err != nil {
			return 0, err
		}
		n += len(revs)
	}
	return n, nil
}

// signPending signs the revision an issue stopped part way left out of
// the log: the last one issued, when every revision before it is in the
// log (see Result.pending).
func (w *Writer) signPending() error {
	logged := map[string]string{}
	for _, e := range w.log.Entries {
		if f := strings.Fields(e); f[0] == "revision" {
			logged[f[1]] = f[2]
		}
	}
	// An issue stopped part way leaves one revision folder more than the
	// log holds revisions: the folders are counted by name, and only then
	// is every manifest read, so that opening an archive of thousands of
	// revisions reads none.
	folders, err := revisionFolders(w.archive)
	if err != nil {
		return err
	}
	if folders <= len(logged) {
		return nil
	}
	res := &Result{}
	err = Walk(w.archive, func(e *Entry) error {
		res.Revisions = append(res.Revisions, &Verification{Dir: e.Dir, Manifest: e.Manifest, SHA256: e.SHA256})
		return nil
	})
	if err != nil {
		return err
	}
	v := res.pending(logged)
	if v == nil {
		return nil
	}
	w.Notices = append(w.Notices, fmt.Sprintf("%s: signed into the log, which the issue that wrote it stopped before doing", v.Dir))
	return w.add(RevisionEntry(v.Manifest.ID, v.Manifest.Revision, v.SHA256))
}
