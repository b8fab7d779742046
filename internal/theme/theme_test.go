package theme

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	th, diags := Load("", "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	for day, want := range map[time.Time]string{
		time.Date(2021, 9, 13, 0, 0, 0, 0, time.UTC): "13th September 2021",
		time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC):  "1st September 2021",
		time.Date(2022, 3, 22, 0, 0, 0, 0, time.UTC): "22nd March 2022",
		time.Date(2024, 2, 23, 0, 0, 0, 0, time.UTC): "23rd February 2024",
		time.Date(2024, 2, 11, 0, 0, 0, 0, time.UTC): "11th February 2024",
	} {
		if got, err := th.Date(day); err != nil || got != want {
			t.Errorf("Date(%s) = %q, %v; want %q", day.Format(time.DateOnly), got, err, want)
		}
	}
	for items, want := range map[string]string{"": "", "a": "a", "a|b": "a and b", "a|b|c": "a, b and c"} {
		var list []string
		if items != "" {
			list = strings.Split(items, "|")
		}
		if got := th.AndList(list); got != want {
			t.Errorf("AndList(%q) = %q, want %q", items, got, want)
		}
	}
	got, err := th.Standard("other-bodies", struct {
		Addressees []string
		Force      struct{ ShortName string }
	}{[]string{"the CPS"}, struct{ ShortName string }{"the Constabulary"}})
	if want := "This recommendation is addressed to the CPS. The Constabulary will await further information on progress against this."; err != nil || got != want {
		t.Errorf("standard sentence = %q, %v", got, err)
	}
	if len(th.Holders) < 10 {
		t.Errorf("%d Home Secretaries", len(th.Holders))
	}
}

// TestOverride lays an office's folder over the defaults: single phrases
// change, the rest stay, and the stylesheet is replaced whole.
func TestOverride(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("en-GB/phrases.yaml", "sign_off: Yours faithfully\nforce_response: \"Chief Constable's response:\"\n")
	write("style.css", "body { color: black; }\n")
	th, diags := Load(dir, "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if got, _ := th.Phrase("sign_off", nil); got != "Yours faithfully" {
		t.Errorf("sign_off = %q", got)
	}
	if got, _ := th.Phrase("force_response", nil); got != "Chief Constable's response:" {
		t.Errorf("force_response = %q", got)
	}
	if got, _ := th.Phrase("pcc_comment", nil); got != "PCC comment:" {
		t.Errorf("pcc_comment = %q, want the default", got)
	}
	if th.CSS != "body { color: black; }\n" {
		t.Errorf("CSS not replaced: %q", th.CSS)
	}
	if len(th.Files) != 2 {
		t.Errorf("override files %q, want the 2 read", th.Files)
	}

	// A language without a phrase book of its own needs one in the folder.
	_, diags = Load(dir, "cy-GB")
	if len(diags) != 1 || !strings.Contains(diags[0].Error(), `no phrase book for language "cy-GB"`) {
		t.Errorf("cy-GB without a phrase book: %v", diags)
	}
}

// TestNewLanguage loads a phrase book for a language s55 does not ship:
// it must be whole.
func TestNewLanguage(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "cy-GB"), 0o755); err != nil {
		t.Fatal(err)
	}
	en, err := os.ReadFile("../../templates/en-GB/phrases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	whole := strings.Replace(string(en), "sign_off: Yours sincerely", "sign_off: Yn gywir", 1)
	if err := os.WriteFile(filepath.Join(dir, "cy-GB", "phrases.yaml"), []byte(whole), 0o644); err != nil {
		t.Fatal(err)
	}
	th, diags := Load(dir, "cy-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	if got, _ := th.Phrase("sign_off", nil); got != "Yn gywir" {
		t.Errorf("sign_off = %q", got)
	}
	partial := "sign_off: Yn gywir\n"
	if err := os.WriteFile(filepath.Join(dir, "cy-GB", "phrases.yaml"), []byte(partial), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags = Load(dir, "cy-GB")
	if diags.Errors() == 0 || !strings.Contains(diags.Err().Error(), `the phrase book lacks the phrase "cc"`) {
		t.Errorf("partial book: %v", diags)
	}
}
