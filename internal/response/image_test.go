package response_test

import (
	"bytes"
	"image"
	"image/color"
	_ "image/jpeg" // for image.Decode
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/conformance"
	"github.com/opcc-tools/s55/internal/outdir"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
)

// The four-channel JPEGs of testdata were made once with the JDK's own JPEG
// writer by testdata/MakeCMYKJpeg.java (see there): a CMYK one (Adobe
// transform 0) and a YCCK one (transform 2), as Photoshop writes them.
var fourChannel = []string{"testdata/cmyk.jpg", "testdata/ycck.jpg"}

// referenceWith copies the reference response and its office into a new
// folder, with the signature replaced by the image file sig, and returns
// the response folder.
func referenceWith(t *testing.T, sig string) string {
	t.Helper()
	root := t.TempDir()
	files, err := staging.ReadTree("../../responses")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Name))
		if f.Name == response.OfficeFileName && sig != "" {
			f.Data = bytes.Replace(f.Data, []byte("file: signature-placeholder.png"), []byte("file: signature.jpg"), 1)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if sig != "" {
		data, err := os.ReadFile(sig)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "signature.jpg"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(root, "2021-09-13-rape-inspection-phase-one")
}

// TestCMYKSignature proves that a JPEG in CMYK or YCCK is converted at load
// to an opaque sRGB PNG, pixel by pixel with color.CMYKToRGB, that the same
// file gives the same bytes, and that the file's own bytes are kept for
// the archive.
func TestCMYKSignature(t *testing.T) {
	for _, sig := range fourChannel {
		t.Run(filepath.Base(sig), func(t *testing.T) {
			file, err := os.ReadFile(sig)
			if err != nil {
				t.Fatal(err)
			}
			src, _, err := image.Decode(bytes.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			cmyk, ok := src.(*image.CMYK)
			if !ok {
				t.Fatalf("%s decodes to %T, not a CMYK image: not the fixture the test needs", sig, src)
			}
			dir := referenceWith(t, sig)
			f, diags := response.Load(dir, response.Options{})
			if err := diags.Err(); err != nil {
				t.Fatal(err)
			}
			img := f.Signature
			if img.Type != "png" || !bytes.Equal(img.FileData, file) {
				t.Fatalf("Type %q, FileData the file's bytes: %t; want png and true", img.Type, bytes.Equal(img.FileData, file))
			}
			out, err := png.Decode(bytes.NewReader(img.Data))
			if err != nil {
				t.Fatal(err)
			}
			if out.Bounds() != cmyk.Bounds() || img.Width != cmyk.Bounds().Dx() || img.Height != cmyk.Bounds().Dy() {
				t.Fatalf("bounds %v (%d×%d), want %v", out.Bounds(), img.Width, img.Height, cmyk.Bounds())
			}
			if out.ColorModel() != color.RGBAModel {
				t.Errorf("PNG colour model %v, want RGBA", out.ColorModel())
			}
			b := cmyk.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					c := cmyk.CMYKAt(x, y)
					r, g, bl := color.CMYKToRGB(c.C, c.M, c.Y, c.K)
					if got := color.RGBAModel.Convert(out.At(x, y)).(color.RGBA); got != (color.RGBA{r, g, bl, 0xFF}) {
						t.Fatalf("pixel %d,%d: %v from %v, want %v", x, y, got, c, color.RGBA{r, g, bl, 0xFF})
					}
				}
			}
			again, _ := response.Load(dir, response.Options{})
			if !bytes.Equal(again.Signature.Data, img.Data) {
				t.Error("two loads of the same file give different PNGs")
			}
		})
	}
}

// TestCMYKSignaturePDF proves, with poppler and PDFBox, that a CMYK
// signature reaches the PDF as a DeviceRGB image (a CMYK image would break
// the sRGB output intent of PDF/A), and that PDFBox Preflight finds no rule
// broken that it does not find with the PNG placeholder.
func TestCMYKSignaturePDF(t *testing.T) {
	conformance.Need(t, conformance.Pdfimages, conformance.Java, conformance.PreflightJar, conformance.ActivationJar, conformance.JAXBJar)
	preflight := func(dir string) (letter string, issues []string) {
		r, diags := build.Render(dir, build.Options{})
		if err := diags.Err(); err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		if err := outdir.WriteBuild(filepath.Join(out, r.Folder.ID), r.Files); err != nil {
			t.Fatal(err)
		}
		letter = filepath.Join(out, r.Folder.ID, "letter.pdf")
		found, err := conformance.Preflight(letter)
		if err != nil {
			t.Fatal(err)
		}
		for _, is := range found {
			issues = append(issues, is.Code)
		}
		return letter, issues
	}
	_, base := preflight(referenceWith(t, ""))
	for _, sig := range fourChannel {
		t.Run(filepath.Base(sig), func(t *testing.T) {
			letter, issues := preflight(referenceWith(t, sig))
			images, err := conformance.PDFImages(letter)
			if err != nil {
				t.Fatal(err)
			}
			if len(images) != 1 || images[0].Type != "image" || images[0].Color != "rgb" || images[0].Components != 3 {
				t.Fatalf("letter.pdf's images: %+v; want one RGB image and no mask", images)
			}
			for _, code := range issues {
				if !slices.Contains(base, code) {
					t.Errorf("Preflight rule %s is broken with %s and not with the PNG placeholder (%s)", code, sig, strings.Join(base, ", "))
				}
			}
		})
	}
}

// TestNoPictures loads a response whose signature is damaged: a load
// refuses it, a load of the data alone (Options.NoPictures) reads the
// same data without it, and reads no picture at all.
func TestNoPictures(t *testing.T) {
	dir := referenceWith(t, "")
	sig := filepath.Join(filepath.Dir(dir), "signature-placeholder.png")
	if err := os.WriteFile(sig, []byte("\x89PNG\r\n\x1a\nnot a picture"), 0o644); err != nil {
		t.Fatal(err)
	}
	full, diags := response.Load(dir, response.Options{})
	if err := diags.Err(); err == nil || !strings.Contains(err.Error(), "signature-placeholder.png") {
		t.Fatalf("a damaged signature: %v", err)
	}
	data, diags := response.Load(dir, response.Options{NoPictures: true})
	if err := diags.Err(); err != nil {
		t.Fatalf("the data alone: %v", err)
	}
	if data.Signature != nil || data.Logo != nil || len(data.Signers) == 0 || data.Signers[0].Image != nil {
		t.Errorf("pictures read: signature %v, logo %v", data.Signature, data.Logo)
	}
	if data.Response.Report.Title.In("en-GB") != full.Response.Report.Title.In("en-GB") || len(data.Response.Appendices[0].Items) != 13 {
		t.Errorf("the data alone reads %+v", data.Response.Report)
	}
}
