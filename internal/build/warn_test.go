package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWarnings runs `check` on testdata/site changed by each archive of
// testdata/warn, in the format of testdata/bad. Its "want" section is the
// exact list of warnings about the files the archive writes (the test site
// has warnings of its own, left out here), one a line. The archives have no
// errors: warnings never stop a build. Run with -update to rewrite the want
// sections, then read them.
func TestWarnings(t *testing.T) {
	names, err := filepath.Glob("testdata/warn/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(data)
			fsys := siteFS(t, "testdata/site")
			want := overlay(t, fsys, a)
			written := map[string]bool{}
			for _, f := range a.files {
				written[f.name] = true
			}
			probs, err := New().Check(fsys, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if errs := probs.Errors(); len(errs) > 0 {
				t.Fatalf("a fixture of warnings has errors:\n%v", errs)
			}
			var got strings.Builder
			for _, p := range probs.Warnings() {
				if written[p.Path] {
					got.WriteString(p.Error() + "\n")
				}
			}
			if *update {
				want.data = []byte(got.String())
				if err := os.WriteFile(name, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got.String() != string(want.data) {
				t.Errorf("check said:\n%s\nwant:\n%s", got.String(), want.data)
			}
		})
	}
}
