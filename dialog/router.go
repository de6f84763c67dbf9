package dialog

import (
	"slices"
	"strings"

	"amtsbote/catalog"

	"amtsbote/internal/fold"
)

// Thresholds of the router's confidence that the engine acts on.
const (
	// RouteThreshold is the confidence from which a message starts the
	// service (or special intent) it routes to.
	RouteThreshold = 0.5
	// DigressionConfidence is the confidence from which a message in the
	// middle of a form counts as being about something else even without a
	// question mark (see turn.digression).
	DigressionConfidence = 0.75
)

// Scoring of the KeywordRouter.
const (
	runnerUpRatio = 0.8  // a second intent this close to the best is reported as RunnerUp
	runnerUpMin   = 0.5  // ... when its own score is at least this
	scoreHalf     = 0.6  // the score that gives confidence 0.5
	partialFactor = 0.7  // a keyword found inside a longer word counts this much
	minPartialLen = 5    // keywords shorter than this only match whole words
	phraseBonus   = 0.5  // each further word of a matched phrase adds this share
	maxConfidence = 0.99 // keywords are never certain
)

// KeywordRouter is a simple Router: it scores each service by the keywords,
// titles and example sentences of its definition, in both languages, with
// case and umlaut spelling folded, plus built-in words for asking for a
// person and for the status of an application, with the words of the
// catalog's intents.yaml.
type KeywordRouter struct {
	intents []intentWords
}

// intentWords are the keywords that point to one intent.
type intentWords struct {
	intent  string
	phrases []keyword // several words, longest first
	words   []keyword // one word
}

// keyword is one word or phrase, folded and split into words.
type keyword struct {
	tokens  []string
	weight  float64
	partial bool   // a one-word keyword may also match inside a longer word
	lang    string // "de" or "en" when the keyword is in one language only
}

// NewKeywordRouter builds a router over the services of cat.
func NewKeywordRouter(cat *catalog.Catalog) *KeywordRouter {
	r := &KeywordRouter{}
	staff := &intentWords{intent: IntentStaff}
	for _, w := range []string{"mitarbeiter", "mitarbeiterin", "mitarbeitende", "mitarbeitenden", "mensch",
		"menschen", "person", "sachbearbeiter", "sachbearbeiterin", "echte person"} {
		staff.add(w, 1, false, "de")
	}
	for _, w := range []string{"human", "agent", "staff", "someone", "real person", "talk to someone", "speak to someone"} {
		staff.add(w, 1, false, "en")
	}
	status := &intentWords{intent: IntentStatus}
	status.add("status", 1, false, "")
	for _, w := range []string{"bearbeitungsstand", "antragsstatus", "stand meines antrags",
		"stand meines antrages", "stand meiner antraege", "wie weit ist mein antrag"} {
		status.add(w, 1, false, "de")
	}
	for _, w := range []string{"application status", "where is my application", "status of my application"} {
		status.add(w, 1, false, "en")
	}
	// The catalog's intents.yaml adds words to the special intents.
	for _, in := range cat.Intents() {
		iw := map[string]*intentWords{IntentStaff: staff, IntentStatus: status}[in.ID]
		if iw == nil {
			continue
		}
		for _, k := range in.Keywords.De {
			iw.add(k, 1, false, "de")
		}
		for _, k := range in.Keywords.En {
			iw.add(k, 1, false, "en")
		}
	}
	// Special intents come first so that they win a tie.
	r.intents = append(r.intents, *staff, *status)
	for _, d := range cat.Services() {
		iw := &intentWords{intent: d.ID}
		iw.addService("de", d.Title.De, d.Keywords.De, d.Examples.De)
		iw.addService("en", d.Title.En, d.Keywords.En, d.Examples.En)
		r.intents = append(r.intents, *iw)
	}
	for i := range r.intents {
		slices.SortStableFunc(r.intents[i].phrases, func(a, b keyword) int { return len(b.tokens) - len(a.tokens) })
	}
	return r
}

// addService records a service's words in one language: keywords in full
// (and inside longer words), the title as a phrase and its words, and, a
// little, the words of the example sentences.
func (iw *intentWords) addService(lang, title string, keywords, examples []string) {
	for _, k := range keywords {
		iw.add(k, 1, true, lang)
	}
	iw.add(title, 1.2, false, lang)
	for _, w := range significant(title) {
		iw.add(w, 0.5, false, lang)
	}
	for _, ex := range examples {
		for _, w := range significant(ex) {
			iw.add(w, 0.25, false, lang)
		}
	}
}

// add records a keyword of language lang ("" for both); a repeated one
// keeps its highest weight and belongs to both languages when it was
// given in both.
func (iw *intentWords) add(text string, weight float64, partial bool, lang string) {
	toks := tokens(fold.Letters(text))
	if len(toks) == 0 {
		return
	}
	list := &iw.words
	if len(toks) > 1 {
		list = &iw.phrases
	}
	for i, k := range *list {
		if slices.Equal(k.tokens, toks) {
			(*list)[i].weight = max(k.weight, weight)
			(*list)[i].partial = k.partial || partial
			if k.lang != lang {
				(*list)[i].lang = ""
			}
			return
		}
	}
	*list = append(*list, keyword{tokens: toks, weight: weight, partial: partial, lang: lang})
}

// Route scores every intent and returns the best, with a runner-up when a
// second intent scores close to it.
func (r *KeywordRouter) Route(text string) Match {
	toks := tokens(fold.Letters(text))
	var m Match
	var votes langVotes
	best, second := 0.0, 0.0
	for _, iw := range r.intents {
		s, v := iw.score(toks)
		switch {
		case s > best:
			if m.Intent != "" {
				m.RunnerUp, second = m.Intent, best
			}
			m.Intent, best, votes = iw.intent, s, v
		case s > second:
			m.RunnerUp, second = iw.intent, s
		}
	}
	m.Language = detectLanguage(text, votes)
	if best == 0 {
		return Match{Language: m.Language}
	}
	if second < runnerUpMin || second < runnerUpRatio*best {
		m.RunnerUp = ""
	}
	m.Confidence = min(best/(best+scoreHalf), maxConfidence)
	return m
}

// langVotes count the matched keywords of each language.
type langVotes struct{ de, en int }

func (v *langVotes) add(lang string) {
	switch lang {
	case "de":
		v.de++
	case "en":
		v.en++
	}
}

// score adds up the keywords found in toks: phrases first, then each
// remaining word counts with the best keyword it matches. It also counts
// the languages of the keywords that matched.
func (iw *intentWords) score(toks []string) (float64, langVotes) {
	covered := make([]bool, len(toks))
	total := 0.0
	var votes langVotes
	for _, p := range iw.phrases {
		n := len(p.tokens)
		for i := 0; i+n <= len(toks); i++ {
			if slices.Contains(covered[i:i+n], true) || !phraseAt(toks[i:i+n], p.tokens) {
				continue
			}
			for j := i; j < i+n; j++ {
				covered[j] = true
			}
			total += p.weight * (1 + phraseBonus*float64(n-1))
			votes.add(p.lang)
			break
		}
	}
	for i, t := range toks {
		if covered[i] {
			continue
		}
		best, lang := 0.0, ""
		for _, k := range iw.words {
			if s := k.match(t); s > best {
				best, lang = s, k.lang
			}
		}
		total += best
		votes.add(lang)
	}
	return total, votes
}

// phraseAt reports whether the words toks are the phrase's words, allowing
// simple inflections.
func phraseAt(toks, phrase []string) bool {
	for i := range phrase {
		if toks[i] != phrase[i] && stem(toks[i]) != stem(phrase[i]) {
			return false
		}
	}
	return true
}

// match scores one word of the message against a one-word keyword.
func (k keyword) match(t string) float64 {
	w := k.tokens[0]
	switch {
	case t == w || stem(t) == stem(w):
		return k.weight
	case k.partial && len(w) >= minPartialLen && strings.Contains(t, w):
		return partialFactor * k.weight
	}
	return 0
}

// stem removes one common German or English ending from longer words, so
// "ablesungen" matches "ablesung" and "readings" matches "reading".
func stem(w string) string {
	if len(w) <= 4 {
		return w
	}
	for _, suf := range []string{"en", "es", "er", "e", "s", "n"} {
		if strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

// significant returns the words of text worth matching: not stop words,
// at least four letters.
func significant(text string) []string {
	var out []string
	for _, w := range tokens(fold.Letters(text)) {
		if len(w) >= 4 && !isStopWord(w) {
			out = append(out, w)
		}
	}
	return out
}

// isStopWord reports whether w (folded) carries no topic.
func isStopWord(w string) bool {
	switch w {
	case "moechte", "meinen", "meine", "meiner", "einen", "einem", "einer", "eine", "bitte", "haben",
		"habe", "wollen", "will", "kann", "koennen", "brauche", "mich", "mein", "ich", "oder", "und",
		"neuen", "neue", "want", "would", "like", "please", "need", "with", "your", "this", "that",
		"have", "from", "what", "where", "when":
		return true
	}
	return false
}

// detectLanguage guesses "en" or "de" from common words, umlauts and the
// languages of the keywords that matched; German wins ties.
func detectLanguage(text string, votes langVotes) string {
	lower := strings.ToLower(text)
	de, en := votes.de, votes.en
	if strings.ContainsAny(lower, "äöüß") {
		de += 2
	}
	for _, w := range tokens(lower) {
		switch w {
		case "ich", "du", "sie", "wir", "mein", "meine", "meinen", "meiner", "mich", "mir", "und", "oder",
			"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "ist", "sind", "bin",
			"habe", "haben", "nicht", "kein", "keine", "mit", "für", "auf", "zu", "zum", "zur", "von", "im",
			"bei", "möchte", "moechte", "kann", "können", "brauche", "bitte", "danke", "hallo", "guten",
			"tag", "wie", "wo", "wann", "warum", "welche", "gibt", "es", "auch", "noch", "deutsch", "servus",
			"moin", "melden", "beantragen", "ummelden", "anmelden":
			de++
		case "i", "my", "me", "you", "your", "we", "the", "a", "an", "and", "or", "is", "are", "am", "to",
			"of", "for", "with", "at", "from", "want", "need", "would", "like", "please", "hello", "hi",
			"thanks", "thank", "how", "what", "where", "when", "why", "which", "can", "could", "do", "does",
			"this", "that", "it", "have", "has", "not", "get", "new", "report", "apply", "english", "hey":
			en++
		}
	}
	if en > de {
		return "en"
	}
	return "de"
}
