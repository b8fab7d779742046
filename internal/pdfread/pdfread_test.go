package pdfread_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/pdfread"
)

const reference = "../../responses/2021-09-13-rape-inspection-phase-one"

// referencePDFs builds the reference response and returns response.pdf as
// s55 writes it and, where qpdf is installed, as qpdf re-saves it in its
// QDF form and with object streams.
func referencePDFs(t *testing.T) (map[string][]byte, *build.Result) {
	t.Helper()
	r, diags := build.Render(reference, build.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	pdfs := map[string][]byte{"s55": r.File("response.pdf")}
	conformance.Need(t, conformance.QPDF)
	dir := t.TempDir()
	in := filepath.Join(dir, "response.pdf")
	if err := os.WriteFile(in, pdfs["s55"], 0o644); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{"qdf": {"--qdf"}, "object-streams": {"--object-streams=generate"}} {
		out := filepath.Join(dir, name+".pdf")
		if msg, err := exec.Command("qpdf", append(args, in, out)...).CombinedOutput(); err != nil {
			t.Fatalf("qpdf %v: %v\n%s", args, err, msg)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(data, pdfs["s55"]) {
			t.Fatalf("qpdf %v changed nothing", args)
		}
		pdfs[name] = data
	}
	return pdfs, r
}

// TestReadsReSaved reads the same document as s55 wrote it and as qpdf
// re-saved it: the catalog, the information dictionary, the pages and
// their content, the structure tree and the attachment all read the same.
func TestReadsReSaved(t *testing.T) {
	pdfs, r := referencePDFs(t)
	bundle := r.Source
	want := ""
	for name, data := range pdfs {
		t.Run(name, func(t *testing.T) {
			f, err := pdfread.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			root := f.Root()
			if root["Type"] != pdfread.Name("Catalog") || f.Text(root["Lang"]) != "en-GB" {
				t.Errorf("catalog %v", root)
			}
			if title := f.Text(f.Info()["Title"]); !strings.HasPrefix(title, "Response to HMICFRS Report: 'A Joint Thematic Inspection") || !strings.Contains(title, "–") {
				t.Errorf("title %q", title)
			}
			pages, refs := f.Pages()
			if len(pages) < 2 || len(refs) != len(pages) {
				t.Fatalf("%d pages", len(pages))
			}
			var text strings.Builder
			for _, p := range pages {
				ops, err := pdfread.Operators(f.Contents(p))
				if err != nil {
					t.Fatal(err)
				}
				for _, op := range ops {
					if op.Name == "BDC" && len(op.Args) == 2 && op.Args[0] != pdfread.Name("Artifact") {
						if props, ok := op.Args[1].(pdfread.Dict); ok {
							if _, ok := props["MCID"].(int); !ok {
								t.Errorf("BDC %v has no MCID", op.Args)
							}
						}
					}
					if op.Name == "Tj" || op.Name == "TJ" {
						text.WriteString("x")
					}
				}
			}
			if text.Len() < 100 {
				t.Errorf("only %d text-showing operators", text.Len())
			}
			// The structure tree: a Document holding Parts.
			tree := f.Dict(root["StructTreeRoot"])
			if tree["Type"] != pdfread.Name("StructTreeRoot") {
				t.Fatalf("structure tree root %v", tree)
			}
			doc := f.Dict(f.Array(tree["K"])[0])
			if doc["S"] != pdfread.Name("Document") || len(f.Array(doc["K"])) == 0 {
				t.Errorf("top element %v", doc)
			}
			counts := map[string]int{}
			var walk func(v any, depth int)
			walk = func(v any, depth int) {
				e := f.Dict(v)
				if s, ok := e["S"].(pdfread.Name); ok && depth < 50 {
					counts[string(s)]++
					for _, k := range f.Array(e["K"]) {
						if _, ok := k.(pdfread.Ref); ok {
							walk(k, depth+1)
						}
					}
				}
			}
			walk(f.Array(tree["K"])[0], 0)
			if counts["P"] < 20 || counts["H1"] == 0 || counts["Figure"] != 1 || counts["LI"] < 13 {
				t.Errorf("structure elements %v", counts)
			}
			got := ""
			for _, k := range []string{"P", "H1", "H2", "L", "LI", "Figure", "Link"} {
				got += k + ":" + string(rune('0'+counts[k]%10))
			}
			if want == "" {
				want = got
			} else if got != want {
				t.Errorf("structure %s, want %s", got, want)
			}
			// The attachment.
			as := f.Attachments()
			if len(as) != 1 {
				t.Fatalf("%d attachments", len(as))
			}
			a := as[0]
			if a.Name != build.SourceName || a.MIME != "application/zip" || a.Relationship != "Source" || !a.Associated || !strings.Contains(a.Description, "s55 unpack") {
				t.Errorf("attachment %+v", a)
			}
			src, err := build.Unzip(a.Data)
			if err != nil {
				t.Fatal(err)
			}
			if len(src.Files) != len(bundle.Files) || src.Response != bundle.Response {
				t.Errorf("bundle %q with %d files, want %q with %d", src.Response, len(src.Files), bundle.Response, len(bundle.Files))
			}
		})
	}
}

func TestRefusesWhatIsNoPDF(t *testing.T) {
	for _, data := range []string{"", "%PDF-1.4\n%%EOF\n", "not a PDF at all", "%PDF-1.7\n1 0 obj\n<< /Length 99999999 >>\nstream\nabc\nendstream\nendobj\n"} {
		if _, err := pdfread.Parse([]byte(data)); !errors.Is(err, pdfread.ErrNotPDF) {
			t.Errorf("%q: %v", data, err)
		}
	}
}

func TestOperators(t *testing.T) {
	ops, err := pdfread.Operators([]byte("q 1 0 0 1 72.5 -700 cm /P <</MCID 3>> BDC BT /F1 9 Tf (a\\(b\\)) Tj [(x) -250 <4142>] TJ ET EMC Q % a comment\nBI /W 1 /H 1 ID \x00\xff EI true false null n"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, op := range ops {
		names = append(names, op.Name)
	}
	if got := strings.Join(names, " "); got != "q cm BDC BT Tf Tj TJ ET EMC Q BI n" {
		t.Fatalf("operators %q", got)
	}
	if a := ops[1].Args; len(a) != 6 || a[4] != 72.5 || a[5] != -700 {
		t.Errorf("cm %v", a)
	}
	if d, ok := ops[2].Args[1].(pdfread.Dict); !ok || d["MCID"] != 3 || ops[2].Args[0] != pdfread.Name("P") {
		t.Errorf("BDC %v", ops[2].Args)
	}
	if ops[5].Args[0] != "a(b)" {
		t.Errorf("Tj %q", ops[5].Args)
	}
	if a, ok := ops[6].Args[0].([]any); !ok || len(a) != 3 || a[0] != "x" || a[1] != -250 || a[2] != "AB" {
		t.Errorf("TJ %v", ops[6].Args)
	}
	if a := ops[11].Args; len(a) != 3 || a[0] != true || a[1] != false || a[2] != nil {
		t.Errorf("n %v", a)
	}
	if _, err := pdfread.Operators([]byte("1 2")); err == nil {
		t.Errorf("operands with no operator were accepted")
	}
}

func TestDecodeText(t *testing.T) {
	for in, want := range map[string]string{
		"\xfe\xff\x00A\x20\x13\xd8\x3d\xde\x00": "A–😀",
		"plain":                                 "plain",
		"\xa3":                                  "£",
	} {
		if got := pdfread.DecodeText(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
