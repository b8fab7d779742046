package pdffinish

import (
	"encoding/binary"
	"math"
	"sync"
)

// SRGB returns the profile of every finished file's output intent: an ICC
// version 2.1 display profile of sRGB (IEC 61966-2-1). Its colorants are computed
// from the standard's primaries and white point, adapted to the D50
// illuminant of the profile connection space with the Bradford transform,
// and its tone curve is the standard's, sampled at 1024 points. It is built
// here rather than copied from elsewhere so that the program carries no
// third-party profile (pdfcpu carries none either), and it is the same bytes
// on every run.
var SRGB = sync.OnceValue(func() []byte { return buildSRGB() })

// iccDate is the profile's creation date, fixed: the profile never changes.
var iccDate = [6]uint16{2021, 1, 1, 0, 0, 0}

// sRGB chromaticities (IEC 61966-2-1) and the illuminants, as CIE xy or XYZ.
var (
	srgbPrimaries = [3][2]float64{{0.64, 0.33}, {0.30, 0.60}, {0.15, 0.06}}
	d65           = [3]float64{0.95047, 1, 1.08883}
	d50           = [3]float64{0.9642, 1, 0.8249}
)

// srgbColorants returns the XYZ of the red, green and blue colorants
// adapted to D50.
func srgbColorants() [3][3]float64 {
	// The columns of the RGB-to-XYZ matrix are the primaries' XYZ, scaled
	// so that R=G=B=1 gives the D65 white.
	var p [3][3]float64 // p[i] = XYZ of primary i with Y = 1
	for i, xy := range srgbPrimaries {
		x, y := xy[0], xy[1]
		p[i] = [3]float64{x / y, 1, (1 - x - y) / y}
	}
	m := [3][3]float64{ // rows X, Y, Z; columns R, G, B
		{p[0][0], p[1][0], p[2][0]},
		{p[0][1], p[1][1], p[2][1]},
		{p[0][2], p[1][2], p[2][2]},
	}
	s := mulVec(invert(m), d65)
	bradford := [3][3]float64{
		{0.8951, 0.2664, -0.1614},
		{-0.7502, 1.7135, 0.0367},
		{0.0389, -0.0685, 1.0296},
	}
	src, dst := mulVec(bradford, d65), mulVec(bradford, d50)
	var scale [3][3]float64
	for i := range 3 {
		scale[i][i] = dst[i] / src[i]
	}
	adapt := mulMat(invert(bradford), mulMat(scale, bradford))
	var out [3][3]float64
	for i := range 3 {
		out[i] = mulVec(adapt, [3]float64{p[i][0] * s[i], p[i][1] * s[i], p[i][2] * s[i]})
	}
	return out
}

func mulVec(m [3][3]float64, v [3]float64) [3]float64 {
	var r [3]float64
	for i := range 3 {
		r[i] = m[i][0]*v[0] + m[i][1]*v[1] + m[i][2]*v[2]
	}
	return r
}

func mulMat(a, b [3][3]float64) [3][3]float64 {
	var r [3][3]float64
	for i := range 3 {
		for j := range 3 {
			r[i][j] = a[i][0]*b[0][j] + a[i][1]*b[1][j] + a[i][2]*b[2][j]
		}
	}
	return r
}

func invert(m [3][3]float64) [3][3]float64 {
	det := m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
		m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
		m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	var r [3][3]float64
	for i := range 3 {
		for j := range 3 {
			// cofactor of m[j][i]
			a, b := (j+1)%3, (j+2)%3
			c, d := (i+1)%3, (i+2)%3
			r[i][j] = (m[a][c]*m[b][d] - m[a][d]*m[b][c]) / det
		}
	}
	return r
}

// srgbDecode is the sRGB tone curve: an encoded value in [0, 1] to linear
// light.
func srgbDecode(v float64) float64 {
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// s15f16 encodes v as an ICC s15Fixed16Number.
func s15f16(v float64) uint32 { return uint32(int32(math.Round(v * 65536))) }

func buildSRGB() []byte {
	be := binary.BigEndian
	pad := func(b []byte) []byte {
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		return b
	}
	xyz := func(v [3]float64) []byte {
		b := []byte("XYZ \x00\x00\x00\x00")
		for _, c := range v {
			b = be.AppendUint32(b, s15f16(c))
		}
		return b
	}
	text := func(s string) []byte { return pad(append([]byte("text\x00\x00\x00\x00"+s), 0)) }
	desc := func(s string) []byte {
		// textDescriptionType: ASCII, then empty Unicode and ScriptCode
		// descriptions (the latter a fixed 67 bytes).
		b := []byte("desc\x00\x00\x00\x00")
		b = be.AppendUint32(b, uint32(len(s)+1))
		b = append(append(b, s...), 0)
		b = be.AppendUint32(b, 0) // Unicode language code
		b = be.AppendUint32(b, 0) // Unicode count
		b = be.AppendUint16(b, 0) // ScriptCode code
		b = append(b, 0)          // ScriptCode count
		b = append(b, make([]byte, 67)...)
		return pad(b)
	}
	const points = 1024
	curve := be.AppendUint32([]byte("curv\x00\x00\x00\x00"), points)
	for i := range points {
		curve = be.AppendUint16(curve, uint16(math.Round(srgbDecode(float64(i)/(points-1))*65535)))
	}
	curve = pad(curve)

	col := srgbColorants()
	type tag struct {
		sig  string
		data []byte
	}
	tags := []tag{
		{"desc", desc("sRGB IEC61966-2.1")},
		{"cprt", text("No copyright, use freely")},
		{"wtpt", xyz(d65)}, // the media white, as in the common sRGB profile
		{"rXYZ", xyz(col[0])},
		{"gXYZ", xyz(col[1])},
		{"bXYZ", xyz(col[2])},
		{"rTRC", curve},
		{"gTRC", curve},
		{"bTRC", curve},
	}
	// The three tone curves share one copy of the data, as the format
	// allows.
	offset := 128 + 4 + 12*len(tags)
	table := be.AppendUint32(nil, uint32(len(tags)))
	var data []byte
	var curveAt int
	for _, t := range tags {
		at, size := offset+len(data), len(t.data)
		if t.sig[1:] == "TRC" {
			if curveAt == 0 {
				curveAt = at
				data = append(data, t.data...)
			}
			at = curveAt
		} else {
			data = append(data, t.data...)
		}
		table = append(table, t.sig...)
		table = be.AppendUint32(table, uint32(at))
		table = be.AppendUint32(table, uint32(size))
	}
	size := offset + len(data)
	h := make([]byte, 0, size)
	h = be.AppendUint32(h, uint32(size))
	h = append(h, 0, 0, 0, 0)          // preferred CMM: none
	h = be.AppendUint32(h, 0x02100000) // version 2.1.0
	h = append(h, "mntrRGB XYZ "...)   // display class, RGB data, XYZ PCS
	for _, v := range iccDate {
		h = be.AppendUint16(h, v)
	}
	h = append(h, "acsp"...)
	h = append(h, make([]byte, 4+4+4+4+8+4)...) // platform, flags, maker, model, attributes, intent
	for _, c := range d50 {
		h = be.AppendUint32(h, s15f16(c))
	}
	h = append(h, make([]byte, 128-len(h))...) // creator and reserved
	h = append(h, table...)
	return append(h, data...)
}
