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
	m, diags := New(folder(sub, title), []*theme.Theme{th}, pdf, issued)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	data, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := New(folder(sub, title), []*theme.Theme{th}, pdf, issued)
	if data2, _ := again.Bytes(); !bytes.Equal(data, data2) {
		t.Error("the same message gave other bytes")
	}
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

	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
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
