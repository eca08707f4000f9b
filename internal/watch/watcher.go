package watch

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/chrono-dsa/chrono/internal/content"
)

// Watched are the files and folders of a site that make it, relative to
// its root: a change anywhere else (public/, .git/) is not a change of the
// site.
var Watched = []string{content.SiteFile, content.Dir, "layouts", "static"}

// DefaultDebounce is how long the watcher waits after an event for more
// before it reports a change: editors write a file in several steps (vim:
// a test file 4913, the new file, a rename over the old), a few
// milliseconds apart; each event starts the wait again, so a burst is one
// change. It is part of the time from a save to the reload.
const DefaultDebounce = 20 * time.Millisecond

// Watcher reports the changes of a site's files as batches of paths,
// relative to the site's root and slash-separated: a file that was
// created, written, renamed or removed, or a folder that appeared (with
// everything in it) or disappeared. Events that come close together are
// merged into one batch, which waits while the receiver is busy, so that
// a slow rebuild is followed by one rebuild for everything that changed
// meanwhile. A nil batch means that events were lost: anything may have
// changed.
//
// fsnotify does not watch trees: the Watcher adds every folder under
// content/, layouts/ and static/ at the start, then each folder as it is
// created. It watches the site's root for site.toml, so that an editor's
// atomic save (a temporary file renamed over site.toml) is seen, and for
// the three folders being created or replaced. Changes of mode alone, and
// editors' swap and backup files (content.Ignored), are not changes.
type Watcher struct {
	Changes <-chan []string // batches of changed paths

	root     string
	debounce time.Duration
	fsw      *fsnotify.Watcher
	changes  chan []string
	done     chan struct{}
	stopped  chan struct{}
}

// NewWatcher starts watching the site in the folder root. Bursts of events
// are merged until none came for debounce.
func NewWatcher(root string, debounce time.Duration) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, debounce: debounce, fsw: fsw, changes: make(chan []string), done: make(chan struct{}), stopped: make(chan struct{})}
	w.Changes = w.changes
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, dir := range Watched[1:] {
		if _, err := w.addTree(dir); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.loop()
	return w, nil
}

// Close stops watching. Changes is not closed: stop reading it.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	err := w.fsw.Close()
	<-w.stopped
	return err
}

// addTree watches the folder rel and every folder below it, and returns
// the files found in them: created before their folder was watched, they
// would be missed otherwise.
func (w *Watcher) addTree(rel string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(w.root, filepath.FromSlash(rel)), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone already, or not made yet
			}
			return err
		}
		r, _ := filepath.Rel(w.root, p)
		r = filepath.ToSlash(r)
		if r != rel && ignored(r) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.fsw.Add(p)
		}
		files = append(files, r)
		return nil
	})
	return files, err
}

// ignored reports whether a change to the path rel is not a change of the
// site: outside what makes it, or a hidden, swap or backup file.
func ignored(rel string) bool {
	top, _, _ := strings.Cut(rel, "/")
	known := false
	for _, w := range Watched {
		known = known || top == w
	}
	if !known {
		return true
	}
	for _, name := range strings.Split(rel, "/") {
		if content.Ignored(name) {
			return true
		}
	}
	return false
}

func (w *Watcher) loop() {
	defer close(w.stopped)
	pending := map[string]bool{}
	lost := false
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	ready := false
	for {
		var out chan []string
		var batch []string
		if ready {
			out = w.changes
			if !lost {
				batch = make([]string, 0, len(pending))
				for p := range pending {
					batch = append(batch, p)
				}
			}
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.event(ev, pending) {
				ready = false
				timer.Reset(w.debounce)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				lost = true
				ready = false
				timer.Reset(w.debounce)
			}
		case <-timer.C:
			ready = lost || len(pending) > 0
		case out <- batch:
			clear(pending)
			lost, ready = false, false
		}
	}
}

// event records what ev changed in pending, and reports whether it was a
// change of the site.
func (w *Watcher) event(ev fsnotify.Event, pending map[string]bool) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	if ignored(rel) {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			files, _ := w.addTree(rel)
			for _, f := range files {
				pending[f] = true
			}
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		_ = w.fsw.Remove(ev.Name) // a folder's watch, if it was one
	}
	pending[path.Clean(rel)] = true
	return true
}
