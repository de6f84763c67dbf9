// Package answers is the city's knowledge base: short answers to the
// questions that are no application ("when is the citizens' office open",
// "how do I get rid of bulky waste"). An answer is read from definition
// files beside the services (defs/*.yaml, embedded, plus a directory that
// adds or overrides), validated against the catalog's services and
// departments and the offices file, rendered in a language with the hours
// and address of its office filled in at render time, edited by the city
// as drafts that are published (Record, History), and exchanged with a
// content team as CSV (WriteCSV, ReadCSV).
//
// The package imports neither the catalog nor the offices: what it checks
// against comes in as plain sets (Known), what it renders from through the
// small interface Offices.
package answers

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"amtsbote/text"
)

// SourceLang is the language every answer has: the city's own. A text
// missing in the asked language is shown in it.
const SourceLang = "de"

// Text is a piece of text per language code ("de", "en", "tr").
type Text map[string]string

// In returns the text in lang and lang itself, or, when the text has no
// lang, the text in SourceLang and "de".
func (t Text) In(lang string) (string, string) {
	if s := t[lang]; s != "" {
		return s, lang
	}
	return t[SourceLang], SourceLang
}

// Langs returns the languages of t, sorted.
func (t Text) Langs() []string {
	out := make([]string, 0, len(t))
	for l, s := range t {
		if s != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// Words is a list of words or sentences per language code.
type Words map[string][]string

// Links are where an answer sends the citizen next. Office is read from
// the offices file when the answer is rendered, never copied.
type Links struct {
	Page    string `yaml:"page,omitempty"`    // the city's page on the matter (http or https)
	Form    string `yaml:"form,omitempty"`    // a form to fill in or download (http or https)
	Service string `yaml:"service,omitempty"` // a service of the catalog the bot offers to start
	Office  string `yaml:"office,omitempty"`  // an office whose hours and address are shown
}

// Date is a calendar day, written "2027-06-30".
type Date struct{ time.Time }

// ParseDate reads a day written "2027-06-30". Its error is an *Error
// without a frame: the value is no date.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, failAt("", 0, "answers.problem.date", "value", quote(s))
	}
	return Date{t}, nil
}

// ParseReview reads an answer's review date, written "2027-06-30". Its
// error is an *Error without a frame: the date is missing, or no date.
func ParseReview(s string) (Date, error) {
	if s == "" {
		return Date{}, failAt("", 0, "answers.problem.no_review")
	}
	d, err := ParseDate(s)
	if err != nil {
		return Date{}, failAt("", 0, "answers.problem.review", "value", quote(s))
	}
	return d, nil
}

// String writes the day as "2027-06-30", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// UnmarshalYAML reads a day written "2027-06-30".
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	p, err := ParseDate(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = p
	return nil
}

// MarshalYAML writes the day as "2027-06-30".
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// Answer is one entry of the knowledge base.
type Answer struct {
	ID         string `yaml:"id"`
	Title      Text   `yaml:"title"`
	Questions  Words  `yaml:"questions"`       // how citizens ask, for routing and search
	Keywords   Words  `yaml:"keywords"`        // words that point here
	Text       Text   `yaml:"text"`            // the answer: short; may hold {hours} and {address} of Links.Office
	First      Text   `yaml:"first,omitempty"` // the one thing to do first
	Links      Links  `yaml:"links,omitempty"`
	Department string `yaml:"department"` // who is responsible for the text
	Review     Date   `yaml:"review"`     // when the department checks it again

	File string `yaml:"-" json:"-"` // where it was read from, for errors
	Line int    `yaml:"-" json:"-"`
}

// Langs returns the languages the answer is written in (those of Text).
func (a *Answer) Langs() []string { return a.Text.Langs() }

// Overdue reports whether the answer's review date has passed on day now.
func (a *Answer) Overdue(now time.Time) bool {
	y, m, d := now.Date()
	return a.Review.Before(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// where names the answer's file and line for errors.
func (a *Answer) where() string {
	if a.File == "" {
		return "answer " + a.ID
	}
	return fmt.Sprintf("%s:%d", a.File, a.Line)
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// knownLang reports whether l is a language Amtsbote speaks, written as
// the text package writes it ("de", "uk", "de-x-ls").
func knownLang(l string) bool {
	for _, k := range text.All() {
		if string(k) == l {
			return true
		}
	}
	return false
}

// knownLangs lists the languages an answer may be written in, for errors.
func knownLangs() string {
	var out []string
	for _, k := range text.All() {
		out = append(out, string(k))
	}
	return strings.Join(out, ", ")
}
