package staff

import (
	"net"
	"net/http"
	"sync"
	"time"

	"amtsbote/internal/httpx"
)

// maxTrackedIPs bounds the limiter's memory; beyond it, idle entries go.
const maxTrackedIPs = 10_000

// ipLimiter is a token bucket per client IP for login attempts.
type ipLimiter struct {
	rate, burst float64

	mu      sync.Mutex
	buckets map[string]*ipBucket
}

type ipBucket struct {
	tokens float64
	last   time.Time
}

func newIPLimiter(rate float64, burst int) *ipLimiter {
	return &ipLimiter{rate: rate, burst: float64(burst), buckets: map[string]*ipBucket{}}
}

// allow spends one attempt of ip; when none is left it says how long to wait.
func (l *ipLimiter) allow(ip string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[ip]
	if !ok {
		if len(l.buckets) >= maxTrackedIPs {
			l.prune(now)
		}
		b = &ipBucket{tokens: l.burst, last: now}
		l.buckets[ip] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// prune drops the buckets that are full again; if that frees too little,
// it starts over (an attacker with many addresses gets fresh buckets, but
// the username lockout still holds).
func (l *ipLimiter) prune(now time.Time) {
	for ip, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, ip)
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

// secure reports whether the request reached us over HTTPS: TLS here, TLS
// at a trusted proxy (httpx), or Options.SecureCookies.
func (c *Console) secure(r *http.Request) bool {
	return c.opts.SecureCookies || httpx.IsSecure(r)
}
