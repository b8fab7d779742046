package response

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // for image.Decode
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/opcc-tools/s55/internal/diag"
	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/strictyaml"
)

// FileName is the name of the data file in a response folder.
const FileName = "response.yaml"

// OfficeFileName is the office profile's name in the folder that holds the
// response folders.
const OfficeFileName = "office.yaml"

// Limits on referenced images.
const (
	maxImageBytes  = 5 << 20
	maxImagePixels = 4000
)

// Folder is a loaded response folder: the response, the office profile merged
// with the response's overrides, and the files they reference.
type Folder struct {
	// Dir is the response folder as given.
	Dir string
	// ID names the response: the folder's base name.
	ID string
	// Response is the decoded response.yaml.
	Response Response
	// Office is the office profile with the response's overrides applied.
	Office Office
	// Recipient is the letter's addressee: the office's default with the
	// letter's fields laid over it.
	Recipient Recipient
	// CC is the letter's copy list.
	CC []Text
	// Reference and Delivery are the letter's reference line and the
	// line saying how it goes: the letter's own, else the office's.
	Reference, Delivery Text
	// Languages are the office's languages, the first printed first; one
	// for most offices. Office.Language is the first.
	Languages []string
	// Source and OfficeSource locate fields in response.yaml and in the
	// office profile (OfficeSource is nil when there is no profile).
	Source, OfficeSource *Source
	// Letters are the letter's Markdown, one for each language the data
	// names a file in, in the order of Languages.
	Letters []Body
	// Signature is the signature image, when the office has one and the
	// PCC signs alone.
	Signature *Image
	// Signers are who sign the letter, in order: the letter's
	// signatories, else the office's, else the PCC with the office's
	// signature.
	Signers []Signer
	// Logo is the logo image, when the office has one.
	Logo *Image
	// TemplatesDir is the office's template folder, or "".
	TemplatesDir string
	// Inputs lists every file the folder was built from, data first.
	Inputs []string

	read func(dir, name string) ([]byte, error) // Options.Read, or readIn
	// pictures are the picture files read, by path (image).
	noPictures bool
	pictures   map[string]Figure
	picturesMu sync.Mutex
}

// Body is the letter's Markdown in one language.
type Body struct {
	Lang string
	// File is the Markdown file, and Data its content as read.
	File string
	Data []byte
}

// Bilingual reports whether the office publishes in more than one
// language.
func (f *Folder) Bilingual() bool { return len(f.Languages) > 1 }

// Image is a referenced image file, read and sniffed.
type Image struct {
	File string
	// FileData is the file's content, as read.
	FileData []byte
	// Data is the image as the documents carry it: the file's content, or
	// for a JPEG in CMYK or YCCK, the PNG it was converted to (see
	// readImage).
	Data []byte
	// Type is "png" or "jpeg": the type of Data.
	Type string
	// Width and Height are in pixels.
	Width, Height int
}

// Options tune Load.
type Options struct {
	// OfficeFile is the office profile to use. When empty, Load uses
	// office.yaml in the folder above the response folder, if there is one.
	OfficeFile string
	// Read, when set, reads response.yaml and the letter's body in place
	// of input.ReadIn, given the folder and the name inside it that Load
	// would read. The editor of the live preview loads the bytes it is
	// about to write through it, so that a save is checked, and then
	// built, from one load.
	Read func(dir, name string) ([]byte, error)
	// NoPictures reads the data alone: no signature or logo is read, and
	// the folder's Signature, Logo and signers' images stay nil. For what
	// an archived revision's data says (its items, for the tracker),
	// where the pictures were read when it was issued.
	NoPictures bool
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// MaxIDBytes is the longest name of a response: file systems take 255
// bytes in a name.
const MaxIDBytes = 255

// reservedNames are the names Windows keeps for devices: a file or folder
// may not have one, with any extension ("con.txt", "NUL.tar.gz").
var reservedNames = regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)`)

// ValidID reports whether id can name a response (IDProblem).
func ValidID(id string) bool { return IDProblem(id) == "" }

// IDProblem says why id cannot name a response, or returns "". A response
// is named by its folder, which an archive keeps and a site publishes, and
// which an office may copy to a Windows share or a OneDrive: so the name
// is valid on the file systems of Windows and Linux alike. It holds
// letters, digits, dots and hyphens, starts with a letter or digit, does
// not end with a dot, is no name Windows keeps for a device (CON, PRN, AUX,
// NUL, COM1 to COM9, LPT1 to LPT9, with any extension) and is at most
// MaxIDBytes bytes long.
func IDProblem(id string) string {
	switch {
	case len(id) > MaxIDBytes:
		return fmt.Sprintf("it is %d bytes long; a name is at most %d", len(id), MaxIDBytes)
	case !idPattern.MatchString(id):
		return "use letters, digits, dots and hyphens, starting with a letter or digit"
	case strings.HasSuffix(id, "."):
		return "it ends with a dot, which Windows drops from a name: end it with a letter or digit"
	case reservedNames.MatchString(id):
		return fmt.Sprintf("%s is a name Windows keeps for a device (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9, with or without an extension): choose another", strings.SplitN(id, ".", 2)[0])
	}
	return ""
}

// Load reads the response folder dir. It returns the folder and every problem
// found; the folder is usable only when the list holds no error.
func Load(dir string, opt Options) (*Folder, diag.List) {
	var diags diag.List
	f := &Folder{Dir: dir, ID: filepath.Base(filepath.Clean(dir)), read: opt.Read, noPictures: opt.NoPictures}
	if f.read == nil {
		f.read = readIn
	}
	if abs, err := filepath.Abs(dir); err == nil {
		// "." and ".." name a folder too: the response is named by the
		// folder itself.
		f.ID = filepath.Base(abs)
	}
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		diags.Add(dir, 0, 0, "", "no such response folder")
		return f, diags
	case err != nil:
		diags.Add(dir, 0, 0, "", "%s", pathError(err))
		return f, diags
	case !st.IsDir():
		diags.Add(dir, 0, 0, "", "not a folder; give a response folder holding %s", FileName)
		return f, diags
	case !ValidID(f.ID):
		diags.Add(dir, 0, 0, "", "folder name %q cannot name a response: %s", f.ID, IDProblem(f.ID))
		return f, diags
	}

	officeFile := OfficeFor(dir, opt.OfficeFile)
	var office Office
	if officeFile != "" {
		var odiags diag.List
		office, f.OfficeSource, odiags = loadOffice(officeFile)
		diags = append(diags, odiags...)
		if f.OfficeSource == nil {
			return f, diags
		}
		f.Inputs = append(f.Inputs, officeFile)
	}

	file := filepath.Join(dir, FileName)
	data, err := f.read(dir, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		diags.Add(file, 0, 0, "", "no %s here: is %s a response folder?", FileName, dir)
		return f, diags
	} else if err != nil {
		diags.Add(file, 0, 0, "", "%s", selfError(err))
		return f, diags
	}
	f.Inputs = append([]string{file}, f.Inputs...)
	merged := office
	f.Response.Office = &merged
	src, ddiags := strictyaml.Decode(file, data, &f.Response)
	f.Source, diags = src, append(diags, ddiags...)
	if diags.Errors() > 0 {
		return f, diags
	}
	f.Office = *f.Response.Office
	if msg := f.Office.settle(); msg != "" {
		s, p := f.Locate("office.language")
		f.fail(&diags, s, p, "%s", msg)
	}
	f.Languages = f.Office.Languages
	f.resolve(&diags)
	f.validate(&diags)
	return f, diags
}

// LoadOffice reads and decodes the office profile file, with its
// languages settled (see Office.Languages). The source is nil when the
// file cannot be read.
func LoadOffice(file string) (Office, *Source, diag.List) {
	office, src, diags := loadOffice(file)
	if src != nil {
		if msg := office.settle(); msg != "" {
			p := src.At("language")
			diags.Add(file, p.Line, p.Col, "language", "%s", msg)
		}
	}
	return office, src, diags
}

// loadOffice reads and decodes the office profile file as it stands.
func loadOffice(file string) (Office, *Source, diag.List) {
	var (
		office Office
		diags  diag.List
	)
	data, err := input.Read(file)
	if err != nil {
		diags.Add(file, 0, 0, "", "%s", selfError(err))
		return office, nil, diags
	}
	src, diags := strictyaml.Decode(file, data, &office)
	return office, src, diags
}

// DefaultLanguage is the language of an office that names none.
const DefaultLanguage = "en-GB"

// settle fills in the office's languages: Languages as given, or the one
// Language, or DefaultLanguage; Language is then the first of them. It
// returns the problem when Language and Languages disagree.
func (o *Office) settle() string {
	switch {
	case len(o.Languages) > 0:
		first := o.Languages[0]
		if o.Language != "" && o.Language != first {
			return fmt.Sprintf("language is %s but languages starts with %s: the first of languages is the language printed first; make them agree, or give languages alone", o.Language, first)
		}
		o.Language = first
	case o.Language == "":
		o.Language = DefaultLanguage
		fallthrough
	default:
		o.Languages = []string{o.Language}
	}
	return ""
}

// OfficeFor returns the office profile a response folder dir uses: file when
// it is set, else office.yaml in the folder above dir (OfficeBeside), or ""
// when there is none.
func OfficeFor(dir, file string) string {
	if file != "" {
		return file
	}
	candidate := OfficeBeside(dir)
	if _, err := os.Lstat(candidate); err == nil {
		return candidate
	}
	return ""
}

// OfficeBeside returns where the office profile of the response folder dir
// stands when no other is named: office.yaml in the folder above it, beside
// the response folders ("../office.yaml" for ".").
func OfficeBeside(dir string) string {
	return filepath.Join(dir, "..", OfficeFileName)
}

// NoOffice is the problem of a response folder dir without an office
// profile: it says where one was looked for and how to make one.
func NoOffice(dir string) diag.Diagnostic {
	file := OfficeBeside(dir)
	return diag.Diagnostic{File: file, Severity: diag.Error, Msg: fmt.Sprintf(
		"there is no office profile beside the response folder %s: make one with \"s55 init %s\", or name one with --office FILE",
		dir, filepath.Dir(file))}
}

// resolve merges the letter's recipient and copy list over the office's and
// reads the files the data names.
func (f *Folder) resolve(diags *diag.List) {
	if r := f.Office.Recipient; r != nil {
		f.Recipient = *r
	}
	if r := f.Response.Letter.Recipient; r != nil {
		over := func(field string, dst *Text, v Text) {
			if _, ok := f.Source.Pos["letter.recipient."+field]; ok {
				*dst = v
			}
		}
		over("name", &f.Recipient.Name, r.Name)
		over("role", &f.Recipient.Role, r.Role)
		over("salutation", &f.Recipient.Salutation, r.Salutation)
		if _, ok := f.Source.Pos["letter.recipient.address"]; ok {
			f.Recipient.Address = r.Address
		}
	}
	f.CC = f.Office.CC
	if _, ok := f.Source.Pos["letter.cc"]; ok {
		f.CC = f.Response.Letter.CC
	}
	f.Reference, f.Delivery = f.Office.Reference, f.Office.Delivery
	if f.given("letter.reference") {
		f.Reference = f.Response.Letter.Reference
	}
	if f.given("letter.delivery") {
		f.Delivery = f.Response.Letter.Delivery
	}

	body := f.Response.Letter.Body
	for _, lang := range f.Languages {
		name, path := body.In(lang), body.Path("letter.body", lang)
		if strings.TrimSpace(name) == "" || !body.Mapped() && lang != f.Languages[0] {
			continue // a letter given once for several languages is check's error
		}
		if base, ok := f.localFile(f.Source, path, name, diags); ok {
			p := filepath.Join(base, name)
			data, err := f.read(base, name)
			if err != nil {
				f.fail(diags, f.Source, path, "%s", pathError(err))
			} else {
				f.Letters = append(f.Letters, Body{Lang: lang, File: p, Data: data})
				if !slices.Contains(f.Inputs, p) {
					f.Inputs = append(f.Inputs, p)
				}
			}
		}
	}
	f.resolveSigners(diags)
	if t := f.Office.Templates; t != "" {
		src := f.sourceOf("office.templates")
		path := pathIn(src, f.Source, "office.templates")
		if base, ok := f.localFile(src, path, t, diags); ok {
			switch err := input.CheckDir(base, t); {
			case errors.Is(err, input.ErrSymlink), errors.Is(err, fs.ErrNotExist):
				f.fail(diags, src, path, "%s", pathError(err))
			case err != nil:
				f.fail(diags, src, path, "templates %q is not a folder", t)
			default:
				f.TemplatesDir = filepath.Join(base, t)
			}
		}
	}
}

// Locate returns the file that sets the field path of the merged data
// ("office.pcc.name", "letter.date") and the field's path inside that file.
func (f *Folder) Locate(path string) (*Source, string) {
	s := f.sourceOf(path)
	return s, pathIn(s, f.Source, path)
}

// sourceOf tells which file set an office field: the response's office
// section or the office profile.
func (f *Folder) sourceOf(path string) *Source {
	if !strings.HasPrefix(path, "office.") {
		return f.Source
	}
	if _, ok := f.Source.Pos[path]; ok || f.OfficeSource == nil {
		return f.Source
	}
	return f.OfficeSource
}

// pathIn gives a field path as it stands in src: office fields sit at the top
// of the office profile.
func pathIn(src, response *Source, path string) string {
	if src == response {
		return path
	}
	return strings.TrimPrefix(path, "office.")
}

func (f *Folder) fail(diags *diag.List, src *Source, path, format string, args ...any) {
	p := src.At(path)
	diags.Add(src.File, p.Line, p.Col, path, format, args...)
}

// localFile checks that name, given in src at path, is a path inside
// src's folder, and returns that folder, which the file is read in (with
// input.ReadIn, which also refuses a symbolic link on the way).
func (f *Folder) localFile(src *Source, path, name string, diags *diag.List) (string, bool) {
	base := filepath.Dir(src.File)
	if filepath.IsAbs(name) || !filepath.IsLocal(name) {
		f.fail(diags, src, path, "%q must be a path inside %s", name, displayDir(base))
		return "", false
	}
	return base, true
}

// readIn reads the file name inside the folder dir under input's rules.
func readIn(dir, name string) ([]byte, error) {
	return input.ReadIn(dir, name, input.MaxSize)
}

func displayDir(dir string) string {
	if dir == "." {
		return "its folder"
	}
	return dir
}

// readImage reads the PNG or JPEG file name in the folder dir and checks
// it is one of sane size, or says why it cannot be used. A JPEG in CMYK or
// YCCK is converted to an sRGB PNG (cmykToPNG).
func readImage(dir, name string) (*Image, string) {
	p := filepath.Join(dir, name)
	data, err := input.ReadIn(dir, name, maxImageBytes)
	if err != nil {
		return nil, pathError(err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return nil, fmt.Sprintf("%s is not a PNG or JPEG image", p)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxImagePixels || cfg.Height > maxImagePixels {
		return nil, fmt.Sprintf("image %s is %d×%d pixels; each side must be 1 to %d", p, cfg.Width, cfg.Height, maxImagePixels)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Sprintf("image %s is damaged: %v", p, err)
	}
	out := &Image{File: p, FileData: data, Data: data, Type: format, Width: cfg.Width, Height: cfg.Height}
	if cmyk, ok := img.(*image.CMYK); ok {
		if out.Data, err = cmykToPNG(cmyk); err != nil {
			return nil, fmt.Sprintf("image %s: %v", p, err)
		}
		out.Type = "png"
	}
	return out, ""
}

// cmykToPNG converts a CMYK image (a JPEG in CMYK or YCCK, which
// image/jpeg decodes to image.CMYK) to an opaque sRGB PNG. A document
// claiming PDF/A with an sRGB output intent may not hold a CMYK image, and
// a browser's conversion of one is its own. Each pixel is converted with
// color.CMYKToRGB, the conversion without a colour profile:
//
//	R = 255 × (1 − C/255) × (1 − K/255), and so for G with M and B with Y,
//
// computed in integers, and the image is encoded with image/png at its
// default compression, so the same file always gives the same bytes. A
// signature is dark ink on a light ground, which this keeps; a colour
// profile embedded in the JPEG is not applied.
func cmykToPNG(m *image.CMYK) ([]byte, error) {
	b := m.Bounds()
	rgb := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := m.CMYKAt(x, y)
			r, g, bl := color.CMYKToRGB(c.C, c.M, c.Y, c.K)
			rgb.SetRGBA(x, y, color.RGBA{R: r, G: g, B: bl, A: 0xFF})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, rgb); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pathError words a file system error about a file that another names,
// without Go's operation prefix: "letter.md does not exist".
func pathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path + " " + input.Reason(err)
	}
	return err.Error()
}

// selfError words a file system error for a message about that file
// itself: "it is a named pipe (FIFO), not a regular file".
func selfError(err error) string {
	return "it " + input.Reason(err)
}

// OfficeField is a field of an office profile that must be filled, with
// what to write there: check's messages and the comments of the profile
// that s55 init writes say the same.
type OfficeField struct {
	// Path is the field's path in the profile, such as "pcc.name".
	Path string
	// What names the field in a sentence: "the PCC's name".
	What string
	// Help says what to write, after "write": "the name as printed under
	// the signature, such as ...".
	Help string
}

// OfficeFields are the fields of an office profile that s55 needs filled,
// in the profile's order. The signature's are needed only when there is a
// signature; the chief officer's title only by s55 new.
var OfficeFields = []OfficeField{
	{"pcc.name", "the PCC's name", `the name as printed under the signature, such as "Darryl Preston"`},
	{"pcc.title", "the PCC's title", `the title printed under the name, such as "Police and Crime Commissioner for Cambridgeshire and Peterborough"`},
	{"force.name", "the force's name", `its full name, such as "Cambridgeshire Constabulary"`},
	{"force.short_name", "the force's short name", `how a sentence names the force, such as "the Constabulary"`},
	{"force.chief_officer", "the chief officer's title", `the title, such as "Chief Constable" ("Commissioner" for the Metropolitan Police)`},
	{"signature.file", "the signature's image file", "the name of a PNG or JPEG file of the scanned signature, beside this file (or write signature: none to leave a space to sign by hand)"},
	{"signature.alt", "the signature's text alternative", `what the signature shows, read out in its place, such as "The signature of Darryl Preston"`},
}

// Missing words the problem of an unfilled field.
func (o OfficeField) Missing() string {
	return o.What + " is missing: write " + o.Help
}

// OfficeFieldAt returns the OfficeField of path.
func OfficeFieldAt(path string) OfficeField {
	for _, o := range OfficeFields {
		if o.Path == path {
			return o
		}
	}
	panic("response: no office field " + path)
}

// validate reports missing required fields and values outside their sets.
func (f *Folder) validate(diags *diag.List) {
	o := &f.Office
	src := f.Locate
	var office diag.List // problems of the office's fields
	required := func(v Text, path, what string) {
		if v.Blank() {
			s, p := src(path)
			f.fail(diags, s, p, "%s is missing", what)
		}
	}
	filled := func(v Text, path string) {
		if v.Blank() {
			s, p := src("office." + path)
			f.fail(&office, s, p, "%s", OfficeFieldAt(path).Missing())
		}
	}
	filled(o.PCC.Name, "pcc.name")
	filled(o.PCC.Title, "pcc.title")
	filled(o.Force.Name, "force.name")
	filled(o.Force.ShortName, "force.short_name")
	if o.Signature != nil && !o.Signature.None {
		filled(Plain(o.Signature.File), "signature.file")
		filled(o.Signature.Alt, "signature.alt")
	}
	f.validateSigners(diags, &office)
	if f.Recipient.Name.Blank() && f.Recipient.Role.Blank() {
		f.fail(&office, f.Source, "letter.recipient", "the letter has no recipient: set letter.recipient or the office's recipient")
	}
	if f.OfficeSource == nil && len(office) > 0 {
		// Not one error for each field the profile would have given.
		office = diag.List{NoOffice(f.Dir)}
	}
	*diags = append(*diags, office...)

	r := &f.Response
	required(r.Report.Title, "report.title", "the report's title")
	if r.Report.Published.IsZero() {
		f.fail(diags, f.Source, "report.published", "the report's publication date is missing")
	}
	if r.Report.Scope != "" && !slices.Contains([]string{"force", "multi-force", "national"}, r.Report.Scope) {
		f.fail(diags, f.Source, "report.scope", "scope %q is not one of force, multi-force, national", r.Report.Scope)
	}
	if r.Letter.Date.IsZero() {
		f.fail(diags, f.Source, "letter.date", "the letter's date is missing")
	}
	required(r.Letter.Body, "letter.body", "the letter's body file")
	for i, a := range r.Appendices {
		path := fmt.Sprintf("appendices[%d]", i)
		required(a.Title, path+".title", "the appendix's title")
		f.validateItems(diags, path, a.Items, false)
	}
}

func (f *Folder) validateItems(diags *diag.List, path string, items []Item, nested bool) {
	for i, it := range items {
		p := fmt.Sprintf("%s.items[%d]", path, i)
		switch it.Kind {
		case "":
			f.fail(diags, f.Source, p+".kind", "the item's kind is missing (recommendation, cause-of-concern or area-for-improvement)")
		case Recommendation, AreaForImprovement:
		case CauseOfConcern:
			if nested {
				f.fail(diags, f.Source, p+".kind", "a cause of concern cannot stand under another item")
			}
		default:
			msg := fmt.Sprintf("kind %q is not one of recommendation, cause-of-concern, area-for-improvement", it.Kind)
			if s := diag.Suggest(it.Kind, []string{AreaForImprovement, CauseOfConcern, Recommendation}); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			f.fail(diags, f.Source, p+".kind", "%s", msg)
		}
		if it.Number < 1 {
			f.fail(diags, f.Source, p+".number", "the item's number is missing or below 1")
		}
		if it.Text.Blank() {
			f.fail(diags, f.Source, p+".text", "the item's text (the report's own words) is missing")
		}
		if it.Status != "" && !slices.Contains(Statuses, it.Status) {
			f.fail(diags, f.Source, p+".status", "status %q is not one of %s", it.Status, strings.Join(Statuses, ", "))
		}
		if StatusNeedsReason(it.Status) && it.PositionReason.Blank() {
			f.fail(diags, f.Source, p+".status", "status %s needs the reason the item does not apply: give it under position_reason", it.Status)
		}
		if it.Position != "" && !slices.Contains(Positions, it.Position) {
			msg := fmt.Sprintf("position %q is not one of %s", it.Position, strings.Join(Positions, ", "))
			if s := diag.Suggest(it.Position, Positions); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			f.fail(diags, f.Source, p+".position", "%s", msg)
		}
		if len(it.Items) > 0 && it.Kind != CauseOfConcern {
			f.fail(diags, f.Source, p+".items", "only a cause of concern holds items")
		}
		f.validateItems(diags, p, it.Items, true)
	}
}
