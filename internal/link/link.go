// Package link is s55's one policy on links: which ones a published
// document may carry, and the one spelling of each. A link may go to an
// https, http, mailto or tel address, or to a place in the same document
// ("#rec-3"); anything else (javascript:, data:, file:, smb: and the like,
// or a path relative to a web site that the document does not have) is
// refused. compose applies the policy once, when the tree is made, so the
// HTML's href and the PDF's /URI are the same string and neither renderer
// decides anything about links.
package link

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// Schemes are the schemes a published link may use, in the order a message
// names them.
var Schemes = []string{"https", "http", "mailto", "tel"}

// ErrRefused reports a link the policy refuses.
var ErrRefused = errors.New("link refused")

// Canonical returns the canonical spelling of the link destination dest,
// as the officer wrote it with its escapes and entities already decoded,
// or an error that says why it may not be published. The canonical form
// is ASCII: every byte outside the characters a URL may hold unescaped is
// percent-encoded, and a scheme is in lower case, so html/template
// leaves it as it is and the PDF carries the same bytes.
//
// An anchor ("#id") is returned as it is, encoded; whether the id exists
// is for the caller, which knows the document.
func Canonical(dest string) (string, error) {
	d := strings.TrimSpace(dest)
	if d == "" {
		return "", fmt.Errorf("%w: the link goes nowhere: give an address such as https://www.example.org/page", ErrRefused)
	}
	if strings.HasPrefix(d, "#") {
		if len(d) == 1 {
			return "", fmt.Errorf("%w: the link %q names no place in the document", ErrRefused, dest)
		}
		return "#" + encode(d[1:]), nil
	}
	scheme, rest, ok := cutScheme(d)
	if !ok {
		return "", fmt.Errorf("%w: the link %q has no scheme: a published document has no site around it, so write the whole address, such as https://%s",
			ErrRefused, dest, strings.TrimLeft(d, "/"))
	}
	lower := strings.ToLower(scheme)
	switch lower {
	case "https", "http":
		u, err := url.Parse(lower + ":" + rest)
		if err != nil || u.Host == "" {
			return "", fmt.Errorf("%w: the link %q names no web site: write it as %s://www.example.org/page", ErrRefused, dest, lower)
		}
	case "mailto", "tel":
		if strings.TrimSpace(rest) == "" {
			return "", fmt.Errorf("%w: the link %q names no address", ErrRefused, dest)
		}
	default:
		return "", fmt.Errorf("%w: %s: links are not published: %s; a document may link only to https, http, mailto and tel addresses and to places in itself",
			ErrRefused, quoteScheme(scheme), danger(lower))
	}
	return lower + ":" + encode(rest), nil
}

// danger says why a refused scheme is not published.
func danger(scheme string) string {
	switch scheme {
	case "javascript", "vbscript":
		return "they run a program in the reader's browser"
	case "data":
		return "they carry a whole file inside the link, which a browser may open as a page"
	case "file":
		return "they point at a file on the reader's own computer"
	case "smb":
		return "they open a Windows file share, and following one sends the reader's Windows logon to whoever runs it"
	}
	return "the reader's software may do anything with them"
}

func quoteScheme(s string) string {
	return fmt.Sprintf("%q", s+":")
}

// cutScheme splits a URL at its scheme (RFC 3986: a letter, then letters,
// digits, "+", "-" or "."; then a colon).
func cutScheme(s string) (scheme, rest string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i < 1 {
		return "", "", false
	}
	for k, r := range s[:i] {
		if r > unicode.MaxASCII || !(isLetter(byte(r)) || k > 0 && (isDigit(byte(r)) || r == '+' || r == '-' || r == '.')) {
			return "", "", false
		}
	}
	return s[:i], s[i+1:], true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// encode percent-encodes every byte of s but letters, digits, the
// characters RFC 3986 leaves unreserved and the reserved ones that
// html/template's URL normaliser keeps, so that the result is a fixed
// point of both. A "%" that starts an escape is kept.
func encode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isLetter(c) || isDigit(c) || strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
			b.WriteByte(c)
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// vague holds link texts that do not say where a link goes (WCAG 2.2
// success criterion 2.4.4, Link Purpose).
var vague = map[string]bool{"here": true, "click here": true, "click": true, "link": true, "this link": true,
	"click this link": true, "follow this link": true, "read more": true, "more": true, "more here": true,
	"this": true, "this page": true, "go": true, "go here": true, "details": true, "more details": true,
	"more information": true, "more info": true, "info": true, "website": true, "web page": true, "page": true}

// Purpose returns what is wrong with text as the words of a link, or ""
// when it says where the link goes: a link must have words, and words
// such as "click here" say nothing once read out of their sentence.
func Purpose(text string) string {
	norm := strings.ToLower(strings.Join(strings.Fields(strings.TrimFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	})), " "))
	switch {
	case strings.TrimSpace(text) == "":
		return "a link has no text: screen readers read out its address instead; say where it goes"
	case vague[norm]:
		return fmt.Sprintf("link text %q does not say where the link goes (WCAG 2.4.4): name the page or document instead, such as \"the inspection report\"", strings.TrimSpace(text))
	}
	return ""
}
