// Package bundle is the source bundle: every input a response was built
// from (its data, the letter, the pictures, the office profile and the
// office's own templates), collected from what the build read, published
// without the drafting notes, and zipped into the file that every PDF
// carries and that "s55 unpack" takes out again. An archive keeps the
// same inputs, with their notes, beside each revision.
package bundle

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/opcc-tools/s55/internal/document"
	"github.com/opcc-tools/s55/internal/markdown"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/theme"
)

// FileName is the name of the source bundle inside every PDF.
const FileName = "source.zip"

// sourceIndex names the bundle's own description inside it.
const sourceIndex = "s55-source.json"

// Source is every input a response was built from (its data, the letter, the
// images, the office profile and the office's override templates), named by
// paths relative to the folder that holds them all. It is what an archive
// keeps and what a PDF carries, so the response can be built again from it
// alone.
type Source struct {
	// Files are the inputs, named with slash-separated relative paths and
	// sorted by name.
	Files []staging.File `json:"-"`
	// Response is the response folder, relative to the same root.
	Response string `json:"response"`
	// Office is the office profile, relative, or "" when there is none.
	Office string `json:"office,omitempty"`

	// trees are the YAML files the load parsed, by name, so that
	// Published writes them out again without parsing them again.
	trees map[string]*yaml.Node
}

// Collect gathers the inputs of a loaded response.
func Collect(f *response.Folder, th *theme.Theme) (*Source, error) {
	abs := func(p string) (string, error) { return filepath.Abs(p) }
	dir, err := abs(f.Dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, p := range append(slices.Clone(f.Inputs), th.Files...) {
		a, err := abs(p)
		if err != nil {
			return nil, err
		}
		files = append(files, a)
	}
	root := dir
	for _, p := range files {
		for !within(root, p) {
			root = filepath.Dir(root)
		}
	}
	rel := func(p string) string {
		r, _ := filepath.Rel(root, p)
		return filepath.ToSlash(r)
	}
	s := &Source{Response: rel(dir)}
	if f.OfficeSource != nil {
		o, err := abs(f.OfficeSource.File)
		if err != nil {
			return nil, err
		}
		s.Office = rel(o)
	}
	s.trees = map[string]*yaml.Node{}
	for _, src := range []*response.Source{f.Source, f.OfficeSource} {
		if src != nil && src.Tree() != nil {
			if a, err := abs(src.File); err == nil {
				s.trees[rel(a)] = src.Tree()
			}
		}
	}
	seen := map[string]bool{}
	for _, p := range files {
		name := rel(p)
		if seen[name] {
			continue
		}
		seen[name] = true
		data, err := readInput(f, th, p)
		if err != nil {
			return nil, err
		}
		s.Files = append(s.Files, staging.File{Name: name, Data: data})
	}
	slices.SortFunc(s.Files, func(a, b staging.File) int { return strings.Compare(a.Name, b.Name) })
	return s, nil
}

// readInput returns an input's bytes as the build read them, so that what is
// archived is exactly what was built, even if the file changes meanwhile.
func readInput(f *response.Folder, th *theme.Theme, p string) ([]byte, error) {
	if data, ok := f.Input(p); ok {
		return data, nil
	}
	if data, ok := th.Read(p); ok {
		return data, nil
	}
	return nil, fmt.Errorf("%s: input not held in memory", p)
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && filepath.IsLocal(r)
}

// Zip packs the source as a zip file: the inputs and s55-source.json, which
// names the response folder and the office profile. The bytes depend only on
// the inputs and modified, the time stamped on every entry.
func (s *Source) Zip(modified time.Time) ([]byte, error) {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	index, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	entries := append([]staging.File{{Name: sourceIndex, Data: append(index, '\n')}}, s.Files...)
	for _, f := range entries {
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: modified.UTC()}
		fw, err := w.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Attachment is the bundle as every PDF carries it: the source as
// published (Published), zipped with each entry stamped modified (Zip),
// named FileName and described for whoever opens the PDF.
func (s *Source) Attachment(modified time.Time) (document.Attachment, error) {
	public, err := s.Published()
	if err != nil {
		return document.Attachment{}, err
	}
	data, err := public.Zip(modified)
	if err != nil {
		return document.Attachment{}, err
	}
	return document.Attachment{
		Name: FileName, MIME: "application/zip", Data: data,
		Description: "The data this document was built from: unpack it with s55 unpack, then build it with s55 build.",
	}, nil
}

// Published returns the source as a PDF carries it: the same inputs, with
// the drafting notes taken out. YAML files lose their comments (they are
// written out again from their parsed form, so every value stays as it
// was) and the Markdown (letter.md, and the Markdown fields of a
// response.yaml) its HTML comments. What the inputs build is unchanged, and
// Published of a published source is the same source, so a response built
// from the bundle carries the same bundle and gives the same bytes.
func (s *Source) Published() (*Source, error) {
	out := &Source{Response: s.Response, Office: s.Office}
	for _, f := range s.Files {
		data := f.Data
		switch path.Ext(f.Name) {
		case ".yaml", ".yml":
			var err error
			if data, err = stripYAML(data, s.trees[f.Name]); err != nil {
				return nil, fmt.Errorf("%s: %v", f.Name, err)
			}
		case ".md":
			data = markdown.StripComments(data)
		}
		out.Files = append(out.Files, staging.File{Name: f.Name, Data: data})
	}
	return out, nil
}

// stripYAML returns a YAML file, data, without its comments, and without
// the HTML comments of its Markdown fields: the comments taken out of its
// bytes (withoutComments) or, where they cannot be, the file written out
// again from its parsed form, tree, or, when the load did not parse it (a
// template's phrase book, a file unpacked from a bundle), from data
// parsed here. The tree is left as it is.
func stripYAML(data []byte, tree *yaml.Node) ([]byte, error) {
	if tree == nil {
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			return nil, err
		}
		tree = &root
	}
	if tree.Kind == 0 {
		return nil, nil
	}
	if out, ok := withoutComments(data, tree); ok {
		return out, nil
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(stripped(tree, false)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// stripped returns a copy of the tree n without its comments; with
// markdownValue, n is the value of a Markdown field, or, for a text given
// in each language, a language's value, and loses its HTML comments.
func stripped(n *yaml.Node, markdownValue bool) *yaml.Node {
	c := *n
	c.HeadComment, c.LineComment, c.FootComment = "", "", ""
	if markdownValue && c.Kind == yaml.ScalarNode {
		c.Value = string(markdown.StripComments([]byte(c.Value)))
	}
	if len(n.Content) > 0 {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, child := range n.Content {
			md := n.Kind == yaml.MappingNode && i%2 == 1 && (response.MarkdownFields[n.Content[i-1].Value] || markdownValue)
			c.Content[i] = stripped(child, md)
		}
	}
	return &c
}
