package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// NuMessage is one error that the Nu HTML Checker reports.
type NuMessage struct {
	File    string // the file as the caller named it
	Line    int    // the first line of the error, from 1; 0 when unknown
	Column  int    // the first column of the error, from 1; 0 when unknown
	Type    string // "error" (NuCheck asks for errors only)
	Message string // such as "Stray end tag “div”."
	Extract string // the source around the error
}

// String returns the message as "file:line:column: message".
func (m NuMessage) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", m.File, m.Line, m.Column, m.Message)
}

// nuOutput is what "vnu.jar --format json" prints.
type nuOutput struct {
	Messages []struct {
		Type        string `json:"type"`
		URL         string `json:"url"`
		FirstLine   int    `json:"firstLine"`
		LastLine    int    `json:"lastLine"`
		FirstColumn int    `json:"firstColumn"`
		LastColumn  int    `json:"lastColumn"`
		Message     string `json:"message"`
		Extract     string `json:"extract"`
	} `json:"messages"`
}

// NuCheck checks the HTML files with the Nu HTML Checker in one run of the
// JVM, and returns its errors in its order. A file with errors is not a Go
// error; a missing file, or a checker that cannot check, is.
func NuCheck(files ...string) ([]NuMessage, error) {
	if len(files) == 0 {
		return nil, nil
	}
	java, err := Java.find()
	if err != nil {
		return nil, err
	}
	jar, err := VNU.find()
	if err != nil {
		return nil, err
	}
	// vnu.jar reports nothing for a file that is not there, so look first.
	byPath := map[string]string{}
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("nu check: %s is not a regular file", f)
		}
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		byPath[abs] = f
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			byPath[real] = f
		}
	}

	args := append([]string{"-jar", jar, "--errors-only", "--format", "json", "--stdout"}, files...)
	cmd := exec.Command(java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return nil, fmt.Errorf("vnu.jar: %w\n%s%s", err, stdout.Bytes(), stderr.Bytes())
	}
	var out nuOutput
	if jerr := json.Unmarshal(stdout.Bytes(), &out); jerr != nil {
		return nil, fmt.Errorf("vnu.jar: reading its JSON: %w\n%s%s", jerr, stdout.Bytes(), stderr.Bytes())
	}
	if err != nil && len(out.Messages) == 0 {
		return nil, fmt.Errorf("vnu.jar: %w and no message\n%s", err, stderr.Bytes())
	}

	var msgs []NuMessage
	for _, m := range out.Messages {
		if m.Type == "non-document-error" {
			return nil, fmt.Errorf("vnu.jar could not check %s: %s", m.URL, m.Message)
		}
		line := m.FirstLine
		if line == 0 {
			line = m.LastLine
		}
		msgs = append(msgs, NuMessage{
			File:    nuFile(m.URL, byPath),
			Line:    line,
			Column:  m.FirstColumn,
			Type:    m.Type,
			Message: m.Message,
			Extract: m.Extract,
		})
	}
	return msgs, nil
}

// nuFile turns vnu's URL, such as "file:/tmp/a%20b.html", back into the name
// that the caller gave.
func nuFile(u string, byPath map[string]string) string {
	p := strings.TrimPrefix(u, "file:")
	if un, err := url.PathUnescape(p); err == nil {
		p = un
	}
	if f, ok := byPath[p]; ok {
		return f
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		if f, ok := byPath[real]; ok {
			return f
		}
	}
	return u
}
