package check

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/theme"
)

// rolesOf runs the check of roles on f, with the office's phrase book
// overridden by book when it is not "", and returns its warnings as
// "file:line:col: message" with the folders left out.
func rolesOf(t *testing.T, f *response.Folder, book string) []string {
	t.Helper()
	dir := ""
	if book != "" {
		dir = t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "en-GB"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "en-GB", theme.PhraseFile), []byte(book), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	th, diags := theme.Load(dir, "en-GB")
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	c := &checker{f: f, th: th, themes: []*theme.Theme{th.ForBody(f.Office.PolicingBody())}}
	c.roles()
	var out []string
	for _, d := range c.diags {
		s := d.Error()
		s = s[strings.LastIndex(s[:strings.Index(s, ":")], string(filepath.Separator))+1:]
		out = append(out, s)
	}
	return out
}

// TestRoles: a letter that calls the office by another body's role is
// warned of at each place it does so, in letter.md (not in a drafting
// note, nor where "PCCs" or "police and crime commissioners" name others),
// in the texts of the data the letter prints and in an office's phrase;
// the office's own role is never warned of.
func TestRoles(t *testing.T) {
	// The reference's own letter says "as Police and Crime Commissioner".
	letter := "Under Section 55(5) of the Police Act 1996, as Police and Crime Commissioner I am pleased.\n\n" +
		"<!-- the PCC's drafting note -->\nPCCs and police and crime commissioners across the country, and the PFCC of Essex, agree.\n\nThe PCC's view.\n"
	for _, tc := range []struct {
		body, office, book string
		want               []string
	}{
		// A mention of another office is warned of too: the officer
		// leaves it.
		{"pcc", "", "", []string{`letter.md:4:69: warning: the letter calls the office "PFCC", the role of a police, fire and crime commissioner, but the office is a police and crime commissioner (office.yaml's body: pcc); write the office's own role, or leave it where it names another office`}},
		{"pfcc", "", "", []string{
			`office.yaml:9:10: warning: pcc.title: the letter calls the office "Police and Crime Commissioner", the role of a police and crime commissioner, but the office is a police, fire and crime commissioner (office.yaml's body: pfcc); write the office's own role, or leave it where it names another office`,
			`office.yaml:15:19: warning: letterhead[0]: the letter calls the office "Police and Crime Commissioner"`,
			`letter.md:1:48: warning: the letter calls the office "Police and Crime Commissioner"`,
			`letter.md:6:5: warning: the letter calls the office "PCC"`,
		}},
		{"mayor", "", "", []string{
			`office.yaml:9:10: warning: pcc.title: the letter calls the office "Police and Crime Commissioner"`,
			`office.yaml:15:19: warning: letterhead[0]: the letter calls the office "Police and Crime Commissioner"`,
			`letter.md:1:48: warning: the letter calls the office "Police and Crime Commissioner"`,
			`letter.md:4:69: warning: the letter calls the office "PFCC", the role of a police, fire and crime commissioner, but the office is a mayor`,
			`letter.md:6:5: warning: the letter calls the office "PCC"`,
		}},
		// An office's own phrase, at its place; the book's for the body
		// are right.
		{"mayor", "", "pcc_comment: \"PCC comment:\"\nsign_off: Yours sincerely\n", []string{
			`phrases.yaml:1:14: warning: pcc_comment: the phrase "pcc_comment" calls the office "PCC"`,
		}},
	} {
		f := loadEdited(t, func(files map[string]string) {
			files["office.yaml"] = strings.Replace(files["office.yaml"], "language: en-GB\n", "language: en-GB\nbody: "+tc.body+"\n", 1)
			files["letter.md"] = letter
		})
		got := rolesOf(t, f, tc.book)
		if tc.book != "" {
			got = slices.DeleteFunc(got, func(s string) bool { return !strings.HasPrefix(s, "phrases.yaml") })
		}
		slices.Sort(got)
		slices.Sort(tc.want)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d warnings, want %d:\n%s", tc.body, len(got), len(tc.want), strings.Join(got, "\n"))
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tc.want[i]) {
				t.Errorf("%s: warning %d\n%s\nwant\n%s", tc.body, i+1, got[i], tc.want[i])
			}
		}
	}
}

// TestSignatureNone: an office that signs by hand (signature: none) is
// told nothing of its signature.
func TestSignatureNone(t *testing.T) {
	f := loadEdited(t, func(files map[string]string) {
		s := files["office.yaml"]
		i := strings.Index(s, "signature:\n")
		j := strings.Index(s, "recipient:")
		files["office.yaml"] = s[:i] + "signature: none\n" + s[j:]
	})
	if got := accessibilityOf(f); len(got) != 0 {
		t.Errorf("signature: none: %q", got)
	}
	if !f.Signers[0].Blank() || f.Signature != nil {
		t.Errorf("signers %+v", f.Signers)
	}
}
