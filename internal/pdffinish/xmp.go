package pdffinish

import (
	"strings"
	"time"
)

// Meta is the document's metadata as the finisher writes it, both in the
// information dictionary and in the XMP packet, which PDF/A requires to
// agree. Each text is on one line, without the characters XML 1.0 cannot
// hold; an empty one is left out.
type Meta struct {
	Lang, Title, Author, Subject, Keywords, Creator, Producer string
	// Date is the document's creation and modification date.
	Date time.Time
	// Titles are the title in each language of a document that holds
	// several (dc:title's alternatives besides x-default), and Langs
	// those languages (dc:language).
	Titles []LangText
	Langs  []string
}

// LangText is a text in one language.
type LangText struct{ Lang, Text string }

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// xmlText escapes s for XML character data and leaves out what XML 1.0
// cannot hold at all (controls other than tab and line ends, U+FFFE and
// U+FFFF; bytes that are not UTF-8 become U+FFFD), so that the packet is well-formed
// whatever it is given. the typesetter has removed those already from what the
// documents carry, so the packet and the information dictionary agree.
func xmlText(s string) string {
	return xmlEscaper.Replace(strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r < 0xfffe) || r > 0xffff {
			return r
		}
		return -1
	}, s))
}

// xmpDate formats t for XMP.
func xmpDate(t time.Time) string { return t.Format("2006-01-02T15:04:05Z07:00") }

// pdfDate formats t as a PDF date with its offset from UTC, which
// equals xmpDate(t).
func pdfDate(t time.Time) string {
	s := "D:" + t.Format("20060102150405")
	_, off := t.Zone()
	if off == 0 {
		return s + "Z"
	}
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return s + string(sign) + twoDigits(off/3600) + "'" + twoDigits(off%3600/60) + "'"
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }

// xmp returns the document's XMP packet: Dublin Core title, author,
// subject and language; the dates, creator tool, producer and keywords of
// the information dictionary; the PDF/A-3b and PDF/UA-1 identification; and
// the extension schema that PDF/A asks for the PDF/UA property.
func xmp(m *Meta) []byte {
	var b strings.Builder
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
	}
	esc := xmlText
	date := xmpDate(m.Date)
	w("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
		"<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
		"<dc:format>application/pdf</dc:format>\n")
	if m.Title != "" {
		w("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", esc(m.Title), "</rdf:li>")
		for _, t := range m.Titles {
			w("<rdf:li xml:lang=\"", esc(t.Lang), "\">", esc(t.Text), "</rdf:li>")
		}
		w("</rdf:Alt></dc:title>\n")
	}
	if m.Author != "" {
		w("<dc:creator><rdf:Seq><rdf:li>", esc(m.Author), "</rdf:li></rdf:Seq></dc:creator>\n")
	}
	if m.Subject != "" {
		w("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", esc(m.Subject), "</rdf:li></rdf:Alt></dc:description>\n")
	}
	if m.Lang != "" {
		w("<dc:language><rdf:Bag><rdf:li>", esc(m.Lang), "</rdf:li>")
		for _, l := range m.Langs {
			if l != m.Lang {
				w("<rdf:li>", esc(l), "</rdf:li>")
			}
		}
		w("</rdf:Bag></dc:language>\n")
	}
	w("</rdf:Description>\n",
		"<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n",
		"<xmp:CreateDate>", date, "</xmp:CreateDate>\n",
		"<xmp:ModifyDate>", date, "</xmp:ModifyDate>\n",
		"<xmp:MetadataDate>", date, "</xmp:MetadataDate>\n")
	if m.Creator != "" {
		w("<xmp:CreatorTool>", esc(m.Creator), "</xmp:CreatorTool>\n")
	}
	w("</rdf:Description>\n",
		"<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n")
	if m.Producer != "" {
		w("<pdf:Producer>", esc(m.Producer), "</pdf:Producer>\n")
	}
	if m.Keywords != "" {
		w("<pdf:Keywords>", esc(m.Keywords), "</pdf:Keywords>\n")
	}
	w("</rdf:Description>\n",
		"<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n",
		"<pdfaid:part>3</pdfaid:part>\n",
		"<pdfaid:conformance>B</pdfaid:conformance>\n",
		"</rdf:Description>\n",
		"<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
		"<pdfuaid:part>1</pdfuaid:part>\n",
		"</rdf:Description>\n",
		xmpExtension,
		"</rdf:RDF>\n",
		"</x:xmpmeta>\n",
		"<?xpacket end=\"w\"?>")
	return []byte(b.String())
}

// xmpExtension declares the PDF/UA identification schema, which is not
// among the schemas PDF/A predefines.
const xmpExtension = `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas>
<rdf:Bag>
<rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property>
<rdf:Seq>
<rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li>
</rdf:Seq>
</pdfaSchema:property>
</rdf:li>
</rdf:Bag>
</pdfaExtension:schemas>
</rdf:Description>
`
