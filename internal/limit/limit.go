// Package limit is rate limiting over golang.org/x/time/rate: Allow spends
// a token of one limiter and says how long to wait when none is left, and
// Keyed holds one limiter per key (a client address) with a bounded table.
// It keeps no global state and starts no goroutine: each user owns its
// limiters, and a Keyed sweeps its table when it is asked.
package limit

import (
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Allow spends one token of l at now. Without one left it spends nothing
// and says how long until there is one.
func Allow(l *rate.Limiter, now time.Time) (bool, time.Duration) {
	if l.AllowN(now, 1) {
		return true, 0
	}
	return false, wait(l, now)
}

// wait is how long until l has a token at now.
func wait(l *rate.Limiter, now time.Time) time.Duration {
	r := l.Limit()
	if r <= 0 {
		return time.Hour // never refilled: a long wait rather than none
	}
	missing := 1 - l.TokensAt(now)
	return time.Duration(missing / float64(r) * float64(time.Second))
}

// retrySweep is how soon a full table is swept again for a new key.
const retrySweep = time.Second

// Config describes a Keyed limiter.
type Config struct {
	Rate  rate.Limit // tokens per second of each key
	Burst int        // tokens a key holds at most, and starts with
	// Max bounds the keys tracked. Beyond it, new keys share one overflow
	// limiter of the same rate and burst until sweeps make room: memory
	// stays bounded and the limit holds for the many keys as a whole,
	// while keys already tracked keep their own.
	Max int
	// Sweep is how often limiters that are full again (their key idle for
	// at least Burst/Rate) are dropped; a full table is swept at most
	// every second when a new key comes.
	Sweep time.Duration
	// Log, when set, warns (at most every Sweep) that new keys share the
	// overflow limiter; Name says which limit in that message.
	Log  *slog.Logger
	Name string
}

// Keyed is a token bucket per key: a map of key to *rate.Limiter, bounded
// by Config.Max and swept of idle keys. It is safe for concurrent use.
type Keyed[K comparable] struct {
	cfg Config

	mu        sync.Mutex
	limiters  map[K]*rate.Limiter
	overflow  *rate.Limiter // shared by the keys beyond Max
	lastSweep time.Time
	warned    time.Time // when the full table was last logged
}

// NewKeyed returns an empty Keyed limiter.
func NewKeyed[K comparable](cfg Config) *Keyed[K] {
	return &Keyed[K]{cfg: cfg, limiters: map[K]*rate.Limiter{}, overflow: rate.NewLimiter(cfg.Rate, cfg.Burst)}
}

// Allow spends one token of key at now. Without one left it spends
// nothing and says how long until there is one.
func (k *Keyed[K]) Allow(key K, now time.Time) (bool, time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return Allow(k.limiter(key, now), now)
}

// Reserve spends one token of key at now, even when none is left: the
// Reservation says how long to wait (DelayFrom), and CancelAt gives the
// token back, for a request refused or found not to count after all.
func (k *Keyed[K]) Reserve(key K, now time.Time) *rate.Reservation {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.limiter(key, now).ReserveN(now, 1)
}

// Forget drops key's limiter: the key starts again with a full bucket.
func (k *Keyed[K]) Forget(key K) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.limiters, key)
}

// Len is the number of keys with a limiter of their own.
func (k *Keyed[K]) Len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.limiters)
}

// limiter is key's limiter, made when new; k.mu is held.
func (k *Keyed[K]) limiter(key K, now time.Time) *rate.Limiter {
	since := now.Sub(k.lastSweep)
	l, known := k.limiters[key]
	full := len(k.limiters) >= k.cfg.Max
	if since >= k.cfg.Sweep || (!known && full && since >= retrySweep) {
		k.sweep(now)
		l, known = k.limiters[key]
		full = len(k.limiters) >= k.cfg.Max
	}
	if known {
		return l
	}
	if full {
		if k.cfg.Log != nil && now.Sub(k.warned) >= k.cfg.Sweep {
			k.warned = now
			k.cfg.Log.Warn("rate limit tracks its maximum of clients; new ones share one bucket",
				"limit", k.cfg.Name, "clients", len(k.limiters))
		}
		return k.overflow
	}
	l = rate.NewLimiter(k.cfg.Rate, k.cfg.Burst)
	k.limiters[key] = l
	return l
}

// sweep drops the limiters that are full again; k.mu is held.
func (k *Keyed[K]) sweep(now time.Time) {
	k.lastSweep = now
	for key, l := range k.limiters {
		if l.TokensAt(now) >= float64(k.cfg.Burst) {
			delete(k.limiters, key)
		}
	}
}
