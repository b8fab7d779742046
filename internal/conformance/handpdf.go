package conformance

import (
	"fmt"
	"strings"
)

// HandPDF writes a PDF 1.7 file of the given objects, numbered from 1 in
// their order, with the cross-reference table and a trailer naming object
// 1 as the catalog: a file for tests that need what no renderer here
// writes (a checker's verdict on a known file, a reader's on nested
// marked content or a font's own encoding). A stream is given whole, its
// dictionary with "\nstream\n...\nendstream".
func HandPDF(objs ...string) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// HandStream returns a stream object of data, for HandPDF.
func HandStream(dict, data string) string {
	return fmt.Sprintf("<<%s /Length %d>>\nstream\n%s\nendstream", dict, len(data), data)
}
