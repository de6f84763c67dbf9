package appointments

import "testing"

// benchWishes are wishes in every language, each word group of the
// grammar among them.
var benchWishes = []struct{ lang, in string }{
	{"de", "nächsten Dienstag um 10 Uhr"}, {"de", "so bald wie möglich"}, {"de", "übernächste Woche"},
	{"de", "in zwei Wochen nachmittags"}, {"de", "diesen Freitag gegen 14 Uhr"}, {"de", "morgen früh"},
	{"en", "next Tuesday at 10"}, {"en", "in two weeks"}, {"en", "this Friday after 4 pm"},
	{"uk", "наступного тижня вранці"}, {"uk", "через два тижні"}, {"tr", "salı öğleden sonra"},
	{"tr", "2 hafta sonra"}, {"ar", "في أقرب وقت"}, {"ar", "الثلاثاء بعد الساعة ٢"},
	{"ru", "в пятницу в 9:30"}, {"ru", "через 2 недели"}, {"de-x-ls", "Am Dienstag am Nachmittag"},
}

// BenchmarkWhenReader reads the wishes with a reader built once, as a
// handler does: the cost of a wish.
func BenchmarkWhenReader(b *testing.B) {
	now, r := sunday(b), builtinWhen()
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range benchWishes {
			r.parseWhen(w.in, w.lang, now, 90)
		}
	}
}

// BenchmarkParseWhen reads the wishes with ParseWhen.
func BenchmarkParseWhen(b *testing.B) {
	now := sunday(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range benchWishes {
			ParseWhen(w.in, now, 90)
		}
	}
}
