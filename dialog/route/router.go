// Package route is the intent router of the dialog engine: from one message
// it decides which service of the catalog the citizen wants, whether they
// want a person or ask about an application already made, or that it is
// none of these.
//
// What it knows about the services comes from the catalog: each service's
// titles, keywords, example sentences and description in every language
// it has (German, English, Ukrainian, Turkish, Arabic, Russian, Leichte
// Sprache; see langs.go), so a service added in a definition file is
// routed without Go code. The words of a message are folded (case, ä/ae,
// ß/ss), stemmed (Snowball, and a light Ukrainian stripper), split when
// they are German compounds
// of known pieces, and matched despite typos (Damerau-Levenshtein distance
// through a deletion index). Each word counts for an intent by where the
// catalog has it (keyword, title, example, description) and by how rare it
// is among the intents; two words in a row as in the catalog count extra.
// The sum becomes a confidence that words the router does not know lower,
// so a message about the weather stays below dialog.RouteThreshold. A
// status question that names a service goes to dialog.IntentStatus, not to
// the service (see status.go).
package route

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"amtsbote/catalog"
	"amtsbote/dialog"
)

// Calibration of the confidence.
const (
	// confScale is the score that gives confidence 1-1/e ≈ 0.63: about one
	// keyword of one intent.
	confScale = 0.95
	// unknownPenalty raises confScale by this much for each word of the
	// message the router does not know.
	unknownPenalty = 0.15
	// maxConfidence: words are never certain.
	maxConfidence = 0.99
	// runnerUpRatio: a second intent scoring at least this share of the
	// best is reported as RunnerUp, so the engine asks which was meant.
	runnerUpRatio = 0.75
	// refWeight is the score of a case reference like AB-2026-000042.
	refWeight = 3.0
	// fuzzy1 and fuzzy2 weigh a word matched with one or two typos.
	fuzzy1, fuzzy2 = 0.8, 0.6
	// A compound of known pieces counts a little less than a known word.
	factorCompound = 0.9
	factorRest     = 0.5 // the parts of a compound besides its best add this share
	// factorUmlaut weighs a word whose umlaut spelling differs from the
	// catalog's where that tells words apart ("zahlen" is no "Zähler").
	factorUmlaut = 0.5
	// factorStemOnly weighs a word found in an intent only by its stem
	// when other intents have it as it is ("residence" is no "resident").
	factorStemOnly = 0.8
	// evidenceFactor: an intent that no keyword-like word and no pair of
	// words of the message points to counts only this much; words from
	// example sentences and single words of phrases are weak evidence.
	evidenceFactor = 0.55
	// pairWindow: a word of the catalog pairs with the words up to this
	// many before it; a word of a message with one more, as messages
	// are wordier.
	pairWindow = 2
)

// Router routes messages by the words of the catalog. It is safe for
// concurrent use: everything is built in New and only read by Route.
type Router struct {
	v      *vocab
	ids    []string       // intent ids, by index
	status int            // index of dialog.IntentStatus
	staff  int            // index of dialog.IntentStaff
	sw     statusWords    // status questions about a named service
	ref    *regexp.Regexp // a case reference number: prefix, year, counter
	// particle holds the German separable verb particles.
	particle map[string]bool
	// answers is the index of the first answer intent (NewWithAnswers);
	// the intents from it on are answers, len(ids) when there are none.
	answers int
	apply   map[string]bool // applyWords
}

// New builds a router over the services of cat and the built-in intents
// dialog.IntentStaff and dialog.IntentStatus.
func New(cat *catalog.Catalog) *Router { return newRouter(cat, nil) }

func newRouter(cat *catalog.Catalog, topics []topic) *Router {
	sp := specials()
	v, ids := buildVocab(cat, sp, topics)
	r := &Router{v: v, ids: ids, answers: len(ids) - len(topics), ref: regexp.MustCompile(`(?i)\b[a-z]{1,5}-\d{4}-\d{3,8}\b`), particle: map[string]bool{}}
	for _, p := range strings.Fields(particles) {
		r.particle[p] = true
	}
	r.apply = wordSet(applyWords)
	for i, id := range ids {
		switch id {
		case dialog.IntentStatus:
			r.status = i
		case dialog.IntentStaff:
			r.staff = i
		}
	}
	r.sw = newStatusWords(cat, ids, v)
	return r
}

var _ dialog.Router = (*Router)(nil)

// Route classifies one message. Intent is empty when the confidence is
// below dialog.RouteThreshold; RunnerUp names a second intent that scored
// close to the best. A message of Ukrainian or Russian in Latin letters
// that finds nothing is read again in Cyrillic (translit.go).
func (r *Router) Route(text string) dialog.Match {
	m := r.route(text)
	if m.Intent != "" {
		return m
	}
	if alt := r.transliterated(tokens(text)); alt != "" {
		if m2 := r.route(alt); m2.Intent != "" {
			return m2
		}
	}
	return m
}

// route classifies one message as it is written.
func (r *Router) route(text string) dialog.Match {
	n := r.v.n
	buf := make([]float64, 5*n)
	s := scratch{score: buf[:n], c: buf[n : 2*n], tmp: buf[2*n : 3*n], pair: buf[3*n : 4*n], best: buf[4*n:]}
	strong := make([]bool, n)
	toks := tokens(text)
	st := newStemmer()
	st.other = r.foreign(text, toks)
	var votes langVotes
	unknown := 0
	var near [pairWindow + 1][]int32 // term ids of the last words, for pairs
	var used []int32                 // bigrams already counted
	var seen []string                // the words so far, for separable verbs
	q := r.sw.scan(toks)
	apply := slices.ContainsFunc(toks, r.isApply)
	for _, tok := range toks {
		votes.word(tok)
		if l := r.stopLang(tok); l != 0 {
			votes.add(l, 1)
			if r.particle[tok] {
				r.separable(tok, seen, st, s, strong)
			}
			seen = append(seen, tok)
			if id, ok := r.v.terms[stopKey(tok)]; ok {
				// a stop word of a catalog phrase: it pairs, nothing else
				ids := []int32{id}
				for _, prev := range near {
					used = r.pairs(prev, ids, used, s.score, strong)
				}
				copy(near[1:], near[:])
				near[0] = ids
			}
			continue
		}
		if len(tok) < 2 || isNumber(tok) {
			near = [pairWindow + 1][]int32{}
			continue
		}
		seen = append(seen, tok)
		w := r.analyse(tok, st, s, strong)
		if q.action && r.sw.cue[tok] {
			// "den Status ändern", "den Stand eintragen": no question
			s.c[r.status] = 0
		}
		votes.add(w.lang, 1)
		if !w.known {
			votes.guess(tok)
			unknown++
		}
		for i, x := range s.c {
			s.score[i] += x
		}
		for _, prev := range near {
			used = r.pairs(prev, w.first, used, s.score, strong)
		}
		copy(near[1:], near[:])
		near[0] = w.last
	}
	if r.ref.MatchString(text) {
		s.score[r.status] += refWeight
		strong[r.status] = true
	}
	m := dialog.Match{Language: votes.language(text)}
	best, second := -1, -1
	for i, x := range s.score {
		if !strong[i] {
			s.score[i] = x * evidenceFactor
		}
		switch {
		case s.score[i] <= 0:
		case best < 0 || s.score[i] > s.score[best]:
			best, second = i, best
		case second < 0 || s.score[i] > s.score[second]:
			second = i
		}
	}
	if best < 0 {
		return m
	}
	if best >= r.answers {
		best, second = r.preferService(s.score, best, second, apply)
	}
	if best != r.status && best != r.staff && best < r.answers {
		if q.asks() && !r.sw.titled[best][q.cue] {
			// The service names the application asked about.
			s.score[r.status] += s.score[best]
			best, second = r.status, best
		}
	}
	if st.other && (r.ids[best] == "passport" || r.ids[best] == "id-card") && foreignDocument(toks) {
		return m
	}
	m.Confidence = confidence(s.score[best], unknown)
	if m.Confidence < dialog.RouteThreshold {
		return m
	}
	m.Intent = r.ids[best]
	if second >= 0 && s.score[second] >= runnerUpRatio*s.score[best] &&
		confidence(s.score[second], unknown) >= dialog.RouteThreshold {
		m.RunnerUp = r.ids[second]
	}
	return m
}

// separableLook is how many words back a particle looks for its verb.
const separableLook = 6

// separable joins a separable verb particle at the end of a clause with
// the verb it belongs to ("Ich melde mein Gewerbe ab" → "abmelde") and,
// when the catalog knows the joined word, adds its score. It tries the
// words before the particle from the nearest.
func (r *Router) separable(particle string, seen []string, st stemmer, s scratch, strong []bool) {
	for j := len(seen) - 1; j >= max(0, len(seen)-separableLook); j-- {
		verb := particle + seen[j]
		ids, ok := r.v.wordsFor(st)[verb]
		if !ok {
			ids = r.v.lookup(st, verb, nil)
		}
		if len(ids) == 0 {
			continue
		}
		clear(s.c)
		if r.credit(ids, 1, umlautForm(verb), nil, s.c, strong) {
			for i, x := range s.c {
				s.score[i] += x
			}
			return
		}
	}
}

// scratch is the working memory of one Route call, one value per intent
// in each slice.
type scratch struct {
	score []float64 // the message's score so far
	c     []float64 // the current word's score
	tmp   []float64 // a compound's parts, summed
	pair  []float64 // a compound's pairs of parts
	best  []float64 // a compound's best part
}

// confidence turns an intent's score into 0..maxConfidence; each unknown
// word of the message makes the same score count less.
func confidence(score float64, unknown int) float64 {
	return min(maxConfidence, 1-math.Exp(-score/(confScale+unknownPenalty*float64(unknown))))
}

// word is what analyse found out about one word of a message.
type word struct {
	first, last []int32 // term ids to pair with the word before and after
	lang        uint8   // languages of the texts it was found in
	known       bool    // it points to at least one intent
}

// analyse scores one folded word for every intent into s.c: as a known
// word (stemmed), else as the best of a known word with typos and a
// compound of known pieces. It marks the intents it is strong evidence for.
func (r *Router) analyse(tok string, st stemmer, s scratch, strong []bool) word {
	clear(s.c)
	ids, ok := r.v.wordsFor(st)[tok]
	if !ok {
		ids = r.v.lookup(st, tok, nil)
		for _, inf := range infinitives(tok) {
			if len(ids) > 0 {
				break
			}
			ids = r.v.lookup(st, inf, nil)
		}
	}
	form := umlautForm(tok)
	if len(ids) > 0 {
		w := word{first: ids, last: ids, known: r.credit(ids, 1, form, r.v.exact[tok], s.c, strong)}
		if parts := r.v.parts[tok]; parts != nil {
			w.first = append(slices.Clip(ids), parts...)
			w.last = w.first
		}
		for _, id := range ids {
			w.lang |= r.v.lang[id]
		}
		return w
	}
	var w word
	sc := scriptOf(tok)
	ty := &r.v.fuzzy[sc]
	if near, d := ty.words.near(typoKey(tok, sc)); near != nil {
		f, evidence := fuzzy1, strong
		if d > 1 {
			f, evidence = fuzzy2, nil
		}
		for _, k := range near {
			w.first = append(w.first, ty.ids[k]...)
		}
		w.last = w.first
		w.known = r.credit(w.first, f, form, nil, s.c, evidence)
	}
	parts := r.v.pieces.split(tok, true, nil)
	var ids2 []int32
	clear(s.tmp)
	clear(s.best)
	for _, sg := range parts {
		id := r.v.pieceID[sg.piece]
		if id < 0 {
			continue
		}
		ids2 = append(ids2, id)
		// The best part counts fully, the others by half.
		clear(s.pair)
		r.credit(ids2[len(ids2)-1:], 1, umlautForm(tok[sg.from:sg.to]), nil, s.pair, strong)
		for i, x := range s.pair {
			s.tmp[i] += x
			s.best[i] = max(s.best[i], x)
		}
	}
	if len(ids2) == 0 {
		return w
	}
	for i := range s.tmp {
		s.tmp[i] = s.best[i] + factorRest*(s.tmp[i]-s.best[i])
	}
	// Pairs of parts count as pairs of words: "Gewerbe|anmeldung" is
	// "Gewerbe anmelden".
	var used []int32
	for k := 1; k < len(ids2); k++ {
		used = r.pairs(ids2[k-1:k], ids2[k:k+1], used, s.tmp, strong)
	}
	credited := false
	for i, x := range s.tmp {
		if x > 0 {
			credited = true
			s.c[i] = max(s.c[i], factorCompound*x)
		}
	}
	if !credited {
		return w
	}
	w.known = true
	if w.first == nil {
		w.first, w.last = ids2, ids2
	}
	return w
}

// credit sets c[i] to at least f times the weight of each term for intent
// i, less where the word's umlaut form is not the catalog's and where only
// its stem is in the intent's texts while others have the word as it is
// (exact; nil when none has); it marks in strong (unless nil) the intents
// the terms are strong evidence for, and reports whether any weight was
// positive.
func (r *Router) credit(ids []int32, f float64, form uint8, exact bitset, c []float64, strong []bool) bool {
	hit := false
	for _, id := range ids {
		lo, hi := int(id)*r.v.n, int(id+1)*r.v.n
		flags := r.v.flags[lo:hi]
		for i, x := range r.v.weight[lo:hi] {
			if x <= 0 {
				continue
			}
			g := f
			mismatch := flags[i]&formMask != 0 && flags[i]&formMask != form
			if mismatch {
				g *= factorUmlaut
			}
			if !exact.has(i) {
				g *= factorStemOnly
			}
			c[i] = max(c[i], g*float64(x))
			if strong != nil && flags[i]&flagStrong != 0 && !mismatch {
				strong[i] = true
			}
			hit = true
		}
	}
	return hit
}

// pairs adds to score, for each intent, the bonuses of the bigrams made of
// a term of a and a term of b that are not in used yet, marks the intents
// for which such a bigram comes from a keyword or title strong, and returns
// used with the bigrams it counted.
func (r *Router) pairs(a, b []int32, used []int32, score []float64, strong []bool) []int32 {
	for _, x := range a {
		for _, y := range b {
			bid, ok := r.v.bigrams[pairKey(x, y)]
			if !ok || containsID(used, bid) {
				continue
			}
			used = append(used, bid)
			lo, hi := int(bid)*r.v.n, int(bid+1)*r.v.n
			for i, v := range r.v.bweight[lo:hi] {
				if v > 0 {
					score[i] += float64(v)
					strong[i] = strong[i] || r.v.bstrong[lo+i]
				}
			}
		}
	}
	return used
}
