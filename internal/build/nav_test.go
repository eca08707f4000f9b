package build

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

var (
	classAttrRe = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?\sclass="([^"]*)"`)
	cssClassRe  = regexp.MustCompile(`\.([a-zA-Z_][a-zA-Z0-9_-]*)`)
	cssComment  = regexp.MustCompile(`(?s)/\*.*?\*/`)
)

// TestPageClassesDoNotCollide builds the repository's site and checks
// that the classes of <body> (the page's kind) are never the classes of
// a component: a rule of the stylesheet written for a list (.actors,
// .articles) must not reach the whole page whose kind has the same name,
// as it did on /actors/ (every link bold) and /dsa/ (no margins). So:
// every class of a <body> starts with "page-", and no other element of any
// page, nor any selector of the stylesheet but one for a page, names a
// class that does.
func TestPageClassesDoNotCollide(t *testing.T) {
	files, probs := fullBuild(t, repoSite(t), Options{})
	if files == nil {
		t.Fatal(probs)
	}
	bodies := map[string]string{}   // classes of <body>, with a page that has it
	components := map[string]bool{} // classes of every other element
	where := map[string]string{}    // a page that uses a component class
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range classAttrRe.FindAllStringSubmatch(string(b), -1) {
			for _, c := range strings.Fields(m[2]) {
				if strings.EqualFold(m[1], "body") {
					bodies[c] = name
					continue
				}
				components[c] = true
				if where[c] == "" {
					where[c] = name + " <" + m[1] + ">"
				}
			}
		}
	}
	if len(bodies) == 0 {
		t.Fatal("no <body class> in the site")
	}
	for c, name := range bodies {
		if !strings.HasPrefix(c, "page-") {
			t.Errorf("%s: <body class=\"%s\">: a page's class must start with \"page-\"", name, c)
		}
	}
	for c := range components {
		if strings.HasPrefix(c, "page-") || bodies[c] != "" {
			t.Errorf("%s: class %q is a page's class (of <body>) and a component's", where[c], c)
		}
	}
	// The stylesheet: a selector may name a page's class only as the
	// page's (.page-…), and a page's class never names a component.
	css := cssComment.ReplaceAllString(string(files["style.css"]), "")
	var styled []string
	for _, m := range cssClassRe.FindAllStringSubmatch(css, -1) {
		styled = append(styled, m[1])
	}
	sort.Strings(styled)
	for _, c := range slices.Compact(styled) {
		if strings.HasPrefix(c, "page-") && components[c] {
			t.Errorf("style.css: .%s styles both a page and a component", c)
		}
		if !strings.HasPrefix(c, "page-") && bodies[c] != "" {
			t.Errorf("style.css: .%s is a page's class without the prefix page-", c)
		}
	}
}

// TestCurrentSection checks that the main navigation marks the section of
// every page: the list page itself (aria-current="page"), and the section
// an actor's, an article's or a procedure's page belongs to ("true").
func TestCurrentSection(t *testing.T) {
	files, probs := fullBuild(t, repoSite(t), Options{})
	if files == nil {
		t.Fatal(probs)
	}
	nav := regexp.MustCompile(`(?s)<nav class="main-nav".*?</nav>`)
	current := regexp.MustCompile(`<a href="([^"]*)" aria-current="(page|true)">`)
	want := map[string]string{ // a page of each kind: the link marked, and how
		"index.html":                       "/ page",
		"actors/index.html":                "/actors/ page",
		"actors/elon-musk/index.html":      "/actors/ true",
		"dsa/index.html":                   "/dsa/ page",
		"dsa/34/index.html":                "/dsa/ true",
		"procedures/index.html":            "/procedures/ page",
		"procedures/dsa-x-2023/index.html": "/procedures/ true",
		"2024/index.html":                  "",
	}
	for name, w := range want {
		b, ok := files[name]
		if !ok {
			t.Errorf("%s: not built", name)
			continue
		}
		var got []string
		for _, m := range current.FindAllStringSubmatch(nav.FindString(string(b)), -1) {
			got = append(got, strings.TrimPrefix(m[1], "/chrono")+" "+m[2])
		}
		if strings.Join(got, ", ") != w {
			t.Errorf("%s: main navigation marks %q, want %q", name, got, w)
		}
	}
}

// TestFragmentsLead checks that every link to a fragment of its own page
// (the timeline's bars and years, the tables of contents, the footnotes)
// leads to an element of the page, and that no id is used twice.
func TestFragmentsLead(t *testing.T) {
	href := regexp.MustCompile(`\shref="#([^"]*)"`)
	id := regexp.MustCompile(`\sid="([^"]*)"`)
	for _, site := range []struct {
		name string
		fsys fstest.MapFS
	}{{"repository", repoSite(t)}, {"testdata", siteFS(t, "testdata/site")}} {
		files, probs := fullBuild(t, site.fsys, Options{})
		if files == nil {
			t.Fatal(probs)
		}
		links := 0
		for name, b := range files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			ids := map[string]bool{}
			for _, m := range id.FindAllStringSubmatch(string(b), -1) {
				if ids[m[1]] {
					t.Errorf("%s: %s: id %q twice", site.name, name, m[1])
				}
				ids[m[1]] = true
			}
			for _, m := range href.FindAllStringSubmatch(string(b), -1) {
				links++
				if !ids[m[1]] {
					t.Errorf("%s: %s: a link to #%s, which the page does not have", site.name, name, m[1])
				}
			}
		}
		if links == 0 {
			t.Errorf("%s: no link to a fragment", site.name)
		}
	}
}
