package pdffinish

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"
)

// TestSRGBProfile: the output intent's profile is a well-formed ICC v2
// display profile whose colorants are sRGB's, as the widely used sRGB
// IEC61966-2.1 profile gives them (to four decimals).
func TestSRGBProfile(t *testing.T) {
	p := SRGB()
	be := func(i int) uint32 { return uint32(p[i])<<24 | uint32(p[i+1])<<16 | uint32(p[i+2])<<8 | uint32(p[i+3]) }
	if int(be(0)) != len(p) || be(8) != 0x02100000 || string(p[12:24]) != "mntrRGB XYZ " || string(p[36:40]) != "acsp" {
		t.Fatalf("header % x", p[:40])
	}
	tags := map[string][2]uint32{}
	for i := range int(be(128)) {
		e := 132 + 12*i
		off, size := be(e+4), be(e+8)
		if off%4 != 0 || int(off+size) > len(p) {
			t.Errorf("tag %s at %d size %d", p[e:e+4], off, size)
		}
		tags[string(p[e:e+4])] = [2]uint32{off, size}
	}
	for _, sig := range []string{"desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC"} {
		if _, ok := tags[sig]; !ok {
			t.Errorf("no %s tag", sig)
		}
	}
	want := map[string][3]float64{
		"rXYZ": {0.4361, 0.2225, 0.0139},
		"gXYZ": {0.3851, 0.7169, 0.0971},
		"bXYZ": {0.1431, 0.0606, 0.7141},
		"wtpt": {0.9505, 1.0000, 1.0891},
	}
	for sig, w := range want {
		off := int(tags[sig][0])
		if string(p[off:off+4]) != "XYZ " {
			t.Errorf("%s is not an XYZ tag", sig)
			continue
		}
		for k := range 3 {
			got := float64(int32(be(off+8+4*k))) / 65536
			if d := got - w[k]; d > 3e-4 || d < -3e-4 {
				t.Errorf("%s[%d] = %.5f, want %.4f", sig, k, got, w[k])
			}
		}
	}
	// The tone curve: 0 and 1 at its ends, the sRGB value at the middle.
	off := int(tags["rTRC"][0])
	n := int(be(off + 8))
	at := func(i int) float64 { return float64(uint16(p[off+12+2*i])<<8|uint16(p[off+13+2*i])) / 65535 }
	if string(p[off:off+4]) != "curv" || n != 1024 || at(0) != 0 || at(n-1) != 1 {
		t.Errorf("tone curve: %q with %d points from %v to %v", p[off:off+4], n, at(0), at(n-1))
	}
	if mid := at(512); mid < 0.2140 || mid > 0.2150 { // sRGB 512/1023 is 0.2145 in linear light
		t.Errorf("tone curve at 512/1023: %.4f", mid)
	}
}

// TestXMPWellFormed: the XMP packet is well-formed XML whatever the
// metadata holds, as given, uncleaned.
func TestXMPWellFormed(t *testing.T) {
	for _, s := range []string{
		"<script>alert('x')</script> & &amp;", "a ]]> b", "<![CDATA[ x ]]>", "bell\a esc\x1b nul\x00 del\x7f",
		"non\ufffecharacter\uffff", "line\u2028separator\u2029paragraph\u0085next", `quote " and ' apos`,
		"tab\tnew\nline\rreturn", "ŵ £ – “q” \ufffd", "<?xpacket end=\"w\"?>", "--> <!-- x", "\xff\xfe not UTF-8",
	} {
		x := xmp(&Meta{Lang: s, Title: s, Author: s, Subject: s, Keywords: s, Creator: s, Producer: s})
		dec := xml.NewDecoder(bytes.NewReader(x))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%q: %v\n%s", s, err, x)
				break
			}
		}
	}
}
