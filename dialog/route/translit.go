package route

import "strings"

// Ukrainian and Russian typed in Latin letters ("mne nuzhen termin",
// "zapysatysia na termin"): a message that finds no intent and whose words
// are mostly Ukrainian or Russian once spelt in Cyrillic is routed again
// so spelt. Both spellings are tried, as the two languages write their
// sounds differently in Latin letters (i is і in Ukrainian, и in Russian;
// y is и in Ukrainian, ы in Russian).

// translitPairs are the letter groups of common transliterations, longest
// first; the one-letter rest is in translitLetters.
var translitPairs = [...][2]string{
	{"shch", "щ"}, {"zh", "ж"}, {"kh", "х"}, {"ch", "ч"}, {"sh", "ш"}, {"ts", "ц"},
	{"ya", "я"}, {"yu", "ю"}, {"yo", "е"}, {"ye", "е"}, {"ia", "я"}, {"iu", "ю"}, {"ie", "є"},
	{"yi", "ї"}, {"iy", "ий"}, {"yy", "ый"},
}

// translitLetters are single Latin letters in Cyrillic, for Ukrainian
// and Russian: [0] Ukrainian, [1] Russian.
var translitLetters = map[byte][2]string{
	'a': {"а", "а"}, 'b': {"б", "б"}, 'v': {"в", "в"}, 'w': {"в", "в"}, 'g': {"г", "г"}, 'h': {"г", "х"},
	'd': {"д", "д"}, 'e': {"е", "е"}, 'z': {"з", "з"}, 'i': {"і", "и"}, 'j': {"й", "й"}, 'k': {"к", "к"},
	'l': {"л", "л"}, 'm': {"м", "м"}, 'n': {"н", "н"}, 'o': {"о", "о"}, 'p': {"п", "п"}, 'r': {"р", "р"},
	's': {"с", "с"}, 't': {"т", "т"}, 'u': {"у", "у"}, 'f': {"ф", "ф"}, 'c': {"ц", "ц"}, 'y': {"и", "ы"},
	'x': {"кс", "кс"}, 'q': {"к", "к"},
}

// cyrillic spells a folded Latin word in Cyrillic as Ukrainian (ru false)
// or Russian writers do in Latin letters; "" when it holds other runes.
func cyrillic(w string, ru bool) string {
	var b strings.Builder
	v := 0
	if ru {
		v = 1
	}
next:
	for i := 0; i < len(w); {
		for _, p := range translitPairs {
			if strings.HasPrefix(w[i:], p[0]) {
				c := p[1]
				if ru && c == "є" {
					c = "е"
				}
				if ru && c == "ї" {
					c = "ы"
				}
				b.WriteString(c)
				i += len(p[0])
				continue next
			}
		}
		l, ok := translitLetters[w[i]]
		if !ok {
			return ""
		}
		b.WriteString(l[v])
		i++
	}
	return b.String()
}

// transliterated is text spelt in Cyrillic when most of its words are
// Ukrainian or Russian words the router knows once so spelt (at least two,
// and more than the words it knows as they are); "" otherwise.
func (r *Router) transliterated(toks []string) string {
	known := 0 // German and English words: most of them, and it is neither
	for _, tok := range toks {
		if r.stopLang(tok)&(langDe|langEn) != 0 || len(r.v.words[tok]) > 0 {
			known++
		}
	}
	if 2*known >= len(toks) {
		return ""
	}
	best, bestN := "", 0
	other := stemmer{env: newStemmer().env, other: true}
	for _, ru := range [...]bool{false, true} {
		cyr := make([]string, 0, len(toks))
		slav, latin := 0, 0
		for _, tok := range toks {
			if scriptOf(tok) != scriptLatin || isNumber(tok) {
				return ""
			}
			c := cyrillic(tok, ru)
			if c == "" {
				return ""
			}
			cyr = append(cyr, c)
			switch {
			case r.stopLang(c)&(langUk|langRu) != 0 || len(r.v.lookup(other, c, nil)) > 0:
				slav++
			case r.stopLang(tok)&(langDe|langEn) != 0 || len(r.v.words[tok]) > 0:
				latin++
			}
		}
		if slav >= 2 && slav > latin && slav > bestN {
			best, bestN = strings.Join(cyr, " "), slav
		}
	}
	return best
}
