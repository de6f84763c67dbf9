// Package fold makes typed text comparable the way German users type it:
// lower case, umlauts and ß spelt with two letters as on a keyboard
// without them (ä → ae, ß → ss), other accents dropped (é → e, ç → c).
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
		b.WriteRune(r)
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

// Words folds s with Letters and keeps its words: runs of letters, digits
// and the runes in keep (".:-" keeps the marks of dates and times), joined
// by single spaces; everything else separates words. "Straße, Nr. 5!"
// becomes "strasse nr 5".
func Words(s, keep string) string {
	return strings.Join(strings.FieldsFunc(Letters(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(keep, r)
	}), " ")
}
