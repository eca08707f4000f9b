package watch

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/chrono-dsa/chrono/internal/build"
	"github.com/chrono-dsa/chrono/internal/content"
	"github.com/chrono-dsa/chrono/internal/render"
)

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
// created or moved in, reporting the files already in it (made between the
// folder and its watch: mkdir -p then a write, a folder moved in whole).
// A folder removed or renamed loses its watches and those of the folders
// below it, which fsnotify would otherwise go on reporting under their old
// paths; its new name is watched again as a new folder. The Watcher
// watches the site's root for site.toml, so that an editor's atomic save
// (a temporary file renamed over site.toml) is seen, and for the three
// folders being created or replaced. Changes of mode alone, and files the
// build does not read (see ignored), are not changes.
type Watcher struct {
	Changes <-chan []string // batches of changed paths

	root     string
	debounce time.Duration
	fsw      *fsnotify.Watcher
	changes  chan []string
	done     chan struct{}
	stopped  chan struct{}
	// dirs are the folders watched, relative to root and slash-separated:
	// added by addTree, dropped by forget; used by NewWatcher, then by the
	// loop only.
	dirs map[string]bool
}

// NewWatcher starts watching the site in the folder root. Bursts of events
// are merged until none came for debounce.
func NewWatcher(root string, debounce time.Duration) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, debounce: debounce, fsw: fsw, changes: make(chan []string), done: make(chan struct{}), stopped: make(chan struct{}), dirs: map[string]bool{}}
	w.Changes = w.changes
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, dir := range build.Parts[1:] {
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
// would be missed otherwise. Each folder is watched before it is read, so
// that a file is either seen by the reading or reported by the watch.
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
		if r != rel && ignored(r, d.Type().IsRegular()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.fsw.Add(p); err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir // removed since it was listed
				}
				return err
			}
			w.dirs[r] = true
			return nil
		}
		files = append(files, r)
		return nil
	})
	return files, err
}

// forget stops watching the folder rel and every folder below it: they
// were removed or renamed, and fsnotify would report what happens in a
// renamed folder under its old path. Watches fsnotify dropped already
// (the folder's own, on its removal or move) are no error.
func (w *Watcher) forget(rel string) {
	for d := range w.dirs {
		if d == rel || strings.HasPrefix(d, rel+"/") {
			_ = w.fsw.Remove(filepath.Join(w.root, filepath.FromSlash(d)))
			delete(w.dirs, d)
		}
	}
}

// rewatch watches the site's folders again from scratch, after events
// were lost: folders may have been made, removed or renamed unseen.
func (w *Watcher) rewatch() {
	for _, dir := range build.Parts[1:] {
		w.forget(dir)
		_, _ = w.addTree(dir)
	}
}

// ignored reports whether a change to the path rel is not a change of the
// site: outside what makes it, or a file the build does not read. regular
// says that rel is a regular file now (not a folder, a link, or gone).
// Each folder follows the rule of the code that reads it, so that the
// preview serves what a build writes:
//
//   - content/: no hidden, swap or backup file or folder, at any depth
//     (content.Ignored, as content.Load lists entries);
//   - layouts/: the same, but for a name ending in .html, which
//     render.ParseLayouts reads in partials/ whatever it starts with;
//   - static/: every file but hidden, swap and backup ones
//     (content.Ignored on the file's own name), in any folder, hidden
//     folders included (as render copies static/); a link or a name gone
//     is reported, since the build refuses links and the removed path may
//     have been a folder.
func ignored(rel string, regular bool) bool {
	top, _, _ := strings.Cut(rel, "/")
	names := strings.Split(rel, "/")[1:]
	switch top {
	case content.SiteFile:
		return rel != content.SiteFile
	case content.Dir:
		return slices.ContainsFunc(names, content.Ignored)
	case render.LayoutDir:
		for i, name := range names {
			if content.Ignored(name) && !(i == len(names)-1 && strings.HasSuffix(name, ".html")) {
				return true
			}
		}
		return false
	case render.StaticDir:
		return regular && content.Ignored(path.Base(rel))
	}
	return true
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
				w.rewatch()
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
	rel = path.Clean(filepath.ToSlash(rel))
	if (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) && w.dirs[rel] {
		w.forget(rel)
	}
	fi, err := os.Lstat(ev.Name)
	if ignored(rel, err == nil && fi.Mode().IsRegular()) {
		return false
	}
	if ev.Has(fsnotify.Create) && err == nil && fi.IsDir() {
		files, _ := w.addTree(rel)
		for _, f := range files {
			pending[f] = true
		}
	}
	pending[rel] = true
	return true
}
