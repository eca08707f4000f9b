package chrono

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// CheckBaseURL checks s, the address a site is published at, and returns
// it as every page writes it: the scheme and host in lower case, the path
// ending in "/". The address is written into every page, feed and data
// file, so it is held to the strictest form that any host needs: http or
// https, a host name or address with an optional port, and a path of
// letters, digits, - . _ ~ / and %XX escapes; no user name, query,
// fragment, "." or ".." segment, nor any character that markup treats
// specially (" < > ' & and spaces). The error says what is wrong.
func CheckBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err == nil {
		switch {
		case u.Scheme != "http" && u.Scheme != "https":
			return "", Errorf(Say("%q: expected an http or https URL, such as https://owner.github.io/repo/",
				"%q : une adresse http ou https est attendue, comme https://owner.github.io/repo/"), s)
		case u.Opaque != "" || u.Host == "":
			return "", Errorf(Say("%q has no host; expected an address such as https://owner.github.io/repo/",
				"%q n’a pas de nom de domaine ; une adresse est attendue, comme https://owner.github.io/repo/"), s)
		case u.User != nil:
			return "", Errorf(Say("%q has a user name (before @); the address of a site has none",
				"%q a un nom d’utilisateur (avant @) ; l’adresse d’un site n’en a pas"), s)
		case u.RawQuery != "" || u.ForceQuery:
			return "", Errorf(Say("%q has a query (after ?); the address of a site is a host and a path",
				"%q a une partie après le point d’interrogation ; l’adresse d’un site se compose d’un nom de domaine et d’un chemin"), s)
		case u.Fragment != "" || strings.Contains(s, "#"):
			return "", Errorf(Say("%q has a fragment (after #); the address of a site is a host and a path",
				"%q a une partie après le signe # ; l’adresse d’un site se compose d’un nom de domaine et d’un chemin"), s)
		}
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return !safeURLRune(r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return "", Errorf(Say("%q has the character %q, which an address of a site cannot hold; expected an address such as https://owner.github.io/repo/",
			"%q contient le caractère %q, que l’adresse d’un site ne peut pas contenir ; une adresse est attendue, comme https://owner.github.io/repo/"), s, r)
	}
	switch {
	case err != nil:
		return "", Errorf(Say("%q is not a valid URL; expected an address such as https://owner.github.io/repo/",
			"%q n’est pas une adresse valide ; une adresse est attendue, comme https://owner.github.io/repo/"), s)
	case !validHost(u.Host):
		return "", Errorf(Say("%q: host %q is not a host name, an address or a port; expected an address such as https://owner.github.io/repo/",
			"%q : %q n’est ni un nom de domaine, ni une adresse IP, ni un port ; une adresse est attendue, comme https://owner.github.io/repo/"), s, u.Host)
	}
	path := u.EscapedPath()
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return "", Errorf(Say("%q: a path segment . or .. has no place in the address of a site",
				"%q : une partie de chemin . ou .. n’a pas sa place dans l’adresse d’un site"), s)
		}
	}
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + path, nil
}

// safeURLRune reports whether r may be in a base URL as written: ASCII
// letters and digits and - . _ ~ : / % [ ] (the last two for IPv6); a
// user name, a query and a fragment are refused before, by name.
func safeURLRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~:/%[]", r)
}

// validHost reports whether h is a host name (letters, digits, - and .),
// or an IPv6 address in brackets, with an optional port.
func validHost(h string) bool {
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return false
		}
		for _, r := range h[1:end] {
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F' || r == ':' || r == '.') {
				return false
			}
		}
		h = h[end+1:]
		if h == "" {
			return true
		}
		if h[0] != ':' {
			return false
		}
		return validPort(h[1:])
	}
	name, port, hasPort := strings.Cut(h, ":")
	if hasPort && !validPort(port) {
		return false
	}
	if name == "" || name[0] == '-' || name[0] == '.' {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	n := 0
	for _, r := range p {
		if r < '0' || r > '9' {
			return false
		}
		n = n*10 + int(r-'0')
	}
	return n <= 65535
}
