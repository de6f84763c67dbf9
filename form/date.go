package form

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"amtsbote/text"
)

// Date layouts a citizen may type, after lower-casing, collapsing spaces and
// removing spaces next to '.', '/' and '-'; digits are ASCII by then.
var (
	reDMY     = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$`) // 28.11.2026, 28.11.26
	reDM      = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.?$`)             // 28.11. (this year)
	reISO     = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)         // 2026-11-28
	reSlash   = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$`)   // 28/11/2026, day first
	reYMSlash = regexp.MustCompile(`^(\d{4})/(\d{1,2})/(\d{1,2})$`)         // 2026/11/28, as Arabic dates are also written
	reDash    = regexp.MustCompile(`^(\d{1,2})-(\d{1,2})-(\d{4})$`)         // 28-11-2026
)

// Years a typed date may have; anything else is surely a typing error.
const minYear, maxYear = 1800, 2199

// parseDate reads a date and checks it against the date rules; "today" is
// the date of now in r.Location (UTC when nil). own and any are the words
// of the conversation's language and of every language.
func parseDate(s string, r Rules, now time.Time, own, any *vocab) (string, *Problem) {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	today := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	d, p := readDate(s, normDate(s), today, r, own, any)
	if p != nil {
		return "", p
	}
	switch {
	case r.NotFuture && d.After(today):
		return "", problem("form.problem.date.future")
	case r.NotPast && d.Before(today):
		return "", problem("form.problem.date.past")
	case r.MaxAgeDays > 0 && d.Before(today.AddDate(0, 0, -r.MaxAgeDays)):
		first := today.AddDate(0, 0, -r.MaxAgeDays).Format("2006-01-02")
		return "", problem("form.problem.date.too_old", "date", shownArg(Date, first))
	}
	return d.Format("2006-01-02"), nil
}

// normDate lower-cases s, collapses spaces and drops spaces next to the
// separators '.', '/' and '-'.
func normDate(s string) string {
	rs := []rune(strings.Join(strings.Fields(strings.ToLower(s)), " "))
	sep := func(i int) bool { return i >= 0 && i < len(rs) && strings.ContainsRune("./-", rs[i]) }
	var b strings.Builder
	for i, c := range rs {
		if c == ' ' && (sep(i-1) || sep(i+1)) {
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// readDate reads a normalized date s (typed as input). Two-digit years
// mean 20yy; when the field refuses future dates and 20yy is in the
// future, 19yy is meant (a birth date "12.04.58"). A date with slashes is
// read day first, as everywhere but in the USA; in an English
// conversation "04/03/2026" could be either and is refused unless day and
// month are the same.
func readDate(input, s string, today time.Time, r Rules, own, any *vocab) (time.Time, *Problem) {
	if n, ok := relativeDay(s, own, any); ok {
		return today.AddDate(0, 0, n), nil
	}
	if n := len(s); n > 5 && s[n-1] == '.' && onlyDigitsAnd(s[n-5:n-1]) {
		s = s[:n-1] // a full stop after the year: "28.11.2026."
	}
	var day, month, year string
	if m := reDMY.FindStringSubmatch(s); m != nil {
		day, month, year = m[1], m[2], m[3]
	} else if m := reDM.FindStringSubmatch(s); m != nil {
		day, month, year = m[1], m[2], strconv.Itoa(today.Year())
	} else if m := reISO.FindStringSubmatch(s); m != nil {
		day, month, year = m[3], m[2], m[1]
	} else if m := reYMSlash.FindStringSubmatch(s); m != nil {
		day, month, year = m[3], m[2], m[1]
	} else if m := reSlash.FindStringSubmatch(s); m != nil {
		day, month, year = m[1], m[2], m[3]
		if langOf(r.Lang) == text.En && atoi(m[1]) != atoi(m[2]) && atoi(m[1]) <= 12 && atoi(m[2]) <= 12 {
			return time.Time{}, slashAmbiguous(input, m[1], m[2], m[3], r.NotFuture, today)
		}
	} else if m := reDash.FindStringSubmatch(s); m != nil {
		day, month, year = m[1], m[2], m[3]
	} else if d, m, y, ok := namedDate(s, own, any); ok {
		day, month, year = d, strconv.Itoa(int(m)), y
		if year == "" {
			year = strconv.Itoa(today.Year())
		}
	} else {
		return time.Time{}, problem("form.problem.date.unread", "example", shownArg(Date, "2026-11-28"))
	}
	return checkDate(atoi(day), atoi(month), atoi(year), len(year) == 2, r.NotFuture, today)
}

// checkDate makes the date of d, m and y, checked; short says y had two digits.
func checkDate(d, m, y int, short, notFuture bool, today time.Time) (time.Time, *Problem) {
	if short {
		y += 2000
		if notFuture && time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).After(today) {
			y -= 100
		}
	}
	if m < 1 || m > 12 {
		return time.Time{}, problem("form.problem.date.month", "month", m)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, problem("form.problem.date.day", "date", fmt.Sprintf("%02d.%02d.%04d", d, m, y))
	}
	if y < minYear || y > maxYear {
		return time.Time{}, problem("form.problem.date.year", "year", y)
	}
	return t, nil
}

// slashAmbiguous is the problem for "04/03/2026" in English: the 4th of
// March or the 3rd of April. When one reading is no real date, or the
// other is, the problem of the day-first reading is given instead.
func slashAmbiguous(input, a, b, year string, notFuture bool, today time.Time) *Problem {
	first, p := checkDate(atoi(a), atoi(b), atoi(year), len(year) == 2, notFuture, today)
	if p != nil {
		return p
	}
	second, p := checkDate(atoi(b), atoi(a), atoi(year), len(year) == 2, notFuture, today)
	if p != nil {
		return p
	}
	return problem("form.problem.date.ambiguous", "input", input, "a", longDate(first), "b", longDate(second),
		"example", longDate(first))
}

// longDate is a date with the month as a word, for the ambiguous slash
// date of an English conversation: "4 March 2026".
func longDate(t time.Time) string { return t.Format("2 January 2006") }

// atoi reads ASCII digits the regular expressions matched.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// relativeDay reads the words for today and its neighbours ("heute",
// "сьогодні", "dün", "أمس").
func relativeDay(s string, own, any *vocab) (int, bool) {
	k := key(s)
	if n, ok := own.days[k]; ok {
		return n, true
	}
	n, ok := any.days[k]
	return n, ok
}

// namedDate reads a date with the month as a word: "28. November 2026",
// "5 березня 2026 р.", "5 Mart 2026", "5 марта 2026 г.", "5 مارس 2026",
// "5 كانون الثاني 2026", "November 28, 2026", "28 Nov" (this year). The
// month names are the conversation's language's and every other's
// (form.word.month.*); words around the year ("г.", "року", "عام") are
// left out (form.word.year).
func namedDate(s string, own, any *vocab) (day string, month time.Month, year string, ok bool) {
	var ws []string
	for _, w := range strings.Fields(key(splitRuns(strings.NewReplacer("-", " ", "/", " ").Replace(s)))) {
		if !own.year[w] && !any.year[w] {
			ws = append(ws, w)
		}
	}
	if n := len(ws); n > 0 && len(ws[n-1]) == 4 && onlyDigitsAnd(ws[n-1]) {
		year, ws = ws[n-1], ws[:n-1]
	}
	if len(ws) < 2 {
		return "", 0, "", false
	}
	name := ws[1:]
	day = ws[0]
	if !onlyDigitsAnd(day) { // month first: "November 28"
		day, name = ws[len(ws)-1], ws[:len(ws)-1]
	}
	if len(day) > 2 || !onlyDigitsAnd(day) {
		return "", 0, "", false
	}
	n := strings.Join(name, " ")
	if month = own.months[n]; month == 0 {
		month = any.months[n]
	}
	return day, month, year, month != 0
}

// splitRuns puts a space between digits and letters: "28nov2026" is
// "28 nov 2026".
func splitRuns(s string) string {
	var b strings.Builder
	prev := 0 // 1 digit, 2 letter
	for _, r := range s {
		kind := 0
		switch {
		case unicode.IsDigit(r):
			kind = 1
		case unicode.IsLetter(r):
			kind = 2
		}
		if kind != 0 && prev != 0 && kind != prev {
			b.WriteByte(' ')
		}
		prev = kind
		b.WriteRune(r)
	}
	return b.String()
}
