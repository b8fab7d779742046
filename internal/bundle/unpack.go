package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/opcc-tools/s55/internal/pdfread"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
)

// ErrNoSource reports data that holds no s55 source bundle.
var ErrNoSource = errors.New("no s55 source in it")

// ErrBadSource reports a source bundle that breaks the limits or rules of
// Unzip.
var ErrBadSource = errors.New("bad source bundle")

// Limits of an unpacked source, against zip bombs and hostile bundles: a
// response's inputs are a handful of files.
const (
	// MaxBytes caps the bundle's unpacked size.
	MaxBytes = 64 << 20
	// MaxEntries caps its number of entries.
	MaxEntries = 10000
)

// Unzip reads a source bundle made by Zip. It refuses, before reading any
// entry, a bundle of more than MaxEntries entries or one whose
// entries claim more than MaxBytes; while reading, one that holds
// more than that; and a bundle whose entries are not plain relative paths,
// are listed twice, or whose index (s55-source.json) does not name a
// response folder holding response.yaml and an office profile among the
// entries.
func Unzip(data []byte) (*Source, error) {
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoSource, err)
	}
	if len(r.File) > MaxEntries {
		return nil, fmt.Errorf("%w: %d entries, more than the %d a source may hold", ErrBadSource, len(r.File), MaxEntries)
	}
	var claimed uint64
	names := map[string]bool{}
	for _, zf := range r.File {
		if !plainEntry(zf.Name) {
			return nil, fmt.Errorf("%w: entry %q is not a plain relative path", ErrBadSource, zf.Name)
		}
		if names[zf.Name] {
			return nil, fmt.Errorf("%w: entry %q is there twice", ErrBadSource, zf.Name)
		}
		names[zf.Name] = true
		if claimed += zf.UncompressedSize64; claimed > MaxBytes {
			return nil, fmt.Errorf("%w: larger than %d bytes", ErrBadSource, MaxBytes)
		}
	}
	if !names[sourceIndex] {
		return nil, ErrNoSource
	}
	s := &Source{}
	var total int64
	for _, zf := range r.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrBadSource, zf.Name, err)
		}
		body, err := io.ReadAll(io.LimitReader(rc, MaxBytes-total+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrBadSource, zf.Name, err)
		}
		if total += int64(len(body)); total > MaxBytes {
			return nil, fmt.Errorf("%w: larger than %d bytes", ErrBadSource, MaxBytes)
		}
		if zf.Name == sourceIndex {
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(s); err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrBadSource, sourceIndex, err)
			}
			continue
		}
		s.Files = append(s.Files, staging.File{Name: zf.Name, Data: body})
	}
	slices.SortFunc(s.Files, func(a, b staging.File) int { return strings.Compare(a.Name, b.Name) })
	for i := 1; i < len(s.Files); i++ {
		if strings.HasPrefix(s.Files[i].Name, s.Files[i-1].Name+"/") {
			return nil, fmt.Errorf("%w: entry %q lies inside the file %q", ErrBadSource, s.Files[i].Name, s.Files[i-1].Name)
		}
	}
	has := func(name string) bool {
		_, ok := slices.BinarySearchFunc(s.Files, name, func(f staging.File, n string) int { return strings.Compare(f.Name, n) })
		return ok
	}
	switch {
	case s.Response == "" || !plainEntry(s.Response) || !has(path.Join(s.Response, response.FileName)):
		return nil, fmt.Errorf("%w: %s names the response folder %q, which holds no %s among the entries", ErrBadSource, sourceIndex, s.Response, response.FileName)
	case s.Office != "" && (!plainEntry(s.Office) || !has(s.Office)):
		return nil, fmt.Errorf("%w: %s names the office profile %q, which is not among the entries", ErrBadSource, sourceIndex, s.Office)
	}
	return s, nil
}

// plainEntry reports whether name is a plain relative slash path: no
// "..", no absolute path, no empty, "." or hidden part, no backslash.
func plainEntry(name string) bool {
	if name == "" || strings.Contains(name, `\`) || path.Clean(name) != name || path.IsAbs(name) {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || part == "." || part == ".." || (strings.HasPrefix(part, ".") && name != sourceIndex) {
			return false
		}
	}
	return true
}

// Extract finds the source bundle that a build embeds in every PDF,
// as an associated file named source.zip, and unpacks it, so that the PDF
// alone is enough to build it again. The PDF is read with the one PDF
// reader, so a PDF that another tool re-saved (with object streams, or
// qpdf's QDF form) unpacks as well.
func Extract(pdf []byte) (*Source, error) {
	f, err := pdfread.Parse(pdf)
	if err != nil {
		return nil, err
	}
	var firstErr error
	for _, a := range f.Attachments() {
		if a.Name != FileName {
			continue
		}
		s, err := Unzip(a.Data)
		if err == nil {
			return s, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return nil, ErrNoSource
}
