package response

import (
	"reflect"
	"slices"
	"strings"
	"time"
)

// Text is a text the documents print, as a file gives it: one string, or
// one string for each language of the office, a YAML mapping keyed by
// language tag in place of the string:
//
//	title: "PEEL 2024: An inspection of Example Police"
//	title: {cy-GB: "PEEL 2024: Arolygiad o Heddlu Enghraifft", en-GB: "PEEL 2024: An inspection of Example Police"}
//
// The decoder knows the type: a field of type Text takes either form, and
// the position of each language's string is its field path with the tag
// after it ("appendices[0].items[3].response.cy-GB"). Which languages a
// mapping must hold, and where a plain string may stand in a bilingual
// office, is check's to say (see Folder.Languages).
type Text struct {
	plain string
	// langs holds the strings of a mapping, in the order of the file;
	// nil for a plain string.
	langs []Translation
}

// Translation is a Text's string in one language.
type Translation struct {
	// Lang is the BCP 47 tag the file gives it under, such as "cy-GB".
	Lang string
	Text string
}

// Plain returns s as a Text, the same in every language.
func Plain(s string) Text { return Text{plain: s} }

// Translated returns a Text given per language, in the order given.
func Translated(ts ...Translation) Text {
	return Text{langs: append([]Translation{}, ts...)}
}

// PlainList returns each of ss as a plain Text.
func PlainList(ss ...string) []Text {
	out := make([]Text, len(ss))
	for i, s := range ss {
		out[i] = Plain(s)
	}
	return out
}

// In returns the text in lang: a plain string as it is, a mapping's
// string under lang, or "" when the mapping has none.
func (t Text) In(lang string) string {
	if t.langs == nil {
		return t.plain
	}
	for _, tr := range t.langs {
		if tr.Lang == lang {
			return tr.Text
		}
	}
	return ""
}

// String returns the text of a single-language use: a plain string, or
// the first string of a mapping. It is how a text is printed where no
// language is chosen (a tracker row, a manifest).
func (t Text) String() string {
	if t.langs == nil {
		return t.plain
	}
	if len(t.langs) == 0 {
		return ""
	}
	return t.langs[0].Text
}

// Mapped reports whether the text was given per language.
func (t Text) Mapped() bool { return t.langs != nil }

// Translations returns the strings of a mapping in the order of the file,
// or nil for a plain string.
func (t Text) Translations() []Translation { return slices.Clone(t.langs) }

// Blank reports whether the text holds nothing but white space in every
// language: a field left empty.
func (t Text) Blank() bool {
	if t.langs == nil {
		return strings.TrimSpace(t.plain) == ""
	}
	for _, tr := range t.langs {
		if strings.TrimSpace(tr.Text) != "" {
			return false
		}
	}
	return true
}

// Path returns the field path of the text's string in lang, for field, the
// path of the text: field itself for a plain string, "field.lang" for a
// mapping.
func (t Text) Path(field, lang string) string {
	if t.langs == nil {
		return field
	}
	return field + "." + lang
}

// Lines returns the text in lang as the lines it is written in: a title
// given as a block or a list ("Deputy Mayor for Policing and Crime", "on
// behalf of the Mayor of London"), each line trimmed, blank lines left
// out.
func (t Text) Lines(lang string) []string {
	var out []string
	for _, l := range strings.Split(t.In(lang), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Line returns the text in lang on one line, its lines joined by a space,
// as a sentence names a title of several lines: "Deputy Mayor for
// Policing and Crime on behalf of the Mayor of London".
func (t Text) Line(lang string) string { return strings.Join(t.Lines(lang), " ") }

// Strings returns the texts of a list in lang.
func Strings(list []Text, lang string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.In(lang)
	}
	return out
}

var (
	textType = reflect.TypeFor[Text]()
	timeType = reflect.TypeFor[time.Time]()
)

// View returns v, a value of the data (a Response, an Office, an Item
// ...), as a template of the phrase book sees it in lang: every Text as
// its string in lang, every []Text as a []string, every struct as a map
// from its Go field names to their values (the fields of an embedded
// struct among them), pointers followed (nil stays nil) and everything
// else as it is. A phrase reads {{.Report.Title}} or {{.Office.PCC.Title}}
// and gets the language's string, so that one phrase book serves a
// single-language office and each edition of a bilingual one alike. A
// text of several lines (a field tagged s55:"lines", a title) is seen on
// one line (Text.Line), as a sentence names it.
func View(v any, lang string) any {
	if v == nil {
		return nil
	}
	return view(reflect.ValueOf(v), lang)
}

func view(v reflect.Value, lang string) any {
	switch {
	case v.Type() == textType:
		return v.Interface().(Text).In(lang)
	case v.Type() == timeType:
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return view(v.Elem(), lang)
	case reflect.Struct:
		m := make(map[string]any, v.NumField())
		viewFields(v, lang, m)
		return m
	case reflect.Slice:
		if v.IsNil() {
			if v.Type().Elem() == textType {
				return []string(nil)
			}
			return v.Interface()
		}
		switch v.Type().Elem() {
		case textType:
			return Strings(v.Interface().([]Text), lang)
		case reflect.TypeFor[string]():
			return v.Interface()
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = view(v.Index(i), lang)
		}
		return out
	}
	return v.Interface()
}

// viewFields adds the exported fields of the struct v to m, those of an
// embedded struct as the struct's own.
func viewFields(v reflect.Value, lang string, m map[string]any) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case !f.IsExported():
		case f.Anonymous && f.Type.Kind() == reflect.Struct && f.Type != textType && f.Type != timeType:
			viewFields(v.Field(i), lang, m)
		case f.Type == textType && f.Tag.Get("s55") == "lines":
			m[f.Name] = v.Field(i).Interface().(Text).Line(lang)
		default:
			m[f.Name] = view(v.Field(i), lang)
		}
	}
}
