// Package lang tells which language to speak to a client from the language
// tags it sends (a browser's Accept-Language, a Telegram user's
// language_code). It stands at the bottom of the import graph, so every
// channel can use it without importing the engine or the catalog.
package lang

import "strings"

// FromTags is "de" or "en", the language to speak to a client that
// names its languages by tags: a single tag ("en-GB", a Telegram user's
// language_code) or an Accept-Language list ("fr-CH, fr;q=0.9, en;q=0.8").
// The first tag of German or English wins (tags with q=0 are refused
// ones); a client that names only other languages gets English, which it
// more likely reads than German; one that names none gets German.
//
// It is the one language detector of the channels; the engine decides a
// conversation's language from its first message, by the router's votes
// (dialog/route's Match.Language), and a request like "English please".
func FromTags(tags string) string {
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
