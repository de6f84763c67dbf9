// Package form parses and checks the answers a citizen gives to typed form
// fields, and formats the stored values back for display, in every
// language of package text: a Parser (New) reads its words (yes, no,
// skip, …, days and months) and its problems from the text catalog, so a
// city adds words as it rewords texts. Numbers and dates are read as each
// language writes them, Arabic-Indic and Persian digits included.
package form

import (
	"time"

	"amtsbote/text"
)

// Field types. These names also appear in every channel's messages.
const (
	Text     = "text"
	Number   = "number"
	Decimal  = "decimal"
	Date     = "date"
	Choice   = "choice"
	YesNo    = "yesno"
	Email    = "email"
	Phone    = "phone"
	Postcode = "postcode"
	IBAN     = "iban"
	Plate    = "plate"
	File     = "file"
)

// Rules are the checks a field asks for beyond its type.
type Rules struct {
	Min, Max       *float64       // number, decimal
	MinLen, MaxLen int            // text (in runes)
	Pattern        string         // text: regular expression the whole answer must match
	NotFuture      bool           // date
	NotPast        bool           // date
	MaxAgeDays     int            // date
	Choices        []ChoiceRule   // choice: the allowed answers
	MaxBytes       int            // file
	MediaTypes     []string       // file
	Location       *time.Location // date: the city's time zone for "today"; nil means UTC
	// Lang is the conversation's language, a tag of package text ("de",
	// "uk", "ar", "de-x-ls"; anything else means German). It decides the
	// words read first, and how number and decimal answers read '.' and ','
	// where either could group thousands (see parseDecimal).
	Lang string
}

// ChoiceRule is one allowed answer of a choice field: its value and the
// labels a citizen may type for it (any language).
type ChoiceRule struct {
	Value  string
	Labels []string
}

// Problem says what is wrong with an answer, so the engine can re-ask with
// a specific reason in the conversation's language. The problems of this
// package are texts of the catalog (form.problem.*); a caller's own problem
// (a service's handler) gives its German and English texts in De and En.
type Problem struct {
	De, En string

	key   string        // the catalog key, "" for a problem of De and En
	args  []any         // the placeholders: name, value pairs; a value may be an arg
	texts *text.Catalog // set by Parser before the problem leaves the package
}

// arg is a placeholder value that depends on the language: a number
// with the language's separators, a date, a text of the catalog.
type arg func(l text.Lang, c *text.Catalog) string

// problem is the problem of the catalog text key with its placeholders.
func problem(key string, args ...any) *Problem { return &Problem{key: key, args: args} }

// Error returns the English text.
func (p *Problem) Error() string { return p.In("en") }

// In returns the text in lang, a tag of package text: German for an
// unknown one. A problem of De and En gives En to every language but
// German and Leichte Sprache (as the catalog falls back to English).
func (p *Problem) In(lang string) string {
	l := langOf(lang)
	if p.key == "" || p.texts == nil {
		if l == text.De || l == text.DeLS {
			return p.De
		}
		return p.En
	}
	args := make([]any, len(p.args))
	for i, a := range p.args {
		if f, ok := a.(arg); ok {
			a = f(l, p.texts)
		}
		args[i] = a
	}
	return p.texts.Text(l, p.key, args...)
}

// Key is the catalog key of the problem's text, "" for one of De and En.
func (p *Problem) Key() string { return p.key }

// langOf is the language of tag, German when it names none.
func langOf(tag string) text.Lang {
	switch tag {
	case "", "de":
		return text.De
	case "en":
		return text.En
	}
	if l, err := text.Parse(tag); err == nil {
		return l
	}
	return text.De
}

// Known reports whether typ is one of the field types above.
func Known(typ string) bool {
	switch typ {
	case Text, Number, Decimal, Date, Choice, YesNo, Email, Phone, Postcode, IBAN, Plate, File:
		return true
	}
	return false
}
