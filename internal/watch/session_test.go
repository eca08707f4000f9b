package watch

import (
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// copySite copies the repository's layouts and static files, and the
// site.toml and content of from (the repository itself if empty), into a
// new folder.
func copySite(tb testing.TB, dir, from string) {
	tb.Helper()
	if from == "" {
		from = "../.."
	}
	for _, c := range []struct{ src, dst string }{
		{from + "/site.toml", "site.toml"}, {from + "/content", "content"},
		{"../../layouts", "layouts"}, {"../../static", "static"},
	} {
		if err := exec.Command("cp", "-R", c.src, filepath.Join(dir, c.dst)).Run(); err != nil {
			tb.Fatalf("copying %s: %v", c.src, err)
		}
	}
}

// startSession previews the site in dir, built once, with its event
// stream subscribed to.
func startSession(tb testing.TB, dir string) (*session, chan event) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s, err := start(ln, Options{Site: dir, Addr: "127.0.0.1:0", Drafts: true, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		tb.Fatal(err)
	}
	s.rebuild(nil)
	ch, unsubscribe := s.server.hub.subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.loop(ctx); close(done) }()
	tb.Cleanup(func() {
		cancel()
		<-done
		unsubscribe()
		if err := s.stop(); err != nil {
			tb.Error(err)
		}
	})
	return s, ch
}

func nextEvent(tb testing.TB, ch chan event) event {
	tb.Helper()
	select {
	case ev := <-ch:
		return ev
	case <-time.After(20 * time.Second):
		tb.Fatal("no event")
		return event{}
	}
}

// TestSession edits a site on disk while it is previewed: each save
// reloads the pages, a mistake shows its problems, its fix reloads.
func TestSession(t *testing.T) {
	dir := t.TempDir()
	copySite(t, dir, "")
	s, events := startSession(t, dir)
	if st := s.server.state.Load(); st.files == nil || len(st.files["index.html"]) == 0 {
		t.Fatalf("first build not served: %v", st.problems)
	}
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") {
		t.Errorf("url %s", s.url)
	}
	entry := filepath.Join(dir, "content/2024/demission-thierry-breton.md")
	text, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	save := func(b []byte) {
		// As editors do: a temporary file renamed over the entry.
		tmp := filepath.Join(filepath.Dir(entry), ".demission.md.tmp")
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, entry); err != nil {
			t.Fatal(err)
		}
	}

	save(append(text, "\nUn paragraphe ajouté pendant la prévisualisation.\n"...))
	// The event names the files that changed: the entry's page, and the
	// site's feed if it is among the latest; the other pages stay.
	if ev := nextEvent(t, events); ev.name != "reload" || !strings.Contains(ev.data, `"2024/demission-thierry-breton/index.html"`) || strings.Contains(ev.data, `"index.html"`) {
		t.Fatalf("after a save: %s %s", ev.name, ev.data)
	}
	page := string(s.server.state.Load().files["2024/demission-thierry-breton/index.html"])
	if !strings.Contains(page, "Un paragraphe ajouté pendant la prévisualisation.") {
		t.Errorf("the page does not show the edit")
	}

	save([]byte(strings.Replace(string(text), "title = ", "title = = ", 1)))
	ev := nextEvent(t, events)
	if ev.name != "problems" || !strings.Contains(ev.data, "demission-thierry-breton.md:2:9: TOML") {
		t.Fatalf("after a mistake: %s %s", ev.name, ev.data)
	}
	if st := s.server.state.Load(); st.files == nil || len(st.problems) == 0 {
		t.Errorf("the last good site is not served with the problems")
	}

	save(text)
	if ev := nextEvent(t, events); ev.name != "reload" {
		t.Fatalf("after the fix: %s %s", ev.name, ev.data)
	}
	if st := s.server.state.Load(); len(st.problems) != 0 {
		t.Errorf("problems still shown: %v", st.problems)
	}
}

// BenchmarkRebuildOneEntry measures, on the benchmark corpus
// (../shared/bench/corpus.py, with this repository's layouts), the time
// from saving one entry to the reload event being sent to the pages:
// watcher, debounce, rebuild and swap included.
func BenchmarkRebuildOneEntry(b *testing.B) {
	script := "../../../shared/bench/corpus.py"
	if _, err := os.Stat(script); err != nil {
		b.Skip("no corpus generator at", script)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		b.Skip("python3 not found")
	}
	for _, n := range []int{1000, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			out := b.TempDir()
			if msg, err := exec.Command("python3", script, strconv.Itoa(n), out).CombinedOutput(); err != nil {
				b.Fatalf("corpus: %v\n%s", err, msg)
			}
			dir := filepath.Join(b.TempDir(), "site")
			if err := os.Mkdir(dir, 0o755); err != nil {
				b.Fatal(err)
			}
			copySite(b, dir, filepath.Join(out, "site"))
			s, events := startSession(b, dir)
			if st := s.server.state.Load(); st.files == nil {
				b.Fatalf("first build failed: %v", st.problems)
			}
			matches, _ := filepath.Glob(filepath.Join(dir, "content", "*", "*.md"))
			entry := matches[len(matches)/2]
			text, err := os.ReadFile(entry)
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				i++
				edited := append(append([]byte{}, text...), "\nModification "+strconv.Itoa(i)+".\n"...)
				if err := os.WriteFile(entry, edited, 0o644); err != nil {
					b.Fatal(err)
				}
				if ev := nextEvent(b, events); ev.name != "reload" {
					b.Fatalf("%s %s", ev.name, ev.data)
				}
			}
		})
	}
}
