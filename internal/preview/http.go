package preview

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opcc-tools/s55/internal/compose"
	"github.com/opcc-tools/s55/internal/langtag"
	"github.com/opcc-tools/s55/internal/published"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The paths of the preview's own resources. Built files are served at
// "/" + their name.
const (
	pathIndex    = "/"
	pathScript   = "/_s55/reload.js"
	pathEvents   = "/_s55/events"
	pathLastGood = "/_s55/last-good/"
)

//go:embed reload.js
var reloadJS []byte

//go:embed page.html.tmpl
var pageSource string

// pageTemplate is the preview's page, parsed the first time it is served,
// not at the start of every command.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Option("missingkey=error").Parse(pageSource))
})

// ServeHTTP answers requests for the preview: the index, the built files,
// the last good build's files, the reload script and the event stream;
// before those, the paths of the handlers mounted beside it (Mount). Any
// other path, including any spelling of a path outside this set, gets 404.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.guard.Admit(w, r) {
		return
	}
	h := w.Header()
	// The path exactly as sent: an escaped or dotted spelling of a known
	// path is not that path.
	p := r.URL.EscapedPath()
	for _, h := range s.handlers {
		if h.Serve(w, r, p) {
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	snap := s.current()
	if name := path.Base(p); snap.pending != nil && path.Ext(name) == ".pdf" {
		if _, ok := snap.file(name); !ok {
			// A PDF of a build whose pages are out: wait for it.
			trigger(s.wantPDF)
			select {
			case <-snap.pending:
				snap = s.current()
			case <-r.Context().Done():
				return
			}
		}
	}
	switch {
	case p == pathIndex:
		s.servePage(w, r, snap, pageData{}, http.StatusOK)
	case p == pathScript:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(reloadJS))
	case p == pathEvents && r.Method == http.MethodGet:
		s.serveEvents(w, r)
	case strings.HasPrefix(p, pathLastGood):
		f, ok := snap.file(strings.TrimPrefix(p, pathLastGood))
		if !ok {
			http.NotFound(w, r)
			return
		}
		s.serveFile(w, r, f, follow{"good", snap.good})
	default:
		name := strings.TrimPrefix(p, "/")
		f, built := snap.file(name)
		if !built && !(snap.good == 0 && slices.Contains(s.expected(), name)) {
			http.NotFound(w, r)
			return
		}
		if !snap.ok {
			s.servePage(w, r, snap, pageData{Asked: name}, http.StatusServiceUnavailable)
			return
		}
		s.serveFile(w, r, f, follow{"live", snap.gen})
	}
}

// follow tells the reload script which change to reload on: "live" pages
// reload on every change of the preview, "good" pages (the last good build)
// only on a new good build; at is the generation the page shows.
type follow struct {
	kind string
	at   uint64
}

// tag is the script element added to an HTML page.
func (f follow) tag() string {
	return fmt.Sprintf(`<script src="%s" data-s55-follow="%s" data-s55-at="%d" defer></script>`+"\n", pathScript, f.kind, f.at)
}

// serveFile serves a built file; an HTML page gets the reload script.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, f staging.File, fl follow) {
	data := f.Data
	switch path.Ext(f.Name) {
	case ".html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The editor frames the documents; no other site may.
		w.Header().Set("X-Frame-Options", "SAMEORIGIN")
		data = insertBefore(data, "</body>", fl.tag())
	case ".pdf":
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `inline; filename="`+f.Name+`"`)
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// pageData is what the preview's own page shows: the index, or in place of
// a document that could not be rebuilt, the problems.
type pageData struct {
	// Asked is the document asked for, when the page stands in for it.
	Asked string

	Title, Heading string
	Dir            string
	OK             bool
	Built, Took    string
	Problems       []string
	Warnings       []string
	// Docs lists the documents to link; LastGood says the links go to the
	// last good build.
	Docs     []docLink
	LastGood bool
	// AskedLink is the last good version of the document asked for.
	AskedLink string
}

// docLink is one document of the index: its HTML page and its PDF.
type docLink struct {
	Label     string
	HTML, PDF string // paths
	HTMLName  string
	PDFName   string
}

// servePage renders the preview's own page.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, snap *snapshot, d pageData, status int) {
	d.Dir = s.dir
	d.OK = snap.ok
	d.Took = Millis(snap.took)
	if snap.good > 0 {
		d.Built = snap.builtAt.Format(time.TimeOnly)
	}
	for _, dg := range snap.diags {
		if snap.ok {
			d.Warnings = append(d.Warnings, dg.Error())
		} else {
			d.Problems = append(d.Problems, dg.Error())
		}
	}
	prefix := "/"
	if !snap.ok {
		prefix = pathLastGood
		d.LastGood = snap.good > 0
	}
	if snap.good > 0 {
		d.Docs = docLinks(snap.files, snap.labels, prefix, snap.pending != nil)
	}
	switch {
	case d.Asked != "":
		d.Title = d.Asked + " could not be rebuilt – s55 preview"
		d.Heading = d.Asked + " could not be rebuilt"
		if _, ok := snap.file(d.Asked); ok {
			d.AskedLink = pathLastGood + d.Asked
		}
	case snap.ok:
		d.Title = "Preview of " + snap.id + " – s55"
		d.Heading = "Preview of " + snap.id
	default:
		d.Title = "Not rebuilt – s55 preview"
		d.Heading = "The response could not be rebuilt"
	}

	var b bytes.Buffer
	if err := pageTemplate().Execute(&b, d); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	page := insertBefore(b.Bytes(), "</body>", follow{"live", snap.gen}.tag())
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(page)
	}
}

// docLinks lists the built documents, each with its HTML page and PDF, in
// the build's order, each named by labels. While the PDFs are pending,
// each page has one to come.
func docLinks(files []staging.File, labels map[string]string, prefix string, pending bool) []docLink {
	var out []docLink
	for _, f := range files {
		base, ok := strings.CutSuffix(f.Name, ".html")
		if !ok {
			continue
		}
		d := docLink{Label: cmp.Or(labels[base], base), HTML: prefix + f.Name, HTMLName: f.Name}
		for _, g := range files {
			if g.Name == base+".pdf" || (pending && g.Name == f.Name) {
				d.PDF, d.PDFName = prefix+base+".pdf", base+".pdf"
			}
		}
		out = append(out, d)
	}
	return out
}

// docLabels names each document of a build in words, by the name of its
// files: "Letter", "Appendix 1", "Published response (letter and
// appendices)"; in an office of the several languages langs, with the
// language of each ("Letter (Welsh)") and, for the bilingual response,
// all of them ("Published response, Welsh and English").
func docLabels(outs []compose.Output, langs []string) map[string]string {
	names := languageNames(langs)
	out := map[string]string{}
	for _, o := range outs {
		var label string
		switch {
		case o.Appendix > 0:
			label = "Appendix " + strconv.Itoa(o.Appendix)
		case o.Base == published.Letter:
			label = "Letter"
		case len(langs) > 1 && len(o.Langs) == 1:
			label = "Response"
		default:
			label = "Published response"
		}
		switch {
		case len(langs) < 2 && o.Base == published.Response:
			label += " (letter and appendices)"
		case len(o.Langs) == 1 && len(langs) > 1:
			label += " (" + names[o.Langs[0]] + ")"
		case len(o.Langs) > 1:
			var in []string
			for _, l := range o.Langs {
				in = append(in, names[l])
			}
			label += ", " + andList(in)
		}
		out[o.Name] = label
	}
	return out
}

// languageNames names each of the office's languages in English: "Welsh";
// where two of them share a language, with the tag: "English (en-GB)".
func languageNames(langs []string) map[string]string {
	out := map[string]string{}
	count := map[string]int{}
	for _, l := range langs {
		count[langtag.Base(l)]++
	}
	for _, l := range langs {
		out[l] = LangName(l)
		if count[langtag.Base(l)] == 1 {
			out[l] = strings.TrimSuffix(out[l], " ("+l+")")
		}
	}
	return out
}

// andList joins words as an English sentence does: "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// expected names the files a build always makes, for the office's
// languages as the latest load read them: before the first good build they
// answer with the problems rather than 404. An office of one language has
// letter and response, each as HTML and PDF; one of several has each
// language's letter and response, and the bilingual response.
func (s *Server) expected() []string {
	s.mu.Lock()
	last := s.last
	s.mu.Unlock()
	var langs []string
	if last != nil && last.Folder != nil {
		langs = officeLanguages(last.Folder)
	}
	bases := []string{published.Letter, published.Response}
	if len(langs) > 1 {
		bases = nil
		for _, suffix := range published.Suffixes(langs) {
			bases = append(bases, published.Name(published.Letter, suffix), published.Name(published.Response, suffix))
		}
		bases = append(bases, published.Response)
	}
	var out []string
	for _, b := range bases {
		out = append(out, b+published.HTML, b+published.PDF)
	}
	return out
}

// officeLanguages returns the office's languages as far as the load of f
// read them: those of the folder, or, when response.yaml could not be
// decoded, those the office profile gives.
func officeLanguages(f *response.Folder) []string {
	if len(f.Languages) > 0 {
		return f.Languages
	}
	if o := f.Response.Office; o != nil {
		if len(o.Languages) > 0 {
			return o.Languages
		}
		if o.Language != "" {
			return []string{o.Language}
		}
	}
	return nil
}

// serveEvents streams the preview's generation as Server-Sent Events: one
// event at once, then one after each change, until the client goes or the
// server stops.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	rc := http.NewResponseController(w)
	ch := s.subscribe()
	defer s.unsubscribe(ch)
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n\n")
	for {
		snap := s.current()
		if _, err := fmt.Fprintf(w, "data: {\"gen\":%d,\"good\":%d,\"ok\":%t}\n\n", snap.gen, snap.good, snap.ok); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-ch:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}

// LangName names a language tag for a label: "Welsh (cy-GB)".
func LangName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	base, _ := t.Base()
	if name := display.English.Languages().Name(base); name != "" {
		return name + " (" + tag + ")"
	}
	return tag
}
