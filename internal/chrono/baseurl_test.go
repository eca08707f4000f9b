package chrono

import (
	"net/url"
	"strings"
	"testing"
)

func TestCheckBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://chrono-dsa.github.io/chrono/": "https://chrono-dsa.github.io/chrono/",
		"https://example.org":                  "https://example.org/",
		"HTTP://Example.ORG:8080/a/b":          "http://example.org:8080/a/b/",
		"http://[::1]:1313/":                   "http://[::1]:1313/",
		"https://example.org/%C3%A9t%C3%A9/":   "https://example.org/%C3%A9t%C3%A9/",
	} {
		got, err := CheckBaseURL(in)
		if err != nil || got != want {
			t.Errorf("CheckBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		`https://example.org/?x="><script>alert(1)</script>`: `has a query`,
		`https://example.org/"><script>alert(1)</script>`:    `has the character '"'`,
		"https://example.org/?x=1":                           "has a query",
		"https://example.org/?":                              "has a query",
		"https://example.org/#top":                           "has a fragment",
		"https://example.org/#":                              "has a fragment",
		"https://user:pw@example.org/":                       "has a user name",
		"javascript:alert(1)":                                "expected an http or https URL",
		"https://example.org/%0Aalert(1)":                    "has the character '('",
		"ftp://example.org/":                                 "expected an http or https URL",
		"https:///path":                                      "has no host",
		"https:example.org":                                  "has no host",
		"https://exa_mple.org/":                              "is not a host name",
		"https://example.org:99999/":                         "is not a host name",
		"https://example.org/a/../b/":                        "segment . or ..",
		"https://example.org/a b/":                           `has the character ' '`,
		"https://example.org/été/":                           `has the character`,
		"https://example.org/'onload='x":                     `has the character '\''`,
		"https://example.org/a\n::error::x":                  `has the character '\n'`,
	} {
		_, err := CheckBaseURL(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckBaseURL(%q): %v; want an error saying %q", in, err, want)
		}
	}
}

// FuzzCheckBaseURL checks that an address CheckBaseURL accepts can be
// written anywhere as it is: it holds no character that markup, XML or a
// terminal treats specially, is an http(s) URL with a host and no query or
// fragment, and is accepted again unchanged.
func FuzzCheckBaseURL(f *testing.F) {
	for _, s := range []string{"https://example.org/", `https://e.org/?x="><script>`, "http://[::1]:80/a/", "https://u@h/", "https://h/%2e%2e/", "https://h/a#b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := CheckBaseURL(s)
		if err != nil {
			return
		}
		if strings.ContainsAny(u, "\"'<>& \\\t\r\n?#@") {
			t.Fatalf("CheckBaseURL(%q) = %q, with a special character", s, u)
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.RawQuery != "" || p.Fragment != "" || p.User != nil || !strings.HasSuffix(u, "/") {
			t.Fatalf("CheckBaseURL(%q) = %q: %+v, %v", s, u, p, err)
		}
		if again, err := CheckBaseURL(u); err != nil || again != u {
			t.Fatalf("CheckBaseURL(%q) = %q, then %q, %v", s, u, again, err)
		}
	})
}

// FuzzOneLine checks that a problem whose path and message hold anything
// prints as one line that starts with its path: nothing in it can end the
// line or drive a terminal.
func FuzzOneLine(f *testing.F) {
	for _, s := range []string{"x\n::error::y", "\r::add-mask::z", "a\u2028b\u0085c", "\x1b[2J", "\xff\xfe", "ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []Problem{
			{Pos: Pos{Path: "content/" + s, Line: 1, Col: 2}, Msg: s},
			{Pos: Pos{Path: "site.toml"}, Severity: Warning, Msg: "unknown actor " + s},
		} {
			line := p.Error()
			if strings.ContainsFunc(line, unsafeRune) {
				t.Fatalf("%q prints as %q", s, line)
			}
			if !strings.HasPrefix(line, "content/") && !strings.HasPrefix(line, "site.toml") {
				t.Fatalf("%q prints as %q", s, line)
			}
		}
	})
}
