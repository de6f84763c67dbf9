// Package fold makes typed text comparable the way German users type it:
// lower case, umlauts and ß spelt with two letters as on a keyboard
// without them (ä → ae, ß → ss), other accents dropped (é → e, ç → c),
// and the letters of the portal's other languages the way their writers
// type them without their keyboard: Turkish ş ğ ı as s g i, Russian ё as
// е, Arabic without diacritics and tatweel and with one alef, ه for ة and
// ي for ى.
// Letters is the one core; Words builds on it for callers that compare
// words rather than whole strings.
package fold

import (
	"strings"
	"unicode"
)

// Letters lower-cases s and spells its letters in ASCII where Germans do:
// ä and æ → ae, ö, œ and ø → oe, ü → ue, ß → ss; á à â ã å → a,
// é è ê ë → e, í ì î ï → i, ó ò ô õ → o, ú ù û → u, ç → c, ñ → n. Every
// other rune (punctuation, spaces, other scripts) is kept as it is, so
// "Zählerstände", "zaehlerstaende" and "ZÄHLERSTÄNDE" compare equal.
func Letters(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		r = unicode.ToLower(r)
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		if sp := spelling(r); sp != "" {
			b.WriteString(sp)
			continue
		}
		if r = other(r); r != 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// spelling is the ASCII spelling of a lower-case letter, or "" for a rune
// kept as it is.
func spelling(r rune) string {
	switch r {
	case 'ä', 'æ':
		return "ae"
	case 'ö', 'œ', 'ø':
		return "oe"
	case 'ü':
		return "ue"
	case 'ß':
		return "ss"
	case 'á', 'à', 'â', 'ã', 'å':
		return "a"
	case 'é', 'è', 'ê', 'ë':
		return "e"
	case 'í', 'ì', 'î', 'ï':
		return "i"
	case 'ó', 'ò', 'ô', 'õ':
		return "o"
	case 'ú', 'ù', 'û':
		return "u"
	case 'ç':
		return "c"
	case 'ñ':
		return "n"
	}
	return ""
}

// other folds a letter of the portal's other languages (see the package
// doc); 0 drops it (Arabic diacritics and tatweel).
func other(r rune) rune {
	switch {
	case r >= 0x064B && r <= 0x0652, r == 0x0670, r == 0x0640:
		return 0
	}
	switch r {
	case 'ş':
		return 's'
	case 'ğ':
		return 'g'
	case 'ı':
		return 'i'
	case 'ё':
		return 'е'
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ة':
		return 'ه'
	case 'ى', 'ئ':
		return 'ي'
	case 'ؤ':
		return 'و'
	}
	return r
}

// Words folds s with Letters and keeps its words: runs of letters, digits
// and the runes in keep (".:-" keeps the marks of dates and times), joined
// by single spaces; everything else separates words. "Straße, Nr. 5!"
// becomes "strasse nr 5".
//
// In a word with Cyrillic letters an apostrophe is dropped (Ukrainian
// "м'ясо", "м’ясо" and "мясо" are one word) and a Latin i is the
// Ukrainian і that keyboards without it put there.
func Words(s, keep string) string {
	words := strings.FieldsFunc(Letters(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(keep, r) && !isApostrophe(r)
	})
	out := make([]string, 0, len(words)+2)
	for _, w := range words {
		if !strings.ContainsFunc(w, isApostrophe) {
			out = append(out, w)
			continue
		}
		if strings.ContainsFunc(w, isCyrillic) {
			out = append(out, strings.Map(cyrillicWord, w))
			continue
		}
		out = append(out, strings.FieldsFunc(w, isApostrophe)...)
	}
	for i, w := range out {
		if strings.ContainsRune(w, 'i') && strings.ContainsFunc(w, isCyrillic) {
			out[i] = strings.Map(cyrillicWord, w)
		}
	}
	return strings.Join(out, " ")
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isCyrillic(r rune) bool { return r >= 0x0400 && r <= 0x04FF }

// cyrillicWord maps a rune of a Cyrillic word: no apostrophe, Latin i as і.
func cyrillicWord(r rune) rune {
	switch {
	case isApostrophe(r):
		return -1
	case r == 'i':
		return 'і'
	}
	return r
}
