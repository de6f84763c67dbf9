// Package say gives the service handlers (appointments, business,
// parking) their texts: every sentence they show comes from the text
// catalog (keys appointments.*, business.*, parking.*, date.*), in the
// conversation's language.
package say

import (
	"time"

	"amtsbote/catalog"
	"amtsbote/form"
	"amtsbote/text"
)

// Texts is what the handlers need of the text catalog (*text.Catalog).
type Texts interface {
	// Text is key's text in l with its placeholders filled from args.
	Text(l text.Lang, key string, args ...any) string
	// Time is t written by the layout key holds in l.
	Time(l text.Lang, key string, t time.Time) string
}

// Or returns t, or the built-in catalog when t is nil (or a nil
// *text.Catalog).
func Or(t Texts) Texts {
	if c, ok := t.(*text.Catalog); t == nil || ok && c == nil {
		return text.MustBuiltin()
	}
	return t
}

// Lang is the catalog language of a conversation's language ("de", "en",
// "tr", "de-x-ls"); German when it names none the catalog speaks.
func Lang(lang string) text.Lang {
	if l, err := text.Parse(lang); err == nil && lang != "" {
		return l
	}
	return text.De
}

// Pair is a text for the dialog engine, which still carries a German and
// an English text side by side (catalog.Text) and shows the one of the
// conversation's language, German for any other: both renderings when the
// conversation speaks German or English (so a switch between them keeps
// working), else the conversation's language in both places.
func Pair(lang string, render func(text.Lang) string) catalog.Text {
	if l := Lang(lang); l != text.De && l != text.En {
		s := render(l)
		return catalog.Text{De: s, En: s}
	}
	return catalog.Text{De: render(text.De), En: render(text.En)}
}

// Problem is Pair as a refusal of an answer.
func Problem(lang string, render func(text.Lang) string) *form.Problem {
	t := Pair(lang, render)
	return &form.Problem{De: t.De, En: t.En}
}

// Key is Pair of a catalog text without placeholders.
func Key(t Texts, lang, key string) catalog.Text {
	return Pair(lang, func(l text.Lang) string { return t.Text(l, key) })
}

// In is a text of the service data (an office file's list of what to
// bring, a service's title) in lang. Such data has German and English
// only: a language they lack falls back as the text catalog's do, plain
// German to German, every other language to English.
func In(t catalog.Text, lang string) string {
	s := t.In(lang)
	switch Lang(lang) {
	case text.De, text.DeLS, text.En:
		return s
	}
	if s == t.De && t.En != "" {
		return t.En
	}
	return s
}
