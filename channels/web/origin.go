package web

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"amtsbote/internal/httpx"
)

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
	if httpx.IsSecure(r) {
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
