package appointments

import (
	"regexp"
	"testing"
	"time"
	_ "time/tzdata"

	"amtsbote/text"
)

// sunday is Sunday 29 November 2026, 10:00 in Berlin: the tests' now.
func sunday(t testing.TB) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, 29, 10, 0, 0, 0, loc)
}

func TestParseWhen(t *testing.T) {
	now := sunday(t)
	const all = "2026-11-29..2027-02-26"
	for _, tc := range []struct{ in, want string }{
		{"nächster freier Termin", all + " 00:00-24:00"},
		{"next free", all + " 00:00-24:00"},
		{"so bald wie möglich", all + " 00:00-24:00"},
		{"egal", all + " 00:00-24:00"},
		{"heute", "2026-11-29..2026-11-29 00:00-24:00"},
		{"morgen", "2026-11-30..2026-11-30 00:00-24:00"},
		{"Tomorrow", "2026-11-30..2026-11-30 00:00-24:00"},
		{"übermorgen", "2026-12-01..2026-12-01 00:00-24:00"},
		{"uebermorgen", "2026-12-01..2026-12-01 00:00-24:00"},
		{"the day after tomorrow", "2026-12-01..2026-12-01 00:00-24:00"},
		{"nächsten Dienstag", "2026-12-01..2026-12-01 00:00-24:00"},
		{"next Tuesday", "2026-12-01..2026-12-01 00:00-24:00"},
		{"am Freitag", "2026-12-04..2026-12-04 00:00-24:00"},
		{"übernächsten Montag", "2026-12-07..2026-12-07 00:00-24:00"},
		{"Sonntag", "2026-12-06..2026-12-06 00:00-24:00"},
		{"am 3.12.", "2026-12-03..2026-12-03 00:00-24:00"},
		{"3.12", "2026-12-03..2026-12-03 00:00-24:00"},
		{"03.12.2026", "2026-12-03..2026-12-03 00:00-24:00"},
		{"2026-12-03", "2026-12-03..2026-12-03 00:00-24:00"},
		{"on 3 Dec", "2026-12-03..2026-12-03 00:00-24:00"},
		{"December 3rd", "2026-12-03..2026-12-03 00:00-24:00"},
		{"am 3. Dezember", "2026-12-03..2026-12-03 00:00-24:00"},
		{"am 5.1.", "2027-01-05..2027-01-05 00:00-24:00"}, // next January
		{"Do 3.12.", "2026-12-03..2026-12-03 00:00-24:00"},
		{"vormittags", all + " 00:00-12:00"},
		{"morning", all + " 00:00-12:00"},
		{"nachmittags", all + " 12:00-24:00"},
		{"morgen vormittag", "2026-11-30..2026-11-30 00:00-12:00"},
		{"morgen früh", "2026-11-30..2026-11-30 00:00-10:00"},
		{"tomorrow afternoon", "2026-11-30..2026-11-30 12:00-24:00"},
		{"nach 16 Uhr", all + " 16:00-24:00"},
		{"after 4 pm", all + " 16:00-24:00"},
		{"after 4", all + " 16:00-24:00"},
		{"ab 14:30", all + " 14:30-24:00"},
		{"vor 10 Uhr", all + " 00:00-10:00"},
		{"before 10am", all + " 00:00-10:00"},
		{"um 9 Uhr", all + " 09:00-24:00"},
		{"zwischen 9 und 11 Uhr", all + " 09:00-11:00"},
		{"between 2 and 4 pm", all + " 14:00-16:00"},
		{"9-11 Uhr", all + " 09:00-11:00"},
		{"nächsten Dienstag nach 14 Uhr", "2026-12-01..2026-12-01 14:00-24:00"},
		{"am 3.12. nachmittags", "2026-12-03..2026-12-03 12:00-24:00"},
		{"Donnerstag 16.30 Uhr", "2026-12-03..2026-12-03 16:30-24:00"},
		{"nächste Woche", "2026-11-30..2026-12-06 00:00-24:00"},
		{"next week", "2026-11-30..2026-12-06 00:00-24:00"},
		{"diese Woche", "2026-11-29..2026-11-29 00:00-24:00"},
		{"übernächste Woche", "2026-12-07..2026-12-13 00:00-24:00"},
		{"nächste Woche Mittwoch", "2026-12-02..2026-12-02 00:00-24:00"},
		{"in 2 Wochen", "2026-12-13..2026-12-19 00:00-24:00"},
		{"in drei Tagen", "2026-12-02..2026-12-02 00:00-24:00"},
		{"nächsten Monat", "2026-12-01..2026-12-31 00:00-24:00"},
		{"im Januar", "2027-01-01..2027-01-31 00:00-24:00"},
		// Slashes, day first or the year first, and Arabic-Indic digits.
		{"03/12/2026", "2026-12-03..2026-12-03 00:00-24:00"},
		{"14/12/26 nachmittags", "2026-12-14..2026-12-14 12:00-24:00"},
		{"2026/12/14", "2026-12-14..2026-12-14 00:00-24:00"},
		{"١٤/١٢/٢٠٢٦", "2026-12-14..2026-12-14 00:00-24:00"},
		{"\u200f١٤\u200f/١٢\u200f/٢٠٢٦", "2026-12-14..2026-12-14 00:00-24:00"},
		{"۱۴/۱۲/۲۰۲۶", "2026-12-14..2026-12-14 00:00-24:00"},
		{"٢٠٢٦/١٢/١٤", "2026-12-14..2026-12-14 00:00-24:00"},
		{"يوم ١٤/١٢/٢٠٢٦", "2026-12-14..2026-12-14 00:00-24:00"},
		{"١٤.١٢.", "2026-12-14..2026-12-14 00:00-24:00"},
		{"ab ١٤:٣٠", all + " 14:30-24:00"},
	} {
		q, ok := ParseWhen(tc.in, now, 90)
		if !ok {
			t.Errorf("%q: not understood", tc.in)
			continue
		}
		if got := q.String(); got != tc.want {
			t.Errorf("%q = %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, in := range []string{"", "Erika Mustermann", "ja", "Termin", "keine Ahnung", "nachmittags vor 10 Uhr", "31.2.", "42", "31/02/2026", "14/13/2026"} {
		if q, ok := ParseWhen(in, now, 90); ok {
			t.Errorf("%q understood as %s", in, q)
		}
	}
}

func TestRefineKeepsWhatIsNotSaid(t *testing.T) {
	now := sunday(t)
	base, _ := ParseWhen("nächsten Dienstag", now, 90)
	q, ok := refine(base, "nachmittags", now, 90)
	if !ok || q.String() != "2026-12-01..2026-12-01 12:00-24:00" {
		t.Errorf("refined = %s, %v", q, ok)
	}
	base, _ = ParseWhen("nach 16 Uhr", now, 90)
	if q, _ := refine(base, "Donnerstag", now, 90); q.String() != "2026-12-03..2026-12-03 16:00-24:00" {
		t.Errorf("refined = %s", q)
	}
}

func TestQueryRoundTripAndDescribe(t *testing.T) {
	q := Query{From: "2026-12-03", To: "2026-12-03", After: 16 * 60, Before: dayMinutes, Since: 1796310000}
	back, ok := ParseQuery(q.String())
	if !ok || back != q {
		t.Fatalf("%s → %+v, %v", q, back, ok)
	}
	h := New(Options{Location: sunday(t).Location()})
	for lang, want := range map[string]string{
		"de": "Do 03.12.2026, ab 16:00 Uhr", "en": "Thu 3 Dec 2026, from 16:00",
		"tr": "3 Ara 2026 Per, saat 16:00 ve sonrası", "ru": "чт, 3 дек. 2026, с 16:00",
		"de-x-ls": "Donnerstag, 3. Dezember 2026, ab 16:00 Uhr",
	} {
		if got := h.describe(q, lang); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	for _, bad := range []string{"", "2026-12-03..2026-12-02 00:00-24:00", "2026-12-03..2026-12-03 10:00-09:00", "x..y 00:00-24:00",
		"2026-12-03..2026-12-03 00:00-24:00 >-4", "2026-02-30..2026-03-01 00:00-24:00"} {
		if _, ok := ParseQuery(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

// FuzzWhen checks that ParseWhen never panics, is deterministic, and gives
// well-formed queries whose canonical form reads back the same.
func FuzzWhen(f *testing.F) {
	for _, s := range []string{"nächster freier Termin", "morgen vormittag", "nächsten Dienstag nach 14 Uhr", "am 3.12.",
		"on 3 Dec", "after 4 pm", "vor 10 Uhr", "zwischen 9 und 11", "9-11 Uhr", "in 2 Wochen", "3.12", "31.12.99",
		"Do. 24.12. um 9.30 uhr", "between 12 and 1 pm", "im mai", "next week tuesday"} {
		f.Add(s)
	}
	now := sunday(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := ParseWhen(s, now, 90)
		q2, ok2 := ParseWhen(s, now, 90)
		if ok != ok2 || q != q2 {
			t.Fatalf("%q: not deterministic", s)
		}
		if !ok {
			return
		}
		if q.From > q.To || q.After < 0 || q.After >= q.Before || q.Before > dayMinutes || q.Since != 0 {
			t.Fatalf("%q: bad query %+v", s, q)
		}
		back, ok := ParseQuery(q.String())
		if !ok || back != q {
			t.Fatalf("%q: %s reads back as %+v, %v", s, q, back, ok)
		}
	})
}

// TestExamplesInEveryLanguageAreRead: the examples the texts give of a
// wish ("3.12. 14:00", „morgen vormittag“) are read in every language.
func TestExamplesInEveryLanguageAreRead(t *testing.T) {
	c := text.MustBuiltin()
	quoted := regexp.MustCompile(`[„“«]([^„“”«»]+)[“”»]`)
	now := sunday(t)
	for _, l := range text.All() {
		n := 0
		for _, key := range []string{keyNotUnderstood, keyPickSlot} {
			for _, m := range quoted.FindAllStringSubmatch(c.Text(l, key), -1) {
				n++
				if _, ok := ParseWhen(m[1], now, 90); !ok {
					t.Errorf("%s %s: example %q is not read", l, key, m[1])
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no examples", l)
		}
	}
}
