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

// TagLanguage is "de" or "en", the language to speak to a client that
// names its languages by tags: a single tag ("en-GB", a Telegram user's
// language_code) or an Accept-Language list ("fr-CH, fr;q=0.9, en;q=0.8").
// The first tag of German or English wins (tags with q=0 are refused
// ones); a client that names only other languages gets English, which it
// more likely reads than German; one that names none gets German.
//
// It is the one language detector of the channels; the engine decides a
// conversation's language from its first message, by the router's votes
// (Match.Language), and a request like "English please".
func TagLanguage(tags string) string {
	other := false
	for _, part := range strings.Split(tags, ",") {
		tag, params, _ := strings.Cut(part, ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		if tag == "" || tag == "*" || refused(params) {
			continue
		}
		primary, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
		switch primary {
		case "de", "en":
			return primary
		}
		other = true
	}
	if other {
		return "en"
	}
	return "de"
}

// refused reports whether the parameters of an Accept-Language entry give
// it the quality 0 ("q=0", "q=0.000").
func refused(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			v = strings.TrimRight(strings.TrimSpace(v), "0")
			return v == "" || v == "0." || v == "0"
		}
	}
	return false
}
