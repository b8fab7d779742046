package workbook

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// orderedZip writes a workbook's parts in the order of their names: excelize
// creates the parts of streamed sheets in no fixed order, and the same
// workbook must give the same bytes. Each part is compressed as it comes,
// so that only the compressed parts wait in memory.
type orderedZip struct {
	w     *zip.Writer
	parts []*zipPart
}

// zipPart is one part, compressed.
type zipPart struct {
	name string
	buf  bytes.Buffer
	fw   *flate.Writer
	crc  hash.Hash32
	size uint64
}

func (p *zipPart) Write(b []byte) (int, error) {
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.fw.Write(b)
}

func newOrderedZip(w io.Writer) excelize.ZipWriter {
	return &orderedZip{w: zip.NewWriter(w)}
}

func (z *orderedZip) Create(name string) (io.Writer, error) {
	p := &zipPart{name: name, crc: crc32.NewIEEE()}
	fw, err := flate.NewWriter(&p.buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	p.fw = fw
	z.parts = append(z.parts, p)
	return p, nil
}

func (z *orderedZip) AddFS(fs.FS) error {
	return errors.New("workbook: a folder cannot be added to a workbook")
}

func (z *orderedZip) Close() error {
	slices.SortStableFunc(z.parts, func(a, b *zipPart) int { return strings.Compare(a.name, b.name) })
	for _, p := range z.parts {
		if err := p.fw.Close(); err != nil {
			return err
		}
		w, err := z.w.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.crc.Sum32(),
			CompressedSize64: uint64(p.buf.Len()), UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		if _, err := w.Write(p.buf.Bytes()); err != nil {
			return err
		}
	}
	return z.w.Close()
}
