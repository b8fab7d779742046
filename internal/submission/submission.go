// Package submission writes the copy of a published response that
// s.55(6) of the Police Act 1996 sends to the Home Secretary and HMICFRS:
// an e-mail message (RFC 5322, MIME) to the addresses of the office
// profile, with the published PDF attached and the subject and body from
// the phrase book. It is marked as unsent (X-Unsent: 1), so that Outlook
// opens it as a draft to send.
//
// The message's bytes follow from its inputs alone: the date is the time
// of issue, and the Message-ID and the MIME boundary are digests of the
// content, never random. The archive keeps the message inside the
// revision, and verify makes it again from the archived inputs.
package submission

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/day"
	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/statute"
	"github.com/opcc-tools/s55/internal/theme"
)

// FileName is the message's name in an issued revision.
const FileName = "submission.eml"

// Fields are the fields of the office profile the message needs, with
// what to write in each, in the profile's order.
var Fields = []response.OfficeField{
	{Path: "submission.to", What: "the Home Office's address for the s.55(6) copy",
		Help: `the Home Office's e-mail address for copies of section 55 responses, as "Name <user@example.org>" or "user@example.org"`},
	{Path: "submission.cc", What: "HMICFRS's address for the s.55(6) copy",
		Help: `HMICFRS's e-mail address for copies of section 55 responses, as "Name <user@example.org>" or "user@example.org"`},
	{Path: "submission.from", What: "the office's own e-mail address",
		Help: `the address replies go to, as "Office of the PCC <enquiries@example.org>"`},
}

// Addresses are the parsed addresses of a message.
type Addresses struct {
	To, CC []*mail.Address
	From   *mail.Address
}

// Check parses the submission addresses of a loaded response's office and
// reports every problem at its place: a field left empty, or a value
// that is not an e-mail address.
func Check(f *response.Folder) (*Addresses, diag.List) {
	var diags diag.List
	s := f.Office.Submission
	if s == nil {
		s = &response.Submission{}
	}
	fail := func(path, format string, args ...any) {
		src, p := f.Locate("office." + path)
		pos := src.At(p)
		diags.Add(src.File, pos.Line, pos.Col, p, format, args...)
	}
	missing := func(path string) {
		for _, fl := range Fields {
			if fl.Path == path {
				fail(path, "%s", fl.Missing())
			}
		}
	}
	parse := func(path, v string) *mail.Address {
		a, err := mail.ParseAddress(v)
		if err != nil {
			if name, _, ok := strings.Cut(v, "<"); ok && strings.ContainsAny(name, ",;:") && !strings.Contains(name, `"`) {
				// "Office of the Police, Fire and Crime Commissioner": the
				// comma would start another address.
				fail(path, "%q is not an e-mail address: a name holding a comma goes in double quotes, \"%s\" <%s", v, strings.TrimSpace(name), strings.TrimSuffix(strings.TrimSpace(v[len(name)+1:]), ">"))
				return nil
			}
			fail(path, "%q is not an e-mail address (%v): write it as user@example.org or as Name <user@example.org>", v, err)
			return nil
		}
		return a
	}
	var out Addresses
	list := func(path string, values []string) []*mail.Address {
		if len(values) == 0 {
			missing(path)
		}
		var as []*mail.Address
		for i, v := range values {
			if a := parse(fmt.Sprintf("%s[%d]", path, i), v); a != nil {
				as = append(as, a)
			}
		}
		return as
	}
	out.To = list("submission.to", s.To)
	out.CC = list("submission.cc", s.CC)
	if strings.TrimSpace(s.From) == "" {
		missing("submission.from")
	} else {
		out.From = parse("submission.from", s.From)
	}
	if diags.Errors() > 0 {
		return nil, diags
	}
	return &out, nil
}

// Message is what one message holds.
type Message struct {
	Addresses
	// Subject and Body are the phrase book's, filled in.
	Subject, Body string
	// Date is the time of issue.
	Date time.Time
	// Attachment is the published PDF, attached as AttachmentName.
	Attachment     []byte
	AttachmentName string
}

// view is what the phrases of the message are given.
type view struct {
	// Title, Inspectorates and URL are the report's, Title in the
	// phrase book's language.
	Title         string
	Inspectorates []string
	URL           string
	// Published, LetterDate and LastDay are formatted as the phrase book
	// writes dates; DaysLate is how late the letter is.
	Published, LetterDate, LastDay string
	DaysLate                       int
	// PCC and Force are the office's, each text in the phrase book's
	// language (see response.View).
	PCC, Force any
	// File is the attachment's name.
	File string
}

// New makes the message for the loaded response f, built with themes
// (one a language, in the office's order), whose published PDF is pdf,
// issued at issued. The subject and body come from each phrase book's
// submission_subject and submission_body: an office that publishes in
// several languages writes the message in each, in its order, at equal
// weight, as it does the response.
//
// A correction (corr not nil) says so: its subject is the phrase book's
// submission_corrected_subject around the first issue's, and its body
// opens with the corrected line, then the fields of response.yaml that
// changed from the revision it replaces.
func New(f *response.Folder, themes []*theme.Theme, pdf []byte, issued time.Time, corr *published.Correction) (*Message, diag.List) {
	addrs, diags := Check(f)
	if addrs == nil {
		return nil, diags
	}
	m := &Message{Addresses: *addrs, Date: issued.UTC(), Attachment: pdf, AttachmentName: f.ID + ".pdf"}
	var subjects, bodies []string
	for _, th := range themes {
		date := func(t time.Time) string { return day.Format(th, t) }
		r := f.Response.Report
		clock := statute.NewClock(r.Published)
		lastDay, daysLate := clock.LastDay, clock.DaysLate(f.Response.Letter.Date)
		v := view{Title: r.Title.In(th.Lang), Inspectorates: r.Inspectorates, URL: r.URL,
			Published: date(r.Published), LetterDate: date(f.Response.Letter.Date), LastDay: date(lastDay), DaysLate: daysLate,
			PCC: response.View(f.Office.PCC, th.Lang), Force: response.View(f.Office.Force, th.Lang), File: m.AttachmentName}
		subject, err := th.Phrase("submission_subject", v)
		if err != nil {
			return nil, append(diags, diag.As(err, ""))
		}
		body, err := th.Phrase("submission_body", v)
		if err != nil {
			return nil, append(diags, diag.As(err, ""))
		}
		if corr != nil {
			if subject, body, err = corrected(th, f, corr, subject, body); err != nil {
				return nil, append(diags, diag.As(err, ""))
			}
		}
		subjects = append(subjects, strings.Join(strings.Fields(subject), " "))
		bodies = append(bodies, strings.TrimRight(body, "\n")+"\n")
	}
	m.Subject = strings.Join(subjects, " / ")
	m.Body = strings.Join(bodies, "\n")
	if _, err := fold("Subject: " + mime.QEncoding.Encode("utf-8", m.Subject)); err != nil {
		return nil, append(diags, diag.Diagnostic{File: f.Source.File, Severity: diag.Error, Path: "report.title",
			Msg: "the message's subject cannot be written: " + err.Error()})
	}
	return m, diags
}

// corrected is the subject and body of a first issue of f, made those of
// the correction corr in the phrase book of th.
func corrected(th *theme.Theme, f *response.Folder, corr *published.Correction, subject, body string) (string, string, error) {
	v := struct{ Day, Reason, Replaces string }{day.Format(th, corr.Day), corr.Why(), day.Format(th, corr.Replaces)}
	subject, err := th.Phrase("submission_corrected_subject", subject)
	if err != nil {
		return "", "", err
	}
	line, err := th.Phrase("corrected", v)
	if err != nil {
		return "", "", err
	}
	name := "submission_changed"
	if len(corr.Changed) == 0 {
		name = "submission_unchanged"
	}
	changed, err := th.Phrase(name, v)
	if err != nil {
		return "", "", err
	}
	var b strings.Builder
	b.WriteString(strings.TrimSpace(line) + "\n\n" + strings.TrimSpace(changed) + "\n")
	for _, c := range corr.Changed {
		b.WriteString("- " + changedField(th, f, c) + "\n")
	}
	return subject, b.String() + "\n" + body, nil
}

// itemPath is the field path of an item of an appendix, or of one under
// a cause of concern, and the rest of the path.
var itemPath = regexp.MustCompile(`^appendices\[(\d+)\]\.items\[(\d+)\](?:\.items\[(\d+)\])?`)

// changedField names a changed field of response.yaml as the e-mail lists
// it: the field path, after the item it belongs to as the documents name
// it ("Recommendation 2: appendices[0].items[1].response").
func changedField(th *theme.Theme, f *response.Folder, path string) string {
	m := itemPath.FindStringSubmatch(path)
	if m == nil {
		return path
	}
	n := func(s string) int { i, _ := strconv.Atoi(s); return i }
	a := n(m[1])
	if a >= len(f.Response.Appendices) || n(m[2]) >= len(f.Response.Appendices[a].Items) {
		return path
	}
	it := f.Response.Appendices[a].Items[n(m[2])]
	if m[3] != "" {
		if n(m[3]) >= len(it.Items) {
			return path
		}
		it = it.Items[n(m[3])]
	}
	name, err := th.Phrase(it.Kind+"_outline", struct{ Number int }{it.Number})
	if err != nil || strings.TrimSpace(name) == "" {
		return path
	}
	return strings.TrimSpace(name) + ": " + path
}

// WriteTo writes the message as RFC 5322 with MIME: a multipart/mixed of
// the body as quoted-printable UTF-8 text and the PDF in base64, every
// line ended by CRLF. The same message gives the same bytes.
func (m *Message) WriteTo(w io.Writer) (int64, error) {
	sum := sha256.New()
	fmt.Fprintf(sum, "%s\x00%s\x00%s\x00", m.Date.Format(time.RFC3339), m.Subject, m.Body)
	sum.Write(m.Attachment)
	digest := hex.EncodeToString(sum.Sum(nil))
	domain := "s55.invalid"
	if m.From != nil {
		if i := strings.LastIndexByte(m.From.Address, '@'); i >= 0 && i+1 < len(m.From.Address) {
			domain = m.From.Address[i+1:]
		}
	}

	var b bytes.Buffer
	var ferr error
	header := func(name, value string) {
		f, err := fold(name + ": " + value)
		if err != nil && ferr == nil {
			ferr = err
		}
		b.WriteString(f)
		b.WriteString("\r\n")
	}
	addresses := func(as []*mail.Address) string {
		s := make([]string, len(as))
		for i, a := range as {
			s[i] = a.String()
		}
		return strings.Join(s, ", ")
	}
	header("X-Unsent", "1")
	if m.From != nil {
		header("From", m.From.String())
	}
	header("To", addresses(m.To))
	if len(m.CC) > 0 {
		header("Cc", addresses(m.CC))
	}
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", m.Date.Format(time.RFC1123Z))
	header("Message-ID", "<"+digest[:40]+"@"+domain+">")
	header("MIME-Version", "1.0")

	mw := multipart.NewWriter(&b)
	if err := mw.SetBoundary("s55-" + digest[40:]); err != nil {
		return 0, err
	}
	header("Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": mw.Boundary()}))
	if ferr != nil {
		return 0, ferr
	}
	b.WriteString("\r\n")

	text, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return 0, err
	}
	qp := quotedprintable.NewWriter(text)
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\r", "\n")
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	if _, err := io.WriteString(qp, body); err != nil {
		return 0, err
	}
	if err := qp.Close(); err != nil {
		return 0, err
	}
	// multipart writes a part's fields as given: fold them here.
	folded := func(name, value string) []string {
		f, err := fold(name + ": " + value)
		if err != nil && ferr == nil {
			ferr = err
		}
		return []string{strings.TrimPrefix(f, name+": ")}
	}
	att, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              folded("Content-Type", mime.FormatMediaType("application/pdf", map[string]string{"name": m.AttachmentName})),
		"Content-Disposition":       folded("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": m.AttachmentName})),
		"Content-Transfer-Encoding": {"base64"},
	})
	if err != nil {
		return 0, err
	}
	if ferr != nil {
		return 0, ferr
	}
	enc := base64.StdEncoding.EncodeToString(m.Attachment)
	for len(enc) > 76 {
		io.WriteString(att, enc[:76]+"\r\n")
		enc = enc[76:]
	}
	io.WriteString(att, enc+"\r\n")
	if err := mw.Close(); err != nil {
		return 0, err
	}
	b.WriteString("\r\n")
	return b.WriteTo(w)
}

// Bytes returns the message as WriteTo writes it.
func (m *Message) Bytes() ([]byte, error) {
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Header lines: RFC 5322 asks for lines of at most 78 characters where
// the field allows, and forbids any over 998.
const (
	lineWidth = 78
	lineLimit = 998
)

// fold folds a header field so that its lines stay within lineWidth: a
// line breaks before the white space that ends a word (RFC 5322 folding:
// the break and the space are read back as the space), between addresses,
// between the words of a display name or a subject, and between the
// encoded words (RFC 2047) that mime.QEncoding and net/mail write for
// text outside ASCII, each at most 75 characters. A word longer than a
// line stays whole; a field that holds a line break of its own, or a line
// over lineLimit, is an error, never written.
func fold(field string) (string, error) {
	if strings.ContainsAny(field, "\r\n") {
		name, _, _ := strings.Cut(field, ":")
		return "", fmt.Errorf("the %s field holds a line break, which a header cannot carry", name)
	}
	words := strings.SplitAfter(field, " ")
	var b strings.Builder
	line := 0
	for i, w := range words {
		if i > 0 && line > 1 && line+len(strings.TrimRight(w, " ")) > lineWidth {
			// The space that ends the line starts the next, as the
			// folding white space.
			s := strings.TrimSuffix(b.String(), " ")
			b.Reset()
			b.WriteString(s)
			b.WriteString("\r\n ")
			line = 1
		}
		b.WriteString(w)
		line += len(w)
	}
	out := b.String()
	for _, l := range strings.Split(out, "\r\n") {
		if len(l) > lineLimit {
			name, _, _ := strings.Cut(field, ":")
			return "", fmt.Errorf("the %s field holds a word of %d characters, longer than a line of an e-mail header may be (%d)", name, len(strings.TrimSpace(l)), lineLimit)
		}
	}
	return out, nil
}
