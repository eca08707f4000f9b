package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/chrono-dsa/chrono/internal/chrono"
	"github.com/chrono-dsa/chrono/internal/content"
)

// A site is untrusted input: it comes from pull requests. Nothing in it may
// make the generator read or write outside the site and the output folder.
//
//   - Reading: OpenSite confines every read to the site's folder at the
//     level of the operating system (os.Root): a symbolic link that leads
//     out of it cannot be followed, wherever it is. Within the site, links
//     are refused in content/ and static/ (by the stages that walk them)
//     and in place of the site's top-level files and folders (rootLinks),
//     so a site reads the same through any fs.FS.
//   - Writing: every file of the output is named by the render stage from
//     slugs, years and article numbers, which the load stage has checked;
//     writer.emit still refuses a name that would leave the output folder.

// OpenSite returns the site in the folder dir, for reading only: nothing
// read through it can come from outside dir. Close the Closer when done.
func OpenSite(dir string) (fs.FS, interface{ Close() error }, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	return root.FS(), root, nil
}

// rootLinks reports the top-level files and folders of the site that are
// symbolic links: they could lead anywhere.
func rootLinks(fsys fs.FS) (chrono.Problems, error) {
	var probs chrono.Problems
	for _, name := range Parts {
		fi, err := fs.Lstat(fsys, name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		case fi.Mode()&fs.ModeSymlink != 0:
			probs.Add(chrono.Pos{Path: name}, what(name))
		}
	}
	return probs, nil
}

func what(name string) chrono.Text {
	if name == content.SiteFile {
		return chrono.Say("symbolic links are not allowed in the site; put the file itself here", "les liens symboliques ne sont pas acceptés dans le site ; mettez ici le fichier lui-même")
	}
	return chrono.Say("symbolic links are not allowed in the site; put the folder itself here", "les liens symboliques ne sont pas acceptés dans le site ; mettez ici le dossier lui-même")
}

// outputName checks the name of a file of the output, relative to its root.
func outputName(name string) error {
	if !fs.ValidPath(name) || name == "." {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", name)
	}
	return nil
}

// errNotRegular is the error of opening what is neither a file nor a
// folder.
var errNotRegular = errors.New("not a regular file (a named pipe, a socket or a device); the site holds only ordinary files and folders")

// regularFS is a site that opens only regular files and folders: a named
// pipe would make a read wait forever, and a device might never end. Every
// stage reads the site through it (Builder.Load, Builder.Preview); the
// stages that list folders report such files with their path.
type regularFS struct{ fsys fs.FS }

func (r regularFS) Open(name string) (fs.File, error) {
	fi, err := fs.Stat(r.fsys, name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
	}
	return r.fsys.Open(name)
}

// Stat, Lstat, ReadLink and ReadDir never open a file: they are the site's.

func (r regularFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(r.fsys, name) }
func (r regularFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(r.fsys, name) }
func (r regularFS) ReadLink(name string) (string, error)       { return fs.ReadLink(r.fsys, name) }
func (r regularFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(r.fsys, name) }

// regular returns fsys as a regularFS.
func regular(fsys fs.FS) fs.FS {
	if _, ok := fsys.(regularFS); ok {
		return fsys
	}
	return regularFS{fsys}
}
