package content

import (
	"testing"
	"testing/fstest"

	"github.com/chrono-dsa/chrono/internal/markdown"
)

// TestFutureCorrection: a correction dated after the build's reference day
// is refused; without one (no SOURCE_DATE_EPOCH), it is not checked, and
// the clock is never read.
func TestFutureCorrection(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml":           {Data: []byte("title = \"T\"\nbase_url = \"https://example.org/\"\n[actors.x]\nname = \"X\"\nkind = \"platform\"\n")},
		"content/2024/cas.md": {Data: []byte("+++\ntitle = \"Titre\"\ndate = 2024-03-01\nactors = [\"x\"]\n[source]\nname = \"S\"\n\n[[correction]]\ndate = 2024-06-02\ntext = \"Corrigé.\"\n\n[[correction]]\ndate = 2024-06-01\ntext = \"Le jour même : accepté.\"\n+++\n\nTexte.\n")},
	}
	for _, tc := range []struct{ today, want string }{
		{"", ""},
		{"2024-06-02", ""},
		{"2024-06-01", "content/2024/cas.md:9:1: correction dated 2024-06-02, after the day of this build (2024-06-01, from SOURCE_DATE_EPOCH): date a correction with the day it is made"},
	} {
		s, err := Load(fsys, markdown.New(), Options{Today: tc.today})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if errs := s.Problems.Errors(); len(errs) > 0 {
			got = errs.Error()
		}
		if got != tc.want {
			t.Errorf("today %q: %q, want %q", tc.today, got, tc.want)
		}
		if tc.want == "" && len(s.Entries[0].Corrections) != 2 {
			t.Errorf("today %q: corrections %v", tc.today, s.Entries[0].Corrections)
		}
	}
}
