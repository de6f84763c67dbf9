package appointments

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"amtsbote/internal/fold"
	"amtsbote/internal/srcscan"
	"amtsbote/text"
)

// TestWishWordGroupsEveryLanguage: the words that were German and English
// words in Go are each language's catalog words: this Sunday (today
// counts), the week and month after next, a number of weeks spelled out, the next
// free slot, "at 10", early; read on Sunday 29 November 2026, 10:00.
func TestWishWordGroupsEveryLanguage(t *testing.T) {
	now := sunday(t)
	const (
		all        = "2026-11-29..2027-02-26 00:00-24:00"
		today      = "2026-11-29..2026-11-29 00:00-24:00"
		afterNext  = "2026-12-07..2026-12-13 00:00-24:00"
		threeWeeks = "2026-12-20..2026-12-26 00:00-24:00"
		atTen      = "2026-11-29..2027-02-26 10:00-24:00"
		early      = "2026-11-30..2026-11-30 00:00-10:00"
		january    = "2027-01-01..2027-01-31 00:00-24:00"
	)
	r := builtinWhen()
	for _, tc := range []struct{ lang, in, want string }{
		{"de", "diesen Sonntag", today},
		{"de", "übernächste Woche", afterNext},
		{"de", "übernächsten Monat", january},
		{"de", "uebernaechste Woche", afterNext},
		{"de", "in drei Wochen", threeWeeks},
		{"de", "schnellstmöglich", all},
		{"de", "gegen 10", atTen},
		{"de", "ca. 10", atTen},
		{"de", "morgen früh", early},
		{"de", "Do. um 10", "2026-12-03..2026-12-03 10:00-24:00"},
		{"de", "Do um 10", atTen}, // no dot: no weekday
		{"de", "9-11uhr", "2026-11-29..2027-02-26 09:00-11:00"},
		{"de", "im März", "2027-03-01..2027-03-31 00:00-24:00"},
		{"en", "this Sunday", today},
		{"en", "the week after next", afterNext},
		{"en", "the month after next", january},
		{"en", "in three weeks", threeWeeks},
		{"en", "whenever", all},
		{"en", "around 10", atTen},
		{"en", "about 10", atTen},
		{"en", "tomorrow early", early},
		{"uk", "у цю неділю", today},
		{"uk", "позанаступного тижня", afterNext},
		{"uk", "позанаступного місяця", january},
		{"uk", "через три тижні", threeWeeks},
		{"uk", "негайно", all},
		{"uk", "близько 10", atTen},
		{"uk", "завтра рано", early},
		{"tr", "bu pazar", today},
		{"tr", "öbür hafta", afterNext},
		{"tr", "öbür ay", january},
		{"tr", "üç hafta sonra", threeWeeks},
		{"tr", "hemen", all},
		{"tr", "yaklaşık 10", atTen},
		{"tr", "yarın erken", early},
		{"ar", "هذا الأحد", today},
		{"ar", "الأسبوع بعد القادم", afterNext},
		{"ar", "الشهر بعد القادم", january},
		{"ar", "بعد ثلاثة أسابيع", threeWeeks},
		{"ar", "فورا", all},
		{"ar", "حوالي الساعة 10", atTen},
		{"ar", "غدا مبكرا", early},
		{"ru", "в это воскресенье", today},
		{"ru", "после следующей недели", afterNext},
		{"ru", "после следующего месяца", january},
		{"ru", "через три недели", threeWeeks},
		{"ru", "срочно", all},
		{"ru", "около 10", atTen},
		{"ru", "завтра рано", early},
		{"de-x-ls", "diesen Sonntag", today},
		{"de-x-ls", "übernächste Woche", afterNext},
		{"de-x-ls", "übernächsten Monat", january},
		{"de-x-ls", "in drei Wochen", threeWeeks},
		{"de-x-ls", "bald", all},
		{"de-x-ls", "um 10", atTen},
		{"de-x-ls", "morgen früh", early},
	} {
		q, ok := r.parseWhen(tc.in, tc.lang, now, 90)
		if got := q.String(); !ok || got != tc.want {
			t.Errorf("%s %q: %s (%v), want %s", tc.lang, tc.in, got, ok, tc.want)
		}
	}
	for _, tc := range []struct{ lang, in string }{{"tr", "boş arsa var mı"}, {"de", "übernächsten"}, {"en", "eine"}} {
		if q, ok := r.parseWhen(tc.in, tc.lang, now, 90); ok {
			t.Errorf("%s %q understood as %s", tc.lang, tc.in, q)
		}
	}
	// without the words the catalog gives them, they are no longer read
	c := text.MustBuiltin()
	for key, in := range map[string]string{"appointments.word.this": "diesen Sonntag", "appointments.word.number.3": "in drei Wochen",
		"appointments.word.at": "gegen 10", "appointments.word.after_next": "übernächste Woche"} {
		want, _ := r.parseWhen(in, "de", now, 90)
		q, ok := newWhenReader(cityWords{c, key, "-"}, c).parseWhen(in, "de", now, 90)
		if ok && q == want {
			t.Errorf("%s emptied: %q still %s", key, in, q)
		}
	}
}

// TestGrammarHasNoLanguagesWords: the string literals of the grammar
// (when.go, when_words.go, when_lang.go) hold no word of a catalog's wish
// list in any language but English (folded, as the reader folds them),
// nor one of the German words that once were there.
func TestGrammarHasNoLanguagesWords(t *testing.T) {
	c := text.MustBuiltin()
	english, other := map[string]bool{}, map[string]string{}
	for _, w := range []string{"sofort", "uhr", "um", "gegen", "ca", "circa", "etwa", "diese", "diesen", "uebernaechste",
		"frueh", "ein", "eine", "zwei", "drei", "sechs", "mo", "di", "mi", "fr", "im", "bald", "egal", "frei", "moeglich"} {
		other[w] = "de (once in Go)"
	}
	for _, l := range text.All() {
		for _, k := range wishKeys {
			for _, w := range strings.Split(c.Text(l, k.key), "|") {
				for _, v := range []string{w, noUmlauts.Replace(w)} {
					for _, f := range strings.Fields(fold.Words(v, "")) {
						if l == text.En {
							english[f] = true
						} else if other[f] == "" {
							other[f] = string(l) + " " + k.key
						}
					}
				}
			}
		}
	}
	check := func(glob string) []string {
		src, err := srcscan.Parse(glob)
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for lit, where := range src.Strings(regexp.MustCompile(``)) {
			for _, w := range strings.FieldsFunc(fold.Letters(lit), func(r rune) bool { return !unicode.IsLetter(r) }) {
				if src := other[w]; src != "" && !english[w] {
					found = append(found, where+": "+w+" ("+src+")")
				}
			}
		}
		return found
	}
	// the check finds such words
	sample := filepath.Join(t.TempDir(), "sample.go")
	if err := os.WriteFile(sample, []byte("package p\nvar a, b = set(\"sofort\", \"at\"), `^(\\d)(uhr|h)?$`\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := check(sample); len(got) != 2 {
		t.Fatalf("the check finds %q in a sample with sofort and uhr", got)
	}
	for _, f := range check("when*.go") {
		t.Errorf("%s", f)
	}
}
