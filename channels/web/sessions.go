package web

import (
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// The dialog engine limits failed case-status lookups per conversation,
// and a hello without a known token starts a new conversation; so whoever
// could open sessions at will could also guess at will. A token bucket per
// client (httpx.ClientKey: the IP, IPv6 per /64; behind a trusted proxy the
// forwarded one) limits the new sessions; resuming a session by its token
// costs nothing.
const (
	// maxSessionClients bounds the clients tracked: about 115 bytes each,
	// 1.1 MB in all. Beyond it, new clients share one overflow bucket (see
	// sessionLimiter).
	maxSessionClients = 10_000
	// sessionSweepEvery is how often buckets that are full again go; a
	// table at its bound is swept at most every second.
	sessionSweepEvery = time.Minute
)

// sessionLimiter is a token bucket per client for new sessions. A bucket
// that is full again (its client idle for at most burst/rate, the window)
// is dropped by the next sweep, so the table holds only clients that began
// sessions recently. At maxSessionClients (an attacker with very many
// addresses) new clients share one overflow bucket of the same size until
// sweeps make room: memory stays bounded and the limit holds for the
// attacker as a whole; clients already tracked keep their own buckets, and
// resumes are never refused, so only first visits from new addresses wait
// during such a flood. The limiter has no goroutine: sweeps happen when a
// session is asked for.
type sessionLimiter struct {
	rate  float64 // tokens per second
	burst float64
	max   int // clients tracked at most
	log   *slog.Logger

	mu        sync.Mutex
	buckets   map[netip.Prefix]sessionBucket
	overflow  sessionBucket // shared by the clients beyond max
	lastSweep time.Time
	warned    time.Time // when the full table was last logged
}

type sessionBucket struct {
	tokens float64
	last   time.Time // zero: full
}

func newSessionLimiter(perWindow int, window time.Duration, burst int, log *slog.Logger) *sessionLimiter {
	return &sessionLimiter{rate: float64(perWindow) / window.Seconds(), burst: float64(burst),
		max: maxSessionClients, log: log, buckets: map[netip.Prefix]sessionBucket{},
		overflow: sessionBucket{tokens: float64(burst)}}
}

// take spends one new session of client; without one left it says how
// long to wait for the next.
func (l *sessionLimiter) take(client netip.Prefix, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	since := now.Sub(l.lastSweep)
	b, known := l.buckets[client]
	if since >= sessionSweepEvery || (!known && len(l.buckets) >= l.max && since >= time.Second) {
		l.sweep(now)
		b, known = l.buckets[client]
	}
	if !known && len(l.buckets) >= l.max {
		if now.Sub(l.warned) >= sessionSweepEvery {
			l.warned = now
			l.log.Warn("new-session limit tracks its maximum of clients; new ones share one bucket",
				"clients", len(l.buckets))
		}
		ok, wait := l.overflow.take(now, l.rate, l.burst)
		return ok, wait
	}
	if !known {
		b = sessionBucket{tokens: l.burst}
	}
	ok, wait := b.take(now, l.rate, l.burst)
	l.buckets[client] = b
	return ok, wait
}

// sweep drops the buckets that are full again; l.mu is held.
func (l *sessionLimiter) sweep(now time.Time) {
	l.lastSweep = now
	for k, b := range l.buckets {
		if b.refilled(now, l.rate, l.burst) >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// tracked is the number of clients with a bucket of their own.
func (l *sessionLimiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// refilled is the bucket's tokens at now.
func (b sessionBucket) refilled(now time.Time, rate, burst float64) float64 {
	if b.last.IsZero() {
		return burst
	}
	if d := now.Sub(b.last); d > 0 {
		return min(burst, b.tokens+d.Seconds()*rate)
	}
	return b.tokens
}

// take spends a token; without one it says how long until there is one.
func (b *sessionBucket) take(now time.Time, rate, burst float64) (bool, time.Duration) {
	b.tokens = b.refilled(now, rate, burst)
	if b.last.IsZero() || now.After(b.last) {
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

// admit lets a hello start a new session when the client's limit allows
// it; otherwise it answers too_many_sessions with the time to wait and
// closes the connection (1008) once the error frame is written.
func (cn *conn) admit() bool {
	l := cn.ch.sessions
	if l == nil {
		return true
	}
	ok, wait := l.take(cn.client, time.Now())
	if ok {
		return true
	}
	// Rounded up to a second: a client waiting that long finds a token.
	wait = (wait + time.Second - 1).Truncate(time.Second)
	cn.sendError(errTooManySessions, "", "", wait)
	cn.drop(websocket.ClosePolicyViolation, "too many new sessions from this client")
	return false
}
