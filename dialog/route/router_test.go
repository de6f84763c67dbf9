package route

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"amtsbote/catalog"
	"amtsbote/dialog"
)

func TestRouteIssueExamples(t *testing.T) {
	r := New(builtinCatalog(t))
	for _, tc := range []struct{ text, intent, lang string }{
		{"ich will mich selbstständig machen", "business-registration", "de"},
		{"zählerstnd melden", "meter-reading", "de"},
		{"my visa expires next month", "residence-permit", "en"},
		{"Mensch bitte", dialog.IntentStaff, "de"},
		{"can I talk to a human", dialog.IntentStaff, "en"},
		{"wie ist der Stand meines Antrags", dialog.IntentStatus, "de"},
		{"AB-2026-000042", dialog.IntentStatus, "de"},
		{"status of my application", dialog.IntentStatus, "en"},
		{"Bewohnerparkausweis", "resident-parking", "de"},
		{"Anwohnerparkausweisverlängerung", "resident-parking", "de"},
		{"ANWOHNERPARKAUSWEISVERLAENGERUNG!!", "resident-parking", "de"},
		{"Zaehlerstand", "meter-reading", "de"},
		{"Zahlerstand", "meter-reading", "de"},
		{"Wie melde ich mein Gewerbe ab?", "business-deregistration", "de"},
		{"Ich melde mein Gewerbe um", "business-change", "de"},
		{"Wie wird das Wetter morgen?", "", "de"},
		{"What's the weather like tomorrow?", "", "en"},
		{"hallo", "", "de"},
		{"", "", "de"},
		{"   ", "", "de"},
		{"12345678", "", "de"},
	} {
		m := r.Route(tc.text)
		if m.Intent != tc.intent || m.Language != tc.lang {
			t.Errorf("Route(%q) = %+v, want %q in %s", tc.text, m, tc.intent, tc.lang)
		}
	}
}

// TestConfidence checks the contract with the engine: an intent only from
// dialog.RouteThreshold, confidence in [0, 1), a runner-up only with an
// intent and never the intent itself.
func TestConfidence(t *testing.T) {
	r := New(builtinCatalog(t))
	set := append(loadSet(t, tuningSet), loadSet(t, heldOutSet)...)
	for _, s := range set {
		m := r.Route(s.text)
		switch {
		case m.Confidence < 0 || m.Confidence >= 1:
			t.Errorf("Route(%q): confidence %v out of range", s.text, m.Confidence)
		case m.Intent != "" && m.Confidence < dialog.RouteThreshold:
			t.Errorf("Route(%q) = %+v: an intent below the threshold", s.text, m)
		case m.Intent == "" && m.Confidence >= dialog.RouteThreshold:
			t.Errorf("Route(%q) = %+v: no intent above the threshold", s.text, m)
		case m.RunnerUp != "" && (m.Intent == "" || m.RunnerUp == m.Intent):
			t.Errorf("Route(%q) = %+v: bad runner-up", s.text, m)
		case m.Language != "de" && m.Language != "en":
			t.Errorf("Route(%q) = %+v: bad language", s.text, m)
		}
	}
	// A request written out in full is sure enough to interrupt a form
	// (dialog.DigressionConfidence); a keyword alone is not.
	for text, want := range map[string]bool{
		"Ich möchte meinen Zählerstand melden":     true,
		"I want to report my meter reading":        true,
		"Kann ich mit einem Mitarbeiter sprechen?": true,
		"Zählerstand": false,
	} {
		if got := r.Route(text).Confidence >= dialog.DigressionConfidence; got != want {
			t.Errorf("Route(%q) reaches DigressionConfidence: %v, want %v", text, got, want)
		}
	}
}

func TestRunnerUp(t *testing.T) {
	r := New(builtinCatalog(t))
	for _, text := range []string{"Personalausweis oder Reisepass?", "Gewerbe ändern oder abmelden"} {
		m := r.Route(text)
		if m.Intent == "" || m.RunnerUp == "" {
			t.Errorf("Route(%q) = %+v, want an intent and a runner-up", text, m)
		}
	}
	for _, text := range []string{"Reisepass", "Gewerbe abmelden", "Zählerstand melden", "business registration"} {
		if m := r.Route(text); m.RunnerUp != "" {
			t.Errorf("Route(%q) = %+v: a clear case has a runner-up", text, m)
		}
	}
}

// TestCatalogOnly shows that a service added in a definition file is
// routed without Go code: by its keywords, their compounds and typos.
func TestCatalogOnly(t *testing.T) {
	extra := fstest.MapFS{"dog-tax.yaml": {Data: []byte(`
id: dog-tax
category: living
title: {de: "Hund anmelden (Hundesteuer)", en: "Register a dog (dog tax)"}
description: {de: "Melden Sie Ihren Hund zur Hundesteuer an.", en: "Register your dog for the dog tax."}
keywords: {de: [hundesteuer, hund, hundemarke], en: [dog tax, dog, dog tag]}
examples: {de: ["Ich habe einen Welpen und muss ihn anmelden"], en: ["I got a puppy"]}
department: ordnungsamt
mode: in-person
`)}}
	cat, err := catalog.LoadFS(catalog.Layer{FS: catalog.BuiltinFS(), Name: "builtin:"}, catalog.Layer{FS: extra, Name: "test:"})
	if err != nil {
		t.Fatal(err)
	}
	before := New(builtinCatalog(t))
	after := New(cat)
	for _, text := range []string{"Hundesteuer", "Hundesteueranmeldung", "hundesteur", "Ich will meinen Hund anmelden", "dog tax"} {
		if m := before.Route(text); m.Intent != "" {
			t.Errorf("without the service: Route(%q) = %+v", text, m)
		}
		if m := after.Route(text); m.Intent != "dog-tax" {
			t.Errorf("with the service: Route(%q) = %+v, want dog-tax", text, m)
		}
	}
}

func TestTokens(t *testing.T) {
	for in, want := range map[string]string{
		"Zählerstände":            "zaehlerstaende",
		"Straße, Öffnungszeiten!": "strasse oeffnungszeiten",
		"I'd like":                "i d like",
		"Café São":                "cafe sao",
		"AB-2026-000042":          "ab 2026 000042",
	} {
		if got := strings.Join(tokens(in), " "); got != want {
			t.Errorf("tokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStem(t *testing.T) {
	st := newStemmer()
	same := [][]string{
		{"zaehlerstand", "zahlerstand", "zaehlerstaende", "zaehlerstands"},
		{"bauplatz", "bauplaetze"},
		{"anmelden", "anmeldung"},
		{"bauen", "baue"},
	}
	for _, words := range same {
		want := st.german(words[0])
		for _, w := range words[1:] {
			if got := st.german(w); got != want {
				t.Errorf("german(%q) = %q, want %q (as %q)", w, got, want, words[0])
			}
		}
	}
	if st.english("readings") != st.english("reading") {
		t.Error("english: readings and reading differ")
	}
	if got := umlauts("neue"); got != "neue" {
		t.Errorf("umlauts(neue) = %q", got)
	}
	if got := umlauts("quelle"); got != "quelle" {
		t.Errorf("umlauts(quelle) = %q", got)
	}
	for w, want := range map[string]string{"verlegt": "verlegen", "abgemeldet": "abmelden", "abgelesen": "ablesen"} {
		if got := infinitives(w); !strings.Contains(strings.Join(got, " "), want) {
			t.Errorf("infinitives(%q) = %q, want %q among them", w, got, want)
		}
	}
}

func TestSplit(t *testing.T) {
	tr := newTrie()
	pieces := []string{"anwohner", "park", "ausweis", "verlaenger", "aufenthalt", "erlaubnis", "parkausweis"}
	for i, p := range pieces {
		tr.insert(p, int32(i))
	}
	for word, want := range map[string]string{
		"anwohnerparkausweisverlaengerung": "anwohner|parkausweis|verlaenger",
		"aufenthaltserlaubnis":             "aufenthalt|erlaubnis",
		"parkausweise":                     "parkausweis",
		"wetterbericht":                    "",
	} {
		var got []string
		for _, sg := range tr.split(word, true, nil) {
			got = append(got, pieces[sg.piece])
		}
		if strings.Join(got, "|") != want {
			t.Errorf("split(%q) = %q, want %q", word, got, want)
		}
	}
	if got := tr.split("parkausweis", false, nil); len(got) != 2 {
		t.Errorf("split(parkausweis) without the whole word = %v, want park|ausweis", got)
	}
}

func TestFuzzy(t *testing.T) {
	var s symspell
	for _, w := range []string{"zaehlerstand", "termin", "geburtsurkunde", "warten"} {
		s.add(w)
	}
	s.build()
	for word, want := range map[string]string{
		"zaehlerstnd":     "zaehlerstand",
		"zahelerstand":    "zaehlerstand", // swapped letters
		"terrmin":         "termin",
		"temin":           "termin",
		"gebrtsurkunde":   "geburtsurkunde",
		"geburtsurkund":   "geburtsurkunde",
		"garten":          "", // the first letter differs
		"tier":            "", // too short to guess
		"zaehlerstaaaand": "",
	} {
		ids, _ := s.near(word)
		got := ""
		if len(ids) > 0 {
			got = s.words[ids[0]]
		}
		if got != want {
			t.Errorf("near(%q) = %q, want %q", word, got, want)
		}
	}
	if d := osa("ca", "abc", 3); d != 3 {
		t.Errorf("osa(ca, abc) = %d, want 3", d)
	}
	if d := osa("abcd", "acbd", 2); d != 1 {
		t.Errorf("osa(abcd, acbd) = %d, want 1", d)
	}
}

func TestLanguage(t *testing.T) {
	r := New(builtinCatalog(t))
	for text, want := range map[string]string{
		"Hallo":                           "de",
		"Hi":                              "en",
		"Grüße":                           "de",
		"Can you help me with this?":      "en",
		"Können Sie mir helfen?":          "de",
		"12345":                           "de",
		"passport":                        "en",
		"Reisepass":                       "de",
		"I need help with the form":       "en",
		"Ich brauche Hilfe beim Formular": "de",
		"my Anmeldung":                    "en",
	} {
		if got := r.Route(text).Language; got != want {
			t.Errorf("language of %q = %q, want %q", text, got, want)
		}
	}
}

func TestConcurrentRoute(t *testing.T) {
	r := New(builtinCatalog(t))
	set := loadSet(t, tuningSet)
	want := make([]dialog.Match, len(set))
	for i, s := range set {
		want[i] = r.Route(s.text)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < len(set); i += 2 {
				if m := r.Route(set[i].text); m != want[i] {
					t.Errorf("Route(%q) = %+v concurrently, %+v alone", set[i].text, m, want[i])
				}
			}
		})
	}
	wg.Wait()
}

// FuzzRoute checks that any text routes without panic and within the
// contract; the seeds run with every go test.
func FuzzRoute(f *testing.F) {
	for _, s := range []string{"", "Zählerstand", "Привет, мне нужен паспорт", "مرحبا", "🙂🙂 Termin 🙂", "a-b-c-1234-5",
		strings.Repeat("anwohnerparkausweis", 20), strings.Repeat("x", 5000), "\x00\xff\xfe", "ÄÖÜ ẞ ß", "AB-2026-000042 AB-2026-000043"} {
		f.Add(s)
	}
	r := New(builtinCatalog(f))
	f.Fuzz(func(t *testing.T, text string) {
		m := r.Route(text)
		if m.Confidence < 0 || m.Confidence >= 1 || (m.Intent != "") != (m.Confidence >= dialog.RouteThreshold) ||
			!slices.Contains([]string{"de", "en", "uk", "tr", "ar", "ru"}, m.Language) {
			t.Errorf("Route(%q) = %+v", text, m)
		}
	})
}
