package route

import (
	"slices"
	"strings"
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
		{st.turkish("durum"), st.turkish("durumunu")},
		{st.turkish("hasta"), st.turkish("hastayim")},
		{st.arabic("مدرسه"), st.arabic("المدرسه"), st.arabic("والمدرسه")},
		{st.arabic("الشهر"), st.arabic("هالشهر")},
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
	if st.turkish("oeluem") == st.turkish("olmak") {
		t.Errorf("ölüm (death) and olmak (to be) share the stem %q", st.turkish("olmak"))
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

// TestArabizi reads Arabic typed in Latin letters and digits, and leaves
// German, English and Turkish alone; the sentences are not in the
// evaluation sets.
func TestArabizi(t *testing.T) {
	for _, c := range []struct {
		w    string
		sp   spelling
		want string
	}{
		{"maw3ed", spelling{}, "موعد"},
		{"7ajz", spelling{}, "حجز"},
		{"i2ama", spelling{long: 1, taMarbuta: true, qaf: true}, "اقامه"},
		{"shahade", spelling{long: 2, taMarbuta: true}, "شهاده"},
		{"bdi", spelling{}, "بدي"},
		{"ba7tej", spelling{long: 2, imala: true}, "بحتاج"},
	} {
		if got := arabicSpelling(c.w, c.sp); got != c.want {
			t.Errorf("arabicSpelling(%q, %+v) = %q, want %q", c.w, c.sp, got, c.want)
		}
	}
	r := New(builtinCatalog(t))
	if m := r.Route("bade a7jez maw3ed"); m.Intent != "appointment" {
		t.Errorf("an appointment in Arabizi routes to %q", m.Intent)
	}
	for _, text := range []string{"Ich brauche einen Termin beim Arzt", "I need a new sofa", "Wo ist der Bahnhof",
		"bana bir masa lazim", "room 2b is closed"} {
		if alt := r.arabizi(tokens(text)); alt != "" {
			t.Errorf("arabizi(%q) = %q, want none", text, alt)
		}
	}
}

// TestAsksSpeaker routes a question for someone who speaks a language to
// a person, and leaves a language named otherwise to the other rules.
func TestAsksSpeaker(t *testing.T) {
	r := New(builtinCatalog(t))
	for _, text := range []string{"Spricht bei Ihnen jemand Türkisch?", "Is there anybody who speaks Arabic", "Türkçe konuşan biri var mı?"} {
		if m := r.Route(text); m.Intent != "talk-to-staff" {
			t.Errorf("%q routes to %q, want talk-to-staff", text, m.Intent)
		}
	}
	for _, text := range []string{"Mein Mann spricht nur Türkisch", "Can someone help me with my English", "Türkçe lütfen"} {
		if asksSpeaker(tokens(text)) {
			t.Errorf("asksSpeaker(%q) = true", text)
		}
	}
}

// TestPhraseOfOneWord counts a keyword phrase whose other words are stop
// words ("подзвоніть мені") as a keyword of one word, but not a German
// phrase ending in a separable verb's particle ("rufen Sie mich an"),
// whose verb alone means something else.
func TestPhraseOfOneWord(t *testing.T) {
	r := New(builtinCatalog(t))
	strong := func(word, intent string) bool {
		id, ok := r.v.terms[ukrainian(word)]
		if word == "rufen" {
			id, ok = r.v.terms[newStemmer().german(word)]
		}
		if !ok {
			t.Fatalf("%q is no term", word)
		}
		for i, x := range r.ids {
			if x == intent {
				return r.v.flags[int(id)*r.v.n+i]&flagStrong != 0
			}
		}
		t.Fatalf("no intent %q", intent)
		return false
	}
	if !strong("подзвоніть", "contact-request") {
		t.Error("подзвоніть of the keyword 'подзвоніть мені' is no strong evidence for contact-request")
	}
	if strong("rufen", "contact-request") {
		t.Error("rufen of the keyword 'rufen sie mich an' is strong evidence for contact-request")
	}
}

// TestJoinParticles joins a particle written apart from its verb when
// the catalog knows the verb, and nothing else.
func TestJoinParticles(t *testing.T) {
	r := New(builtinCatalog(t))
	for text, want := range map[string]string{
		"das gewerbe ab melden": "das gewerbe abmelden",
		"ab morgen":             "ab morgen",
		"ich ziehe um":          "ich ziehe um",
	} {
		if got := strings.Join(r.joinParticles(tokens(text)), " "); got != want {
			t.Errorf("joinParticles(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestApplyInEveryLanguage: the words of applying are known in every
// language, so an application wins over an answer there too ("an answer
// never wins against a clear application"), and a question without one
// still gets the answer.
func TestApplyInEveryLanguage(t *testing.T) {
	r := loadKnowledge(t).router
	for _, w := range []string{"beantragen", "basvurmak", "свідоцтво", "оформить", "تجديد", "بحجز"} {
		if !r.isApply(w) {
			t.Errorf("isApply(%q) = false", w)
		}
	}
	for _, w := range []string{"randevu", "موعد", "паспорт", "wohnung"} {
		if r.isApply(w) {
			t.Errorf("isApply(%q) = true", w)
		}
	}
	for text, want := range map[string]string{
		"Нужно свидетельство о смерти мамы": "civil-certificate",
		"Мой отец умер, что делать?":        "death-in-family",
	} {
		if m := r.Route(text); m.Intent != want {
			t.Errorf("%q routes to %q, want %q", text, m.Intent, want)
		}
	}
}
