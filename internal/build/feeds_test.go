package build

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedsStyled checks that every Atom feed the build writes names the
// site's own stylesheet, which exists, and that the stylesheet is
// well-formed XML that brings in nothing: no other stylesheet or document,
// no script, and no address but the site's and the feed's.
func TestFeedsStyled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, siteFS(t, "testdata/site"), out, Options{BaseURL: "https://owner.github.io/repo/"})
	files := tree(t, out)
	head := xml.Header + `<?xml-stylesheet type="text/xsl" href="/repo/flux.xsl"?>` + "\n"
	feeds := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".xml") || name == "sitemap.xml" {
			continue
		}
		feeds++
		if !bytes.HasPrefix(b, []byte(head)) {
			t.Errorf("%s does not start with the stylesheet instruction:\n%.200s", name, b)
		}
		if err := wellFormed(b, nil); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if feeds < 5 {
		t.Errorf("%d feeds in the output; want the site's, the corrections', and those of actors, articles and procedures", feeds)
	}
	xsl, ok := files["flux.xsl"]
	if !ok {
		t.Fatal("flux.xsl: missing from the output")
	}
	err := wellFormed(xsl, func(el xml.StartElement) error {
		const xslNS = "http://www.w3.org/1999/XSL/Transform"
		if el.Name.Space == xslNS && (el.Name.Local == "import" || el.Name.Local == "include") {
			return errors.New("xsl:" + el.Name.Local + " brings in another stylesheet")
		}
		if el.Name.Local == "script" || el.Name.Local == "iframe" || el.Name.Local == "object" || el.Name.Local == "embed" || el.Name.Local == "img" {
			return errors.New("a <" + el.Name.Local + "> element")
		}
		for _, a := range el.Attr {
			v := a.Value
			switch {
			case strings.Contains(v, "document("):
				return errors.New("document() reads another document: " + v)
			case strings.HasPrefix(strings.ToLower(a.Name.Local), "on"), a.Name.Local == "style":
				return errors.New("attribute " + a.Name.Local + " on <" + el.Name.Local + ">")
			case el.Name.Space == xslNS || a.Name.Space == "xmlns" || a.Name.Local == "xmlns":
			case a.Name.Local == "href" || a.Name.Local == "src" || a.Name.Local == "action":
				// The site's paths, an anchor, or a link the feed holds.
				if !strings.HasPrefix(v, "/repo/") && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "{") {
					return errors.New("<" + el.Name.Local + "> refers to " + v)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Errorf("flux.xsl: %v", err)
	}
	if !bytes.Contains(xsl, []byte(`<link rel="stylesheet" href="/repo/style.css"/>`)) {
		t.Error("flux.xsl does not use the site's stylesheet, at the base path")
	}
}

// wellFormed decodes b to its end, calling check on each element.
func wellFormed(b []byte, check func(xml.StartElement) error) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if el, ok := tok.(xml.StartElement); ok && check != nil {
			if err := check(el); err != nil {
				return err
			}
		}
	}
}

// TestFeedsPage checks that /flux/ gives the address of every feed the
// build writes, and of no other, and that the links « flux Atom » of the
// pages lead there, to the feed's own line.
func TestFeedsPage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, siteFS(t, "testdata/site"), out, Options{BaseURL: "https://example.org/"})
	files := tree(t, out)
	page := string(files["flux/index.html"])
	if page == "" {
		t.Fatal("flux/index.html: missing from the output")
	}
	listed := strings.Count(page, `<code class="flux-address">`)
	feeds := 0
	for name := range files {
		if !strings.HasSuffix(name, "feed.xml") {
			continue
		}
		feeds++
		if !strings.Contains(page, `<code class="flux-address">https://example.org/`+name+`</code>`) {
			t.Errorf("/flux/ does not give the address of %s", name)
		}
	}
	if listed != feeds {
		t.Errorf("/flux/ gives %d addresses; the site has %d feeds", listed, feeds)
	}
	for name, want := range map[string]string{
		"actors/x/index.html":         `href="/flux/#flux-actors-x">flux Atom</a>`,
		"dsa/34/index.html":           `href="/flux/#flux-dsa-34">flux Atom</a>`,
		"corrections/index.html":      `href="/flux/#flux-corrections">flux Atom</a>`,
		"procedures/dsa-x/index.html": `href="/flux/#flux-procedures-dsa-x">Flux Atom des étapes</a>`,
	} {
		b := string(files[name])
		if !strings.Contains(b, want) {
			t.Errorf("%s: no link %s", name, want)
		}
		id := want[strings.Index(want, "#")+1 : strings.Index(want, `">`)]
		if !strings.Contains(page, `<li id="`+id+`">`) {
			t.Errorf("/flux/ has no line %q for the link of %s", id, name)
		}
		if !strings.Contains(b, `<link rel="alternate" type="application/atom+xml"`) {
			t.Errorf("%s: no <link rel=\"alternate\"> to a feed", name)
		}
	}
}
