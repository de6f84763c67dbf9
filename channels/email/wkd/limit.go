package wkd

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxDomains bounds the domains whose limiters are kept; when all are in
// use, lookups for further domains are refused until one is idle again.
const maxDomains = 4096

// limiters holds one token bucket per domain.
type limiters struct {
	every rate.Limit
	burst int

	mu sync.Mutex
	m  map[string]*rate.Limiter
}

func newLimiters(every time.Duration, burst int) *limiters {
	return &limiters{every: rate.Every(every), burst: burst, m: map[string]*rate.Limiter{}}
}

// allow reports whether domain may be looked up at now, and counts it.
func (l *limiters) allow(domain string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[domain]
	if !ok {
		if len(l.m) >= maxDomains {
			l.sweep(now)
		}
		if len(l.m) >= maxDomains {
			return false
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.m[domain] = lim
	}
	return lim.AllowN(now, 1)
}

// sweep forgets the limiters that are full again: a new one would be the same.
func (l *limiters) sweep(now time.Time) {
	for d, lim := range l.m {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.m, d)
		}
	}
}
