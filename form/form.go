// Package form parses and checks the answers a citizen gives to typed form
// fields, and formats the stored values back for display.
package form

import (
	"time"
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
	// Lang is the conversation's language, "de" or "en" (anything else
	// means German). It decides how number and decimal answers read '.'
	// and ',' where either could group thousands (see parseDecimal).
	Lang string
}

// ChoiceRule is one allowed answer of a choice field: its value and the
// labels a citizen may type for it (any language).
type ChoiceRule struct {
	Value  string
	Labels []string
}

// Problem says what is wrong with an answer, in German and English, so the
// engine can re-ask with a specific reason.
type Problem struct {
	De, En string
}

// Error returns the English text.
func (p *Problem) Error() string { return p.En }

// In returns the text in lang ("de" or "en").
func (p *Problem) In(lang string) string {
	if lang == "en" {
		return p.En
	}
	return p.De
}

// Known reports whether typ is one of the field types above.
func Known(typ string) bool {
	switch typ {
	case Text, Number, Decimal, Date, Choice, YesNo, Email, Phone, Postcode, IBAN, Plate, File:
		return true
	}
	return false
}
