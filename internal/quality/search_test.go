package quality

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// searchReport is what quality/search.mjs prints.
type searchReport struct {
	Steps, Errors []string
	HTML          string
	Requests      []string
}

// TestSearchInBrowser drives the search in headless Chromium with the
// keyboard alone (quality/search.mjs): the header's field, a query, two
// filters, a result followed, back, and the query, filters and results
// restored. The search page as it stands with results is then checked by
// the Nu HTML Checker, and every request must have gone to the local server.
func TestSearchInBrowser(t *testing.T) {
	chromium := needBrowser(t)
	s := theSite(t)
	cmd := exec.Command("node", "search.mjs", s.url, SearchQuery)
	cmd.Dir = filepath.Join(root, "quality")
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node search.mjs: %v\n%s", err, stderr.String())
	}
	var rep searchReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("node search.mjs: %v\n%s", err, out)
	}
	for _, st := range rep.Steps {
		t.Log(st)
	}
	for _, e := range rep.Errors {
		t.Error(e)
	}
	local, _ := url.Parse(s.url)
	for _, r := range rep.Requests {
		if u, err := url.Parse(r); err != nil || u.Host != local.Host {
			t.Errorf("request to another host: %s", r)
		}
	}
	if rep.HTML == "" || !lookPath("java") || !exists(filepath.Join(root, "quality/node_modules/vnu-jar/build/dist/vnu.jar")) {
		return // TestNuHTMLChecker says what is missing
	}
	// The page with its results, as the browser holds it.
	dir := t.TempDir()
	f := filepath.Join(dir, "recherche-resultats.html")
	if err := os.WriteFile(f, []byte(rep.HTML), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := nuCheck(t, []string{f}, dir); n == 0 {
		t.Logf("Nu HTML Checker: the search page with %d results: no error", strings.Count(rep.HTML, `class="search-result"`))
	}
}
