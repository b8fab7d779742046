package workbook_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/workbook"
)

// tree is the SHA-256 of every file below dir, by path.
func tree(t testing.TB, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	must(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = sha256.Sum256(data)
		return err
	}))
	return out
}

// TestMergeRefusals: each workbook the merge must refuse is refused at the
// cell (Sheet!Cell) that is wrong, and nothing is written.
func TestMergeRefusals(t *testing.T) {
	dir := folder(t, refID, unanswered(t))
	root := filepath.Dir(dir)
	blank := invitation(t, dir)
	set := func(edits ...func(x *excelize.File)) []byte {
		return fill(t, blank, func(x *excelize.File) {
			for _, e := range edits {
				e(x)
			}
		})
	}
	str := func(cell, v string) func(*excelize.File) {
		return func(x *excelize.File) { must(t, x.SetCellStr(workbook.AnswersSheet, cell, v)) }
	}
	val := func(cell string, v any) func(*excelize.File) {
		return func(x *excelize.File) { must(t, x.SetCellValue(workbook.AnswersSheet, cell, v)) }
	}
	formula := func(cell, f string) func(*excelize.File) {
		return func(x *excelize.File) { must(t, x.SetCellFormula(workbook.AnswersSheet, cell, f)) }
	}
	other := invitation(t, folder(t, "2024-04-25-peel-exampleshire", nil))

	for _, tc := range []struct {
		name, where, msg string
		data             []byte
	}{
		{"another response's workbook", "s55!B3", `this workbook is the invitation of response "2024-04-25-peel-exampleshire", not of`, other},
		{"the report's text changed", "Answers!E2", "the report's text of rec-1 was changed", set(str("E2", "Police forces may record what they like."))},
		{"a number changed", "Answers!C3", `the number of rec-2 was changed to "7"; it was 2`, set(val("C3", 7))},
		{"a kind changed", "Answers!B2", `the kind of rec-1 was changed to "area-for-improvement"`, set(str("B2", "area-for-improvement"))},
		{"an item's name changed", "Answers!A2", `"rec-99" is not an item of this workbook`, set(str("A2", "rec-99"))},
		{"an item twice", "Answers!A3", "rec-1 is given twice (first in row 2)", set(str("A3", "rec-1"))},
		{"an unknown position", "Answers!J2", `"Maybe" is not a position: choose one of Accepted, Partly accepted, Not accepted, Not applicable`, set(str("J2", "Maybe"))},
		{"a date that is not a date", "Answers!M2", `"next spring" is not a date`, set(str("M2", "next spring"))},
		{"an impossible date", "Answers!M2", `"31/02/2022" is not a date`, set(str("M2", "31/02/2022"))},
		{"a number that is no date of these years", "Answers!M3", "5 is not a date between 2000 and 2099", set(val("M3", 5))},
		{"a formula where text belongs", "Answers!I2", "holds a formula (=A1&\"x\") where a value belongs", set(formula("I2", `A1&"x"`))},
		{"a formula in a date", "Answers!M2", "holds a formula (=TODAY()) where a value belongs", set(formula("M2", "TODAY()"))},
		{"a formula in a given cell", "Answers!E4", "holds a formula", set(formula("E4", `"Police forces"`))},
		{"not accepted without a reason", "Answers!K2", "rec-1 is not accepted but gives no reason", set(str("J2", "Not accepted"))},
		{"a character no text may hold", "Answers!I2", "cannot be used", set(str("I2", "A bell \a rings."))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := tree(t, root)
			_, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", tc.data)
			var r *workbook.Refusal
			if !errors.As(err, &r) || !errors.Is(err, workbook.ErrRefused) {
				t.Fatalf("not refused: %v", err)
			}
			p := r.Problems[0]
			if p.Where() != tc.where || !strings.Contains(p.Msg, tc.msg) {
				t.Errorf("refused as %q, want %s: ...%s...", err, tc.where, tc.msg)
			}
			if !strings.HasPrefix(err.Error(), "answers.xlsx: "+tc.where+": ") {
				t.Errorf("the message does not start with the workbook and the cell: %q", err)
			}
			if after := tree(t, root); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Error("something was written")
			}
		})
	}

	// The report's text changed in response.yaml after the workbook was
	// made: the answer may belong to another item now.
	t.Run("the text changed in response.yaml", func(t *testing.T) {
		file := filepath.Join(dir, response.FileName)
		old, err := os.ReadFile(file)
		must(t, err)
		must(t, os.WriteFile(file, []byte(replace(t, string(old), "better understand each other's roles", "understand each other's roles")), 0o644))
		defer os.WriteFile(file, old, 0o644)
		_, err = workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", set(str("I3", "An answer.")))
		var r *workbook.Refusal
		if !errors.As(err, &r) || r.Problems[0].Where() != "Answers!E3" || !strings.Contains(r.Problems[0].Msg, "has changed in response.yaml since the workbook was made") {
			t.Errorf("%v", err)
		}
	})

	// Every problem at once, each at its cell.
	_, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", set(str("J2", "Maybe"), str("M5", "soon"), formula("I7", "1+1")))
	var r *workbook.Refusal
	if !errors.As(err, &r) || len(r.Problems) != 3 {
		t.Errorf("three problems: %v", err)
	}
}

// zipOf makes a zip of the given parts.
func zipOf(t testing.TB, parts map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, data := range parts {
		w, err := z.Create(name)
		must(t, err)
		_, err = w.Write(data)
		must(t, err)
	}
	must(t, z.Close())
	return b.Bytes()
}

// deflated is data compressed as a zip part is.
func deflated(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	must(t, err)
	_, err = w.Write(data)
	must(t, err)
	must(t, w.Close())
	return b.Bytes()
}

// TestMergeRefusesHostileFiles: what is no workbook, or would be too much
// to read, is refused whole, before excelize inflates anything, and
// nothing is written.
func TestMergeRefusesHostileFiles(t *testing.T) {
	dir := folder(t, refID, nil)
	root := filepath.Dir(dir)

	// A zip bomb: a part that says it inflates to 16 GiB.
	var bomb bytes.Buffer
	z := zip.NewWriter(&bomb)
	zeros := deflated(t, make([]byte, 1<<20))
	w, err := z.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(len(zeros)), UncompressedSize64: 16 << 30})
	must(t, err)
	_, err = w.Write(zeros)
	must(t, err)
	must(t, z.Close())

	// A part that says less than it inflates to: archive/zip stops it.
	var liar bytes.Buffer
	z = zip.NewWriter(&liar)
	valid := invitation(t, dir)
	zr, err := zip.NewReader(bytes.NewReader(valid), int64(len(valid)))
	must(t, err)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet2.xml" {
			big := deflated(t, append([]byte("<worksheet>"), make([]byte, 4<<20)...))
			w, err := z.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CompressedSize64: uint64(len(big)), UncompressedSize64: 1000, CRC32: 1})
			must(t, err)
			_, err = w.Write(big)
			must(t, err)
			continue
		}
		must(t, z.Copy(f))
	}
	must(t, z.Close())

	many := map[string][]byte{}
	for i := range workbook.MaxEntries + 1 {
		many[fmt.Sprintf("xl/media/image%d.png", i)] = nil
	}
	plain := excelize.NewFile()
	var notOurs bytes.Buffer
	must(t, plain.Write(&notOurs))

	for _, tc := range []struct {
		name, msg string
		data      []byte
	}{
		{"a zip bomb", "would inflate to more than 268435456 bytes (a zip bomb?), so it is not read", bomb.Bytes()},
		{"a part larger than it says", "cannot be read as an Excel workbook", liar.Bytes()},
		{"too many parts", "holds 1001 parts; a workbook may hold at most 1000, so it is not read", zipOf(t, many)},
		{"an oversized file", "is 16777217 bytes; a workbook may be at most 16777216", make([]byte, workbook.MaxFileSize+1)},
		{"no zip at all", "is not an Excel workbook (.xlsx)", []byte("response: [\n")},
		{"a password", "is protected by a password, or is an old .xls workbook", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)},
		{"a workbook s55 did not make", `was not made by s55 (it has no sheet "s55")`, notOurs.Bytes()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := tree(t, root)
			_, err := workbook.PlanMerge(dir, response.Options{}, "answers.xlsx", tc.data)
			var r *workbook.Refusal
			if !errors.As(err, &r) || r.Problems[0].Cell != "" || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "answers.xlsx: ") {
				t.Errorf("%v, want %q", err, tc.msg)
			}
			if after := tree(t, root); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Error("something was written")
			}
		})
	}
}
