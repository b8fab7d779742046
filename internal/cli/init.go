package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/opcc-tools/s55/internal/archive"
	"github.com/opcc-tools/s55/internal/langtag"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/scaffold"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/statute"
)

// listFlag is a flag that may be given many times, each a line of a list.
type listFlag struct{ list *[]string }

func (l listFlag) String() string {
	if l.list == nil {
		return ""
	}
	return strings.Join(*l.list, ", ")
}

func (l listFlag) Set(s string) error {
	*l.list = append(*l.list, s)
	return nil
}

// languagesFlag is the office's languages, given as one list of tags
// separated by commas, as office.yaml lists them: cy-GB,en-GB.
type languagesFlag struct{ langs *[]string }

func (l languagesFlag) String() string {
	if l.langs == nil {
		return ""
	}
	return strings.Join(*l.langs, ",")
}

func (l languagesFlag) Set(s string) error {
	var out []string
	for _, tag := range strings.Split(s, ",") {
		t, err := langtag.Parse(strings.TrimSpace(tag))
		if err != nil {
			return fmt.Errorf("%q is %w", strings.TrimSpace(tag), err)
		}
		if slices.Contains(out, t) {
			return fmt.Errorf("%s is given twice", t)
		}
		out = append(out, t)
	}
	*l.langs = out
	return nil
}

// bodyFlag is the kind of local policing body, one of statute.Bodies.
type bodyFlag struct{ body *string }

func (b bodyFlag) String() string {
	if b.body == nil {
		return ""
	}
	return *b.body
}

func (b bodyFlag) Set(s string) error {
	if !statute.IsBody(s) {
		return fmt.Errorf("%q is not a kind of local policing body: give pcc, pfcc or mayor", s)
	}
	*b.body = s
	return nil
}

func runInit(env *Env, args []string) int {
	var (
		o        scaffold.OfficeOptions
		language string
		keyOnly  bool
	)
	fs := newFlags(env, "init")
	fs.BoolVar(&keyOnly, "key", false, "make only the office's signing key, beside the office.yaml in DIR, for an office started before s55 signed its archive")
	fs.StringVar(&o.PCC, "pcc", "", "the PCC's `NAME`, as printed under the signature")
	fs.StringVar(&o.PCCTitle, "pcc-title", "", "the PCC's `TITLE`, such as \"Police and Crime Commissioner for Exampleshire\"")
	fs.StringVar(&o.Force, "force", "", "the force's full `NAME`, such as \"Exampleshire Police\"")
	fs.StringVar(&o.ForceShort, "force-short", "", "how a sentence names the force (`S`), such as \"the force\"")
	fs.StringVar(&o.Chief, "chief-officer", "", "the chief officer's `TITLE` (default \"Chief Constable\")")
	fs.Var(bodyFlag{&o.Body}, "body", "the kind of local policing body, `KIND`: pcc (default), pfcc or mayor")
	fs.StringVar(&language, "language", "", "the documents' language, a BCP 47 `TAG` (default en-GB)")
	fs.Var(languagesFlag{&o.Languages}, "languages", "the office's languages, the first printed first, as `TAGS` separated by commas (cy-GB,en-GB); the text flags then give the first language's text")
	fs.StringVar(&o.Signature, "signature", "", "the scanned signature, a PNG or JPEG `FILE` in DIR")
	fs.StringVar(&o.SignatureAlt, "signature-alt", "", "what the signature shows (`TEXT`), read out in its place")
	fs.Var(listFlag{&o.Letterhead}, "letterhead", "a `LINE` of the letterhead (repeat for each line)")
	fs.Var(listFlag{&o.CC}, "cc", "who receives a copy (`WHO`; repeat for each)")
	fs.Var(listFlag{&o.SubmissionTo}, "submission-to", "the Home Office's e-mail `ADDRESS` for the s.55(6) copy (repeat for each)")
	fs.Var(listFlag{&o.SubmissionCC}, "submission-cc", "HMICFRS's e-mail `ADDRESS` for the s.55(6) copy (repeat for each)")
	fs.StringVar(&o.SubmissionFrom, "submission-from", "", "the office's own e-mail `ADDRESS`, which replies go to")
	pos, err := parse(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(pos) != 1 {
		return usageErr(env, fs, "give exactly one folder, the one to hold the office profile and the response folders")
	}
	dir := pos[0]
	if keyOnly {
		return initKey(env, fs, dir)
	}
	switch {
	case language != "" && len(o.Languages) > 0:
		return usageErr(env, fs, "give --language for an office of one language, or --languages for one of several, not both")
	case language != "":
		o.Languages = []string{language}
	}
	if o.Signature != "" {
		sig, msg := signatureIn(dir, o.Signature)
		if msg != "" {
			return usageErr(env, fs, "--signature %s: %s", o.Signature, msg)
		}
		o.Signature = sig
	}
	unset := unfilled(o)
	data, err := scaffold.NewOffice(o)
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 init: %v\n", err)
		return Failed
	}
	schemas, err := scaffold.Schemas()
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 init: %v\n", err)
		return Failed
	}
	office := filepath.Join(dir, response.OfficeFileName)
	if _, err := os.Lstat(office); err == nil {
		fmt.Fprintf(env.Stderr, "%s: error: already exists; s55 init never overwrites a file (edit it, or move it away first)\n", office)
		return Failed
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(env.Stderr, "%s: error: %v\n", dir, err)
		return Failed
	}
	if err := staging.WriteFile(office, data, false); err != nil {
		if errors.Is(err, staging.ErrExists) {
			fmt.Fprintf(env.Stderr, "%s: error: already exists; s55 init never overwrites a file\n", office)
		} else {
			fmt.Fprintf(env.Stderr, "%s: error: %v\n", office, err)
		}
		return Failed
	}
	for _, f := range schemas {
		// The schemas are s55's own: one already there is left as it is.
		if err := staging.WriteFile(filepath.Join(dir, f.Name), f.Data, false); err != nil && !errors.Is(err, staging.ErrExists) {
			fmt.Fprintf(env.Stderr, "%s: error: %v\n", filepath.Join(dir, f.Name), err)
			return Failed
		}
	}
	fmt.Fprintf(env.Stdout, "%s: written, with the JSON Schemas beside it\n", office)
	if _, err := os.Lstat(filepath.Join(dir, archive.SignerName)); err != nil {
		key, err := archive.MakeKey(dir, archive.KeyName(firstOf(o.Force, o.PCCTitle)))
		if err != nil {
			fmt.Fprintf(env.Stderr, "s55 init: %v\n", err)
			return Failed
		}
		fmt.Fprintln(env.Stdout, archive.KeyMade(key))
	}
	if len(unset) > 0 {
		fmt.Fprintf(env.Stdout, "%s: fill in the fields marked TO FILL (or run s55 init again with %s); s55 check names those left\n",
			office, strings.Join(unset, " "))
	}
	if langs := o.Languages; len(langs) > 1 {
		fmt.Fprintf(env.Stdout, "%s: every text is written in %s: the flags gave the %s text, and each text still to translate is marked TO FILL; s55 check names those left\n",
			office, strings.Join(langs, " and "), langs[0])
	}
	fmt.Fprintf(env.Stdout, "next: s55 new %s --report TITLE --published DATE\n", filepath.Join(dir, "RESPONSE"))
	return OK
}

// initKey makes the signing key of an office started before s55 signed
// its archive, beside its office.yaml.
func initKey(env *Env, fs *flag.FlagSet, dir string) int {
	if fs.NFlag() > 1 {
		return usageErr(env, fs, "--key makes the key alone: give no other flag")
	}
	office := filepath.Join(dir, response.OfficeFileName)
	if _, err := os.Stat(office); err != nil {
		fmt.Fprintf(env.Stderr, "%s: error: no office profile here; give the folder of office.yaml, beside which the key is kept\n", office)
		return Failed
	}
	o, _, _ := response.LoadOffice(office)
	key, err := archive.MakeKey(dir, archive.KeyName(o.Force.Name.String()))
	if err != nil {
		fmt.Fprintf(env.Stderr, "s55 init: %v\n", err)
		return Failed
	}
	fmt.Fprintln(env.Stdout, archive.KeyMade(key))
	return OK
}

// firstOf returns the first of ss that is not blank.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// unfilled lists the flags of the fields s55 needs that were left empty.
func unfilled(o scaffold.OfficeOptions) []string {
	var out []string
	for _, f := range []struct{ flag, v string }{
		{"--pcc", o.PCC}, {"--pcc-title", o.PCCTitle}, {"--force", o.Force}, {"--force-short", o.ForceShort},
		{"--signature", o.Signature}, {"--signature-alt", o.SignatureAlt},
		{"--submission-to", strings.Join(o.SubmissionTo, "")}, {"--submission-cc", strings.Join(o.SubmissionCC, "")},
		{"--submission-from", o.SubmissionFrom},
	} {
		if strings.TrimSpace(f.v) == "" {
			out = append(out, f.flag)
		}
	}
	return out
}

// signatureIn returns the signature's name as the office profile gives it,
// a path inside the office folder dir, or says why it cannot be one. A
// relative name is inside dir already, as the flag says; an absolute one
// must lead into dir. A signature outside the office's folder cannot be
// used, since s55 reads no input outside the folder that names it.
func signatureIn(dir, sig string) (string, string) {
	outside := "the signature must be a file in " + dir + ", the office's folder: copy it there and give its name (such as --signature signature.png)"
	if !filepath.IsAbs(sig) {
		if !filepath.IsLocal(sig) {
			return "", outside
		}
		return filepath.ToSlash(filepath.Clean(sig)), ""
	}
	base, err := filepath.Abs(dir)
	if err != nil {
		return "", err.Error()
	}
	rel, err := filepath.Rel(base, sig)
	if err != nil || !filepath.IsLocal(rel) {
		return "", outside
	}
	return filepath.ToSlash(rel), ""
}
