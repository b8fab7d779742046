/*
S55 drafts, builds, checks, issues and archives the response that a Police
and Crime Commissioner publishes to an HMICFRS inspection report under
section 55 of the Police Act 1996: the PCC's letter to the Home Secretary and
Appendix 1, the force's response to every recommendation, as PDF and HTML.

Usage:

	s55 <command> [arguments]

The commands are:

	new --report TITLE --published DATE [--recommendations FILE|-] [--date DATE] [--office FILE] DIR
		Make the response folder DIR (never overwriting one): response.yaml
		with the report's recommendations, causes of concern and areas for
		improvement parsed from text pasted out of the report, and letter.md
		from the language's letter template. Prints the last day for
		publication.

	check [--strict] [--today DATE] [--office FILE] DIR...
		Load each response as build does and report every problem at once:
		the 56-day period of s.55(5A), a response for every recommendation
		(s.55(5B)), the copies to the Home Secretary and HMICFRS, numbering,
		stated counts, the recipient against the table of Home
		Secretaries, characters the PDF cannot print, referenced files,
		templates and accessibility. Exit status 1 on any error, or with
		--strict on any warning.

	build [-o OUT] [--office FILE] DIR...
		Check, then build each response into OUT/<id>/ (OUT is "out"):
		letter.pdf and letter.html, appendix-N.pdf and appendix-N.html, and
		response.pdf and response.html, the letter followed by its
		appendices as published. Everything is rendered before anything is
		written; a problem in any folder writes nothing.

	serve [--addr ADDR] [--poll] [--office FILE] DIR
		Preview a response at http://127.0.0.1:8055/, rebuilt on every save;
		open tabs reload themselves, or show the problems of a broken save.

	issue [--archive ARCHIVE] [--reason REASON] [--office FILE] DIR
		Check and build, then record the response in ARCHIVE (default
		"archive") as ARCHIVE/<id>/r<N>/: the published files, every input
		under source/, and manifest.json with the SHA-256 of every file.
		A revision is never rewritten; a correction is issued with --reason
		as a new revision superseding the latest.

	verify [--no-rebuild] [ARCHIVE]
		Check every archived file against its manifest, naming missing,
		extra and changed files, and build every revision again from its
		archived inputs, requiring the same bytes.

	index [-o SITE] [--tracker FILE] [--templates DIR] [ARCHIVE]
		Write a static site (default "site"): every issued response, newest
		first, with whether it met the 56-day limit; each response's
		documents; and a tracker of every recommendation's status from the
		dated updates in ARCHIVE/tracker.yaml, as HTML, CSV and JSON.

	unpack PDF DIR
		Extract the inputs every PDF made by s55 carries (source.zip) into
		DIR, to build the response again from the PDF alone.

	version
		Print the version.

Flags may stand before or after the folders.

A response folder holds response.yaml and the letter's body in Markdown. The
office profile, office.yaml in the folder above the response folders (or the
file named by --office), holds what every response of the office shares: the
PCC, the force, the letterhead, the signature, the default recipient and copy
list. README.md describes every field.

The Markdown is CommonMark with pipe tables. An HTML comment in it is a
drafting note: never published, and listed by check as a note. Other raw HTML,
links other than https, http, mailto, tel and places in the documents,
footnotes, pictures that are not a PNG or JPEG in the response folder with a
text alternative, and headings that skip a level are errors at their place.

Every problem with the inputs is printed as

	file:line:col: error: field.path: message

and the exit status is 1; bad usage exits with status 2.

Environment: SOURCE_DATE_EPOCH, when set, is the time of issue recorded by
issue. S55_FAULT makes issue fail before one step of writing the archive
("rename", "write manifest.json"); tests use it to prove that a failure
leaves no partial revision.
*/
package main
