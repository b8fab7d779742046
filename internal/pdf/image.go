package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"strings"

	"github.com/opcc-tools/s55/internal/document"
)

// pixelMM is the size of a pixel at 96 dpi, for images given without a print
// size.
const pixelMM = 25.4 / 96

// ErrColorSpace reports a JPEG whose colours are not RGB or grey (CMYK, or
// YCCK, which decodes to CMYK). A PDF/A file with an sRGB output intent may
// not hold it, and the loader converts such images to sRGB before they
// reach the renderer, which refuses any that still do.
var ErrColorSpace = errors.New("JPEG in CMYK colours, which a PDF/A file with an sRGB output intent cannot hold; save the image as RGB")

// imageInfo checks an image's type and data and returns gofpdf's name for
// its type and its print size in millimetres: as given, or from its pixels
// at 96 dpi where a dimension is missing. A JPEG that is neither RGB nor
// grey fails with ErrColorSpace.
func imageInfo(im *document.Image) (typ string, w, h float64, err error) {
	switch strings.ToLower(im.Type) {
	case "png":
		typ = "png"
	case "jpeg", "jpg":
		typ = "jpg"
	default:
		return "", 0, 0, fmt.Errorf("type %q is neither png nor jpeg", im.Type)
	}
	if len(im.Data) == 0 {
		return "", 0, 0, errors.New("no image data")
	}
	w, h = im.Width, im.Height
	var cfg image.Config
	switch {
	case typ == "jpg":
		// Read always: the colour model decides whether it may go in.
		if cfg, err = jpeg.DecodeConfig(bytes.NewReader(im.Data)); err != nil {
			return "", 0, 0, err
		}
		if cfg.ColorModel == color.CMYKModel {
			return "", 0, 0, ErrColorSpace
		}
	case w > 0 && h > 0:
		return typ, w, h, nil
	default:
		if cfg, err = png.DecodeConfig(bytes.NewReader(im.Data)); err != nil {
			return "", 0, 0, err
		}
	}
	if w > 0 && h > 0 {
		return typ, w, h, nil
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		return "", 0, 0, errors.New("image has no pixels")
	}
	pw, ph := float64(cfg.Width), float64(cfg.Height)
	switch {
	case w > 0:
		h = w * ph / pw
	case h > 0:
		w = h * pw / ph
	default:
		w, h = pw*pixelMM, ph*pixelMM
	}
	return typ, w, h, nil
}

// imageName names image data for gofpdf by its digest, so that the same
// image is embedded once and the output does not depend on the order of
// registration.
func imageName(data []byte) string {
	sum := sha256.Sum256(data)
	return "img-" + hex.EncodeToString(sum[:12])
}

// pngForPDF returns PNG data gofpdf can read. gofpdf rejects 16-bit and
// interlaced PNGs (common in scanned signatures); those are decoded and
// encoded again as plain 8-bit PNGs. Other data is returned as it is.
func pngForPDF(data []byte) ([]byte, error) {
	// IHDR: 8-byte signature, 4-byte length, "IHDR", width, height, then
	// bit depth at 24 and interlace method at 28.
	if len(data) < 29 || string(data[12:16]) != "IHDR" || (data[24] <= 8 && data[28] == 0) {
		return data, nil
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out image.Image = img
	switch img.(type) {
	case *image.Gray16:
		g := image.NewGray(img.Bounds())
		draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
		out = g
	case *image.RGBA64, *image.NRGBA64:
		n := image.NewNRGBA(img.Bounds())
		draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
		out = n
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
