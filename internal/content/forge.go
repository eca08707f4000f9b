package content

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

var (
	repoPathRe = regexp.MustCompile(`^/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	branchRe   = regexp.MustCompile(`^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$`)
)

// forge reads repository and branch from site.toml: the repository that
// holds the site, whose addresses (history, editor, issues of a file) the
// pages link to, in GitHub's form. None if repository is not set.
func (f *fields) forge(m map[string]any) *chrono.Forge {
	repo := f.str(m, "", "repository", false)
	branch := f.str(m, "", "branch", false)
	if repo == "" {
		if branch != "" {
			f.errorf("branch", chrono.Say("branch is set but not repository; add repository = \"https://github.com/owner/repo\"",
				"branch est indiqué, mais pas repository ; ajoutez repository = \"https://github.com/owner/repo\""))
		}
		return nil
	}
	u, err := url.Parse(repo)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || !repoPathRe.MatchString(strings.TrimSuffix(u.Path, "/")) {
		f.errorf("repository", chrono.Say("repository %q: expected the https address of the repository on its forge, such as \"https://github.com/owner/repo\"",
			"repository %q : l’adresse https du dépôt sur sa forge est attendue, comme \"https://github.com/owner/repo\""), repo)
		return nil
	}
	if branch == "" {
		branch = "main"
	}
	if !branchRe.MatchString(branch) || strings.Contains(branch, "..") {
		f.errorf("branch", chrono.Say("branch %q: expected the name of a branch, such as \"main\"", "branch %q : le nom d’une branche est attendu, comme \"main\""), branch)
		return nil
	}
	return &chrono.Forge{URL: "https://" + strings.ToLower(u.Host) + strings.TrimSuffix(u.Path, "/"), Branch: branch}
}
