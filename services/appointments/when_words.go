package appointments

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The grammar of a wish: the canonical words a whenReader knows, English and
// folded. Every word a citizen types is the catalog's, in every language
// German and English included (appointments.word.*: "nächsten", "übernächste",
// "diesen", "um", "Uhr", "sofort", "zwei", "Do."); whenReader.canonical
// rewrites them to the words here (see wishKeys in when_lang.go), so no
// word of any language is in Go but these. "afternext" (übernächste, after
// next), "oclock" (Uhr), "_after" and "_before" (after a time) are the
// grammar's own words for what English says in more than one.
var (
	asapWords       = set("asap", "next")
	nextWords       = set("next", "coming")
	thisWords       = set("this")
	afterNextWords  = set("afternext")
	afterWords      = set("after", "from")
	beforeWords     = set("before", "until")
	atWords         = set("at")
	markerWords     = set("h", "am", "pm", "a.m.", "p.m.", "oclock")
	morningWords    = set("morning")
	afternoonWords  = set("afternoon")
	middayWords     = set("midday")
	eveningWords    = set("evening")
	earlyWords      = set("early")
	weekWords       = set("week")
	weeksWords      = set("week", "weeks")
	daysWords       = set("day", "days")
	weekendWords    = set("weekend")
	monthWords      = set("month")
	numberWords     = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
	weekdayWords    = map[string]time.Weekday{"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 0}
	clockToken      = regexp.MustCompile(`^(\d{1,2})(?:[:.](\d{2}))?(h|am|pm)?$`)
	clockRange      = regexp.MustCompile(`^(\d{1,2}(?:[:.]\d{2})?)-(\d{1,2}(?:[:.]\d{2})?)(h)?$`)
	shortDate       = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})$`)
	inDaysNumber    = regexp.MustCompile(`^\d{1,3}$`)
	rangeStart      = set("between", "from")
	rangeJoin       = set("and", "until", "-")
	partsOfDayLimit = map[string][2]int{"morning": {0, 12 * 60}, "afternoon": {12 * 60, dayMinutes},
		"midday": {11 * 60, 14 * 60}, "evening": {16 * 60, dayMinutes}, "early": {0, 10 * 60}}
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// words reads what is left after the dates, token by token.
func (p *whenParser) words(toks []string) {
	p.weekday = -1
	at := func(i int) string {
		if i >= 0 && i < len(toks) {
			return strings.TrimSuffix(toks[i], ".")
		}
		return ""
	}
	for i := 0; i < len(toks); i++ {
		w := at(i)
		wd, isWeekday := weekdayWords[w]
		switch {
		case weekendWords[w]:
			sat := nextWeekday(p.today.AddDate(0, 0, -1), time.Saturday)
			p.span(sat, sat.AddDate(0, 0, 1))
		case weekWords[w] && (afterNextWords[at(i-1)] || afterNextWords[at(i+1)]): // "the week after next"
			p.week(2)
		case weekWords[w] && thisWords[at(i-1)]:
			p.week(0)
		case weekWords[w] && nextWords[at(i-1)]:
			p.week(1)
		case monthWords[w] && (thisWords[at(i-1)] || monthsAhead(at(i-1), at(i+1)) > 0): // "الشهر القادم"
			first := time.Date(p.today.Year(), p.today.Month(), 1, 0, 0, 0, 0, p.today.Location())
			first = first.AddDate(0, monthsAhead(at(i-1), at(i+1)), 0)
			p.span(later(first, p.today), first.AddDate(0, 1, -1))
		case (w == "in" || afterWords[w]) && count(at(i+1)) > 0 && (daysWords[at(i+2)] || weeksWords[at(i+2)]):
			p.ahead(count(at(i+1)), weeksWords[at(i+2)]) // "in 2 Wochen", "через 2 тижні", "بعد 3 أسابيع"
			i += 2
		case (w == "in" || afterWords[w]) && (daysWords[at(i+1)] || weeksWords[at(i+1)]):
			p.ahead(1, weeksWords[at(i+1)]) // "через неделю", "بعد أسبوع"
			i++
		case count(w) > 0 && (daysWords[at(i+1)] || weeksWords[at(i+1)]) && (at(i+2) == "_after" || at(i+2) == "in"):
			p.ahead(count(w), weeksWords[at(i+1)]) // "2 hafta sonra", "3 gün içinde"
			i += 2
		case p.months[w] != 0 && p.date.IsZero() && (at(i-1) == "in" || len(toks) == 1):
			m := p.months[w]
			first := time.Date(p.today.Year(), m, 1, 0, 0, 0, 0, p.today.Location())
			if m < p.today.Month() {
				first = first.AddDate(1, 0, 0)
			}
			p.span(later(first, p.today), first.AddDate(0, 1, -1))
		case isWeekday:
			p.weekday, p.understood = int(wd), true
			p.thisWeek = thisWords[at(i-1)]
			if afterNextWords[at(i-1)] || afterNextWords[at(i+1)] {
				p.weekAhead = 1
			}
		case morningWords[w]:
			p.window("morning")
		case afternoonWords[w]:
			p.window("afternoon")
		case middayWords[w]:
			p.window("midday")
		case eveningWords[w]:
			p.window("evening")
		case earlyWords[w]:
			p.window("early")
		case asapWords[w]:
			p.understood = true
		default:
			i += p.clock(toks, i)
			continue
		}
	}
}

// monthsAhead is the month a word before or after "month" names: 1 for
// next, 2 for after next, else 0.
func monthsAhead(before, after string) int {
	switch {
	case afterNextWords[before] || afterNextWords[after]:
		return 2
	case nextWords[before] || nextWords[after]:
		return 1
	}
	return 0
}

// count reads a number of days or weeks: "2", "two"; 0 when w is none.
func count(w string) int {
	if n, ok := numberWords[w]; ok {
		return n
	}
	if !inDaysNumber.MatchString(w) {
		return 0
	}
	n, _ := strconv.Atoi(w)
	return n
}

// ahead sets the day n days from today, or the week from n weeks on.
func (p *whenParser) ahead(n int, weeks bool) {
	if !weeks {
		p.day(n)
		return
	}
	d := p.today.AddDate(0, 0, 7*n)
	p.span(d, d.AddDate(0, 0, 6))
}

// day sets a day n days from today.
func (p *whenParser) day(n int) {
	if p.date.IsZero() && n >= 0 && n <= 800 {
		p.date = p.today.AddDate(0, 0, n)
	}
	p.understood = true
}

// span sets a range of days.
func (p *whenParser) span(from, to time.Time) {
	if p.rangeFrom.IsZero() {
		p.rangeFrom, p.rangeTo = from, to
	}
	p.understood = true
}

// week sets the week n weeks from this one (0: the rest of this week).
func (p *whenParser) week(n int) {
	monday := p.today.AddDate(0, 0, -((int(p.today.Weekday()) + 6) % 7))
	from := monday.AddDate(0, 0, 7*n)
	p.span(later(from, p.today), from.AddDate(0, 0, 6))
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// window narrows the time of day.
func (p *whenParser) window(part string) {
	lim := partsOfDayLimit[part]
	p.after, p.before = max(p.after, lim[0]), min(p.before, lim[1])
	p.understood = true
}

// clock reads a time of day at toks[i], with the word before it saying
// from, until or at, or a range ("zwischen 9 und 11", "9-11 Uhr"); it
// returns how many more tokens it used. A bare number without "Uhr", a
// colon or am/pm is no time unless a word like "nach" comes before it.
func (p *whenParser) clock(toks []string, i int) int {
	w := strings.TrimSuffix(toks[i], ".")
	prev := ""
	if i > 0 {
		prev = toks[i-1]
	}
	if m := clockRange.FindStringSubmatch(w); m != nil {
		a, _, okA := readClock(m[1], "", true)
		b, _, okB := readClock(m[2], m[3], true)
		if okA && okB && a < b {
			p.after, p.before, p.understood = max(p.after, a), min(p.before, b), true
		}
		return 0
	}
	if m := shortDate.FindStringSubmatch(w); m != nil && !afterWords[prev] && !beforeWords[prev] && !atWords[prev] &&
		!(i+1 < len(toks) && markerWords[toks[i+1]]) {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if t, ok := p.resolveDate(0, time.Month(mo), d); ok {
			if p.date.IsZero() {
				p.date = t
			}
			p.understood = true
			return 0
		}
	}
	marker, used := "", 0
	if i+1 < len(toks) && markerWords[toks[i+1]] {
		marker, used = toks[i+1], 1
	}
	post := "" // "14'ten sonra": the word after the time
	if j := i + used + 1; j < len(toks) && (toks[j] == "_after" || toks[j] == "_before") {
		post = toks[j]
	}
	// "9 ile 11 arası": the word of a range after both times
	postRange, k := false, i+used+3
	if j := i + used + 1; j+1 < len(toks) && rangeJoin[toks[j]] {
		if k < len(toks) && markerWords[toks[k]] {
			k++
		}
		postRange = k < len(toks) && rangeStart[toks[k]]
	}
	ctx := afterWords[prev] || beforeWords[prev] || atWords[prev] || rangeStart[prev] || post != "" || postRange
	t, marked, ok := readClock(w, marker, ctx)
	if !ok || !marked && !ctx {
		return 0
	}
	// "zwischen 9 und 11 Uhr", "from 9 to 11", "von 9 bis 11"
	if j := i + used + 1; (rangeStart[prev] || postRange) && j+1 < len(toks) && rangeJoin[toks[j]] {
		m2, extra := "", 0
		if j+2 < len(toks) && markerWords[toks[j+2]] {
			m2, extra = toks[j+2], 1
		}
		if e, _, ok := readClock(strings.TrimSuffix(toks[j+1], "."), m2, true); ok && e > t {
			p.after, p.before, p.understood = max(p.after, t), min(p.before, e), true
			if postRange {
				return k - i
			}
			return j + 1 + extra - i
		}
	}
	switch {
	case post == "_before" || post == "" && beforeWords[prev]:
		p.before = min(p.before, t)
	default: // after, at, or a time on its own: from then on
		p.after = max(p.after, t)
	}
	p.understood = true
	return used
}

// readClock reads "16", "16:30", "16.30", "4pm", "9h" with an optional
// marker word after it; loose allows a bare hour, read from 1 to 6 as the
// afternoon (nobody visits an office at 4 am).
func readClock(tok, marker string, loose bool) (minutes int, marked, ok bool) {
	m := clockToken.FindStringSubmatch(tok)
	if m == nil {
		return 0, false, false
	}
	h, _ := strconv.Atoi(m[1])
	mi := 0
	if m[2] != "" {
		mi, _ = strconv.Atoi(m[2])
	}
	suffix := m[3]
	if suffix == "" {
		suffix = strings.ReplaceAll(marker, ".", "")
	}
	marked = m[2] != "" || suffix != ""
	if h > 24 || mi > 59 || h == 24 && mi > 0 || !marked && !loose {
		return 0, false, false
	}
	switch suffix {
	case "am":
		if h > 12 {
			return 0, false, false
		}
		if h == 12 {
			h = 0
		}
	case "pm":
		if h > 12 {
			return 0, false, false
		}
		if h < 12 {
			h += 12
		}
	default:
		if h >= 1 && h <= 6 {
			h += 12
		}
	}
	return h*60 + mi, marked, true
}
