// Package catalog holds the service catalog: every service the portal
// offers, read from declarative definition files. The Go handlers for the
// little logic a definition cannot express live in package services.
package catalog

import "amtsbote/form"

// Text is a piece of text in the portal's languages (package text's
// tags); only German is required. Existing files write {de: …, en: …}.
type Text struct {
	De string `yaml:"de"`
	En string `yaml:"en"`
	Uk string `yaml:"uk,omitempty"`
	Tr string `yaml:"tr,omitempty"`
	Ar string `yaml:"ar,omitempty"`
	Ru string `yaml:"ru,omitempty"`
	LS string `yaml:"de-x-ls,omitempty"` // Leichte Sprache
}

// In returns the text in lang, or where it has none the text a citizen
// reading lang understands best: Leichte Sprache falls back to German,
// English to German, Ukrainian, Turkish, Arabic and Russian to English
// and then German (as text.Lang.Fallback). An unknown lang reads German.
func (t Text) In(lang string) string {
	for _, l := range fallbacks(lang) {
		if s := t.Only(l); s != "" {
			return s
		}
	}
	return t.De
}

// Only returns the text in exactly lang, "" when it has none.
func (t Text) Only(lang string) string {
	switch lang {
	case "de":
		return t.De
	case "en":
		return t.En
	case "uk":
		return t.Uk
	case "tr":
		return t.Tr
	case "ar":
		return t.Ar
	case "ru":
		return t.Ru
	case "de-x-ls":
		return t.LS
	}
	return ""
}

// fallbacks is lang and the languages standing in for it, in order.
func fallbacks(lang string) []string {
	switch lang {
	case "de-x-ls":
		return []string{"de-x-ls", "de"}
	case "uk", "tr", "ar", "ru":
		return []string{lang, "en", "de"}
	case "en":
		return []string{"en", "de"}
	}
	return []string{"de"}
}

// Words is a list of words or sentences in each of the portal's languages.
type Words struct {
	De []string `yaml:"de"`
	En []string `yaml:"en"`
	Uk []string `yaml:"uk,omitempty"`
	Tr []string `yaml:"tr,omitempty"`
	Ar []string `yaml:"ar,omitempty"`
	Ru []string `yaml:"ru,omitempty"`
	LS []string `yaml:"de-x-ls,omitempty"` // Leichte Sprache
}

// Only returns the words in exactly lang (no fallback: routing data of one
// language is no routing data of another).
func (w Words) Only(lang string) []string {
	switch lang {
	case "de":
		return w.De
	case "en":
		return w.En
	case "uk":
		return w.Uk
	case "tr":
		return w.Tr
	case "ar":
		return w.Ar
	case "ru":
		return w.Ru
	case "de-x-ls":
		return w.LS
	}
	return nil
}

// Modes of a service.
const (
	ModeOnline   = "online"    // completed in the conversation
	ModeInPerson = "in-person" // needs a visit: guidance and an appointment
)

// Definition is one service of the catalog, as written in its definition file.
type Definition struct {
	ID          string     `yaml:"id"`
	Category    string     `yaml:"category"`
	LeiKa       string     `yaml:"leika,omitempty"` // Leistungsschlüssel, where one exists
	Title       Text       `yaml:"title"`
	Description Text       `yaml:"description"`
	Keywords    Words      `yaml:"keywords"`
	Examples    Words      `yaml:"examples"`
	Fee         Text       `yaml:"fee"`
	Documents   []Text     `yaml:"documents,omitempty"`
	Department  string     `yaml:"department"`
	Mode        string     `yaml:"mode"`
	Fields      []FieldDef `yaml:"fields,omitempty"`
	Done        Text       `yaml:"done,omitempty"` // said after submission; {ref} is the case reference

	// Rank orders the catalog (menu and ties of "frequently used"): lower
	// first, then by file name; 0 means DefaultRank. An override without a
	// rank keeps the rank of the service it replaces.
	Rank int `yaml:"rank,omitempty"`
	// Intro is said when the service starts, after its description: a
	// privacy note for sensitive services, for example.
	Intro Text `yaml:"intro,omitempty"`
	// OfferStaff offers a person right from the start (sensitive services).
	OfferStaff bool `yaml:"offer_staff,omitempty"`
	// Charge computes the fee from the answers; the engine adds it to the
	// summary and to the case as the answer "fee" (see Charge).
	Charge *Charge `yaml:"charge,omitempty"`

	// File is where the definition was read from, for error messages.
	File string `yaml:"-"`
}

// FieldDef is one question of a service's form.
type FieldDef struct {
	Name     string      `yaml:"name"`
	Type     string      `yaml:"type"`
	Label    Text        `yaml:"label"`  // short name, used in the summary and for corrections
	Prompt   Text        `yaml:"prompt"` // the question
	Hint     Text        `yaml:"hint,omitempty"`
	Optional bool        `yaml:"optional,omitempty"`
	Options  []OptionDef `yaml:"options,omitempty"` // for choice fields
	When     *Condition  `yaml:"when,omitempty"`    // asked only when this holds

	Min        *float64 `yaml:"min,omitempty"`          // number and decimal
	Max        *float64 `yaml:"max,omitempty"`          // number and decimal
	MinLen     int      `yaml:"min_length,omitempty"`   // text
	MaxLen     int      `yaml:"max_length,omitempty"`   // text
	Pattern    string   `yaml:"pattern,omitempty"`      // text: a regular expression the whole answer must match
	NotFuture  bool     `yaml:"not_future,omitempty"`   // date
	NotPast    bool     `yaml:"not_past,omitempty"`     // date
	MaxAgeDays int      `yaml:"max_age_days,omitempty"` // date: not older than this many days
	Unit       string   `yaml:"unit,omitempty"`         // shown after numbers, e.g. "m³"
	MaxBytes   int      `yaml:"max_bytes,omitempty"`    // file
	MediaTypes []string `yaml:"media_types,omitempty"`  // file: accepted media types
	Expect     *Expect  `yaml:"expect,omitempty"`       // the only acceptable answer, e.g. a consent
}

// Expect makes one answer the only acceptable one, as for a consent or a
// mandate: any other valid answer is re-asked with Problem.
type Expect struct {
	Value   string `yaml:"value"`
	Problem Text   `yaml:"problem"`
}

// OptionDef is one answer of a choice field.
type OptionDef struct {
	Value string `yaml:"value"`
	Label Text   `yaml:"label"`
	Note  Text   `yaml:"note,omitempty"` // said when this option is chosen
}

// Condition makes a field depend on an earlier answer: the field is asked
// only when the answer to Field is one of Equals (or, with NotEquals, none).
type Condition struct {
	Field     string   `yaml:"field"`
	Equals    []string `yaml:"equals,omitempty"`
	NotEquals []string `yaml:"not_equals,omitempty"`
}

// Holds reports whether the condition is met by the answers so far.
func (c *Condition) Holds(answers map[string]string) bool {
	if c == nil {
		return true
	}
	v, ok := answers[c.Field]
	if !ok {
		return false
	}
	if len(c.Equals) > 0 {
		return contains(c.Equals, v)
	}
	return !contains(c.NotEquals, v)
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// Charge is a fee computed from the answers:
//
//	Base + Each × max(0, n − Free)
//
// where n is the number answered to Field (a number or a choice whose
// values are numbers); without Field the fee is Base. Amounts are in euros.
// Example: a certificate at 12 € and 6 € for each further copy is
// {base: 12, field: copies, each: 6, free: 1}.
type Charge struct {
	Base  float64 `yaml:"base,omitempty"`
	Field string  `yaml:"field,omitempty"`
	Each  float64 `yaml:"each,omitempty"`
	Free  int     `yaml:"free,omitempty"`
}

// Department is an office of the city that handles services.
type Department struct {
	ID         string `yaml:"id"`
	Name       Text   `yaml:"name"`
	Address    string `yaml:"address,omitempty"`
	Phone      string `yaml:"phone,omitempty"`
	Email      string `yaml:"email,omitempty"`
	Hours      Text   `yaml:"hours,omitempty"`
	BookingURL string `yaml:"booking_url,omitempty"` // online appointment booking, if the city has one
}

// Intent is routing data for a special intent that is no service (asking
// for a person, asking about a case), read from intents.yaml.
type Intent struct {
	ID       string `yaml:"id"`
	Keywords Words  `yaml:"keywords"`
	Examples Words  `yaml:"examples"`
}

// Category groups services on the menu and the front page.
type Category struct {
	ID    string `yaml:"id"`
	Title Text   `yaml:"title"`
}

// Rules turns a field's definition into the checks of package form.
func (f FieldDef) Rules() form.Rules {
	r := form.Rules{
		Min: f.Min, Max: f.Max, MinLen: f.MinLen, MaxLen: f.MaxLen, Pattern: f.Pattern,
		NotFuture: f.NotFuture, NotPast: f.NotPast, MaxAgeDays: f.MaxAgeDays,
		MaxBytes: f.MaxBytes, MediaTypes: f.MediaTypes,
	}
	for _, o := range f.Options {
		r.Choices = append(r.Choices, form.ChoiceRule{Value: o.Value, Labels: []string{o.Label.De, o.Label.En}})
	}
	return r
}
