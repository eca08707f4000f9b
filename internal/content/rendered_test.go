package content

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/chrono-dsa/chrono/internal/markdown"
)

// TestEntriesRendered checks that every entry a load returns holds its
// annotation rendered, an empty one too, from Load and from a Cache, before
// and after a save; and that the entries as parsed, before their bodies are
// rendered, say they are not.
func TestEntriesRendered(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml":             {Data: []byte("title = \"T\"\nbase_url = \"https://example.org/\"\n[actors.x]\nname = \"X\"\nkind = \"platform\"\n")},
		"content/2024/vide.md":  {Data: []byte("+++\ntitle = \"Vide\"\ndate = 2024-03-01\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n")},
		"content/2024/plein.md": {Data: []byte("+++\ntitle = \"Plein\"\ndate = 2024-03-02\nactors = [\"x\"]\n[source]\nname = \"S\"\n+++\n\nTexte.\n")},
	}
	md := markdown.New()
	check := func(name string, s *Loaded) {
		t.Helper()
		if len(s.Entries) != 2 {
			t.Fatalf("%s: %d entries, want 2: %v", name, len(s.Entries), s.Problems)
		}
		for _, e := range s.Entries {
			if !e.Rendered() {
				t.Errorf("%s: %s not rendered", name, e.Slug)
			}
			if (e.Body == "") != (e.Slug == "vide") {
				t.Errorf("%s: %s has the body %q", name, e.Slug, e.Body)
			}
		}
	}
	s, err := Load(fsys, md, Options{})
	if err != nil {
		t.Fatal(err)
	}
	check("Load", s)
	c := NewCache()
	for i, edit := range []string{"", "content/2024/vide.md", "content/2024/plein.md"} {
		if edit != "" {
			c.Invalidate(edit)
			fsys[edit].Data = append(fsys[edit].Data, "\n"...)
		}
		s, err := c.Load(fsys, md, Options{})
		if err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprint("Cache.Load ", i), s)
		for _, r := range c.recs {
			if r.parsed.entry.Rendered() {
				t.Errorf("the parsed entry of %s says it is rendered", r.path)
			}
		}
	}
}
