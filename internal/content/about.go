package content

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/markdown"
)

// AboutFile is the page /a-propos/, in Markdown without front matter: what
// the site is, how entries are written and sourced, the corrections
// policy, the licences, how to contribute. A site without it has no such
// page.
const AboutFile = Dir + "/_a-propos.md"

// loadAbout renders AboutFile as the introduction is: "" if there is none.
func loadAbout(fsys fs.FS, md *markdown.Renderer, l linker) (string, []chrono.SitePath, chrono.Problems, error) {
	src, err := readFile(fsys, AboutFile)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, nil, nil
	}
	if err != nil {
		return "", nil, nil, err
	}
	var probs chrono.Problems
	if src == nil {
		probs.Add(chrono.Pos{Path: AboutFile}, pageTooLarge, MaxFileSize)
		return "", nil, probs, nil
	}
	if strings.HasPrefix(string(src), "+++") {
		probs.Add(chrono.Pos{Path: AboutFile, Line: 1, Col: 1}, chrono.Say("the page « À propos » has no front matter; write only Markdown",
			"la page « À propos » ne prend pas d’en-tête ; écrivez-y seulement du Markdown"))
	}
	if line, col, msg := hidden(src); msg.En != "" {
		probs.AddMessage(chrono.Pos{Path: AboutFile, Line: line, Col: col}, msg)
		return "", nil, probs, nil
	}
	res := md.Render(src, l.from(&parsed{entry: &chrono.Entry{}}))
	for _, mp := range res.Problems {
		line, col := lineCol(src, 1, mp.Offset)
		probs.AddMessage(chrono.Pos{Path: AboutFile, Line: line, Col: col}, mp.Msg)
	}
	return res.HTML, sitePaths(AboutFile, src, 1, res.Paths), probs, nil
}

// withAbout returns site with the page /a-propos/, as a copy: site may be
// shared with earlier loads (Cache).
func withAbout(site *chrono.Site, about string, paths []chrono.SitePath) *chrono.Site {
	if site.About == about && slicesEqual(site.AboutPaths, paths) {
		return site
	}
	s := *site
	s.About, s.AboutPaths = about, paths
	return &s
}

func slicesEqual(a, b []chrono.SitePath) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
