package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/content"
)

// Options change what Run does.
type Options struct {
	Save   bool // ask Save Page Now for a snapshot when there is none
	DryRun bool // write nothing: report what would be written
	Limit  int  // look up at most this many sources (0: all)
}

// Outcome is what became of one source.
type Outcome int

const (
	Archived   Outcome = iota // an archive was found (or made) and written
	NoSnapshot                // the archive holds no copy, and none was asked for
	Failed                    // the request or the file failed
	NotTried                  // the service refused earlier requests, or the limit was reached
)

// Result is what became of one source of a file.
type Result struct {
	Path    string // slash-separated, relative to the site: content/2024/slug.md
	Line    int    // of its url
	URL     string
	Outcome Outcome
	Archive string // with Archived
	Saved   bool   // the snapshot was made by Save Page Now
	Err     error  // with Failed, and NoSnapshot's reason
}

func (r Result) String() string {
	at := r.Path + ":" + strconv.Itoa(r.Line) + ": "
	switch r.Outcome {
	case Archived:
		verb := "archived"
		if r.Saved {
			verb = "saved and archived"
		}
		return at + verb + ": " + r.Archive
	case NoSnapshot:
		return at + "no snapshot of " + strconv.Quote(r.URL) + "; run with -save to ask for one, or save it at https://web.archive.org/save"
	case NotTried:
		return at + "not tried: " + strconv.Quote(r.URL)
	}
	return at + "failed: " + strconv.Quote(r.URL) + ": " + r.Err.Error()
}

// Run looks up an archive for every source of the entries and procedures
// of the site in dir that has a url and no archive, and writes what it
// finds into their files, one file at a time. paths, if not empty, are
// the only files looked at (relative to dir). The error is for failures
// to list the files; a file that cannot be read or written is a Failed
// result.
func Run(ctx context.Context, c *Client, dir string, paths []string, opts Options) ([]Result, error) {
	if len(paths) == 0 {
		var err error
		if paths, err = files(dir); err != nil {
			return nil, err
		}
	}
	var results []Result
	stop := false // the service refused: ask nothing more
	asked := 0
	for _, p := range paths {
		p = filepath.ToSlash(p)
		full := filepath.Join(dir, filepath.FromSlash(p))
		src, err := os.ReadFile(full)
		if err != nil {
			results = append(results, Result{Path: p, Outcome: Failed, Err: err})
			continue
		}
		sources, err := content.Unarchived(p, src)
		if err != nil {
			results = append(results, Result{Path: p, Outcome: Failed, Err: fmt.Errorf("cannot read its front matter (chrono check says why): %v", err)})
			continue
		}
		var found []Result
		for _, s := range sources {
			r := Result{Path: p, Line: s.Line, URL: s.URL}
			if stop || ctx.Err() != nil || (opts.Limit > 0 && asked >= opts.Limit) {
				r.Outcome = NotTried
				results = append(results, r)
				continue
			}
			asked++
			r.Archive, r.Saved, r.Err = c.find(ctx, s, opts.Save)
			switch {
			case r.Err == nil:
				r.Outcome = Archived
				found = append(found, r)
			case errors.Is(r.Err, ErrNoSnapshot):
				r.Outcome = NoSnapshot
			default:
				r.Outcome = Failed
				stop = errors.Is(r.Err, ErrRefused)
			}
			results = append(results, r)
		}
		if len(found) == 0 || opts.DryRun {
			continue
		}
		if err := write(full, p, src, found); err != nil {
			for i := range results {
				if results[i].Path == p && results[i].Outcome == Archived {
					results[i].Outcome, results[i].Err = Failed, err
				}
			}
		}
	}
	return results, nil
}

// find looks up a snapshot of s, asking for one if save is set.
func (c *Client) find(ctx context.Context, s content.UnarchivedSource, save bool) (string, bool, error) {
	a, err := c.Lookup(ctx, s.URL, Timestamp(s.Date))
	if errors.Is(err, ErrNoSnapshot) && save {
		a, err = c.SaveNow(ctx, s.URL)
		return a, err == nil, err
	}
	return a, false, err
}

// Timestamp is the day of d as the Wayback Machine writes it (YYYYMMDD,
// the first day of a month or a year), or "" for nil.
func Timestamp(d *chrono.Date) string {
	if d == nil {
		return ""
	}
	p := d.Start
	return fmt.Sprintf("%04d%02d%02d", p.Year, max(p.Month, 1), max(p.Day, 1))
}

// write inserts the archives found into the file at full, then checks
// that the file now says what was meant, and replaces it.
func write(full, p string, src []byte, found []Result) error {
	out := src
	// From the last line up, so that the lines of the others stay put.
	slices.SortFunc(found, func(a, b Result) int { return b.Line - a.Line })
	for _, r := range found {
		var err error
		if out, err = Insert(out, r.Line, r.URL, r.Archive); err != nil {
			return err
		}
	}
	left, err := content.Unarchived(p, out)
	if err != nil {
		return fmt.Errorf("the file would no longer read (%v); add archive by hand", err)
	}
	for _, l := range left {
		for _, r := range found {
			if l.URL == r.URL && l.Line == r.Line {
				return fmt.Errorf("the archive was not where it was meant to go; add archive by hand")
			}
		}
	}
	fi, err := os.Stat(full)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), "."+filepath.Base(full)+".archive-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), fi.Mode().Perm()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), full)
}

// urlLineRe is a line holding only the key url and a string, with an
// optional comment: the only form after which archive is written.
var urlLineRe = regexp.MustCompile(`^([ \t]*)url[ \t]*=[ \t]*("(?:[^"\\]|\\.)*"|'[^']*')[ \t]*(#.*)?$`)

// Insert writes `archive = "<archive>"` on a new line after line (1-based)
// of src, which must be the key url of a source set to target, with the
// same indentation and line ending. Nothing else of src changes.
func Insert(src []byte, line int, target, archive string) ([]byte, error) {
	if _, err := Trusted(archive); err != nil {
		return nil, err
	}
	start := 0
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(src[start:], '\n')
		if j < 0 {
			return nil, fmt.Errorf("line %d: no such line", line)
		}
		start += j + 1
	}
	end := len(src)
	eol := "\n"
	if j := bytes.IndexByte(src[start:], '\n'); j >= 0 {
		end = start + j
	} else {
		eol = ""
	}
	text := string(src[start:end])
	if strings.HasSuffix(text, "\r") {
		text, eol = text[:len(text)-1], "\r\n"
	}
	m := urlLineRe.FindStringSubmatch(text)
	if m == nil || unquote(m[2]) != target {
		return nil, fmt.Errorf("line %d is not `url = %q` alone on its line; add archive by hand", line, target)
	}
	if eol == "" {
		// The url was the file's last line: it ends with the new one.
		eol = "\n"
		if bytes.Contains(src, []byte("\r\n")) {
			eol = "\r\n"
		}
		return slices.Concat(src, []byte(eol+m[1]+"archive = "+strconv.Quote(archive))), nil
	}
	insert := m[1] + "archive = " + strconv.Quote(archive) + eol
	at := end + len("\n")
	return slices.Concat(src[:at], []byte(insert), src[at:]), nil
}

// unquote decodes a TOML string of one line; "" if it is not one.
func unquote(s string) string {
	if strings.HasPrefix(s, "'") {
		return strings.Trim(s, "'")
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		return ""
	}
	return u
}

// files lists the entries and procedures of the site in dir, sorted.
func files(dir string) ([]string, error) {
	var out []string
	root := filepath.Join(dir, content.Dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if content.Ignored(d.Name()) && p != root {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && strings.HasSuffix(p, ".md") && !strings.HasPrefix(d.Name(), "_") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}
