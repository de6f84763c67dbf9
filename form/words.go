package form

import (
	"strings"
	"time"
	"unicode"

	"amtsbote/internal/fold"
	"amtsbote/text"
)

// Word is a kind of word a citizen types while answering a form.
type Word int

// The kinds of words, each a text of the catalog ("form.word.yes") that
// lists a language's words separated by '|'.
const (
	Yes    Word = iota // yes: "ja", "так", "evet", "نعم", "да"
	No                 // no: "nein", "ні", "hayır", "لا", "нет"
	Skip               // declines an optional question: "überspringen", "пропустити"
	Submit             // sends the summary: "absenden", "gönder", "إرسال"
	Edit               // asks to change an answer: "ändern", "змінити", "düzelt"
	Cancel             // abandons the form: "abbrechen", "iptal", "отмена"
	polite             // may follow a yes or no: "bitte", "danke", "lütfen"
	numWords
)

// wordKeys are the catalog keys of the kinds of words.
var wordKeys = [numWords]string{"form.word.yes", "form.word.no", "form.word.skip", "form.word.submit",
	"form.word.edit", "form.word.cancel", "form.word.polite"}

// dayKeys are the catalog keys of the words for days near today.
var dayKeys = map[string]int{"form.word.day_before_yesterday": -2, "form.word.yesterday": -1,
	"form.word.today": 0, "form.word.tomorrow": 1, "form.word.day_after_tomorrow": 2}

// vocab is the words of one language (or of all of them), folded (key).
type vocab struct {
	words  [numWords]map[string]bool
	days   map[string]int
	months map[string]time.Month
	year   map[string]bool // words around a year to ignore: "г.", "року", "yılı"
}

func newVocab() *vocab {
	v := &vocab{days: map[string]int{}, months: map[string]time.Month{}, year: map[string]bool{}}
	for i := range v.words {
		v.words[i] = map[string]bool{}
	}
	return v
}

// readVocab reads the words of l from the catalog.
func readVocab(c *text.Catalog, l text.Lang) *vocab {
	v := newVocab()
	for w, k := range wordKeys {
		for _, s := range alternatives(c.Text(l, k)) {
			v.words[w][s] = true
			if Word(w) == polite { // "thank you", "будь ласка": every word is polite
				for _, f := range strings.Fields(s) {
					v.words[w][f] = true
				}
			}
		}
	}
	for k, n := range dayKeys {
		for _, s := range alternatives(c.Text(l, k)) {
			v.days[s] = n
		}
	}
	for m := time.January; m <= time.December; m++ {
		for _, s := range alternatives(c.Text(l, monthKey(m))) {
			v.months[s] = m
		}
	}
	for _, s := range alternatives(c.Text(l, "form.word.year")) {
		v.year[s] = true
	}
	return v
}

// monthKey is the catalog key of a month's names: "form.word.month.03".
func monthKey(m time.Month) string {
	return "form.word.month." + string(rune('0'+int(m)/10)) + string(rune('0'+int(m)%10))
}

// alternatives splits a catalog text of words at '|' and folds each (key),
// in two spellings where they differ: "überspringen" is also found as
// "uberspringen", "bugün" as "bugun", as people type without umlauts.
func alternatives(s string) []string {
	var out []string
	for _, w := range strings.Split(s, "|") {
		if k := key(w); k != "" {
			out = append(out, k)
			if bare := key(noUmlauts.Replace(w)); bare != k {
				out = append(out, bare)
			}
		}
	}
	return out
}

var noUmlauts = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "Ä", "a", "Ö", "o", "Ü", "u")

// key folds a typed word for comparing: fold.Letters (case, umlauts,
// accents), then Turkish dotless ı, ş and ğ as their Latin letters,
// Russian ё as е, Arabic without vowel marks and tatweel and with its
// forms of alef as one; punctuation and direction marks become spaces,
// spaces collapse.
func key(s string) string {
	if folded(s) {
		return s // most words the engine asks about: no allocation
	}
	s = fold.Letters(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == 'ı':
			return 'i'
		case r == 'ş':
			return 's'
		case r == 'ğ':
			return 'g'
		case r == 'ё':
			return 'е'
		case r == 'أ' || r == 'إ' || r == 'آ':
			return 'ا'
		case r == 'ى':
			return 'ي'
		case r >= 0x064B && r <= 0x0652 || r == 0x0640: // harakat, tatweel
			return -1
		case unicode.Is(unicode.Cf, r) || strings.ContainsRune(".,!?;:،؛؟\"'„“”«»()", r):
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// folded reports whether key(s) is s: lower-case ASCII letters, digits,
// '-', '/' and single inner spaces.
func folded(s string) bool {
	for i := range len(s) {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '/':
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

// words are the parser's vocabularies: one per language, and one of every
// language for a word typed in another language than the conversation's.
type words struct {
	by  map[text.Lang]*vocab
	any *vocab
}

// readWords reads every language's words. A word that is yes in one
// language and no in another is left out of the words of every language
// (it counts only in its own), and so is a month name that names
// different months in two languages.
func readWords(c *text.Catalog) words {
	ws := words{by: map[text.Lang]*vocab{}, any: newVocab()}
	for _, l := range text.All() {
		ws.by[l] = readVocab(c, l)
	}
	clash := map[string]bool{}
	for _, a := range ws.by {
		for _, b := range ws.by {
			for w := range a.words[Yes] {
				if b.words[No][w] {
					clash[w] = true
				}
			}
			for w, m := range a.months {
				if n, ok := b.months[w]; ok && n != m {
					clash["month:"+w] = true
				}
			}
		}
	}
	for _, l := range text.All() {
		v := ws.by[l]
		for k, set := range v.words {
			for w := range set {
				if !clash[w] || (Word(k) != Yes && Word(k) != No) {
					ws.any.words[k][w] = true
				}
			}
		}
		for w, n := range v.days {
			if _, ok := ws.any.days[w]; !ok {
				ws.any.days[w] = n // the first language's meaning
			}
		}
		for w, m := range v.months {
			if !clash["month:"+w] {
				ws.any.months[w] = m
			}
		}
		for w := range v.year {
			ws.any.year[w] = true
		}
	}
	return ws
}

// of returns the vocabulary of l and the one of every language.
func (ws words) of(l text.Lang) (own, any *vocab) {
	own = ws.by[l]
	if own == nil {
		own = ws.by[text.Source]
	}
	return own, ws.any
}

// is reports whether the folded k is a word of kind w in own or, failing
// that, in any language.
func is(w Word, k string, own, any *vocab) bool {
	return own.words[w][k] || any.words[w][k]
}
