package web

import (
	"log/slog"
	"net/netip"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"amtsbote/internal/limit"
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
type sessionLimiter = limit.Keyed[netip.Prefix]

func newSessionLimiter(perWindow int, window time.Duration, burst int, log *slog.Logger) *sessionLimiter {
	return limit.NewKeyed[netip.Prefix](sessionLimits(perWindow, window, burst, log))
}

// sessionLimits configures the new-session limiter: perWindow sessions
// per window and client, burst at once.
func sessionLimits(perWindow int, window time.Duration, burst int, log *slog.Logger) limit.Config {
	return limit.Config{Rate: rate.Limit(float64(perWindow) / window.Seconds()), Burst: burst,
		Max: maxSessionClients, Sweep: sessionSweepEvery, Log: log, Name: "new web sessions"}
}

// admit lets a hello start a new session when the client's limit allows
// it; otherwise it answers too_many_sessions with the time to wait and
// closes the connection (1008) once the error frame is written.
func (cn *conn) admit() bool {
	l := cn.ch.sessions
	if l == nil {
		return true
	}
	ok, wait := l.Allow(cn.client, time.Now())
	if ok {
		return true
	}
	// Rounded up to a second: a client waiting that long finds a token.
	wait = (wait + time.Second - 1).Truncate(time.Second)
	cn.sendError(errTooManySessions, "", "", wait)
	cn.drop(websocket.ClosePolicyViolation, "too many new sessions from this client")
	return false
}
