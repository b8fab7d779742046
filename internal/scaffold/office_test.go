package scaffold

import (
	"reflect"
	"strings"
	"testing"

	"github.com/opcc-tools/s55/internal/response"
)

// TestNewOffice proves that the profile s55 init writes holds every field
// of the office profile, each with a comment, decodes strictly, carries
// what the flags gave, and marks as TO FILL exactly the needed fields they
// left empty.
func TestNewOffice(t *testing.T) {
	opt := OfficeOptions{PCC: "Alex Example", ForceShort: `the "force": #1`, Language: "cy-GB", CC: []string{"HMICFRS", "a, b"},
		SubmissionTo: []string{"Home Office <s55@homeoffice.example>"}}
	data, err := NewOffice(opt)
	if err != nil {
		t.Fatal(err)
	}
	var o response.Office
	src, diags := response.Decode("office.yaml", data, &o)
	if err := diags.Err(); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if o.PCC.Name.String() != opt.PCC || o.Force.ShortName.String() != opt.ForceShort || o.Language != "cy-GB" || !reflect.DeepEqual(o.CC, response.PlainList(opt.CC...)) ||
		o.Force.ChiefOfficer.String() != "Chief Constable" || !reflect.DeepEqual(o.Submission.To, opt.SubmissionTo) || o.Recipient.Role.String() != "Home Secretary" || o.Signature.Width != 50 {
		t.Errorf("decoded %+v", o)
	}
	// Every field of the profile is in the file, with a comment above it.
	lines := strings.Split(string(data), "\n")
	var walk func(t reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		if typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || typ == reflect.TypeFor[response.Text]() {
			return
		}
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ",")
			sub := strings.TrimPrefix(path+"."+name, ".")
			if sub == "languages" {
				continue // an office of one language gives language alone
			}
			p, ok := src.Pos[sub]
			if !ok {
				t.Errorf("%s is not in the profile", sub)
				continue
			}
			if p.Line < 2 || !strings.HasPrefix(strings.TrimSpace(lines[p.Line-2]), "#") {
				t.Errorf("%s (line %d) has no comment above it", sub, p.Line)
			}
			walk(typ.Field(i).Type, sub)
		}
	}
	walk(reflect.TypeFor[response.Office](), "")
	var marked []string
	for i, l := range lines {
		if strings.Contains(l, "# TO FILL:") {
			for j := i + 1; j < len(lines); j++ {
				if k, _, ok := strings.Cut(strings.TrimSpace(lines[j]), ":"); ok && !strings.HasPrefix(k, "#") {
					marked = append(marked, k)
					break
				}
			}
		}
	}
	if want := []string{"title", "name", "file", "alt", "cc", "from"}; !reflect.DeepEqual(marked, want) {
		t.Errorf("fields marked TO FILL: %v, want %v (pcc.title, force.name, signature.file, signature.alt, submission.cc, submission.from)", marked, want)
	}
}
