package catalog

import (
	"sort"
	"sync"
	"time"
)

// Usage counts which services citizens used, per day, and tells the most
// used of the last 90 days (for the menu's "frequently used").
type Usage struct {
	cat *Catalog
	now func() time.Time

	mu    sync.Mutex
	byDay map[string]map[string]int // "2006-01-02" → service → count
}

// UsageWindow is how far back "frequently used" looks.
const UsageWindow = 90 * 24 * time.Hour

// NewUsage makes an empty counter over the catalog's services.
func NewUsage(cat *Catalog, now func() time.Time) *Usage {
	if now == nil {
		now = time.Now
	}
	return &Usage{cat: cat, now: now, byDay: map[string]map[string]int{}}
}

// Record counts one use of service at t.
func (u *Usage) Record(service string, t time.Time) {
	day := t.UTC().Format(time.DateOnly)
	u.mu.Lock()
	defer u.mu.Unlock()
	m := u.byDay[day]
	if m == nil {
		m = map[string]int{}
		u.byDay[day] = m
	}
	m[service]++
}

// Top returns up to n service ids, most used in the window first, the
// catalog's order breaking ties; services never used follow in catalog order.
func (u *Usage) Top(n int) []string {
	cutoff := u.now().Add(-UsageWindow).UTC().Format(time.DateOnly)
	counts := map[string]int{}
	u.mu.Lock()
	for day, m := range u.byDay {
		if day < cutoff {
			delete(u.byDay, day)
			continue
		}
		for s, c := range m {
			counts[s] += c
		}
	}
	u.mu.Unlock()
	all := u.cat.Services()
	ids := make([]string, len(all))
	for i, d := range all {
		ids[i] = d.ID
	}
	sort.SliceStable(ids, func(i, j int) bool { return counts[ids[i]] > counts[ids[j]] })
	if len(ids) > n {
		ids = ids[:n]
	}
	return ids
}
