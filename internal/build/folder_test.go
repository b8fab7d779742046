package build_test

import (
	"bytes"
	"testing"

	"github.com/opcc-tools/s55/internal/build"
	"github.com/opcc-tools/s55/internal/response"
)

// TestCheckFolderIsCheck proves that checking and rendering a folder loaded
// once gives what Check and Render give from its folder name: the same
// problems and the same files, byte for byte.
func TestCheckFolderIsCheck(t *testing.T) {
	f, diags := response.Load(reference, response.Options{})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	themes, tdiags := build.Themes(f)
	if err := tdiags.Err(); err != nil {
		t.Fatal(err)
	}
	c, cdiags := build.CheckFolder(f, themes, build.Options{})
	if err := cdiags.Err(); err != nil {
		t.Fatal(err)
	}
	if c.Set == nil {
		t.Fatal("CheckFolder composed no documents")
	}
	_, want := build.Check(reference, build.Options{})
	got := append(diags, append(tdiags, cdiags...)...)
	got.Sort()
	if len(got) != len(want) {
		t.Fatalf("CheckFolder gave %d problems, Check %d:\n%v\n%v", len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("problem %d: CheckFolder %q, Check %q", i, got[i].Error(), want[i].Error())
		}
	}

	r, rdiags := c.Render()
	if err := rdiags.Err(); err != nil {
		t.Fatal(err)
	}
	ref, rdiags := build.Render(reference, build.Options{})
	if err := rdiags.Err(); err != nil {
		t.Fatal(err)
	}
	if len(r.Files) != len(ref.Files) {
		t.Fatalf("%d files, want %d", len(r.Files), len(ref.Files))
	}
	for i, f := range r.Files {
		if f.Name != ref.Files[i].Name || !bytes.Equal(f.Data, ref.Files[i].Data) {
			t.Errorf("%s differs from Render's %s", f.Name, ref.Files[i].Name)
		}
	}
}
