package httpx

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Origins decides which browsers' pages may use an endpoint (a WebSocket
// handshake, a state-changing request): the server's own origin — its
// public URL, or without one the address the request arrived on — and the
// allowed ones ("*" allows every origin). Scheme, host and port are
// compared; the Host header is never believed, so a forged Host equal to
// an attacker's Origin does not pass.
type Origins struct {
	public  origin   // of the public URL; zero when unset
	allowed []origin // besides the server's own
	any     bool     // "*" was allowed
}

// NewOrigins makes the policy of publicURL ("" for none) and allowed
// (origins such as "https://www.musterstadt.de", or "*"); entries that are
// no http(s) origin are ignored (config.Check refuses them).
func NewOrigins(publicURL string, allowed []string) Origins {
	var o Origins
	for _, a := range allowed {
		if strings.TrimSpace(a) == "*" {
			o.any = true
		} else if or, ok := parseOrigin(a); ok {
			o.allowed = append(o.allowed, or)
		}
	}
	o.public, _ = parseOrigin(publicURL)
	return o
}

// PublicSet reports whether a public URL is configured.
func (o Origins) PublicSet() bool { return o.public != origin{} }

// Allow reports whether r's Origin header names a page that may use the
// endpoint. Requests without Origin (tools, not browsers) pass: they need
// their credentials anyway.
func (o Origins) Allow(r *http.Request) bool {
	h := r.Header.Get("Origin")
	if h == "" {
		return true
	}
	or, ok := parseOrigin(h)
	switch {
	case !ok:
		return false
	case o.any, slices.Contains(o.allowed, or):
		return true
	case o.PublicSet():
		return or == o.public
	}
	return or.local(r)
}

// origin is a web origin (RFC 6454): scheme, host and port, the port
// spelled out even when it is the scheme's default, all lower case.
type origin struct {
	scheme, host, port string
}

// parseOrigin reads an origin as a browser sends it ("https://a.de"), or
// the origin of a URL such as the public URL ("https://a.de/chat/"); false
// for anything that is not an http or https origin (e.g. "null").
func parseOrigin(s string) (origin, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || u.User != nil {
		return origin{}, false
	}
	o := origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	switch {
	case o.scheme != "http" && o.scheme != "https":
		return origin{}, false
	case o.port == "" && o.scheme == "http":
		o.port = "80"
	case o.port == "":
		o.port = "443"
	}
	return o, true
}

// local reports whether o is the address r was received on: with no
// public URL configured, the server's own pages are those reached directly
// at its listening address (http://127.0.0.1:8080, or http://localhost:8080
// when it listens on a loopback address). The scheme is https when r came
// over TLS (here or at a trusted proxy). A deployment reached by a name,
// directly or behind a proxy, sets the public URL.
func (o origin) local(r *http.Request) bool {
	addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return false
	}
	scheme := "http"
	if IsSecure(r) {
		scheme = "https"
	}
	if o.scheme != scheme || o.port != strconv.Itoa(int(ap.Port())) {
		return false
	}
	ip := ap.Addr().Unmap()
	if h, err := netip.ParseAddr(o.host); err == nil {
		return h.Unmap() == ip.WithZone("")
	}
	return o.host == "localhost" && ip.IsLoopback()
}
