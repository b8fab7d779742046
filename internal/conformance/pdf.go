package conformance

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// PDFText returns the text of the PDF as "pdftotext -enc UTF-8 path -" prints
// it: pages end with a form feed.
func PDFText(path string) (string, error) {
	out, err := run("pdftotext", "-enc", "UTF-8", path, "-")
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// PDFInfo returns the fields that "pdfinfo -enc UTF-8" prints, by name, such
// as "Title", "Producer", "Pages" and "Page size". The values have no leading
// or trailing spaces.
func PDFInfo(path string) (map[string]string, error) {
	out, err := run("pdfinfo", "-enc", "UTF-8", path)
	if err != nil {
		return nil, err
	}
	info := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || key == "" || strings.HasPrefix(key, " ") {
			continue
		}
		info[key] = strings.TrimSpace(value)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if _, ok := info["Pages"]; !ok {
		return nil, fmt.Errorf("pdfinfo %s: no Pages line in:\n%s", path, out)
	}
	return info, nil
}

// PDFPages returns the number of pages of the PDF, as pdfinfo reports it.
func PDFPages(path string) (int, error) {
	info, err := PDFInfo(path)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(info["Pages"])
	if err != nil {
		return 0, fmt.Errorf("pdfinfo %s: Pages: %w", path, err)
	}
	return n, nil
}

// tableRows runs a poppler program that prints a table, a heading line
// starting with first and a rule of dashes, and returns the rows below.
func tableRows(first, name string, args ...string) ([]string, error) {
	out, err := run(name, args...)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], first) || !strings.HasPrefix(lines[1], "---") {
		return nil, fmt.Errorf("%s %s: unexpected output:\n%s", name, strings.Join(args, " "), out)
	}
	return lines[2:], nil
}

// Image is one row of "pdfimages -list".
type Image struct {
	Page          int
	Type          string // "image", or "smask" for an image's transparency
	Width, Height int
	Color         string // such as "rgb", "gray", "cmyk" or "icc"
	Components    int
	BPC           int    // bits per component
	Encoding      string // such as "image" (Flate), "jpeg"
}

// PDFImages returns the images that "pdfimages -list" lists for the PDF, in
// its order.
func PDFImages(path string) ([]Image, error) {
	rows, err := tableRows("page", "pdfimages", "-list", path)
	if err != nil {
		return nil, err
	}
	var images []Image
	for _, line := range rows {
		f := strings.Fields(line)
		if len(f) < 9 {
			return nil, fmt.Errorf("pdfimages %s: short row %q", path, line)
		}
		var im Image
		var nums [5]int
		for i, k := range []int{0, 3, 4, 6, 7} {
			if nums[i], err = strconv.Atoi(f[k]); err != nil {
				return nil, fmt.Errorf("pdfimages %s: row %q: %w", path, line, err)
			}
		}
		im.Page, im.Width, im.Height, im.Components, im.BPC = nums[0], nums[1], nums[2], nums[3], nums[4]
		im.Type, im.Color, im.Encoding = f[2], f[5], f[8]
		images = append(images, im)
	}
	return images, nil
}

// Font is one row of pdffonts.
type Font struct {
	Name     string // such as "utf8liberationsans" from gofpdf; "[none]" when the font has no name
	Type     string // such as "TrueType" or "CID TrueType"
	Encoding string // such as "Identity-H" or "WinAnsi"
	Embedded bool   // emb: the font program is in the file
	Subset   bool   // sub: as pdffonts sees it; it says no for gofpdf's subsets
	Unicode  bool   // uni: the font has a ToUnicode map
}

// PDFFonts returns the fonts that pdffonts lists for the PDF, in its order.
func PDFFonts(path string) ([]Font, error) {
	rows, err := tableRows("name", "pdffonts", path)
	if err != nil {
		return nil, err
	}
	var fonts []Font
	for _, line := range rows {
		f, err := parseFontLine(line)
		if err != nil {
			return nil, fmt.Errorf("pdffonts %s: %w", path, err)
		}
		fonts = append(fonts, f)
	}
	return fonts, nil
}

// parseFontLine reads a row such as
//
//	AAAAAA+LiberationSans  CID TrueType  Identity-H  yes no yes  7 0
//
// from the right, because the type can hold spaces and a long name shifts the
// columns.
func parseFontLine(line string) (Font, error) {
	f := strings.Fields(line)
	n := len(f)
	if n < 8 {
		return Font{}, fmt.Errorf("short row %q", line)
	}
	yes := func(s string) (bool, error) {
		switch s {
		case "yes":
			return true, nil
		case "no":
			return false, nil
		}
		return false, fmt.Errorf("row %q: %q is not yes or no", line, s)
	}
	var err error
	font := Font{Name: f[0], Type: strings.Join(f[1:n-6], " "), Encoding: f[n-6]}
	var errs []error
	font.Embedded, err = yes(f[n-5])
	errs = append(errs, err)
	font.Subset, err = yes(f[n-4])
	errs = append(errs, err)
	font.Unicode, err = yes(f[n-3])
	errs = append(errs, err)
	return font, errors.Join(errs...)
}

// QPDFCheck runs "qpdf --check" on the PDF. It returns an error that holds
// qpdf's output when qpdf finds an error or a warning.
func QPDFCheck(path string) error {
	out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return fmt.Errorf("qpdf --check %s: exit status %d:\n%s", path, exit.ExitCode(), bytes.TrimSpace(out))
	case err != nil:
		return fmt.Errorf("qpdf --check %s: %w", path, err)
	case bytes.Contains(bytes.ToLower(out), []byte("warning")):
		return fmt.Errorf("qpdf --check %s: warnings:\n%s", path, bytes.TrimSpace(out))
	case !bytes.Contains(out, []byte("No syntax or stream encoding errors found")):
		return fmt.Errorf("qpdf --check %s: no clean verdict:\n%s", path, bytes.TrimSpace(out))
	}
	return nil
}
