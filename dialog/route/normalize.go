package route

import (
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"

	"amtsbote/internal/fold"
)

// tokens lower-cases text, spells its letters in ASCII the way Germans do
// without a German keyboard (ä → ae, ß → ss, accents dropped: fold.Words)
// and splits it into words of letters and digits.
//
// A hyphen between a Latin letter and a small one joins the word's parts,
// as Leichte Sprache splits verbs ("ab-melden", "um-gezogen"); before a
// capital it separates words ("Wasser-Zähler", "E-Mail"), as before.
func tokens(text string) []string {
	if strings.Contains(text, "-") {
		text = joinHyphens(text)
	}
	return strings.Fields(fold.Words(text, ""))
}

// joinHyphens drops each hyphen between a Latin letter and a small one.
func joinHyphens(text string) string {
	b := []byte(text)
	out := b[:0]
	for i, c := range b {
		if c == '-' && i > 0 && i+1 < len(b) && isLatin(b[i-1]) && b[i+1] >= 'a' && b[i+1] <= 'z' {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

func isLatin(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isNumber reports whether a token is only digits: counts, readings, years.
func isNumber(tok string) bool {
	for i := 0; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return false
		}
	}
	return true
}

// stemmer stems folded words. It holds the Snowball environment and so is
// used by one goroutine at a time: every Route call makes its own.
type stemmer struct {
	env *snowballstem.Env
	// other is set for a message in another language than German and
	// English (see Router.foreign): only then are the Turkish stems of
	// Latin words and the German words of other languages' texts looked
	// up, so they never change how German and English are routed.
	other bool
}

func newStemmer() stemmer { return stemmer{env: snowballstem.NewEnv("")} }

// german stems a folded word with the German Snowball algorithm. The
// umlaut spellings ae/oe/ue are turned back into umlauts first (as the
// "german2" variant does, but not "ue" after a vowel or q, so "bauen" and
// "neue" stay), and the stemmer drops umlauts at the end, so "Zählerstände",
// "zaehlerstaende" and "zahlerstande" share the stem "zahlerstand".
func (s stemmer) german(word string) string {
	s.env.SetCurrent(umlauts(word))
	german.Stem(s.env)
	return s.env.Current()
}

// english stems a folded word with the English (Porter2) Snowball algorithm.
func (s stemmer) english(word string) string {
	s.env.SetCurrent(word)
	english.Stem(s.env)
	return s.env.Current()
}

// umlauts turns the ASCII spellings ae, oe and ue of a folded word back
// into ä, ö and ü where they can stand for one.
func umlauts(w string) string {
	if !strings.Contains(w, "e") {
		return w
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i+1 < len(w) && w[i+1] == 'e' && isUmlaut(w, i) {
			if !changed {
				b.Grow(len(w) + 4)
				b.WriteString(w[:i])
				changed = true
			}
			b.WriteString(umlaut(c))
			i++
			continue
		}
		if changed {
			b.WriteByte(c)
		}
	}
	if !changed {
		return w
	}
	return b.String()
}

// isUmlaut reports whether w[i] followed by "e" spells an umlaut: a, o, or
// u unless after a vowel or q ("bauen", "neue", "Quelle").
func isUmlaut(w string, i int) bool {
	switch w[i] {
	case 'a', 'o':
		return true
	case 'u':
		return i == 0 || (w[i-1] != 'q' && !isVowel(w[i-1]))
	}
	return false
}

// umlaut is the umlaut of a, o or u.
func umlaut(c byte) string {
	switch c {
	case 'a':
		return "ä"
	case 'o':
		return "ö"
	}
	return "ü"
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// infinitives guesses the infinitives of a German verb form the stemmer
// does not bring back to its stem: "verlegt" → "verlegen", "abgemeldet" →
// "abmelden", "geheiratet" → "heiraten", "abgelesen" → "ablesen".
func infinitives(w string) []string {
	if len(w) < 5 {
		return nil
	}
	var out []string
	add := func(v string) {
		if strings.HasSuffix(v, "en") {
			out = append(out, v)
			return
		}
		base := strings.TrimSuffix(v, "t")
		if strings.HasSuffix(base, "e") && len(base) > 4 {
			out = append(out, base[:len(base)-1]+"en")
		}
		out = append(out, base+"en")
	}
	if w[len(w)-1] == 't' {
		add(w)
	}
	if !strings.HasSuffix(w, "t") && !strings.HasSuffix(w, "en") {
		return out
	}
	if rest, ok := strings.CutPrefix(w, "ge"); ok && len(rest) >= 4 {
		add(rest)
	}
	for _, p := range [...]string{"ab", "an", "auf", "aus", "ein", "um", "zu", "mit", "nach", "vor", "weg", "durch", "zurueck"} {
		if rest, ok := strings.CutPrefix(w, p+"ge"); ok && len(rest) >= 3 {
			add(p + rest)
		}
	}
	return out
}
