package archive

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/mod/sumdb/note"

	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/staging"
)

// ErrNoKey reports that the office's signing key was not found.
var ErrNoKey = errors.New("no signing key")

// KeyName is the name of an office's key, and so the origin of its log:
// the office's name in lower-case letters, digits and hyphens, then
// "/s55-archive".
func KeyName(office string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(office) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			hyphen = false
		case !hyphen && b.Len() > 0:
			b.WriteByte('-')
			hyphen = true
		}
	}
	name := strings.TrimSuffix(b.String(), "-")
	if name == "" {
		name = "office"
	}
	return name + "/s55-archive"
}

// MakeKey makes a new signing key named name in dir: the private key as
// office.key, readable by its owner only (0600), and the public key as
// office.pub. It never overwrites either file. It returns the private
// key's file.
func MakeKey(dir, name string) (string, error) {
	skey, vkey, err := note.GenerateKey(rand.Reader, name)
	if err != nil {
		return "", err
	}
	private, public := filepath.Join(dir, SignerName), filepath.Join(dir, VerifierName)
	for _, f := range []string{private, public} {
		if _, err := os.Lstat(f); err == nil {
			return "", fmt.Errorf("%s: already exists; s55 never overwrites a key (a new key could not sign the archive the old one signed)", f)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(private, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(skey + "\n"); err != nil {
		f.Close()
		os.Remove(private)
		return "", err
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		os.Remove(private)
		return "", err
	}
	if err := staging.WriteFile(public, []byte(vkey+"\n"), false); err != nil {
		os.Remove(private)
		return "", err
	}
	return private, nil
}

// KeyMade is what s55 says of a key it made in the file key.
func KeyMade(key string) string {
	return fmt.Sprintf("%s: the office's signing key, readable by you alone, with its public key %s beside it; keep a copy of the key somewhere safe: only it can add to the archive", key, VerifierName)
}

// Key is the office's signing key as found.
type Key struct {
	Signer note.Signer
	// Verifier is its public key, as a note verifier key.
	Verifier string
	// File is the private key's file.
	File string
}

// KeyDirs are the folders where the office's key is looked for, in order:
// office's folder (the office profile's, when known), the archive's
// parent folder, and each folder directly inside that parent that holds an
// office.yaml, as s55 init lays an office out (archive/ beside
// responses/office.yaml).
func KeyDirs(archive, office string) []string {
	var dirs []string
	if office != "" {
		dirs = append(dirs, office)
	}
	parent := filepath.Dir(filepath.Clean(archive))
	dirs = append(dirs, parent)
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		sub := filepath.Join(parent, e.Name())
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && sub != filepath.Clean(archive) {
			if _, err := os.Lstat(filepath.Join(sub, "office.yaml")); err == nil {
				dirs = append(dirs, sub)
			}
		}
	}
	return dirs
}

// FindKey loads the first office.key in dirs. A key file that another
// user can read is refused: the key signs for the office.
func FindKey(dirs []string) (*Key, error) {
	for _, d := range dirs {
		file := filepath.Join(d, SignerName)
		st, err := os.Lstat(file)
		if notExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", file)
		}
		if st.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("%s: others may read the office's signing key (mode %04o): make it readable by you alone with chmod 600 %s", file, st.Mode().Perm(), file)
		}
		data, err := input.ReadMax(file, 4<<10)
		if err != nil {
			return nil, err
		}
		s, err := note.NewSigner(strings.TrimSpace(string(data)))
		if err != nil {
			return nil, fmt.Errorf("%s: not a signing key s55 made: %v", file, err)
		}
		pub, err := input.ReadMax(filepath.Join(d, VerifierName), 4<<10)
		if err != nil {
			return nil, fmt.Errorf("%s: the office's public key, beside its private key, is needed: %w", file, err)
		}
		k := &Key{Signer: s, Verifier: strings.TrimSpace(string(pub)), File: file}
		if err := k.matches(); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		return k, nil
	}
	return nil, fmt.Errorf("%w: no %s in %s", ErrNoKey, SignerName, strings.Join(dirs, ", "))
}

// matches proves that the public key is the private key's: it signs a
// note with one and opens it with the other.
func (k *Key) matches() error {
	msg, err := note.Sign(&note.Note{Text: "s55 key check\n"}, k.Signer)
	if err != nil {
		return err
	}
	v, err := note.NewVerifier(k.Verifier)
	if err != nil {
		return fmt.Errorf("its public key %s: %v", VerifierName, err)
	}
	if _, err := note.Open(msg, note.VerifierList(v)); err != nil {
		return fmt.Errorf("its public key %s is not this key's", VerifierName)
	}
	return nil
}

// OfficeVerifier reads the office's public key from the first of dirs that
// holds one, and returns it with its file, or "" when none does.
func OfficeVerifier(dirs []string) (string, string) {
	for _, d := range dirs {
		file := filepath.Join(d, VerifierName)
		if data, err := input.ReadMax(file, 4<<10); err == nil {
			return strings.TrimSpace(string(data)), file
		}
	}
	return "", ""
}
