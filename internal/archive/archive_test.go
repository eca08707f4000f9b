package archive

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fake is a local stand-in for the Internet Archive: answers by the
// archived address, and the requests it received.
type fake struct {
	mu       sync.Mutex
	requests []string
	times    []time.Time
	avail    func(w http.ResponseWriter, target, timestamp string)
	save     func(w http.ResponseWriter, target string)
	hang     bool // answer nothing until the client gives up
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.URL.RequestURI())
	f.times = append(f.times, time.Now())
	f.mu.Unlock()
	switch {
	case f.hang:
		<-r.Context().Done()
	case r.URL.Path == "/wayback/available":
		f.avail(w, r.URL.Query().Get("url"), r.URL.Query().Get("timestamp"))
	case strings.HasPrefix(r.URL.Path, "/save/"):
		f.save(w, strings.TrimPrefix(r.URL.RequestURI(), "/save/"))
	default:
		http.NotFound(w, r)
	}
}

func snapshot(w http.ResponseWriter, u string) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"url":"x","archived_snapshots":{"closest":{"status":"200","available":true,"url":"` + u + `","timestamp":"20240812000000"}}}`))
}

func newClient(t testing.TB, f *fake) *Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return &Client{
		HTTP:         &http.Client{Timeout: 200 * time.Millisecond, CheckRedirect: noRedirect},
		Availability: srv.URL + "/wayback/available",
		Save:         srv.URL + "/save/",
		Interval:     time.Millisecond,
	}
}

func TestLookup(t *testing.T) {
	cases := []struct {
		name    string
		avail   func(w http.ResponseWriter, target, ts string)
		want    string
		wantErr string
	}{
		{"found", func(w http.ResponseWriter, target, ts string) {
			if target != "https://example.org/a?b=1" || ts != "20240812" {
				http.Error(w, "bad query", 400)
				return
			}
			snapshot(w, "https://web.archive.org/web/20240812101010/https://example.org/a?b=1")
		}, "https://web.archive.org/web/20240812101010/https://example.org/a?b=1", ""},
		{"http form taken as https", func(w http.ResponseWriter, _, _ string) {
			snapshot(w, "http://web.archive.org/web/20240812101010/https://example.org/a?b=1")
		}, "https://web.archive.org/web/20240812101010/https://example.org/a?b=1", ""},
		{"none", func(w http.ResponseWriter, _, _ string) {
			_, _ = w.Write([]byte(`{"url":"x","archived_snapshots":{}}`))
		}, "", "no snapshot"},
		{"copy of an error page", func(w http.ResponseWriter, _, _ string) {
			_, _ = w.Write([]byte(`{"archived_snapshots":{"closest":{"status":"404","available":true,"url":"https://web.archive.org/web/2024/https://example.org/"}}}`))
		}, "", `no snapshot in the Internet Archive (the closest copy has status "404")`},
		{"malformed JSON", func(w http.ResponseWriter, _, _ string) {
			_, _ = w.Write([]byte(`{"archived_snapshots":`))
		}, "", "not the JSON expected"},
		{"HTML instead of JSON", func(w http.ResponseWriter, _, _ string) {
			_, _ = w.Write([]byte(`<html>maintenance</html>`))
		}, "", "not the JSON expected"},
		{"refused", func(w http.ResponseWriter, _, _ string) {
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}, "", "429"},
		{"server error", func(w http.ResponseWriter, _, _ string) {
			http.Error(w, "oops", http.StatusBadGateway)
		}, "", "answered 502 Bad Gateway"},
		{"timeout", nil, "", "no answer in time"},
		{"another host", func(w http.ResponseWriter, _, _ string) {
			snapshot(w, "https://evil.example/web/20240812101010/https://example.org/a")
		}, "", "untrusted answer"},
		{"look-alike host", func(w http.ResponseWriter, _, _ string) {
			snapshot(w, "https://web.archive.org.evil.example/web/20240812101010/https://example.org/a")
		}, "", "untrusted answer"},
		{"not a snapshot", func(w http.ResponseWriter, _, _ string) {
			snapshot(w, "https://web.archive.org/save/https://example.org/a")
		}, "", "untrusted answer"},
		{"a quote to break out of the TOML string", func(w http.ResponseWriter, _, _ string) {
			snapshot(w, `https://web.archive.org/web/2024/https://example.org/\"\ninjected = 1`)
		}, "", "untrusted answer"},
		{"javascript", func(w http.ResponseWriter, _, _ string) {
			snapshot(w, "javascript:alert(1)")
		}, "", "untrusted answer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, &fake{avail: tc.avail, hang: tc.avail == nil})
			got, err := c.Lookup(context.Background(), "https://example.org/a?b=1", "20240812")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Lookup = %q, %v; want an error with %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Lookup = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestSaveNow(t *testing.T) {
	cases := []struct {
		name    string
		save    func(w http.ResponseWriter, target string)
		want    string
		wantErr string
	}{
		{"content location", func(w http.ResponseWriter, target string) {
			w.Header().Set("Content-Location", "/web/20250101000000/"+target)
		}, "https://web.archive.org/web/20250101000000/https://example.org/a", ""},
		{"redirect", func(w http.ResponseWriter, target string) {
			w.Header().Set("Location", "https://web.archive.org/web/20250101000000/"+target)
			w.WriteHeader(http.StatusFound)
		}, "https://web.archive.org/web/20250101000000/https://example.org/a", ""},
		{"no address", func(w http.ResponseWriter, target string) {}, "", "without the snapshot's address"},
		{"refused", func(w http.ResponseWriter, target string) { w.WriteHeader(429) }, "", "429"},
		{"server error", func(w http.ResponseWriter, target string) { w.WriteHeader(503) }, "", "503"},
		{"elsewhere", func(w http.ResponseWriter, target string) {
			w.Header().Set("Location", "https://archive.example/web/20250101000000/"+target)
			w.WriteHeader(http.StatusFound)
		}, "", "untrusted answer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, &fake{save: tc.save})
			got, err := c.SaveNow(context.Background(), "https://example.org/a")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("SaveNow = %q, %v; want an error with %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("SaveNow = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	f := &fake{avail: func(w http.ResponseWriter, target, _ string) {
		snapshot(w, "https://web.archive.org/web/2024/"+target)
	}}
	c := newClient(t, f)
	c.Interval = 30 * time.Millisecond
	start := time.Now()
	for range 4 {
		if _, err := c.Lookup(context.Background(), "https://example.org/", ""); err != nil {
			t.Fatal(err)
		}
	}
	// Four requests, each started Interval after the one before: a lower
	// bound, which no slow machine can make fail.
	if took := time.Since(start); took < 3*c.Interval {
		t.Errorf("4 requests took %v; want at least %v", took, 3*c.Interval)
	}
}

const entry = `+++
# A comment that stays.
title = "Titre"
date = 2024-08-12
actors = ["x"]

[[source]]
name = "Première"
url = "https://example.org/one"   # the press release
date = 2024-08-13

[[source]]
name   =   "Déjà archivée"
url = "https://example.org/two"
archive = "https://web.archive.org/web/2024/https://example.org/two"

[[source]]
  name = "Indentée"
  url = 'https://example.org/three'
+++

Texte, url = "https://example.org/one" in the body is not a key.
`

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/2024/cas.md", entry)
	write("content/2024/crlf.md", strings.ReplaceAll(strings.Replace(entry, "https://example.org/three", "https://example.org/missing", 1), "\n", "\r\n"))
	write("content/2024/broken.md", "+++\ntitle = \n+++\n")
	write("content/_index.md", "Intro, url = \"https://example.org/one\"\n")
	var asked []string
	f := &fake{
		avail: func(w http.ResponseWriter, target, ts string) {
			asked = append(asked, target+" "+ts)
			if strings.HasSuffix(target, "missing") {
				_, _ = w.Write([]byte(`{"archived_snapshots":{}}`))
				return
			}
			snapshot(w, "http://web.archive.org/web/"+ts+"000000/"+target)
		},
		save: func(w http.ResponseWriter, target string) {
			w.Header().Set("Content-Location", "/web/20250101000000/"+target)
		},
	}
	c := newClient(t, f)
	results, err := Run(context.Background(), c, dir, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var report []string
	for _, r := range results {
		report = append(report, r.String())
	}
	want := []string{
		`content/2024/broken.md:0: failed: "": cannot read its front matter (chrono check says why): content/2024/broken.md:2:9: TOML: expected value but found '\n' instead`,
		"content/2024/cas.md:9: archived: https://web.archive.org/web/20240813000000/https://example.org/one",
		"content/2024/cas.md:19: archived: https://web.archive.org/web/20240812000000/https://example.org/three",
		"content/2024/crlf.md:9: archived: https://web.archive.org/web/20240813000000/https://example.org/one",
		`content/2024/crlf.md:19: no snapshot of "https://example.org/missing"; run with -save to ask for one, or save it at https://web.archive.org/save`,
	}
	if strings.Join(report, "\n") != strings.Join(want, "\n") {
		t.Errorf("report:\n%s\nwant:\n%s", strings.Join(report, "\n"), strings.Join(want, "\n"))
	}
	got, _ := os.ReadFile(filepath.Join(dir, "content/2024/cas.md"))
	wantFile := strings.Replace(strings.Replace(entry,
		"url = \"https://example.org/one\"   # the press release\n",
		"url = \"https://example.org/one\"   # the press release\narchive = \"https://web.archive.org/web/20240813000000/https://example.org/one\"\n", 1),
		"  url = 'https://example.org/three'\n",
		"  url = 'https://example.org/three'\n  archive = \"https://web.archive.org/web/20240812000000/https://example.org/three\"\n", 1)
	if string(got) != wantFile {
		t.Errorf("cas.md:\n%s\nwant:\n%s", got, wantFile)
	}
	got, _ = os.ReadFile(filepath.Join(dir, "content/2024/crlf.md"))
	if !strings.Contains(string(got), "# the press release\r\narchive = \"https://web.archive.org/web/20240813000000/https://example.org/one\"\r\ndate") ||
		strings.Count(string(got), "\n") != strings.Count(string(got), "\r\n") {
		t.Errorf("crlf.md lost its line endings:\n%q", got)
	}

	// Run again: nothing left to ask but the missing one; with -save, it
	// is saved.
	f.requests = nil
	results, err = Run(context.Background(), c, dir, []string{"content/2024/crlf.md"}, Options{Save: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].Outcome != Archived || !results[0].Saved {
		t.Fatalf("with -save: %v", results)
	}
	if len(f.requests) != 2 {
		t.Errorf("requests: %q; want a look-up, then a save", f.requests)
	}
}

func TestRunStopsWhenRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "content", "2024", "cas.md")
	_ = os.MkdirAll(filepath.Dir(p), 0o755)
	_ = os.WriteFile(p, []byte(entry), 0o644)
	f := &fake{avail: func(w http.ResponseWriter, target, ts string) { w.WriteHeader(429) }}
	results, err := Run(context.Background(), newClient(t, f), dir, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 2 || results[0].Outcome != Failed || !errors.Is(results[0].Err, ErrRefused) || results[1].Outcome != NotTried {
		t.Errorf("results: %v", results)
	}
	if len(f.requests) != 1 {
		t.Errorf("%d requests after a refusal; want 1", len(f.requests))
	}
	if got, _ := os.ReadFile(p); string(got) != entry {
		t.Errorf("the file changed")
	}
}

func TestInsertRefuses(t *testing.T) {
	src := []byte("+++\nsource = { name = \"a\", url = \"https://example.org/\" }\n+++\n")
	if _, err := Insert(src, 2, "https://example.org/", "https://web.archive.org/web/2024/https://example.org/"); err == nil {
		t.Error("inserted into an inline table")
	}
	src = []byte("+++\n[source]\nurl = \"https://example.org/\"\n+++\n")
	if _, err := Insert(src, 3, "https://example.org/other", "https://web.archive.org/web/2024/https://example.org/"); err == nil {
		t.Error("inserted after another url")
	}
	if _, err := Insert(src, 3, "https://example.org/", "https://evil.example/"); err == nil {
		t.Error("inserted an untrusted address")
	}
}

func TestSearchURL(t *testing.T) {
	got := SearchURL("https://example.org/a?b=1#frag", "20240812")
	if want := "https://web.archive.org/web/20240812*/https://example.org/a?b=1%23frag"; got != want {
		t.Errorf("SearchURL = %q, want %q", got, want)
	}
}

func TestTrustedEscapesBeyondASCII(t *testing.T) {
	got, err := Trusted("http://web.archive.org/web/2026/https://example.org/dernières-actualités")
	if want := "https://web.archive.org/web/2026/https://example.org/derni%C3%A8res-actualit%C3%A9s"; err != nil || got != want {
		t.Errorf("Trusted = %q, %v; want %q", got, err, want)
	}
	for _, bad := range []string{"https://web.archive.org/web/2026/https://example.org/\u202e", "https://web.archive.org/web/2026/https://example.org/a b", "https://web.archive.org/web/2026/https://example.org/\x00"} {
		if got, err := Trusted(bad); err == nil && !strings.Contains(got, "%E2%80%AE") {
			t.Errorf("Trusted(%q) = %q", bad, got)
		}
	}
}
