package appointments

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Query is a citizen's wish for a visit, as whenReader.parseWhen reads it: a range
// of days, a window of each day, and where a search continues.
type Query struct {
	From, To string // days "2006-01-02", both included
	// After and Before are minutes of the day: a visit starts at or after
	// After and before Before (0 and 1440 when any time suits).
	After, Before int
	// Since, unix seconds, when not 0: only visits starting after it
	// (the last slot offered, after "later").
	Since int64
}

const dayMinutes = 24 * 60

// String is the query's canonical form, stored as the answer to "when":
// "2026-12-03..2026-12-03 16:00-24:00", plus " >UNIX" with Since.
func (q Query) String() string {
	s := fmt.Sprintf("%s..%s %02d:%02d-%02d:%02d", q.From, q.To, q.After/60, q.After%60, q.Before/60, q.Before%60)
	if q.Since != 0 {
		s += " >" + strconv.FormatInt(q.Since, 10)
	}
	return s
}

// ParseQuery reads a query's canonical form.
func ParseQuery(s string) (Query, bool) {
	parts := strings.Fields(s)
	if len(parts) < 2 || len(parts) > 3 {
		return Query{}, false
	}
	from, to, ok := strings.Cut(parts[0], "..")
	if !ok || !isDay(from) || !isDay(to) || to < from {
		return Query{}, false
	}
	a, b, ok := strings.Cut(parts[1], "-")
	if !ok {
		return Query{}, false
	}
	after, ok1 := minuteOf(a)
	before, ok2 := minuteOf(b)
	if !ok1 || !ok2 || after >= before {
		return Query{}, false
	}
	q := Query{From: from, To: to, After: after, Before: before}
	if len(parts) == 3 {
		n, err := strconv.ParseInt(strings.TrimPrefix(parts[2], ">"), 10, 64)
		if err != nil || !strings.HasPrefix(parts[2], ">") || n <= 0 {
			return Query{}, false
		}
		q.Since = n
	}
	return q, true
}

func isDay(s string) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Format(time.DateOnly) == s
}

// minuteOf reads "HH:MM" (up to 24:00) as minutes of the day.
func minuteOf(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > dayMinutes {
		return 0, false
	}
	return hh*60 + mm, true
}

// days returns the query's first and last day at midnight in loc.
func (q Query) days(loc *time.Location) (time.Time, time.Time) {
	f, _ := time.ParseInLocation(time.DateOnly, q.From, loc)
	t, _ := time.ParseInLocation(time.DateOnly, q.To, loc)
	return f, t
}

// describe says what the query asks for, in lang: "Do 03.12.2026, ab 16:00 Uhr".
func (h *Handler) describe(q Query, lang string) string {
	from, to := q.days(h.loc)
	var s string
	switch {
	case q.From == q.To:
		s = h.dayName(from, lang)
	case to.Sub(from) > 31*24*time.Hour:
		s = h.say(lang, "appointments.when.from_day", "date", h.dateText(from, lang))
	default:
		s = h.dateText(from, lang) + " – " + h.dateText(to, lang)
	}
	switch {
	case q.After > 0 && q.Before < dayMinutes:
		s += ", " + h.say(lang, "appointments.when.between", "from", hhmm(q.After), "to", hhmm(q.Before))
	case q.After > 0:
		s += ", " + h.say(lang, "appointments.when.after", "time", hhmm(q.After))
	case q.Before < dayMinutes:
		s += ", " + h.say(lang, "appointments.when.before", "time", hhmm(q.Before))
	}
	return s
}

func hhmm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
