package response

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/staging"
)

// TestLoadRefusesLinks checks every input of a response folder that the
// loader reads: response.yaml, the office profile, the letter, the
// signature, a picture and the templates folder. Each one that is a
// symbolic link, or is reached through one, is refused, even a link that
// stays inside the office's folder, at the place that names it.
func TestLoadRefusesLinks(t *testing.T) {
	for _, tc := range []struct {
		name string
		// link is made a link to a copy of itself beside it (real-...).
		link string
		want string
	}{
		{"response.yaml", "r/response.yaml", "r/response.yaml: error: it is a symbolic link"},
		{"office profile", "office.yaml", "office.yaml: error: it is a symbolic link"},
		{"letter", "r/letter.md", "r/response.yaml:6:9: error: letter.body: " + "LINK is a symbolic link"},
		{"signature", "signature-placeholder.png", "office.yaml:8:9: error: signature.file: LINK is a symbolic link"},
		{"templates folder", "tpl", "office.yaml:20:12: error: templates: LINK is a symbolic link"},
		{"picture's folder", "r/pictures", "picture \"pictures/chart.png\": LINK/chart.png is reached through LINK, a symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			files, err := staging.ReadTree("../../cmd/s55/testdata/fixture/responses")
			if err != nil {
				t.Fatal(err)
			}
			if err := staging.WriteDir(root, files, true); err != nil {
				t.Fatal(err)
			}
			office := filepath.Join(root, "office.yaml")
			data, _ := os.ReadFile(office)
			if err := os.WriteFile(office, append(data, "templates: tpl\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(root, "tpl"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(root, "r", "pictures"), 0o755); err != nil {
				t.Fatal(err)
			}
			png, _ := os.ReadFile(filepath.Join(root, "signature-placeholder.png"))
			if err := os.WriteFile(filepath.Join(root, "r", "pictures", "chart.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
			letter := filepath.Join(root, "r", "letter.md")
			if err := os.WriteFile(letter, []byte("Text.\n\n![A chart](pictures/chart.png)\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(root, filepath.FromSlash(tc.link))
			real := filepath.Join(filepath.Dir(link), "real-"+filepath.Base(link))
			if err := os.Rename(link, real); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Base(real), link); err != nil {
				t.Fatal(err)
			}
			f, diags := Load(filepath.Join(root, "r"), Options{})
			var got []string
			for _, d := range diags {
				got = append(got, strings.ReplaceAll(d.Error(), root+"/", ""))
			}
			if f.Source != nil {
				// Compose asks for the letter's picture where it
				// parses the letter.
				if p := f.Picture("pictures/chart.png"); p.Problem != "" {
					got = append(got, strings.ReplaceAll(p.Problem, root+"/", ""))
				}
			}
			want := strings.ReplaceAll(tc.want, "LINK", tc.link)
			if len(got) != 1 || !strings.Contains(got[0], want) {
				t.Fatalf("problems %q, want one holding %q", got, want)
			}
			if tc.link == "tpl" && f.TemplatesDir != "" || tc.link == "signature-placeholder.png" && f.Signature != nil {
				t.Errorf("the link was taken: templates %q, signature %v", f.TemplatesDir, f.Signature != nil)
			}
		})
	}
}
