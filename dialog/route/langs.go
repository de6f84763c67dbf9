package route

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/turkish"
)

// Languages of a word, as bits. Leichte Sprache is German to the router:
// its texts are indexed as German and it is asked for, never guessed.
const (
	langDe uint8 = 1 << iota
	langEn
	langUk
	langTr
	langAr
	langRu
)

// routeLang is a language the catalog's texts are written in.
type routeLang struct {
	tag string // the catalog's key and the language Match.Language names
	bit uint8
}

// routeLangs are the catalog's languages; Leichte Sprache is indexed as
// German.
var routeLangs = [...]routeLang{
	{"de", langDe}, {"en", langEn}, {"uk", langUk}, {"tr", langTr}, {"ar", langAr}, {"ru", langRu}, {"de-x-ls", langDe},
}

// tagOf is the language tag of a single language bit.
func tagOf(bit uint8) string {
	for _, l := range routeLangs {
		if l.bit == bit {
			return l.tag
		}
	}
	return ""
}

// Scripts of a word, the first thing that tells its language.
const (
	scriptLatin = iota
	scriptCyrillic
	scriptArabic
)

// scriptOf is the script of a folded word by its first letter.
func scriptOf(w string) int {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case r >= 0x0400 && r <= 0x04FF:
		return scriptCyrillic
	case r >= 0x0600 && r <= 0x06FF:
		return scriptArabic
	}
	return scriptLatin
}

// Keys of the new languages' stems carry a prefix, so that a Turkish
// stem never meets a German or English one by its spelling.
const (
	prefixTr = "t:"
	prefixUk = "u:"
	prefixRu = "r:"
	prefixAr = "a:"
	// prefixLoan marks the German stem of a Latin word in a Ukrainian,
	// Russian or Arabic text ("Termin", "Anmeldung").
	prefixLoan = "g:"
)

// turkishPrefix is how many letters of a Turkish stem are kept: Turkish
// words grow by suffixes, and writers without Turkish letters confuse
// the endings the Snowball stemmer looks at.
const turkishPrefix = 5

// turkish stems a folded Latin word as Turkish: ö and ü back to o and u
// (the fold spells them the German way), the Snowball Turkish stemmer,
// then the first turkishPrefix letters.
func (s stemmer) turkish(word string) string {
	s.env.SetCurrent(trFold(word))
	turkish.Stem(s.env)
	st := s.env.Current()
	if len(st) > turkishPrefix {
		st = st[:turkishPrefix]
	}
	return prefixTr + st
}

// trFold spells a folded word the way Turkish writers without Turkish
// letters do: "oe" and "ue" as o and u ("goendermek" → "gondermek").
func trFold(w string) string {
	if !strings.Contains(w, "oe") && !strings.Contains(w, "ue") {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		b = append(b, w[i])
		if (w[i] == 'o' || w[i] == 'u') && i+1 < len(w) && w[i+1] == 'e' {
			i++
		}
	}
	return string(b)
}

// russian stems a folded Cyrillic word with the Snowball Russian stemmer.
func (s stemmer) russian(word string) string {
	s.env.SetCurrent(word)
	russian.Stem(s.env)
	return prefixRu + s.env.Current()
}

// arabic stems a folded Arabic word: the conjunction و before the article
// and the article with its prepositions (وال، بال، كال، فال، لل، ال) off,
// then the Snowball Arabic stemmer.
func (s stemmer) arabic(word string) string {
	w := word
	for _, p := range [...]string{"وال", "بال", "كال", "فال", "لل", "ال"} {
		if rest, ok := strings.CutPrefix(w, p); ok && utf8.RuneCountInString(rest) >= 2 {
			w = rest
			break
		}
	}
	s.env.SetCurrent(w)
	arabic.Stem(s.env)
	return prefixAr + s.env.Current()
}

// ukrainianEndings are inflectional endings of Ukrainian nouns, adjectives
// and verbs, longest first; ukrainian strips the first that leaves a stem
// of at least minUkStem letters.
var ukrainianEndings = [...]string{
	"ування", "ювання",
	"ання", "ення", "ість", "ості", "ться", "тися", "тись",
	"ами", "ями", "ові", "еві", "ого", "ому", "ими", "іми", "ій", "ої", "ою", "ею", "ом", "ем", "их", "іх",
	"ати", "ити", "іти", "ють", "уть", "ать", "ять", "ний", "ная", "на", "ні", "не", "ну",
	"ся", "ти", "ла", "ли", "ло", "ів", "ей", "ам", "ям", "ах", "ях", "ий", "ая", "ує", "ає", "ую", "юю",
	"а", "я", "о", "е", "и", "і", "у", "ю", "ь", "й", "ї", "є",
}

// minUkStem is the shortest stem the Ukrainian stripper leaves.
const minUkStem = 3

// ukPrefix is how many letters of a Ukrainian stem are kept: enough to
// tell "посвідка" (a residence permit) from "посвідчення" (an ID card).
const ukPrefix = 7

// ukrainian stems a folded Cyrillic word as Ukrainian: a light stripper of
// endings, then the first ukPrefix letters, with ґ as г. On the routing
// sets (uk, ru) it did better than the stripper alone and than cutting
// words to five or six letters (dialog/README.md).
func ukrainian(word string) string {
	w := strings.ReplaceAll(word, "ґ", "г")
	for _, e := range ukrainianEndings {
		if rest, ok := strings.CutSuffix(w, e); ok && utf8.RuneCountInString(rest) >= minUkStem {
			w = rest
			break
		}
	}
	return prefixUk + cutRunes(w, ukPrefix)
}

// possessives end Arabic nouns in ة (written ت before them) with "my",
// "your", "his", "our".
var arabicPossessives = [...]string{"تي", "تك", "ته", "تو", "تها", "تنا", "تكم", "تهم"}

// arabicForms are other readings of a folded Arabic word: without a
// possessive after ة, and without a prefix of person or habit (ا ب ت ن ي).
func arabicForms(w string) []string {
	var out []string
	for _, p := range arabicPossessives {
		if rest, ok := strings.CutSuffix(w, p); ok && utf8.RuneCountInString(rest) >= 2 {
			out = append(out, rest+"ه")
		}
	}
	if r, size := utf8.DecodeRuneInString(w); strings.ContainsRune("ابتني", r) && utf8.RuneCountInString(w) >= 4 {
		out = append(out, w[size:])
	}
	return out
}

// cutRunes is w cut to its first n letters.
func cutRunes(w string, n int) string {
	for i := range w {
		if n == 0 {
			return w[:i]
		}
		n--
	}
	return w
}

// foreign reports whether a message is in another language than German and
// English by what is cheap to see: another script, Turkish letters or a
// Turkish word that carries no topic.
func (r *Router) foreign(text string, toks []string) bool {
	if strings.ContainsAny(text, "şŞğĞıİ") {
		return true
	}
	for _, tok := range toks {
		if scriptOf(tok) != scriptLatin || r.stopLang(tok) == langTr {
			return true
		}
		// a word only the Turkish texts have ("sayac", "randevu")
		if len(r.v.words[tok]) == 0 && len(r.v.foreign[tok]) > 0 && r.langOf(r.v.foreign[tok]) == langTr {
			return true
		}
	}
	return false
}

// langOf is the languages of the texts terms come from.
func (r *Router) langOf(ids []int32) uint8 {
	var l uint8
	for _, id := range ids {
		l |= r.v.lang[id]
	}
	return l
}

// foreignDocument reports whether a message in another language names the
// citizen's other nationality ("український паспорт", "Türk pasaportu"):
// that passport is the consulate's business, no service of the city.
func foreignDocument(toks []string) bool {
	for _, tok := range toks {
		tok = strings.TrimPrefix(tok, "ال")
		for _, p := range nationalities {
			if strings.HasPrefix(trFold(tok), p) {
				return true
			}
		}
	}
	return false
}

// stopLang is the languages tok is a stop word of, 0 for none; Turkish
// stop words are found as Turkish writers spell them too (trFold).
func (r *Router) stopLang(tok string) uint8 {
	if l := r.v.stop[tok]; l != 0 {
		return l
	}
	if f := trFold(tok); f != tok {
		return r.v.stop[f] & langTr
	}
	return 0
}
