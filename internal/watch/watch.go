// Package watch is chrono's live preview: it builds a site in memory,
// serves it over HTTP, and builds it again each time one of its files is
// saved, telling the pages open in a browser to reload.
//
// The model has three parts, each with one job. The Watcher turns the
// file system's events (fsnotify, on content/, layouts/, static/ and
// site.toml) into batches of changed paths, debounced and merged while a
// rebuild runs. The rebuild loop, one goroutine, hands each batch to a
// build.Preview, which rebuilds only what the change reaches; rebuilds
// run one at a time. The Server answers every request from one immutable
// state, swapped atomically after each rebuild: the files of the last good
// build, and the problems of the last rebuild if it failed. Pages get a
// small script, injected by the server only (a build never has it), that
// listens to Server-Sent Events: "reload" after a successful rebuild,
// "problems" after a failed one, shown over the page, which stays as it
// was.
//
// Nothing is written to disk and nothing is read from it at request time:
// a request can only reach what the last build made. And only requests
// sent to this machine by the preview's own pages are answered (see
// hosts): a web page whose domain is made to resolve to 127.0.0.1 (DNS
// rebinding) gets 403, not the drafts.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/chrono-dsa/chrono/internal/build"
	"github.com/chrono-dsa/chrono/internal/chrono"
)

// Options configure a preview.
type Options struct {
	Site     string        // the site's folder
	Addr     string        // host:port to listen on
	Drafts   bool          // show draft entries
	Open     bool          // open the browser at the site's URL
	Debounce time.Duration // see NewWatcher; DefaultDebounce if 0
	Stdout   io.Writer     // the URL and one line per rebuild
	Stderr   io.Writer     // problems and warnings
}

// ListenError is a failure to listen on the address asked for.
type ListenError struct{ Err error }

func (e *ListenError) Error() string { return "cannot listen: " + e.Err.Error() }
func (e *ListenError) Unwrap() error { return e.Err }

// Run previews the site until ctx is done, then stops the server and the
// watcher. It returns a *ListenError if it cannot listen on opts.Addr.
func Run(ctx context.Context, opts Options) error {
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return &ListenError{err}
	}
	s, err := start(ln, opts)
	if err != nil {
		ln.Close()
		return err
	}
	if !loopback(opts.Addr) {
		fmt.Fprintf(opts.Stderr, "chrono watch: warning: listening on %s, which other machines may reach; the preview is meant for this one (-addr 127.0.0.1:1313). It answers only requests sent to the host of -addr, or, for 0.0.0.0 or no host, to this machine's addresses and name\n", ln.Addr())
	}
	fmt.Fprintf(opts.Stdout, "chrono watch: serving %s at %s (Ctrl-C to stop)\n", opts.Site, s.url)
	if opts.Open {
		openBrowser(s.url, opts.Stdout)
	}
	s.rebuild(nil)
	err = s.loop(ctx)
	return errors.Join(err, s.stop())
}

// session is a running preview.
type session struct {
	opts    Options
	url     string
	watcher *Watcher
	preview *build.Preview
	fsys    fs.FS                      // the site, read through root
	root    interface{ Close() error } // the site's folder
	server  *Server
	http    *http.Server
	served  chan error
	shown   map[chrono.Problem]bool // warnings already printed
	last    chrono.Problems         // the warnings of the last good build, the keys of shown
}

// start watches the site and serves it on ln. Nothing is built yet.
func start(ln net.Listener, opts Options) (*session, error) {
	if opts.Debounce == 0 {
		opts.Debounce = DefaultDebounce
	}
	url := baseURL(opts.Addr, ln.Addr())
	w, err := NewWatcher(opts.Site, opts.Debounce)
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", opts.Site, err)
	}
	// Read the site as a build does: nothing read can come from outside it.
	fsys, root, err := build.OpenSite(opts.Site)
	if err != nil {
		w.Close()
		return nil, err
	}
	s := &session{
		opts:    opts,
		url:     url,
		watcher: w,
		fsys:    fsys,
		root:    root,
		preview: build.New().Preview(fsys, build.Options{Drafts: opts.Drafts, BaseURL: url, Repo: opts.Site}),
		server:  NewServer(opts.Addr),
		served:  make(chan error, 1),
		shown:   map[chrono.Problem]bool{},
	}
	s.http = &http.Server{Handler: s.server, ReadHeaderTimeout: 10 * time.Second}
	go func() { s.served <- s.http.Serve(ln) }()
	return s, nil
}

// loop rebuilds the site after each batch of changes until ctx is done.
func (s *session) loop(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-s.served:
			return err
		case paths := <-s.watcher.Changes:
			s.rebuild(paths)
		}
	}
}

// stop shuts the server down, letting requests finish, and stops watching.
func (s *session) stop() error {
	s.server.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if err != nil {
		err = errors.Join(err, s.http.Close())
	}
	return errors.Join(err, s.watcher.Close(), s.root.Close())
}

// rebuild builds the site again after paths changed (nil: anything) and
// publishes the result, or its problems.
func (s *session) rebuild(paths []string) {
	start := time.Now()
	r, err := s.safeRebuild(paths)
	took := time.Since(start).Round(100 * time.Microsecond)
	what := "rebuilt"
	if paths == nil {
		what = "built"
	}
	if err != nil {
		fmt.Fprintf(s.opts.Stderr, "chrono watch: %s\n", chrono.OneLine(err.Error()))
		s.server.Fail([]string{err.Error()})
		return
	}
	if r.Files == nil {
		// Errors only: warnings were printed when they appeared.
		lines := problemLines(s.opts.Site, r.Problems.Errors())
		for _, l := range lines {
			fmt.Fprintln(s.opts.Stderr, l)
		}
		n := len(r.Problems.Errors())
		fmt.Fprintf(s.opts.Stdout, "%s in %v: failed, %d %s; still serving the last good site\n", what, took, n, plural(n, "problem", "problems"))
		s.server.Fail(lines)
		return
	}
	// Warnings do not stop the build: print those not printed before. A
	// save usually leaves them as they were: then there is nothing to do.
	if !slices.Equal(r.Problems, s.last) {
		shown := make(map[chrono.Problem]bool, len(r.Problems))
		var fresh chrono.Problems
		for _, p := range r.Problems {
			if !s.shown[p] {
				fresh = append(fresh, p)
			}
			shown[p] = true
		}
		for _, l := range problemLines(s.opts.Site, fresh) {
			fmt.Fprintln(s.opts.Stderr, l)
		}
		s.shown, s.last = shown, r.Problems
	}
	s.server.SetLanguage(r.Language)
	if paths == nil {
		s.server.Publish(r.Files) // everything: every page reloads
	} else {
		s.server.Publish(r.Files, r.Changed...)
	}
	fmt.Fprintf(s.opts.Stdout, "%s in %v: %d entries, %d %s changed\n", what, took, r.Entries, len(r.Changed), plural(len(r.Changed), "page", "pages"))
}

// safeRebuild rebuilds, turning a panic into an error: the preview keeps
// serving the last good site whatever happens.
func (s *session) safeRebuild(paths []string) (r *build.Rebuild, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("internal error while rebuilding: %v", v)
			s.preview = build.New().Preview(s.fsys, build.Options{Drafts: s.opts.Drafts, BaseURL: s.url, Repo: s.opts.Site})
		}
	}()
	return s.preview.Rebuild(paths)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// baseURL is the address of the site as served on addr (asked) and bound
// (the listener's, whose port is the real one when 0 was asked for).
func baseURL(addr string, bound net.Addr) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = ""
	}
	_, port, err := net.SplitHostPort(bound.String())
	if err != nil {
		port = "1313"
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// loopback reports whether addr's host is this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// openBrowser opens url with the system's opener, or says to.
func openBrowser(url string, out io.Writer) {
	name := "xdg-open"
	if runtime.GOOS == "darwin" {
		name = "open"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		fmt.Fprintf(out, "chrono watch: open %s in a browser\n", url)
		return
	}
	cmd := exec.Command(p, url)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(out, "chrono watch: open %s in a browser\n", url)
		return
	}
	go func() { _ = cmd.Wait() }()
}

// problemLines formats problems as check prints them, paths from the
// current folder.
func problemLines(site string, probs chrono.Problems) []string {
	var lines []string
	for _, p := range probs {
		p.Path = filepath.ToSlash(filepath.Join(site, filepath.FromSlash(p.Path)))
		lines = append(lines, p.Error())
	}
	return lines
}
