package appointments

import (
	"regexp"
	"testing"

	"amtsbote/catalog"
	"amtsbote/dialog"
	"amtsbote/text"
)

// TestParseWhenEveryLanguage: each language's forms of a wish give the
// days and time of day meant, read on Sunday 29 November 2026.
func TestParseWhenEveryLanguage(t *testing.T) {
	now := sunday(t)
	const all = "2026-11-29..2027-02-26"
	const (
		tomorrow = "2026-11-30..2026-11-30"
		tuesday  = "2026-12-01..2026-12-01"
		thursday = "2026-12-03..2026-12-03"
		friday   = "2026-12-04..2026-12-04"
		dec14    = "2026-12-14..2026-12-14"
		nextWeek = "2026-11-30..2026-12-06"
		allDay   = " 00:00-24:00"
	)
	r := builtinWhen()
	for _, tc := range []struct{ lang, in, want string }{
		{"de", "14/12/2026", dec14 + allDay},
		{"de", "04/03/2027", "2027-03-04..2027-03-04" + allDay}, // day first
		{"de", "dienstags nachmittags", tuesday + " 12:00-24:00"},
		{"de", "Donnerstag 14 Uhr oder später", thursday + " 14:00-24:00"},
		{"de", "Freitag bis 9 Uhr", friday + " 00:00-09:00"},
		{"de", "heut nachmittag", "2026-11-29..2026-11-29 12:00-24:00"},
		{"de-x-ls", "Am Dienstag am Nachmittag", tuesday + " 12:00-24:00"},
		{"de-x-ls", "14.12.2026", dec14 + allDay},
		{"en", "2026-12-14", dec14 + allDay},
		{"en", "14/12/2026", dec14 + allDay},
		{"en", "Tuesday after 2 pm", tuesday + " 14:00-24:00"},
		{"en", "3rd of December", thursday + allDay},
		{"en", "next Monday 10:00", tomorrow + " 10:00-24:00"},
		{"en", "not before 9", all + " 09:00-24:00"},
		{"en", "by 11 at the latest", all + " 00:00-11:00"},
		{"uk", "завтра вранці", tomorrow + " 00:00-12:00"},
		{"uk", "у вівторок", tuesday + allDay},
		{"uk", "вівторок після 14", tuesday + " 14:00-24:00"},
		{"uk", "в середу до 12", "2026-12-02..2026-12-02 00:00-12:00"},
		{"uk", "14.12.2026", dec14 + allDay},
		{"uk", "14 грудня", dec14 + allDay},
		{"uk", "5 березня", "2027-03-05..2027-03-05" + allDay}, // the next March
		{"uk", "наступного тижня", nextWeek + allDay},
		{"uk", "післязавтра о 10:30", tuesday + " 10:30-24:00"},
		{"uk", "з 9 до 11", all + " 09:00-11:00"},
		{"uk", "в п'ятницю після обіду", friday + " 12:00-24:00"},
		{"tr", "yarın sabah", tomorrow + " 00:00-12:00"},
		{"tr", "salı öğleden sonra", tuesday + " 12:00-24:00"},
		{"tr", "Salı günü saat 14'ten sonra", tuesday + " 14:00-24:00"},
		{"tr", "cuma 10'dan önce", friday + " 00:00-10:00"},
		{"tr", "cuma 14ten sonra", friday + " 14:00-24:00"},
		{"tr", "14.12.2026", dec14 + allDay},
		{"tr", "14 Aralık", dec14 + allDay},
		{"tr", "gelecek hafta", nextWeek + allDay},
		{"tr", "ogleden sonra", all + " 12:00-24:00"},
		{"tr", "öbür gün akşam", tuesday + " 16:00-24:00"},
		{"ar", "١٤/١٢/٢٠٢٦", dec14 + allDay},
		{"ar", "14/12/2026", dec14 + allDay},
		{"ar", "غدًا", tomorrow + allDay},
		{"ar", "غدا صباحا", tomorrow + " 00:00-12:00"},
		{"ar", "الثلاثاء بعد الساعة ٢", tuesday + " 14:00-24:00"},
		{"ar", "يوم الخميس قبل ١١:٠٠", thursday + " 00:00-11:00"},
		{"ar", "الأسبوع القادم", nextWeek + allDay},
		{"ar", "بعد الظهر", all + " 12:00-24:00"},
		{"ar", "الساعة ١٠:٣٠ صباحا", all + " 10:30-12:00"},
		{"ar", "بعد غد", tuesday + allDay},
		{"ar", "14 ديسمبر", dec14 + allDay},
		{"ar", "14 كانون الأول 2026 مساءً", dec14 + " 16:00-24:00"},
		{"ru", "во вторник после 14", tuesday + " 14:00-24:00"},
		{"ru", "завтра утром", tomorrow + " 00:00-12:00"},
		{"ru", "в пятницу в 9:30", friday + " 09:30-24:00"},
		{"ru", "14 декабря", dec14 + allDay},
		{"ru", "14.12.2026", dec14 + allDay},
		{"ru", "14 декабря 2026 г. утром", dec14 + " 00:00-12:00"},
		{"ru", "на следующей неделе", nextWeek + allDay},
		{"ru", "после обеда", all + " 12:00-24:00"},
		{"ru", "с 9 до 11 часов", all + " 09:00-11:00"},
		{"ru", "послезавтра вечером", tuesday + " 16:00-24:00"},
		{"ru", "до 11ч", all + " 00:00-11:00"},
		{"ru", "по вторникам после обеда", tuesday + " 12:00-24:00"},
	} {
		q, ok := r.parseWhen(tc.in, tc.lang, now, 90)
		if !ok {
			t.Errorf("%s %q: not understood", tc.lang, tc.in)
			continue
		}
		if got := q.String(); got != tc.want {
			t.Errorf("%s %q = %s, want %s", tc.lang, tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ lang, in string }{
		{"en", "04/03/2027"}, // the 4th of March or the 3rd of April
		{"tr", "merhaba"}, {"ar", "شكرا"}, {"ru", "не знаю"}, {"uk", "14"},
	} {
		if q, ok := r.parseWhen(tc.in, tc.lang, now, 90); ok {
			t.Errorf("%s %q understood as %s", tc.lang, tc.in, q)
		}
	}
}

// cityWords is the built-in catalog with one list of words changed, as a
// city's override file changes it.
type cityWords struct {
	*text.Catalog
	key, words string
}

func (c cityWords) Text(l text.Lang, key string, args ...any) string {
	if key == c.key {
		return c.words
	}
	return c.Catalog.Text(l, key, args...)
}

// TestWishWordsAreTheCatalogs: a word a city adds counts, and a word it
// takes out no longer does.
func TestWishWordsAreTheCatalogs(t *testing.T) {
	now := sunday(t)
	c := text.MustBuiltin()
	r := newWhenReader(cityWords{c, "appointments.word.weekday.2", "Dienstag|Ziestag"}, c)
	if q, ok := r.parseWhen("Ziestag", "de", now, 90); !ok || q.String() != "2026-12-01..2026-12-01 00:00-24:00" {
		t.Errorf("added word: %s, %v", q, ok)
	}
	if q, ok := r.parseWhen("dienstags", "de", now, 90); ok {
		t.Errorf("removed word understood as %s", q)
	}
}

// TestPromptExamplesAreRead: the examples the prompts of "when" and
// "slot" give in each language („morgen vormittag“, «завтра до обіду»)
// are read in that language.
func TestPromptExamplesAreRead(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	def, ok := cat.Service(ServiceBook)
	if !ok {
		t.Fatal("no appointment form")
	}
	quoted := regexp.MustCompile(`[„“«]([^„“”«»]+)[“”»]`)
	now, r := sunday(t), builtinWhen()
	for _, f := range def.Fields {
		if f.Name != fieldWhen && f.Name != fieldSlot {
			continue
		}
		for _, l := range text.All() {
			ms := quoted.FindAllStringSubmatch(f.Prompt.In(string(l)), -1)
			if len(ms) == 0 && l != text.DeLS {
				t.Errorf("%s %s: no examples", f.Name, l)
			}
			for _, m := range ms {
				if _, ok := r.parseWhen(m[1], string(l), now, 90); !ok {
					t.Errorf("%s %s: example %q is not read", f.Name, l, m[1])
				}
			}
		}
	}
}

// TestHandlerReadsTheWishInTheConversationsLanguage: "04/12/2026" is the
// 4th of December everywhere but in English, where the handler asks
// which date is meant, as a form's date field does.
func TestHandlerReadsTheWishInTheConversationsLanguage(t *testing.T) {
	now := sunday(t)
	h := New(Options{Location: now.Location()})
	for _, l := range text.All() {
		c := h.CheckAnswer(dialog.Answer{Service: ServiceBook, Field: fieldWhen, Value: "04/12/2026", Lang: string(l), Now: now})
		switch {
		case l == text.En && c.Problem == nil:
			t.Errorf("en: read as %q", c.Value)
		case l != text.En && c.Value != "2026-12-04..2026-12-04 00:00-24:00":
			t.Errorf("%s: %q, %+v", l, c.Value, c.Problem)
		}
	}
}
