package route

import (
	"slices"
	"testing"
)

// TestStems checks that the forms of one word share a stem in each new
// language and that words apart stay apart.
func TestStems(t *testing.T) {
	st := newStemmer()
	same := [][]string{
		{ukrainian("заява"), ukrainian("заяви"), ukrainian("заяву")},
		{ukrainian("лічильник"), ukrainian("лічильника")},
		{st.russian("паспорт"), st.russian("паспорта"), st.russian("паспортом")},
		{st.turkish("basvuru"), st.turkish("basvurusu"), st.turkish("basvurumu")},
		{st.turkish("goender"), st.turkish("gonder")},
		{st.arabic("مدرسه"), st.arabic("المدرسه"), st.arabic("والمدرسه")},
	}
	for _, forms := range same {
		for _, f := range forms[1:] {
			if f != forms[0] {
				t.Errorf("stems %q: want one stem", forms)
				break
			}
		}
	}
	if ukrainian("посвідка") == ukrainian("посвідчення") {
		t.Errorf("посвідка and посвідчення share the stem %q", ukrainian("посвідка"))
	}
	if st.turkish("randevu") == st.german("randevu") {
		t.Error("a Turkish stem has no prefix of its own")
	}
	if got := arabicForms("هويتي"); !slices.Contains(got, "هويه") {
		t.Errorf("arabicForms(هويتي) = %q, want هويه among them", got)
	}
	if got := arabicForms("بسجل"); !slices.Contains(got, "سجل") {
		t.Errorf("arabicForms(بسجل) = %q, want سجل among them", got)
	}
}

// TestMatchLanguage checks Match.Language for a message in each script and
// language; the sentences are not in the evaluation sets.
func TestMatchLanguage(t *testing.T) {
	r := New(builtinCatalog(t))
	for text, want := range map[string]string{
		"Ich brauche bitte einen neuen Reisepass":  "de",
		"I would like to book an appointment":      "en",
		"Мені потрібна нова ID-картка, що робити?": "uk",
		"Мне нужна новая справка, что делать?":     "ru",
		"أريد أن أحجز موعدا في البلدية":            "ar",
		"yeni bir randevu almak istiyorum lutfen":  "tr",
		"Мені треба Termin у Bürgeramt":            "uk",
		"Ich will einen Termin. Das ist wichtig.":  "de",
		"Bürgeramt'ta Anmeldung yapmak istiyoruz":  "tr",
		"ممكن اعرف متى بيفتح Bürgerbüro":           "ar",
	} {
		if got := r.Route(text).Language; got != want {
			t.Errorf("Route(%q).Language = %q, want %q", text, got, want)
		}
	}
}

// TestRequested checks asking for a language against naming one.
func TestRequested(t *testing.T) {
	for text, want := range map[string]string{
		"Говоріть українською, будь ласка": "uk",
		"Пишите по-английски":              "en",
		"Lütfen Almanca yazın":             "de",
		"Mein Vater spricht nur Arabisch":  "",
		"Ich spreche kein Englisch":        "",
		"Russisch":                         "ru",
		"Bitte in einfacher Sprache":       "de-x-ls",
		"Keine leichte Sprache bitte":      "",
		"Ich habe einen Termin":            "",
	} {
		if got := requested(tokens(text)); got != want {
			t.Errorf("requested(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestForeignDocument: the passport of another state is no service.
func TestForeignDocument(t *testing.T) {
	r := New(builtinCatalog(t))
	for _, text := range []string{"Мій український паспорт закінчився, де його продовжити?", "Türk pasaportumu yenilemek istiyorum"} {
		if m := r.Route(text); m.Intent != "" {
			t.Errorf("Route(%q) = %q, want none", text, m.Intent)
		}
	}
	if m := r.Route("Мені потрібен німецький паспорт"); m.Intent != "passport" {
		t.Errorf("a German passport in Ukrainian routes to %q", m.Intent)
	}
}

// TestTransliterated reads Ukrainian and Russian typed in Latin letters,
// and leaves German and English alone.
func TestTransliterated(t *testing.T) {
	for _, c := range []struct {
		w    string
		ru   bool
		want string
	}{{"nuzhen", true, "нужен"}, {"zapysatysia", false, "записатися"}, {"shchas", true, "щас"}, {"dovidka", false, "довідка"}} {
		if got := cyrillic(c.w, c.ru); got != c.want {
			t.Errorf("cyrillic(%q, %v) = %q, want %q", c.w, c.ru, got, c.want)
		}
	}
	r := New(builtinCatalog(t))
	if m := r.Route("hochu otmenit svoyu zapis"); m.Intent != "appointment-cancel" {
		t.Errorf("a Russian cancellation in Latin letters routes to %q", m.Intent)
	}
	for _, text := range []string{"Ich brauche einen Termin beim Arzt", "I need a new sofa", "Wo ist der Bahnhof"} {
		if alt := r.transliterated(tokens(text)); alt != "" {
			t.Errorf("transliterated(%q) = %q, want none", text, alt)
		}
	}
}
