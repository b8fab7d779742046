// Package pdffinish is the finisher: it turns the typesetter's output
// (internal/pdf, gofpdf's file) into a tagged PDF/UA-1 and PDF/A-3b file.
// It is pure: bytes and the structure recorded while drawing in, bytes out;
// no clock, no randomness. It imports no gofpdf.
//
// It writes the file anew, once: the header raised to PDF 1.7 and followed
// by the binary comment line PDF/A requires, every object by number, one
// cross-reference table and a trailer with a file identifier (a digest of
// the objects). gofpdf's objects are copied as it wrote them, but for:
//
//   - the catalog, with /Lang, /MarkInfo, /StructTreeRoot,
//     /ViewerPreferences, /Metadata, /OutputIntents and, for attachments,
//     /Names and /AF;
//   - each page, with /StructParents, /Tabs /S and its link annotations;
//   - the information dictionary, with time-zoned dates;
//   - each font, with a subset tag, an exact ToUnicode map in place of
//     gofpdf's and a CIDSet;
//   - the outline root, with its /Count;
//   - every stream gofpdf left uncompressed: the typesetter has gofpdf
//     write the pages' content as it is, and the finisher compresses it with
//     one compressor kept for reuse, where gofpdf would make a new one, a
//     megabyte of tables, for every page.
//
// New objects follow: the structure tree, its parent tree, the link
// annotations, the XMP packet that says what the information dictionary
// says, the sRGB output intent, and the attachments as associated files.
//
// It reads only what gofpdf v1.16.2 writes: one cross-reference table, a
// trailer with /Root and /Info, a page tree whose pages share a resource
// dictionary, and Type0 fonts with CIDToGIDMap streams. Anything else is an
// error, and TestGofpdfSkeleton (in internal/pdf) pins the shapes it relies
// on.
//
// # Why not pdfcpu
//
// internal/pdfread, on pdfcpu v0.15.0, is s55's reader of PDF files that
// anyone may have written; it reads every finished file in the tests. The
// finisher reads one known input instead, and pdfcpu would cost it, or
// change its bytes, as follows (measured on the reference's six-page
// response):
//
//   - Reading: pdfcpu.Read parses every object of the file and inflates
//     its streams (the fonts, and each font's 128 KB CIDToGIDMap): 1.9 ms
//     a document, against 0.04 ms for reading the cross-reference table and
//     the twenty objects the finisher needs, and the whole render is about
//     15 ms. pdfcpu's one-object parser (model.ParseObject) takes about
//     20 µs an object against 1 µs, and returns a map, so a dictionary
//     written again loses gofpdf's order of entries.
//   - Writing: pdfcpu's writer (WriteContext) sets the information
//     dictionary's /CreationDate and /ModDate to the clock and its
//     /Producer to "pdfcpu v0.15.0", and makes the file identifier from an
//     MD5 of the clock: the same document would give different bytes on
//     each run, and the dictionary would disagree with the XMP packet, which
//     PDF/A forbids. Its objects' text (types.Dict.PDFString) writes every
//     real number with twelve decimals.
//   - pdfcpu writes neither a structure tree nor XMP metadata, nor an
//     output intent with an ICC profile (it carries none), nor a ToUnicode
//     map or CIDSet for another program's subset font. Its attachments
//     (AddAttachments) go through its writer, above.
//   - Its flate filter makes a new compressor for every stream, the cost
//     the finisher removes from gofpdf.
//
// Names are spelled by pdfcpu (types.EncodeName). The lexical rules (white
// space, delimiters, text strings) are internal/pdfsyntax's, which the
// reader shares.
package pdffinish
