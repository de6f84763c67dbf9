package wkd

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// ErrRefusedAddress is returned when a lookup would connect to an address
// that is not public unicast (loopback, private, link-local, CGNAT, …).
var ErrRefusedAddress = errors.New("wkd: refusing to connect to a non-public address")

// ErrRedirect is returned when a directory redirects to another scheme or
// host, or too often.
var ErrRedirect = errors.New("wkd: redirect refused")

// maxRedirects bounds the redirects one request follows (same origin only).
const maxRedirects = 3

// dialGuard refuses, after name resolution, every address a lookup must not
// reach. Its control method is a net.Dialer.Control, so it checks the very
// address dialled and a DNS answer that changes between checks
// (rebinding) gains nothing.
type dialGuard struct {
	refused []netip.Prefix
}

// newDialGuard returns a guard refusing, besides what netip classifies as
// loopback, private, link-local, multicast or unspecified, the special
// ranges below (RFC 6890 and its updates).
func newDialGuard() *dialGuard {
	var g dialGuard
	for _, p := range []string{
		"0.0.0.0/8",       // "this network"
		"100.64.0.0/10",   // shared address space (CGNAT)
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation
		"192.88.99.0/24",  // 6to4 relay anycast
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"240.0.0.0/4",     // reserved, and the broadcast address
		"::/96",           // IPv4-compatible (deprecated), :: and ::1
		"::ffff:0:0:0/96", // IPv4-translated (SIIT)
		"64:ff9b::/96",    // NAT64, reaches IPv4 behind a translator
		"64:ff9b:1::/48",  // local-use NAT64
		"100::/64",        // discard-only
		"2001::/23",       // IETF protocol assignments, Teredo
		"2001:db8::/32",   // documentation
		"2002::/16",       // 6to4, embeds an IPv4 address
		"3fff::/20",       // documentation
		"fec0::/10",       // site-local (deprecated)
	} {
		g.refused = append(g.refused, netip.MustParsePrefix(p))
	}
	return &g
}

// check returns nil when a is a public unicast address.
func (g *dialGuard) check(a netip.Addr) error {
	if !a.IsValid() || a.Zone() != "" {
		return ErrRefusedAddress
	}
	a = a.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	if !a.IsGlobalUnicast() || a.IsPrivate() {
		return ErrRefusedAddress
	}
	for _, p := range g.refused {
		if p.Contains(a) {
			return ErrRefusedAddress
		}
	}
	return nil
}

// control is a net.Dialer.Control: address is the resolved "ip:port".
func (g *dialGuard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrRefusedAddress, err)
	}
	return g.check(ap.Addr())
}

// sameOrigin is an http.Client.CheckRedirect: a redirect is followed only
// to the scheme, host and port of the first request, at most maxRedirects
// times.
func sameOrigin(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("%w: more than %d", ErrRedirect, maxRedirects)
	}
	if origin(req.URL) != origin(via[0].URL) {
		return fmt.Errorf("%w: to another scheme or host", ErrRedirect)
	}
	return nil
}

// origin returns u's scheme, host and port, the port made explicit.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}
