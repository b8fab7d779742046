package statute

import (
	"os"
	"testing"
)

func FuzzParseHolders(f *testing.F) {
	if data, err := os.ReadFile(holdersFile); err == nil {
		f.Add(string(data))
	}
	f.Add("- name: A\n  from: 2019-07-24\n  to: 2022-02-31\n")
	f.Add("- name: A\n  to: 2019-07-23\n  from: 2019-07-24\n- {name: B, from: '2020-01-01'}\n")
	f.Add("a: [1, *x]\n")
	f.Fuzz(func(t *testing.T, in string) {
		hs, diags := ParseHolders("f.yaml", []byte(in))
		if diags.Errors() > 0 {
			for _, d := range diags {
				if d.File != "f.yaml" || d.Msg == "" {
					t.Errorf("%v does not name the file", d)
				}
			}
			if hs != nil {
				t.Errorf("holders %+v and errors %v", hs, diags)
			}
			return
		}
		if len(hs) == 0 {
			t.Fatal("no holders and no error")
		}
		for i, h := range hs {
			if h.Name == "" || h.From.IsZero() || (!h.InOffice() && h.To.Before(h.From)) {
				t.Errorf("bad holder %+v", h)
			}
			if i > 0 && (hs[i-1].InOffice() || h.From.Before(hs[i-1].From)) {
				t.Errorf("holders out of order: %+v", hs)
			}
		}
	})
}
