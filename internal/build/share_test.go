package build

import (
	"bytes"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
)

// TestShareImage checks that every page offers the site's share image to
// social apps, by an absolute address under base_url, with its size and
// text, and the Twitter card tags; and that the image is the 1200 × 630 PNG
// they expect.
func TestShareImage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, siteFS(t, "testdata/site"), out, Options{BaseURL: "https://owner.github.io/repo/"})
	files := tree(t, out)
	img, ok := files["og.png"]
	if !ok {
		t.Fatal("og.png: missing from the output (static/og.png, made by scripts/og-image.sh)")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Errorf("og.png: %dx%d, %v; want a 1200x630 PNG", cfg.Width, cfg.Height, err)
	}
	want := []string{
		`<meta property="og:image" content="https://owner.github.io/repo/og.png">`,
		`<meta property="og:image:width" content="1200">`,
		`<meta property="og:image:height" content="630">`,
		`<meta property="og:image:alt" content="`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`<meta name="twitter:title" content="`,
		`<meta name="twitter:description" content="`,
		`<meta name="twitter:image" content="https://owner.github.io/repo/og.png">`,
		`<meta name="twitter:image:alt" content="`,
	}
	pages := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				t.Errorf("%s: no %s", name, w)
			}
		}
	}
	if pages == 0 {
		t.Fatal("no pages in the output")
	}
}
