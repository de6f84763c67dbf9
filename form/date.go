package form

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date layouts a citizen may type, after lower-casing, collapsing spaces and
// removing spaces next to '.', '/' and '-'.
var (
	reDMY   = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$`) // 28.11.2026, 28.11.26
	reDM    = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.?$`)             // 28.11. (this year)
	reISO   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)         // 2026-11-28
	reSlash = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$`)   // 28/11/2026, day first
	reDash  = regexp.MustCompile(`^(\d{1,2})-(\d{1,2})-(\d{4})$`)         // 28-11-2026
	reNamed = regexp.MustCompile(`^(\d{1,2})\.? ?(\pL+)\.?,? ?(\d{4})?$`) // 28. November 2026, 28 Nov 2026
)

// relativeDays are the words for today and its neighbours.
var relativeDays = map[string]int{
	"heute": 0, "today": 0,
	"gestern": -1, "yesterday": -1,
	"vorgestern": -2, "day before yesterday": -2,
	"morgen": 1, "tomorrow": 1,
	"übermorgen": 2, "uebermorgen": 2, "day after tomorrow": 2,
}

// months maps German and English month names and abbreviations to months.
var months = monthNames()

// monthNames builds the table of months.
func monthNames() map[string]time.Month {
	out := map[string]time.Month{}
	for m, names := range [12]string{
		"januar jänner jan january", "februar feb february", "märz maerz mär mrz mar march",
		"april apr", "mai may", "juni jun june", "juli jul july", "august aug",
		"september sep sept", "oktober okt oct october", "november nov", "dezember dez dec december",
	} {
		for _, n := range strings.Fields(names) {
			out[n] = time.Month(m + 1)
		}
	}
	return out
}

// Years a typed date may have; anything else is surely a typing error.
const minYear, maxYear = 1800, 2199

// parseDate reads a date and checks it against the date rules; "today" is
// the date of now in r.Location (UTC when nil).
func parseDate(s string, r Rules, now time.Time) (string, *Problem) {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	t := now.In(loc)
	today := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	d, p := readDate(normDate(s), today, r.NotFuture)
	if p != nil {
		return "", p
	}
	switch {
	case r.NotFuture && d.After(today):
		return "", &Problem{
			De: "Das Datum liegt in der Zukunft. Bitte geben Sie ein Datum bis heute an.",
			En: "That date is in the future. Please give a date up to today.",
		}
	case r.NotPast && d.Before(today):
		return "", &Problem{
			De: "Das Datum liegt in der Vergangenheit. Bitte geben Sie ein Datum ab heute an.",
			En: "That date is in the past. Please give a date from today on.",
		}
	case r.MaxAgeDays > 0 && d.Before(today.AddDate(0, 0, -r.MaxAgeDays)):
		first := today.AddDate(0, 0, -r.MaxAgeDays).Format("2006-01-02")
		de, en := fmt.Sprintf("%d Tage", r.MaxAgeDays), fmt.Sprintf("%d days", r.MaxAgeDays)
		if r.MaxAgeDays == 1 {
			de, en = "einen Tag", "one day"
		}
		return "", &Problem{
			De: "Das Datum liegt mehr als " + de + " zurück. Bitte geben Sie ein Datum ab dem " + displayDate(first, "de") + " an.",
			En: "That date is more than " + en + " ago. Please give a date on or after " + displayDate(first, "en") + ".",
		}
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

// readDate reads a normalized date. Two-digit years mean 20yy; when the
// field refuses future dates and 20yy is in the future, 19yy is meant
// (a birth date "12.04.58").
func readDate(s string, today time.Time, notFuture bool) (time.Time, *Problem) {
	if n, ok := relativeDays[strings.TrimRight(s, ".!")]; ok {
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
	} else if m := reSlash.FindStringSubmatch(s); m != nil {
		// Day first: the city is German, so 03/04/2026 is the 3rd of April.
		day, month, year = m[1], m[2], m[3]
	} else if m := reDash.FindStringSubmatch(s); m != nil {
		day, month, year = m[1], m[2], m[3]
	} else if m := reNamed.FindStringSubmatch(s); m != nil && months[m[2]] != 0 {
		day, month, year = m[1], strconv.Itoa(int(months[m[2]])), m[3]
		if year == "" {
			year = strconv.Itoa(today.Year())
		}
	} else {
		return time.Time{}, &Problem{
			De: "Das habe ich nicht als Datum erkannt. Bitte schreiben Sie es so: 28.11.2026.",
			En: "I could not read that as a date. Please write it like this: 28.11.2026.",
		}
	}
	d, _ := strconv.Atoi(day)
	m, _ := strconv.Atoi(month)
	y, _ := strconv.Atoi(year)
	if len(year) == 2 {
		y += 2000
		if notFuture && time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).After(today) {
			y -= 100
		}
	}
	if m < 1 || m > 12 {
		return time.Time{}, &Problem{
			De: fmt.Sprintf("Einen Monat %d gibt es nicht. Bitte prüfen Sie das Datum (Tag.Monat.Jahr).", m),
			En: fmt.Sprintf("There is no month %d. Please check the date (day.month.year).", m),
		}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, &Problem{
			De: fmt.Sprintf("Den %02d.%02d.%04d gibt es nicht. Bitte prüfen Sie Tag und Monat.", d, m, y),
			En: fmt.Sprintf("There is no such date as %d %s %04d. Please check the day and month.", d, time.Month(m).String()[:3], y),
		}
	}
	if y < minYear || y > maxYear {
		return time.Time{}, &Problem{
			De: fmt.Sprintf("Das Jahr %d kann nicht stimmen. Bitte prüfen Sie das Datum.", y),
			En: fmt.Sprintf("The year %d cannot be right. Please check the date.", y),
		}
	}
	return t, nil
}

// displayDate formats a canonical date: "28.11.2026" (de), "28 Nov 2026" (en).
func displayDate(v, lang string) string {
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return v
	}
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02.01.2006")
}
