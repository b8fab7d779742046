package check

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/opcc-tools/s55/templates"
)

var update = flag.Bool("update", false, "redraw the placeholder signature")

// placeholderFiles are the copies of the placeholder: the one s55 ships,
// and the one the example office uses.
var placeholderFiles = []string{
	filepath.Join("..", "..", "templates", templates.SignaturePlaceholder),
	filepath.Join(referenceDir, templates.SignaturePlaceholder),
}

// drawPlaceholder draws the placeholder signature: a pale panel that says
// in words what it is, so that nobody takes it for a broken image or for
// a signature.
func drawPlaceholder(t *testing.T) []byte {
	const w, h = 500, 160
	img := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.Gray{0xf3}), image.Point{}, draw.Src)
	border := color.Gray{0xb1}
	for x := range w {
		for _, y := range []int{0, 1, h - 2, h - 1} {
			img.SetGray(x, y, border)
		}
	}
	for y := range h {
		for _, x := range []int{0, 1, w - 2, w - 1} {
			img.SetGray(x, y, border)
		}
	}
	f, err := opentype.Parse(liberationsansregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 26, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{0x50}), Face: face}
	for i, line := range []string{"Signed copy held by the office", "(placeholder)"} {
		adv := d.MeasureString(line)
		d.Dot = fixed.Point26_6{X: (fixed.I(w) - adv) / 2, Y: fixed.I(70 + 38*i)}
		d.DrawString(line)
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPlaceholder keeps the placeholder signature as drawPlaceholder draws
// it, in both places; -update redraws it.
func TestPlaceholder(t *testing.T) {
	want := drawPlaceholder(t)
	for _, p := range placeholderFiles {
		if *update {
			if err := os.WriteFile(p, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not the placeholder as drawn: run go test ./internal/check -run TestPlaceholder -update", p)
		}
	}
	if len(want) > 16<<10 {
		t.Errorf("the placeholder is %d bytes; keep it small", len(want))
	}
}

func TestSignatureWarnings(t *testing.T) {
	const alt = "alt: Signature of Darryl Preston"
	for value, want := range map[string]string{
		"A handwritten signature in black ink, appearing to read 'Darryl Preston', enclosed in a light grey rectangular box.": "describes how the picture looks",
		"Image of the Commissioner's signature":       "describes how the picture looks",
		"Scan of a signature":                         "describes how the picture looks",
		"A grey box standing in for the signature.":   "describes how the picture looks",
		"Signature of Darryl Preston":                 "",
		"Darryl Preston's signature":                  "",
		"Signed by the Police and Crime Commissioner": "",
	} {
		f := loadEdited(t, func(files map[string]string) { replace(files, "office.yaml", alt, "alt: "+value) })
		got := accessibilityOf(f)
		if want == "" && len(got) != 0 || want != "" && (len(got) != 1 || !strings.Contains(got[0], want) || !strings.HasPrefix(got[0], "office.yaml:19:8: warning: signature.alt: ")) {
			t.Errorf("alt %q: %q, want %q", value, got, want)
		}
	}
	// The placeholder itself is found by its bytes, whatever its name.
	f := loadEdited(t, nil)
	shipped, err := os.ReadFile(placeholderFiles[0])
	if err != nil {
		t.Fatal(err)
	}
	f.Signature.Data = shipped
	got := accessibilityOf(f)
	want := `office.yaml:18:9: warning: signature.file: the signature is s55's placeholder, not Darryl Preston's signature: put the scanned signature in the folder and name it here before the letter is issued`
	if len(got) != 1 || got[0] != want {
		t.Errorf("the placeholder: %q", got)
	}
}
