// Command s55 drafts, builds, checks, issues and archives the response that a
// Police and Crime Commissioner publishes to an HMICFRS inspection report
// under section 55 of the Police Act 1996.
//
// Its manual is the folder docs of this module, a Markdown page for each
// command and each topic (start at docs/README.md), and the command prints
// the same pages:
//
//	s55 help            what s55 is, the commands and the topics
//	s55 help COMMAND    a command's manual and its flags (as s55 COMMAND -h)
//	s55 help TOPIC      a topic, such as office, response or archive
package main
