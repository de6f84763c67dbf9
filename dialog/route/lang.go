package route

import "strings"

// langVotes weigh the evidence for German and English in a message.
type langVotes struct{ de, en float64 }

// add counts a word found in texts of the languages l (both: no vote).
func (v *langVotes) add(l uint8, weight float64) {
	switch l {
	case langDe:
		v.de += weight
	case langEn:
		v.en += weight
	}
}

// guess counts half a vote for a word nobody knows, by its spelling.
func (v *langVotes) guess(tok string) {
	switch {
	case strings.HasSuffix(tok, "ung"), strings.HasSuffix(tok, "keit"), strings.HasSuffix(tok, "heit"),
		strings.Contains(tok, "sch"), strings.Contains(tok, "ae"), strings.Contains(tok, "oe"),
		strings.Contains(tok, "ue") && !strings.HasSuffix(tok, "ue"), strings.HasPrefix(tok, "ge") && strings.HasSuffix(tok, "t"):
		v.de += 0.5
	case strings.HasSuffix(tok, "ing"), strings.HasSuffix(tok, "tion"), strings.HasPrefix(tok, "th"),
		strings.HasSuffix(tok, "ly"):
		v.en += 0.5
	}
}

// language is "de" or "en" for text: umlauts and ß count for German,
// German wins a tie.
func (v langVotes) language(text string) string {
	de := v.de
	if strings.ContainsAny(text, "äöüÄÖÜß") {
		de++
	}
	if v.en > de {
		return "en"
	}
	return "de"
}

// Language is the conversation's language after the message text, in a
// conversation in current.
func (r *Router) Language(current, text string) string { return r.Route(text).Language }
