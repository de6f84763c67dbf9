package places_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"amtsbote/answers"
	"amtsbote/answers/places"
	"amtsbote/catalog"
	"amtsbote/services/appointments"
)

// builtin returns the shipped answers with the generated office answers,
// the places of the sample offices file and the known ids, as the app
// wires them.
func builtin(t *testing.T, o *appointments.Offices) (*answers.Set, *places.Places, answers.Known) {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	set, err := answers.Load("")
	if err != nil {
		t.Fatal(err)
	}
	p := places.New(o, cat)
	review, _ := answers.ParseDate("2027-06-30")
	for _, a := range answers.OfficeAnswers(p.Refs(), review) {
		set.PutDefault(a)
	}
	known := answers.Known{Services: map[string]bool{}, Offices: p.Known(), Departments: map[string]bool{}}
	for _, s := range cat.Services() {
		known.Services[s.ID] = true
	}
	for _, d := range cat.Departments() {
		known.Departments[d.ID] = true
	}
	return set, p, known
}

func TestBuiltinValidAndRendered(t *testing.T) {
	set, p, known := builtin(t, appointments.Sample())
	if err := set.Validate(known); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"hours-buergerbuero", "hours-standesamt", "hours-auslaenderbehoerde", "hours-gewerbeamt"} {
		if _, ok := set.Answer(id); !ok {
			t.Errorf("generated answer %s missing", id)
		}
	}
	for _, a := range set.All() {
		for _, lang := range []string{"de", "en", "tr"} {
			r, err := answers.Render(a, lang, p)
			if err != nil {
				t.Fatalf("%s/%s: %v", a.ID, lang, err)
			}
			if strings.Contains(r.Text+r.Title+r.First, "{") {
				t.Errorf("%s/%s: placeholder left: %q", a.ID, lang, r.Title+" "+r.Text)
			}
		}
	}
	if n := len(set.All()); n < 44 {
		t.Errorf("%d answers, want at least 44", n)
	}
}

func TestOfficeAnswerFollowsOfficesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "offices.yaml")
	sample, err := os.ReadFile("../../services/appointments/offices.yaml")
	if err != nil {
		t.Fatal(err)
	}
	render := func(lang string) answers.Rendered {
		o, err := appointments.LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		set, p, _ := builtin(t, o)
		a, ok := set.Answer("hours-buergerbuero")
		if !ok {
			t.Fatal("no hours-buergerbuero")
		}
		r, err := answers.Render(a, lang, p)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if err := os.WriteFile(path, sample, 0o600); err != nil {
		t.Fatal(err)
	}
	de := render("de")
	if want := "Bürgerbüro\nÖffnungszeiten: Mo–Mi, Fr 8–13 Uhr; Do 8–13 und 14–18 Uhr\nAdresse: Rathaus, Am Rathausplatz 1, 33098 Musterstadt"; de.Text != want {
		t.Errorf("German:\n%s\nwant\n%s", de.Text, want)
	}
	if de.Title != "Bürgerbüro: Öffnungszeiten und Adresse" || de.Office == nil || de.Office.ID != "buergerbuero" || de.Service != places.BookingService {
		t.Errorf("title %q, office %+v", de.Title, de.Office)
	}
	if en := render("en"); !strings.Contains(en.Text, "Opening hours: Mon–Wed, Fri 8 am–1 pm; Thu 8 am–1 pm and 2–6 pm") {
		t.Errorf("English: %q", en.Text)
	}
	// The city moves the office and opens on Saturdays: the answer follows.
	changed := strings.Replace(string(sample), `address: "Rathaus, Am Rathausplatz 1, 33098 Musterstadt"
    counters: 3`, `address: "Bürgerhaus, Marktstraße 5, 33098 Musterstadt"
    counters: 3`, 1)
	changed = strings.Replace(changed, `fri: ["08:00-13:00"]
    closed`, `fri: ["08:00-13:00"]
      sat: ["09:30-12:00"]
    closed`, 1)
	if changed == string(sample) {
		t.Fatal("the sample offices file changed: fix the test's edit")
	}
	if err := os.WriteFile(path, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	de = render("de")
	if !strings.Contains(de.Text, "Sa 9:30–12 Uhr") || !strings.Contains(de.Text, "Bürgerhaus, Marktstraße 5") {
		t.Errorf("after the change: %q", de.Text)
	}
	if a := render("de"); a.Office.Address != "Bürgerhaus, Marktstraße 5, 33098 Musterstadt" {
		t.Errorf("office address %q", a.Office.Address)
	}
}

// TestOfficeAnswersInEveryLanguage: the generated answer of an office
// speaks uk, tr, ar and ru, names the office as the offices file does in
// that language, with the German name on its sign in brackets, and gives
// its hours on the 24-hour clock.
func TestOfficeAnswersInEveryLanguage(t *testing.T) {
	set, p, _ := builtin(t, appointments.Sample())
	a, _ := set.Answer("hours-buergerbuero")
	for lang, hours := range map[string]string{
		"uk": "Пн–Ср, Пт 8:00–13:00; Чт 8:00–13:00 і 14:00–18:00",
		"tr": "Pzt–Çar, Cum 8:00–13:00",
		"ar": "الخميس 8:00–13:00 و 14:00–18:00",
		"ru": "Чт 8:00–13:00 и 14:00–18:00",
	} {
		r, err := answers.Render(a, lang, p)
		if err != nil {
			t.Fatal(err)
		}
		if r.Lang != lang || !strings.Contains(r.Title, "(Bürgerbüro): ") || !strings.Contains(r.Text, hours) || !strings.Contains(r.Text, "Am Rathausplatz 1") {
			t.Errorf("%s: %+v", lang, r)
		}
		if len(a.Questions[lang]) < 5 || len(a.Keywords[lang]) < 5 {
			t.Errorf("%s: questions %v, keywords %v", lang, a.Questions[lang], a.Keywords[lang])
		}
	}
}

func TestRenderDepartmentAndFallback(t *testing.T) {
	set, p, _ := builtin(t, appointments.Sample())
	a, _ := set.Answer("housing-benefit")
	r, err := answers.Render(a, "fr", p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Lang != "de" || r.Title != "Wohngeld beantragen" || r.Office == nil || r.Office.Hours != "Mo–Fr 8–12 Uhr" {
		t.Errorf("French (no text) falls back to German whole: %+v %+v", r, r.Office)
	}
	r, _ = answers.Render(a, "tr", p)
	if r.Lang != "tr" || !strings.Contains(r.Title, "Wohngeld") || !strings.Contains(r.Text, "Wohngeldstelle") {
		t.Errorf("Turkish: %+v", r)
	}
	r, _ = answers.Render(a, "en", p)
	if r.Lang != "en" || r.Office.Hours != "Mon–Fri 8 am–noon" || r.Office.Name != "Property and housing office" {
		t.Errorf("English: %+v %+v", r, r.Office)
	}
	if len(r.Links) != 2 || r.Links[0].Kind != answers.LinkPage || r.Links[1].Kind != answers.LinkForm {
		t.Errorf("links %+v", r.Links)
	}
	gone := &answers.Answer{ID: "x", Title: answers.Text{"de": "T"}, Text: answers.Text{"de": "{hours}"}, Links: answers.Links{Office: "mond"}}
	if _, err := answers.Render(gone, "de", p); err == nil || !strings.Contains(err.Error(), `office "mond" is not in the offices file`) {
		t.Errorf("an office that is gone: %v", err)
	}
}

func TestWeekly(t *testing.T) {
	for _, tc := range []struct {
		hours  map[string][]string
		de, en string
	}{
		{map[string][]string{"mon": {"08:00-12:00"}, "tue": {"08:00-12:00"}, "wed": {"08:00-12:00"}, "thu": {"08:00-12:00"}, "fri": {"08:00-12:00"}}, "Mo–Fr 8–12 Uhr", "Mon–Fri 8 am–noon"},
		{map[string][]string{"mon": {"07:30-12:30"}, "tue": {"07:30-12:30"}, "thu": {"14:00-17:45"}}, "Mo, Di 7:30–12:30 Uhr; Do 14–17:45 Uhr", "Mon, Tue 7:30 am–12:30 pm; Thu 2–5:45 pm"},
		{map[string][]string{}, "nach Vereinbarung", "by appointment"},
	} {
		if got := places.Weekly(tc.hours, "de"); got != tc.de {
			t.Errorf("de %q, want %q", got, tc.de)
		}
		if got := places.Weekly(tc.hours, "en"); got != tc.en {
			t.Errorf("en %q, want %q", got, tc.en)
		}
	}
	office := map[string][]string{"mon": {"08:00-13:00"}, "tue": {"08:00-13:00"}, "wed": {"08:00-13:00"}, "thu": {"08:00-13:00", "14:00-18:00"}, "fri": {"08:00-13:00"}}
	for lang, want := range map[string]string{
		"uk": "Пн–Ср, Пт 8:00–13:00; Чт 8:00–13:00 і 14:00–18:00",
		"ru": "Пн–Ср, Пт 8:00–13:00; Чт 8:00–13:00 и 14:00–18:00",
		"tr": "Pzt–Çar, Cum 8:00–13:00; Per 8:00–13:00 ve 14:00–18:00",
		"ar": "الاثنين–الأربعاء، الجمعة 8:00–13:00؛ الخميس 8:00–13:00 و 14:00–18:00",
		"fr": "Mon–Wed, Fri 8 am–1 pm; Thu 8 am–1 pm and 2–6 pm", // no hours of its own: English
	} {
		if got := places.Weekly(office, lang); got != want {
			t.Errorf("%s %q, want %q", lang, got, want)
		}
	}
	if got := places.Weekly(map[string][]string{}, "uk"); got != "за домовленістю" {
		t.Errorf("uk, no hours: %q", got)
	}
}
