package build

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestFarDateDoesNotInflate builds the repository's site with one more
// entry, naming 30 actors (the most) and every article, dated in 2024 and then on
// 9999-12-31: the site must stay about the same size. Every timeline used
// to draw each year from the first to the last, so the far date made the
// output 25 times larger (issue 10, item 7).
func TestFarDateDoesNotInflate(t *testing.T) {
	size := func(date string) int {
		fsys := repoSite(t)
		var actors []string
		for _, line := range strings.Split(string(fsys["site.toml"].Data), "\n") {
			if slug, ok := strings.CutPrefix(line, "[actors."); ok && len(actors) < 30 { // the most an entry may name
				actors = append(actors, fmt.Sprintf("%q", strings.TrimSuffix(slug, "]")))
			}
		}
		var articles []string
		for n := 1; n <= 93; n++ {
			articles = append(articles, fmt.Sprint(n))
		}
		year, _, _ := strings.Cut(date, "-")
		fsys["content/"+year+"/loin.md"] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"+++\ntitle = \"Loin\"\ndate = %s\nactors = [%s]\ntype = \"declaration\"\ndsa = [%s]\n\n[source]\nname = \"AFP\"\n+++\n\nTexte.\n",
			date, strings.Join(actors, ", "), strings.Join(articles, ", "))}
		files, probs := fullBuild(t, fsys, Options{})
		if files == nil {
			t.Fatalf("%s: %s", date, probs)
		}
		total := 0
		for _, b := range files {
			total += len(b)
		}
		return total
	}
	near, far := size("2024-12-31"), size("9999-12-31")
	t.Logf("with the entry in 2024: %d bytes; in 9999: %d bytes", near, far)
	if far > near*11/10 {
		t.Errorf("an entry dated 9999 makes the site %d bytes, %.1f times the %d bytes of the same entry dated 2024; want at most 1.1 times", far, float64(far)/float64(near), near)
	}
}
