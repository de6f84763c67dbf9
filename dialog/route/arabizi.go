package route

import (
	"slices"
	"strings"
)

// Arabic typed in Latin letters and digits, Arabizi ("ba7tej maw3ed",
// "bdi sajel gewerbe"): a message that finds no intent and whose words
// are mostly Arabic words the router knows once spelt in Arabic letters
// is routed again so spelt, as transliterated does for Ukrainian and
// Russian. Digits stand for the letters Latin lacks (2 ء or ق, 3 ع, 5 خ,
// 6 ط, 7 ح, 8 غ, 9 ق). Arabic writes long vowels and leaves out short
// ones; Arabizi writes both alike, so each word is tried with its inner
// vowels left out and written out, and the first spelling the router
// knows is kept.

// arabiziPairs are letter groups, read before single letters.
var arabiziPairs = [...][2]string{
	{"sh", "ش"}, {"ch", "ش"}, {"kh", "خ"}, {"gh", "غ"}, {"th", "ث"}, {"dh", "ذ"},
	{"aa", "ا"}, {"ee", "ي"}, {"ii", "ي"}, {"oo", "و"}, {"ou", "و"}, {"uu", "و"}, {"ai", "ي"}, {"ei", "ي"},
}

// arabiziLetters are the consonants, digits included.
var arabiziLetters = map[byte]string{
	'2': "ء", '3': "ع", '5': "خ", '6': "ط", '7': "ح", '8': "غ", '9': "ق",
	'b': "ب", 'p': "ب", 't': "ت", 'j': "ج", 'g': "ج", 'd': "د", 'r': "ر", 'z': "ز", 's': "س", 'c': "س",
	'f': "ف", 'v': "ف", 'q': "ق", 'k': "ك", 'l': "ل", 'm': "م", 'n': "ن", 'h': "ه", 'w': "و", 'y': "ي", 'x': "كس",
}

// arabiziVowels are the long vowels a vowel letter stands for when it is
// written out: inside a word only in some readings (spelling's long).
var arabiziVowels = map[byte]string{'a': "ا", 'e': "ي", 'i': "ي", 'o': "و", 'u': "و"}

// maxStop is the longest Latin spelling of an Arabic stop word looked for.
const maxStop = 6

// arabiziArticles stand alone for the article, written onto the next word.
var arabiziArticles = wordSet(`el al il l`)

// maxLong is how many inner vowels a word is tried with written out, each
// alone or with the others (2^maxLong readings).
const maxLong = 3

// spelling is one way of reading a Latin word as Arabic.
type spelling struct {
	long      uint8 // bit k: the k-th inner vowel is long (written)
	taMarbuta bool  // a final a or e is ة (folded ه), not ا or ي
	qaf       bool  // 2 is ق (Levantine), not ء
	imala     bool  // a long inner e is ا, as Levantine says it ("ba7tej")
}

// arabicSpelling spells a folded Latin word in Arabic letters as sp
// reads it: a vowel at the start as ا, at the end as its long letter (or
// ة), inside as sp.long says; "" when it holds other runes.
func arabicSpelling(w string, sp spelling) string {
	var b strings.Builder
	var last byte
	inner := 0
next:
	for i := 0; i < len(w); {
		for _, p := range arabiziPairs {
			if strings.HasPrefix(w[i:], p[0]) {
				b.WriteString(p[1])
				i += len(p[0])
				last = 0
				continue next
			}
		}
		c := w[i]
		i++
		if v, ok := arabiziVowels[c]; ok {
			switch {
			case i == 1:
				b.WriteString("ا")
			case i == len(w) && (c == 'a' || c == 'e') && sp.taMarbuta:
				b.WriteString("ه")
			case i == len(w):
				b.WriteString(v)
			default:
				switch {
				case sp.long&(1<<inner) == 0:
				case c == 'e' && sp.imala:
					b.WriteString("ا")
				default:
					b.WriteString(v)
				}
				inner++
			}
			last = 0
			continue
		}
		l, ok := arabiziLetters[c]
		if !ok {
			return ""
		}
		if c == '2' && sp.qaf {
			l = "ق"
		}
		if c != last { // a doubled letter is one with a shadda
			b.WriteString(l)
		}
		last = c
	}
	return b.String()
}

// spellings are the distinct Arabic spellings of w worth trying, the
// likeliest first: short vowels before long ones, ء before ق, a long e
// as ي before ا; nil when w holds letters Arabizi has not.
func spellings(w string) []string {
	inner := 0
	for i := 1; i+1 < len(w); i++ {
		if _, ok := arabiziVowels[w[i]]; ok {
			inner++
		}
	}
	var out []string
	for _, qaf := range [...]bool{false, true} {
		if qaf && !strings.Contains(w, "2") {
			break
		}
		for _, imala := range [...]bool{false, true} {
			if imala && !strings.Contains(w, "e") {
				break
			}
			for long := range uint8(1 << min(inner, maxLong)) {
				for _, tm := range [...]bool{true, false} {
					a := arabicSpelling(w, spelling{long, tm, qaf, imala})
					if a == "" {
						return nil
					}
					if !slices.Contains(out, a) {
						out = append(out, a)
					}
				}
			}
		}
	}
	return out
}

// arabizi is text spelt in Arabic letters when its words read as Arabic
// the router knows (at least two, or one besides a word with a digit
// only Arabizi puts there) outnumber the German and English words it
// knows as they are; "" otherwise. Words known as they are stay in Latin
// letters (a German "Gewerbe" in an Arabic message). Only a message with
// such a digit or an Arabic stop word so spelt is looked up further.
func (r *Router) arabizi(toks []string) string {
	latin, digits, stop := 0, false, false
	for _, tok := range toks {
		switch {
		case scriptOf(tok) != scriptLatin:
			return ""
		case r.stopLang(tok)&(langDe|langEn) != 0 || len(r.v.words[tok]) > 0:
			latin++
		default:
			digits = digits || strings.ContainsAny(tok, "235679")
		}
	}
	if 2*latin >= len(toks) {
		return ""
	}
	spelt := make([][]string, len(toks)) // nil: the word stays as it is
	for _, short := range [...]bool{true, false} {
		for i, tok := range toks {
			if (len(tok) <= maxStop) != short || isNumber(tok) || arabiziArticles[tok] ||
				r.stopLang(tok)&(langDe|langEn) != 0 || len(r.v.words[tok]) > 0 {
				continue
			}
			if spelt[i] = spellings(tok); spelt[i] == nil {
				return ""
			}
			stop = stop || short && slices.ContainsFunc(spelt[i], func(a string) bool { return r.stopLang(a)&langAr != 0 })
		}
		if !digits && !stop {
			return ""
		}
	}
	other := stemmer{env: newStemmer().env, other: true}
	out := make([]string, 0, len(toks))
	arab := 0
	article := ""
	for i, tok := range toks {
		if arabiziArticles[tok] {
			article = "ال"
			continue
		}
		if spelt[i] == nil {
			out = append(out, tok)
			article = ""
			continue
		}
		w := spelt[i][0]
		for _, a := range spelt[i] {
			if r.stopLang(a)&langAr != 0 || len(r.v.lookup(other, article+a, nil)) > 0 {
				w = a
				arab++
				break
			}
		}
		out = append(out, article+w)
		article = ""
	}
	if (arab >= 2 || arab == 1 && digits) && arab > latin {
		return strings.Join(out, " ")
	}
	return ""
}
