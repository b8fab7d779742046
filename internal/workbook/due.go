package workbook

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/opcc-tools/s55/internal/input"
	"github.com/opcc-tools/s55/internal/response"
	"github.com/opcc-tools/s55/internal/staging"
	"github.com/opcc-tools/s55/internal/yamledit"
)

// DueField is the field of response.yaml that holds the day the chief
// officer's comments are due (s.55(4)).
const DueField = "chief_officer_due"

// RecordDue sets the day the chief officer's comments are due in the
// response folder dir's response.yaml, through the editor of YAML files,
// so that every other byte of the file stays as it was, and puts the file
// in place atomically, once sure that it is still the file that was read.
// It reports whether the file changed: not when it gives that day already.
func RecordDue(dir string, due time.Time) (bool, error) {
	file := filepath.Join(dir, response.FileName)
	data, err := input.Read(file)
	if err != nil {
		return false, fmt.Errorf("%s %s", file, input.Reason(err))
	}
	y, err := yamledit.OpenYAML(data)
	if err != nil {
		return false, fmt.Errorf("%s: %v: put it right first (s55 check %s)", file, err, dir)
	}
	v := yamledit.Day(due)
	if strings.TrimSpace(y.Get(DueField).Text) == v.Text {
		return false, nil
	}
	out, err := y.Set(DueField, v)
	if err != nil {
		return false, fmt.Errorf("%s: %v", file, err)
	}
	if now, err := input.Read(file); err != nil || !bytes.Equal(now, data) {
		return false, fmt.Errorf("%s: %w", file, ErrStale)
	}
	return true, staging.WriteFile(file, out, true)
}
