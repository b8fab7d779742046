/*
S55 drafts, builds and checks the response that a Police and Crime
Commissioner publishes to an HMICFRS inspection report under section 55 of
the Police Act 1996: the PCC's letter to the Home Secretary and Appendix 1,
the force's response to every recommendation, as PDF and as HTML.

Usage:

	s55 <command> [arguments]

The commands are:

	build [-o OUT] [--office FILE] DIR...
		Build each response folder DIR into OUT/<id>/ (OUT is "out" by
		default): letter.pdf and letter.html, appendix-N.pdf and
		appendix-N.html for each appendix, and response.pdf and
		response.html, the letter followed by its appendices as published.
		Every folder is rendered before anything is written; a problem in
		any of them writes nothing. An earlier build of the same response
		is replaced as a whole.

	version
		Print the version.

Flags may stand before or after the folders.

A response folder holds response.yaml and the letter's body in Markdown. The
office profile, office.yaml in the folder above the response folders (or the
file named by --office), holds what every response of the office shares: the
PCC, the force, the letterhead, the signature, the default recipient and copy
list. README.md describes every field.

Every problem with the inputs is printed as

	file:line:col: error: message

and the exit status is 1; bad usage exits with status 2.
*/
package main
