package pdffinish

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/pdfread"
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

// typeset reads gofpdf's output for a small document, as the typesetter
// hands it over (internal/pdf's TestGofpdfSkeleton keeps it).
func typeset(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "typeset.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// input is what the finisher adds to the typeset test file: a bare tree,
// the fonts' names, a date and one attachment.
func input() Input {
	return Input{
		Tree:      &Tree{Root: &Node{Kind: "Document"}},
		Meta:      &Meta{Title: "Skeleton", Lang: "en-GB", Creator: "s55", Producer: "s55", Date: time.Date(2021, 9, 13, 0, 0, 0, 0, time.UTC)},
		FontNames: map[string]string{"utf8liberationsans": "LiberationSans", "utf8liberationsansB": "LiberationSans-Bold"},
		Attachments: []document.Attachment{{Name: "source.zip", MIME: "application/zip", Data: []byte("PK\x05\x06" + strings.Repeat("\x00", 18))},
			{Name: "notes.txt", MIME: "text/plain", Description: "Notes", Data: []byte("notes")}},
	}
}

// TestFinish: the typeset file finished is one revision, read by pdfcpu,
// every object of it written once, gofpdf's ToUnicode maps replaced in
// place, every stream compressed but the XMP packet and the zip, the same
// bytes on every run.
func TestFinish(t *testing.T) {
	raw := typeset(t)
	out, err := Finish(raw, input())
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Finish(raw, input())
	if !bytes.Equal(out, again) {
		t.Error("the same input gave other bytes")
	}
	if !bytes.HasPrefix(out, []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")) || bytes.Count(out, []byte("startxref")) != 1 {
		t.Errorf("header %q, %d revisions", out[:15], bytes.Count(out, []byte("startxref")))
	}
	f, err := pdfread.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	objs := f.Objects()
	if n := bytes.Count(out, []byte(" 0 obj\n")); n != len(objs) || objs[len(objs)-1] != n {
		t.Errorf("%d objects written, %d read, numbered to %d", n, len(objs), objs[len(objs)-1])
	}
	for _, n := range objs {
		v, err := f.Object(n)
		if err != nil {
			t.Fatal(err)
		}
		s, ok := v.(*pdfread.Stream)
		if !ok {
			continue
		}
		if s.Dict["Filter"] == nil && s.Dict["Type"] != pdfread.Name("Metadata") && s.Dict["Subtype"] != pdfread.Name("application/zip") {
			t.Errorf("stream %d is not compressed: %v", n, s.Dict)
		}
		if bytes.Contains(s.Data, []byte("beginbfrange")) {
			t.Errorf("stream %d is gofpdf's ToUnicode map, with ranges", n)
		}
	}
	pages, _ := f.Pages()
	if len(pages) != 1 || !bytes.Contains(f.Contents(pages[0]), []byte("BT")) {
		t.Errorf("%d pages, or the page's content lost", len(pages))
	}
	if as := f.Attachments(); len(as) != 2 || as[0].Name != "source.zip" || string(as[1].Data) != "notes" {
		t.Errorf("attachments %+v", as)
	}
}

// TestFinishRefuses: a typeset file cut short or changed anywhere in its
// cross-reference table or trailer is refused with an error, or finished;
// never a panic. So is a font the typesetter did not name.
func TestFinishRefuses(t *testing.T) {
	raw := typeset(t)
	for n := 0; n < len(raw); n += 97 {
		if _, err := Finish(raw[:n], input()); err == nil {
			t.Errorf("the file cut at %d bytes was finished", n)
		}
	}
	xref := bytes.LastIndex(raw, []byte("xref\n"))
	for i := xref; i < len(raw); i++ {
		b := bytes.Clone(raw)
		b[i] ^= 0x5a
		Finish(b, input())
	}
	in := input()
	delete(in.FontNames, "utf8liberationsansB")
	if _, err := Finish(raw, in); err == nil || !strings.Contains(err.Error(), "unknown font") {
		t.Errorf("a font without its name: %v", err)
	}
}

// TestMappedCIDs reads a CIDToGIDMap as gofpdf writes it, compressed: the
// codes that map to a glyph, and nothing from a stream cut short, too
// long, or not zlib at all.
func TestMappedCIDs(t *testing.T) {
	gids := make([]byte, 2*0x10000)
	for _, c := range []int{32, 65, 0x175, 0xffff} {
		gids[2*c+1] = byte(c)
	}
	gids[2*0x2019] = 1 // a glyph number above 255
	packed := deflate(gids)
	got, err := mappedCIDs(packed)
	if err != nil || !slices.Equal(got, []int{32, 65, 0x175, 0x2019, 0xffff}) {
		t.Errorf("mappedCIDs = %v, %v", got, err)
	}
	for name, bad := range map[string][]byte{
		"cut short":    deflate(gids[:len(gids)-2]),
		"too long":     deflate(append(slices.Clone(gids), 0)),
		"not zlib":     packed[2:],
		"empty":        nil,
		"a bad header": append([]byte{0x78, 0x00}, packed[2:]...),
	} {
		if _, err := mappedCIDs(bad); err == nil {
			t.Errorf("%s: read", name)
		}
	}
}
