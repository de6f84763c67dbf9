package route

import (
	"fmt"
	"testing"
)

// languageSets are the routing sets of issue 18, one a language, each with
// its bar; they were written before any routing for these languages.
var languageSets = []struct {
	lang string
	bar  float64
}{
	{"uk", minNewLang}, {"tr", minNewLang}, {"ar", minNewLang}, {"ru", minNewLang}, {"de-x-ls", minNewLang},
}

// minNewLang is the bar of the sets of the languages added in issue 18.
const minNewLang = 0.90

// TestRoutingLanguages holds the router (as app.Build makes it, with the
// answers) to at least 90% on each new language's set, with no
// out-of-scope line routed.
func TestRoutingLanguages(t *testing.T) {
	r := loadKnowledge(t).router
	for _, ls := range languageSets {
		t.Run(ls.lang, func(t *testing.T) {
			set := loadSet(t, "../testdata/routing_"+ls.lang+".tsv")
			if len(set) < 80 {
				t.Fatalf("routing_%s.tsv has only %d lines", ls.lang, len(set))
			}
			res := evaluate(r, set)
			t.Log(res)
			if res.accuracy() < ls.bar || res.leaked > 0 || testing.Verbose() {
				for _, w := range res.wrong {
					t.Log(w)
				}
			}
			if res.accuracy() < ls.bar {
				t.Errorf("accuracy %.1f%% is below %.0f%%", 100*res.accuracy(), 100*ls.bar)
			}
			if res.leaked > 0 {
				t.Errorf("%d out-of-scope lines were routed to an intent", res.leaked)
			}
		})
	}
}

// TestLanguageSwitch runs language_switch.tsv as its header says: each line
// as the first message of a conversation in English (in German for lines
// that expect English), and again from a conversation already in the
// expected language (except German lines, which Leichte Sprache keeps);
// both times the conversation must be in the expected language after it.
func TestLanguageSwitch(t *testing.T) {
	r := New(builtinCatalog(t))
	set := loadSet(t, "../testdata/language_switch.tsv")
	byLang := map[string][2]int{}
	var wrong []string
	for _, s := range set {
		from := []string{"en", s.intent}
		if s.intent == "en" {
			from[0] = "de"
		}
		if s.intent == "de" {
			from = from[:1]
		}
		for _, cur := range from {
			got := r.Language(cur, s.text)
			n := byLang[s.intent]
			n[1]++
			if got == s.intent {
				n[0]++
			} else {
				wrong = append(wrong, fmt.Sprintf("line %d: %s → %s, want %s: %s", s.line, cur, got, s.intent, s.text))
			}
			byLang[s.intent] = n
		}
	}
	for _, l := range []string{"de", "en", "uk", "tr", "ar", "ru", "de-x-ls"} {
		n := byLang[l]
		t.Logf("%-7s %d/%d", l, n[0], n[1])
	}
	for _, w := range wrong {
		t.Error(w)
	}
}

// BenchmarkRouteLanguages routes the lines of the sets of the new
// languages with the full catalog; the time reported is per utterance.
func BenchmarkRouteLanguages(b *testing.B) {
	r := New(builtinCatalog(b))
	var set []sample
	for _, ls := range languageSets {
		set = append(set, loadSet(b, "../testdata/routing_"+ls.lang+".tsv")...)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r.Route(set[i%len(set)].text)
	}
}
