package submission

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

func folder(s *response.Submission, title string) *response.Folder {
	src := &response.Source{File: "office.yaml", Pos: map[string]response.Pos{"": {Line: 1, Col: 1}}}
	return &response.Folder{
		ID: "2024-02-01-peel", Source: &response.Source{File: "response.yaml"}, OfficeSource: src,
		Office: response.Office{Submission: s, PCC: response.Person{Name: response.Plain("Dafydd Llywelyn"), Title: response.Plain("Comisiynydd Heddlu a Throseddu Dyfed-Powys")}},
		Response: response.Response{
			Report: response.Report{Title: response.Plain(title), Inspectorates: []string{"HMICFRS"}, Published: time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)},
			Letter: response.Letter{Date: time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)},
		},
	}
}

// TestMessage reads the message back with net/mail and mime/multipart:
// names and subjects outside ASCII come back as written, every line ends
// in CRLF within 78 octets where words allow, the attachment's bytes are
// the PDF's, and the same inputs give the same bytes.
func TestMessage(t *testing.T) {
	th, diags := theme.Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	pdf := bytes.Repeat([]byte("%PDF-1.7 \x00\xff binary "), 500)
	sub := &response.Submission{
		To:   []string{"Swyddfa Gartref <s55@homeoffice.example>", "second@homeoffice.example"},
		CC:   []string{`"Arolygiaeth, EF" <s55@hmicfrs.example>`},
		From: "Swyddfa’r Comisiynydd <swyddfa@opcc.example>",
	}
	title := "Arolygiad PEEL 2023–25: effeithiolrwydd, effeithlonrwydd a chyfreithlondeb Heddlu Dyfed-Powys – ŵ ŷ"
	issued := time.Date(2024, 3, 21, 9, 30, 0, 0, time.UTC)
	m, diags := New(folder(sub, title), []*theme.Theme{th}, pdf, issued, nil)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	data, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := New(folder(sub, title), []*theme.Theme{th}, pdf, issued, nil)
	if data2, _ := again.Bytes(); !bytes.Equal(data, data2) {
		t.Error("the same message gave other bytes")
	}
	checkLines(t, data)

	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	checkHeader(t, msg, title, issued)
	checkParts(t, msg, pdf)
}

// checkLines: every line of data ends in CRLF within 78 octets.
func checkLines(t *testing.T, data []byte) {
	t.Helper()
	for i, l := range strings.SplitAfter(string(data), "\n") {
		if l == "" {
			continue
		}
		if !strings.HasSuffix(l, "\r\n") {
			t.Errorf("line %d does not end in CRLF: %q", i+1, l)
		}
		if len(l) > 78+2 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l)-2, l)
		}
	}
}

// checkHeader: the message is marked unsent, with its addresses, subject
// (title in it), date (issued) and identifier.
func checkHeader(t *testing.T, msg *mail.Message, title string, issued time.Time) {
	t.Helper()
	if msg.Header.Get("X-Unsent") != "1" {
		t.Error("not marked unsent")
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Swyddfa’r Comisiynydd" || from[0].Address != "swyddfa@opcc.example" {
		t.Errorf("From %v (%v)", from, err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 2 || to[1].Address != "second@homeoffice.example" {
		t.Errorf("To %v (%v)", to, err)
	}
	cc, err := msg.Header.AddressList("Cc")
	if err != nil || len(cc) != 1 || cc[0].Name != "Arolygiaeth, EF" {
		t.Errorf("Cc %v (%v)", cc, err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "Section 55 response: '"+title+"'" {
		t.Errorf("Subject %q (%v)", subject, err)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(issued) {
		t.Errorf("Date %v (%v)", d, err)
	}
	if id := msg.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@opcc.example>") {
		t.Errorf("Message-ID %q", id)
	}
}

// checkParts: the message is the text, naming the PDF, then the PDF pdf
// attached, and nothing else.
func checkParts(t *testing.T, msg *mail.Message, pdf []byte) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q (%v)", mt, err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	text, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(text)
	if !strings.Contains(string(body), "Comisiynydd Heddlu a Throseddu Dyfed-Powys") || !strings.Contains(string(body), "2024-02-01-peel.pdf") {
		t.Errorf("body %q", body)
	}
	att, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	if att.FileName() != "2024-02-01-peel.pdf" || !strings.HasPrefix(att.Header.Get("Content-Type"), "application/pdf") {
		t.Errorf("attachment %q, %q", att.FileName(), att.Header.Get("Content-Type"))
	}
	raw, _ := io.ReadAll(att)
	got, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
	if err != nil || !bytes.Equal(got, pdf) {
		t.Errorf("the attachment is not the PDF (%v)", err)
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("a third part, or %v", err)
	}
}

// TestCheck refuses what is not an address, and names every field left.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		sub  *response.Submission
		want []string
	}{
		{nil, []string{"submission.to", "submission.cc", "submission.from"}},
		{&response.Submission{To: []string{"a@b.example"}, CC: []string{"c@d.example"}, From: "e@f.example"}, nil},
		{&response.Submission{To: []string{"a@b.example\r\nBcc: x@evil.example"}, CC: []string{"Some One"}, From: "e@f.example"}, []string{"submission.to[0]", "submission.cc[0]"}},
		{&response.Submission{To: []string{"a@b.example"}, CC: []string{"c@d.example"}, From: "Office of the Police, Fire and Crime Commissioner <e@f.example>"}, []string{"submission.from"}},
	} {
		_, diags := Check(folder(tc.sub, "T"))
		var got []string
		for _, d := range diags {
			got = append(got, d.Path)
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%+v: problems at %v, want %v", tc.sub, got, tc.want)
		}
	}
}

// headerLines returns the lines of the message's header, each without its
// CRLF, and fails t on a bare line break or a line over the limits.
func headerLines(t *testing.T, data []byte) []string {
	t.Helper()
	head, _, ok := bytes.Cut(data, []byte("\r\n\r\n"))
	if !ok {
		t.Fatal("no blank line ends the header")
	}
	if bytes.Count(head, []byte("\n")) != bytes.Count(head, []byte("\r\n")) || bytes.Count(head, []byte("\r")) != bytes.Count(head, []byte("\r\n")) {
		t.Errorf("a bare line break in the header:\n%s", head)
	}
	lines := strings.Split(string(head), "\r\n")
	for _, l := range lines {
		if len(l) > 998 {
			t.Errorf("a header line of %d octets", len(l))
		} else if len(l) > 78 {
			t.Errorf("a header line of %d octets, over 78: %q", len(l), l)
		}
	}
	return lines
}

// TestLongHeaders: a display name of hundreds of characters outside ASCII,
// a long subject and a title of several lines give header lines within 78
// octets, encoded words (RFC 2047) that read back as written, and no line
// break of the title in the header; the title reads on one line in the
// body, in each body's phrase (the mayor's speaks of the Mayor).
func TestLongHeaders(t *testing.T) {
	name := strings.Repeat("Swyddfa’r Comisiynydd Heddlu, Tân a Throseddu – ŵ ŷ ", 12)
	name = strings.TrimSpace(name)
	title := strings.Repeat("Arolygiad PEEL 2023–25 o effeithiolrwydd Heddlu Dyfed-Powys ", 8)
	title = strings.TrimSpace(title)
	sub := &response.Submission{To: []string{"Home Office <s55@homeoffice.example>"}, CC: []string{"HMICFRS <s55@hmicfrs.example>"},
		From: `"` + name + `" <swyddfa@opcc.example>`}
	for _, body := range []string{"pcc", "mayor"} {
		f := folder(sub, title)
		f.Office.Body = body
		f.Office.PCC.Title = response.Plain("Deputy Mayor for Policing and Crime\non behalf of the Mayor of London\n")
		th, diags := theme.Load("", "en-GB")
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		m, diags := New(f, []*theme.Theme{th.ForBody(body)}, []byte("%PDF"), time.Date(2024, 3, 21, 9, 30, 0, 0, time.UTC), nil)
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		data, err := m.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		lines := headerLines(t, data)
		if len(lines) < 10 {
			t.Errorf("%d header lines: the long fields are not folded", len(lines))
		}
		msg, err := mail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		from, err := msg.Header.AddressList("From")
		if err != nil || len(from) != 1 || from[0].Name != name {
			t.Errorf("From %v (%v), want the name %q", from, err, name)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || subject != "Section 55 response: '"+title+"'" {
			t.Errorf("Subject %q (%v)", subject, err)
		}
		want := map[string]string{
			"pcc":   "response of the Deputy Mayor for Policing and Crime on behalf of the Mayor of London to the report",
			"mayor": "a copy of the Mayor's response, as the local policing body, to the report",
		}[body]
		if text := strings.Join(strings.Fields(m.Body), " "); !strings.Contains(text, want) || strings.Contains(m.Body, "Crime\non") {
			t.Errorf("%s: body %q lacks %q on one line", body, m.Body, want)
		}
	}

	// A word no header line can hold is refused before anything is
	// written.
	f := folder(sub, "PEEL "+strings.Repeat("x", 1200))
	th, _ := theme.Load("", "en-GB")
	if _, diags := New(f, []*theme.Theme{th}, []byte("%PDF"), time.Now(), nil); diags.Errors() == 0 || !strings.Contains(diags.Err().Error(), "longer than a line of an e-mail header may be") {
		t.Errorf("a subject word of 1,200 characters: %v", diags)
	}
}

// TestCorrection: a correction's message says "Corrected:" in its subject
// and opens its body with the corrected line and every changed field, in
// each language of the office; with no field of response.yaml changed it
// says where the change lies instead.
func TestCorrection(t *testing.T) {
	var themes []*theme.Theme
	for _, lang := range []string{"en-GB", "cy-GB"} {
		th, diags := theme.Load("", lang)
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		themes = append(themes, th)
	}
	sub := &response.Submission{To: []string{"s55@homeoffice.example"}, CC: []string{"s55@hmicfrs.example"}, From: "office@opcc.example"}
	corr := &published.Correction{Day: time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC), Replaces: time.Date(2024, 3, 21, 0, 0, 0, 0, time.UTC),
		Reason: " The force's answer to recommendation 2 was the draft's. ", Changed: []string{"appendices[0].items[1].response", "letter.date"}}
	f := folder(sub, "PEEL 2023–25")
	f.Response.Appendices = []response.Appendix{{Items: []response.Item{{Kind: "recommendation", Number: 1}, {Kind: "recommendation", Number: 2}}}}
	m, diags := New(f, themes, []byte("%PDF"), time.Date(2024, 4, 2, 10, 0, 0, 0, time.UTC), corr)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if want := "Corrected: Section 55 response: 'PEEL 2023–25' / Wedi'i gywiro: Ymateb adran 55: 'PEEL 2023–25'"; m.Subject != want {
		t.Errorf("subject %q, want %q", m.Subject, want)
	}
	for _, want := range []string{
		"Corrected on 2nd April 2024: The force's answer to recommendation 2 was the draft's. This replaces the response issued on 21st March 2024.\n\nWhat changed from the response issued on 21st March 2024, by field of response.yaml:\n- Recommendation 2: appendices[0].items[1].response\n- letter.date\n\nUnder section 55(6)",
		"- Argymhelliad 2: appendices[0].items[1].response\n",
		"Cywirwyd ar 2il Ebrill 2024: The force's answer to recommendation 2 was the draft's. Mae hwn yn disodli'r ymateb a gyhoeddwyd ar 21ain Mawrth 2024.",
	} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, m.Body)
		}
	}
	// A field of an item gone from the response, or of none, is named by
	// its path alone.
	for path, want := range map[string]string{
		"appendices[0].items[5]": "appendices[0].items[5]", "appendices[3].items[0].response": "appendices[3].items[0].response",
		"appendices[0].items[1].items[0].response": "appendices[0].items[1].items[0].response", "letter.body": "letter.body",
		"appendices[0].items[0]": "Recommendation 1: appendices[0].items[0]",
	} {
		if got := changedField(themes[0], f, path); got != want {
			t.Errorf("changedField(%q) = %q, want %q", path, got, want)
		}
	}
	corr.Changed = nil
	m, _ = New(folder(sub, "PEEL"), themes[:1], []byte("%PDF"), time.Date(2024, 4, 2, 10, 0, 0, 0, time.UTC), corr)
	if want := "The fields of response.yaml are as in the response issued on 21st March 2024; the change is in the office profile"; !strings.Contains(m.Body, want) {
		t.Errorf("body lacks %q:\n%s", want, m.Body)
	}
	first, _ := New(folder(sub, "PEEL"), themes[:1], []byte("%PDF"), time.Date(2024, 4, 2, 10, 0, 0, 0, time.UTC), nil)
	if strings.Contains(first.Subject+first.Body, "orrect") {
		t.Errorf("a first issue speaks of a correction: %q\n%s", first.Subject, first.Body)
	}
}
