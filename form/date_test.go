package form

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	notFuture := Rules{NotFuture: true, Location: berlin}
	notPast := Rules{NotPast: true, Location: berlin}
	year := Rules{MaxAgeDays: 365, Location: berlin}
	runCases(t, Date, []tc{
		{in: "28.11.2026", want: "2026-11-28"},
		{in: "1.2.2026", want: "2026-02-01"},
		{in: "01.02.26", want: "2026-02-01"},
		{in: "28.11.", want: "2026-11-28"},
		{in: "28.11", want: "2026-11-28"},
		{in: "28. 11. 2026", want: "2026-11-28"},
		{in: "28.11.2026.", want: "2026-11-28"},
		{in: "2026-11-28", want: "2026-11-28"},
		{in: "28/11/2026", want: "2026-11-28"},
		{name: "slash is day first", in: "03/04/2026", want: "2026-04-03"},
		{in: "28-11-2026", want: "2026-11-28"},
		{in: "28. November 2026", want: "2026-11-28"},
		{in: "28 Nov 2026", want: "2026-11-28"},
		{in: "1. März 2026", want: "2026-03-01"},
		{in: "1 maerz", want: "2026-03-01"},
		{in: "29.02.2028", want: "2028-02-29"},
		{in: "heute", want: "2026-11-29"},
		{in: "Today", want: "2026-11-29"},
		{in: "gestern", want: "2026-11-28"},
		{in: "yesterday", want: "2026-11-28"},
		{in: "morgen", want: "2026-11-30"},
		{in: "tomorrow!", want: "2026-11-30"},
		{in: "übermorgen", want: "2026-12-01"},
		{in: "vorgestern", want: "2026-11-27"},
		{name: "31.02.", in: "31.02.2026", bad: true, want: "31.02.2026 gibt es nicht"},
		{in: "29.02.2026", bad: true, want: "gibt es nicht"},
		{in: "00.01.2026", bad: true, want: "gibt es nicht"},
		{in: "12.13.2026", bad: true, want: "Monat 13"},
		{in: "2026-13-01", bad: true, want: "Monat 13"},
		{in: "01.01.1700", bad: true, want: "Jahr 1700"},
		{in: "28.11.202", bad: true, want: "nicht als Datum"},
		{in: "irgendwann", bad: true, want: "nicht als Datum"},
		{in: "28 Foo 2026", bad: true, want: "nicht als Datum"},
		{in: "11/28/2026", bad: true, want: "Monat 28"},

		{name: "not future: today", in: "29.11.2026", r: notFuture, want: "2026-11-29"},
		{name: "not future: tomorrow", in: "30.11.2026", r: notFuture, bad: true, want: "Zukunft"},
		{name: "not future: two-digit year goes back", in: "12.04.58", r: notFuture, want: "1958-04-12"},
		{name: "not future: two-digit year this century", in: "12.04.26", r: notFuture, want: "2026-04-12"},
		{name: "two-digit year without rule", in: "12.04.58", want: "2058-04-12"},
		{name: "not past: today", in: "heute", r: notPast, want: "2026-11-29"},
		{name: "not past: yesterday", in: "28.11.2026", r: notPast, bad: true, want: "Vergangenheit"},
		{name: "max age: 365 days ago", in: "29.11.2025", r: year, want: "2025-11-29"},
		{name: "max age: 366 days ago", in: "28.11.2025", r: year, bad: true, want: "zu weit zurück. Bitte geben Sie ein Datum ab dem 29.11.2025"},
		{name: "max age 1", in: "vorgestern", r: Rules{MaxAgeDays: 1}, bad: true, want: "ab dem 28.11.2026"},
	})
}

// TestParseDateToday checks that "today" is the day in r.Location.
func TestParseDateToday(t *testing.T) {
	late := time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC) // 00:30 on the 30th in Berlin
	for _, c := range []struct {
		loc  *time.Location
		want string
	}{{nil, "2026-11-29"}, {time.UTC, "2026-11-29"}, {berlin, "2026-11-30"}} {
		got, err := Parse(Date, "heute", Rules{Location: c.loc}, late)
		if err != nil || got != c.want {
			t.Errorf("heute in %v = %q, %v; want %q", c.loc, got, err, c.want)
		}
	}
	// Not in the future in Berlin, though it is still the 29th in UTC.
	if _, err := Parse(Date, "30.11.2026", Rules{NotFuture: true, Location: berlin}, late); err != nil {
		t.Errorf("30.11. at 00:30 Berlin: %v", err)
	}
	if _, err := Parse(Date, "30.11.2026", Rules{NotFuture: true}, late); err == nil {
		t.Error("30.11. at 23:30 UTC: want future problem")
	}
}
