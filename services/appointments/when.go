package appointments

import (
	"regexp"
	"strings"
	"time"

	"amtsbote/form"
	"amtsbote/internal/fold"
)

// parseWhen reads when a citizen would like to come, in any of the
// catalog's languages (r's words: the handler's catalog's; lang the
// conversation's, "" for none): "nächster freier Termin" / "next free", "morgen" /
// "tomorrow" / "yarın" / "غدًا", "übermorgen", "nächsten Dienstag" / "next
// Tuesday" / "во вторник", "am 3.12." / "on 3 Dec" / "14/12/2026",
// "nächste Woche", "in 2 Wochen", "vormittags" / "morning" / "вранці",
// "nachmittags" / "öğleden sonra", "nach 16 Uhr" / "after 4 pm" /
// "после 14", "vor 10 Uhr", "zwischen 9 und 11 Uhr", and combinations
// like "morgen vormittag". Dates are read as in a German conversation
// (a date with slashes is day first).
//
// Days are taken in now's location; without a day the query spans the
// horizon from today; a date without a year is the next such date. It is
// deterministic and reports false when it understands nothing, or when the
// window of the day is empty.
func (r *whenReader) parseWhen(text, lang string, now time.Time, horizonDays int) (Query, bool) {
	q, _, _, ok := r.parse(text, lang, now, horizonDays)
	return q, ok
}

// refine reads text as a change of the wish q: what it does not say about
// the days or the time of day stays as in q ("nachmittags" after "nächsten
// Dienstag" is Tuesday afternoon).
func (r *whenReader) refine(q Query, text, lang string, now time.Time, horizonDays int) (Query, bool) {
	n, days, times, ok := r.parse(text, lang, now, horizonDays)
	if !ok {
		return Query{}, false
	}
	if !days {
		n.From, n.To = q.From, q.To
	}
	if !times && max(n.After, q.After) < min(n.Before, q.Before) {
		n.After, n.Before = q.After, q.Before
	}
	return n, true
}

// parse is parseWhen; it also tells whether the text named days and a
// time of day.
func (r *whenReader) parse(text, lang string, now time.Time, horizonDays int) (q Query, days, times, ok bool) {
	if len(text) > 300 {
		return Query{}, false, false, false
	}
	p := &whenParser{today: midnight(now, now.Location()), after: 0, before: dayMinutes, months: r.months}
	s := ordinal.ReplaceAllString(fold.Words(form.ASCIIDigits(text), wishMarks), "$1")
	toks := strings.Fields(s)
	if d, rest, found := r.formDate(toks, lang, now); found {
		if p.date.IsZero() {
			p.date = d
		}
		p.understood, toks = true, rest
	}
	p.words(r.canonical(toks))
	if !p.understood || p.after >= p.before {
		return Query{}, false, false, false
	}
	days = !p.date.IsZero() || !p.rangeFrom.IsZero() || p.weekday >= 0
	times = p.after > 0 || p.before < dayMinutes
	from, to := p.today, p.today.AddDate(0, 0, max(horizonDays, 1)-1)
	switch {
	case !p.date.IsZero():
		from, to = p.date, p.date
	case !p.rangeFrom.IsZero():
		from, to = p.rangeFrom, p.rangeTo
		if p.weekday >= 0 {
			from = nextWeekday(from.AddDate(0, 0, -1), time.Weekday(p.weekday))
			to = from
		}
	case p.weekday >= 0:
		d := nextWeekday(p.today, time.Weekday(p.weekday))
		if p.thisWeek && p.today.Weekday() == time.Weekday(p.weekday) {
			d = p.today
		}
		from, to = d.AddDate(0, 0, 7*p.weekAhead), d.AddDate(0, 0, 7*p.weekAhead)
	}
	q = Query{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), After: p.after, Before: p.before}
	return q, days, times, true
}

// whenParser collects what parseWhen found.
type whenParser struct {
	today      time.Time
	understood bool

	date               time.Time // an explicit date
	rangeFrom, rangeTo time.Time // a week, month, weekend
	weekday            int       // -1 none
	weekAhead          int       // "übernächsten Dienstag": 1
	thisWeek           bool      // "diesen Dienstag": today counts

	after, before int
	months        map[string]time.Month // month names, folded
}

// dateMarks are the marks of dates and times that folding keeps.
const dateMarks = ".:-"

// ordinal is an English day with its ending ("3rd of"), written as the
// number before forms read the date.
var ordinal = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)\b(?: of\b)?`)

// resolveDate makes a date; without a year, the next such day from today.
func (p *whenParser) resolveDate(y int, m time.Month, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y != 0 && (y < 2000 || y > 2200) {
		return time.Time{}, false
	}
	year := y
	if year == 0 {
		year = p.today.Year()
	}
	t := time.Date(year, m, d, 0, 0, 0, 0, p.today.Location())
	if t.Day() != d {
		return time.Time{}, false // 31.2.
	}
	if y == 0 && t.Before(p.today) {
		t = time.Date(year+1, m, d, 0, 0, 0, 0, p.today.Location())
	}
	return t, true
}

// nextWeekday returns the first day after from that is a wd.
func nextWeekday(from time.Time, wd time.Weekday) time.Time {
	n := (int(wd) - int(from.Weekday()) + 7) % 7
	if n == 0 {
		n = 7
	}
	return from.AddDate(0, 0, n)
}
