// Package services holds the service catalog: every service the portal
// offers, read from declarative definition files, and the Go handlers for the
// little logic a definition cannot express.
package services

// Text is a piece of text in the portal's two languages.
type Text struct {
	De string `yaml:"de"`
	En string `yaml:"en"`
}

// In returns the text in lang ("de" or "en"), falling back to German.
func (t Text) In(lang string) string {
	if lang == "en" && t.En != "" {
		return t.En
	}
	return t.De
}

// Words is a list of words or sentences in both languages.
type Words struct {
	De []string `yaml:"de"`
	En []string `yaml:"en"`
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
}

// OptionDef is one answer of a choice field.
type OptionDef struct {
	Value string `yaml:"value"`
	Label Text   `yaml:"label"`
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

// Category groups services on the menu and the front page.
type Category struct {
	ID    string `yaml:"id"`
	Title Text   `yaml:"title"`
}
