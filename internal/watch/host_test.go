package watch

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// raw sends a request as written to the server at addr (host:port) and
// returns the response's status, Content-Type and body.
func raw(tb testing.TB, addr, request string) (int, string, string) {
	tb.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	// An event stream answered would never end: the deadline stops the
	// reading, and judges nothing.
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		tb.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		tb.Fatalf("%q: %v", request, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
}

func getWithHost(host string) string {
	return "GET /chronologie.json HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"
}

// TestServerHost sends requests addressed to every kind of name: only
// those addressed to this machine by a loopback name or address are
// answered. A page whose domain an attacker rebinds to 127.0.0.1 sends
// its own name as Host, and must not read the drafts.
func TestServerHost(t *testing.T) {
	s := NewServer("127.0.0.1:1313")
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	files := site(1)
	files["chronologie.json"] = []byte(`{"draft":"brouillon"}`)
	s.Publish(files)
	addr := ts.Listener.Addr().String()
	// Any port: behind ssh -L 8080:localhost:1313 or a container's port
	// mapping, the browser names the port it connected to.
	for _, host := range []string{
		"localhost", "localhost:1313", "LocalHost:1313", "localhost.:1313", "localhost:8080",
		"127.0.0.1", "127.0.0.1:1313", "127.0.0.1.:1313", "127.0.0.1:80", "127.1.2.3:1313",
		"[::1]", "[::1]:1313", "[0:0:0:0:0:0:0:1]:1313", "[::ffff:127.0.0.1]:1313",
	} {
		if status, _, body := raw(t, addr, getWithHost(host)); status != http.StatusOK || !strings.Contains(body, "brouillon") {
			t.Errorf("Host %q: %d %q", host, status, body)
		}
	}
	refused := func(what, request string) {
		t.Helper()
		status, ctype, body := raw(t, addr, request)
		if strings.Contains(body, "brouillon") {
			t.Errorf("%s: %d, the drafts: %q", what, status, body)
			return
		}
		switch status {
		case http.StatusForbidden:
			if !strings.HasPrefix(ctype, "text/plain") || !strings.Contains(body, "chrono watch") {
				t.Errorf("%s: 403 with %s %q", what, ctype, body)
			}
		case http.StatusBadRequest: // refused by net/http before the preview
		default:
			t.Errorf("%s: %d %q", what, status, body)
		}
	}
	for _, host := range []string{
		"rebind.attacker.example:1313", "rebind.attacker.example", "REBIND.attacker.example.",
		"localhost.attacker.example:1313", "attacker.localhost:1313", "127.0.0.1.attacker.example",
		"localhost..", ".localhost", "localhost:", "localhost:x", "localhost:99999", "localhost:1313:1313",
		"user@localhost:1313", "localhost@attacker.example", "localhost%2eattacker.example",
		"0.0.0.0:1313", "0.0.0.0", "[::]:1313", "[::ffff:0.0.0.0]",
		"10.0.0.1:1313", "192.168.1.20:1313", "[fe80::1]:1313", "[::1%25lo]:1313", "::1", "[::1",
		"2130706433:1313", "0x7f000001", "0177.0.0.1", "127.1", "127.0.0.01",
		"", " ",
	} {
		refused("Host "+host, getWithHost(host))
	}
	refused("HTTP/1.0 without Host", "GET /chronologie.json HTTP/1.0\r\n\r\n")
	refused("the event stream", "GET "+EventsPath+" HTTP/1.1\r\nHost: rebind.attacker.example:1313\r\nConnection: close\r\n\r\n")
	// A request in absolute form names its host in the target: the Host
	// header is then ignored (RFC 9112, 3.2.2), by the check too.
	refused("absolute form", "GET http://rebind.attacker.example:1313/chronologie.json HTTP/1.1\r\nHost: 127.0.0.1:1313\r\nConnection: close\r\n\r\n")
	if status, _, _ := raw(t, addr, "GET http://localhost:1313/chronologie.json HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n"); status != http.StatusOK {
		t.Errorf("absolute form to localhost: %d", status)
	}
}

// TestServerOrigin sends requests from pages of other sites: a request
// that says it comes from a page (Origin) is answered only if the page is
// the preview's, by the rule of Host; a request without Origin (a
// navigation, a same-origin GET) is answered.
func TestServerOrigin(t *testing.T) {
	s := NewServer("127.0.0.1:1313")
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	s.Publish(site(1))
	status := func(path, origin string) int {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+path, nil)
		if origin != "-" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, path := range []string{EventsPath, "/data.json", "/"} {
		for _, origin := range []string{"-", "http://localhost:1313", "http://127.0.0.1:1313", "http://[::1]:1313", "http://LOCALHOST:8080", "https://localhost:8443"} {
			if got := status(path, origin); got != http.StatusOK {
				t.Errorf("%s from %s: %d", path, origin, got)
			}
		}
		for _, origin := range []string{
			"http://rebind.attacker.example:1313", "https://attacker.example", "null", "", "file://",
			"http://localhost:1313/page", "http://user@localhost:1313", "ftp://localhost", "chrome-extension://abc",
			"http://0.0.0.0:1313", "http://localhost.attacker.example",
		} {
			if got := status(path, origin); got != http.StatusForbidden {
				t.Errorf("%s from %q: %d, want 403", path, origin, got)
			}
		}
	}
}

// TestHostsOfAddr checks which names are this machine's, by the address
// the preview listens on.
func TestHostsOfAddr(t *testing.T) {
	machine, _ := os.Hostname()
	var lan string // an address of this machine that is not loopback
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
				lan = n.IP.String()
				break
			}
		}
	}
	for _, c := range []struct {
		addr          string
		yes, no       []string
		machine, both bool // the machine's name and addresses are its own
	}{
		{addr: "127.0.0.1:1313", no: []string{"192.0.2.7:1313", "preview.example"}},
		{addr: "localhost:1313", yes: []string{"localhost:1313", "127.0.0.1"}, no: []string{"preview.example"}},
		{addr: "[::1]:1313", yes: []string{"[::1]:1313", "localhost"}},
		{addr: "192.0.2.7:1313", yes: []string{"192.0.2.7:1313", "192.0.2.7", "localhost:1313"}, no: []string{"192.0.2.8:1313", "rebind.attacker.example"}},
		{addr: "[2001:db8::7]:1313", yes: []string{"[2001:db8::7]:1313", "[2001:DB8:0::7]"}, no: []string{"[2001:db8::8]"}},
		{addr: "preview.example:1313", yes: []string{"preview.example:1313", "PREVIEW.Example.:80", "[::1]"}, no: []string{"rebind.attacker.example", "x.preview.example"}},
		{addr: "0.0.0.0:1313", yes: []string{"localhost:1313"}, no: []string{"0.0.0.0:1313", "[::]:1313", "rebind.attacker.example:1313", "192.0.2.7:1313"}, machine: true},
		{addr: ":1313", yes: []string{"127.0.0.1:1313"}, no: []string{"0.0.0.0:1313", "rebind.attacker.example:1313"}, machine: true},
		{addr: "[::]:1313", yes: []string{"[::1]:1313"}, no: []string{"[::]:1313", "rebind.attacker.example:1313"}, machine: true},
	} {
		h := newHosts(c.addr)
		yes := c.yes
		if c.machine {
			if lan != "" {
				yes = append(yes, lan, lan+":1313")
			}
			if machine != "" && machine != "localhost" {
				yes = append(yes, machine+":1313", strings.ToUpper(machine))
			}
		} else {
			if lan != "" {
				c.no = append(c.no, lan+":1313")
			}
		}
		for _, host := range yes {
			if !h.allow(host) {
				t.Errorf("-addr %s: Host %s refused", c.addr, host)
			}
		}
		for _, host := range c.no {
			if h.allow(host) {
				t.Errorf("-addr %s: Host %s answered", c.addr, host)
			}
		}
	}
}

// TestSessionHost checks that the preview started by watch refuses what
// TestServerHost refuses.
func TestSessionHost(t *testing.T) {
	dir := t.TempDir()
	copySite(t, dir, "")
	s, _ := startSession(t, dir)
	addr := strings.TrimSuffix(strings.TrimPrefix(s.url, "http://"), "/")
	if status, _, _ := raw(t, addr, getWithHost("rebind.attacker.example:1313")); status != http.StatusForbidden {
		t.Errorf("foreign Host: %d", status)
	}
	if status, _, _ := raw(t, addr, getWithHost(addr)); status != http.StatusOK {
		t.Errorf("Host %s: %d", addr, status)
	}
}
