package build_test

import (
	"bytes"
	"encoding/base64"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/check"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
)

// TestDocumentsIsRender proves that the core, given a folder loaded once
// and its themes, gives what Check and Render give from the folder's
// name: the same problems and the same files, byte for byte, and its two
// halves (CheckFolder, then Render) the same again.
func TestDocumentsIsRender(t *testing.T) {
	f, diags := check.Load(reference, response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	themes, tdiags := check.Themes(f)
	if err := tdiags.Err(); err != nil {
		t.Fatal(err)
	}
	c, cdiags := build.CheckFolder(f, themes, build.Options{})
	if err := cdiags.Err(); err != nil {
		t.Fatal(err)
	}
	if c.Set == nil {
		t.Fatal("CheckFolder composed no documents")
	}
	_, want := build.Check(reference, build.Options{})
	got := append(diags, append(tdiags, cdiags...)...)
	got.Sort()
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("CheckFolder gave %d problems, Check %d:\n%v\n%v", len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("problem %d: CheckFolder %q, Check %q", i, got[i].Error(), want[i].Error())
		}
	}

	halves, rdiags := c.Render()
	if err := rdiags.Err(); err != nil {
		t.Fatal(err)
	}
	whole, ddiags := build.Documents(f, themes, build.Options{})
	if err := ddiags.Err(); err != nil {
		t.Fatal(err)
	}
	ref, rdiags := build.Render(reference, build.Options{})
	if err := rdiags.Err(); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*build.Result{halves, whole} {
		if len(r.Files) != len(ref.Files) || len(r.Files) != 6 {
			t.Fatalf("%d files, want %d", len(r.Files), len(ref.Files))
		}
		for i, f := range r.Files {
			if f.Name != ref.Files[i].Name || !bytes.Equal(f.Data, ref.Files[i].Data) {
				t.Errorf("%s differs from Render's %s", f.Name, ref.Files[i].Name)
			}
		}
	}
}

// TestFacts: what the core says of a response is what the data says:
// its folder's name, the report's title (in a bilingual office each
// language's, joined as the first language's phrase book joins them), its
// inspectorates, address and day of publication, and the letter's day.
func TestFacts(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tc := range []struct {
		dir  string
		want published.Facts
	}{
		{reference, published.Facts{
			ID:            "2021-09-13-rape-inspection-phase-one",
			Title:         "A Joint Thematic Inspection on the Police and Crown Prosecution Service's response to rape – Phase One: From report to Police or CPS decision to take no further action",
			Inspectorates: []string{"HMICFRS", "HMCPSI"}, Published: day("2021-07-16"), LetterDate: day("2021-09-13"),
			URL: "https://www.justiceinspectorates.gov.uk/hmicfrs/publications/a-joint-thematic-inspection-of-the-police-and-crown-prosecution-services-response-to-rape/",
		}},
		{"../../responses/heddlu-enghraifft/2025-11-20-peel-enghraifft", published.Facts{
			ID:            "2025-11-20-peel-enghraifft",
			Title:         "PEEL 2025–27: Arolygiad o Heddlu Enghraifft / PEEL 2025–27: An inspection of Example Police",
			Inspectorates: []string{"HMICFRS"}, Published: day("2025-10-02"), LetterDate: day("2025-11-20"),
			URL: "https://hmicfrs.justiceinspectorates.gov.uk/publications/peel-2025-27-example-police/",
		}},
	} {
		r, diags := build.Render(tc.dir, build.Options{})
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		got := r.Facts
		if got.ID != tc.want.ID || got.Title != tc.want.Title || strings.Join(got.Inspectorates, ",") != strings.Join(tc.want.Inspectorates, ",") ||
			!got.Published.Equal(tc.want.Published) || !got.LetterDate.Equal(tc.want.LetterDate) || got.URL != tc.want.URL {
			t.Errorf("%s: facts\n%+v, want\n%+v", tc.dir, got, tc.want)
		}
	}
}

// TestSubmission: the s.55(6) e-mail is made for an office that gives its
// addresses, dated at the time of issue, with the published response
// attached; an office that gives none has none.
func TestSubmission(t *testing.T) {
	issued := time.Date(2025, 11, 21, 10, 0, 0, 0, time.UTC)
	r, diags := build.Render("../../responses/heddlu-enghraifft/2025-11-20-peel-enghraifft", build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	data, err := r.Submission(issued)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the e-mail does not parse: %v", err)
	}
	if to := msg.Header.Get("To"); !strings.Contains(to, "section55@homeoffice.example") {
		t.Errorf("To: %s", to)
	}
	if when, err := msg.Header.Date(); err != nil || !when.Equal(issued) {
		t.Errorf("Date: %v, %v", when, err)
	}
	pdf := base64.StdEncoding.EncodeToString(r.File("response.pdf")[:3000])
	if !bytes.Contains(data, []byte("filename=2025-11-20-peel-enghraifft.pdf")) || !bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte(pdf)) {
		t.Error("the published response is not attached")
	}

	// The reference's office without its addresses.
	office, err := os.ReadFile("../../responses/office.yaml")
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(office, []byte("\nsubmission:\n"))
	end := at + 1 + bytes.Index(office[at+1:], []byte("\n  from:"))
	end += 1 + bytes.IndexByte(office[end+1:], '\n')
	if at < 0 || end <= at {
		t.Fatal("no submission in the reference's office")
	}
	none := filepath.Join(t.TempDir(), "office.yaml")
	sig, err := os.ReadFile("../../responses/signature-placeholder.png")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(none), "signature-placeholder.png"), sig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(none, append(office[:at+1:at+1], office[end+1:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	ref, diags := build.Render(reference, build.Options{Office: none})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if data, err := ref.Submission(issued); data != nil || err != nil {
		t.Errorf("an office without addresses: %d bytes, %v", len(data), err)
	}
}
