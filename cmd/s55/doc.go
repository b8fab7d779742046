/*
S55 drafts, builds, checks, issues and archives the response that a Police
and Crime Commissioner publishes to an HMICFRS inspection report under
section 55 of the Police Act 1996: the PCC's letter to the Home Secretary
and Appendix 1, the force's response to every recommendation, as PDF and
HTML.

Usage:

	s55 <command> [arguments]

The commands are:

	init [--pcc NAME] [--pcc-title TITLE] [--force NAME] [--force-short S] [--chief-officer TITLE] [--language TAG] [--signature FILE] [--signature-alt TEXT] [--letterhead LINE]... [--cc WHO]... DIR
		Start an office: write DIR/office.yaml, the office profile,
		with every field present under a comment that says what to
		write there, and the JSON Schemas of the files beside it
		(office.schema.json, response.schema.json), which editors
		read to complete and check fields. The flags fill the common
		fields; the fields s55 needs and the flags leave empty are
		marked TO FILL, and check names each one left at its line,
		with what to write. The recipient is the Home Secretary,
		whose name s55 new fills in for each letter's date. DIR is
		made if needed. init never overwrites a file: when
		DIR/office.yaml is there it exits with status 1 and changes
		nothing, and schemas already there are left as they are.

		--languages cy-GB,en-GB starts an office that publishes in
		several languages, the first printed first (--language TAG
		is for an office of one). Every text of the profile is then
		a mapping of the languages, and the names that stay the same
		(the PCC's, the recipient's) one string. A text flag gives
		the text in the first language, and the other languages' are
		left empty and marked TO FILL: one flag for each field,
		whatever the languages, and every translation written in the
		profile, beside the other language, where check names each
		one still to write at its line. The chief officer's title
		and the recipient (the Home Secretary at the Home Office,
		and the greeting) come from each language's phrase book.

	new --report TITLE --published DATE [--recommendations FILE|-] [--date DATE] [--office FILE] DIR
		Make the response folder DIR, never overwriting one:
		response.yaml with the report's recommendations, causes of
		concern and areas for improvement parsed from text pasted
		out of the report (--recommendations FILE, or - for standard
		input), and letter.md from the language's letter template,
		addressed to the Home Secretary of the letter's date. The
		office profile is office.yaml beside DIR, or --office FILE.
		Prints the last day for publication. The new folder passes
		check except for the responses still to write.

	check [--strict] [--today DATE] [--office FILE] DIR...
		Load each response as build does and report every problem at
		once: the 56-day period of s.55(5A), a response for every
		recommendation (s.55(5B)), the copies to the Home Secretary
		and HMICFRS, numbering, stated counts, the recipient against
		the table of Home Secretaries, the office profile's unfilled
		fields, characters that no text may hold or that the PDF
		cannot print (as decoded, so an escape is checked as the
		character it stands for), referenced files, templates and
		accessibility. DIR may be "." inside a response folder.
		Prints where each response stands against the clock. The
		messages are English, with the English edition's dates in an
		office that publishes in English too. In an office of
		several languages, a folder whose profile still has fields
		to fill is told the texts still to translate as well. Exit
		status 1 on any error, or with --strict on any warning.

	build [-o OUT] [--office FILE] DIR...
		Check, then build each response into OUT/<id>/ (OUT is
		"out", <id> the folder's name): letter.pdf and letter.html,
		appendix-N.pdf and appendix-N.html, and response.pdf and
		response.html, the letter followed by its appendices as
		published. For an office of several languages (languages:
		[cy-GB, en-GB] in office.yaml), each language's documents
		are marked with it, letter.cy.pdf, letter.cy.html,
		appendix-1.cy.pdf ... response.cy.pdf, and the same for .en,
		and response.pdf and response.html are the bilingual
		response: the whole response in each language, one after the
		other, in the office's order. Every folder is checked before
		anything is written, and a problem in any folder writes
		nothing; then each is rendered and written in turn, put in
		place whole. OUT/<id> is replaced only when it holds nothing
		but a build's own files. build never writes into an archive,
		a folder inside one, or a folder holding a response's inputs
		(office.yaml, response.yaml, response folders).

	serve [--addr ADDR] [--public] [--poll] [--office FILE] DIR
		Preview a response in the browser at http://127.0.0.1:8055/,
		rebuilt on every save; open tabs reload themselves, or show
		the problems of a broken save. It listens on loopback only:
		an --addr that other machines could reach (":8055" and
		0.0.0.0:8055 listen on every interface) is refused unless
		--public is given, and the address printed is the one really
		listened on. The index names each document in words, in an
		office of several languages with its language ("Letter
		(Welsh)").

		The editor, at /_s55/edit, puts forms beside the preview for
		the letter's body (in an office of several languages, a box
		for each language's file, each saved on its own, with its
		own version), each appendix's title and introduction, and
		each item's report text, force response, PCC comment,
		status, addressees and deadline; /_s55/new makes a new
		response beside this one from the report's pasted text, as
		new does. A save checks the response as check does and is
		refused, with each problem beside its field, when the change
		brings an error; otherwise it writes response.yaml in place,
		every other byte and comment as it was (or the letter's
		files as text), atomically, and only when the file has not
		changed since the form read it: if it has, the form shows
		the file's text beside the one typed and loses nothing.
		Saves are taken only from this machine, with the token of
		this start; the API the page uses is in README.md.

		A save is checked while pages, previews and other saves go
		on: only writing the file and publishing its pages take
		turns with other saves and rebuilds. An edit made in another
		program is rebuilt as soon as its write has finished, when
		two looks at the files 5 ms apart find them the same, rather
		than after a fixed wait.

	issue [--archive ARCHIVE] [--reason REASON] [--office FILE] DIR
		Check and build, then record the response in ARCHIVE
		(default "archive") as ARCHIVE/<id>/r<N>/: the published
		files, every input under source/, submission.eml (the
		s.55(6) copy: an e-mail message to the office profile's
		submission addresses, the Home Office and a copy to HMICFRS,
		with response.pdf attached, which Outlook opens as a draft
		to send), and manifest.json with the SHA-256 of every file,
		the revision's number in the order of issue across the
		archive and the SHA-256 of the manifest issued before it. A
		revision is never rewritten; a correction is issued with
		--reason as a new revision superseding the latest. Issues
		into one archive take turns.

	verify [--no-rebuild] [--against SITE] [ARCHIVE]
		Prove the archive: revisions r1 to rN of each response with
		no gap, real folders holding real files, each file as its
		manifest says, no file missing or extra, each manifest valid
		for its folder, and the chain of manifests unbroken from the
		first issued to the last, whose SHA-256 (the chain head) is
		printed. Then build every revision again from its archived
		inputs and derive its manifest again: dates, days late,
		report, source, the exact set of outputs, and their bytes,
		must all be the same. --against SITE also proves that the
		archive still holds exactly what a saved copy of the
		published site lists in its archive.json, so a rewrite of
		the whole archive is caught by anyone holding an older copy.

	index [-o SITE] [--tracker FILE] [--templates DIR] [ARCHIVE]
		Write a static site (default "site"): every issued response,
		newest first, with whether it met the 56-day limit and the
		SHA-256 of every document; the chain head; each revision's
		documents and manifest; archive.json with the same for
		machines; and a tracker of every recommendation's status
		from the dated updates in ARCHIVE/tracker.yaml, as HTML, CSV
		and JSON, with each item's dated history, its RAG rating on
		the day of the run (--today), the counts by status and
		rating for each response and overall, and the changes since
		--since (default three months before); and tracker.ics, an
		iCalendar feed of every target date and every last day for
		publication that a calendar can subscribe to. The days each
		response was sent and published, and why it was late, come
		from ARCHIVE/events.yaml. A revision's folder is written
		once, its documents hard-linked from the archive where the
		file system allows; a later run writes only the pages that
		list. The revisions are read, proved and written on every
		processor at once. SITE must be new, empty or a site index
		wrote.

	status [--archive ARCHIVE] [--json] [--today DATE] [--office FILE] [DIR...]
		What is due, and when: one line for every draft response
		folder (DIR may be a response folder or a folder of them,
		such as responses/) and, with --archive, every response
		issued into ARCHIVE, most urgent first: folders that do not
		load; drafts past their last day, the latest first; drafts
		by the days left; issued responses not yet sent to the Home
		Secretary and HMICFRS; then the rest. Each line gives the
		report, the day it was published, the last day for
		publication (s.55(5A)), the days left or how late, the
		recommendations and areas for improvement still unanswered
		(no response, and no addressees for the standard sentence),
		and whether the response is issued (a draft whose id is
		issued says so), sent and published, as s55 record recorded
		them. --json prints the same as a JSON array with stable
		field names. --today reads the clock on another day. A
		folder that does not load is one line saying so, and the
		exit status is then 1.

	track --status S [--owner WHO] [--target DATE] [--note TEXT] [--evidence URL] [--date DATE] ARCHIVE RESPONSE ITEM
		Record a dated update of one item of an issued response:
		append it to ARCHIVE/tracker.yaml, keeping every byte
		already there, comments too, and put the file in place
		atomically. ITEM is the item's name in the documents: rec-1,
		coc-1, afi-1, a2-rec-1 in a second appendix. The update is
		refused, with exit status 1 and nothing written, when the
		response is not issued, the item is not one of its latest
		revision's, the status is not one of not-started,
		in-progress, reported-complete (by the force), closed (by
		HMICFRS) and other-body, the date (default today) is before
		the day of issue, or the evidence is not a web address the
		link policy publishes. Tracks, records and issues into one
		archive take turns, so two at once both land. The next index
		shows the update: the item's history, its RAG rating (from
		the status and the target date, never typed) and the counts.

	record [--sent DATE] [--published DATE] [--reason TEXT] [--today DATE] ARCHIVE RESPONSE
		Record when the latest revision of an issued response was
		sent to the Home Secretary and HMICFRS (s.55(6)), with the
		message issue wrote, and when it was published on the
		office's website: append it to ARCHIVE/events.yaml, keeping
		every byte already there. A day before the day of issue, or
		after today, is refused; so is a publication after the last
		day (or of a late letter) without --reason, unless a reason
		was recorded before. The next index shows the days and the
		reason beside the response, and status shows it sent.

	unpack PDF DIR
		Extract the inputs every PDF made by s55 carries
		(source.zip) into DIR, to build the response again from the
		PDF alone. Any PDF reader's re-save of the PDF unpacks as
		well. A bundle of more than 10,000 entries or 64 MiB, or one
		whose paths or index are not plain, is refused, and nothing
		is written.

	version
		Print the version: the module's version when s55 was
		installed with go install, else the commit of the repository
		it was built from, also under go run, or "(devel)" when
		nothing is known.

	help [COMMAND]
		Print the list of commands, or the manual and flags of
		COMMAND.

Flags may stand before or after the folders. "s55 help COMMAND" and "s55
COMMAND -h" print a command's manual and flags.

A response folder holds response.yaml and the letter's body in Markdown. The
office profile, office.yaml in the folder above the response folders (or the
file named by --office), holds what every response of the office shares: the
PCC, the force, the letterhead, the signature, the default recipient and
copy list; s55 init writes one to fill. README.md describes every field.

The Markdown is CommonMark with pipe tables. An HTML comment in it is a
drafting note: never published, and listed by check as a note. Other raw
HTML, links other than https, http, mailto, tel and places in the documents,
footnotes, pictures that are not a PNG or JPEG in the response folder with a
text alternative, and headings that skip a level are errors at their place.

No Markdown takes longer to read than in proportion to its length. For that,
a few caps hold, each far past what a published document can use, and each
an error at the place it is passed: lists, quotes and ::: passages nest at
most six levels (and s55 reads no further into a line that opens more than
16 blocks, a list counting two: the list and its item); a table has at most
64 columns; a paragraph or a heading holds at most 256 of the marks "[",
"]", "*", "_" and "<" (a paragraph needing more is a list or a table).

Every problem with the inputs is printed as

	file:line:col: error: field.path: message

and the exit status is 1; bad usage exits with status 2.

Environment: SOURCE_DATE_EPOCH, when set, is the time of issue recorded by
issue. S55_FAULT makes issue fail before one step of writing the archive
("rename", "write manifest.json"), and S55_FAULT=pause:STEP makes it wait
there ("locked", "write NAME", "rename", "issued"); tests use them to prove
that a failure, or a kill, leaves a complete revision or none.
*/
package main
