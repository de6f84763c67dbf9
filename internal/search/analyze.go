package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/hungarian"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/norwegian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/romanian"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/swedish"
	"github.com/blevesearch/snowballstem/turkish"

	"amtsbote/internal/fold"
)

// stemmers are the Snowball algorithms of github.com/blevesearch/snowballstem
// by language code. A language without one (Ukrainian, Polish, …) is only
// folded.
var stemmers = map[string]func(*snowballstem.Env) bool{
	"ar": arabic.Stem, "da": danish.Stem, "de": german.Stem, "en": english.Stem,
	"es": spanish.Stem, "fi": finnish.Stem, "fr": french.Stem, "hu": hungarian.Stem,
	"it": italian.Stem, "nl": dutch.Stem, "no": norwegian.Stem, "pt": portuguese.Stem,
	"ro": romanian.Stem, "ru": russian.Stem, "sv": swedish.Stem, "tr": turkish.Stem,
}

// Stemmed reports whether lang has a Snowball stemmer here.
func Stemmed(lang string) bool { return stemmers[lang] != nil }

// Terms turns text in lang into the terms the index compares: words
// folded with internal/fold (lower case, ä → ae, accents dropped), stop
// words dropped (German and English, and in any language the small words
// of Ukrainian, Russian, Turkish and Arabic), and stemmed where lang has a
// Snowball stemmer. German is folded first and its umlaut spellings
// restored before stemming, so "Müll", "muell" and "Mull" meet; other
// languages are stemmed before folding, as their stemmers expect their
// own letters (Turkish ç, ş, ğ; French accents). Safe for concurrent use.
func Terms(lang, text string) []string {
	stem := stemmers[lang]
	var env *snowballstem.Env
	if stem != nil {
		env = snowballstem.NewEnv("")
	}
	var out []string
	for _, w := range words(text) {
		var t string
		if otherStopWords[fold.Letters(w)] {
			continue
		}
		switch {
		case stem == nil:
			t = fold.Letters(w)
		case lang == "de" || lang == "en":
			t = fold.Letters(w)
			if stopWords[t] {
				continue
			}
			if lang == "de" {
				t = umlauts(t)
			}
			env.SetCurrent(t)
			stem(env)
			t = fold.Letters(env.Current())
		default:
			env.SetCurrent(w)
			stem(env)
			t = fold.Letters(env.Current())
		}
		if t != "" && !stopWords[t] {
			out = append(out, t)
		}
	}
	return out
}

// words splits lower-cased text into runs of letters, digits and marks
// (Arabic vowel signs belong to their word).
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
}

// stopWords are German and English words (folded) that say nothing about
// what a citizen asks.
var stopWords = set(`der die das den dem des ein eine einer einen einem eines und oder aber
ich du er sie es wir ihr mein meine meinen meinem meiner mir mich dir dich uns euch sich
ist bin bist sind war hat habe haben hatte wird werden wurde kann koennen muss muessen
will moechte mochte soll darf wie was wann wo wer wohin woher warum welche welcher welches
nicht kein keine auch noch schon nur mal bitte gibt da dort hier hallo guten tag danke
im in am an auf aus bei mit nach von vor zu zum zur fuer ueber um bis als wenn ob dass
a an the and or but i you he she it we they my your me us is am are was were be been
have has had do does did can could will would shall should may might must what when
where who which why how to of in on at for with from by about please hi hello thanks
this that there here not no so if`)

// otherStopWords are the small words of Ukrainian, Russian, Turkish and
// Arabic, written as their writers do and folded like the words of a
// text, looked at before stemming: prepositions, conjunctions, pronouns,
// question words and politeness. "для", "в", "ve" and "و" say nothing
// about an answer.
var otherStopWords = foldedSet(`і й та в у на з із зі до від для про по що як де коли чи не так але а або я ти він вона ми ви
вони мене мені мій моя моє мої наш наша ваш ваша це цей ця ці той тут там є можна треба потрібно хочу будь ласка
дякую чому скільки який яка які мабуть
и во с со к о об от из за что где когда ли нет но или он она мы они меня мне мой моя мое мои это этот эта эти
есть можно нужно надо хочу пожалуйста спасибо какой какая какие сколько почему
ve veya ile bir bu o ben sen biz siz beni bana benim için gibi ne nasıl nerede neden hangi kaç mı mi mu mü var
yok de da ki ama lazım gerek lütfen merhaba teşekkürler
في من إلى الى على عن مع أن ان انا انت هو هي نحن هذا هذه ما ماذا كيف اين وين متى متي هل لا او و ثم ممكن بدي اريد
شو لو سمحت`)

// foldedSet is set with each word folded as Terms folds words.
func foldedSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[fold.Letters(w)] = true
	}
	return m
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// umlauts turns the ASCII spellings ae, oe and ue of a folded German word
// back into ä, ö and ü where they can stand for one (not "ue" after a
// vowel or q: "bauen", "neue", "Quelle"), so the German stemmer treats
// "muell" as "müll". The same rule as dialog/route's.
func umlauts(w string) string {
	if !strings.Contains(w, "e") {
		return w
	}
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i+1 < len(w) && w[i+1] == 'e' && isUmlaut(w, i) {
			b.WriteString(umlaut(c))
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// umlaut is the umlaut of a, o or u.
func umlaut(c byte) string {
	switch c {
	case 'a':
		return "ä"
	case 'o':
		return "ö"
	}
	return "ü"
}

// isUmlaut reports whether w[i] followed by "e" spells an umlaut.
func isUmlaut(w string, i int) bool {
	switch w[i] {
	case 'a', 'o':
		return true
	case 'u':
		return i == 0 || (w[i-1] != 'q' && !strings.ContainsRune("aeiouy", rune(w[i-1])))
	}
	return false
}
