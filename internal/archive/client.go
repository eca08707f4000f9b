// Package archive finds archived copies of the sources of a chronology in
// the Internet Archive's Wayback Machine and writes their addresses into
// the entries, for `chrono archive`.
//
// For each source with a url and no archive, the Client asks the
// availability API (https://archive.org/wayback/available) for the
// snapshot closest to the source's date; with Save, when there is none, it
// asks Save Page Now (https://web.archive.org/save/<url>) to make one. No
// credentials are used. The Client waits Interval between two requests,
// and stops asking once the service refuses (429 Too Many Requests): the
// rest is reported as not tried.
//
// An answer is not trusted: only an address of the form
// https://web.archive.org/web/<timestamp>/… is written into a file (the
// availability API writes http://web.archive.org/…, taken as its https
// form); anything else is refused and reported. The address is written on
// a line of its own after the source's url (Insert), and nothing else of
// the file changes.
//
// The machine that builds the site has no access to the network: the
// command is run by an editor, where there is one, and its changes are
// committed like any other.
package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The Internet Archive's addresses.
const (
	AvailabilityAPI = "https://archive.org/wayback/available"
	SaveAPI         = "https://web.archive.org/save/"
	Wayback         = "https://web.archive.org/web/"
)

// ErrNoSnapshot is returned by Lookup when the archive holds no copy.
var ErrNoSnapshot = errors.New("no snapshot in the Internet Archive")

// ErrRefused is wrapped by the errors of a request the service refused
// because of its rate (429): asking again soon would be refused too.
var ErrRefused = errors.New("refused by the Internet Archive (429 Too Many Requests); try again later")

// Client asks the Internet Archive for snapshots. Its zero value is not
// usable: see NewClient.
type Client struct {
	HTTP         *http.Client  // its Timeout bounds each request
	Availability string        // the availability API's address (AvailabilityAPI, or a test's)
	Save         string        // Save Page Now's address, ending in "/"
	Interval     time.Duration // the least time between the starts of two requests
	UserAgent    string

	mu   sync.Mutex
	last time.Time // when the last request started
}

// NewClient returns a Client of the real service: 30 s per request, and a
// request every 4 seconds at most (the Wayback Machine limits anonymous
// clients to some 15 requests a minute).
func NewClient(userAgent string) *Client {
	return &Client{
		HTTP:         &http.Client{Timeout: 30 * time.Second, CheckRedirect: noRedirect},
		Availability: AvailabilityAPI,
		Save:         SaveAPI,
		Interval:     4 * time.Second,
		UserAgent:    userAgent,
	}
}

// noRedirect makes a client return redirects instead of following them:
// Save Page Now answers with the snapshot's address in Location.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// wait sleeps until Interval has passed since the last request.
func (c *Client) wait(ctx context.Context) error {
	c.mu.Lock()
	next := c.last.Add(c.Interval)
	now := time.Now()
	if next.Before(now) {
		next = now
	}
	c.last = next
	c.mu.Unlock()
	t := time.NewTimer(time.Until(next))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// get sends a GET request to u, after waiting its turn.
func (c *Client) get(ctx context.Context, u string) (*http.Response, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			return nil, fmt.Errorf("no answer in time from %s", hostOf(u))
		}
		return nil, err
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		resp.Body.Close()
		return nil, ErrRefused
	}
	return resp, nil
}

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Host
	}
	return u
}

// Lookup returns the address of the snapshot of target closest to
// timestamp (YYYYMMDD, or "" for the latest), or ErrNoSnapshot.
func (c *Client) Lookup(ctx context.Context, target, timestamp string) (string, error) {
	q := url.Values{"url": {target}}
	if timestamp != "" {
		q.Set("timestamp", timestamp)
	}
	resp, err := c.get(ctx, c.Availability+"?"+q.Encode())
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("the availability API answered %s", resp.Status)
	}
	var answer struct {
		Snapshots struct {
			Closest *struct {
				Available bool   `json:"available"`
				URL       string `json:"url"`
				Status    string `json:"status"`
			} `json:"closest"`
		} `json:"archived_snapshots"`
	}
	// An answer is a few hundred bytes: more is not the API's.
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&answer); err != nil {
		return "", fmt.Errorf("the availability API's answer is not the JSON expected: %v", err)
	}
	cl := answer.Snapshots.Closest
	if cl == nil || !cl.Available || cl.URL == "" {
		return "", ErrNoSnapshot
	}
	if cl.Status != "" && cl.Status != "200" {
		// A copy of an error page or of a redirect is no copy.
		return "", fmt.Errorf("%w (the closest copy has status %q)", ErrNoSnapshot, cl.Status)
	}
	return Trusted(cl.URL)
}

// SaveNow asks Save Page Now to archive target, and returns the address of
// the new snapshot.
func (c *Client) SaveNow(ctx context.Context, target string) (string, error) {
	resp, err := c.get(ctx, c.Save+target)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 400 {
		return "", fmt.Errorf("the save service (Save Page Now) answered %s", resp.Status)
	}
	loc := resp.Header.Get("Content-Location")
	if loc == "" {
		loc = resp.Header.Get("Location")
	}
	if loc == "" {
		return "", fmt.Errorf("the save service (Save Page Now) answered %s without the snapshot's address", resp.Status)
	}
	if strings.HasPrefix(loc, "/web/") {
		loc = "https://web.archive.org" + loc
	}
	return Trusted(loc)
}

// snapshotRe is the form of a snapshot's address: /web/, a timestamp of
// 4 to 14 digits (with an optional modifier such as "id_"), then the
// archived address.
var snapshotRe = regexp.MustCompile(`^https://web\.archive\.org/web/[0-9]{4,14}([a-z]{2}_)?/[^\s"'<>\\]+$`)

// Trusted returns the address of a snapshot as it is written into a file,
// or an error if s is not one: only https://web.archive.org/web/<timestamp>/…
// is trusted (http://web.archive.org/… is taken as its https form). Its
// bytes beyond ASCII (an address with accents) are %-escaped, the same
// address; a control character, space, quote or backslash is refused.
func Trusted(s string) (string, error) {
	if rest, ok := strings.CutPrefix(s, "http://web.archive.org/"); ok {
		s = "https://web.archive.org/" + rest
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
			fmt.Fprintf(&b, "%%%02X", c)
		case c < 0x21 || c == 0x7f:
			return "", fmt.Errorf("untrusted answer: %q holds a control character or a space", shorten(s))
		default:
			b.WriteByte(c)
		}
	}
	s = b.String()
	if len(s) > 4000 || !snapshotRe.MatchString(s) {
		return "", fmt.Errorf("untrusted answer: %q is not an address of the Wayback Machine (https://web.archive.org/web/<date>/…)", shorten(s))
	}
	return s, nil
}

func shorten(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// SearchURL is the address of the Wayback Machine's list of the copies of
// target around day (YYYYMMDD; "" for all): a search, not an archive.
func SearchURL(target, day string) string {
	return Wayback + day + "*/" + strings.ReplaceAll(target, "#", "%23")
}
