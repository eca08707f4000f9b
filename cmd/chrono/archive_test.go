package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chrono-dsa/chrono/internal/archive"
)

// TestArchive runs chrono archive on the repository's site against a
// local fake of the Internet Archive that has a copy of every page but
// one, then checks the site: every source it archived has lost its
// warning, and the site still builds.
func TestArchive(t *testing.T) {
	site := cliSite(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := r.URL.Query().Get("url")
		if strings.Contains(target, "europa.eu") {
			_, _ = w.Write([]byte(`{"archived_snapshots":{}}`))
			return
		}
		// The service answers with the snapshot's own time, whether or
		// not the request asked for one near a date.
		ts := r.URL.Query().Get("timestamp")
		if ts == "" {
			ts = "20260101000000"
		}
		_, _ = w.Write([]byte(`{"archived_snapshots":{"closest":{"status":"200","available":true,"url":"http://web.archive.org/web/` + ts + `/` + target + `"}}}`))
	}))
	defer srv.Close()
	old := newArchiveClient
	newArchiveClient = func() *archive.Client {
		return &archive.Client{HTTP: &http.Client{Timeout: 5 * time.Second}, Availability: srv.URL, Save: srv.URL + "/save/"}
	}
	defer func() { newArchiveClient = old }()

	_, _, before := cli("check", "-site", site)
	code, out, errs := cli("archive", "-site", site, "-interval", "0")
	if code != 0 {
		t.Fatalf("archive: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, " archived, ") || !strings.Contains(out, "without a snapshot, 0 failed, 0 not tried") {
		t.Errorf("archive's summary:\n%s", out)
	}
	_, _, after := cli("check", "-site", site)
	if n, m := strings.Count(before, "a une url mais pas d’archive"), strings.Count(after, "a une url mais pas d’archive"); m >= n || m != strings.Count(out, "no snapshot of") {
		t.Errorf("warnings of sources to archive: %d before, %d after; %d without a snapshot", n, m, strings.Count(out, "no snapshot of"))
	}
	if code, _, errs := cli("build", "-site", site, "-out", filepath.Join(t.TempDir(), "public")); code != 0 {
		t.Errorf("build after archive: exit %d: %s", code, errs)
	}
	src, _ := os.ReadFile(filepath.Join(site, "content/2024/lettre-breton-entretien-trump.md"))
	if !strings.Contains(string(src), "\narchive = \"https://web.archive.org/web/") {
		t.Errorf("no archive written:\n%s", src)
	}
}
