package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A build replaces its output folder as a whole, so the folder it is given
// must be one it may destroy: an earlier output, an empty folder, or a
// folder that does not exist yet. checkOut refuses the rest, comparing the
// places the system really uses, symbolic links resolved and folders
// compared as files (os.SameFile), so that no spelling of a path (a link, a
// case-insensitive file system, a bind mount) can name the site in a
// disguise.

// siteParts are the files and folders of a site that an output may never
// replace or lie in: its Parts, and .git, because the site is most often a
// repository.
var siteParts = append(slices.Clip(Parts), ".git")

// builtFiles are files every build writes: a folder that holds them all
// is an earlier output.
var builtFiles = []string{"index.html", "sitemap.xml", "feed.xml", "chronologie.json"}

// checkOut returns the folder to write the output to: out with its
// symbolic links resolved. It refuses an out that is the site or holds it,
// that lies in a part of the site, that is a file, or that is a folder
// with files chrono did not write.
func checkOut(siteDir, out string) (string, error) {
	site, err := realPath(siteDir)
	if err != nil {
		return "", err
	}
	o, err := realPath(out)
	if err != nil {
		return "", err
	}
	suggest := filepath.Join(siteDir, "public")
	oInfo, oErr := os.Stat(o)
	if oErr == nil {
		for a := site; ; a = filepath.Dir(a) {
			if same(a, o, oInfo) {
				return "", fmt.Errorf("output folder %s would replace the site itself (%s); choose another, such as %s", out, a, suggest)
			}
			if filepath.Dir(a) == a {
				break
			}
		}
	}
	for _, part := range siteParts {
		p := filepath.Join(site, part)
		pInfo, err := os.Stat(p)
		if err != nil {
			pInfo = nil
		}
		for a := o; ; a = filepath.Dir(a) {
			if a == p || (pInfo != nil && sameInfo(a, pInfo)) {
				return "", fmt.Errorf("output folder %s is, or is inside, the site's %s; choose another, such as %s", out, part, suggest)
			}
			if filepath.Dir(a) == a {
				break
			}
		}
	}
	switch {
	case oErr != nil && !errors.Is(oErr, fs.ErrNotExist):
		return "", oErr
	case oErr != nil:
		return o, nil
	case !oInfo.IsDir():
		return "", fmt.Errorf("output %s is a file, not a folder", out)
	}
	entries, err := os.ReadDir(o)
	if err != nil {
		return "", err
	}
	if len(entries) == 0 {
		return o, nil
	}
	for _, name := range builtFiles {
		if fi, err := os.Lstat(filepath.Join(o, name)); err != nil || !fi.Mode().IsRegular() {
			return "", fmt.Errorf("output folder %s holds files that chrono did not write (it has no %s), and a build replaces the whole folder; empty it or choose another, such as %s", out, name, suggest)
		}
	}
	return o, nil
}

// same reports whether the path a is the folder o, whose information is oi.
func same(a, o string, oi fs.FileInfo) bool {
	return a == o || sameInfo(a, oi)
}

// sameInfo reports whether the path a is the file whose information is fi.
func sameInfo(a string, fi fs.FileInfo) bool {
	ai, err := os.Stat(a)
	return err == nil && os.SameFile(ai, fi)
}

// realPath returns p as an absolute path with every symbolic link of the
// part that exists resolved, and ".." taken as the system takes it: after
// a link, the parent of the link's target. What does not exist yet is
// joined as written.
func realPath(p string) (string, error) {
	if !filepath.IsAbs(p) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		p = wd + string(filepath.Separator) + p
	}
	vol := filepath.VolumeName(p)
	cur := vol + string(filepath.Separator)
	exists := true
	for _, c := range strings.FieldsFunc(p[len(vol):], func(r rune) bool { return os.IsPathSeparator(uint8(r)) }) {
		switch {
		case c == ".":
			continue
		case c == "..":
			cur = filepath.Dir(cur)
			continue
		}
		next := filepath.Join(cur, c)
		if exists {
			if _, err := os.Lstat(next); err != nil {
				exists = false
			} else if r, err := filepath.EvalSymlinks(next); err == nil {
				next = r
			} else {
				return "", err
			}
		}
		cur = next
	}
	return cur, nil
}

// The output is written to a temporary folder beside it, named
// .<out>.new-<pid>-<random>: a build killed midway leaves it behind, and
// the next build removes those whose process has ended.

func tempPattern(out string) string {
	return tempPrefix(out) + strconv.Itoa(os.Getpid()) + "-*"
}

func tempPrefix(out string) string { return "." + filepath.Base(out) + ".new-" }

// removeLeftovers removes what builds of out that were killed left beside
// it. It returns what it could not remove.
func removeLeftovers(out string) error {
	parent, prefix := filepath.Dir(out), tempPrefix(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || alive(pid) {
			continue // another build's, running now
		}
		if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// replace puts the folder tmp, the new output, in the place of out, and
// removes the old output. Where the system can (Linux), the two folders
// are exchanged in one step, so that out never stops existing; elsewhere
// out is renamed aside first. An error means out is as it was; once the
// new output is in place, a failure to remove the old one is only
// returned as left, for a warning.
func replace(tmp, out string) (left, err error) {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return nil, os.Rename(tmp, out)
	}
	old := tmp // after an exchange, tmp names the old output
	if err := exchangeFolders(tmp, out); err != nil {
		if !errors.Is(err, errNoExchange) {
			return nil, err
		}
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return nil, err
		}
		if err := os.Rename(tmp, out); err != nil {
			_ = os.Rename(old, out)
			return nil, err
		}
	}
	if err := removeAll(old); err != nil {
		return fmt.Errorf("the new site is in %s, but the previous one could not be removed entirely (%v); remove %s by hand", out, err, old), nil
	}
	return nil, nil
}

// exchangeFolders and removeAll are exchange and os.RemoveAll, but for
// tests that make them fail.
var (
	exchangeFolders = exchange
	removeAll       = os.RemoveAll
)

// errNoExchange is returned by exchange where the system cannot exchange
// two folders in one step.
var errNoExchange = errors.New("no atomic exchange here")
