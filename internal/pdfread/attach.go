package pdfread

import "slices"

// Attachment is a file embedded in a PDF.
type Attachment struct {
	// Name is the file specification's /UF (or /F) name.
	Name string
	// Description is its /Desc.
	Description string
	// MIME is the embedded file's /Subtype, such as "application/zip".
	MIME string
	// Relationship is its /AFRelationship ("Source", "Data" ...), or ""
	// for an attachment that is no associated file.
	Relationship string
	// Associated reports that the catalog's /AF lists it.
	Associated bool
	// Spec is the file specification, and Data the file's bytes.
	Spec Dict
	Data []byte
}

// Attachments returns the files the document carries: the associated
// files of the catalog (/AF) first, in their order, then the other
// entries of the embedded files name tree, in the tree's order. A
// specification both lists is returned once.
func (f *File) Attachments() []Attachment {
	var out []Attachment
	seen := map[any]bool{}
	add := func(v any, associated bool) {
		if r, ok := v.(Ref); ok {
			if seen[r] {
				return
			}
			seen[r] = true
		}
		spec := f.Dict(v)
		if spec == nil {
			return
		}
		ef := f.Dict(spec["EF"])
		s := f.Stream(ef["UF"])
		if s == nil {
			s = f.Stream(ef["F"])
		}
		if s == nil {
			return
		}
		name := f.Text(spec["UF"])
		if name == "" {
			name = f.Text(spec["F"])
		}
		mime, _ := s.Dict["Subtype"].(Name)
		rel, _ := f.Resolve(spec["AFRelationship"]).(Name)
		out = append(out, Attachment{Name: name, Description: f.Text(spec["Desc"]), MIME: string(mime),
			Relationship: string(rel), Associated: associated, Spec: spec, Data: s.Data})
	}
	for _, v := range f.Array(f.Root()["AF"]) {
		add(v, true)
	}
	for _, v := range f.NameTree(f.Dict(f.Root()["Names"])["EmbeddedFiles"]) {
		add(v.Value, false)
	}
	return out
}

// NameTreeEntry is one entry of a name tree.
type NameTreeEntry struct {
	Key   string
	Value any
}

// NameTree returns the entries of the name tree whose root is v, in the
// tree's order.
func (f *File) NameTree(v any) []NameTreeEntry {
	var out []NameTreeEntry
	seen := map[Ref]bool{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if r, ok := v.(Ref); ok {
			if seen[r] {
				return
			}
			seen[r] = true
		}
		if depth > 32 {
			return
		}
		node := f.Dict(v)
		names := f.Array(node["Names"])
		for i := 0; i+1 < len(names); i += 2 {
			key, _ := f.Resolve(names[i]).(string)
			out = append(out, NameTreeEntry{Key: key, Value: names[i+1]})
		}
		for _, k := range f.Array(node["Kids"]) {
			walk(k, depth+1)
		}
	}
	walk(v, 0)
	return slices.Clip(out)
}
