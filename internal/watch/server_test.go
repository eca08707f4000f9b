package watch

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chrono-dsa/chrono/internal/build"
)

func site(n int) map[string][]byte {
	return map[string][]byte{
		"index.html":      fmt.Appendf(nil, "<!doctype html><html><body><p>build %d</p></body></html>\n", n),
		"2024/index.html": fmt.Appendf(nil, "<html><body>2024 build %d</body></html>", n),
		"404.html":        []byte("<html><body>introuvable</body></html>"),
		"style.css":       []byte("body{}"),
		"feed.xml":        []byte("<feed/>"),
		"data.json":       []byte("{}"),
	}
}

func get(tb testing.TB, url string) (*http.Response, string) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, string(b)
}

// stream reads the events of an SSE response.
type stream struct {
	r    *bufio.Reader
	body io.Closer
}

func listen(tb testing.TB, url string) *stream {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+EventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		tb.Fatalf("events: Content-Type %q", ct)
	}
	tb.Cleanup(func() { cancel(); resp.Body.Close() })
	s := &stream{r: bufio.NewReader(resp.Body), body: resp.Body}
	if ev, _ := s.next(tb); ev != "" {
		tb.Fatalf("first message is an event %q, want retry", ev)
	}
	return s
}

// next returns the next event's name and data ("" for a message without
// event, such as retry or a comment).
func (s *stream) next(tb testing.TB) (string, string) {
	tb.Helper()
	var name, data string
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			tb.Fatalf("events: %v", err)
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			return name, data
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data += strings.TrimPrefix(line, "data: ")
		}
	}
}

func TestServerServes(t *testing.T) {
	s := NewServer("127.0.0.1:0")
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()

	resp, body := get(t, ts.URL+"/")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, EventsPath) {
		t.Errorf("before the first build: %d %q", resp.StatusCode, body)
	}
	s.Publish(site(1))
	for _, c := range []struct {
		path, ctype, has string
		status           int
	}{
		{"/", "text/html; charset=utf-8", "build 1", 200},
		{"/2024/", "text/html; charset=utf-8", "2024 build 1", 200},
		{"/style.css", "text/css; charset=utf-8", "body{}", 200},
		{"/feed.xml", "text/xml; charset=utf-8", "<feed/>", 200},
		{"/data.json", "application/json", "{}", 200},
		{"/nope/", "text/html; charset=utf-8", "introuvable", 404},
	} {
		resp, body := get(t, ts.URL+c.path)
		if resp.StatusCode != c.status || resp.Header.Get("Content-Type") != c.ctype || !strings.Contains(body, c.has) {
			t.Errorf("%s: %d %s %q", c.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		html := strings.HasPrefix(c.ctype, "text/html")
		if strings.Contains(body, EventsPath) != html {
			t.Errorf("%s: script injected = %v", c.path, !html)
		}
		if html && !strings.Contains(body, "</script>\n</body>") {
			t.Errorf("%s: script not before </body>: %q", c.path, body)
		}
	}
	// /2024 → /2024/
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(ts.URL + "/2024")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/2024/" {
		t.Errorf("/2024: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestServerTraversal(t *testing.T) {
	s := NewServer("127.0.0.1:0")
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	s.Publish(site(1))
	for _, p := range []string{
		"/../site.toml", "/%2e%2e/site.toml", "/%2E%2E/%2e%2e/etc/passwd", "/static/../../etc/passwd",
		"/2024/..%2f..%2fsite.toml", "/..%5c..%5csite.toml", "/2024%2findex.html", "/./index.html",
		"/..\\site.toml", "/%00", "/content/2024/x.md", "/site.toml", "/layouts/base.html",
	} {
		// Sent as written: no cleaning by the client.
		conn := ts.Listener.Addr().String()
		req, _ := http.NewRequest("GET", "http://"+conn+"/", nil)
		req.URL.Opaque = p
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d %q", p, resp.StatusCode, body)
		}
	}
}

func TestServerOverlay(t *testing.T) {
	s := NewServer("127.0.0.1:0")
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	events := listen(t, ts.URL)

	s.Publish(site(1))
	if ev, _ := events.next(t); ev != "reload" {
		t.Fatalf("event %q, want reload", ev)
	}
	problem := `content/2024/x.md:3:9: TOML: expected value but found '<script>' & "so on"`
	s.Fail([]string{problem})
	ev, data := events.next(t)
	if ev != "problems" || !strings.Contains(data, `TOML: expected value`) {
		t.Fatalf("event %q %q, want problems", ev, data)
	}
	_, body := get(t, ts.URL+"/")
	if !strings.Contains(body, `id="chrono-problems"`) || !strings.Contains(body, "build 1") {
		t.Errorf("no overlay over the last good page: %q", body)
	}
	if !strings.Contains(body, "found &#39;&lt;script&gt;&#39; &amp; &#34;so on&#34;") || strings.Contains(body, "'<script>'") {
		t.Errorf("problem not escaped: %q", body)
	}
	// The sentence is in the site's language, as the problems are: French
	// for "fr" (the language of a site that does not say), English
	// otherwise.
	if !strings.Contains(body, "la dernière reconstruction a échoué") || !strings.Contains(data, "la dernière reconstruction a échoué") {
		t.Errorf("overlay not in French: %q %q", body, data)
	}
	for _, lang := range []string{"en", "de"} {
		s.SetLanguage(lang)
		s.Fail([]string{problem})
		if _, data := events.next(t); !strings.Contains(data, "the last rebuild failed") {
			t.Errorf("overlay not in English for a site in %q: %q", lang, data)
		}
	}
	if _, body := get(t, ts.URL+"/style.css"); strings.Contains(body, "chrono-problems") {
		t.Errorf("overlay in CSS: %q", body)
	}
	// A page opened now learns of the problems at once.
	late := listen(t, ts.URL)
	if ev, _ := late.next(t); ev != "problems" {
		t.Errorf("new listener got %q, want problems", ev)
	}

	s.Publish(site(2), "index.html", "style.css")
	if ev, data := events.next(t); ev != "reload" || data != `["index.html","style.css"]` {
		t.Fatalf("event %q %q, want reload with the files changed", ev, data)
	}
	if _, body := get(t, ts.URL+"/"); strings.Contains(body, `id="chrono-problems"`) || !strings.Contains(body, "build 2") {
		t.Errorf("overlay still there after a good build: %q", body)
	}
}

func TestServerFirstBuildFails(t *testing.T) {
	s := NewServer("127.0.0.1:0")
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	s.Fail([]string{"site.toml:1:9: TOML: bad"})
	resp, body := get(t, ts.URL+"/2024/")
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "site.toml:1:9: TOML: bad") || !strings.Contains(body, EventsPath) {
		t.Errorf("%d %q", resp.StatusCode, body)
	}
}

// TestServerConcurrent requests pages while builds are published: each
// response is one build's, whole (run with -race).
func TestServerConcurrent(t *testing.T) {
	s := NewServer("127.0.0.1:0")
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	s.Publish(site(0))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, body := get(t, ts.URL+"/")
				if !strings.Contains(body, "<p>build ") || !strings.Contains(body, "</html>") {
					t.Errorf("partial page %q", body)
					return
				}
			}
		})
	}
	for i := range 200 {
		s.Publish(site(i))
		if i%10 == 0 {
			s.Fail([]string{"x:1:1: bad"})
		}
	}
	close(stop)
	wg.Wait()
}

// TestBuildHasNoScript checks that a build never carries the preview's
// script: only the server injects it.
func TestBuildHasNoScript(t *testing.T) {
	fsys := os.DirFS("../..")
	s, err := build.New().Load(fsys, build.Options{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	n := 0
	_, err = s.Render(func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		n++
		if bytes.Contains(data, []byte("_chrono")) || bytes.Contains(data, []byte("EventSource")) {
			t.Errorf("%s has the preview's script", name)
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatal(err, n)
	}
}
