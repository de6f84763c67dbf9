package staff

import (
	"net"
	"net/http"
	"net/netip"
	"time"

	"golang.org/x/time/rate"

	"amtsbote/internal/httpx"
	"amtsbote/internal/limit"
)

// The login limiter's table: clients tracked at most (beyond them, new
// clients share one bucket until sweeps make room), and how often buckets
// that are full again go.
const (
	maxTrackedIPs = 10_000
	loginSweep    = time.Minute
)

// ipLimiter is a token bucket (x/time/rate) per client for login
// attempts; clientKey says who is one client.
type ipLimiter = limit.Keyed[string]

func newIPLimiter(perSecond float64, burst int) *ipLimiter {
	return limit.NewKeyed[string](limit.Config{Rate: rate.Limit(perSecond), Burst: burst,
		Max: maxTrackedIPs, Sweep: loginSweep})
}

// clientIP is the request's client address. Behind a trusted reverse
// proxy, httpx.Proxies.Wrap (in front of every handler) has already put the
// forwarded client address into RemoteAddr.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// clientKey is the login limiter's key for a client: its IPv4 address, or
// the /64 of its IPv6 address (one household or phone has a whole /64, and
// would otherwise get a fresh bucket with every address of it).
func clientKey(r *http.Request) string {
	ip := clientIP(r)
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// secure reports whether the request reached us over HTTPS: TLS here, TLS
// at a trusted proxy (httpx), or Options.SecureCookies.
func (c *Console) secure(r *http.Request) bool {
	return c.opts.SecureCookies || httpx.IsSecure(r)
}
