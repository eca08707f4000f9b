//go:build unix

package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNamedPipes puts a named pipe where the site has files: check, build
// and a preview end, each with an error or a problem that names it.
func TestNamedPipes(t *testing.T) {
	for _, name := range []string{
		"content/2024/tuyau.md",
		"content/_index.md",
		"site.toml",
		"static/tuyau.txt",
		"layouts/partials/tuyau.html",
		"layouts/entry.html",
	} {
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			site := diskSite(t, filepath.Join(t.TempDir(), "site"))
			p := filepath.Join(site, filepath.FromSlash(name))
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("cannot make a named pipe here: %v", err)
			}
			fsys, closer, err := OpenSite(site)
			if err != nil {
				t.Fatal(err)
			}
			defer closer.Close()
			done := make(chan string, 1)
			go func() {
				probs, err := New().Check(fsys, Options{})
				_, bprobs, berr := New().Build(fsys, site, filepath.Join(site, "public"), Options{})
				_, perr := New().Preview(fsys, Options{}).Rebuild(nil)
				done <- fmt.Sprint(probs, err, "|", bprobs, berr, "|", perr)
			}()
			select {
			case report := <-done:
				if strings.Count(report, "n’est pas un fichier ordinaire")+strings.Count(report, "not a regular file") < 2 {
					t.Errorf("the pipe is not reported by check and build: %s", report)
				}
			case <-time.After(time.Minute):
				t.Fatal("a named pipe in the site hangs chrono")
			}
		})
	}
}
