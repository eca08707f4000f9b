package watch

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chrono-dsa/chrono/internal/chrono"
)

// EventsPath is where the live-reload script listens for Server-Sent
// Events. Paths under /_chrono/ are the preview's own: a site has no
// folder of that name (content/ holds entries under years only).
const EventsPath = "/_chrono/events"

// KeepAlive is how often an idle event stream gets a comment, so that
// proxies and browsers keep it open.
const KeepAlive = 20 * time.Second

var (
	//go:embed live.js
	liveJS string
	//go:embed overlay.css
	overlayCSS string
)

// state is what the server serves: the files of one build, and the
// problems of the last rebuild if it failed. It is never modified once
// published: a request loads it once and answers from it alone.
type state struct {
	files    map[string][]byte // of the last good build; nil before the first
	problems []string          // path:line:col: message, if the last rebuild failed
	building bool              // the first build has not finished
	lang     string            // the site's language, of the last good build (SetLanguage)
}

// Server serves the last good build of a site from memory, with the
// live-reload script and, when the last rebuild failed, its problems
// injected in every HTML page. It answers only requests sent to this
// machine by the pages it serves (see hosts): 403 to any other.
type Server struct {
	state atomic.Pointer[state]
	hub   *hub
	hosts *hosts // from the address listened on
}

// NewServer returns a server with nothing built yet, for a preview
// listening on addr (host:port, as -addr).
func NewServer(addr string) *Server {
	s := &Server{hub: newHub(), hosts: newHosts(addr)}
	s.state.Store(&state{building: true, lang: "fr"})
	return s
}

// SetLanguage says in which language the site is written ("fr", as
// site.toml says): the sentence over the problems of a failed rebuild is
// in it.
func (s *Server) SetLanguage(lang string) {
	st := *s.state.Load()
	st.lang = lang
	s.state.Store(&st)
}

// maxChanged is the most files a reload event names; beyond, it names
// none, and every page reloads.
const maxChanged = 500

// Publish serves files, the site of a successful build, from now on, and
// tells the pages to reload. changed, if given, names the files that
// changed (their paths in the site, "2024/slug/index.html"): a page
// reloads only if its own file is one of them, and a changed stylesheet is
// swapped in place. files must not be modified afterwards.
func (s *Server) Publish(files map[string][]byte, changed ...string) {
	s.state.Store(&state{files: files, lang: s.state.Load().lang})
	var data string
	if len(changed) > 0 && len(changed) <= maxChanged {
		b, _ := json.Marshal(changed)
		data = string(b)
	}
	s.hub.broadcast(event{name: "reload", data: data})
}

// Fail keeps serving the last good build, with problems over every page,
// and shows them on the pages open.
func (s *Server) Fail(problems []string) {
	old := s.state.Load()
	st := &state{files: old.files, problems: problems, lang: old.lang}
	s.state.Store(st)
	s.hub.broadcast(st.problemsEvent())
}

// problemsEvent is the event that shows st's problems over the pages
// open: the sentence that introduces them, in the site's language, and
// the problems.
func (st *state) problemsEvent() event {
	data, _ := json.Marshal(struct {
		Message  string   `json:"message"`
		Problems []string `json:"problems"`
	}{overlayMessage(st.lang), st.problems})
	return event{name: "problems", data: string(data)}
}

// overlayMessage is the sentence over the problems of a failed rebuild, in
// the site's language, as the problems are (chrono.French): French for
// "fr", English otherwise.
func overlayMessage(lang string) string {
	return chrono.Say("chrono watch: the last rebuild failed; this page is the last good one. Fix these and save:",
		"chrono watch : la dernière reconstruction a échoué ; cette page vient de la dernière construction réussie. Corrigez ces problèmes puis enregistrez :").With().In(lang)
}

// Close ends the event streams, so that the HTTP server can shut down.
func (s *Server) Close() { s.hub.close() }

// ServeHTTP serves the site, and the events at EventsPath.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// r.Host is the Host header, or the host of a request in absolute
	// form, which takes precedence (RFC 9112, 3.2.2); "" if neither.
	if !s.hosts.allow(r.Host) {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, fmt.Sprintf("chrono watch: this preview answers only requests sent to localhost, a loopback address or the host of -addr, not to %q.\nOpen the address chrono watch printed.", r.Host), http.StatusForbidden)
		return
	}
	if origins := r.Header.Values("Origin"); !s.hosts.allowOrigin(origins) {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, fmt.Sprintf("chrono watch: this preview answers only its own pages, not a page of %q.", strings.Join(origins, ", ")), http.StatusForbidden)
		return
	}
	if r.URL.Path == EventsPath {
		s.events(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := fileName(r)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	st := s.state.Load()
	w.Header().Set("Cache-Control", "no-store")
	if st.files == nil {
		msg := "chrono watch: building the site…"
		status := http.StatusServiceUnavailable
		if !st.building {
			msg, status = "chrono watch: the site could not be built.", http.StatusInternalServerError
		}
		page := []byte("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>chrono watch</title></head><body><p>" + html.EscapeString(msg) + "</p></body></html>\n")
		s.write(w, r, st, "index.html", page, status)
		return
	}
	data, ok := st.files[name]
	switch {
	case ok:
		s.write(w, r, st, name, data, http.StatusOK)
	case path.Ext(name) == "" && st.files[name+"/index.html"] != nil:
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
	default:
		s.write(w, r, st, "404.html", st.files["404.html"], http.StatusNotFound)
	}
}

// fileName returns the name of the file a request asks for: "2024/" is
// 2024/index.html. It refuses what could name a file outside the site:
// dot segments, encoded slashes, backslashes and NUL, encoded or not.
func fileName(r *http.Request) (string, bool) {
	raw := strings.ToLower(r.URL.EscapedPath())
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") ||
		strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		return "", false
	}
	name := p[1:]
	for _, seg := range strings.Split(name, "/") {
		if seg == "." || seg == ".." {
			return "", false
		}
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name, true
}

// write answers with data, the file name, injecting the preview's script
// (and the problems, if any) in HTML.
func (s *Server) write(w http.ResponseWriter, r *http.Request, st *state, name string, data []byte, status int) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, st)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// inject adds the live-reload script, and the problems if any, before the
// page's </body>, or at its end.
func inject(page []byte, st *state) []byte {
	var b bytes.Buffer
	b.Grow(len(page) + len(liveJS) + len(overlayCSS) + 200)
	at := lastIndexFold(page, "</body>")
	if at < 0 {
		at = len(page)
	}
	b.Write(page[:at])
	b.WriteString("<style id=\"chrono-watch-style\">\n" + overlayCSS + "</style>\n")
	if len(st.problems) > 0 {
		b.WriteString(Overlay(st.lang, st.problems))
	}
	b.WriteString("<script>\n" + liveJS + "</script>\n")
	b.Write(page[at:])
	return b.Bytes()
}

// Overlay is the HTML of the list of problems shown over a page, with its
// sentence in the site's language lang.
func Overlay(lang string, problems []string) string {
	var b strings.Builder
	b.WriteString(`<div id="chrono-problems" role="alert"><p>` + html.EscapeString(overlayMessage(lang)) + `</p><pre>`)
	for i, p := range problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(html.EscapeString(p))
	}
	b.WriteString("</pre></div>\n")
	return b.String()
}

func lastIndexFold(s []byte, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if s[i] == '<' && strings.EqualFold(string(s[i:i+len(sub)]), sub) {
			return i
		}
	}
	return -1
}

// events streams the server's events to one page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, unsubscribe := s.hub.subscribe()
	if ch == nil {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer unsubscribe()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 1000\n\n")
	if st := s.state.Load(); len(st.problems) > 0 {
		writeEvent(w, st.problemsEvent())
	}
	flusher.Flush()
	tick := time.NewTicker(KeepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.hub.done:
			return
		case ev := <-ch:
			writeEvent(w, ev)
			flusher.Flush()
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			flusher.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, ev event) {
	fmt.Fprintf(w, "event: %s\n", ev.name)
	for _, line := range strings.Split(ev.data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	fmt.Fprint(w, "\n")
}

// event is a Server-Sent Event.
type event struct {
	name, data string
}

// hub hands events to the pages listening. Each page has a buffered
// channel; a page that does not keep up misses events rather than slowing
// the others (the last one, reload or problems, is what matters).
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	done    chan struct{} // closed by close
	closed  bool
}

func newHub() *hub { return &hub{clients: map[chan event]bool{}, done: make(chan struct{})} }

// subscribe returns a new listener's channel and how to leave, or a nil
// channel once the hub is closed.
func (h *hub) subscribe() (chan event, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, func() {}
	}
	ch := make(chan event, 8)
	h.clients[ch] = true
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.clients, ch)
	}
}

func (h *hub) broadcast(ev event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- ev:
		default: // full: this page is not reading
		}
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}
