package chrono

import (
	"net/url"
	"strings"
	"time"
)

// Version is the last commit that changed a file of the site, from the
// repository's history.
type Version struct {
	Commit string // its hash
	Time   int64  // its committer's time, in seconds since 1970 (UTC)
}

// Day is the day of the commit, in UTC.
func (v Version) Day() Date {
	t := time.Unix(v.Time, 0).UTC()
	return Date{Start: Point{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: DayPrecision}}
}

// Atom is the time of the commit as Atom writes it: 2024-08-12T09:30:00Z.
func (v Version) Atom() string { return time.Unix(v.Time, 0).UTC().Format(time.RFC3339) }

// History is when each file of the site was last changed: read from the
// repository that holds the site (see build.ReadHistory), absent from a
// copy without one (a tarball).
type History struct {
	// Prefix is the site's folder in the repository, "" at its root or
	// "site/": what comes before a site's path in the repository.
	Prefix string
	Files  map[string]Version // by path relative to the site: content/2024/slug.md
}

// Version returns the version of the file at path, if the history knows it.
func (h *History) Version(path string) (Version, bool) {
	if h == nil {
		return Version{}, false
	}
	v, ok := h.Files[path]
	return v, ok
}

// Forge is the repository of the site on a forge (GitHub's form of
// addresses), from site.toml's repository and branch.
type Forge struct {
	URL    string // https://github.com/owner/repo, without a final "/"
	Branch string // the published branch, "main" unless site.toml says
}

// FileURL returns the forge's address of a page about the file at path (a
// path of the site's files, such as content/2024/slug.md): "commits" for
// its history, "edit" for its editor, "blob" to read it. prefix is the
// site's folder in the repository (History.Prefix).
func (f *Forge) FileURL(action, prefix, path string) string {
	p := strings.Split(strings.TrimPrefix(prefix+path, "/"), "/")
	for i, s := range p {
		p[i] = url.PathEscape(s)
	}
	return f.URL + "/" + action + "/" + url.PathEscape(f.Branch) + "/" + strings.Join(p, "/")
}
