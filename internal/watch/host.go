package watch

import (
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// hosts decides which requests the preview answers by the name they were
// sent to (Host) and the page that sent them (Origin). The preview serves
// drafts and shows local paths in its problems: a web page of another site
// must not read them. A browser lets a page read only what its own origin
// serves, but a domain can be made to resolve to 127.0.0.1 after the page
// loaded (DNS rebinding): the page is then same-origin with whatever
// listens here, and its requests carry its own name as Host. So the
// preview answers only Hosts that no other site can own:
//
//   - localhost (any case, a final dot allowed), a loopback address
//     (127.0.0.0/8, ::1, ::ffff:127.x.x.x), written as browsers write
//     them (no 127.1, 2130706433, 0177.0.0.1, zones or user info);
//   - the host given to -addr, a name or an address;
//   - when -addr listens on every address (0.0.0.0, [::], or no host),
//     the machine's own addresses and its name (os.Hostname), but not
//     0.0.0.0 or [::], which are no machine's address.
//
// The port is not checked: it gives no protection (the rebinding page is
// on the preview's port already) and a port forward (ssh -L, a container's
// port mapping) legitimately changes it. A request with an Origin (a page's
// fetch, EventSource, a form) is answered only if that origin is
// http(s)://<a Host as above>; a request without Origin (a navigation, a
// same-origin GET) only needs its Host.
type hosts struct {
	name string     // -addr's host if a name: lower case, no final dot
	ip   netip.Addr // -addr's host if an address other than 0.0.0.0 or [::]
	all  bool       // -addr listens on every address of the machine
	self string     // the machine's name, if all

	mu    sync.Mutex
	addrs map[netip.Addr]bool // the machine's addresses, if all
	read  time.Time           // when addrs were read
}

// newHosts returns the hosts of a preview listening on addr (host:port).
func newHosts(addr string) *hosts {
	h := &hosts{}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return h // the preview cannot listen there: loopback only
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.Unmap()
		if ip.IsUnspecified() {
			h.all = true
		} else {
			h.ip = ip.WithZone("")
		}
	} else if host == "" {
		h.all = true
	} else {
		h.name = normalName(host)
	}
	if h.all {
		if name, err := os.Hostname(); err == nil {
			h.self = normalName(name)
		}
	}
	return h
}

func normalName(name string) string { return strings.TrimSuffix(strings.ToLower(name), ".") }

// allow reports whether a request sent to hostport (a Host header, or
// the host of an Origin) is one the preview answers.
func (h *hosts) allow(hostport string) bool {
	host, port := hostport, ""
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.HasSuffix(hostport, "]") {
		host, port = hostport[:i], hostport[i+1:]
		if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 || port[0] == '+' {
			return false // no port after the colon, or not one
		}
	}
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		ip, err := netip.ParseAddr(host[1 : len(host)-1])
		return err == nil && ip.Is6() && ip.Zone() == "" && h.allowIP(ip)
	}
	if strings.ContainsAny(host, ":[]") {
		return false // an IPv6 address without brackets, or a stray one
	}
	host = strings.TrimSuffix(host, ".")
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.Is4() && h.allowIP(ip)
	}
	if !isName(host) {
		return false
	}
	name := strings.ToLower(host)
	return name == "localhost" || name == h.name || h.all && name == h.self
}

// isName reports whether s is a host name: dot-separated labels of
// letters, digits, dashes and underscores, and not all digits (an IPv4 address in a
// form browsers rewrite, such as 127.1 or 2130706433).
func isName(s string) bool {
	letters := false
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, c := range label {
			switch {
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
				letters = true
			case '0' <= c && c <= '9', c == '-', c == '_':
			default:
				return false
			}
		}
	}
	// 0x7f.1: hexadecimal, which browsers read as an address too.
	return letters && !strings.HasPrefix(strings.ToLower(s), "0x")
}

// allowIP reports whether ip is an address of this machine the preview
// answers at.
func (h *hosts) allowIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	switch {
	case ip.IsLoopback():
		return true
	case ip.IsUnspecified():
		return false
	case h.ip.IsValid() && ip == h.ip:
		return true
	case h.all:
		return h.own(ip)
	}
	return false
}

// own reports whether ip is an address of one of the machine's network
// interfaces. They are read again when ip is not among them (a new
// network, a new lease), at most once a second.
func (h *hosts) own(ip netip.Addr) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.addrs[ip] {
		return true
	}
	if time.Since(h.read) < time.Second {
		return false
	}
	h.addrs, h.read = map[netip.Addr]bool{}, time.Now()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if a, ok := netip.AddrFromSlice(n.IP); ok {
				h.addrs[a.Unmap()] = true
			}
		}
	}
	return h.addrs[ip]
}

// allowOrigin reports whether a request with the Origin header values
// origins comes from a page the preview answers: none (a navigation, a
// same-origin GET), or one of the preview's own.
func (h *hosts) allowOrigin(origins []string) bool {
	switch len(origins) {
	case 0:
		return true
	case 1:
	default:
		return false
	}
	u, err := url.Parse(origins[0])
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "" || u.User != nil ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Host == "" {
		return false // "null", a file, an extension, or not an origin
	}
	return h.allow(u.Host)
}
