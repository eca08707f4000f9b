package render

import (
	_ "embed"
	"encoding/xml"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// The feeds in a browser: every Atom feed of the site starts with an
// xml-stylesheet instruction naming XSLPath, a stylesheet that turns the
// feed, in the browser only, into a page in French saying what a feed is
// and how to subscribe, with the feed's entries. Feed readers read the same
// Atom and ignore it. Browsers are dropping XSLT (Chromium shows a warning
// over such pages from 2026 and stops applying them; Firefox and WebKit
// plan to follow), so the links of the pages that say « flux Atom » lead
// to /flux/, an HTML page listing every feed, and the stylesheet is only a
// courtesy to the reader who opens a feed's address itself.

// XSLPath is the path of the feeds' stylesheet.
const XSLPath = "/flux.xsl"

//go:embed flux.xsl
var fluxXSL string

// feedStylesheet writes XSLPath for c: flux.xsl with the site's base path.
func feedStylesheet(c *chrono.Chronology) []byte {
	return []byte(strings.ReplaceAll(fluxXSL, "@BASE@", xmlText(c.Site.BasePath())))
}

// feedHeader is how every feed of c starts: the XML declaration, and the
// instruction that names the stylesheet, by its path on the site's host
// (a browser applies only a stylesheet of the feed's own origin).
func feedHeader(c *chrono.Chronology) string {
	return xml.Header + `<?xml-stylesheet type="text/xsl" href="` + xmlText(c.Site.BasePath()+strings.TrimPrefix(XSLPath, "/")) + `"?>` + "\n"
}

// xmlText escapes s for XML text and attributes.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
