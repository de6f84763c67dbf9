package route

import (
	"slices"
	"strings"
)

// Language is the conversation's language after the message text in a
// conversation in current ("" when none was decided yet): the language
// the message asks for ("Türkçe lütfen", "auf Russisch bitte",
// "українською", "Leichte Sprache"), else the language it is written in
// when that is clear, else current. German words of German things inside
// another language do not switch it (the script and the other words
// outweigh them), naming a language without asking for it ("mein Mann
// spricht nur Türkisch") does not either, and plain German keeps a
// conversation in Leichte Sprache: only asking leaves it.
func (r *Router) Language(current, text string) string {
	toks := tokens(text)
	if l := requested(toks); l != "" {
		return l
	}
	var votes langVotes
	for _, tok := range toks {
		votes.word(tok)
		if l := r.stopLang(tok); l != 0 {
			votes.add(l, 1)
			continue
		}
		if len(tok) < 2 || isNumber(tok) {
			continue
		}
		if l := r.wordLang(tok); l != 0 {
			votes.add(l, 1)
		} else {
			votes.guess(tok)
		}
	}
	l := votes.detect(text)
	switch {
	case l == "":
		if current == "" {
			return "de"
		}
		return current
	case l == "de" && current == "de-x-ls":
		return current
	}
	return l
}

// wordLang is the languages of the catalog texts a folded word is in, 0
// for a word the router does not know.
func (r *Router) wordLang(tok string) uint8 {
	ids, ok := r.v.foreign[tok]
	if !ok {
		ids = r.v.lookup(stemmer{env: newStemmer().env, other: true}, tok, nil)
	}
	var l uint8
	for _, id := range ids {
		l |= r.v.lang[id]
	}
	return l
}

// requested is the language a message asks for, "" when it asks for none.
// A name counts when the message is short, when a word of asking stands
// anywhere in it ("bitte", "lütfen", "можно", "ممكن", "sprechen Sie") or a
// preposition right before it ("auf", "in", "на", "по", Arabic بـ);
// not when it is negated ("kein Deutsch", "не розумію німецьку", "ما
// بحكي"), said of someone ("spricht nur Türkisch") or one's skill ("my
// German"). The last name asked for wins.
func requested(toks []string) string {
	want := ""
	cue := len(toks) <= 3 || slices.ContainsFunc(toks, func(t string) bool { return langCues[t] || langCues[trFold(t)] })
	for i, tok := range toks {
		name, prep := nameOf(tok)
		at := i
		if ls := easy(toks, i); ls > 0 {
			name, at = "de-x-ls", i-ls+1 // a negation stands before the phrase
		}
		if name == "" {
			continue
		}
		if i > 0 && langPreps[toks[i-1]] {
			prep = true
		}
		if negated(toks, at) || described(toks, at) {
			continue
		}
		if cue || prep || name == "de-x-ls" {
			want = name
		}
	}
	return want
}

// easy is the length of a phrase asking for Leichte Sprache that ends at
// toks[i] ("leichte Sprache", "bitte einfacher", "einfach schreiben",
// "kurze Sätze"), 0 when there is none.
func easy(toks []string, i int) int {
	if i == 0 {
		return 0
	}
	prev, tok := toks[i-1], toks[i]
	switch {
	case tok == "sprache" && easyWords[prev],
		easyNouns[tok] && (easyWords[prev] || prev == "kurze" || prev == "kurzen"),
		(tok == "schreiben" || tok == "schreibe" || tok == "erklaeren") && (easyWords[prev] || prev == "einfach"),
		prev == "bitte" && (tok == "einfacher" || tok == "leichter"):
		return 2
	}
	return 0
}

// nameOf is the language a folded word names, and whether it carries its
// preposition (Arabic بالعربي); "sprache" after a word of easy names
// Leichte Sprache.
func nameOf(tok string) (string, bool) {
	if l, ok := langNames[trFold(tok)]; ok {
		return l, false
	}
	if rest, ok := strings.CutPrefix(tok, "ب"); ok {
		if l, ok := langNames[rest]; ok {
			return l, true
		}
	}
	return "", false
}

// negated reports whether a negation stands up to three words before the
// name at i with no "bitte" or "please" between (which begins a request of
// its own: "das verstehe ich nicht, bitte …"), or a Turkish negative verb
// right after it ("Almanca bilmiyorum").
func negated(toks []string, i int) bool {
	for j := i - 1; j >= max(0, i-3); j-- {
		if langNegations[toks[j]] {
			return true
		}
		if toks[j] == "bitte" || toks[j] == "please" {
			break
		}
	}
	if i+1 < len(toks) {
		next := trFold(toks[i+1])
		for _, s := range []string{"miyor", "muyor", "amiyor", "emiyor", "mez", "maz", "medim", "madim"} {
			if strings.Contains(next, s) {
				return true
			}
		}
	}
	return false
}

// described reports whether the name at i says what someone speaks or how
// well ("spricht nur Türkisch", "only speaks Arabic", "my German").
func described(toks []string, i int) bool {
	for j := max(0, i-2); j < i; j++ {
		if langDescribers[toks[j]] {
			return true
		}
	}
	return false
}
