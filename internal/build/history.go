package build

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/content"
)

// SourceDate returns the day of SOURCE_DATE_EPOCH (the value of the
// environment variable, seconds since 1970 in UTC, as
// reproducible-builds.org defines it), "YYYY-MM-DD", or "" if it is not
// set. It is the build's reference day: a correction dated after it is
// refused. CI and the publishing workflow set it to the time of the commit
// they build, so the same commit is checked the same way whatever the day.
func SourceDate(env string) (string, error) {
	if env == "" {
		return "", nil
	}
	n, err := strconv.ParseInt(env, 10, 64)
	if err != nil || n < 0 || n > 253402300799 {
		return "", fmt.Errorf("SOURCE_DATE_EPOCH %q: expected a number of seconds since 1970-01-01 UTC, such as $(git log -1 --format=%%ct)", env)
	}
	return time.Unix(n, 0).UTC().Format(time.DateOnly), nil
}

// ReadHistory reads when each file of content/ was last changed from the
// git repository that holds the site in dir: the last commit that changed
// it, as `git log -1 -- path` says, for every file in one run of git log.
// Only commits count: a file edited and not committed has the version of
// its last commit, and a file never committed has none, in a build as in
// the preview, so that a build of a commit is the same wherever it is made.
// Without git, or outside a repository (a copy from a tarball), the history
// is nil and nothing fails.
//
// In a shallow clone, the oldest commit fetched seems to add every file it
// holds: the files it is the only one to change have no version.
func ReadHistory(dir string) *chrono.History {
	git := func(args ...string) ([]byte, error) {
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "core.quotePath=false"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
		return cmd.Output()
	}
	out, err := git("rev-parse", "--is-shallow-repository", "--show-prefix")
	if err != nil {
		return nil
	}
	lines := strings.Split(string(out), "\n")
	if len(lines) < 2 {
		return nil
	}
	shallow, prefix := lines[0] == "true", lines[1]
	out, err = git("log", "--format=%x1e%H %ct %P", "--name-only", "--relative", "--", content.Dir)
	if err != nil {
		return nil
	}
	h := &chrono.History{Prefix: prefix, Files: map[string]chrono.Version{}}
	for _, rec := range strings.Split(string(out), "\x1e") {
		head, files, _ := strings.Cut(rec, "\n")
		fields := strings.Fields(head)
		if len(fields) < 2 {
			continue
		}
		if shallow && len(fields) == 2 {
			continue // a commit whose parents were not fetched
		}
		t, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			continue
		}
		v := chrono.Version{Commit: fields[0], Time: t}
		for _, f := range strings.Split(files, "\n") {
			if f == "" {
				continue
			}
			if _, seen := h.Files[f]; !seen {
				h.Files[f] = v
			}
		}
	}
	return h
}

// withHistory returns site with the history of the repository at repo
// ("" for none).
func withHistory(site *chrono.Site, repo string) *chrono.Site {
	if repo == "" || site == nil {
		return site
	}
	s := *site
	s.History = ReadHistory(repo)
	return &s
}
