package htmldoc_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

const reference = "../../responses/2021-09-13-rape-inspection-phase-one"

func render(t *testing.T) (letter, appendix, resp string) {
	t.Helper()
	f, diags := response.Load(reference, response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	th, diags := theme.Load("", f.Office.Language)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	set, err := compose.Build(f, th)
	if err != nil {
		t.Fatal(err)
	}
	out := func(i int) string {
		var b bytes.Buffer
		docs := append(append([]*document.Document{set.Letter}, set.Appendices...), set.Response)
		if err := htmldoc.Render(&b, docs[i], th); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	return out(0), out(1), out(2)
}

func TestReferencePages(t *testing.T) {
	letter, appendix, resp := render(t)
	if dir := os.Getenv("S55_DUMP"); dir != "" {
		os.WriteFile(filepath.Join(dir, "letter.html"), []byte(letter), 0o644)
		os.WriteFile(filepath.Join(dir, "response.html"), []byte(resp), 0o644)
	}
	for name, page := range map[string]string{"letter": letter, "appendix": appendix, "response": resp} {
		if n := strings.Count(page, "<h1"); n != 1 {
			t.Errorf("%s: %d h1 elements, want 1", name, n)
		}
		if !strings.Contains(page, `<html lang="en-GB">`) {
			t.Errorf("%s: no lang", name)
		}
	}
	for _, want := range []string{
		`<img src="data:image/png;base64,`,
		`alt="A handwritten signature in black ink, appearing to read &#39;Darryl Preston&#39;, enclosed in a light grey rectangular box."`,
		`<p class="date">13th September 2021</p>`,
		`<p class="salutation">Dear Home Secretary</p>`,
		`<p class="recipient">Rt Hon Priti Patel MP<br>`,
		`cc PCC@hmic.gsi.gov.uk`,
	} {
		if !strings.Contains(letter, want) {
			t.Errorf("letter lacks %q", want)
		}
	}
	for _, want := range []string{
		`<li id="rec-1"><span class="label">1.</span>`,
		`<li id="rec-13"><span class="label">13.</span>`,
		`<strong>Force response:</strong> This recommendation is addressed to the National Criminal Justice Board. The Constabulary will await further information on progress against this.`,
		`This recommendation is addressed to the College of Policing and NPCC lead for adult sexual offences in the first instance. The Constabulary will await`,
		`<h2 id="appendix-1-title">Appendix 1<br>`,
	} {
		if !strings.Contains(resp, want) {
			t.Errorf("response lacks %q", want)
		}
	}
	if !strings.Contains(appendix, `<h1 id="appendix-1-title">Appendix 1<br>`) {
		t.Errorf("appendix alone does not start with its h1")
	}
}
