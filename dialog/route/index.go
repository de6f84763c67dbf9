package route

import (
	"maps"
	"math"
	"slices"
	"strings"

	"amtsbote/catalog"
)

// How much a word counts for an intent, by where the catalog has it.
const (
	weightKeyword     = 1.0
	weightTitle       = 0.9
	weightExample     = 0.6
	weightDescription = 0.2
	factorSynonym     = 0.8  // a word of the same synonym group
	factorPart        = 0.5  // a piece of a compound word
	factorGeneric     = 0.35 // a word too general to decide alone
	factorBigram      = 0.5  // two words next to each other, as in the catalog
	factorPhraseWord  = 0.6  // one word of a keyword or title of several words
	factorGap         = 0.5  // a pair with a word between them in the catalog
	factorPartial     = 0.6  // a pair that is only part of a phrase or sentence
	minIDF            = 0.05
)

// builder collects the raw weights before they are weighed by rarity.
type builder struct {
	n        int
	services int // index of the first service; specials come before
	stem     stemmer
	stop     map[string]uint8
	raw      map[string][]float64 // stem → intent → highest weight
	langs    map[string]uint8
	braw     map[[2]string][]float64
	surface  map[string]string  // folded word → the stem it was indexed under
	german   []occurrence       // German words, to split compounds
	pieces   map[string]string  // German words and their stems, the pieces of compounds
	forms    map[string][]uint8 // stem → intent → umlautForm of its German words
	titles   map[string][]uint8 // stem → intent → 1 when a word of the title
	exact    map[string]bitset  // folded word → intents whose texts have it
	bstrong  map[string][]uint8 // "stem stem" → intent → flagStrong for pairs of phrases
	pairWord map[string]bool    // stop words that pair in phrases
}

// occurrence is one German word of an intent's texts.
type occurrence struct {
	word   string
	intent int
	weight float64
}

// buildVocab indexes the specials and every service of cat; intents are
// numbered specials first, in the order of ids.
func buildVocab(cat *catalog.Catalog, specials []special, topics []topic) (*vocab, []string) {
	var ids []string
	b := &builder{
		stem: newStemmer(), stop: map[string]uint8{}, raw: map[string][]float64{}, langs: map[string]uint8{},
		braw: map[[2]string][]float64{}, surface: map[string]string{}, pieces: map[string]string{},
		forms: map[string][]uint8{}, titles: map[string][]uint8{}, pairWord: map[string]bool{},
		exact: map[string]bitset{}, bstrong: map[string][]uint8{},
	}
	for _, w := range strings.Fields(pairWords) {
		b.pairWord[w] = true
	}
	for _, w := range strings.Fields(germanStop) {
		b.stop[w] |= langDe
	}
	for _, w := range strings.Fields(englishStop) {
		b.stop[w] |= langEn
	}
	for _, l := range otherStops {
		for _, w := range strings.Fields(l.words) {
			b.stop[w] |= l.bit
		}
	}
	b.n = len(specials) + len(cat.Services()) + len(topics)
	b.services = len(specials)
	for i, sp := range specials {
		ids = append(ids, sp.id)
		for l, lang := range []uint8{langDe, langEn} {
			for _, k := range sp.keywords[l] {
				b.text(i, k, weightKeyword, lang, false)
			}
			for _, p := range sp.phrases[l] {
				b.text(i, p, weightKeyword, lang, true)
			}
		}
	}
	for _, in := range cat.Intents() {
		// Routing data of the special intents from the catalog adds to
		// the built-in words; ids the engine does not know are skipped.
		for i, sp := range specials {
			if sp.id != in.ID {
				continue
			}
			for _, l := range routeLangs {
				for _, k := range in.Keywords.Only(l.tag) {
					b.text(i, k, weightKeyword, l.bit, true)
				}
				for _, e := range in.Examples.Only(l.tag) {
					b.text(i, e, weightExample, l.bit, true)
				}
			}
		}
	}
	for j, d := range cat.Services() {
		i := len(specials) + j
		ids = append(ids, d.ID)
		for _, l := range routeLangs {
			b.text(i, d.Title.Only(l.tag), weightTitle, l.bit, true)
			for _, k := range d.Keywords.Only(l.tag) {
				b.text(i, k, weightKeyword, l.bit, true)
			}
			for _, e := range d.Examples.Only(l.tag) {
				b.text(i, e, weightExample, l.bit, true)
			}
			b.text(i, d.Description.Only(l.tag), weightDescription, l.bit, false)
		}
	}
	b.topics(len(specials)+len(cat.Services()), topics)
	for _, tp := range topics {
		ids = append(ids, tp.id)
	}
	pieces, keys := b.splitCompounds()
	b.addSynonyms()
	return b.finish(pieces, keys), ids
}

// stemOf stems a folded word in the language of its text; a word of a
// text in one script written in another (a German "Termin" in Russian)
// is stemmed as German.
func (b *builder) stemOf(word string, lang uint8) string {
	switch sc := scriptOf(word); {
	case lang == langEn:
		return b.stem.english(word)
	case lang == langTr && sc == scriptLatin:
		return b.stem.turkish(word)
	case lang == langUk && sc == scriptCyrillic:
		return ukrainian(word)
	case lang == langRu && sc == scriptCyrillic:
		return b.stem.russian(word)
	case lang == langAr && sc == scriptArabic:
		return b.stem.arabic(word)
	case lang&(langUk|langRu|langAr) != 0 && sc == scriptLatin:
		return prefixLoan + b.stem.german(word)
	}
	return b.stem.german(word)
}

// text adds the words of one text of intent i with weight w; with pairs,
// also each two words close together. The words of a phrase (a keyword or
// title of several words) count less each – "offener Ganztag" says little
// about "offen" alone – and its stop words pair too ("kein Geld"), though
// they count nothing alone. In sentences, stop words are left out.
func (b *builder) text(i int, text string, w float64, lang uint8, pairs bool) {
	all := tokens(text)
	phrase := pairs && w >= weightTitle
	each := w
	if phrase && len(all) > 1 {
		each = w * factorPhraseWord
	}
	// A pair that is the whole phrase ("business registration") counts
	// more than a pair in a longer one ("change business registration").
	pw := w * factorPartial
	if phrase && b.pairable(all) == 2 {
		pw = w
	}
	var near [pairWindow]string
	for _, tok := range all {
		if len(tok) < 2 || isNumber(tok) {
			near = [pairWindow]string{}
			continue
		}
		if lang == langTr {
			tok = trFold(tok)
		}
		var key string
		if b.stop[tok] != 0 {
			if !phrase || !b.pairWord[tok] {
				continue
			}
			key = stopKey(tok)
			b.add(key, i, 0, 0)
		} else {
			key = b.stemOf(tok, lang)
			b.add(key, i, each, lang)
			if w == weightTitle {
				b.mark(b.titles, key, i, 1)
			}
			if _, ok := b.surface[tok]; !ok {
				b.surface[tok] = key
			}
			if lang&(langDe|langEn) != 0 || scriptOf(tok) != scriptLatin {
				b.markExact(tok, i)
			}
			if lang == langDe {
				b.german = append(b.german, occurrence{tok, i, each})
				if _, ok := b.pieces[tok]; !ok {
					b.pieces[tok] = key
				}
				b.mark(b.forms, key, i, umlautForm(tok))
			}
		}
		for d, prev := range near {
			if pairs && prev != "" && prev != key && !(isStopKey(prev) && isStopKey(key)) {
				b.addPair([2]string{prev, key}, i, pw*math.Pow(factorGap, float64(d)), phrase)
			}
		}
		copy(near[1:], near[:])
		near[0] = key
	}
}

// pairStrong reports whether pair p is strong evidence for intent i.
func (b *builder) pairStrong(p [2]string, i int) bool {
	fl := b.bstrong[p[0]+" "+p[1]]
	return fl != nil && fl[i]&flagStrong != 0
}

// pairable counts the words of a phrase that pair.
func (b *builder) pairable(toks []string) int {
	n := 0
	for _, t := range toks {
		if len(t) >= 2 && !isNumber(t) && (b.stop[t] == 0 || b.pairWord[t]) {
			n++
		}
	}
	return n
}

// markExact records that intent i has word as it is.
func (b *builder) markExact(word string, i int) {
	bs := b.exact[word]
	if bs == nil {
		bs = newBitset(b.n)
		b.exact[word] = bs
	}
	bs.set(i)
}

// mark sets bits for key and intent i in one of the builder's tables.
func (b *builder) mark(table map[string][]uint8, key string, i int, bits uint8) {
	t := table[key]
	if t == nil {
		t = make([]uint8, b.n)
		table[key] = t
	}
	t[i] |= bits
}

// stopKey is the term of a stop word inside a phrase: it only pairs.
func stopKey(tok string) string { return "=" + tok }

func isStopKey(key string) bool { return strings.HasPrefix(key, "=") }

// add records that key points to intent i with weight w.
func (b *builder) add(key string, i int, w float64, lang uint8) {
	ws := b.raw[key]
	if ws == nil {
		ws = make([]float64, b.n)
		b.raw[key] = ws
	}
	ws[i] = max(ws[i], w)
	b.langs[key] |= lang
}

func (b *builder) addPair(p [2]string, i int, w float64, strong bool) {
	if p[1] < p[0] {
		p[0], p[1] = p[1], p[0] // word order varies: pairs have none
	}
	ws := b.braw[p]
	if ws == nil {
		ws = make([]float64, b.n)
		b.braw[p] = ws
	}
	ws[i] = max(ws[i], w)
	if strong {
		b.mark(b.bstrong, p[0]+" "+p[1], i, flagStrong)
	}
}

// splitCompounds builds the trie of pieces (the catalog's words, the same
// without an ending, the built-in morphemes) and credits each German word's
// pieces to its intent, so "Parkausweis" finds "Bewohnerparkausweis". It
// returns the trie and the pieces' stems.
func (b *builder) splitCompounds() (trie, []string) {
	t := newTrie()
	var keys []string
	put := func(piece, key string) {
		t.insert(piece, int32(len(keys)))
		keys = append(keys, key)
	}
	for _, w := range slices.Sorted(maps.Keys(b.pieces)) {
		key := b.pieces[w]
		put(w, key)
		for _, end := range []string{"en", "n", "e"} {
			if s, ok := strings.CutSuffix(w, end); ok && len(s) >= 4 {
				put(s, key)
			}
		}
	}
	for _, m := range strings.Fields(morphemes) {
		put(m, b.stem.german(m))
	}
	var buf []segment
	for _, o := range b.german {
		buf = t.split(o.word, false, buf)
		for k, sg := range buf {
			key := keys[sg.piece]
			b.add(key, o.intent, o.weight*factorPart, langDe)
			b.mark(b.forms, key, o.intent, umlautForm(o.word[sg.from:sg.to]))
			if k > 0 && keys[buf[k-1].piece] != key {
				b.addPair([2]string{keys[buf[k-1].piece], key}, o.intent, o.weight*factorPart, o.weight >= weightTitle*factorPhraseWord)
			}
		}
	}
	return t, keys
}

// addSynonyms lends each service's weight of a word to the other words of
// its synonym group, and likewise its pairs: "Gewerbe schließen" is
// "Firma schließen". The special intents' words are chosen as they are.
func (b *builder) addSynonyms() {
	pairs := slices.Collect(maps.Keys(b.braw))
	for _, line := range strings.Split(synonymGroups, "\n") {
		var keys []string
		for _, w := range strings.Fields(line) {
			keys = append(keys, b.stem.german(w), b.stem.english(w))
			if _, ok := b.surface[w]; !ok {
				b.surface[w] = b.stem.german(w)
			}
		}
		for i := b.services; i < b.n; i++ {
			m := 0.0
			for _, k := range keys {
				if ws := b.raw[k]; ws != nil {
					m = max(m, ws[i])
				}
			}
			if m == 0 {
				continue
			}
			for _, k := range keys {
				b.add(k, i, m*factorSynonym, 0)
			}
			for _, w := range strings.Fields(line) {
				b.markExact(w, i)
			}
		}
		for _, p := range pairs {
			for side := range 2 {
				if !slices.Contains(keys, p[side]) {
					continue
				}
				other := p[1-side]
				ws := b.braw[p]
				for _, k := range keys {
					if k == other {
						continue
					}
					for i := b.services; i < b.n; i++ {
						if ws[i] > 0 {
							b.addPair([2]string{k, other}, i, ws[i]*factorSynonym, b.pairStrong(p, i))
						}
					}
				}
			}
		}
	}
}
