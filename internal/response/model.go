// Package response owns the data of a response: the office profile, the
// response.yaml of one response folder, and the loader that turns them
// into a Response with every problem reported at its file:line:col. The
// files are decoded by the one strict decoder (package strictyaml); a
// Text, given in one language or several, and a Picture, or the word none,
// decode themselves through it.
package response

import (
	"time"

	"github.com/opcc-tools/s55/internal/day"
)

// Office is an office profile: who writes, for which force, and how the
// letter looks. One OPCC keeps one profile (responses/office.yaml); a
// response inherits it and may override any field in its own office section.
//
// The texts an office prints (titles, names, the letterhead ...) are Text:
// in an office of several languages each is given per language.
type Office struct {
	// Language is the BCP 47 tag of the documents, such as "en-GB"; it
	// chooses the phrase book in the templates. An office of several
	// languages gives Languages instead (or as well, the first of them).
	Language string `yaml:"language"`
	// Languages lists the languages the office publishes in, first the
	// one printed first: [cy-GB, en-GB]. With more than one, every
	// response is published in each, and as one bilingual response.
	Languages []string `yaml:"languages"`
	// Body is the kind of local policing body the office is: pcc (a
	// police and crime commissioner, the default), pfcc (a police, fire
	// and crime commissioner) or mayor (a mayor who holds a
	// commissioner's functions). It chooses the phrases that name the
	// office's role (see statute.Body).
	Body string `yaml:"body"`
	// PCC is who signs the letter for the office: the commissioner, or
	// for a mayor the mayor or the deputy who signs on the mayor's
	// behalf.
	PCC Person `yaml:"pcc"`
	// Force is the police force the office oversees.
	Force Force `yaml:"force"`
	// Letterhead lines print at the top of the letter's first page.
	Letterhead []Text `yaml:"letterhead"`
	// Logo is a picture printed at the head of the letter, above the
	// letterhead lines. Its text alternative may be "" when the
	// letterhead lines say what it says: it is then decoration.
	Logo *Picture `yaml:"logo"`
	// Signature is the scanned signature printed above the PCC's name;
	// "signature: none" leaves a space to sign by hand.
	Signature *Picture `yaml:"signature"`
	// Signatories, when given, sign the letter in place of the PCC and
	// the signature above: a joint letter (the PCC and the Chief
	// Constable), all under the one closing.
	Signatories []Signatory `yaml:"signatories"`
	// Reference is the reference line's text ("Our ref: ..."), when the
	// office's letters carry one; a letter's own replaces it.
	Reference Text `yaml:"reference"`
	// Delivery is the line above the recipient saying how the letter
	// goes, such as "By email"; a letter's own replaces it.
	Delivery Text `yaml:"delivery"`
	// SignOff replaces the phrase book's closing, such as "Yours sincerely".
	SignOff Text `yaml:"sign_off"`
	// Recipient is the default addressee of letters.
	Recipient *Recipient `yaml:"recipient"`
	// CC lists who receives a copy.
	CC []Text `yaml:"cc"`
	// Submission holds the e-mail addresses of the copy that s.55(6) sends
	// to the Home Secretary and HMICFRS: s55 issue writes it as a message
	// ready to send.
	Submission *Submission `yaml:"submission"`
	// Templates names a folder whose files override the default templates,
	// relative to the file that sets it.
	Templates string `yaml:"templates"`
	// Site names the folder the office's site is published into from
	// the desk of s55 serve, relative to the file that sets it; empty
	// means "site" beside it.
	Site string `yaml:"site"`
	// Typography sets the Markdown with curly quotes and dashes: "..."
	// becomes “...”, -- an en dash and --- an em dash. Off by default.
	Typography bool `yaml:"typography"`
	// SourceBundle, when false, leaves out the source bundle every PDF
	// otherwise carries (the inputs it was built from, drafting notes
	// removed). Unset means true.
	SourceBundle *bool `yaml:"source_bundle"`
}

// Bundle reports whether the PDFs carry their source bundle.
func (o Office) Bundle() bool {
	return o.SourceBundle == nil || *o.SourceBundle
}

// Submission is who the s.55(6) copy goes to, and from whom, as e-mail
// addresses ("Name <user@example.org>" or "user@example.org").
type Submission struct {
	// To are the Home Office's addresses.
	To []string `yaml:"to"`
	// CC are HMICFRS's addresses.
	CC []string `yaml:"cc"`
	// From is the office's own address, which replies go to.
	From string `yaml:"from"`
}

// Person is someone named in a letter.
type Person struct {
	// Name may stay one string in every language.
	Name Text `yaml:"name" s55:"same"`
	// Title may run over several lines, given as a block or a list:
	// "Deputy Mayor for Policing and Crime" and "on behalf of the Mayor
	// of London". The letter prints it as lines; a sentence, as one line
	// (Text.Line).
	Title Text `yaml:"title" s55:"lines"`
}

// Signatory is one who signs a letter: a name, a title of one or more
// lines, and the signature.
type Signatory struct {
	// Name may stay one string in every language.
	Name Text `yaml:"name" s55:"same"`
	// Title may run over several lines, as Person's.
	Title Text `yaml:"title" s55:"lines"`
	// Signature is the scanned signature, or none (signature: none) for
	// a space to sign by hand; when left out, nothing is printed above
	// the name.
	Signature *Picture `yaml:"signature"`
}

// Force is a police force.
type Force struct {
	// Name is the full name: "Cambridgeshire Constabulary".
	Name Text `yaml:"name"`
	// ShortName is how the text refers to it: "the Constabulary".
	ShortName Text `yaml:"short_name"`
	// ChiefOfficer is the chief officer's title: "Chief Constable".
	ChiefOfficer Text `yaml:"chief_officer"`
}

// Picture is an image file with its text alternative. Where a picture
// is a signature, the word none in its place (signature: none) asks for
// a space to sign by hand instead.
type Picture struct {
	// None is set by "none" in the picture's place.
	None bool `yaml:"-"`
	// File is the PNG or JPEG file, relative to the YAML file naming it.
	File string `yaml:"file"`
	// Alt is the text alternative read out in place of the image.
	Alt Text `yaml:"alt"`
	// Width is the printed width in millimetres; the height follows.
	Width float64 `yaml:"width"`
}

// Recipient is the addressee of the letter.
type Recipient struct {
	// Name may stay one string in every language.
	Name       Text   `yaml:"name" s55:"same"`
	Role       Text   `yaml:"role"`
	Address    []Text `yaml:"address"`
	Salutation Text   `yaml:"salutation"`
}

// Response is the content of a response folder's response.yaml.
type Response struct {
	// Office overrides fields of the office profile for this response.
	Office *Office `yaml:"office"`
	// Report is the inspection report responded to.
	Report Report `yaml:"report"`
	// Letter is the PCC's letter.
	Letter Letter `yaml:"letter"`
	// Appendices follow the letter; Appendix 1 carries the force's response.
	Appendices []Appendix `yaml:"appendices"`
	// ChiefOfficerDue is the day the office asked the chief officer's
	// comments by (s.55(4)): the force's answers to the items addressed
	// to it. s55 invite --due records it.
	ChiefOfficerDue time.Time `yaml:"chief_officer_due"`
}

// Report describes the inspection report.
type Report struct {
	Title Text `yaml:"title"`
	// Inspectorates that published it: "HMICFRS", "HMCPSI".
	Inspectorates []string `yaml:"inspectorates"`
	// Published is the day the report was published; the statutory clock
	// starts on it.
	Published time.Time `yaml:"published"`
	// Scope is "force", "multi-force" or "national".
	Scope string `yaml:"scope"`
	URL   string `yaml:"url"`
}

// Letter is the PCC's letter to the Home Secretary.
type Letter struct {
	Date time.Time `yaml:"date"`
	// Recipient overrides the office's default recipient.
	Recipient *Recipient `yaml:"recipient"`
	// Subject replaces the phrase book's subject line.
	Subject Text `yaml:"subject"`
	// Body names the Markdown file holding the letter's paragraphs: one
	// file for each language of a bilingual office.
	Body Text `yaml:"body"`
	// CC replaces the office's copy list.
	CC []Text `yaml:"cc"`
	// Signatories replace the office's signatories: a joint letter.
	Signatories []Signatory `yaml:"signatories"`
	// Reference and Delivery replace the office's reference line and
	// delivery line.
	Reference Text `yaml:"reference"`
	Delivery  Text `yaml:"delivery"`
}

// Appendix is an appendix of the letter.
type Appendix struct {
	Title Text `yaml:"title"`
	// Introduction is Markdown printed before the items.
	Introduction Text   `yaml:"introduction"`
	Items        []Item `yaml:"items"`
}

// Kinds of item.
const (
	Recommendation     = "recommendation"
	CauseOfConcern     = "cause-of-concern"
	AreaForImprovement = "area-for-improvement"
)

// Statuses an item can be tracked in: reported-complete is the force's
// word that it has done what the item asks, closed is HMICFRS's that it
// agrees, other-body marks an item addressed to others, and
// not-applicable one that does not apply to the force, which always says
// why. The last, complete, is the older name of reported-complete, still
// read as it.
var Statuses = []string{"not-started", "in-progress", "reported-complete", "closed", "other-body", "not-applicable", "complete"}

// StatusNeedsReason reports whether an item in status s must say why:
// not-applicable does.
func StatusNeedsReason(s string) bool { return s == "not-applicable" }

// Positions are the positions a response may take on an item.
var Positions = []string{"accepted", "partly-accepted", "not-accepted", "not-applicable"}

// PositionNeedsReason reports whether a position must give its reason.
func PositionNeedsReason(p string) bool {
	return p == "not-accepted" || p == "not-applicable"
}

// CanonicalStatus returns the name a status is tracked under: complete is
// read as reported-complete, every other status as itself.
func CanonicalStatus(s string) string {
	if s == "complete" {
		return "reported-complete"
	}
	return s
}

// Item is a recommendation, cause of concern or area for improvement of the
// report, with the force's response to it.
type Item struct {
	Kind   string `yaml:"kind"`
	Number int    `yaml:"number"`
	// Text is the report's own words, in Markdown.
	Text Text `yaml:"text"`
	// Addressees are the bodies the report addresses the item to.
	Addressees []Text `yaml:"addressees"`
	// Deadline is the report's deadline as it states it: "Immediately",
	// "Within three months", "By 31 March 2024".
	Deadline Text `yaml:"deadline"`
	// Response is the force's response in Markdown. When empty, the
	// standard sentence named by Standard answers for the force.
	Response Text `yaml:"response"`
	// Standard names the standard sentence of the phrase book used when
	// Response is empty; the default is "other-bodies".
	Standard string `yaml:"standard"`
	// Comment is the PCC's own comment on the item, in Markdown.
	Comment Text `yaml:"comment"`
	// OfficeResponse is the office's own answer, in Markdown, to an item
	// the report addresses to the office itself (police and crime
	// commissioners, PFCCs, mayors, local policing bodies).
	OfficeResponse Text `yaml:"office_response"`
	// Position is where the response stands on the item: one of
	// Positions, or empty for none stated.
	Position string `yaml:"position"`
	// PositionReason is why, in Markdown: required when the position is
	// not-accepted or not-applicable.
	PositionReason Text `yaml:"position_reason"`
	// Status tracks what became of the item.
	Status string `yaml:"status"`
	// Owner is who in the force answers for the item, and Target the day
	// the force aims to finish by: the tracker starts from them when the
	// response is issued.
	Owner  string    `yaml:"owner"`
	Target time.Time `yaml:"target"`
	// Items are the recommendations under a cause of concern.
	Items []Item `yaml:"items"`
}

// DeadlineDay is the day the item's deadline sets, in the report's words
// (day.Deadline), counting from published: in an item written in several
// languages, the first language's that sets one. unread lists the field
// path, under path (the item's), of each of its strings that cannot be
// read, with the words; they stay as they are.
func (it Item) DeadlineDay(path string, published time.Time) (t time.Time, unread []Unread) {
	texts := it.Deadline.Translations()
	if texts == nil {
		texts = []Translation{{Text: it.Deadline.String()}}
	}
	for _, tr := range texts {
		d, ok := day.Deadline(tr.Text, published)
		switch {
		case !ok:
			unread = append(unread, Unread{Path: it.Deadline.Path(path+".deadline", tr.Lang), Text: tr.Text})
		case t.IsZero():
			t = d
		}
	}
	return t, unread
}

// Unread is a field's words that could not be read, at its field path.
type Unread struct{ Path, Text string }
