package editor

import (
	"bytes"
	"html"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
	"github.com/opcc-tools/s55/internal/preview"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/theme"
)

// renderPreview renders, as an HTML page of its own, the part of the
// documents a change shows in: an item as the appendix prints it, an
// appendix's heading and introduction, or the letter. It is the same
// pipeline as a build: the load composed the documents, and the documents'
// own renderer writes the page. In an office of several languages the page
// shows the part in each language, one after the other, as the bilingual
// response prints them. When the change leaves the documents unable to be
// composed, the page says so, and the problems say why.
func (s *Editor) renderPreview(l *preview.Load, t target, pl *place) string {
	set := (*compose.Set)(nil)
	if l.Checked != nil {
		set = l.Checked.Set
		if set == nil {
			// A check failed (a new response's missing answers): the
			// documents can still be composed to show this one part.
			set, _ = compose.Build(l.Checked.Folder, l.Checked.Themes...)
		}
	}
	if set == nil {
		return unavailable
	}
	var doc *document.Document
	if set.Editions == nil {
		doc = previewDoc(set.Letter, set.Appendices, t, pl, "")
	} else {
		// The bilingual response's parts, in which each language's ids
		// are its own: the first language's as in one language, the
		// others' marked with their files' suffix.
		suffixes := published.Suffixes(l.Checked.Folder.Languages)
		for j, parts := range languageParts(set.Response) {
			prefix := ""
			if j > 0 && j < len(suffixes) {
				prefix = suffixes[j] + "-"
			}
			var apps []*document.Document
			for _, p := range parts[1:] {
				apps = append(apps, partOf(set.Response, p))
			}
			d := previewDoc(partOf(set.Response, parts[0]), apps, t, pl, prefix)
			if d == nil {
				return unavailable
			}
			if doc == nil {
				doc = d
				continue
			}
			doc.Parts = append(doc.Parts, d.Parts...)
		}
	}
	if doc == nil {
		return unavailable
	}
	th := l.Checked.Theme
	if len(l.Checked.Themes) > 1 {
		th = theme.Joined(l.Checked.Themes)
	}
	var b bytes.Buffer
	if err := htmldoc.Render(&b, doc, th); err != nil {
		return unavailable
	}
	return b.String()
}

// previewDoc is the document of the part a change shows in, from a
// language's letter and appendices; prefix marks that language's ids. It
// is nil when the part is not there.
func previewDoc(letter *document.Document, appendices []*document.Document, t target, pl *place, prefix string) *document.Document {
	switch t.kind {
	case "letter":
		return letter
	case "appendix":
		i, _ := appendixIndex(t.id)
		if i >= len(appendices) {
			return nil
		}
		a := appendices[i]
		var blocks []document.Block
		for _, p := range a.Parts {
			for _, b := range p.Blocks {
				if l, ok := b.(*document.List); ok && l.Class == document.Item {
					continue // the items have their own forms
				}
				blocks = append(blocks, b)
			}
		}
		return partDoc(a, blocks)
	case "item":
		if pl.it.Appendix >= len(appendices) {
			return nil
		}
		li := findListItem(appendices[pl.it.Appendix], prefix+pl.it.ID)
		if li == nil {
			return nil
		}
		doc := partDoc(appendices[pl.it.Appendix], []document.Block{
			&document.List{Ordered: true, Class: document.Item, Items: []*document.ListItem{li}},
		})
		doc.Title = pl.it.Heading() + " – " + doc.Title
		return doc
	}
	return nil
}

// unavailable stands in for a preview that cannot be made.
var unavailable = `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>No preview</title></head><body><p>` +
	html.EscapeString("This cannot be shown until the problems beside the fields are put right.") + `</p></body></html>`

// partDoc is a document of one part, in the language and with the title of
// the document d, holding blocks.
func partDoc(d *document.Document, blocks []document.Block) *document.Document {
	p := d.Parts[0]
	return &document.Document{
		Lang: d.Lang, Title: d.Title, Author: d.Author, Subject: d.Subject, Date: d.Date,
		Parts: []*document.Part{{Kind: p.Kind, ID: "preview-" + p.ID, Outline: p.Outline, Lang: p.Lang, Blocks: blocks}},
	}
}

// partOf is the part p of the document d, as a document of its own.
func partOf(d *document.Document, p *document.Part) *document.Document {
	return &document.Document{Lang: d.Lang, Title: d.Title, Author: d.Author, Subject: d.Subject, Date: d.Date, Parts: []*document.Part{p}}
}

// languageParts returns the parts of a bilingual response by language, in
// its order: each language's letter, then its appendices.
func languageParts(d *document.Document) [][]*document.Part {
	var out [][]*document.Part
	for _, p := range d.Parts {
		if p.Kind == document.Letter || len(out) == 0 {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], p)
	}
	return out
}

// findListItem returns the composed item called id in the document d.
func findListItem(d *document.Document, id string) *document.ListItem {
	var found *document.ListItem
	for _, p := range d.Parts {
		document.Walk(p.Blocks, func(b document.Block) {
			if l, ok := b.(*document.List); ok {
				for _, it := range l.Items {
					if it.ID == id && found == nil {
						found = it
					}
				}
			}
		})
	}
	return found
}
