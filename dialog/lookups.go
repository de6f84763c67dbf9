package dialog

import (
	"math"
	"time"

	"amtsbote/channels"
)

// A status question about another conversation's case needs its reference
// and its access code, and a wrong pair is answered like an unknown one; so
// only the 40-bit code protects a case. To slow guessing, a conversation
// may fail at most lookupLimit lookups within any lookupWindow; after that,
// lookups are refused until the oldest of those failures is lookupWindow
// old, and the citizen is told when that is and offered a person.
//
// The window slides: the state keeps the times of the recent failures, so
// no lookupWindow ever holds more than lookupLimit of them. A fixed window
// (counting per clock hour) would let twice the limit through around its
// boundary and needs the same state.
//
// Successes neither count nor reset the failures: otherwise one known pair,
// the citizen's own, asked in between would clear the way for more guesses.
// Refused lookups do not count either: they tell nothing, and counting them
// would push the time the citizen was told further away with every try.
//
// The limit is per conversation; whoever opens new conversations starts
// afresh, so a limit per channel address belongs in front of the engine.
const (
	lookupLimit  = 5
	lookupWindow = time.Hour
)

// recentLookups returns, as a new slice, the failed lookups of times that
// lie within lookupWindow of now. A time more than the window ahead (the
// clock was set back) is dropped rather than blocking for longer.
func recentLookups(times []int64, now time.Time) []int64 {
	var out []int64
	for _, at := range times {
		if d := now.Sub(time.Unix(at, 0)); d < lookupWindow && d > -lookupWindow {
			out = append(out, at)
		}
	}
	return out
}

// lookupsBlocked forgets failed lookups that left the window and reports
// whether lookups are refused now and, if so, until when.
func (t *talk) lookupsBlocked() (time.Time, bool) {
	recent := recentLookups(t.st.Lookups, t.now)
	t.st.Lookups = recent
	if len(recent) < lookupLimit {
		return time.Time{}, false
	}
	return time.Unix(recent[len(recent)-lookupLimit], 0).Add(lookupWindow), true
}

// failedLookup records a failed lookup now, keeping the newest lookupLimit
// failures of the window.
func (t *talk) failedLookup() {
	recent := append(recentLookups(t.st.Lookups, t.now), t.now.Unix())
	t.st.Lookups = recent[max(0, len(recent)-lookupLimit):]
}

// lookupRefused answers a lookup asked while lookups are refused.
func (t *talk) lookupRefused(until time.Time) {
	t.reply(t.text("dialog.lookup.refused", "n", lookupLimit, "when", t.retryAt(until)),
		append([]channels.Option{t.staffOption()}, t.asideOptions()...)...)
}

// retryAt says when lookups are possible again, by the city's clock:
// "ab 11:05 Uhr (in 12 Minuten)" or "from 11:05 (in 12 minutes)".
func (t *talk) retryAt(until time.Time) string {
	mins := max(1, int(math.Ceil(until.Sub(t.now).Minutes())))
	clock := until.In(t.e.loc).Format("15:04")
	if mins == 1 {
		return t.text("dialog.lookup.retry.one", "clock", clock)
	}
	return t.text("dialog.lookup.retry.many", "clock", clock, "n", mins)
}
