package bundle_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/bundle"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/staging"
)

// TestUnpackReSaved re-saves the published PDF with qpdf, in its QDF form
// (where /Length is an indirect object) and with object streams, then
// takes the inputs out of it and builds them again: every file comes back
// byte for byte.
func TestUnpackReSaved(t *testing.T) {
	conformance.Need(t, conformance.QPDF)
	first, diags := build.Render(reference, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "response.pdf")
	if err := os.WriteFile(in, first.File("response.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--qdf"}, {"--object-streams=generate"}, {"--stream-data=uncompress"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "resaved.pdf")
			if msg, err := exec.Command("qpdf", append(args, in, out)...).CombinedOutput(); err != nil {
				t.Fatalf("qpdf: %v\n%s", err, msg)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			src, err := bundle.Extract(data)
			if err != nil {
				t.Fatal(err)
			}
			again := filepath.Join(t.TempDir(), "again")
			if err := staging.WriteDir(again, src.Files, false); err != nil {
				t.Fatal(err)
			}
			r, diags := build.Render(filepath.Join(again, src.Response), build.Options{})
			if err := diags.Err(); err != nil {
				t.Fatal(err)
			}
			for _, f := range first.Files {
				if !bytes.Equal(f.Data, r.File(f.Name)) {
					t.Errorf("%s differs when built again from the re-saved PDF", f.Name)
				}
			}
		})
	}
}

// zipOf packs entries (name, content) into a zip.
func zipOf(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		fw, err := w.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(e[1]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const goodIndex = `{"response": "r", "office": "office.yaml"}`

func TestUnzipRefusesHostileBundles(t *testing.T) {
	many := [][2]string{{"s55-source.json", goodIndex}, {"r/response.yaml", "x"}, {"office.yaml", "x"}}
	for i := range 200000 {
		many = append(many, [2]string{fmt.Sprintf("f/%d", i), ""})
	}
	var bomb bytes.Buffer
	w := zip.NewWriter(&bomb)
	for _, e := range [][2]string{{"s55-source.json", goodIndex}, {"r/response.yaml", "x"}, {"office.yaml", "x"}} {
		fw, _ := w.Create(e[0])
		fw.Write([]byte(e[1]))
	}
	fw, _ := w.Create("big")
	fw.Write(make([]byte, bundle.MaxBytes+1))
	w.Close()

	cases := map[string]struct {
		data []byte
		want string
	}{
		"200,000 entries": {zipOf(t, many...), "200003 entries, more than the 10000"},
		"zip bomb":        {bomb.Bytes(), "larger than 67108864 bytes"},
		"escape":          {zipOf(t, [2]string{"s55-source.json", goodIndex}, [2]string{"../../x", "x"}), `entry "../../x" is not a plain relative path`},
		"absolute":        {zipOf(t, [2]string{"s55-source.json", goodIndex}, [2]string{"/etc/x", "x"}), `entry "/etc/x" is not a plain relative path`},
		"twice":           {zipOf(t, [2]string{"s55-source.json", goodIndex}, [2]string{"r/response.yaml", "x"}, [2]string{"r/response.yaml", "y"}), `entry "r/response.yaml" is there twice`},
		"no response":     {zipOf(t, [2]string{"s55-source.json", goodIndex}, [2]string{"office.yaml", "x"}), `names the response folder "r", which holds no response.yaml`},
		"response escape": {zipOf(t, [2]string{"s55-source.json", `{"response": "../r"}`}, [2]string{"r/response.yaml", "x"}), `names the response folder "../r"`},
		"no office":       {zipOf(t, [2]string{"s55-source.json", goodIndex}, [2]string{"r/response.yaml", "x"}), `names the office profile "office.yaml", which is not among the entries`},
		"unknown field":   {zipOf(t, [2]string{"s55-source.json", `{"response": "r", "run": "rm"}`}, [2]string{"r/response.yaml", "x"}), `unknown field "run"`},
		"file and folder": {zipOf(t, [2]string{"s55-source.json", goodIndex}, [2]string{"r/response.yaml", "x"}, [2]string{"office.yaml", "x"}, [2]string{"r", "x"}), `entry "r/response.yaml" lies inside the file "r"`},
	}
	for name, c := range cases {
		_, err := bundle.Unzip(c.data)
		if !errors.Is(err, bundle.ErrBadSource) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
	if _, err := bundle.Unzip(zipOf(t, [2]string{"r/response.yaml", "x"})); !errors.Is(err, bundle.ErrNoSource) {
		t.Errorf("no index: %v", err)
	}
	s, err := bundle.Unzip(zipOf(t, [2]string{"s55-source.json", goodIndex}, [2]string{"r/response.yaml", "x"}, [2]string{"office.yaml", "o"}))
	if err != nil || len(s.Files) != 2 || s.Response != "r" || s.Office != "office.yaml" {
		t.Errorf("a good bundle: %+v, %v", s, err)
	}
}
