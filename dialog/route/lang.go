package route

import "strings"

// langVotes weigh the evidence for each language in a message, by the
// bit positions of the language bits, and count its words by script.
type langVotes struct {
	v      [6]float64
	script [3]int
}

// index is the position of a single language bit, -1 for none or several
// (a word of several languages votes for none).
func index(l uint8) int {
	if l == 0 || l&(l-1) != 0 {
		return -1
	}
	i := 0
	for l > 1 {
		l >>= 1
		i++
	}
	return i
}

// add counts a word found in texts of the languages l.
func (v *langVotes) add(l uint8, weight float64) {
	if i := index(l); i >= 0 {
		v.v[i] += weight
	}
}

func (v *langVotes) of(l uint8) float64 { return v.v[index(l)] }

// word counts a word's script.
func (v *langVotes) word(tok string) {
	if !isNumber(tok) {
		v.script[scriptOf(tok)]++
	}
}

// guess counts half a vote for a word nobody knows, by its spelling.
func (v *langVotes) guess(tok string) {
	if scriptOf(tok) != scriptLatin {
		return
	}
	switch {
	case strings.HasSuffix(tok, "ung"), strings.HasSuffix(tok, "keit"), strings.HasSuffix(tok, "heit"),
		strings.Contains(tok, "sch"), strings.Contains(tok, "ae"), strings.Contains(tok, "oe"),
		strings.Contains(tok, "ue") && !strings.HasSuffix(tok, "ue"), strings.HasPrefix(tok, "ge") && strings.HasSuffix(tok, "t"):
		v.v[index(langDe)] += 0.5
	case strings.HasSuffix(tok, "ing"), strings.HasSuffix(tok, "tion"), strings.HasPrefix(tok, "th"),
		strings.HasSuffix(tok, "ly"):
		v.v[index(langEn)] += 0.5
	case turkishLooking(tok):
		v.v[index(langTr)] += 0.5
	}
}

// turkishSuffixes end Turkish verb forms and nouns with suffixes.
var turkishSuffixes = []string{"iyorum", "iyoruz", "iyor", "uyor", "mak", "mek", "mam", "mem", "miyorum",
	"acagim", "ecegim", "abilir", "ebilir", "lari", "leri", "larim", "lerim", "imi", "umu", "sini", "sunu",
	"dim", "dum", "tim", "tum", "mis", "mus", "dir", "dur", "lik", "luk"}

// turkishLooking reports whether a folded Latin word ends like Turkish.
func turkishLooking(tok string) bool {
	tok = trFold(tok)
	for _, s := range turkishSuffixes {
		if strings.HasSuffix(tok, s) && len(tok) > len(s)+1 {
			return true
		}
	}
	return false
}

// letters counts the letters only one of two related languages has in the
// message as typed: Turkish ş ğ ı; Ukrainian і ї є ґ; Russian ы э ъ ё.
func letters(text string) (tr, uk, ru float64) {
	for _, r := range text {
		switch r {
		case 'ş', 'Ş', 'ğ', 'Ğ', 'ı', 'İ':
			tr++
		case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
			uk++
		case 'ы', 'э', 'ъ', 'ё', 'Ы', 'Э', 'Ъ', 'Ё':
			ru++
		}
	}
	return min(tr, 2), uk, ru
}

// detect is the language text is written in, "" when the message does not
// tell: the script first (a few Cyrillic or Arabic words outweigh the
// German words of German things), then letters and words.
func (v langVotes) detect(text string) string {
	lat, cyr, ar := v.script[scriptLatin], v.script[scriptCyrillic], v.script[scriptArabic]
	tr, uk, ru := letters(text)
	switch {
	case ar > 0 && ar >= cyr && 3*ar >= lat:
		return "ar"
	case cyr > 0 && 3*cyr >= lat:
		uk += v.of(langUk)
		ru += v.of(langRu)
		if uk > ru {
			return "uk"
		}
		// Ukrainian is rarely written without one of its letters or words.
		return "ru"
	}
	de, en := v.of(langDe), v.of(langEn)
	tr += v.of(langTr)
	if strings.ContainsAny(text, "äöüÄÖÜß") && tr == 0 {
		de++
	}
	switch {
	case tr > de && tr > en:
		return "tr"
	case en > de:
		return "en"
	case de > 0:
		return "de"
	}
	return ""
}

// language is Match.Language: the language detected, German when the
// message does not tell.
func (v langVotes) language(text string) string {
	if l := v.detect(text); l != "" {
		return l
	}
	return "de"
}
