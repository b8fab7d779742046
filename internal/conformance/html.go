package conformance

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// CheckHTML runs the Nu HTML Checker and axe-core (WCAG 2.2 A and AA) over
// the HTML files, as the subtests "nu" and "axe", failing the test for every
// message and violation. Each subtest skips, or fails under RequireEnv, when
// its tools are missing.
func CheckHTML(t *testing.T, files ...string) {
	t.Helper()
	t.Run("nu", func(t *testing.T) {
		Need(t, Java, VNU)
		msgs, err := NuCheck(files...)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			t.Error(m)
		}
	})
	t.Run("axe", func(t *testing.T) {
		Need(t, Chromium, AxeCore)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		found, err := Axe(ctx, files...)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			for _, v := range found[f] {
				t.Errorf("%s: %s", filepath.Base(f), v)
			}
		}
	})
}
