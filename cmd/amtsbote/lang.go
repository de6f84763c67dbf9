package main

import (
	"context"
	"strings"

	"amtsbote/text"
)

// The operator's language: the CLI's results, refusals, command list and
// help come from the text catalog (cli.*). Logs (log/slog) stay English
// on purpose: stable for grep and alerts.

// langKey is the context key of the operator's say.
type langKey struct{}

// say writes the operator's texts in their language.
type say struct {
	cat  *text.Catalog
	lang text.Lang
}

// T is key's text with its placeholders filled from name, value pairs.
func (s say) T(key string, args ...any) string { return s.cat.Text(s.lang, key, args...) }

// operatorLang is the language the environment names (getenv as
// os.Getenv): "de_DE.UTF-8" is German; "C", "POSIX", an unknown language
// or none at all is English.
func operatorLang(getenv func(string) string) text.Lang {
	// Amtsbote's own variable first, then POSIX's order; the first set decides.
	for _, name := range []string{"AMTSBOTE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		v, _, _ = strings.Cut(v, ".") // de_DE.UTF-8
		v, _, _ = strings.Cut(v, "@") // de_DE@euro
		l, err := text.Parse(v)
		if err != nil {
			return text.En // C, POSIX and languages the catalog lacks
		}
		return l
	}
	return text.En
}

// withLang returns ctx carrying the operator's language as getenv names it.
func withLang(ctx context.Context, getenv func(string) string) context.Context {
	return context.WithValue(ctx, langKey{}, say{cat: text.MustBuiltin(), lang: operatorLang(getenv)})
}

// sayer is the operator's say from ctx; without one (tests, by default)
// it is English.
func sayer(ctx context.Context) say {
	if s, ok := ctx.Value(langKey{}).(say); ok {
		return s
	}
	return say{cat: text.MustBuiltin(), lang: text.En}
}

// langList names the catalog's languages for refusals: "de, en, …".
func langList() string {
	var tags []string
	for _, l := range text.All() {
		tags = append(tags, string(l))
	}
	return strings.Join(tags, ", ")
}
