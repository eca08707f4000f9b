package build

import (
	"strings"
	"testing"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// TestWarnings runs `check` on testdata/site changed by each archive of
// testdata/warn, in the format of testdata/bad. Its "want" section is the
// exact list of warnings about the files the archive writes (the test site
// has warnings of its own, left out here), one a line. The archives have no
// errors: warnings never stop a build. Run with -update to rewrite the want
// sections, then read them.
func TestWarnings(t *testing.T) {
	eachFixture(t, "testdata/warn/*.txt", func(t *testing.T, a archive, probs chrono.Problems) string {
		if errs := probs.Errors(); len(errs) > 0 {
			t.Fatalf("a fixture of warnings has errors:\n%v", errs)
		}
		written := map[string]bool{}
		for _, f := range a.files {
			written[f.name] = true
		}
		var got strings.Builder
		for _, p := range probs.Warnings() {
			if written[p.Path] {
				got.WriteString(p.Error() + "\n")
			}
		}
		return got.String()
	})
}
