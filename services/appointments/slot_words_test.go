package appointments

import (
	"reflect"
	"testing"

	"amtsbote/dialog"
	"amtsbote/text"
)

// TestGrammarEveryLanguage: the words of time around numbers and days
// (between … and, until, in N weeks, weekend, next month) give the window
// meant in each language, read on Sunday 29 November 2026.
func TestGrammarEveryLanguage(t *testing.T) {
	now := sunday(t)
	const (
		all       = "2026-11-29..2027-02-26"
		nineElev  = all + " 09:00-11:00"
		twoWeeks  = "2026-12-13..2026-12-19 00:00-24:00"
		oneWeek   = "2026-12-06..2026-12-12 00:00-24:00"
		inTwo     = "2026-12-01..2026-12-01 00:00-24:00"
		inThree   = "2026-12-02..2026-12-02 00:00-24:00"
		weekend   = "2026-12-05..2026-12-06 00:00-24:00"
		nextMonth = "2026-12-01..2026-12-31 00:00-24:00"
	)
	r := builtinWhen()
	for _, tc := range []struct{ lang, in, want string }{
		{"de", "zwischen 9 und 11 Uhr", nineElev},
		{"de", "von 9 bis 11", nineElev},
		{"de", "bis 11", all + " 00:00-11:00"},
		{"de", "in 2 Wochen", twoWeeks},
		{"de", "in zwei Wochen", twoWeeks},
		{"de", "in 3 Tagen", inThree},
		{"de", "am Wochenende", weekend},
		{"de", "nächsten Monat", nextMonth},
		{"de", "kommenden Dienstag", inTwo},
		{"de", "Montag, den 14.12. um 10 Uhr", "2026-12-14..2026-12-14 10:00-24:00"}, // not tr "den"
		{"de", "den 1.12. bis 11 Uhr", "2026-12-01..2026-12-01 00:00-11:00"},
		{"de-x-ls", "zwischen 9 und 11 Uhr", nineElev},
		{"de-x-ls", "in 2 Wochen", twoWeeks},
		{"en", "between 9 and 11", nineElev},
		{"en", "from 9 to 11", nineElev},
		{"en", "from 9 until 11", nineElev},
		{"en", "till 11", all + " 00:00-11:00"},
		{"en", "in two weeks", twoWeeks},
		{"en", "in 3 days", inThree},
		{"en", "at the weekend", weekend},
		{"en", "next month", nextMonth},
		{"uk", "між 9 і 11", nineElev},
		{"uk", "з 9 до 11", nineElev},
		{"uk", "через 2 тижні", twoWeeks},
		{"uk", "через два тижні", twoWeeks},
		{"uk", "через тиждень", oneWeek},
		{"uk", "через 3 дні", inThree},
		{"uk", "на вихідних", weekend},
		{"uk", "наступного місяця", nextMonth},
		{"ru", "между 9 и 11", nineElev},
		{"ru", "с 9 до 11", nineElev},
		{"ru", "до 11", all + " 00:00-11:00"},
		{"ru", "через 2 недели", twoWeeks},
		{"ru", "через неделю", oneWeek},
		{"ru", "через 3 дня", inThree},
		{"ru", "на выходных", weekend},
		{"ru", "в следующем месяце", nextMonth},
		{"ru", "в следующий вторник", inTwo},
		{"tr", "9 ile 11 arası", nineElev},
		{"tr", "saat 9 ile 11 arasında", nineElev},
		{"tr", "9'dan 11'e kadar", nineElev},
		{"tr", "11'e kadar", all + " 00:00-11:00"},
		{"tr", "11e kadar", all + " 00:00-11:00"},
		{"tr", "2 hafta sonra", twoWeeks},
		{"tr", "iki hafta sonra", twoWeeks},
		{"tr", "3 gün sonra", inThree},
		{"tr", "hafta sonu", weekend},
		{"tr", "gelecek ay", nextMonth},
		{"ar", "بين 9 و 11", nineElev},
		{"ar", "بين 9 و11", nineElev},
		{"ar", "من 9 إلى 11", nineElev},
		{"ar", "بعد أسبوعين", twoWeeks},
		{"ar", "بعد 2 أسابيع", twoWeeks},
		{"ar", "بعد أسبوع", oneWeek},
		{"ar", "بعد يومين", inTwo},
		{"ar", "نهاية الأسبوع", weekend},
		{"ar", "الشهر القادم", nextMonth},
	} {
		q, ok := r.parseWhen(tc.in, tc.lang, now, 90)
		if got := q.String(); !ok || got != tc.want {
			t.Errorf("%s %q: %s (%v), want %s", tc.lang, tc.in, got, ok, tc.want)
		}
	}
}

// TestSlotWordsEveryLanguage: at the slots offered, each language's words
// for other slots ask for later ones or another day, as the options do.
func TestSlotWordsEveryLanguage(t *testing.T) {
	r := builtinWhen()
	for _, tc := range []struct{ lang, in, want string }{
		{"de", "später", optLater}, {"de", "Später bitte", optLater}, {"de", "mehr", optLater},
		{"de", "andere Uhrzeit", optLater}, {"de", "anderer Tag", optOtherDay}, {"de", "An einem anderen Tag", optOtherDay},
		{"de-x-ls", "Später", optLater}, {"de-x-ls", "Anderer Tag", optOtherDay},
		{"en", "later", optLater}, {"en", "more", optLater}, {"en", "another time", optLater},
		{"en", "Another day", optOtherDay}, {"en", "other day", optOtherDay},
		{"tr", "daha sonra", optLater}, {"tr", "Daha geç", optLater}, {"tr", "başka saat", optLater},
		{"tr", "başka gün", optOtherDay}, {"tr", "Başka bir gün", optOtherDay}, {"tr", "baska gun", optOtherDay},
		{"uk", "пізніше", optLater}, {"uk", "інший час", optLater}, {"uk", "інший день", optOtherDay},
		{"uk", "В інший день", optOtherDay},
		{"ru", "позже", optLater}, {"ru", "попозже", optLater}, {"ru", "еще", optLater},
		{"ru", "другой день", optOtherDay}, {"ru", "в другой день", optOtherDay},
		{"ar", "لاحقًا", optLater}, {"ar", "لاحقا", optLater}, {"ar", "وقت آخر", optLater},
		{"ar", "يوم آخر", optOtherDay}, {"ar", "في يوم آخر", optOtherDay},
		{"de", "morgen", ""}, {"tr", "14:00", ""}, {"ru", "день", ""}, {"ar", "يوم", ""},
	} {
		if got := r.slotWord(tc.in); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
	// the options' labels typed back
	c := text.MustBuiltin()
	for _, l := range text.All() {
		for key, want := range map[string]string{"appointments.option.later": optLater, "appointments.option.other_day": optOtherDay} {
			if got := r.slotWord(c.Text(l, key)); got != want {
				t.Errorf("%s %s %q: %q, want %q", l, key, c.Text(l, key), got, want)
			}
		}
	}
}

// TestHandlerReadsSlotWords: a slot word typed in a conversation's
// language is answered as the option it names.
func TestHandlerReadsSlotWords(t *testing.T) {
	now := sunday(t)
	h := New(Options{Location: now.Location()})
	book := map[string]string{"concern": "other"}
	book["when"] = h.CheckAnswer(dialog.Answer{Service: ServiceBook, Field: fieldWhen, Value: "next week", Answers: book, Lang: "en", Now: now}).Value
	ask := func(lang, v string) dialog.Check {
		return h.CheckAnswer(dialog.Answer{Service: ServiceBook, Field: fieldSlot, Value: v, Answers: book, Lang: lang, Now: now})
	}
	later, other := ask("de", optLater), ask("de", optOtherDay)
	if !later.Again || !other.Again || reflect.DeepEqual(later.Fill, other.Fill) {
		t.Fatalf("options: %+v, %+v", later, other)
	}
	for _, tc := range []struct{ lang, in, opt string }{
		{"de", "später", optLater}, {"en", "another day", optOtherDay},
		{"tr", "daha sonra", optLater}, {"tr", "başka gün", optOtherDay},
		{"uk", "інший день", optOtherDay}, {"ru", "позже", optLater}, {"ar", "يوم آخر", optOtherDay},
	} {
		want := ask(tc.lang, tc.opt)
		if got := ask(tc.lang, tc.in); !got.Again || !reflect.DeepEqual(got.Fill, want.Fill) || !reflect.DeepEqual(got.Note, want.Note) {
			t.Errorf("%s %q: %+v, want %+v", tc.lang, tc.in, got, want)
		}
	}
}

// TestWishOptionLabelsAreRead: the labels of the options at "when", typed
// back in each language ("Gelecek hafta", "Завтра"), are read as the
// option's value is.
func TestWishOptionLabelsAreRead(t *testing.T) {
	now, c, r := sunday(t), text.MustBuiltin(), builtinWhen()
	for _, l := range text.All() {
		for key, value := range map[string]string{"appointments.option.next_free": "next free",
			"appointments.option.tomorrow": "tomorrow", "appointments.option.next_week": "next week"} {
			want, _ := r.parseWhen(value, "en", now, 90)
			if got, ok := r.parseWhen(c.Text(l, key), string(l), now, 90); !ok || got != want {
				t.Errorf("%s %q: %s (%v), want %s", l, c.Text(l, key), got, ok, want)
			}
		}
	}
}

// TestSlotWordsAreTheCatalogs: a slot word a city adds counts, one it
// takes out no longer does (unless another language lists it).
func TestSlotWordsAreTheCatalogs(t *testing.T) {
	c := text.MustBuiltin()
	r := newWhenReader(cityWords{c, "appointments.word.other_day", "Ausweichtag"}, c)
	if got := r.slotWord("Ausweichtag"); got != optOtherDay {
		t.Errorf("added word: %q", got)
	}
	if got := r.slotWord("anderer Tag"); got != "" {
		t.Errorf("removed word: %q", got)
	}
	if got := r.slotWord(optOtherDay); got != optOtherDay {
		t.Errorf("the option's value: %q", got)
	}
}
