package response

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/opcc-tools/s55/internal/diag"
)

// FuzzLoad feeds arbitrary bytes to the loader as response.yaml: it must
// never panic or hang, and every problem it reports must point inside the
// file.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"report:\n  title: T\n  published: 2021-07-16\nletter:\n  date: 2021-09-13\n  body: letter.md\n",
		"report: {title: T, published: 2021-02-31}\n",
		"appendices:\n  - title: A\n    items:\n      - kind: recommendation\n        number: 1\n        text: t\n",
		"a: &a [x, x]\nb: [*a, *a]\n",
		"\ufeffreport: x\n",
		"report:\n\ttitle: x\n",
		"report: \"unclosed\n",
		"letter:\n  body: ../../etc/passwd\n",
		"report: [1, 2]\nreport: {}\n",
		"report:\n  title: \"\\x1b\\uFFFE\\u2028\\uD800\"\n",
		"report:\n  title: \"a\n  \\U000F0000\"\n# \u2028\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	for _, seed := range []string{
		"office:\n  languages: [cy-GB, en-GB]\nreport:\n  title: {cy-GB: A, en-GB: B, cy-GB: C}\n",
		"report:\n  title: {[x]: y, en-GB: [z], cy-GB: }\nletter:\n  body: {cy-GB: ../x.md, en-GB: letter.md}\n",
		"office:\n  language: cy-GB\n  languages: [en-GB]\n",
	} {
		f.Add([]byte(seed))
	}
	for _, file := range []string{
		"../../responses/2021-09-13-rape-inspection-phase-one/response.yaml",
		"../../responses/heddlu-enghraifft/2025-11-20-peel-enghraifft/response.yaml",
	} {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := filepath.Join(t.TempDir(), "r")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, FileName), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "letter.md"), []byte("Text.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, diags := Load(dir, Options{})
		// Lines end as YAML ends them: "\r\n", "\n" or a lone "\r".
		lines := diag.NewLines(data).Count()
		for _, d := range diags {
			if d.Line < 0 || d.Line > lines+1 || d.Col < 0 {
				t.Errorf("%v: outside the file of %d lines", d, lines)
			}
			if d.Msg == "" {
				t.Errorf("%v: empty message", d)
			}
		}
	})
}
