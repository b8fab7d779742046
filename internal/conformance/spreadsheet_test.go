package conformance

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNeedLibreOffice: without soffice, a plain run skips with one line
// and the full suite fails.
func TestNeedLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv(RequireEnv, "")
	r := &recorder{}
	Need(r, LibreOffice)
	want := `skipping: spreadsheet round trip needs soffice (libreoffice-calc-nogui), not found; run "bash .ci/test" for the full suite`
	if len(r.failed) != 0 || len(r.skipped) != 1 || r.skipped[0] != want {
		t.Errorf("skipped %q, failed %q; want %q", r.skipped, r.failed, want)
	}
	t.Setenv(RequireEnv, "1")
	r = &recorder{}
	Need(r, LibreOffice)
	if len(r.failed) != 1 || !strings.HasPrefix(r.failed[0], "missing: spreadsheet round trip needs soffice") {
		t.Errorf("with %s=1: failed %q", RequireEnv, r.failed)
	}
}

// TestResave: a workbook LibreOffice saves comes back as LibreOffice
// writes one, with the cell's text kept.
func TestResave(t *testing.T) {
	Need(t, LibreOffice)
	// The smallest workbook: one sheet, one cell of inline text.
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, text := range map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Answers" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>The force's answer – ŵ</t></is></c></row></sheetData></worksheet>`,
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "in.xlsx")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := Resave(file)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var found, saved bool
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var part bytes.Buffer
		_, _ = part.ReadFrom(rc)
		rc.Close()
		found = found || strings.Contains(part.String(), "The force's answer – ŵ") || strings.Contains(part.String(), "The force&apos;s answer – ŵ")
		saved = saved || (f.Name == "docProps/app.xml" && strings.Contains(part.String(), "LibreOffice"))
	}
	if !found || !saved {
		t.Errorf("the text kept: %v; saved by LibreOffice: %v", found, saved)
	}
}
