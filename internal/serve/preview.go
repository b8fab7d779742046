package serve

import (
	"bytes"
	"html"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/htmldoc"
)

// renderPreview renders, as an HTML page of its own, the part of the
// documents a change shows in: an item as the appendix prints it, an
// appendix's heading and introduction, or the letter. It is the same
// pipeline as a build: the load composed the documents, and the documents'
// own renderer writes the page. When the change leaves the documents
// unable to be composed, the page says so, and the problems say why.
func (s *Server) renderPreview(l *loaded, t target, pl *place) string {
	set := (*compose.Set)(nil)
	if l.c != nil {
		set = l.c.Set
		if set == nil {
			// A check failed (a new response's missing answers): the
			// documents can still be composed to show this one part.
			set, _ = compose.Build(l.c.Folder, l.c.Theme)
		}
	}
	if set == nil {
		return unavailable
	}
	var doc *document.Document
	switch t.kind {
	case "letter":
		doc = set.Letter
	case "appendix":
		i, _ := appendixIndex(t.id)
		if i >= len(set.Appendices) {
			return unavailable
		}
		a := set.Appendices[i]
		var blocks []document.Block
		for _, p := range a.Parts {
			for _, b := range p.Blocks {
				if l, ok := b.(*document.List); ok && l.Class == document.Item {
					continue // the items have their own forms
				}
				blocks = append(blocks, b)
			}
		}
		doc = partDoc(a, blocks)
	case "item":
		li := findListItem(set, pl.it.Appendix, pl.it.ID)
		if li == nil {
			return unavailable
		}
		doc = partDoc(set.Appendices[pl.it.Appendix], []document.Block{
			&document.List{Ordered: true, Class: document.Item, Items: []*document.ListItem{li}},
		})
		doc.Title = pl.it.Heading() + " – " + doc.Title
	}
	var b bytes.Buffer
	if err := htmldoc.Render(&b, doc, l.c.Theme); err != nil {
		return unavailable
	}
	return b.String()
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

// findListItem returns the composed item called id in appendix i.
func findListItem(set *compose.Set, i int, id string) *document.ListItem {
	if i >= len(set.Appendices) {
		return nil
	}
	var found *document.ListItem
	for _, p := range set.Appendices[i].Parts {
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
