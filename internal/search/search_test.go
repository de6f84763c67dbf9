package search_test

import (
	"strings"
	"testing"

	"amtsbote/answers"
	"amtsbote/answers/places"
	"amtsbote/catalog"
	"amtsbote/internal/search"
	"amtsbote/services/appointments"
)

// shipped indexes the shipped answers with the generated office answers.
func shipped(t *testing.T) *search.Index {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	set, err := answers.Load("")
	if err != nil {
		t.Fatal(err)
	}
	review, _ := answers.ParseDate("2027-06-30")
	p := places.New(appointments.Sample(), cat)
	for _, a := range answers.OfficeAnswers(p.Refs(), review) {
		set.PutDefault(a)
	}
	return search.FromAnswers(set.All(), p)
}

func TestRealQueries(t *testing.T) {
	ix := shipped(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"de", "Sperrmüll", "bulky-waste"},
		{"de", "sperrmuell abholung", "bulky-waste"},
		{"de", "wann hat das Bürgerbüro offen", "hours-buergerbuero"},
		{"de", "wann hat das buergerbuero offen?", "hours-buergerbuero"},
		{"de", "ich will mein auto anmelden", "car-registration"},
		{"de", "Personalausweis verloren", "lost-id"},
		{"de", "Reisepass gestohlen", "lost-id"},
		{"de", "Hundesteuermarke", "dog-tax"},
		{"de", "Öffnungszeiten Standesamt", "hours-standesamt"},
		{"de", "wo ist die Ausländerbehörde", "hours-auslaenderbehoerde"},
		{"de", "wann hat das Bürgeramt auf", "hours-buergerbuero"}, // another name of the office
		{"de", "Standesamt Marienplatz", "hours-standesamt"},       // its address, from the offices file
		{"en", "immigration office opening hours", "hours-auslaenderbehoerde"},
		{"de", "Führungszeugnis", "certificate-of-good-conduct"},
		{"de", "Meldebescheinigung beantragen", "registration-certificate"},
		{"de", "Kitaplatz für meine Tochter", "day-care"},
		{"de", "nachbarn laut nachts", "noise-complaint"},
		{"de", "schlagloch in der strasse", "road-defect"},
		{"de", "wir wollen heiraten", "marriage"},
		{"de", "Grundsteuer fällig", "property-tax"},
		{"de", "Führerschein umtauschen", "driving-licence"},
		{"de", "Halteverbot Umzug", "move-parking-ban"},
		{"en", "bulky waste", "bulky-waste"},
		{"en", "I lost my passport", "lost-id"},
		{"en", "when is the citizens office open", "hours-buergerbuero"},
		{"en", "register my car", "car-registration"},
		{"en", "how much is the dog tax", "dog-tax"},
		{"en", "my Führerschein is from Turkey", "driving-licence"}, // the German word in English
		{"tr", "Sperrmüll ne zaman", "bulky-waste"},                 // the German word in Turkish
	} {
		hits := ix.Search(tc.lang, tc.text, 3)
		if len(hits) == 0 || hits[0].ID != tc.want {
			t.Errorf("%s %q: %v, want %s first", tc.lang, tc.text, hits, tc.want)
		}
	}
}

func TestNothingFound(t *testing.T) {
	ix := shipped(t)
	for _, q := range []string{"", "ich und du", "xyzzy quux"} {
		if hits := ix.Search("de", q, 3); len(hits) != 0 {
			t.Errorf("%q: %v, want nothing", q, hits)
		}
	}
	if hits := ix.Search("de", "Ausweis", 3); len(hits) != 3 || hits[0].Score < hits[1].Score || hits[1].Score < hits[2].Score {
		t.Errorf("k=3, best first: %v", hits)
	}
}

func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		lang, text string
		want       []string
	}{
		{"de", "Zählerstände", []string{"zahlerstand"}},
		{"de", "zaehlerstaende", []string{"zahlerstand"}},
		{"de", "Ich will mein Auto anmelden", []string{"auto", "anmeld"}},
		{"en", "registering cars", []string{"regist", "car"}},
		{"ru", "Паспорта", []string{"паспорт"}},
		{"tr", "kimlikleri", []string{"kimlik"}},
		{"uk", "Паспорт", []string{"паспорт"}}, // no Ukrainian stemmer: folded only
	} {
		got := search.Terms(tc.lang, tc.text)
		if len(got) != len(tc.want) {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s %q: %q, want %q", tc.lang, tc.text, got, tc.want)
			}
		}
	}
}

func TestOwnLanguageIndexed(t *testing.T) {
	a := &answers.Answer{ID: "tr-only", Title: answers.Text{"de": "Abfall", "tr": "Çöp takvimi"}, Text: answers.Text{"de": "Abfall", "tr": "Çöp toplama günleri"}}
	b := &answers.Answer{ID: "other", Title: answers.Text{"de": "Hund"}, Text: answers.Text{"de": "Hundesteuer"}}
	ix := search.FromAnswers([]*answers.Answer{a, b}, nil)
	if got := ix.Langs(); len(got) != 2 || got[0] != "de" || got[1] != "tr" {
		t.Errorf("languages %v", got)
	}
	if hits := ix.Search("tr", "çöp takvimleri", 3); len(hits) != 1 || hits[0].ID != "tr-only" {
		t.Errorf("Turkish: %v", hits)
	}
}

func TestConcurrentSearch(t *testing.T) {
	ix := shipped(t)
	done := make(chan []search.Hit)
	for range 8 {
		go func() { done <- ix.Search("de", "Sperrmüll abholen lassen", 1) }()
	}
	for range 8 {
		if hits := <-done; len(hits) != 1 || hits[0].ID != "bulky-waste" {
			t.Errorf("concurrent search: %v", hits)
		}
	}
}

// TestOtherStopWords checks that the small words of the new languages
// are no terms, and the words about a topic are.
func TestOtherStopWords(t *testing.T) {
	for _, c := range []struct{ lang, text, want string }{
		{"ru", "для", ""}, {"uk", "в", ""}, {"tr", "ve", ""}, {"tr", "için", ""}, {"ar", "و", ""},
		{"uk", "довідка", "довідка"},
	} {
		got := strings.Join(search.Terms(c.lang, c.text), " ")
		if got != c.want {
			t.Errorf("Terms(%s, %q) = %q, want %q", c.lang, c.text, got, c.want)
		}
	}
}
