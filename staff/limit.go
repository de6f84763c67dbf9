package staff

import (
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"amtsbote/internal/httpx"
)

// maxTrackedIPs bounds the limiter's memory; beyond it, idle entries go.
const maxTrackedIPs = 10_000

// ipLimiter is a token bucket (x/time/rate) per client for login attempts;
// clientKey says who is one client.
type ipLimiter struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

func newIPLimiter(perSecond float64, burst int) *ipLimiter {
	return &ipLimiter{rate: rate.Limit(perSecond), burst: burst, buckets: map[string]*rate.Limiter{}}
}

// allow spends one attempt of key; when none is left it says how long to wait.
func (l *ipLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxTrackedIPs {
			l.prune(now)
		}
		b = rate.NewLimiter(l.rate, l.burst)
		l.buckets[key] = b
	}
	r := b.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Second
	}
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now)
		return false, wait
	}
	return true, 0
}

// prune drops the buckets that are full again; if that frees too little,
// it starts over (an attacker with many addresses gets fresh buckets, but
// the username lockout still holds).
func (l *ipLimiter) prune(now time.Time) {
	for key, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, key)
		}
	}
	if len(l.buckets) >= maxTrackedIPs*9/10 {
		clear(l.buckets)
	}
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
