// Package pdffinish is the finisher: it turns the typesetter's output
// (internal/pdf, gofpdf's file) into a tagged PDF/UA-1 and PDF/A-3b file.
// It is pure: bytes and the structure recorded while drawing in, bytes out;
// no clock, no randomness. It imports no gofpdf.
//
// It changes gofpdf's bytes in two places only: the header, raised to
// PDF 1.7 and followed by the binary comment line PDF/A requires (the
// offsets in gofpdf's cross-reference table shift by that line's length),
// and the trailer, which gains a file identifier. Everything else goes into
// one incremental update appended at the end:
//
//   - the catalog again, with /Lang, /MarkInfo, /StructTreeRoot,
//     /ViewerPreferences, /Metadata, /OutputIntents and, for attachments,
//     /Names and /AF;
//   - the structure tree, its parent tree and the link annotations;
//   - each page again with /StructParents, /Tabs /S and its annotations;
//   - the information dictionary again with time-zoned dates, and the XMP
//     packet that says the same;
//   - each font again with a subset tag, an exact ToUnicode map and a
//     CIDSet;
//   - the outline root again with its /Count;
//   - the sRGB output intent and the attachments as associated files.
//
// It reads only what gofpdf v1.16.2 writes: one cross-reference table, a
// trailer with /Root and /Info, a page tree whose pages share a resource
// dictionary, and Type0 fonts with CIDToGIDMap streams. Anything else is an
// error, and TestGofpdfSkeleton pins the shapes it relies on
// (in internal/pdf).
package pdffinish
