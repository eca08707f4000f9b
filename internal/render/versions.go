package render

import (
	"net/url"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// The history of entries (« Mis à jour le … », from the repository's
// commits) and the ways in to the repository from every entry: its
// history, its editor, a new issue about it.

// Version returns the last commit that changed e's file, or nil if the
// site has no history (no repository) or the file was never committed.
func (p *Page) Version(e *chrono.Entry) *chrono.Version {
	p.read(chrono.VersionKey(e.Slug))
	if v, ok := p.c.Site.History.Version(e.Path); ok {
		return &v
	}
	return nil
}

// Forge returns the site's repository, or nil if site.toml names none.
func (p *Page) Forge() *chrono.Forge { p.read(siteKey); return p.site.Forge }

// fileURL is the forge's address of the page action of a file of the site,
// "" without a forge. The forge and the site's folder in the repository
// are the site's settings (chrono.PartSite).
func (p *Page) fileURL(action, path string) string {
	p.read(siteKey)
	f := p.site.Forge
	if f == nil {
		return ""
	}
	prefix := ""
	if h := p.c.Site.History; h != nil {
		prefix = h.Prefix
	}
	return f.FileURL(action, prefix, path)
}

// HistoryURL returns the address of the history of e's file on the forge.
func (p *Page) HistoryURL(e *chrono.Entry) string { return p.fileURL("commits", e.Path) }

// EditURL returns the address of the forge's editor of e's file: its
// pencil, which forks the repository for a contributor who cannot push.
func (p *Page) EditURL(e *chrono.Entry) string { return p.fileURL("edit", e.Path) }

// RepoFileURL returns the address of a file of the repository, such as
// CONTRIBUTING.md, on the forge.
func (p *Page) RepoFileURL(path string) string { return p.fileURL("blob", path) }

// IssueFormURL is the repository's issue form for an error, in
// .github/ISSUE_TEMPLATE/.
const IssueFormURL = "signaler-une-erreur.yml"

// IssueURL returns the address of a new issue about e on the forge, with
// the repository's form « Signaler une erreur », its title and the field
// entree (the entry's address) filled in.
func (p *Page) IssueURL(e *chrono.Entry) string {
	p.read(siteKey)
	f := p.site.Forge
	if f == nil {
		return ""
	}
	q := url.Values{"template": {IssueFormURL}, "title": {"Erreur : " + e.Title}, "entree": {p.Abs(e.URLPath())}}
	// %20 rather than +, which not every forge reads as a space.
	return f.URL + "/issues/new?" + strings.ReplaceAll(q.Encode(), "+", "%20")
}

// versionText is the version of e for its citation, "" if unknown.
func (p *Page) versionText(e *chrono.Entry) string {
	if v := p.Version(e); v != nil {
		return "version du " + v.Day().French() + ", "
	}
	return ""
}

// atomUpdated is when an entry of a feed was last changed: its last
// commit, but never before the event (published), which a feed reader
// would take for an error; the event's date without a history.
func atomUpdated(c *chrono.Chronology, e *chrono.Entry) string {
	published := atomDate(e.Date)
	if v, ok := c.Site.History.Version(e.Path); ok {
		if u := v.Atom(); u > published {
			return u
		}
	}
	return published
}
