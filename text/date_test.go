package text

import (
	"strings"
	"testing"
	"time"
)

func TestTime(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	thu := time.Date(2026, 12, 3, 9, 5, 0, 0, time.UTC)
	for _, tc := range []struct {
		l    Lang
		key  string
		at   time.Time
		want string
	}{
		{De, "date.date", thu, "03.12.2026"},
		{En, "date.date", thu, "3 Dec 2026"},
		{De, "date.day", thu, "Do 03.12.2026"},
		{En, "date.day", thu, "Thu 3 Dec 2026"},
		{De, "date.day_time", thu, "Do 03.12. 09:05"},
		{En, "date.day_time", thu, "Thu 3 Dec 09:05"},
		{Tr, "date.day", thu, "3 Ara 2026 Per"},
		{Tr, "date.day_time", time.Date(2027, 5, 3, 14, 0, 0, 0, time.UTC), "3 May Pzt 14:00"},
		{Ar, "date.day", thu, "الخميس 3 ديسمبر 2026"},
		{Ru, "date.day", time.Date(2027, 5, 9, 0, 0, 0, 0, time.UTC), "вс, 9 мая 2027"},
		{Uk, "date.date", thu, "3 груд. 2026"},
		{DeLS, "date.day_time", thu, "Donnerstag, 3. Dezember, 09:05 Uhr"},
	} {
		if got := c.Time(tc.l, tc.key, tc.at); got != tc.want {
			t.Errorf("Time(%s, %s) = %q, want %q", tc.l, tc.key, got, tc.want)
		}
	}
}

// TestTimeEveryLayout: every date layout of every language writes every
// day of a year with the language's own names.
func TestTimeEveryLayout(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var layouts []string
	for _, k := range c.Keys() {
		if strings.HasPrefix(k, "date.") && !strings.HasPrefix(k, "date.weekday.") && !strings.HasPrefix(k, "date.month.") {
			layouts = append(layouts, k)
		}
	}
	if len(layouts) < 3 {
		t.Fatalf("date layouts: %v", layouts)
	}
	for _, l := range All() {
		for _, k := range layouts {
			if layout := c.Text(l, k); strings.Contains(layout, "January") || strings.Contains(layout, "Monday") {
				t.Errorf("%s %s: %q: Jan and Mon stand for the names, January and Monday are not read", l, k, layout)
			}
			for d := time.Date(2027, 1, 1, 15, 4, 0, 0, time.UTC); d.Year() == 2027; d = d.AddDate(0, 0, 1) {
				got := c.Time(l, k, d)
				if !strings.Contains(got, "2027") && !strings.Contains(got, "15:04") {
					t.Fatalf("%s %s: %q has neither year nor time", l, k, got)
				}
				if strings.Contains(got, "date.") {
					t.Fatalf("%s %s: %q lacks a name", l, k, got)
				}
			}
		}
	}
}
