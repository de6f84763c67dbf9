package staff

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"amtsbote/internal/fold"
)

// caseQuery is a search over cases: words that must all occur in the
// reference, the service id or its title (folded: "zaehlerstand" finds
// "Zählerstand"), and the days the case came in.
type caseQuery struct {
	words    []string
	from, to time.Time // the first instant and the instant after the last day; zero: open
}

// caseSearch reads ?q=, ?from= and ?to= (dates in the city's time zone).
func (c *Console) caseSearch(q url.Values) (caseQuery, error) {
	var s caseQuery
	s.words = strings.Fields(fold.Words(q.Get("q"), "-"))
	day := func(v string) (time.Time, error) {
		t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(v), c.opts.Location)
		if err != nil {
			return time.Time{}, errors.New("a date is written 2026-12-07")
		}
		return t, nil
	}
	var err error
	if v := q.Get("from"); v != "" {
		if s.from, err = day(v); err != nil {
			return s, err
		}
	}
	if v := q.Get("to"); v != "" {
		if s.to, err = day(v); err != nil {
			return s, err
		}
		s.to = s.to.AddDate(0, 0, 1)
	}
	if !s.from.IsZero() && !s.to.IsZero() && !s.from.Before(s.to) {
		return s, errors.New("the first day is after the last")
	}
	return s, nil
}

// match reports whether a case is found by the search.
func (s caseQuery) match(cs caseSummary) bool {
	if !s.from.IsZero() && cs.Created.Before(s.from) || !s.to.IsZero() && !cs.Created.Before(s.to) {
		return false
	}
	hay := fold.Words(cs.Ref+" "+cs.Service+" "+cs.ServiceTitle, "-")
	for _, w := range s.words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}
