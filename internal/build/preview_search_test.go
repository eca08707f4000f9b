package build

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestPreviewSearchWordGone saves an entry with words no other entry has,
// then without them: the preview must write the shard the words made, then
// drop it (and shards.json say so) or rewrite the shard they shared, as a
// build does.
func TestPreviewSearchWordGone(t *testing.T) {
	fsys := repoSite(t)
	opts := Options{Drafts: true, BaseURL: "http://127.0.0.1:1313/"}
	p := New().Preview(fsys, opts)
	if _, err := p.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	const entry = "content/2024/demission-thierry-breton.md"
	orig := string(fsys[entry].Data)
	for _, step := range []struct{ name, text string }{
		{"words added", orig + "\nZzyzx qqxyq grokzzq.\n"},
		{"words gone", orig},
	} {
		fsys[entry] = &fstest.MapFile{Data: []byte(step.text), Mode: 0o644}
		res, err := p.Rebuild([]string{entry})
		if err != nil {
			t.Fatal(err)
		}
		want, msg := fullBuild(t, fsys, opts)
		if want == nil {
			t.Fatal(msg)
		}
		sameFiles(t, step.name, res.Files, want)
		_, zz := res.Files["recherche/t/zz.json"]
		if added := step.name == "words added"; zz != added || strings.Contains(string(res.Files["recherche/shards.json"]), `"zz"`) != added {
			t.Errorf("%s: recherche/t/zz.json there: %v", step.name, zz)
		}
	}
}
