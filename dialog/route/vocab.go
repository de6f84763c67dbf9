package route

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
)

// vocab is what the router knows, built once by New and only read after.
type vocab struct {
	n       int                // number of intents
	terms   map[string]int32   // stem → term id
	weight  []float32          // term id·n + intent → how much the term points to the intent
	lang    []uint8            // term id → languages of the texts it came from
	flags   []uint8            // term id·n + intent → flagStrong, and umlautForm where that tells words apart
	bigrams map[[2]int32]int32 // two term ids close together (pairKey) → bigram id
	bweight []float32          // bigram id·n + intent → bonus
	bstrong []bool             // bigram id·n + intent → strong evidence (from a keyword or title)
	stop    map[string]uint8   // stop word → languages
	words   map[string][]int32 // known word → its term ids, computed ahead
	foreign map[string][]int32 // the same in a message in another language (stemmer.other)
	exact   map[string]bitset  // known word → the intents whose texts have it as it is
	parts   map[string][]int32 // known compound → the term ids of its pieces, for pairs
	pieces  trie               // compound pieces, values index pieceIDs
	pieceID []int32            // piece → term id, -1 for a piece that points nowhere
	fuzzy   [3]typos           // known words for typos, by script
}

// finish weighs every word by how rare it is among the intents (a word of
// one intent counts fully, one of all intents hardly) and by whether it is
// generic, and builds the look-up tables.
func (b *builder) finish(pieces trie, pieceKeys []string) *vocab {
	v := &vocab{
		n: b.n, terms: map[string]int32{}, bigrams: map[[2]int32]int32{}, stop: b.stop,
		words: map[string][]int32{}, foreign: map[string][]int32{}, parts: map[string][]int32{}, pieces: pieces, exact: b.exact,
	}
	generic := map[string]bool{}
	for _, w := range strings.Fields(genericWords) {
		generic[b.stem.german(w)] = true
		generic[b.stem.english(w)] = true
	}
	for _, key := range slices.Sorted(maps.Keys(b.raw)) {
		ws := b.raw[key]
		v.terms[key] = int32(len(v.lang))
		v.lang = append(v.lang, b.langs[key])
		f := b.idf(ws)
		if generic[key] {
			f *= factorGeneric
		}
		for _, w := range ws {
			v.weight = append(v.weight, float32(w*f))
		}
		flags := separating(b.forms[key], b.n)
		titles := b.titles[key]
		for i, w := range ws {
			if !generic[key] && (w >= strongWeight || titles != nil && titles[i] != 0) {
				flags[i] |= flagStrong
			}
		}
		v.flags = append(v.flags, flags...)
	}
	for _, p := range slices.SortedFunc(maps.Keys(b.braw), func(x, y [2]string) int {
		return cmp.Or(strings.Compare(x[0], y[0]), strings.Compare(x[1], y[1]))
	}) {
		ws := b.braw[p]
		v.bigrams[pairKey(v.terms[p[0]], v.terms[p[1]])] = int32(len(v.bweight) / b.n)
		f := b.idf(ws) * factorBigram
		if generic[p[0]] && generic[p[1]] {
			f *= factorGeneric
		}
		for i, w := range ws {
			v.bweight = append(v.bweight, float32(w*f))
			v.bstrong = append(v.bstrong, b.pairStrong(p, i))
		}
	}
	for _, key := range pieceKeys {
		id, ok := v.terms[key]
		if !ok {
			id = -1
		}
		v.pieceID = append(v.pieceID, id)
	}
	for _, w := range slices.Sorted(maps.Keys(b.surface)) {
		ids := v.lookup(b.stem, w, nil)
		v.words[w] = ids
		other := stemmer{env: b.stem.env, other: true}
		v.foreign[w] = v.lookup(other, w, nil)
		if scriptOf(w) != scriptLatin {
			ids = v.foreign[w] // for typos: Cyrillic and Arabic words have no others
		}
		var parts []int32
		for _, sg := range v.pieces.split(w, false, nil) {
			if id := v.pieceID[sg.piece]; id >= 0 && !containsID(ids, id) && !containsID(parts, id) {
				parts = append(parts, id)
			}
		}
		if len(parts) > 0 {
			v.parts[w] = parts
		}
		if len(ids) > 0 && len(w) >= minFuzzy {
			sc := scriptOf(w)
			if k := typoKey(w, sc); k != "" {
				t := &v.fuzzy[sc]
				t.words.add(k)
				t.ids = append(t.ids, ids)
			}
		}
	}
	for i := range v.fuzzy {
		v.fuzzy[i].words.build()
	}
	return v
}

// idf is how rare a word with these weights is among the intents, from 1
// (one intent) down to minIDF.
func (b *builder) idf(ws []float64) float64 {
	df := 0.0
	for _, w := range ws {
		df += w / weightKeyword
	}
	n := float64(b.n)
	return min(1, max(minIDF, math.Log((n+1)/(df+0.5))/math.Log((n+1)/1.5)))
}

// pairKey is the key of two terms in the bigram table, in either order.
func pairKey(a, b int32) [2]int32 {
	if b < a {
		a, b = b, a
	}
	return [2]int32{a, b}
}

// lookup appends the term ids of a folded word's stems in the languages
// of its script: German and English for Latin letters (and, in a message
// in another language, Turkish and the German words of Ukrainian, Russian
// and Arabic texts), Ukrainian and Russian for Cyrillic, Arabic for Arabic.
func (v *vocab) lookup(st stemmer, w string, ids []int32) []int32 {
	var keys [4]string
	switch scriptOf(w) {
	case scriptCyrillic:
		keys = [4]string{ukrainian(w), st.russian(w)}
	case scriptArabic:
		keys = [4]string{v.arabicKey(st, w)}
	default:
		keys[0], keys[1] = st.german(w), st.english(w)
		if st.other {
			keys[2], keys[3] = st.turkish(w), prefixLoan+keys[0]
		}
	}
	for _, key := range keys {
		if id, ok := v.terms[key]; ok && key != "" && !containsID(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// Flags of a term for an intent: the forms of its German words (whether
// spelt with an umlaut), and whether it is strong evidence.
const (
	formUmlaut uint8 = 1 << iota
	formPlain
	flagStrong
	formMask = formUmlaut | formPlain
)

// strongWeight is the weight from which a word is strong evidence for an
// intent: a keyword of one word, or its synonym; words of the title are
// strong evidence too.
const strongWeight = 0.75

// umlautForm tells whether a folded word has an umlaut (ae, oe, ue; see
// umlauts).
func umlautForm(w string) uint8 {
	for i := 0; i+1 < len(w); i++ {
		if w[i+1] == 'e' && isUmlaut(w, i) {
			return formUmlaut
		}
	}
	return formPlain
}

// separating returns the forms of a stem by intent when they tell words
// apart that the stemmer merged: "Zähler" (meter reading) and "zahlen"
// (living assistance) share the stem "zahl". Otherwise it returns zeros,
// so citizens who type no umlauts ("Zahlerstand") lose nothing.
func separating(forms []uint8, n int) []uint8 {
	out := make([]uint8, n)
	var umlaut, plain bool
	for _, f := range forms {
		umlaut = umlaut || f == formUmlaut
		plain = plain || f == formPlain
	}
	if umlaut && plain {
		copy(out, forms)
	}
	return out
}

// bitset is a set of intents.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int) { b[i/64] |= 1 << (i % 64) }

// has reports whether i is in the set; a nil set holds every intent.
func (b bitset) has(i int) bool { return b == nil || b[i/64]&(1<<(i%64)) != 0 }

// wordsFor is the table of known words for a message read by st.
func (v *vocab) wordsFor(st stemmer) map[string][]int32 {
	if st.other {
		return v.foreign
	}
	return v.words
}

// typos are the known words of one script, for typos.
type typos struct {
	words symspell
	ids   [][]int32 // word index → its term ids
}

// arabicKey is the key of an Arabic word's stem; when the catalog has no
// such stem, the stem of the word read as a dialect writes it: a noun in
// ة with a possessive ("هويتي" is هوية + ي) or a verb with a prefix of
// person or habit ("بسجل", "اسكر").
func (v *vocab) arabicKey(st stemmer, w string) string {
	key := st.arabic(w)
	if v.hasTerm(key) {
		return key
	}
	for _, alt := range arabicForms(w) {
		if k := st.arabic(alt); v.hasTerm(k) {
			return k
		}
	}
	return key
}

func (v *vocab) hasTerm(key string) bool {
	_, ok := v.terms[key]
	return ok
}

// typoKey is how a folded word of script sc is compared for typos: a
// Cyrillic or Arabic word one byte a letter (its offset in the script's
// Unicode block), so that distances count letters and a word has as few
// variants as a Latin one of its length; "" for a word mixing scripts.
func typoKey(w string, sc int) string {
	if sc == scriptLatin {
		return w
	}
	base := rune(0x0400)
	if sc == scriptArabic {
		base = 0x0600
	}
	b := make([]byte, 0, len(w)/2)
	for _, r := range w {
		if r < base || r > base+0xFF {
			return ""
		}
		b = append(b, byte(r-base))
	}
	return string(b)
}
