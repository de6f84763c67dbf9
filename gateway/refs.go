package gateway

import (
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// CaseNumbers reads the highest case number stored for a prefix and year.
type CaseNumbers interface {
	MaxCaseNumber(prefix string, year int) (int, error)
}

// caseCounter is a CaseNumbers that hands out the numbers itself, the same
// for no two calls on any node (store/postgres): several nodes on one store
// cannot count in memory.
type caseCounter interface {
	NextCaseNumber(prefix string, year int) (int, error)
}

// CaseRefs hands out case references "<PREFIX>-<YEAR>-<6 digits>", counting
// on from the highest number stored. Numbers of turns that failed to commit
// are skipped, never reused. It implements dialog.Refs.
type CaseRefs struct {
	prefix string
	src    CaseNumbers
	loc    *time.Location
	log    *slog.Logger

	mu   sync.Mutex
	last map[int]int
}

// NewCaseRefs makes a counter for prefix (e.g. "AB"), years taken in loc.
func NewCaseRefs(prefix string, src CaseNumbers, loc *time.Location, log *slog.Logger) *CaseRefs {
	if loc == nil {
		loc = time.UTC
	}
	if log == nil {
		log = slog.Default()
	}
	return &CaseRefs{prefix: prefix, src: src, loc: loc, log: log.With("component", "case-refs"), last: map[int]int{}}
}

// NextCaseRef returns the next unused reference for now's year.
func (r *CaseRefs) NextCaseRef(now time.Time) string {
	year := now.In(r.loc).Year()
	if cc, ok := r.src.(caseCounter); ok {
		n, err := cc.NextCaseNumber(r.prefix, year)
		if err == nil {
			return fmt.Sprintf("%s-%04d-%06d", r.prefix, year, n)
		}
		// Counting in memory may repeat another node's number: the store
		// refuses the duplicate and the turn fails, never a case.
		r.log.Error("taking the next case number failed", "err", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n, ok := r.last[year]
	if !ok {
		stored, err := r.src.MaxCaseNumber(r.prefix, year)
		if err != nil {
			// The store refuses a duplicate reference, so a wrong start
			// fails a turn (which the channel retries) rather than a case.
			r.log.Error("reading the last case number failed", "err", err)
		}
		n = stored
	}
	n++
	r.last[year] = n
	return fmt.Sprintf("%s-%04d-%06d", r.prefix, year, n)
}
